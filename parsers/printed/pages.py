"""A page's paragraphs and tables (from a PDF's text layer or from OCR) to Blocks.

The same reading as a Word file: paragraphs go through parsers.comments.segment, tables
through parsers.comments.tables; each Block also keeps its page, where on the page it
was, and (for OCR) how sure the reader was of its words.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from parsers.printed.layout import (
    Box, Grid, Line, Paragraph, TableCells, cells_of, column_grid, columns_of, fit_cuts, header_cuts, join_texts, lines_of,
    paragraphs_of,
)
from parsers.placing.clauses import squash
from parsers.records import Block
from parsers.comments.segment import ENUM_RE, text_blocks
from parsers.comments.tables import PROPOSAL_WORDS, REASON_WORDS, REF_WORDS, find_header, row_tail, table_blocks

HEADER_WORDS = PROPOSAL_WORDS + REF_WORDS + ("序号", "理由", "原文", "说明")
_PARAGRAPH_NO = re.compile(r"第(\d+)段$")
_ROW_NO = re.compile(r"第(\d+)行$")


@dataclass(frozen=True)
class PageContent:
    """What one page holds, in reading order: paragraphs above, the tables, paragraphs below."""

    number: int
    above: tuple[Paragraph, ...]
    tables: tuple[TableCells, ...]
    below: tuple[Paragraph, ...] = ()
    ocr: bool = False
    view: str = ""  # how the picture was turned to read it (see Block.view)
    notes: tuple[tuple[str, str], ...] = ()  # a PDF's sticky notes and marked-up words: (the note, the words it sits by)

    @property
    def text(self) -> str:
        rows = [" | ".join(cells) for table in self.tables for cells in table.cells]
        return "\n".join([p.text for p in self.above] + rows + [p.text for p in self.below] + [n for n, _ in self.notes])


def content_of_boxes(boxes: list[Box], grids: tuple[Grid, ...], number: int, *, ocr: bool, view: str = "") -> PageContent:
    """Boxes and the page's ruled grids (if any) to paragraphs and table cells. A table
    with no rules is still found by its header line (序号 条款 修改意见 …)."""
    grids = tuple(found for g in grids if (found := _with_columns(g, boxes)) is not None)
    lines = lines_of([b for b in boxes if not any(g.contains(b) for g in grids)])
    if not grids:
        grid = column_grid(lines, HEADER_WORDS)
        if grid is not None:
            grids = (grid,)
            lines = lines_of([b for b in boxes if not grid.contains(b)])
        elif len(columns := columns_of(boxes)) > 1:  # no table, two columns: each read down in turn
            paragraphs = tuple(p for column in columns for p in paragraphs_of(lines_of(column)))
            return PageContent(number, paragraphs, (), ocr=ocr, view=view)
    tables = tuple(cells_of(g, [b for b in boxes if g.contains(b)]) for g in grids)
    tables = tuple(_dashes_among_numbers(t) for t in tables) if ocr else tables
    top = min((g.rows[0] for g in grids), default=float("inf"))
    return dataclasses.replace(content_of_lines(lines, list(tables), top, number), ocr=ocr, view=view)


_DIGITS = re.compile(r"[0-9０-９]{1,3}")
_BAR = re.compile(r"[一—–－-]")


def _dashes_among_numbers(table: TableCells) -> TableCells:
    """A lone bar in a column of arabic numbers (条目: 2 | 4 | 一) is a dash, "none": a scan
    cannot tell 一 from — by its ink, the column can."""
    cells = [list(row) for row in table.cells]
    for col in range(max((len(row) for row in cells), default=0)):
        column = [row[col] for row in cells[1:] if col < len(row) and row[col].strip()]
        bars = [c for c in column if _BAR.fullmatch(c.strip())]
        if bars and len(column) - len(bars) >= 2 and all(_DIGITS.fullmatch(c.strip()) for c in column if c not in bars):
            for row in cells:
                if col < len(row) and _BAR.fullmatch(row[col].strip()):
                    row[col] = "—"
    return dataclasses.replace(table, cells=tuple(tuple(row) for row in cells))


def _with_columns(grid: Grid, boxes: list[Box]) -> Grid | None:
    """A grid ruled only across (one column) gets its columns from the header line inside it;
    without one it is no comment table (a letter's underlines, a form's lines)."""
    grid = _without_stroke_columns(grid, boxes)
    if len(grid.columns) > 2:
        return _numbered_rows(grid, boxes)
    inside = lines_of([b for b in boxes if grid.contains(b)])
    for index, line in enumerate(inside[:3]):
        cuts = header_cuts(line, HEADER_WORDS)
        if cuts is not None:
            cuts = fit_cuts(cuts, [b for ln in inside[index + 1 :] for b in ln.boxes])
            return _numbered_rows(Grid(grid.rows, (min(grid.columns[0], cuts[0]), *cuts[1:-1], max(grid.columns[-1], cuts[-2] + 1))), boxes)
    return None


def _without_stroke_columns(grid: Grid, boxes: list[Box]) -> Grid:
    """A gappy column edge that runs through the words of two rows or more is no rule: the
    upright strokes of characters lined up row under row (建 over 建 over 建 in a screenshot of
    a sheet). A chat's bubble edges are gappy too, but cut no words."""
    def cuts(x: float) -> int:
        return sum(1 for b in boxes if grid.contains(b) and b.x0 + 4 < x < b.x1 - 4)

    false = {x for x in grid.gappy if grid.columns[0] < x < grid.columns[-1] and cuts(x) >= 2}
    if not false:
        return grid
    return dataclasses.replace(grid, columns=tuple(x for x in grid.columns if x not in false),
                               gappy=tuple(x for x in grid.gappy if x not in false))


_ROW_NUMBER = re.compile(r"^\s*[0-9]{1,3}\s*(?:[.、]?\s*$|(?=第))")  # "3", or "3第15条" (the OCR ran 序号 into 条款)


def _numbered_rows(grid: Grid, boxes: list[Box]) -> Grid:
    """A 三线表 rules only its top, the header's foot and its bottom: its rows share one space
    between rules. Each 序号 (a bare number in the first column) below the first in such a
    space starts a row of its own."""
    edges = list(grid.rows)
    for top, bottom in zip(grid.rows, grid.rows[1:]):
        numbers = sorted((b for b in boxes if top <= b.cy < bottom and grid.columns[0] <= b.x0 < grid.columns[1]
                          and _ROW_NUMBER.match(b.text)), key=lambda b: b.y0)
        starts = [b for i, b in enumerate(numbers) if i == 0 or b.y0 >= numbers[i - 1].cy]  # a number read twice on one line is one
        edges += [b.y0 - 2 for b in starts[1:]]
    return dataclasses.replace(grid, rows=tuple(sorted(edges))) if len(edges) > len(grid.rows) else grid


def content_of_lines(lines: list[Line], tables: list[TableCells], top: float, number: int) -> PageContent:
    """A page's lines outside its tables (paragraphs above and below the first table), and the
    tables already read as cells."""
    above = [ln for ln in lines if ln.y1 <= top]
    below = [ln for ln in lines if ln.y1 > top]
    return PageContent(number, tuple(paragraphs_of(above)), tuple(tables), tuple(paragraphs_of(below)))


PAGE_NUMBER_RE = re.compile(r"^[-—–－\s]*\d{1,3}[-—–－\s]*$|^第\s*\d+\s*页|^\d+\s*/\s*\d+$|共\s*\d+\s*页$")
SENTENCE_END = tuple("。！？；…”）)!?;:：")


def joined_pages(pages: list[PageContent]) -> list[PageContent]:
    """The pages as one text: page numbers and a running header dropped, and a paragraph
    cut by a page break joined to its start on the page before."""
    pages = [_without_furniture(page, _running_headers(pages)) for page in pages]
    out: list[PageContent] = []
    header = ""  # the last table header read, squashed
    for page in pages:
        previous = out[-1] if out else None
        page = _without_repeated_header(page, header)
        header = next((squash("".join(t.cells[h.row])) for t in page.tables
                       if (h := find_header([list(r) for r in t.cells])) is not None), header)
        if previous is not None and not previous.tables and not page.tables and previous.above and page.above:
            last, first = previous.above[-1], page.above[0]
            if not last.text.endswith(SENTENCE_END) and not ENUM_RE.match(first.text):
                merged = dataclasses.replace(last, text=last.text + first.text, score=min(last.score, first.score))
                out[-1] = dataclasses.replace(previous, above=(*previous.above[:-1], merged))
                page = dataclasses.replace(page, above=page.above[1:])
        if previous is not None and _row_goes_on(previous, page):
            out[-1], page = _rejoined_row(previous, page)
        if previous is not None and (spilled := _spilled_column(previous, page)) is not None:
            out[-1], page = spilled
        out.append(page)
    return out


def _without_repeated_header(page: PageContent, header: str) -> PageContent:
    """A table's header row Word repeats at the top of each page (重复标题行) is no row of the
    page's: taken off, so a row the page break cut is joined and the header carried over."""
    if not header or not page.tables or not page.tables[0].cells or squash("".join(page.tables[0].cells[0])) != header:
        return page
    first = page.tables[0]
    rest = dataclasses.replace(first, cells=first.cells[1:], scores=first.scores[1:], boxes=first.boxes[1:])
    return dataclasses.replace(page, tables=((rest,) if rest.cells else ()) + page.tables[1:])


def _spilled_column(previous: PageContent, page: PageContent) -> tuple[PageContent, PageContent] | None:
    """A sheet printed wider than the paper: its last columns (理由) come out alone on the next
    page, under a header of their own. Put back beside the rows of the table before when they
    are as many (the page's own title, the sheet's print title, stays)."""
    if not previous.tables or not page.tables:
        return None
    table, alone = previous.tables[-1], page.tables[0]
    header = [c.strip() for c in alone.cells[0]] if alone.cells else []
    if not header or not all(c in REASON_WORDS for c in header if c) or len(alone.cells) != len(table.cells):
        return None
    widened = dataclasses.replace(table, cells=tuple((*row, *extra) for row, extra in zip(table.cells, alone.cells)))
    return (dataclasses.replace(previous, tables=(*previous.tables[:-1], widened)),
            dataclasses.replace(page, tables=page.tables[1:]))


def _row_goes_on(previous: PageContent, page: PageContent) -> bool:
    """The page opens with the rest of the table row the page break cut (a row whose first
    cells, its number and clause, are empty), right under the table that ends the page before."""
    if not previous.tables or previous.below or not page.tables or page.above:
        return False
    above, below = previous.tables[-1].cells, page.tables[0].cells
    if not above or not below or len(above[-1]) != len(below[0]) or find_header([list(below[0])]) is not None:
        return False
    first = below[0]
    return not first[0].strip() and any(cell.strip() for cell in first[1:])


def _rejoined_row(previous: PageContent, page: PageContent) -> tuple[PageContent, PageContent]:
    """The cut row made whole on the page before (each cell's two parts joined), taken off
    the page it ran onto."""
    last, first = previous.tables[-1], page.tables[0]
    joined = tuple(join_texts([a, b]) for a, b in zip(last.cells[-1], first.cells[0]))
    whole = dataclasses.replace(last, cells=(*last.cells[:-1], joined),
                                scores=(*last.scores[:-1], min(last.scores[-1], first.scores[0])))
    rest = dataclasses.replace(first, cells=first.cells[1:], scores=first.scores[1:], boxes=first.boxes[1:])
    tables = (rest,) if rest.cells else ()
    return (dataclasses.replace(previous, tables=(*previous.tables[:-1], whole)),
            dataclasses.replace(page, tables=tables + page.tables[1:]))


def _running_headers(pages: list[PageContent]) -> set[str]:
    """A short line that tops two pages or more: the document's running header."""
    tops = [squash(p.above[0].text) for p in pages if p.above and len(p.above[0].text) <= 40]
    return {t for t in tops if tops.count(t) >= 2}


def _without_furniture(page: PageContent, headers: set[str]) -> PageContent:
    def keep(p: Paragraph) -> bool:
        return not PAGE_NUMBER_RE.search(p.text.strip()) and squash(p.text) not in headers

    return dataclasses.replace(page, above=tuple(filter(keep, page.above)), below=tuple(filter(keep, page.below)))


def blocks_of_pages(pages: list[PageContent], origin: str) -> list[Block]:
    """Every page's comment Blocks. A table that runs onto the next page has no header row
    there: the header of the table above it is carried over."""
    pages = joined_pages(pages)
    blocks: list[Block] = []
    header: list[str] | None = None
    for page in pages:
        found, header = page_blocks(page, origin, header)
        if blocks and found and _row_tail(blocks[-1], found[0]):
            blocks[-1] = dataclasses.replace(blocks[-1], text=blocks[-1].text + found[0].text)
            found = found[1:]
        blocks += found
    return blocks


def _row_tail(above: Block, first: Block) -> bool:
    """A page's first table row holding only the last characters of the row the page break
    cut off at the foot of the page before."""
    return above.kind == first.kind == "table_row" and row_tail(first.text, first.ref)


def page_blocks(page: PageContent, origin: str, header: list[str] | None = None) -> tuple[list[Block], list[str] | None]:
    """The page's comment Blocks, each knowing its page, box and OCR score, and the header
    row of its last table (for a table continued on the next page)."""
    where = f"{origin}第{page.number}页"
    blocks = _paragraph_blocks(page.above, where, page)
    for index, table in enumerate(page.tables, start=1):
        rows = [list(cells) for cells in table.cells]
        carried = 0
        if find_header(rows) is None and header is not None and rows and len(rows[0]) == len(header):
            rows, carried = [header, *rows], 1
        found = find_header(rows)
        header = rows[found.row] if found is not None else header
        if found is None and all(len({c.strip() for c in r if c.strip()}) <= 1 for r in rows[carried:]):  # one cell a row, or one merged across
            blocks += _boxed_lines(table, rows[carried:], f"{where}方框{index}", page)  # chat bubbles, boxed text: no table
            continue
        for block in table_blocks(rows, f"{where}表格{index}", "table_row"):
            row = _number(_ROW_NO, block.origin, len(rows))
            row = row - carried if row is not None and row >= carried else None
            score = table.scores[row] if page.ocr and row is not None else None
            box = table.boxes[row] if row is not None else None
            blocks.append(dataclasses.replace(block, page=page.number, box=box, ocr_score=score, view=page.view))
    notes = [Block("margin_comment", note, f"{where}批注{n}", quote=words, page=page.number)
             for n, (note, words) in enumerate(page.notes, start=1)]
    return blocks + _paragraph_blocks(page.below, f"{where}表格后", page) + notes, header


def _boxed_lines(table: TableCells, rows: list[list[str]], where: str, page: PageContent) -> list[Block]:
    """Text in boxes that make a grid but no table (a chat's bubbles, a framed notice): one cell
    a row, read as lines of prose, each keeping its box and OCR score."""
    lines = [next((c for c in row if c.strip()), "") for row in rows]
    out = []
    for block in text_blocks(lines, where, "paragraph"):
        row = _number(_PARAGRAPH_NO, block.origin, len(lines))
        score = table.scores[row] if page.ocr and row is not None and row < len(table.scores) else None
        box = table.boxes[row] if row is not None and row < len(table.boxes) else None
        out.append(dataclasses.replace(block, page=page.number, box=box, ocr_score=score, view=page.view))
    return out


def _paragraph_blocks(paragraphs: tuple[Paragraph, ...], where: str, page: PageContent) -> list[Block]:
    out = []
    for block in text_blocks([p.text for p in paragraphs], where, "paragraph"):
        index = _number(_PARAGRAPH_NO, block.origin, len(paragraphs))
        p = paragraphs[index] if index is not None else None
        out.append(dataclasses.replace(
            block, page=page.number, box=(p.x0, p.y0, p.x1, p.y1) if p else None,
            ocr_score=p.score if (p and page.ocr) else None, view=page.view,
        ))
    return out


def _number(pattern: re.Pattern[str], origin: str, count: int) -> int | None:
    """The 0-based index of the paragraph or row an origin ("…第3段") names."""
    match = pattern.search(origin)
    index = int(match.group(1)) - 1 if match else -1
    return index if 0 <= index < count else None
