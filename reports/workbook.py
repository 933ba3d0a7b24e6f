"""意见汇总表.xlsx: the comments by clause and by unit, the missing units, the review queue.

Made to be read and printed: 宋体, wrapped text, frozen filtered header, A4
landscape one page wide with the header repeated on every page.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple

from openpyxl import Workbook
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from parsers.records import Draft, Unit
from reports.cells import write_only_row
from reports.layout import GROUP_FILL, HEADER_FILL, row_styles, start_write_only_sheet
from reports.placement import (
    place,
    place_key,
    place_label,
    section_name,
    unit_key,
    unit_label,
    unit_ranker,
)

Row = Mapping[str, Any]
CONFIDENCE_FORMAT = "0.00"
BY_CLAUSE = (
    ("序号", 6), ("条款", 14), ("条款标题", 24), ("单位", 18), ("意见内容", 60),
    ("理由", 30), ("来源", 14), ("识别依据", 24), ("置信度", 8), ("需复核", 7),
)
BY_UNIT = (("单位", 20), ("条款", 14), ("意见内容", 60), ("理由", 30), ("来源", 16))
MISSING = (("序号", 6), ("单位名称", 30), ("类别", 14), ("联系人", 12), ("邮箱", 32))
REVIEW = (
    ("序号", 6), ("单位", 18), ("邮件主题", 30), ("来源", 14), ("问题", 20),
    ("意见内容", 60), ("识别依据", 24), ("置信度", 8),
)
PROGRESS = (("序号", 6), ("单位", 30), ("类别", 14), ("状态", 10), ("意见条数", 10), ("报送日期", 14))


def _text(value: object) -> str:
    return "" if value is None else str(value)


class Line(NamedTuple):
    """One sheet row below the header; a heading spans the table in bold on grey."""

    values: list[object]
    heading: bool = False


def _heading(title: str, ncols: int) -> Line:
    return Line([title] + [None] * (ncols - 1), heading=True)


def _confidence(value: object) -> float | None:
    return float(value) if isinstance(value, (int, float)) else None


def _clause_groups(draft: Draft, comments: Sequence[Row]) -> list[tuple[str, list[Row]]]:
    """Headed groups: each section's clause comments, then section-wide, then whole-text."""
    groups: dict[str, list[Row]] = {}
    for s in draft.sections:
        groups[f"{section_name(s.number)} {s.title}".strip()] = []
    for c in comments:
        groups.setdefault(_group_title(c, draft), []).append(c)
    return [(title, rows) for title, rows in groups.items() if rows]


def _group_title(comment: Row, draft: Draft) -> str:
    level, number = place(comment)
    if level == "section":
        return "各部分整体意见"
    if level == "general":
        return "全文意见"
    clause = draft.clause(number)
    section = draft.section(clause.section) if clause else None
    return f"{section_name(section.number)} {section.title}".strip() if section else "其他条款"


def _by_clause_row(n: int, comment: Row, draft: Draft) -> list[object]:
    label, title = place_label(comment, draft)
    return [
        n, label, title, unit_label(comment), _text(comment.get("text")),
        _text(comment.get("reason")), _text(comment.get("source")), _text(comment.get("evidence")),
        _confidence(comment.get("confidence")), "是" if comment.get("needs_review") else "",
    ]


def _by_clause_lines(draft: Draft, comments: Sequence[Row]) -> list[Line]:
    """Group rows head each group; 序号 counts comments only."""
    lines: list[Line] = []
    n = 0
    for title, rows in _clause_groups(draft, comments):
        lines.append(_heading(title, len(BY_CLAUSE)))
        for comment in rows:
            n += 1
            lines.append(Line(_by_clause_row(n, comment, draft)))
    return lines


def _by_unit_lines(draft: Draft, comments: Sequence[Row], ranks: dict[str, int]) -> list[Line]:
    """One headed block per unit, in roster order, units outside the roster last."""
    blocks: dict[str, list[Row]] = {}
    for c in comments:
        blocks.setdefault(unit_label(c), []).append(c)
    lines: list[Line] = []
    for label in sorted(blocks, key=lambda name: unit_key(name, ranks)):
        rows = sorted(blocks[label], key=place_key)
        lines.append(_heading(f"{label}（{len(rows)} 条）", len(BY_UNIT)))
        for c in rows:
            clause = place_label(c, draft)[0]
            lines.append(Line([label, clause, _text(c.get("text")), _text(c.get("reason")), _text(c.get("source"))]))
    return lines


def _missing_lines(missing: Sequence[Unit]) -> list[Line]:
    return [Line([i, u.name, u.category, u.contact, "；".join(u.emails)]) for i, u in enumerate(missing, start=1)]


def _review_lines(review: Sequence[Row]) -> list[Line]:
    keys = ("unit", "subject", "source", "problem", "text", "evidence")
    return [Line([i, *(_text(r.get(k)) for k in keys), _confidence(r.get("confidence"))])
            for i, r in enumerate(review, start=1)]


def _progress_lines(progress: Sequence[Row]) -> list[Line]:
    keys = ("unit", "category", "status")
    return [Line([i, *(_text(p.get(k)) for k in keys), p.get("comments"), p.get("date")])
            for i, p in enumerate(progress, start=1)]


def _sorted_by_clause(comments: Sequence[Row], ranks: dict[str, int]) -> list[Row]:
    """By clause (then section, then whole text), then unit in roster order; stable."""
    return sorted(comments, key=lambda c: (place_key(c), unit_key(unit_label(c), ranks)))


def _print_heading(ws: WriteOnlyWorksheet, campaign_title: str) -> None:
    """The campaign on top of each printed page and page numbers below ("&" is a code there)."""
    ws.oddHeader.center.text = f"{campaign_title.replace('&', '&&')} {ws.title}"
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"


def _write_sheet(
    wb: Workbook, title: str, columns: Sequence[tuple[str, float]], lines: Sequence[Line],
    confidence_col: int | None, campaign_title: str,
) -> None:
    """Header then lines, streamed: all layout and print settings go on before the first
    row, as a write-only sheet writes them ahead of its rows."""
    ws = wb.create_sheet(title)
    ncols = len(columns)
    start_write_only_sheet(ws, [c[1] for c in columns], last_row=len(lines) + 1)
    _print_heading(ws, campaign_title)
    formats = {confidence_col: CONFIDENCE_FORMAT} if confidence_col is not None else None
    body = row_styles(ws, ncols, formats=formats)
    group = row_styles(ws, ncols, bold=True, fill=GROUP_FILL)
    ws.append(write_only_row(ws, [c[0] for c in columns], row_styles(ws, ncols, bold=True, fill=HEADER_FILL)))
    for line in lines:
        ws.append(write_only_row(ws, line.values, group if line.heading else body))


def build_workbook(
    *,
    draft: Draft,
    comments: list[dict[str, Any]],
    progress: list[dict[str, Any]],
    missing: list[Unit],
    review: list[dict[str, Any]],
    campaign_title: str,
) -> bytes:
    """The consolidated workbook; superseded comments (replaced by a later reply) are left out.

    Write-only mode streams rows to a temporary file instead of keeping every cell
    in memory, which bounded neither time nor RSS at tens of thousands of comments."""
    active = [c for c in comments if c.get("status") != "superseded"]
    ranks = unit_ranker([_text(p.get("unit")) for p in progress])
    wb = Workbook(write_only=True)
    wb.properties.title = campaign_title
    # Each sheet's lines are built only when its turn comes, so one sheet's rows are held at a time.
    sheets: list[tuple[Sequence[tuple[str, float]], str, Callable[[], list[Line]], int | None]] = [
        (BY_CLAUSE, "按条款汇总", lambda: _by_clause_lines(draft, _sorted_by_clause(active, ranks)), 8),
        (BY_UNIT, "按单位", lambda: _by_unit_lines(draft, active, ranks), None),
        (MISSING, "未报送单位", lambda: _missing_lines(missing), None),
        (REVIEW, "待复核", lambda: _review_lines(review), 7),
        (PROGRESS, "报送进度", lambda: _progress_lines(progress), None),
    ]
    for columns, title, lines, confidence_col in sheets:
        _write_sheet(wb, title, columns, lines(), confidence_col, campaign_title)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
