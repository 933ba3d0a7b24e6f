"""Where a comment sits in the draft and whose it is, in the words a reader sees."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

from parsers.records import Draft

Place = tuple[Literal["clause", "section", "general"], int]
DIGITS = "零一二三四五六七八九"
GENERAL_LABEL = "全文"
GENERAL_TITLE = "（全文/总体意见）"


def chinese_number(n: int) -> str:
    """1..99 the way section headings write them: 二, 十, 十二, 二十三; else Arabic."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else DIGITS[tens] + "十")
    return head + (DIGITS[ones] if ones else "")


def section_name(number: int) -> str:
    return f"第{chinese_number(number)}部分"


def place(comment: Mapping[str, object]) -> Place:
    """The comment's level; a clause or section it lacks a number for falls back a level."""
    scope, clause, section = comment.get("scope"), comment.get("clause"), comment.get("section")
    if scope == "clause" and isinstance(clause, int):
        return ("clause", clause)
    if scope in ("clause", "section") and isinstance(section, int):
        return ("section", section)
    return ("general", 0)


def place_key(comment: Mapping[str, object]) -> tuple[int, int]:
    """Sorts clauses first (by number), then section-wide, then whole-text comments."""
    level, number = place(comment)
    return ({"clause": 0, "section": 1, "general": 2}[level], number)


def place_label(comment: Mapping[str, object], draft: Draft) -> tuple[str, str]:
    """(条款, 条款标题): "第3条" and its heading, "第二部分（整体）" and its title, or 全文."""
    level, number = place(comment)
    if level == "clause":
        clause = draft.clause(number)
        return f"第{number}条", clause.heading if clause else ""
    if level == "section":
        section = draft.section(number)
        return f"{section_name(number)}（整体）", section.title if section else ""
    return GENERAL_LABEL, GENERAL_TITLE


def unit_label(comment: Mapping[str, object]) -> str:
    """The roster name, or a name from outside the roster marked as such."""
    unit, unlisted = comment.get("unit"), comment.get("unlisted_unit")
    if unit:
        return str(unit)
    return f"{unlisted}（名单外）" if unlisted else "（未识别单位）"


def unit_ranker(roster: Sequence[str]) -> dict[str, int]:
    """Roster position by unit label; labels not in it sort after, by name."""
    return {name: i for i, name in enumerate(roster)}


def unit_key(label: str, ranks: Mapping[str, int]) -> tuple[int, str]:
    return (ranks.get(label, len(ranks)), label)
