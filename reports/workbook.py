"""意见汇总表.xlsx: the comments by clause and by unit, the missing units, the review queue.

Made to be read and printed: 宋体, wrapped text, frozen filtered header, A4
landscape one page wide with the header repeated on every page.
"""

from __future__ import annotations

import datetime
import io
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from parsers.records import Draft, Unit
from reports.draft.grouping import Group, Said, clusters, clusters_of, group_of
from reports.spreadsheet.layout import DATETIME_FORMAT, Column
from reports.placement import (
    place,
    place_key,
    place_label,
    section_name,
    unit_key,
    unit_label,
    unit_ranker,
)
from reports.spreadsheet.sheets import Line, heading, new_workbook, write_table

Row = Mapping[str, Any]
CONFIDENCE_FORMAT = "0.00"
# Widths in Excel units: short columns take their content's width within least..most,
# the flex column (the comment itself) the rest of the page. A CJK character is 2 units.
NUMBER = Column("序号", 4, 8)
CONFIDENCE = Column("置信度", 5, 7, number_format=CONFIDENCE_FORMAT)
BY_CLAUSE = (
    NUMBER, Column("条款", 6, 9), Column("条款标题", 8, 12), Column("单位", 8, 12),
    Column("意见内容", 30, 0, flex=True), Column("理由", 6, 20), Column("来源", 6, 10),
    Column("识别依据", 8, 14), CONFIDENCE, Column("需复核", 5, 7), Column("单位数", 5, 7),
)
BY_UNIT = (Column("单位", 8, 16), Column("条款", 6, 9), Column("意见内容", 40, 0, flex=True),
           Column("理由", 8, 28), Column("来源", 8, 16))
MISSING = (NUMBER, Column("单位名称", 12, 30), Column("类别", 6, 24), Column("联系人", 6, 12),
           Column("邮箱", 12, 40))
REVIEW = (
    NUMBER, Column("单位", 8, 14), Column("邮件主题", 10, 20), Column("来源", 8, 14), Column("问题", 10, 20),
    Column("意见内容", 30, 0, flex=True), Column("识别依据", 8, 16), CONFIDENCE,
)
PROGRESS = (NUMBER, Column("单位", 12, 30), Column("类别", 6, 24), Column("状态", 6, 8),
            Column("意见条数", 6, 10), Column("报送日期", 10, 20, number_format=DATETIME_FORMAT))


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _confidence(value: object) -> float | None:
    return float(value) if isinstance(value, (int, float)) else None


T = TypeVar("T")


def _by_place(draft: Draft, label: Callable[[Row, Draft], T]) -> Callable[[Row], T]:
    """``label`` worked out once per place in the draft, not once per comment (the
    draft finds a clause by walking all of them)."""
    known: dict[tuple[str, int], T] = {}

    def of(comment: Row) -> T:
        key = place(comment)
        if key not in known:
            known[key] = label(comment, draft)
        return known[key]

    return of


def _clause_groups(draft: Draft, comments: Sequence[Row]) -> list[tuple[str, list[Row]]]:
    """Headed groups: each section's clause comments, then section-wide, then whole-text."""
    groups: dict[str, list[Row]] = {}
    for s in draft.sections:
        groups[f"{section_name(s.number)} {s.title}".strip()] = []
    group_of = _by_place(draft, _group_title)
    for c in comments:
        groups.setdefault(group_of(c), []).append(c)
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


def _by_clause_row(n: int, members: Sequence[Row], labels: Callable[[Row], tuple[str, str]],
                   reason: str | None = None) -> list[object]:
    """One comment, or like proposals (reports.draft.grouping) as one row: every unit named, each
    unit's own words, reasons and sources on lines of their own, why they are one on the last
    line (`reason`, else as reports.draft.grouping says); the lowest confidence; 单位数 the units
    behind the row."""
    first = members[0]
    label, title = labels(first)
    if len(members) == 1:
        return [
            n, label, title, unit_label(first), _text(first.get("text")),
            _text(first.get("reason")), _text(first.get("source")), _text(first.get("evidence")),
            _confidence(first.get("confidence")), "是" if first.get("needs_review") else "", 1,
        ]
    units = list(dict.fromkeys(unit_label(m) for m in members))
    why = reason if reason is not None else group_of([_said(c) for c in members]).reason
    confidences = [c for c in (_confidence(m.get("confidence")) for m in members) if c is not None]
    return [
        n, label, title, "、".join(units),
        "\n".join(f"{unit_label(m)}：{_text(m.get('text'))}" for m in members) + f"\n（{len(units)}个单位：{why}）",
        _each(members, "reason"), _each(members, "source"), _each(members, "evidence"),
        min(confidences, default=None), "是" if any(m.get("needs_review") for m in members) else "", len(units),
    ]


def _each(members: Sequence[Row], key: str) -> str:
    """Each member's value on a line of its own, by its unit (none for an empty one)."""
    return "\n".join(f"{unit_label(m)}：{_text(m.get(key))}" for m in members if m.get(key))


def _said(comment: Row) -> Said:
    """A row as grouping reads it; its place as the 批注稿's (the whole text has no number)."""
    level, number = place(comment)
    return Said(_text(comment.get("id")), unit_label(comment), (level, None if level == "general" else number),
                _text(comment.get("text")), _text(comment.get("original")))


def _by_clause_lines(draft: Draft, comments: Sequence[Row], groups: Sequence[Group] | None = None) -> list[Line]:
    """Group rows head each group; like proposals share a row (the `groups` given, else as
    reports.draft.grouping finds them); 序号 counts rows."""
    lines: list[Line] = []
    labels = _by_place(draft, place_label)
    reasons = {member: g.reason for g in groups or () for member in g.members}
    n = 0
    for title, rows in _clause_groups(draft, comments):
        lines.append(heading(title))
        found = clusters([_said(c) for c in rows]) if groups is None else clusters_of([_text(c.get("id")) for c in rows], groups)
        for cluster in found:
            n += 1
            members = [rows[i] for i in cluster]
            reason = reasons.get(_text(members[0].get("id"))) if len(members) > 1 else None
            lines.append(Line(_by_clause_row(n, members, labels, reason)))
    return lines


def _by_unit_lines(draft: Draft, comments: Sequence[Row], ranks: dict[str, int]) -> list[Line]:
    """One headed block per unit, in roster order, units outside the roster last."""
    blocks: dict[str, list[Row]] = {}
    for c in comments:
        blocks.setdefault(unit_label(c), []).append(c)
    lines: list[Line] = []
    labels = _by_place(draft, place_label)
    for label in sorted(blocks, key=lambda name: unit_key(name, ranks)):
        rows = sorted(blocks[label], key=place_key)
        lines.append(heading(f"{label}（{len(rows)} 条）"))
        for c in rows:
            clause = labels(c)[0]
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
    dates = [_moment(p.get("date")) for p in progress]
    zone = _campaign_zone(dates)
    return [Line([i, *(_text(p.get(k)) for k in keys), p.get("comments"), _local_time(p.get("date"), d, zone)])
            for i, (p, d) in enumerate(zip(progress, dates), start=1)]


def _moment(value: object) -> datetime.datetime | None:
    if isinstance(value, datetime.datetime):
        return value
    try:
        return datetime.datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _campaign_zone(dates: Sequence[datetime.datetime | None]) -> datetime.tzinfo | None:
    """The campaign's time zone: the offset most replies were sent with (a report made on a
    server kept in UTC must still show the office's hours; a sender whose clock is set
    to another zone is brought to the office's)."""
    zones = Counter(d.utcoffset() for d in dates if d is not None and d.tzinfo is not None)
    if not zones:
        return None
    offset = zones.most_common(1)[0][0]
    return datetime.timezone(offset) if offset is not None else None


def _local_time(value: object, moment: datetime.datetime | None, zone: datetime.tzinfo | None) -> object:
    """A message's date as a real date-time in the campaign's zone, without the offset, which
    a date cell cannot show. Text that is no date stays text; no date (未报送) stays empty."""
    if moment is None:
        return value or None
    if moment.tzinfo is not None and zone is not None:
        moment = moment.astimezone(zone)
    return moment.replace(tzinfo=None)


def _sorted_by_clause(comments: Sequence[Row], ranks: dict[str, int]) -> list[Row]:
    """By clause (then section, then whole text), then unit in roster order; stable."""
    return sorted(comments, key=lambda c: (place_key(c), unit_key(unit_label(c), ranks)))


def build_workbook(
    *,
    draft: Draft,
    comments: list[dict[str, Any]],
    progress: list[dict[str, Any]],
    missing: list[Unit],
    review: list[dict[str, Any]],
    campaign_title: str,
    groups: Sequence[Group] | None = None,
) -> bytes:
    """The consolidated workbook; superseded comments (replaced by a later reply) are left out.
    `groups`: the like proposals as the store has them (a clerk's changes applied); without
    them they are found here."""
    active = [c for c in comments if c.get("status") != "superseded"]
    ranks = unit_ranker([_text(p.get("unit")) for p in progress])
    out = io.BytesIO()
    workbook, styles = new_workbook(out, campaign_title)
    # Each sheet's lines are built only when its turn comes, so one sheet's rows are held at a time.
    sheets: list[tuple[str, Sequence[Column], Callable[[], list[Line]]]] = [
        ("按条款汇总", BY_CLAUSE, lambda: _by_clause_lines(draft, _sorted_by_clause(active, ranks), groups)),
        ("按单位", BY_UNIT, lambda: _by_unit_lines(draft, active, ranks)),
        ("未报送单位", MISSING, lambda: _missing_lines(missing)),
        ("待复核", REVIEW, lambda: _review_lines(review)),
        ("报送进度", PROGRESS, lambda: _progress_lines(progress)),
    ]
    for title, columns, lines in sheets:
        write_table(workbook, styles, title=title, columns=columns, lines=lines(),
                    page_heading=f"{campaign_title} {title}")
    workbook.close()
    return out.getvalue()
