"""未报送单位.txt: the units that have not replied, as text to read or mail."""

from __future__ import annotations

import datetime

from parsers.records import Unit


def _cn_date(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def deadline_line(deadline: datetime.date | None, today: datetime.date) -> str:
    """The deadline and how far away it is, counted in calendar days."""
    if deadline is None:
        return "截止日期：未设定"
    days = (deadline - today).days
    if days > 0:
        when = f"还剩 {days} 天"
    elif days == 0:
        when = "今天截止"
    else:
        when = f"已逾期 {-days} 天"
    return f"截止日期：{_cn_date(deadline)}（{when}）"


def unit_line(number: int, unit: Unit) -> str:
    """"1. 单位名称（类别） 联系人 邮箱", leaving out the parts the roster lacks."""
    name = f"{unit.name}（{unit.category}）" if unit.category else unit.name
    parts = [f"{number}. {name}", unit.contact, "、".join(unit.emails)]
    return " ".join(p for p in parts if p)


def missing_text(
    missing: list[Unit],
    *,
    campaign_title: str,
    total: int,
    replied: int,
    deadline: datetime.date | None,
    today: datetime.date,
    pending: frozenset[str] = frozenset(),
) -> str:
    """The 未报送单位 list: title, counts, deadline, then one line per unit."""
    lines = [
        f"{campaign_title} 未报送单位",
        f"统计日期：{_cn_date(today)}",
        f"应报 {total} 个单位，已回复 {replied} 个，未报送 {len(missing)} 个",
        deadline_line(deadline, today),
        "",
    ]
    if not missing:
        lines.append("所有单位均已回复。")
    # A unit whose mail may be a reply is still missing until a person confirms it: say so.
    lines.extend(unit_line(i, unit) + ("（有来信，待确认是否为回复）" if unit.name in pending else "")
                 for i, unit in enumerate(missing, start=1))
    return "\n".join(lines) + "\n"
