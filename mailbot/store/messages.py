"""Messages as the desk and the CLI ask for them, and the clerk's word on whether one is a reply.

The pipeline writes a message whole (Store.record_message); `confirm_reply` and
`confirm_not_reply` rewrite a message and its comments after the clerk decided
(mailbot.campaign.confirming settles the unit afterwards).
"""

from __future__ import annotations

from typing import Any

from mailbot.store.database import Store


def failed(store: Store) -> list[dict[str, Any]]:
    """Messages whose reading failed (status error), oldest first."""
    return store.messages("status = 'error'")


def with_sha256(store: Store, sha256: str) -> list[dict[str, Any]]:
    """The messages stored from these very bytes."""
    return store.messages("sha256 = ?", [sha256])


def has_replied(store: Store, unit: str) -> bool:
    """The unit has a reply (comments or 无意见) to this round already."""
    found = store.db.execute(
        "select 1 from messages where unit = ? and kind in ('submission', 'no_comment') limit 1", [unit]).fetchone()
    return found is not None


def possible_replies(store: Store) -> list[dict[str, Any]]:
    """Mail that may answer this round, waiting for the clerk (待确认), oldest first."""
    return store.messages("relevance = 'possible' and kind = 'ignore'")


def confirm_reply(store: Store, message_id: str, kind: str, kind_reason: str) -> None:
    """The message is a reply of `kind`: its comments set aside until now become active."""
    with store.writing():
        store.db.execute(
            "update messages set kind = ?, relevance = 'confirmed', review = ?, kind_reason = ? where message_id = ?",
            [kind, "", kind_reason, message_id],
        )
        store.db.execute("update comments set status = 'active' where message_id = ? and status in ('pending', 'ignored')",
                         [message_id])


def confirm_not_reply(store: Store, message_id: str, kind_reason: str) -> None:
    """The message is not a reply: it is ignored, and its comments with it."""
    with store.writing():
        store.db.execute(
            "update messages set kind = 'ignore', relevance = 'rejected', review = '', kind_reason = ?, status = 'active' "
            "where message_id = ?", [kind_reason, message_id],
        )
        store.db.execute("update comments set status = 'ignored' where message_id = ?", [message_id])
