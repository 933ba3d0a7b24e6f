"""Every figure of the campaign, defined once: `counts(store) -> Counts`.

`mailbot status`, the digest, the desk's pages and the workbook's path all read their
figures from here, so one number is the same number everywhere. Each is a SQL count or a
grouped count (no table is loaded to be counted), a few milliseconds at 20,000 comments.
This module imports nothing heavy (no python-docx, no openpyxl): `status` stays quick.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mailbot.campaign.progress import progress, unlisted_lines
from mailbot.categories import DECISIONS as DECISIONS  # the decision words, where callers found them
from mailbot.categories import NOT_REPLIED, STATES, ReplyState
from mailbot.categories import UNDECIDED as UNDECIDED
from mailbot.store import Store, outbox
from mailbot.store import counts as stored
from mailbot.store import decisions

KINDS = ("submission", "no_comment", "ignore")


@dataclass(frozen=True)
class Counts:
    """The campaign in figures.

    :ivar roster: units on the roster
    :ivar states: roster units by state, every one of STATES present (已报送, 已更正, 无意见, 未报送, 待确认)
    :ivar unlisted: lines from outside the roster (名单外 senders, or no unit found), shown apart
    :ivar messages: every stored message
    :ivar kinds: messages by kind (submission, no_comment, ignore), every kind present
    :ivar failed: messages whose reading failed (status error)
    :ivar comments: active comments, from roster units and from outside it alike
    :ivar unlisted_comments: of those, the comments on the `unlisted` lines
    :ivar needs_review: active comments whose place is uncertain (待复核)
    :ivar unreadable: attachments of replies or possible replies that could not be read, wholly or past a limit
    :ivar notes: replies carrying a note for the clerk (review); a possible reply's is in `possible`
    :ivar unlisted_senders: submissions from senders outside the roster, to confirm
    :ivar possible: possible replies waiting for the clerk (待确认)
    :ivar decisions: active comments by adoption decision, UNDECIDED included, every one present
    :ivar outbox_queued: outgoing mail waiting to be sent; `outbox_retrying` of it after failed attempts
    """

    roster: int
    states: dict[ReplyState, int]
    unlisted: int
    messages: int
    kinds: dict[str, int]
    failed: int
    comments: int
    unlisted_comments: int
    needs_review: int
    unreadable: int
    notes: int
    unlisted_senders: int
    possible: int
    decisions: dict[str, int] = field(default_factory=dict)
    outbox_queued: int = 0
    outbox_retrying: int = 0
    outbox_sent: int = 0
    outbox_failed: int = 0  # given up after the server refused it (mailbot.outbox.MAX_REFUSALS)

    @property
    def missing(self) -> int:
        """Roster units not counted as replied: 未报送, and 待确认 until the clerk confirms."""
        return sum(self.states[s] for s in NOT_REPLIED)

    @property
    def replied(self) -> int:
        return self.roster - self.missing

    @property
    def read_errors(self) -> int:
        """What could not be read: attachments and whole messages (the digest's 读取出错)."""
        return self.unreadable + self.failed

    @property
    def to_check(self) -> int:
        """Everything on 待复核 besides uncertain comments (its 其他待处理 and 可能的回复)."""
        return self.unreadable + self.notes + self.failed + self.unlisted_senders


def counts(store: Store) -> Counts:
    rows, unlisted = progress(store), unlisted_lines(store)
    found, mail = stored.figures(store), outbox.figures(store)
    return Counts(
        roster=len(rows), states={s: sum(1 for r in rows if r["status"] == s) for s in STATES}, unlisted=len(unlisted),
        messages=sum(found.kinds.values()), kinds={k: found.kinds.get(k, 0) for k in KINDS}, failed=found.failed,
        comments=found.comments, unlisted_comments=sum(r["comments"] for r in unlisted),
        needs_review=found.needs_review, unreadable=found.unreadable, notes=found.notes,
        unlisted_senders=found.unlisted_senders, possible=found.possible, decisions=decision_counts(store),
        outbox_queued=mail.queued, outbox_retrying=mail.retrying, outbox_sent=mail.sent, outbox_failed=mail.failed,
    )


def decision_counts(store: Store) -> dict[str, int]:
    """Active comments by decision (采纳 …), and UNDECIDED for the rest (a cleared one too)."""
    found = decisions.decision_counts(store)
    decided: dict[str, int] = {d: found.get(d, 0) for d in DECISIONS}
    return {**decided, UNDECIDED: sum(found.values()) - sum(decided.values())}
