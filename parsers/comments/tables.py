"""Comment tables, from Word or Excel: find the header row, read each row as a Block.

Units make their own tables, so the header's words vary (条款/章节/条目/位置,
修改意见/意见建议/修改建议, 理由/说明/备注, 原文/原文表述) and it may sit below
title rows. Both parsers.files.docx and parsers.files.xlsx hand their grids to `table_blocks`.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Sequence

from parsers.records import Block, BlockKind
from parsers.comments.segment import (CLAUSE_LEAD_RE, FORM_NOTE_RE, ITEM_NUMBER, LEAD_IN_RE, REASON_LINE_RE, SUGGEST_RE, is_choice_line, is_closing, says_only_none, strip_enum, enum_value,
                                      proposes, text_blocks)

HEADER_SEARCH_ROWS = 12
_SPACES = re.compile(r"\s+")

PROPOSAL_WORDS = (
    "修改意见", "意见建议", "修改建议", "具体意见", "意见和建议", "修改内容", "修改后表述", "修改后的表述", "修改后内容",
    "建议修改为", "建议表述", "修改为", "修改后", "修改", "建议改为", "建议", "意见", "意见内容", "建议内容", "意见建议内容",
    "意见及建议",
    # a proof-reader's table: 位置 | 问题及修改
    "问题及修改", "问题及修改意见", "问题及修改建议", "问题与修改", "问题和修改", "问题及建议", "存在问题及修改建议", "存在问题",
    # 条目 | 内容: beside a clause column only (alone, 序号 | 内容 may be any list)
    "内容",
)
REASON_WORDS = ("理由", "说明", "备注", "依据", "原因", "存在问题", "存在的问题", "问题")
NUMBER_WORDS = ("序号", "编号", "序", "意见编号")
QUOTE_WORDS = ("原文", "原条文", "原表述", "原文表述", "原文内容", "修改前", "现表述", "现行表述", "现文", "现稿")
SECTION_WORDS = ("章节", "部分", "章")
LOCATION_WORDS = ("页码", "页次", "页", "行数", "行号", "行次", "第几行", "段落位置")
# A proposal cell that says there is none: "无", "—", "暂无意见".
NOTHING_WORDS = frozenset({"无", "没有", "暂无", "无意见", "暂无意见", "无修改意见", "无建议", "无修改", "/", "-", "—", "——", "－", "／",
                           # the clause kept as it is: "同意原文" in a row a clause
                           "同意", "同意原文", "同意原稿", "同意本条", "赞同", "认可", "原文不变", "维持原文", "保持原文", "不修改",
                           # a pointer to where the comment is (a cell note, an attachment): read there, not here
                           "见批注", "详见批注", "见备注", "详见备注", "见附件", "详见附件"})
REF_WORDS = ("条款", "条目", "位置", "项", "项次", "第几项", "第几条", "条款号", "条文", "条", "款项", "所在条款", "段落", "序号及条款", "部位", "修改部位", "所在位置",
             "涉及内容", "涉及条款", "涉及条文", "所涉内容", "对应内容", "对应条款", "原文位置", "修改位置", "修改条款")


@dataclass(frozen=True)
class Header:
    row: int
    proposal: int
    ref: int | None
    section: int | None
    reason: int | None
    quote: int | None


def _norm(cell: str) -> str:
    return _SPACES.sub("", cell or "")


ITEM_WORDS = ("项目", "项次", "条目序号", "第几项")
EXACT_ONLY = ("项", "内容")  # a header of 项 alone (部分 | 项 | 修改意见), never inside another word (项目)


def _find(cells: list[str], words: tuple[str, ...], exclude: set[int]) -> int | None:
    """The first column whose header is one of `words`, or contains one (in that order)."""
    for exact in (True, False):
        for word in words:
            for i, cell in enumerate(cells):
                if i in exclude or not cell:
                    continue
                if (cell == word) if exact else (word in cell and len(cell) <= 8 and word not in EXACT_ONLY):
                    return i
    return None


def find_header(rows: list[list[str]]) -> Header | None:
    """The header row among the first rows: it names a proposal column and one more. A header of
    two rows (位置 merged over 部分 | 条) is read as one: the lower row's names where it has them."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        header = _header_of([_norm(c) for c in row], index, rows[index + 1:])
        if header is None:
            continue
        if index + 1 < len(rows) and _sub_header(rows[index + 1]):
            below = [_norm(c) for c in rows[index + 1]]
            cells = [low if low else top for top, low in zip([_norm(c) for c in row], below + [""] * len(row))]
            return _header_of(cells, index + 1, rows[index + 2:]) or header
        return header
    return None


def _sub_header(row: list[str]) -> bool:
    """The lower row of a two-row header: short names only, at least one of a place (部分, 条)."""
    cells = [_norm(c) for c in row if _norm(c)]
    return bool(cells) and all(len(c) <= 6 and not re.search(r"\d", c) for c in cells) \
        and any(c in REF_WORDS + SECTION_WORDS + QUOTE_WORDS + PROPOSAL_WORDS for c in cells)  # 原文 | 建议修改为 under 修改意见


_HEADER_NOTE = re.compile(r"[（(][^）)]{0,20}[）)]")  # "具体意见和建议（请逐条填写）": the form's own note


_ENGLISH = re.compile(r"[A-Za-z][A-Za-z .:/&'()-]*")  # "条款 Clause", "修改建议 Suggestion": the translation aside
_HAN = re.compile(r"[\u4e00-\u9fff]")


_BOTH_RE = re.compile(r"(?:原文|原条文|原表述)(?:及|和|与|、|/)(?:修改意见|修改建议|意见|建议|修改内容|意见建议)")


def _cells_name_clauses(rows: Sequence[list[str]], column: int) -> bool:
    """"报送单位 | 日期 | 意见" over "第12条：……": a column of comments that each name their clause
    first stands for the clause column the form lacks."""
    cells = [row[column].strip() for row in rows if column < len(row) and row[column].strip()]
    led = sum(1 for cell in cells if CLAUSE_LEAD_RE.match(cell))
    return len(cells) >= 2 and led * 3 >= len(cells) * 2


def _header_of(cells: list[str], index: int, below: Sequence[list[str]] = ()) -> Header | None:
    cells = [_HEADER_NOTE.sub("", c) or c for c in cells]
    cells = [_ENGLISH.sub("", c) if _HAN.search(c) else c for c in cells]
    if sum(1 for c in cells if c) < 2 or any(len(c) > 12 for c in cells):
        return None
    # "原文及修改意见": one column holding the quotation and the proposal is the proposal's
    both = next((i for i, c in enumerate(cells) if _BOTH_RE.fullmatch(c)), None)
    taken: set[int] = set()
    quote = _find(cells, QUOTE_WORDS, {both} if both is not None else set())
    taken |= {quote} if quote is not None else set()
    proposal = both if both is not None else _find(cells, PROPOSAL_WORDS, taken)
    if proposal is None:
        return None
    taken.add(proposal)
    reason = _find(cells, REASON_WORDS, taken)
    taken |= {reason} if reason is not None else set()
    ref = _find(cells, REF_WORDS, taken)
    taken |= {ref} if ref is not None else set()
    section = _find(cells, SECTION_WORDS, taken)
    if ref is None and section is not None:  # 部分 | 项目: beside a part's column, 项目 is its item (第4项), not a topic
        ref = _find(cells, ITEM_WORDS, taken | {section})
    if ref is None and section is not None:
        ref, section = section, None
    # A form that places each comment by page and line (页码 | 行数 | 意见) has no clause column;
    # its comments are placed by the words they quote.
    location = _find(cells, LOCATION_WORDS, taken)
    # a web system's export (编号 | 意见内容 | 提交人 …): numbered rows under a column plainly of comments
    # or a table of nothing else (序号 | 意见: the comments numbered, their places in their words)
    numbered = _find(cells, NUMBER_WORDS, taken) is not None and (len(cells[proposal]) >= 4 or sum(1 for c in cells if c) == 2)
    if ref is None and quote is None and reason is None and location is None and not numbered \
            and not _cells_name_clauses(below, proposal):
        return None
    if cells[proposal] == "内容" and ref is None:
        return None
    return Header(index, proposal, ref, section, reason, quote)


def row_tail(text: str, ref: str) -> bool:
    """A row holding only the last characters of the row above ("支。": a page break cut it)."""
    return len(re.sub(r"\W", "", text)) <= 3 and not ref and not proposes(text)


def _two_columns(rows: list[list[str]]) -> Header | None:
    """A table of two columns and no header, the draft's words on the left and the proposal on
    the right ("第三条 完善……政策。 | 建议修改为：……"): most rows' right cell proposes, no left one
    does. The left cell is the row's reference (its clause number, or the words it quotes)."""
    filled = [[c for c in row if (c or "").strip()] for row in rows]
    pairs = [cells for cells in filled if len(cells) == 2]
    if len(pairs) < 2 or len(pairs) < 0.8 * len([f for f in filled if f]):
        return None
    if sum(proposes(right) for _, right in pairs) < 0.6 * len(pairs) or any(proposes(left) for left, _ in pairs):
        return None
    first = next(row for row, cells in zip(rows, filled) if len(cells) == 2)
    left, right = [i for i, cell in enumerate(first) if (cell or "").strip()]
    return Header(-1, right, left, None, None, None)


SAME_AS_ABOVE = r"(?:同上|同前|同上条|同上一条|同前条|同左|〃|\"|”)"
_REF_CELL = re.compile(rf"\s*(?:第\s*[0-9０-９一二三四五六七八九十]+\s*[条部分章]+.*|{SAME_AS_ABOVE}|本部分|全文|总体)\s*")


def _unheaded(rows: list[list[str]]) -> Header | None:
    """A ruled table with no header row (its page's continued from a page before, sent as a picture
    of its own: 3 | 同上 | 建议…… | 理由): the column whose cells propose in every row, the one
    left of it naming clauses (第15条, 同上), the one right of it, proposing nothing, the reasons."""
    filled = [row for row in rows if any((c or "").strip() for c in row)]
    width = len(filled[0]) if filled else 0
    if len(filled) < 2 or width < 3 or any(len(row) != width for row in filled):
        return None
    for proposal in range(1, width):
        if all(proposes(cell_text(row, proposal)) for row in filled) and all(
                _REF_CELL.fullmatch(cell_text(row, proposal - 1)) for row in filled):
            reason = proposal + 1 if proposal + 1 < width and not any(proposes(cell_text(r, proposal + 1)) for r in filled) else None
            return Header(-1, proposal, proposal - 1, None, reason, None)
    return None


def cell_text(row: list[str], index: int | None) -> str:
    if index is None or index >= len(row):
        return ""
    return (row[index] or "").strip()


# An 条目 cell about its whole part: 本部分, 总体, 本部分总体, 该部分整体意见, 本章内容.
WHOLE_PART_REF = re.compile(r"(?:本部分|本章|本节|该部分|整个部分|全部分)(?:的)?(?:总体|整体|全部|综合)?(?:意见|内容)?"
                            r"|(?:总体|整体|全部|综合)(?:意见)?")


def row_ref(row: list[str], header: Header) -> str:
    """The row's clause reference; a 章节 column plus an 条目 column make a relative one."""
    ref = cell_text(row, header.ref)
    bracketed = re.fullmatch(r"[（(【\[]\s*(.+?)\s*[）)】\]]", ref)
    if bracketed and WHOLE_PART_REF.fullmatch(bracketed.group(1)):
        ref = bracketed.group(1)  # "（本部分）", "（本部分整体）"
    section = cell_text(row, header.section)
    if ref == "一" and any(re.search(r"本部分|本章|该部分", cell or "") for cell in row):
        ref = "—"  # a dash read as 一 by the OCR, the row about its whole part ("（本部分）", "建议本部分增加……")
    ref = ref or _clause_elsewhere(row, header)
    if not section:
        if header.section is not None and re.fullmatch(r"[0-9０-９]{1,2}", ref):
            return f"{ITEM_NUMBER}{ref}"  # 条目 4 with its 章节 left empty (or lost): a clause to check, not a sure one
        return ref
    if not ref and _CLAUSE_ONLY.fullmatch(section):
        return section  # "第8条" typed under 部分, the 条目 cell left empty: the clause
    if not ref or ref in ("—", "-", "/", "无") or WHOLE_PART_REF.fullmatch(ref):
        return section if re.search(r"部分|章|全文|总体|整体", section) else f"第{section}部分"
    # 二 / 第二部分 / 二、发挥工人阶级主力军作用: the section's number, its title aside
    bare = re.fullmatch(r"第?\s*([0-9０-９一二三四五六七八九十]+)\s*(?:(?:部分|章|、|\.|．).*)?", section)
    if bare and re.fullmatch(r"[0-9０-９一二三四五六七八九十]+", ref):
        return f"第{bare.group(1)}部分第{ref}条"
    if bare and re.fullmatch(r"[0-9０-９一二三四五六七八九十]+(?:\s*[、,，和及]\s*[0-9０-９一二三四五六七八九十]+)+", ref):
        return f"第{bare.group(1)}部分第{ref}条"  # 部分 三 + 条目 9、10: two items of the part (or two clauses)
    paren = re.fullmatch(r"[(（]\s*([0-9０-９一二三四五六七八九十]+)\s*[)）]", ref)
    if bare and paren:  # 部分 三、… + 条 （五）: the fifth item of section 三, as the draft numbers it
        return f"第{bare.group(1)}部分第{paren.group(1)}条"
    if bare and re.fullmatch(r"第\s*[0-9０-９一二三四五六七八九十]+(?:\s*[、,，和及]\s*[0-9０-９一二三四五六七八九十]+)*\s*[条款项点]", ref):
        return f"第{bare.group(1)}部分{ref}"  # 章节 二 + 条目 第1条 (第1、2条): the 1st clause of section 二
    return f"{section} {ref}"


_CLAUSE_ONLY = re.compile(r"\s*第?\s*[0-9０-９一二三四五六七八九十]+\s*条\s*")  # "第6条", "14条"


def _clause_elsewhere(row: list[str], header: Header) -> str:
    """The 条款 cell empty, the clause typed into another cell, carelessly: "第15条……" opening a
    cell before the proposal (序号), or a cell holding only "第6条" (原文, 提出单位)."""
    for index, cell in enumerate(row):
        if index in (header.proposal, header.ref, header.section):
            continue
        if index == header.reason and not _CLAUSE_ONLY.fullmatch(cell or ""):
            continue  # a 备注 holding only "第17条" is where the row belongs, not why
        before = index < header.proposal and index != header.quote
        if _CLAUSE_ONLY.fullmatch(cell or "") or (before and _LEADING_CLAUSE.match(cell or "")):
            return (cell or "").strip()
    return ""


# A form's own rows, left in by the unit. Only the row's leading label cell (its first
# filled cell: 序号, 条款) marks a row by a bare word ("示例", "例：", "例如", "填写说明：", "注："):
# a proposal that begins "例如…" is a comment. Any cell but the proposal may say so outright
# ("此行为填写示例", "（示例）", "填写时请删除") or hold a placeholder ("第X条", "XX单位");
# the proposal cell only by a label with a colon or brackets ("示例：…", "（示例）…").
LABEL_RE = re.compile(
    r"^[（(【\[〔]?\s*(?:填写|填表|填报)?(?:示例|样例|范例|示范|举例|例如|例)\s*[0-9０-９一二三]?\s*[)）】\]〕]?\s*(?:[:：]|$)"
    r"|^此行|^[（(【\[]?\s*(?:填写|填表|填报|使用)(?:说明|要求|须知|示例)|^(?:注|说明|备注)\s*[0-9０-９]?\s*[:：]"
)
PROPOSAL_LABEL_RE = re.compile(r"^[（(【\[〔]\s*(?:填写|填表|填报)?(?:示例|样例|范例|示范)|^(?:填写|填表|填报)?(?:示例|样例|范例|例)\s*[:：]")
MARKER_RE = re.compile(
    r"此行为?.{0,6}(?:示例|样例|范例|例子|示范)|(?:示例|样例|范例)行"
    r"|[（(【\[〔]\s*(?:填写|填表|填报)?(?:示例|样例|范例|示范)\s*[)）】\]〕]|(?:填写|使用|报送|提交|正式报送)(?:时|前)请?删除"
)
PLACEHOLDER_RE = re.compile(r"^第\s*[X×xＸ*＊]+\s*(?:条|款|章|节|项|部分)|^[X×xＸ*＊○〇]{2,}\S{0,10}$|^(?:填写|填表)?(?:示例|样例|范例|例)$")
ELLIPSIS_QUOTES_RE = re.compile(r"[“\"](?:…|\.|。){2,}[”\"]")


def is_example_row(row: list[str], proposal: int | None = None) -> bool:
    """A template's example, placeholder or instruction row, not a comment. `proposal`: the
    column of the proposal (the header's), whose text is the unit's own words."""
    cells = [(c or "").strip() for c in row]
    lead = next((i for i, c in enumerate(cells) if c), None)
    if lead is None:
        return False
    if (PROPOSAL_LABEL_RE if lead == proposal else LABEL_RE).match(cells[lead]):
        return True
    others = [c for i, c in enumerate(cells) if i != proposal and c]
    if any(MARKER_RE.search(c) or PLACEHOLDER_RE.search(c) for c in others):
        return True
    if proposal is not None and MARKER_RE.search(cell_text(cells, proposal)):
        return True  # "第6条 | 例：此行为填写示例，请勿修改": the form's words in the proposal's cell
    return proposal is not None and bool(ELLIPSIS_QUOTES_RE.search(cell_text(cells, proposal)))


# A row whose words are a wording or punctuation fix ("此处句号应为逗号", "错别字：“工做”应为“工作”")
# proposes something even without 建议: it stays a comment beside a closing word in another cell.
WORDING_FIX_RE = re.compile(
    r"应为|应是|应改|改为|错别字|错字|别字|笔误|漏字|多字|标点|句号|逗号|顿号|分号|冒号|引号|括号|书名号|问号"
    r"|多余|有误|不通顺|病句|语序|删去|删除|增加|补充"
)


def _swapped(row: list[str], header: Header) -> list[str]:
    """A row filled in the wrong columns, the clause under 修改意见 and the proposal under 条款
    ("建议将“12351”热线与企业服务号对接 | 第13条"): read as meant."""
    if header.ref is None or header.ref >= len(row) or header.proposal >= len(row):
        return row
    ref, text = cell_text(row, header.ref), cell_text(row, header.proposal)
    bare = _REF_CELL.fullmatch(text) and len(re.sub(r"\W", "", text)) <= 8 and not proposes(text)
    said = len(re.findall(r"[\u4e00-\u9fff]", ref)) >= 8  # a sentence of its own, not a clause's name
    if not (bare and ref and (proposes(ref) or said) and not _REF_CELL.fullmatch(ref)):
        return row
    swapped = list(row)
    swapped[header.ref], swapped[header.proposal] = row[header.proposal], row[header.ref]
    return swapped


def _closing_row(row: list[str], text: str) -> bool:
    """A signature or contact line under a table without rules is no row of it; a row whose
    proposal proposes something is one, whatever else its cells say ("仅供参考" as the reason)."""
    if not is_closing("".join(row)):
        return False
    return is_closing(text) or not (SUGGEST_RE.search(text) or WORDING_FIX_RE.search(text))


# A form's footer counting its rows: "合计 | 共3条意见", "共计：5条".
_TOTALS_LABEL = re.compile(r"^\s*(?:合\s*计|小\s*计|总\s*计|共\s*计|汇\s*总)\s*[:：]?\s*$")
_TOTALS_TEXT = re.compile(r"^\s*(?:合计|共计|总计|小计)?\s*[:：]?\s*共?\s*[0-9０-９一二三四五六七八九十]{1,3}\s*(?:条|项|点|处)(?:意见|建议|修改意见)?\s*[。.]?\s*$")


# A cell kept for a comment not written yet: "（待各医院工会反馈后汇总）", "待补充", "（待定）".
PENDING_CELL_RE = re.compile(r"\s*[（(【\[]?\s*(?:待|暂缺|暂无内容|尚未|(?:详|具体|意见)?见(?:下表|附表|下页|后表|表格?|附件|附页|下文|后附))[^）)】\]。]{0,30}[）)】\]]?\s*[。.]?\s*")


def _spanning_label(row: list[str], header: Header, text: str) -> bool:
    """A row of one cell merged across the form ("二、发挥工人阶级主力军作用" over the rows of that
    part): its text fills the 条款 cell and the 意见 cell alike, and it proposes nothing."""
    return header.ref is not None and _norm(cell_text(row, header.ref)) == _norm(text) and not proposes(text)


def _totals_row(row: list[str], text: str) -> bool:
    return bool(_TOTALS_TEXT.match(text)) or any(_TOTALS_LABEL.match(cell or "") for cell in row[:2]) and not proposes(text)


_SIGNED = re.compile(r"年\S{1,3}月|(?:工会|委员会|公司|单位|办公室)\s*$")


def _signature_row(row: list[str], proposal: int, text: str) -> bool:
    """A last line caught in a table without rules: the unit and the date in the proposal's
    column alone ("龙井市总工会 二〇一四年九月十八日", a stamp's OCR), proposing nothing."""
    alone = all(not (cell or "").strip() for index, cell in enumerate(row) if index != proposal)
    return alone and not proposes(text) and bool(_SIGNED.search(text))


@dataclass(frozen=True)
class TableReading:
    """A table read: its header (None: no comment table), and by row index (0-based) the
    comment Blocks and the template's example rows (Blocks of kind "template_example")."""

    header: Header | None
    comments: tuple[tuple[int, Block], ...] = ()
    examples: tuple[tuple[int, Block], ...] = ()
    transposed: bool = False  # the form runs across: its labels down the first column, a comment a column


def transpose(rows: list[list[str]]) -> list[list[str]]:
    """The table's columns as rows (short rows padded)."""
    width = max((len(row) for row in rows), default=0)
    return [[row[i] if i < len(row) else "" for row in rows] for i in range(width)]


TRANSPOSED_LABEL_COLUMNS = 2  # a form laid across has its labels (条款, 修改意见, 理由) in its first columns


def read_table(rows: list[list[str]], origin: str, kind: BlockKind) -> TableReading:
    """One Block per row under the header that has a proposal; example rows set apart. A cell
    only pointing elsewhere ("修改意见 | （详见下表）" over a table inside it) is no comment."""
    reading = _read_table(rows, origin, kind)
    kept = tuple((i, b) for i, b in reading.comments if not PENDING_CELL_RE.fullmatch(b.text))
    return reading if len(kept) == len(reading.comments) else dataclasses.replace(reading, comments=kept)


def _read_table(rows: list[list[str]], origin: str, kind: BlockKind) -> TableReading:
    stacked = _stacked_rows(rows)
    if stacked is not None:
        return _read_table(stacked, origin, kind)
    header = find_header(rows) or _two_columns(rows) or _unheaded(rows)
    if header is None:
        labelled = labelled_blocks(rows, origin, kind)
        if labelled:
            return TableReading(VERTICAL, tuple(enumerate(labelled)))
        return _read_across(rows, origin, kind)
    return _rows_read(rows, header, origin, kind, "行")


_STACK_PARTS = ("原文", "修改意见", "理由")
_STACK_LABELS = {**{w: "原文" for w in QUOTE_WORDS}, **{w: "修改意见" for w in PROPOSAL_WORDS}, **{w: "理由" for w in REASON_WORDS}}


def _stacked_rows(rows: list[list[str]]) -> list[list[str]] | None:
    """A form giving each comment in several rows, a column naming each row's part (序号 | 条款 |
    项目 | 内容: 原文 / 修改为 / 理由, 序号 and 条款 merged down): one row a comment, under a
    header of those parts; None for any other table."""
    width = max((len(r) for r in rows), default=0)
    for column in range(1, width - 1):
        labels = [_norm(r[column]) if column < len(r) else "" for r in rows]
        marked = [i for i, label in enumerate(labels) if label in _STACK_LABELS]
        if len(marked) < 4 or [_STACK_LABELS[labels[i]] for i in marked].count("修改意见") < 2:
            continue  # each comment's proposal row, two comments at least
        first = marked[0]
        keys = [c for c in rows[first - 1][:column]] if first else [f"列{i + 1}" for i in range(column)]
        out = [[*keys, *_STACK_PARTS]]
        for i in marked:
            slot, value, place = column + _STACK_PARTS.index(_STACK_LABELS[labels[i]]), cell_text(rows[i], column + 1), rows[i][:column]
            if len(out) == 1 or place != out[-1][:column] or out[-1][slot]:  # the next comment's rows begin
                out.append([*place, "", "", ""])
            out[-1][slot] = value
        return out
    return None


def _read_across(rows: list[list[str]], origin: str, kind: BlockKind) -> TableReading:
    """A form laid across (条款 | 第4条 | 第9条 / 修改意见 | … | …): read column by column. It takes
    two proposals side by side; a form of one value column (意见情况 | …) is a labelled form."""
    titled = 0
    while titled < len(rows) - 1 and len({(c or "").strip() for c in rows[titled] if (c or "").strip()}) <= 1:
        titled += 1  # the title merged across the top ("……修改意见"), or a line of one cell: above the form
    across = transpose([[""] * len(row) for row in rows[:titled]] + rows[titled:])  # blanked, so indices stay the sheet's
    header = find_header(across[:TRANSPOSED_LABEL_COLUMNS])
    if header is None:
        return TableReading(None)
    reading = _rows_read(across, header, origin, kind, "列")
    if len({index for index, _ in reading.comments}) < 2:
        return TableReading(None)
    return dataclasses.replace(reading, transposed=True)


def _rows_read(rows: list[list[str]], header: Header, origin: str, kind: BlockKind, line: str) -> TableReading:
    """The rows under the header: a comment each that has a proposal (a row a "行", or, for a
    form laid across, a column a "列")."""
    comments: list[tuple[int, Block]] = []
    examples: list[tuple[int, Block]] = []
    part = ""
    for index in range(header.row + 1, len(rows)):
        row = rows[index]
        row = _swapped(row, header)
        text, reason = cell_text(row, header.proposal), cell_text(row, header.reason)
        if not text and proposes(reason):  # the proposal typed one column too far, into 理由
            text, reason = reason, ""
        if not text or _norm(text) in PROPOSAL_WORDS or _nothing(text) or _closing_row(row, text):
            continue
        if _signature_row(row, header.proposal, text) or is_choice_line(text) or says_only_none(text):
            continue  # "本部分无修改意见。" across the row: nothing to change
        if FORM_NOTE_RE.match(text) or _totals_row(row, text) or PENDING_CELL_RE.fullmatch(text):
            continue  # "（可加行）": the form's own instruction; "合计 | 共3条意见"; "（待汇总）": not written yet
        if REASON_LINE_RE.match(text) and not proposes(REASON_LINE_RE.sub("", text)):
            continue  # "理由：……" alone: the why of a change set out in a table inside the cell, read with that table
        if text.endswith(("：", ":")) and (not proposes(text) or len(text) <= 8 or LEAD_IN_RE.search(text)):
            continue  # "三、关于第十三条：", "建议修改为：" over a table inside the cell, which holds the comment
        if comments and row_tail(text, cell_text(row, header.ref)):  # "支。" carried over a page break: the row above's end
            at, above = comments[-1]
            comments[-1] = (at, dataclasses.replace(above, text=above.text + text))
            continue
        example = is_example_row(row, header.proposal)
        if not example and _spanning_label(row, header, text):
            part = text  # a part's heading over its rows: the rows below are in that part ("本部分 | 建议……")
            continue
        items = cell_items(text)
        ref = row_ref(row, header) or _quote_ref(cell_text(row, header.quote))
        if SAME_AS_ABOVE_RE.fullmatch(ref) and comments:  # 条款 "同上": the row above's clause
            ref = comments[-1][1].ref
        if re.search(r"第\s*[0-9０-９一二三四五六七八九十]{1,3}$", ref) and text.startswith("条"):
            ref, text = ref + "条", text[1:].lstrip()  # "第15" | "条建议……": a scan cut the cell's word at the column's edge
            items = cell_items(text)
        for number, item in enumerate(items, start=1):
            # an item opening on its own clause, in a row on another clause: that one (a row on a part keeps it)
            own = _LEADING_CLAUSE.match(_unadded(strip_enum(item))) if len(items) > 1 and _on_a_clause(ref) else None
            block = Block(
                kind="template_example" if example else kind,
                text=item,
                origin=f"{origin}第{index + 1}{line}" + (f"第{number}项" if len(items) > 1 else ""),
                ref=_in_row_part(own.group(0).strip(), ref) if own else ref,
                reason=reason,
                quote="" if own else cell_text(row, header.quote),  # the row's words are its own clause's
                context=part,
            )
            (examples if example else comments).append((index, block))
    return TableReading(header, tuple(comments), tuple(examples))


SAME_AS_ABOVE_RE = re.compile(rf"\s*{SAME_AS_ABOVE}\s*")


def carried_ditto(blocks: Sequence[Block], above: str = "") -> tuple[list[Block], str]:
    """A table row whose clause cell says 同上 with no row above it in its table: the table goes on
    from the page or picture before (a letter photographed page by page), so the row above is
    the last row read there. Returns the blocks and the clause of their last row, for the next."""
    out = []
    for block in blocks:
        if block.kind in ("table_row", "sheet_row"):
            if SAME_AS_ABOVE_RE.fullmatch(block.ref) and above:
                block = dataclasses.replace(block, ref=above)
            above = block.ref if not SAME_AS_ABOVE_RE.fullmatch(block.ref) else above
        out.append(block)
    return out, above


# A cell listing its comments each on its clause ("第8条：……；\n第9条：……", "本部分：……"): one
# comment each. Any other cell, lines and all, is one comment.
_ITEM_LEAD = re.compile(rf"{CLAUSE_LEAD_RE.pattern}|^(?:本部分|本章|全文|总体)\s*[:：]")


def cell_items(text: str) -> list[str]:
    parts = [part.strip() for part in _ITEM_SPLIT.split(text) if part.strip()]
    # "收费站实行四班三运转，夜班多。①第10条建议…；②第6条…": the sentence before ① is said of them all,
    # kept with the first item; the items are read from their markers
    heads = [_PREAMBLE_RE.sub("", parts[0], count=1), *parts[1:]] if parts else []
    leads = [bool(_ITEM_LEAD.match(_unadded(strip_enum(part)))) for part in heads]
    if len(parts) >= 2 and all(leads):  # "1.第6条：…"
        return parts
    if len(parts) >= 2 and _counted(heads) and any(leads):
        return parts  # "1.建议将…写入；2.第17条也应写明…": numbered items, one naming a clause of its own
    if len(parts) >= 2 and any(lead and _ADDED_LEAD.match(strip_enum(part)) for part, lead in zip(parts[1:], leads[1:])):
        return parts  # "建议…挂钩；另第6条…应加强检查": a further point, on a clause of its own
    return [text]


_PREAMBLE_RE = re.compile(r"^[^①]{2,80}?[。：:]\s*(?=①)")


# "另，第十一条中…", "另外第6条…": a further point opening on its clause.
_ADDED_LEAD = re.compile(r"^\s*(?:另外|此外|另|还有|再有|再者)\s*[，,、:：]?\s*(?=第|[0-9０-９一二三四五六七八九十]{1,3}\s*条)")


def _unadded(part: str) -> str:
    return _ADDED_LEAD.sub("", part, count=1)


def _counted(parts: list[str]) -> bool:
    """Each part opens on the next number: 1. … 2. … (a list, not a sentence cut at its semicolons)."""
    return [enum_value(part) for part in parts] == list(range(1, len(parts) + 1))


def _on_a_clause(ref: str) -> bool:
    """A row on one clause ("第10条", "10", "第四部分第14条") or on none: not on a whole part
    ("三、建立稳定协调的劳动关系"), whose items naming clauses stay in it."""
    return not ref or bool(re.search(r"[条项款]", ref)) or bool(re.fullmatch(r"\s*[0-9０-９]{1,2}\s*", ref))


# lines a scan joined: "…支持。第3条：…", "…支持。2.第3条：…"
# "…范围。2.第10条建议…": numbered, the colon may be left out
_ITEM_SPLIT = re.compile(r"\n|(?<=[；;])|(?<=[^\d\s]。)(?=\s*(?:[0-9０-９]{1,2}\s*[.．、]\s*第\s*[0-9０-９一二三四五六七八九十]+\s*条"
                         r"|(?:第\s*)?[0-9０-９一二三四五六七八九十]+\s*条\s*[:：]))")


_LEADING_CLAUSE = re.compile(r"^\s*第\s*[0-9０-９一二三四五六七八九十]+\s*条")
_ROW_PART_RE = re.compile(r"^\s*(第\s*[0-9０-９一二三四五六七八九十]+\s*部分)(.*)$")
_NUMBER_RE = re.compile(r"[0-9０-９]+|[一二三四五六七八九十]+")


def _in_row_part(own: str, ref: str) -> str:
    """An item's "第1条" in a row on "第五部分第1、2条": the part's first clause, as the row counts
    (the item repeats one of the row's own numbers, so it counts as the row does)."""
    part = _ROW_PART_RE.match(ref)
    if not part:
        return own
    listed = set(_NUMBER_RE.findall(part.group(2)))
    return part.group(1) + own if set(_NUMBER_RE.findall(own)) <= listed and listed else own


def _quote_ref(quote: str) -> str:
    """An 原文 cell that opens with its clause ("第八条“广泛开展……”"): that clause, for a form
    without a 条款 column."""
    found = _LEADING_CLAUSE.match(quote)
    return found.group(0).strip() if found else ""


VERTICAL = Header(-1, 1, 0, None, None, None)  # a form of labels and values (one comment a block of rows)


def labelled_blocks(rows: list[list[str]], origin: str, kind: BlockKind) -> list[Block]:
    """A form that labels its values down the left ("条款 | 第7条", "修改意见 | 建议……",
    "理由 | ……"), one block of rows a comment, or one 修改意见 cell listing several (1.第3条：……
    2.第8条：……): each proposal with the 条款 and 理由 of its block."""
    filled = [[c.strip() for c in row if (c or "").strip()] for row in rows]
    if any(len(cells) > 2 for cells in filled):
        return []
    labels = [(_unnumbered(_HEADER_NOTE.sub("", _norm(cells[0]))), cells[1] if len(cells) > 1 else "") for cells in filled if cells]
    if not any(label in PROPOSAL_WORDS and value for label, value in labels):
        return []
    out: list[Block] = []
    ref = reason = ""
    for number, (label, value) in enumerate(labels, start=1):
        if label in REF_WORDS:
            ref = value
        elif label in REASON_WORDS and out and not out[-1].reason:
            out[-1] = dataclasses.replace(out[-1], reason=value)
        elif label in PROPOSAL_WORDS and (value := _unnoted(value)) and not _nothing(value):
            items = cell_items(value)  # "1.第10条：…。2.第3条：…" in one box, its lines joined by a scan
            lines = items if len(items) > 1 else value.splitlines()
            found = text_blocks(lines, f"{origin}第{number}行", kind) or (
                [] if _around_a_table(value) else [Block(kind, value, f"{origin}第{number}行")])
            out += [dataclasses.replace(b, ref=b.ref or ref) for b in found]
            ref = reason = ""
    return out


# "（公司工会 盖章）", "（签章）": where the stamp goes.
_STAMP_LINE_RE = re.compile(r"^\s*[（(]?[^（）()]{0,12}(?:盖章|签章|公章|签字|签名)\s*[)）]?\s*$")


def _around_a_table(value: str) -> bool:
    """"经研究，意见如下：" over a table in the cell, maybe a stamp line under it ("（公司工会 盖章）"):
    nothing of its own; the table holds the comments."""
    lines = [line for line in value.splitlines() if line.strip()]
    return any(LEAD_IN_RE.search(line) for line in lines) and all(
        LEAD_IN_RE.search(line) or _STAMP_LINE_RE.match(line) or is_closing(line) for line in lines)


# "意见一 | ……", "建议2 | ……", "修改意见（三） | ……": a form's numbered boxes, each a proposal's.
_NUMBERED_LABEL_RE = re.compile(r"(?P<label>.{1,6}?)\s*(?:[一二三四五六七八九十]{1,3}|[0-9]{1,2}|[（(]\s*[一二三四五六七八九十0-9]{1,3}\s*[)）])")


def _unnumbered(label: str) -> str:
    numbered = _NUMBERED_LABEL_RE.fullmatch(label)
    return numbered["label"] if numbered and numbered["label"] in PROPOSAL_WORDS else label


def _unnoted(cell: str) -> str:
    """The cell without the form's own notes ("（可加行）" left in an empty 意见建议 cell)."""
    return "\n".join(line for line in cell.splitlines() if line.strip() and not FORM_NOTE_RE.match(line)).strip()


def _nothing(cell: str) -> bool:
    """"无", "/", or a sentence saying so ("经征求各学校工会意见，无修改意见。")."""
    return _norm(cell).rstrip("。.；;！!") in NOTHING_WORDS or says_only_none(cell)


def says_none(rows: list[list[str]]) -> bool:
    """A comment form whose every filled proposal cell says there is none ("1 | / | 无 | /"),
    or a form of labels whose 修改意见 says so ("修改意见 | 无"): the unit's 无意见, given in the form."""
    header = find_header(rows)
    if header is None:
        values = [cells[1] for row in rows if len(cells := [c for c in row if (c or "").strip()]) == 2
                  and _HEADER_NOTE.sub("", _norm(cells[0])) in PROPOSAL_WORDS]
        return bool(values) and all(_nothing(v) for v in values)
    below = rows[header.row + 1:]
    filled = [cell for row in below if _norm(cell := cell_text(row, header.proposal)) and not _closing_row(row, cell)
              and not is_example_row(row, header.proposal)]  # the form's 示例 row left in
    return bool(filled) and all(_nothing(cell) for cell in filled)  # "填表人：… | | 2014年9月24日" under it is no row


def table_blocks(rows: list[list[str]], origin: str, kind: BlockKind) -> list[Block]:
    """The comment Blocks of a table (its example rows left out)."""
    return [block for _, block in read_table(rows, origin, kind).comments]


def lines_blocks(lines: list[str], origin: str, kind: BlockKind) -> list[Block]:
    """Text as read from a mail body or a web page: its prose, and its tables (an HTML table
    arrives as lines of cells joined by " | "), read like a Word table so the header's columns
    are used."""
    rows = [i for i, line in enumerate(lines) if line.count(" | ") >= 1 or line.strip().count("\t") >= 1]
    table: list[Block] = []
    if len(rows) >= 2:  # an HTML table's rows, or a table pasted from Word or Excel (cells between tabs)
        # a pasted row's leading tabs are its empty first cells: kept
        table = table_blocks([re.split(r" ?\| ?|\t", lines[i].strip(" \r\n\u3000")) for i in rows], f"{origin}表格", "table_row")
    prose = [("" if table and i in set(rows) else line) for i, line in enumerate(lines)]
    return text_blocks(prose, origin, kind) + table
