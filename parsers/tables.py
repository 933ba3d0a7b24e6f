"""Comment tables, from Word or Excel: find the header row, read each row as a Block.

Units make their own tables, so the header's words vary (条款/章节/条目/位置,
修改意见/意见建议/修改建议, 理由/说明/备注, 原文/原文表述) and it may sit below
title rows. Both parsers.docx and parsers.xlsx hand their grids to `table_blocks`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from parsers.records import Block, BlockKind
from parsers.segment import is_closing

HEADER_SEARCH_ROWS = 12
_SPACES = re.compile(r"\s+")

PROPOSAL_WORDS = (
    "修改意见", "意见建议", "修改建议", "具体意见", "意见和建议", "修改内容", "修改后表述", "修改后的表述", "修改后内容",
    "建议修改为", "建议表述", "修改为", "建议", "意见",
)
REASON_WORDS = ("理由", "说明", "备注", "依据", "原因")
QUOTE_WORDS = ("原文", "原条文", "原表述", "原文表述", "原文内容", "修改前")
SECTION_WORDS = ("章节", "部分", "章")
REF_WORDS = ("条款", "条目", "位置", "条款号", "条文", "条", "款项", "所在条款", "段落", "序号及条款")


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


def _find(cells: list[str], words: tuple[str, ...], exclude: set[int]) -> int | None:
    """The first column whose header is one of `words`, or contains one (in that order)."""
    for exact in (True, False):
        for word in words:
            for i, cell in enumerate(cells):
                if i in exclude or not cell:
                    continue
                if (cell == word) if exact else (word in cell and len(cell) <= 8):
                    return i
    return None


def find_header(rows: list[list[str]]) -> Header | None:
    """The header row among the first rows: it names a proposal column and one more."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        cells = [_norm(c) for c in row]
        if sum(1 for c in cells if c) < 2 or any(len(c) > 12 for c in cells):
            continue
        taken: set[int] = set()
        quote = _find(cells, QUOTE_WORDS, taken)
        taken |= {quote} if quote is not None else set()
        proposal = _find(cells, PROPOSAL_WORDS, taken)
        if proposal is None:
            continue
        taken.add(proposal)
        reason = _find(cells, REASON_WORDS, taken)
        taken |= {reason} if reason is not None else set()
        ref = _find(cells, REF_WORDS, taken)
        taken |= {ref} if ref is not None else set()
        section = _find(cells, SECTION_WORDS, taken)
        if ref is None and section is not None:
            ref, section = section, None
        if ref is None and quote is None and reason is None:
            continue
        return Header(index, proposal, ref, section, reason, quote)
    return None


def _cell(row: list[str], index: int | None) -> str:
    if index is None or index >= len(row):
        return ""
    return (row[index] or "").strip()


def _row_ref(row: list[str], header: Header) -> str:
    """The row's clause reference; a 章节 column plus an 条目 column make a relative one."""
    ref = _cell(row, header.ref)
    section = _cell(row, header.section)
    if not section:
        return ref
    if not ref or ref in ("—", "-", "/", "无") or re.fullmatch(r"本部分|本章|整体|全部|本部分整体|该部分|整个部分", ref):
        return section if re.search(r"部分|章|全文|总体|整体", section) else f"第{section}部分"
    # 二 / 第二部分 / 二、发挥工人阶级主力军作用: the section's number, its title aside
    bare = re.fullmatch(r"第?\s*([0-9０-９一二三四五六七八九十]+)\s*(?:(?:部分|章|、|\.|．).*)?", section)
    if bare and re.fullmatch(r"[0-9０-９一二三四五六七八九十]+", ref):
        return f"第{bare.group(1)}部分第{ref}条"
    if bare and re.fullmatch(r"第\s*[0-9０-９一二三四五六七八九十]+\s*[条款项点]", ref):
        return f"第{bare.group(1)}部分{ref}"  # 章节 二 + 条目 第1条: the 1st clause of section 二
    return f"{section} {ref}"


# A form's example row, left in: "例：第X条", "建议将“……”修改为“……”", "（填写示例）".
EXAMPLE_RE = re.compile(r"填写示例|填表示例|示例[)）]|^\s*例[:：]|第\s*[X×xＸ]\s*条|“(?:…|\.){2,}”|[（(]示例")


def is_example_row(row: list[str]) -> bool:
    """A template's example or placeholder row, not a comment."""
    return any(EXAMPLE_RE.search(cell or "") for cell in row) or any((cell or "").strip() in ("例", "示例", "样例") for cell in row)


def table_blocks(rows: list[list[str]], origin: str, kind: BlockKind) -> list[Block]:
    """One Block per row under the header that has a proposal."""
    header = find_header(rows)
    if header is None:
        return []
    blocks = []
    for number, row in enumerate(rows[header.row + 1 :], start=header.row + 2):
        text = _cell(row, header.proposal)
        if not text or _norm(text) in PROPOSAL_WORDS or is_example_row(row) or is_closing("".join(row)):
            continue  # a signature or contact line under a table without rules is no row of it
        blocks.append(
            Block(
                kind=kind,
                text=text,
                origin=f"{origin}第{number}行",
                ref=_row_ref(row, header),
                reason=_cell(row, header.reason),
                quote=_cell(row, header.quote),
            )
        )
    return blocks
