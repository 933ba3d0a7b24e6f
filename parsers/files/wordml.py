"""WordprocessingML as the writer wrote it: every word in document order, wherever Word keeps it.

python-docx's `Document.paragraphs`, `Paragraph.text` and `_Cell.text` see only paragraphs
and runs that are direct children of the body, a paragraph or a cell. Real replies put text
elsewhere: content controls (w:sdt, around paragraphs, tables, rows, cells or runs), custom XML
(w:customXml), fields (w:fldSimple), smart tags (w:smartTag), moved text (w:moveFrom/w:moveTo),
equations (m:oMath), tables inside table cells, and the list numbers Word draws from
numbering.xml ("第一条", "1.", "（一）") that are in no w:t at all. This module walks the XML
itself, once, for `parsers.files.docx` (the comment document) and `parsers.files.revisions` (a returned
draft's tracked changes).

Text is the document as it reads now: inserted and moved-to text kept, deleted and moved-from
text left out (`pieces` keeps both, marked, for the tracked changes). Text boxes are read
apart (they float beside a paragraph), once: Word writes each twice, the second copy in an
mc:Fallback for old readers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from typing import Any

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
M_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
Element = Any  # an lxml element (python-docx's oxml classes are lxml elements)


def w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


W_P, W_TBL, W_TR, W_TC, W_R = w("p"), w("tbl"), w("tr"), w("tc"), w("r")
W_SDT, W_SDT_CONTENT, W_CUSTOM_XML = w("sdt"), w("sdtContent"), w("customXml")
CHANGES = {w("ins"): "ins", w("moveTo"): "ins", w("del"): "del", w("moveFrom"): "del"}
MOVES = {w("moveTo"), w("moveFrom")}
# Inline wrappers whose children are runs (or more wrappers): read through them.
INLINE_WRAPPERS = {w("hyperlink"), w("smartTag"), w("fldSimple"), W_CUSTOM_XML, w("dir"), w("bdo"), W_SDT_CONTENT}
# Block wrappers whose children are paragraphs and tables (or rows, or cells).
BLOCK_WRAPPERS = {W_SDT_CONTENT, W_CUSTOM_XML, *CHANGES}
MATH = {f"{{{M_NS}}}oMath", f"{{{M_NS}}}oMathPara"}
ALTERNATE, CHOICE = f"{{{MC_NS}}}AlternateContent", f"{{{MC_NS}}}Choice"
RUN_TEXT = {w("t"): None, w("delText"): None, w("tab"): "\t", w("br"): "\n", w("cr"): "\n",
            w("noBreakHyphen"): "-", w("softHyphen"): ""}


@dataclass
class Piece:
    """A stretch of a paragraph: kept, inserted or deleted text, with who changed it."""

    kind: str  # keep, ins, del
    text: str
    author: str = ""
    marked: bool = False  # typed in colour or highlighted: how a remark stands out without track changes
    moved: bool = False  # inside a tracked move (w:moveFrom / w:moveTo): the same words stand at the move's other end


def pieces(paragraph: Element) -> list[Piece]:
    """The paragraph as kept / inserted / deleted text, in order, adjacent pieces of a kind merged."""
    out: list[Piece] = []
    _walk_inline(paragraph, "keep", "", out)
    merged: list[Piece] = []
    for piece in out:
        if not piece.text:
            continue
        if merged and (merged[-1].kind, merged[-1].author, merged[-1].marked, merged[-1].moved) == (
                piece.kind, piece.author, piece.marked, piece.moved):
            merged[-1].text += piece.text
        else:
            merged.append(piece)
    return merged


def paragraph_text(paragraph: Element) -> str:
    """What the paragraph says now (insertions in, deletions out), without its list number."""
    return "".join(p.text for p in pieces(paragraph) if p.kind != "del")


def _walk_inline(node: Element, kind: str, author: str, out: list[Piece], moved: bool = False) -> None:
    for child in node:
        tag = child.tag
        if tag == W_R:
            if not _placeholder(child):
                out.append(Piece(kind, _run_text(child), author, _marked(child), moved))
        elif tag in CHANGES:
            # A deletion inside an insertion is words one reviewer added and another took out
            # again (an insertion inside a deletion too): neither the draft's nor proposed.
            if {kind, CHANGES[tag]} == {"ins", "del"}:
                continue
            inner = "del" if "del" in (kind, CHANGES[tag]) else CHANGES[tag]
            who = " ".join(filter(None, (child.get(w("author")), (child.get(w("date")) or "")[:10])))
            # words typed into moved words (a w:ins inside a w:moveTo) are new words, not moved ones
            _walk_inline(child, inner, who if inner != "keep" else author, out,
                         tag in MOVES or (moved and CHANGES[tag] != "ins"))
        elif tag == W_SDT:
            content = sdt_content(child)
            if content is not None:
                _walk_inline(content, kind, author, out, moved)
        elif tag in INLINE_WRAPPERS:
            _walk_inline(child, kind, author, out, moved)
        elif tag in MATH:
            out += _math_pieces(child, kind, author)
        elif tag == ALTERNATE:
            choice = child.find(CHOICE)
            if choice is not None:
                _walk_inline(choice, kind, author, out, moved)


def sdt_content(sdt: Element) -> Element | None:
    """A content control's content; None while it still shows its placeholder ("单击此处输入
    文字。", "Click or tap here to enter text."): the form's prompt, not the unit's words."""
    return None if showing_placeholder(sdt) else sdt.find(W_SDT_CONTENT)


def showing_placeholder(sdt: Element) -> bool:
    """The control's w:showingPlcHdr is on. An on/off property is on unless its w:val says
    0, false or off: WPS writes <w:showingPlcHdr w:val="0"/> into a control the unit filled."""
    flag = sdt.find(f"{w('sdtPr')}/{w('showingPlcHdr')}")
    return flag is not None and (flag.get(w("val")) or "true").lower() not in ("0", "false", "off")


def placeholder_texts(body: Element) -> list[str]:
    """The prompts of the content controls still showing them, as the form shows them, and the
    runs in Word's placeholder style elsewhere (a template's "Description", "[Tapez ici]"), each
    paragraph's once: left out of the unit's words, still shown by `mailbot read`."""
    out = []
    for sdt in body.iter(W_SDT):
        content = sdt.find(W_SDT_CONTENT)
        if showing_placeholder(sdt) and content is not None:
            text = "".join(t.text or "" for t in content.iter(w("t"))).strip()
            if text:
                out.append(text)
    for paragraph in body.iter(W_P):
        text = "".join(t.text or "" for run in paragraph.iter(W_R) if _placeholder(run) for t in run.iter(w("t"))).strip()
        if text:
            out.append(text)
    return list(dict.fromkeys(out))


def _placeholder(run: Element) -> bool:
    """A run in Word's placeholder style (a form's prompt left in, outside a content control)."""
    style = run.find(f"{w('rPr')}/{w('rStyle')}")
    return style is not None and (style.get(w("val")) or "").lower() in PLACEHOLDER_STYLES


PLACEHOLDER_STYLES = {"placeholdertext", "占位符文本"}


M_T = f"{{{M_NS}}}t"


def _math_pieces(math: Element, kind: str, author: str) -> list[Piece]:
    """An equation's characters (m:t), each as kept, inserted or deleted: a tracked change in an
    equation sits inside its math run (m:r > w:del > m:t), not around it."""
    out = []
    for text in math.iter(M_T):
        inner = kind
        for ancestor in text.iterancestors():
            if ancestor is math:
                break
            if ancestor.tag in CHANGES:
                inner = "del" if "del" in (inner, CHANGES[ancestor.tag]) else CHANGES[ancestor.tag]
        out.append(Piece(inner, text.text or "", author))
    return out


PLAIN_COLOURS = {"auto", "000000", "black", "windowText"}
PLAIN_FILLS = {"auto", "FFFFFF", "ffffff", "clear", "none"}


def _marked(run: Element) -> bool:
    """A run in a colour other than black, highlighted, or shaded."""
    props = run.find(w("rPr"))
    if props is None:
        return False
    colour, highlight, shade = props.find(w("color")), props.find(w("highlight")), props.find(w("shd"))
    return bool(
        (colour is not None and colour.get(w("val"), "auto") not in PLAIN_COLOURS)
        or (highlight is not None and highlight.get(w("val"), "none") != "none")
        or (shade is not None and shade.get(w("fill"), "auto") not in PLAIN_FILLS)
    )


def _run_text(run: Element) -> str:
    parts = []
    for child in run:
        if child.tag in RUN_TEXT:
            fixed = RUN_TEXT[child.tag]
            parts.append(child.text or "" if fixed is None else fixed)
    return "".join(parts)


def descend(container: Element, tags: Collection[str], wrappers: Collection[str]) -> Iterator[Element]:
    """The children of `container` with one of `tags`, in order, read through content controls
    (their w:sdtContent) and the `wrappers` around them."""
    for child in container:
        if child.tag in tags:
            yield child
        elif child.tag == W_SDT:
            content = sdt_content(child)
            if content is not None:
                yield from descend(content, tags, wrappers)
        elif child.tag in wrappers:
            yield from descend(child, tags, wrappers)


def block_items(container: Element) -> Iterator[Element]:
    """The paragraphs and tables of a body, cell, text box or note, in order, read through
    content controls, custom XML and tracked moves around them."""
    return descend(container, (W_P, W_TBL), BLOCK_WRAPPERS)


def _children(container: Element, tag: str) -> Iterator[Element]:
    """Rows of a table or cells of a row, also when wrapped in content controls."""
    return descend(container, (tag,), BLOCK_WRAPPERS)


@dataclass
class Table:
    """A table as a grid of cell texts; tables found inside its cells come after it, apart."""

    grid: list[list[str]]
    nested: list[Table] = field(default_factory=list)
    # for a table inside a cell: the table it is in, and the row of that cell
    parent: Table | None = field(default=None, repr=False, compare=False)
    host_row: int = -1

    def all_tables(self) -> Iterator[Table]:
        yield self
        for inner in self.nested:
            yield from inner.all_tables()


# Whether a table found in a cell is a table of its own (its rows comments), given its grid; when
# not, it only lays out the cell's words ("原文：…" over "修改为：…") and they are the cell's lines.
IsTable = Callable[[list[list[str]]], bool]


def read_table(table: Element, numbering: Numbering | None = None, is_table: IsTable | None = None) -> Table:
    """Merged cells read as python-docx reads them: a horizontal span repeats its text in each
    column it covers, a vertical one repeats the text of the cell above."""
    result = Table([])
    above: list[str] = []
    for row in _children(table, W_TR):
        cells: list[str] = [""] * _grid_before(row)
        for cell in _children(row, W_TC):
            before = len(result.nested)
            text = _cell_text(cell, result.nested, numbering, is_table)
            for inner in result.nested[before:]:
                inner.parent, inner.host_row = result, len(result.grid)
            span = _int_val(cell, "tcPr/w:gridSpan", 1)
            if _vertical_continue(cell):
                text = above[len(cells)] if len(cells) < len(above) else text
            cells += [text] * max(1, min(span, 64))
        result.grid.append(cells)
        above = cells
    return result


def _cell_text(cell: Element, nested: list[Table], numbering: Numbering | None, is_table: IsTable | None = None) -> str:
    lines = []
    for item in block_items(cell):
        if item.tag == W_TBL:
            inner = read_table(item, numbering, is_table)
            if is_table is None or inner.nested or is_table(inner.grid):
                nested.append(inner)
            else:
                lines += [_row_line(row) for row in inner.grid]
            continue
        text = labelled_text(item, numbering).strip()
        if text:
            lines.append(text)
        for box in text_boxes(item):  # a text box floating in the cell belongs to it
            lines.append(_cell_text(box, nested, numbering, is_table))
    return "\n".join(line for line in lines if line)


def _row_line(row: list[str]) -> str:
    """A laying-out table's row as a line: "原文 | 积极推行…" as "原文：积极推行…" (a short label
    before its value), other cells side by side; a merged cell's repeats once."""
    cells = [c.strip() for c in dict.fromkeys(row) if c.strip()]
    if len(cells) == 2 and len(cells[0]) <= 6 and not re.search(r"[，。；：:,.;]", cells[0]):
        return f"{cells[0]}：{cells[1]}"
    return " ".join(cells)


def container_text(container: Element, numbering: Numbering | None = None) -> str:
    """The words of a margin comment (or any cell-like container): its paragraphs, the text
    boxes by them, then its tables a row a line (cells joined by " | "). python-docx's
    Comment.text reads the comment's direct paragraphs only: a table in a comment is lost."""
    nested: list[Table] = []
    lines = [_cell_text(container, nested, numbering)]
    lines += [" | ".join(row) for table in nested for inner in table.all_tables() for row in inner.grid]
    return "\n".join(line for line in lines if line.strip())


def _grid_before(row: Element) -> int:
    return _int_val(row, "trPr/w:gridBefore", 0)


def _int_val(node: Element, path: str, default: int) -> int:
    found = node.find(f"w:{path}", {"w": W_NS})
    try:
        return int(found.get(w("val"))) if found is not None else default
    except (TypeError, ValueError):
        return default


def _vertical_continue(cell: Element) -> bool:
    merge = cell.find("w:tcPr/w:vMerge", {"w": W_NS})
    return merge is not None and merge.get(w("val"), "continue") == "continue"


def labelled_text(paragraph: Element, numbering: Numbering | None) -> str:
    """The paragraph's text after the number Word draws for it, if any ("第三条 …", "2. …")."""
    text = paragraph_text(paragraph)
    label = numbering.label(paragraph) if numbering is not None else ""
    return f"{label} {text}" if label and text.strip() else text


TEXT_BOX_XPATH = f'.//*[local-name()="txbxContent"][not(ancestor::*[local-name()="Fallback" and namespace-uri()="{MC_NS}"])]'


def text_boxes(paragraph: Element) -> list[Element]:
    """The text boxes anchored in a paragraph, each once (not their mc:Fallback copies)."""
    return list(paragraph.xpath(TEXT_BOX_XPATH))


DGM_NS = "http://schemas.openxmlformats.org/drawingml/2006/diagram"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
R_DM = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}dm"


def diagram_ids(paragraph: Element) -> list[str]:
    """The relationship ids of the SmartArt diagrams' data parts drawn in a paragraph."""
    return [str(ids.get(R_DM)) for ids in paragraph.iter(f"{{{DGM_NS}}}relIds") if ids.get(R_DM)]


def diagram_lines(data_model: Element) -> list[str]:
    """A SmartArt diagram's words (its data part, dgm:dataModel): each node's paragraphs, in the
    order Word lists them. Connection points (parTrans, sibTrans) and the layout's presentation
    points hold no words of the writer's; the drawing part holds a copy for old readers."""
    lines = []
    for point in data_model.iter(f"{{{DGM_NS}}}pt"):
        if point.get("type", "node") not in ("node", "asst"):
            continue
        for text in point.iter(f"{{{DGM_NS}}}t"):
            for para in text.iter(f"{{{A_NS}}}p"):
                line = "".join(t.text or "" for t in para.iter(f"{{{A_NS}}}t")).strip()
                if line:
                    lines.append(line)
    return lines


def is_list_paragraph(paragraph: Element, numbering: Numbering | None) -> bool:
    return numbering is not None and numbering.numbered(paragraph) is not None


# Automatic numbering -------------------------------------------------------------------

CHINESE_DIGITS = "〇一二三四五六七八九"
HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
EARTHLY_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"


def chinese_number(n: int) -> str:
    """1 -> 一, 10 -> 十, 11 -> 十一, 20 -> 二十, 105 -> 一百零五 (Word's chineseCounting)."""
    import cn2an

    return str(cn2an.an2cn(n)) if n > 0 else CHINESE_DIGITS[0]


def roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                           (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def letters(n: int) -> str:
    """Word's letters: A … Z, AA … ZZ, AAA …"""
    if n <= 0:
        return ""
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    if fmt in ("decimal", "decimalHalfWidth", ""):
        return str(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return "".join(chr(ord(d) + 0xFEE0) for d in str(n))
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting",
               "taiwaneseCountingThousand", "koreanCounting", "chineseLegalSimplified"):
        return chinese_number(n)
    if fmt in ("ideographDigital", "japaneseDigitalTenThousand", "taiwaneseDigital"):
        return "".join(CHINESE_DIGITS[int(d)] for d in str(n))
    if fmt == "ideographTraditional":
        return HEAVENLY_STEMS[(n - 1) % 10]
    if fmt == "ideographZodiac":
        return EARTHLY_BRANCHES[(n - 1) % 12]
    if fmt in ("upperLetter", "lowerLetter"):
        return letters(n) if fmt == "upperLetter" else letters(n).lower()
    if fmt in ("upperRoman", "lowerRoman"):
        return roman(n) if fmt == "upperRoman" else roman(n).lower()
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "decimalEnclosedParen" and 1 <= n <= 20:
        return chr(0x2474 + n - 1)
    if fmt == "decimalEnclosedFullstop" and 1 <= n <= 20:
        return chr(0x2488 + n - 1)
    return str(n)


@dataclass
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    legal: bool = False


class Numbering:
    """The numbers Word draws before list paragraphs, counted as Word counts them: per list
    (abstract numbering, unless a list restarts it), a deeper level restarting under each
    higher one. Bullets have no number and get no label."""

    def __init__(self, numbering: Element | None, styles: Element | None = None) -> None:
        self.abstract: dict[str, dict[int, Level]] = {}
        self.lists: dict[str, tuple[str, dict[int, int]]] = {}  # numId -> (abstractNumId, start overrides)
        self.style_lists: dict[str, tuple[str, int]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        if numbering is not None:
            self._read_numbering(numbering)
        if styles is not None:
            self._read_styles(styles)

    def _read_numbering(self, root: Element) -> None:
        ns = {"w": W_NS}
        for abstract in root.findall("w:abstractNum", ns):
            self.abstract[abstract.get(w("abstractNumId"), "")] = {
                _int(lvl.get(w("ilvl"))): _level(lvl) for lvl in abstract.findall("w:lvl", ns)}
        for num in root.findall("w:num", ns):
            ref = num.find("w:abstractNumId", ns)
            overrides = {_int(o.get(w("ilvl"))): _int(s.get(w("val")), 1)
                         for o in num.findall("w:lvlOverride", ns) for s in o.findall("w:startOverride", ns)}
            self.lists[num.get(w("numId"), "")] = (ref.get(w("val"), "") if ref is not None else "", overrides)

    def _read_styles(self, root: Element) -> None:
        ns = {"w": W_NS}
        for style in root.findall("w:style", ns):
            num = style.find("w:pPr/w:numPr", ns)
            if num is not None:
                num_id = num.find("w:numId", ns)
                level = num.find("w:ilvl", ns)
                if num_id is not None:
                    self.style_lists[style.get(w("styleId"), "")] = (
                        num_id.get(w("val"), ""), _int(level.get(w("val")) if level is not None else "0"))

    def numbered(self, paragraph: Element) -> tuple[str, int] | None:
        """(numId, level) of a list paragraph, from its own properties or its style's."""
        ppr = paragraph.find(w("pPr"))
        if ppr is None:
            return None
        num = ppr.find(w("numPr"))
        if num is not None:
            num_id, level = num.find(w("numId")), num.find(w("ilvl"))
            value = num_id.get(w("val"), "") if num_id is not None else ""
            return None if value in ("", "0") else (value, _int(level.get(w("val")) if level is not None else "0"))
        style = ppr.find(w("pStyle"))
        found = self.style_lists.get(style.get(w("val"), "") if style is not None else "")
        return found if found and found[0] not in ("", "0") else None

    def label(self, paragraph: Element) -> str:
        """Count this paragraph and return its number as drawn ("第三条", "(2)"), or ""."""
        found = self.numbered(paragraph)
        if found is None or found[0] not in self.lists:
            return ""
        num_id, level = found
        abstract_id, overrides = self.lists[num_id]
        levels = self.abstract.get(abstract_id, {})
        if level not in levels:
            return ""
        counters = self.counters.setdefault(num_id if overrides else abstract_id, {})
        counters[level] = counters[level] + 1 if level in counters else overrides.get(level, levels[level].start)
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]
        return self._drawn(levels, level, counters)

    def _drawn(self, levels: dict[int, Level], level: int, counters: dict[int, int]) -> str:
        this = levels[level]
        if this.fmt in ("bullet", "none") or not this.text:
            return ""
        text = this.text
        for k in range(9):
            if f"%{k + 1}" in text:
                known = levels.get(k, Level())
                value = counters.get(k, known.start)
                text = text.replace(f"%{k + 1}", format_number(value, "decimal" if this.legal else known.fmt))
        return text.strip()


def _level(lvl: Element) -> Level:
    ns = {"w": W_NS}

    def val(path: str) -> str | None:
        found = lvl.find(path, ns)
        return found.get(w("val")) if found is not None else None

    return Level(start=_int(val("w:start"), 1), fmt=val("w:numFmt") or "decimal",
                 text=val("w:lvlText") or "", legal=lvl.find("w:isLgl", ns) is not None)


def _int(value: str | None, default: int = 0) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default
