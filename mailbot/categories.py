"""The categories the round sorts things into, as enums: code compares members, never words.

Each member's value is what is stored or printed today (byte for byte): the Chinese word a
report, the desk and `mailbot status` show, or the decision word the `decisions` table holds.
So a member can go straight into a template, a workbook cell or JSON, and the Chinese is
written here once.
"""

from __future__ import annotations

import enum


class ReplyState(enum.StrEnum):
    """Where a roster unit stands in the round (报送进度), or a line from outside the roster."""

    SUBMITTED = "已报送"
    CORRECTED = "已更正"  # its first submission was superseded by a later one
    NO_COMMENT = "无意见"
    MISSING = "未报送"
    PENDING = "待确认"  # only a possible reply came: not counted until the clerk confirms it
    UNLISTED = "名单外"  # a line of senders outside the roster, not a roster unit's state

    @property
    def replied(self) -> bool:
        """Counted as replied: PENDING is not, until the clerk confirms its mail."""
        return self not in (ReplyState.MISSING, ReplyState.PENDING)

    @property
    def submitted(self) -> bool:
        """Sent comments (a correction too): its count of comments is shown even when 0."""
        return self in (ReplyState.SUBMITTED, ReplyState.CORRECTED)


# A roster unit's states, in the order reports and the desk list them.
STATES = (ReplyState.SUBMITTED, ReplyState.CORRECTED, ReplyState.NO_COMMENT, ReplyState.MISSING, ReplyState.PENDING)
NOT_REPLIED = tuple(s for s in STATES if not s.replied)


class Adoption(enum.StrEnum):
    """A decision on a comment (是否采纳); the `decisions` table stores these words ("" for none)."""

    ADOPTED = "采纳"
    PARTLY_ADOPTED = "部分采纳"
    NOT_ADOPTED = "不采纳"
    ALREADY_COVERED = "已有相关表述"


DECISIONS = tuple(Adoption)
UNDECIDED = "未决定"  # shown for a comment without a decision (stored as ""); a filter's value too


class ReviewProblem(enum.StrEnum):
    """A problem of 待复核 that is a category, not a message: the others are error texts."""

    UNCERTAIN_PLACE = "条款识别不确定"
