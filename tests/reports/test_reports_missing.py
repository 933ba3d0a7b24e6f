"""missing: the 未报送单位 text."""

from __future__ import annotations

import datetime

from parsers.records import Unit
from reports.missing import missing_text

TODAY = datetime.date(2014, 9, 22)


def test_lists_units_with_counts_and_deadline(units: list[Unit]) -> None:
    text = missing_text(units, campaign_title="关于X的意见", total=10, replied=7,
                        deadline=datetime.date(2014, 9, 25), today=TODAY)
    lines = text.splitlines()
    assert "关于X的意见" in lines[0]
    assert "应报 10 个单位，已回复 7 个，未报送 3 个" in text
    assert "截止日期：2014年9月25日（还剩 3 天）" in text
    assert "1. 延吉市总工会（县市） 张三 yj@example.org" in lines
    assert "2. 图们市总工会（县市） 李四 tm@example.org、tm2@example.org" in lines
    assert "3. 州教育工会（产业）" in lines


def test_overdue_today_and_no_deadline(units: list[Unit]) -> None:
    def deadline(d: datetime.date | None) -> str:
        return missing_text(units, campaign_title="T", total=3, replied=0, deadline=d, today=TODAY)

    assert "已逾期 2 天" in deadline(datetime.date(2014, 9, 20))
    assert "今天截止" in deadline(TODAY)
    assert "截止日期：未设定" in deadline(None)


def test_empty_list_says_all_replied() -> None:
    text = missing_text([], campaign_title="T", total=3, replied=3, deadline=None, today=TODAY)
    assert "未报送 0 个" in text
    assert "所有单位均已回复" in text
