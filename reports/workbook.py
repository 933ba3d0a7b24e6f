"""意见汇总表.xlsx: the comments by clause and by unit, the missing units, the review queue.

Made to be read and printed: 宋体, wrapped text, frozen filtered header, A4
landscape one page wide with the header repeated on every page.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from parsers.records import Draft, Unit
from reports.cells import write_row
from reports.layout import next_row, finish_sheet, style_cells, write_group_row, write_header
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


def _new_sheet(wb: Workbook, title: str, columns: Sequence[tuple[str, float]]) -> Worksheet:
    ws = wb.create_sheet(title)
    write_header(ws, [c[0] for c in columns], [c[1] for c in columns])
    return ws


def _body_row(ws: Worksheet, values: Sequence[object], confidence_col: int | None = None) -> None:
    """Append a plain row; the confidence column, when given, shows two decimals."""
    cells = write_row(ws, next_row(ws), values)
    style_cells(cells)
    if confidence_col is not None:
        cells[confidence_col].number_format = CONFIDENCE_FORMAT


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


def _fill_by_clause(ws: Worksheet, draft: Draft, comments: Sequence[Row]) -> None:
    """Group rows head each group; 序号 counts comments only."""
    n = 0
    for title, rows in _clause_groups(draft, comments):
        write_group_row(ws, next_row(ws), title, len(BY_CLAUSE))
        for comment in rows:
            n += 1
            _body_row(ws, _by_clause_row(n, comment, draft), confidence_col=8)


def _fill_by_unit(ws: Worksheet, draft: Draft, comments: Sequence[Row], ranks: dict[str, int]) -> None:
    """One headed block per unit, in roster order, units outside the roster last."""
    blocks: dict[str, list[Row]] = {}
    for c in comments:
        blocks.setdefault(unit_label(c), []).append(c)
    for label in sorted(blocks, key=lambda name: unit_key(name, ranks)):
        rows = sorted(blocks[label], key=place_key)
        write_group_row(ws, next_row(ws), f"{label}（{len(rows)} 条）", len(BY_UNIT))
        for c in rows:
            clause = place_label(c, draft)[0]
            values = [label, clause, _text(c.get("text")), _text(c.get("reason")), _text(c.get("source"))]
            _body_row(ws, values)


def _fill_missing(ws: Worksheet, missing: Sequence[Unit]) -> None:
    for i, unit in enumerate(missing, start=1):
        _body_row(ws, [i, unit.name, unit.category, unit.contact, "；".join(unit.emails)])


def _fill_review(ws: Worksheet, review: Sequence[Row]) -> None:
    for i, r in enumerate(review, start=1):
        keys = ("unit", "subject", "source", "problem", "text", "evidence")
        values: list[object] = [i, *(_text(r.get(k)) for k in keys), _confidence(r.get("confidence"))]
        _body_row(ws, values, confidence_col=7)


def _fill_progress(ws: Worksheet, progress: Sequence[Row]) -> None:
    for i, p in enumerate(progress, start=1):
        keys = ("unit", "category", "status")
        values: list[object] = [i, *(_text(p.get(k)) for k in keys), p.get("comments"), p.get("date")]
        _body_row(ws, values)


def _sorted_by_clause(comments: Sequence[Row], ranks: dict[str, int]) -> list[Row]:
    """By clause (then section, then whole text), then unit in roster order; stable."""
    return sorted(comments, key=lambda c: (place_key(c), unit_key(unit_label(c), ranks)))


def _print_heading(ws: Worksheet, campaign_title: str) -> None:
    """The campaign on top of each printed page and page numbers below ("&" is a code there)."""
    ws.oddHeader.center.text = f"{campaign_title.replace('&', '&&')} {ws.title}"
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"


def build_workbook(
    *,
    draft: Draft,
    comments: list[dict[str, Any]],
    progress: list[dict[str, Any]],
    missing: list[Unit],
    review: list[dict[str, Any]],
    campaign_title: str,
) -> bytes:
    """The consolidated workbook; superseded comments (replaced by a later reply) are left out."""
    active = [c for c in comments if c.get("status") != "superseded"]
    ranks = unit_ranker([_text(p.get("unit")) for p in progress])
    wb = Workbook()
    wb.remove(wb.worksheets[0])
    wb.properties.title = campaign_title
    sheets = [
        (BY_CLAUSE, "按条款汇总", lambda ws: _fill_by_clause(ws, draft, _sorted_by_clause(active, ranks))),
        (BY_UNIT, "按单位", lambda ws: _fill_by_unit(ws, draft, active, ranks)),
        (MISSING, "未报送单位", lambda ws: _fill_missing(ws, missing)),
        (REVIEW, "待复核", lambda ws: _fill_review(ws, review)),
        (PROGRESS, "报送进度", lambda ws: _fill_progress(ws, progress)),
    ]
    for columns, title, fill in sheets:
        ws = _new_sheet(wb, title, columns)
        fill(ws)
        finish_sheet(ws, len(columns))
        _print_heading(ws, campaign_title)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
