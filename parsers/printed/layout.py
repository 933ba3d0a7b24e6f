"""Text placed on a page (OCR boxes, a PDF's words) to lines, paragraphs and table rows.

A scanned comment table and a Word table must give the same Blocks, and scanned
prose the same paragraphs as a .docx: this module turns boxes into the grids and
lines that parsers.comments.tables and parsers.comments.segment already read. Pure geometry: no
image, no OCR engine.
"""

from __future__ import annotations

import bisect
import re
import statistics
from dataclasses import dataclass

from parsers.comments.segment import ENUM_RE

_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")


@dataclass(frozen=True, slots=True)
class Box:
    """A piece of text on a page: its bounding box in page pixels and how sure the reader is."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    score: float = 1.0

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def height(self) -> float:
        return self.y1 - self.y0


@dataclass(frozen=True, slots=True)
class Line:
    """Boxes that share a baseline, left to right."""

    boxes: tuple[Box, ...]

    @property
    def text(self) -> str:
        return join_texts([b.text for b in self.boxes])

    @property
    def x0(self) -> float:
        return min(b.x0 for b in self.boxes)

    @property
    def x1(self) -> float:
        return max(b.x1 for b in self.boxes)

    @property
    def y0(self) -> float:
        return min(b.y0 for b in self.boxes)

    @property
    def y1(self) -> float:
        return max(b.y1 for b in self.boxes)

    @property
    def score(self) -> float:
        return min(b.score for b in self.boxes)


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    score: float


@dataclass(frozen=True, slots=True)
class Grid:
    """A ruled table: row and column edges in page pixels (each sorted). gappy: the column
    edges whose ink covers less than half their height (a chat's bubbles, or characters'
    upright strokes lined up row under row: see parsers.printed.pages)."""

    rows: tuple[float, ...]
    columns: tuple[float, ...]
    gappy: tuple[float, ...] = ()
    # the top edges of rows no inner column rule crosses: one cell merged across the table
    # ("二、发挥工人阶级主力军作用" over that part's rows)
    open_rows: tuple[float, ...] = ()
    # (row edge, column) where the rule across stops short of the column: the cells above and
    # below it are one, merged down (a 条款 cell "第8条" over two rows, printed once between them)
    joined: tuple[tuple[float, int], ...] = ()

    def contains(self, box: Box) -> bool:
        return self.rows[0] <= box.cy <= self.rows[-1] and self.columns[0] <= box.cx <= self.columns[-1]


@dataclass(frozen=True, slots=True)
class TableCells:
    """A table read off a page: its cells' text and the worst score and box of each row."""

    cells: tuple[tuple[str, ...], ...]
    scores: tuple[float, ...]
    boxes: tuple[tuple[float, float, float, float], ...]


def join_texts(parts: list[str]) -> str:
    """Pieces of one line or one cell: no space between CJK pieces, one elsewhere."""
    out = ""
    for part in (p.strip() for p in parts):
        if not part:
            continue
        if out and not (_CJK.search(out[-1]) or _CJK.search(part[0])):
            out += " "
        out += part
    return out


def lines_of(boxes: list[Box]) -> list[Line]:
    """Group boxes into lines: a box joins the line its vertical middle falls in (between the
    medians of its boxes' tops and bottoms, kept sorted as the line grows)."""
    lines: list[tuple[list[Box], list[float], list[float]]] = []  # boxes, their tops and bottoms sorted
    for box in sorted(boxes, key=lambda b: (b.cy, b.x0)):
        for line, tops, bottoms in reversed(lines[-3:]):
            if _median(tops) <= box.cy <= _median(bottoms) and not _overlaps_any(box, line):
                line.append(box)
                bisect.insort(tops, box.y0)
                bisect.insort(bottoms, box.y1)
                break
        else:
            lines.append(([box], [box.y0], [box.y1]))
    return [Line(tuple(sorted(line, key=lambda b: b.x0))) for line, _, _ in lines]


def _median(ordered: list[float]) -> float:
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def _overlaps_any(box: Box, line: list[Box]) -> bool:
    """The box covers part of one already on the line (the same word read twice). Boxes come
    in reading order, so a long line is searched from its end, where a neighbour would be."""
    return any(_overlaps_x(box, b) for b in reversed(line[-OVERLAP_LOOKBACK:])) if len(line) > OVERLAP_LOOKBACK \
        else any(_overlaps_x(box, b) for b in line)


OVERLAP_LOOKBACK = 200


# A page set in two columns (a newsletter-like letter, a two-column Word layout): its lines read
# down the left column, then down the right one; a title across both stays above them.
COLUMN_SHARE = 0.3  # each column spans at least this share of the page's width …
COLUMN_PIECES = 0.2  # … and holds this share of its pieces (a letter's last page, photographed beside the first, is short)
ACROSS_SHARE = 0.15  # pieces crossing the gutter (titles): at most this share
SIDE_BY_SIDE = 3  # lines of the two columns level with each other, at least


def columns_of(boxes: list[Box]) -> list[list[Box]]:
    """The page's pieces in reading order: [the whole page], or for a page in two columns the
    titles across both, the left column, the right one, and anything across below them."""
    gutter = _gutter(boxes)
    if gutter is None:
        return [boxes]
    left = [b for b in boxes if b.x1 <= gutter and b.x0 < gutter]
    right = [b for b in boxes if b.x0 >= gutter]
    top = min(b.y0 for b in left + right)
    across = [b for b in boxes if b.x0 < gutter < b.x1]
    parts = [[b for b in across if b.y1 <= top], left, right, [b for b in across if b.y1 > top]]
    return [part for part in parts if part]


def _gutter(boxes: list[Box]) -> float | None:
    """The x of an empty lane down the middle of the page with text on both sides of it."""
    if len(boxes) < 10:
        return None
    lo, hi = min(b.x0 for b in boxes), max(b.x1 for b in boxes)
    width = hi - lo
    best: tuple[int, float] | None = None
    for step in range(30, 71):
        x = lo + width * step / 100
        crossing = sum(1 for b in boxes if b.x0 < x < b.x1)
        if best is None or crossing < best[0]:
            best = (crossing, x)
    if best is None or best[0] > max(2, ACROSS_SHARE * len(boxes)):
        return None
    x = best[1]
    left = [b for b in boxes if b.x1 <= x]
    right = [b for b in boxes if b.x0 >= x]
    if min(len(left), len(right)) < COLUMN_PIECES * len(boxes):
        return None
    if min(max(b.x1 for b in left) - lo, hi - min(b.x0 for b in right)) < COLUMN_SHARE * width:
        return None
    return x if _level_lines(left, right) >= SIDE_BY_SIDE else None


def _level_lines(left: list[Box], right: list[Box]) -> int:
    """How many left boxes have a right box level with them (counted up to SIDE_BY_SIDE), by
    walking both sorted by height once."""
    spans = sorted((r.y0, r.y1) for r in right)
    tops = [y0 for y0, _ in spans]
    reach: list[float] = []  # the lowest bottom among the spans starting at or above each one
    for _, y1 in spans:
        reach.append(max(y1, reach[-1]) if reach else y1)
    level = 0
    for box in left:
        at = bisect.bisect_right(tops, box.cy) - 1
        if at >= 0 and reach[at] >= box.cy:
            level += 1
            if level >= SIDE_BY_SIDE:
                break
    return level


def _overlaps_x(a: Box, b: Box) -> bool:
    return min(a.x1, b.x1) - max(a.x0, b.x0) > 0.5 * min(a.x1 - a.x0, b.x1 - b.x0)


def paragraphs_of(lines: list[Line]) -> list[Paragraph]:
    """Join wrapped lines: a line continues the one above when that one runs to the
    right margin and this one neither starts a numbered item nor is indented."""
    if not lines:
        return []
    height = statistics.median(ln.y1 - ln.y0 for ln in lines)
    left, right = _margins(lines)
    # A blank line is a gap well beyond the page's usual one: a copier's hidden text layer sets
    # small type at the scan's line pitch, its every gap wider than a line.
    gaps = [b.y0 - a.y1 for a, b in zip(lines, lines[1:]) if b.y0 > a.y1]
    blank = max(1.2 * height, statistics.median(gaps) + 0.8 * height) if len(gaps) >= 3 else 1.2 * height
    out: list[list[Line]] = []
    for line in lines:
        previous = out[-1][-1] if out else None
        if previous is not None and _continues(previous, line, blank, height, left, right):
            out[-1].append(line)
        else:
            out.append([line])
    return [
        Paragraph("".join(ln.text for ln in group) if _all_cjk(group) else join_texts([ln.text for ln in group]),
                  min(ln.x0 for ln in group), group[0].y0, max(ln.x1 for ln in group), group[-1].y1,
                  min(ln.score for ln in group))
        for group in out
    ]


def _margins(lines: list[Line]) -> tuple[float, float]:
    """The text's left and right margins, from its long lines: a fax header, a page number or
    a stamp standing out into the margin does not move them."""
    widest = max(ln.x1 - ln.x0 for ln in lines)
    long = [ln for ln in lines if ln.x1 - ln.x0 >= 0.6 * widest]
    lefts = sorted(ln.x0 for ln in long)
    rights = sorted(ln.x1 for ln in long)
    return lefts[len(lefts) // 4], rights[len(rights) // 2]


def _all_cjk(group: list[Line]) -> bool:
    return all(_CJK.search(ln.text[-1:] or "x") for ln in group[:-1])


# "、第14款：……": an item whose numeral the OCR lost (a shadow, a stamp) keeps its 、 and starts a paragraph.
_LOST_NUMERAL = re.compile(r"^\s*[、．]\s*\S")


def _continues(previous: Line, line: Line, blank: float, height: float, left: float, right: float) -> bool:
    if line.y0 - previous.y1 > blank:  # a blank line between them
        return False
    if previous.x1 < right - 2.5 * height:  # the line above stopped short: its paragraph ended
        return False
    if ENUM_RE.match(line.text) or _LOST_NUMERAL.match(line.text) or line.x0 > previous.x0 + 0.5 * height:
        return False  # a numbered item, or a line indented more than the one above, starts a paragraph
    # Back under the first line's indent, or at the left margin: the same paragraph.
    return line.x0 < previous.x0 - 0.5 * height or line.x0 - left < 1.2 * height


def cells_of(grid: Grid, boxes: list[Box]) -> TableCells:
    """Each box into the cell its centre falls in; a cell's boxes read as lines, top to bottom."""
    n_rows, n_cols = len(grid.rows) - 1, len(grid.columns) - 1
    buckets: list[list[list[Box]]] = [[[] for _ in range(n_cols)] for _ in range(n_rows)]
    step = char_width(boxes)
    for box in (piece for whole in boxes for piece in split_at_edges(whole, grid.columns[1:-1], step)):
        row = _slot(grid.rows, box.cy)
        col = _slot(grid.columns, box.cx)
        if row is not None and col is not None:
            buckets[row][col].append(box)
    cells: list[tuple[str, ...]] = []
    scores: list[float] = []
    spans: list[tuple[float, float, float, float]] = []
    for edge, col in grid.joined:  # a cell merged down: its words in each row it covers
        r = grid.rows.index(edge) - 1 if edge in grid.rows else -1
        if 0 <= r < n_rows - 1 and col < n_cols:
            merged = buckets[r][col] + buckets[r + 1][col]
            buckets[r][col] = buckets[r + 1][col] = merged
    for r, found in enumerate(buckets):
        texts = [_cell_text(cell) for cell in found]
        if grid.rows[r] in grid.open_rows:  # one cell across: its words whole, in every column (as a merged cell reads)
            texts = [_cell_text([b for b in boxes if grid.rows[r] <= b.cy < grid.rows[r + 1] and grid.contains(b)])] * n_cols
        if not any(texts):
            continue
        cells.append(tuple(texts))
        scores.append(min((b.score for cell in found for b in cell), default=1.0))
        spans.append((grid.columns[0], grid.rows[r], grid.columns[-1], grid.rows[r + 1]))
    return TableCells(tuple(cells), tuple(scores), tuple(spans))


def char_width(boxes: list[Box]) -> float:
    """The width of one character on the page: the median over lines of four or more."""
    widths = sorted((b.x1 - b.x0) / len(b.text) for b in boxes if len(b.text) >= 4)
    return widths[len(widths) // 2] if widths else 0.0


def split_at_edges(box: Box, edges: tuple[float, ...], step: float = 0.0) -> list[Box]:
    """A line the OCR read straight across a column edge (no rule between the columns, a narrow
    gap) is cut there, after the last character left of the edge (Chinese characters are equally
    wide; the gap between the columns is less than one)."""
    if len(box.text) < 4:
        return [box]
    step = step or (box.x1 - box.x0) / len(box.text)
    for edge in edges:
        at = int((edge - box.x0) / step)
        if 2 <= at <= len(box.text) - 2:
            left = Box(box.text[:at], box.x0, box.y0, box.x0 + at * step, box.y1, box.score)
            right = Box(box.text[at:], box.x0 + at * step, box.y0, box.x1, box.y1, box.score)
            return [left, *split_at_edges(right, edges, step)]
    return [box]


def _slot(edges: tuple[float, ...], value: float) -> int | None:
    for index in range(len(edges) - 1):
        if edges[index] <= value < edges[index + 1]:
            return index
    return None


def _cell_text(boxes: list[Box]) -> str:
    lines = lines_of(boxes)
    texts = [ln.text for ln in lines]
    return "".join(texts) if all(_CJK.search(t[-1:] or "x") for t in texts[:-1]) else join_texts(texts)


def column_grid(lines: list[Line], header_words: tuple[str, ...]) -> Grid | None:
    """A table without rules: the header line's cells fix the columns; rows are told apart by
    the wider gaps between them (else each starts at a line with text in the first column).
    The table ends at a wide vertical gap."""
    for index, line in enumerate(lines):
        cuts = header_cuts(line, header_words)
        if cuts is None:
            continue
        height = line.y1 - line.y0
        body: list[Line] = []
        for ln in lines[index + 1 :]:
            if ln.y0 - (body[-1].y1 if body else line.y1) > 3 * height:
                break
            body.append(ln)
        if not body:
            return None
        cuts = fit_cuts(cuts, [b for ln in body for b in ln.boxes])
        rows = sorted({line.y0 - 2, *row_starts(body, cuts), body[-1].y1 + 2})
        return Grid(tuple(rows), tuple(cuts))
    return None


def header_cuts(line: Line, header_words: tuple[str, ...]) -> list[float] | None:
    """Column edges from a header line (序号 条款 修改意见 理由), or None when it is none. OCR may
    read two close header cells as one box ("序号条款"): such a box is split at its words."""
    pieces = [piece for box in line.boxes for piece in _split_at_words(box, header_words)]
    hits = [p for p in pieces if _names_column(p.text, header_words)]
    others = [p for p in pieces if p not in hits and len(p.text) > 4]
    if len(pieces) < 3 or len(hits) < 2 or others or any(len(p.text) > 12 for p in pieces):
        return None  # a header's cells are a few words each; prose that mentions 条 and 意见 is none
    return [pieces[0].x0 - 5] + [(a.x1 + b.x0) / 2 for a, b in zip(pieces, pieces[1:])] + [10.0 ** 6]


def _names_column(text: str, words: tuple[str, ...]) -> bool:
    """A header cell: one of the words, give or take two characters ("修改意见及建议" is not;
    "条款号", "修改意见：" are)."""
    text = re.sub(r"[\s:：()（）]", "", text)
    return any(w in text and len(text) - len(w) <= 2 for w in words)


def _split_at_words(box: Box, words: tuple[str, ...]) -> list[Box]:
    starts: list[int] = []
    at = 0
    longest_first = sorted(words, key=len, reverse=True)
    while at < len(box.text):  # the header words in the box, longest first, not overlapping
        word = next((w for w in longest_first if box.text.startswith(w, at)), "")
        if word:
            starts.append(at)
        at += len(word) or 1
    if len(starts) < 2 or not box.text:
        return [box]
    step = (box.x1 - box.x0) / len(box.text)
    edges = [0, *starts[1:], len(box.text)]
    return [Box(box.text[a:b], box.x0 + a * step, box.y0, box.x0 + b * step - step * 0.3, box.y1, box.score)
            for a, b in zip(edges, edges[1:]) if box.text[a:b].strip()]


def fit_cuts(cuts: list[float], body: list[Box]) -> list[float]:
    """Header cells sit centred over their columns, the cells' text starts at the left: move
    each inner column edge into the widest empty band between the two header cells' middles."""
    fitted = [cuts[0]]
    for left, here, right in zip(cuts, cuts[1:], cuts[2:]):
        right = right if right < 10.0 ** 5 else here + (here - left)  # the last column: as wide as the one before
        lo, hi = max((left + here) / 2, fitted[-1] + 1), (here + right) / 2
        fitted.append(_emptiest(lo, hi, body) if hi > lo else here)
    return fitted + [cuts[-1]]


def _emptiest(lo: float, hi: float, body: list[Box]) -> float:
    """The middle of the widest x-band between lo and hi that no box crosses (else the least crossed x)."""
    steps = 80
    xs = [lo + (hi - lo) * i / steps for i in range(steps + 1)]
    crossing = [sum(1 for b in body if b.x0 < x < b.x1) for x in xs]
    least = min(crossing)
    best: tuple[int, int] = (0, 0)
    start = None
    for i, count in enumerate(crossing + [least + 1]):
        if count == least and start is None:
            start = i
        elif count != least and start is not None:
            if i - start > best[1] - best[0]:
                best = (start, i)
            start = None
    return (xs[best[0]] + xs[best[1] - 1]) / 2


def row_starts(body: list[Line], cuts: list[float]) -> list[float]:
    """Where each row of a table without rules begins: at a gap clearly wider than the gaps
    between a cell's wrapped lines; when the gaps tell nothing, at each line with text in
    the first column."""
    gaps = [b.y0 - a.y1 for a, b in zip(body, body[1:])]
    if gaps:
        small = sorted(gaps)[len(gaps) // 4]
        height = statistics.median(ln.y1 - ln.y0 for ln in body)
        wide = [i + 1 for i, gap in enumerate(gaps) if gap > small + max(0.35 * height, 4)]
        if wide:
            return [body[0].y0 - 2] + [body[i].y0 - 2 for i in wide]
    return [ln.y0 - 2 for ln in body if ln.boxes[0].cx < cuts[1]] or [body[0].y0 - 2]
