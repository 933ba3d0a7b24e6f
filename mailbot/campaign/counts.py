"""Every figure of the campaign, defined once: `counts(store) -> Counts`.

`mailbot status`, the digest, the desk's pages and the workbook's path all read their
figures from here, so one number is the same number everywhere. Each is a SQL count or a
grouped count (no table is loaded to be counted), a few milliseconds at 20,000 comments.
This module imports nothing heavy (no python-docx, no openpyxl): `status` stays quick.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mailbot.campaign.progress import (
    CLERKS_MESSAGE_SQL,
    NOT_REPLIED,
    NOTE_SQL,
    POSSIBLE_SQL,
    STATES,
    UNLISTED_SENDER_SQL,
    UNREADABLE_SQL,
    progress,
    unlisted_lines,
)
from mailbot.store import Store

DECISIONS = ("采纳", "部分采纳", "不采纳", "已有相关表述")
UNDECIDED = "未决定"
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
    states: dict[str, int]
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
    kinds = dict(store.db.execute("select kind, count(*) from messages group by kind").fetchall())
    active, review = store.db.execute(
        "select count(*), coalesce(sum(needs_review = 1), 0) from comments where status = 'active'").fetchone()
    queued, retrying, sent, given_up = store.db.execute(
        "select coalesce(sum(status in ('queued', 'sending')), 0), "
        "coalesce(sum(status in ('queued', 'sending') and attempts > 0), 0), "
        "coalesce(sum(status = 'sent'), 0), coalesce(sum(status = 'failed'), 0) from outbox").fetchone()
    return Counts(
        roster=len(rows), states={s: sum(1 for r in rows if r["status"] == s) for s in STATES}, unlisted=len(unlisted),
        messages=sum(kinds.values()), kinds={k: kinds.get(k, 0) for k in KINDS},
        failed=_count(store, "select count(*) from messages where status = 'error'"),
        comments=active, unlisted_comments=sum(r["comments"] for r in unlisted), needs_review=review,
        unreadable=_count(store, f"select count(*) from attachments a join messages m on m.message_id = a.message_id "
                                 f"where {UNREADABLE_SQL} and {CLERKS_MESSAGE_SQL}"),
        notes=_count(store, f"select count(*) from messages m where {NOTE_SQL} and not {POSSIBLE_SQL}"),
        unlisted_senders=_count(store, f"select count(*) from messages m where {UNLISTED_SENDER_SQL}"),
        possible=_count(store, f"select count(*) from messages m where {POSSIBLE_SQL}"),
        decisions=decision_counts(store), outbox_queued=queued, outbox_retrying=retrying, outbox_sent=sent,
        outbox_failed=given_up,
    )


def decision_counts(store: Store) -> dict[str, int]:
    """Active comments by decision (采纳 …), and UNDECIDED for the rest (a cleared one too)."""
    found: dict[str, int] = {}
    if store.db["decisions"].exists():
        found = dict(store.db.execute(
            "select coalesce(d.decision, ''), count(*) from comments c left join decisions d on d.comment_id = c.id "
            "where c.status = 'active' group by 1").fetchall())
    else:
        found = {"": _count(store, "select count(*) from comments where status = 'active'")}
    decided = {d: found.get(d, 0) for d in DECISIONS}
    return {**decided, UNDECIDED: sum(found.values()) - sum(decided.values())}


def _count(store: Store, sql: str) -> int:
    return int(store.db.execute(sql).fetchone()[0])
