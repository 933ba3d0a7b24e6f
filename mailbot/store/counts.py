"""The figures of the round as the store counts them: each a SQL count or a grouped count (no
table is loaded to be counted), a few milliseconds at 20,000 comments. mailbot.campaign.counts
adds the roster's states and gives them their meaning.
"""

from __future__ import annotations

from dataclasses import dataclass

from mailbot.store.database import Store
from mailbot.store.progress import CLERKS_MESSAGE_SQL, NOTE_SQL, POSSIBLE_SQL, UNLISTED_SENDER_SQL, UNREADABLE_SQL


@dataclass(frozen=True)
class Figures:
    """What the store holds, counted (see mailbot.campaign.counts.Counts for each figure's meaning).

    :ivar kinds: messages by kind, only the kinds present
    """

    kinds: dict[str, int]
    failed: int
    comments: int
    needs_review: int
    unreadable: int
    notes: int
    unlisted_senders: int
    possible: int


def figures(store: Store) -> Figures:
    kinds = dict(store.db.execute("select kind, count(*) from messages group by kind").fetchall())
    active, review = store.db.execute(
        "select count(*), coalesce(sum(needs_review = 1), 0) from comments where status = 'active'").fetchone()
    return Figures(
        kinds=kinds, failed=_count(store, "select count(*) from messages where status = 'error'"),
        comments=int(active), needs_review=int(review),
        unreadable=_count(store, f"select count(*) from attachments a join messages m on m.message_id = a.message_id "
                                 f"where {UNREADABLE_SQL} and {CLERKS_MESSAGE_SQL}"),
        notes=_count(store, f"select count(*) from messages m where {NOTE_SQL} and not {POSSIBLE_SQL}"),
        unlisted_senders=_count(store, f"select count(*) from messages m where {UNLISTED_SENDER_SQL}"),
        possible=_count(store, f"select count(*) from messages m where {POSSIBLE_SQL}"),
    )


def _count(store: Store, sql: str) -> int:
    return int(store.db.execute(sql).fetchone()[0])
