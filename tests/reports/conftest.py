"""Shared records for the report tests: a tiny hand-made draft and roster."""

from __future__ import annotations

import pytest

from parsers.records import Clause, Draft, Section, Unit


@pytest.fixture
def draft() -> Draft:
    """2 sections, 3 clauses."""
    s1 = Section(1, "总体要求", (Clause(1, 1, "坚持党的领导", "1、坚持党的领导。"),))
    s2 = Section(2, "发挥工人阶级主力军作用", (
        Clause(2, 2, "深化劳动竞赛", "2、深化劳动竞赛。"),
        Clause(3, 2, "加强职工技能培训", "3、加强职工技能培训。"),
    ))
    return Draft(title="关于加强工会工作的意见（征求意见稿）", sections=(s1, s2))


@pytest.fixture
def units() -> list[Unit]:
    return [
        Unit("延吉市总工会", "县市", ("yj@example.org",), (), "张三"),
        Unit("图们市总工会", "县市", ("tm@example.org", "tm2@example.org"), (), "李四"),
        Unit("州教育工会", "产业", (), (), ""),
    ]
