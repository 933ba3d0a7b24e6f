"""What a comment proposes, read for the marked-up draft: exact wording, and like proposals.

An exact proposal names the draft's words and what to put instead: 将“A”改为“B”, 删除“A”,
在“A”后增加“B”, and the comments mailbot writes for a returned draft's own tracked changes
(parsers.files.revisions._changes: 将“A”修改为“B” / 删除“A” / 在“A”后增加“B”). Only such a
comment becomes a tracked change; anything vaguer stays a margin comment for the drafter.

Which comments propose the same thing (like proposals, one margin comment) is reports.draft.grouping.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from rapidfuzz import fuzz

from parsers.records import Scope

EditKind = Literal["replace", "delete", "insert"]
Q = r"“([^“”]{1,300})”"
CHANGE_VERB = r"(?:修改|改写|改成|改|扩展|调整|替换|统一|明确|补充完整|补全)为?"
EXPLICIT_RE = re.compile(rf"将{Q}(?:一词|一句|二字|两字)?{CHANGE_VERB}{Q}")
DELETE_RE = re.compile(rf"(?:删除|删去|去掉){Q}|将{Q}(?:一词|一句|二字|两字)?(?:删除|删去|去掉)")
INSERT_RE = re.compile(rf"在{Q}(?:之后|后面|后)(?:增加|补充|加上|增写|添加|加入)(?:了)?{Q}")
# “A”，建议改为“B”: a few words between the quote and the verb, none of them ending a sentence.
NEAR_RE = re.compile(rf"{Q}([^“”。；]{{0,8}}?)(?:修改|改写|改成|改|扩展|调整|统一|明确|补充完整|补全)为{Q}")
# With the quoted draft wording beside it (the 原文 column), 建议改为“B” replaces that wording.
TO_RE = re.compile(rf"(?:修改|改写|改)为{Q}")


@dataclass(frozen=True)
class Edit:
    """An exact proposal: replace `old` by `new`, delete `old`, or insert `new` after `old`."""

    kind: EditKind
    old: str
    new: str = ""

    def wording(self) -> str:
        """As mailbot writes a tracked change (parsers.files.revisions._changes)."""
        if self.kind == "replace":
            return f"将“{self.old}”修改为“{self.new}”"
        if self.kind == "delete":
            return f"删除“{self.old}”"
        return f"在“{self.old}”后增加“{self.new}”"


@dataclass(frozen=True)
class Remark:
    """A comment as the marked-up draft needs it (one active row of the store).

    :ivar unit: the roster's name, or an unlisted unit's own name, or （未识别单位）
    :ivar date: the reply's date (ISO 8601), the margin comment's date
    :ivar original: the draft's wording the comment quotes (原文), may be ""
    """

    id: str
    unit: str
    date: str
    scope: Scope
    clause: int | None
    section: int | None
    text: str
    reason: str = ""
    original: str = ""
    confidence: float = 1.0
    needs_review: bool = False

    @property
    def place(self) -> tuple[str, int | None]:
        number = self.clause if self.scope == "clause" else self.section if self.scope == "section" else None
        return self.scope, number


@lru_cache(maxsize=4096)
def exact_edit(text: str, original: str = "") -> Edit | None:
    """The exact wording a comment proposes, or None when it proposes none."""
    if found := EXPLICIT_RE.search(text):
        return Edit("replace", found.group(1), found.group(2))
    if found := DELETE_RE.search(text):
        return Edit("delete", found.group(1) or found.group(2))
    if found := INSERT_RE.search(text):
        return Edit("insert", found.group(1), found.group(2))
    if found := NEAR_RE.search(text):
        return _near(found.group(1), found.group(3), original)
    if original and (found := TO_RE.search(text)):
        return Edit("replace", original, found.group(1))
    return None


def _near(old: str, new: str, original: str) -> Edit:
    """“A”…改为“B”: when the comment also quotes a longer sentence (原文) that B rewrites as a
    whole ("“实施并建立”语序颠倒，宜改为“建立并落实…”"), the sentence is what B replaces."""
    if original and old in original and old != original and fuzz.ratio(new, original) > fuzz.ratio(new, old) + 10:
        return Edit("replace", original, new)
    return Edit("replace", old, new)


def quotes(text: str) -> list[str]:
    """The wording a comment quotes, longest pieces first split at an ellipsis (……)."""
    found = [piece.strip() for quoted in re.findall(Q, text) for piece in re.split(r"…+|\.{3,}", quoted)]
    return [q for q in found if len(q) >= 4]
