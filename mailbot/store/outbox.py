"""The outbox table: every outgoing mail as a row (queued → sending → sent, or failed).

mailbot.outbox decides when and how a mail goes (claims, leases, backoff); this module reads
and writes its rows. Stamps are ISO 8601 strings; `now` is passed in, so a caller's clock
is the one compared.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mailbot.store.database import Store

# Due: queued and its retry time reached, or claimed by a sender whose lease ran out (it died).
# julianday() compares the stamps as times whatever their offset (older rows carry local time).
DUE = (
    "(status = 'queued' and (coalesce(next_attempt_at, '') = '' or julianday(next_attempt_at) <= julianday(:now)))"
    " or (status = 'sending' and julianday(lease_until) < julianday(:now))"
)
CLAIMED = ("id", "kind", "recipients", "attempts", "ref")


@dataclass(frozen=True)
class Claimed:
    """A mail one sender has taken to send (its bytes are read apart: `message_bytes`).

    :ivar recipients: the JSON list the row holds
    :ivar attempts: attempts made before this one
    """

    id: int
    kind: str
    recipients: str
    attempts: int
    ref: str


@dataclass(frozen=True)
class Figures:
    """The outbox in counts: waiting (and of those, after failed attempts), sent, given up."""

    queued: int
    retrying: int
    sent: int
    failed: int


def add(store: Store, row: dict[str, Any]) -> bool:
    """Queue a row (mailbot.outbox.outbox_row); False when a mail with its ref is there already."""
    with store.writing():
        if store.db.execute("select 1 from outbox where ref = ?", [row["ref"]]).fetchone():
            return False
        store.db.table("outbox").insert(row)
    return True


def due_count(store: Store, now: str) -> int:
    return int(store.db.execute(f"select count(*) from outbox where {DUE}", {"now": now}).fetchone()[0])


def claim(store: Store, me: str, lease_until: str, now: str) -> Claimed | None:
    """Mark the oldest due mail as `me`'s until `lease_until`, in one write transaction, and return it."""
    with store.writing():
        found = store.db.execute(
            "update outbox set status = 'sending', claimed_by = :me, lease_until = :lease "
            f"where id = (select id from outbox where {DUE} order by id limit 1) returning {', '.join(CLAIMED)}",
            {"me": me, "lease": lease_until, "now": now},
        ).fetchall()  # all of it: a RETURNING statement not stepped to its end blocks the commit
    return Claimed(*found[0]) if found else None


def message_bytes(store: Store, row_id: int) -> bytes:
    return bytes(store.db.execute("select message from outbox where id = ?", [row_id]).fetchone()[0])


def mark_sent(store: Store, claimed: Claimed, at: str) -> None:
    store.db.table("outbox").update(claimed.id, {
        "status": "sent", "sent_at": at, "attempts": claimed.attempts + 1, "claimed_by": "", "lease_until": ""})


def mark_refused(store: Store, row_id: int, *, given_up: bool, attempts: int, error: str, retry_at: str) -> None:
    """A refused mail waits until `retry_at`, or is given up (status failed)."""
    store.db.table("outbox").update(row_id, {
        "status": "failed" if given_up else "queued", "attempts": attempts, "last_error": error,
        "next_attempt_at": retry_at, "claimed_by": "", "lease_until": "",
    })


def due_now(store: Store) -> None:
    """Every waiting mail is due at once (the server works again)."""
    with store.writing():
        store.db.execute("update outbox set next_attempt_at = '' where status = 'queued'")


def claimants(store: Store) -> list[str]:
    """The senders holding a claim now."""
    return [str(row[0]) for row in store.db.execute(
        "select distinct claimed_by from outbox where status = 'sending'").fetchall()]


def release_claims(store: Store, owners: list[str]) -> None:
    """The claims of these senders are given back: due again now."""
    if not owners:
        return
    with store.writing():
        store.db.execute(
            f"update outbox set status = 'queued', claimed_by = '', lease_until = '' where status = 'sending' "
            f"and claimed_by in ({', '.join('?' * len(owners))})", owners)


def release_failed(store: Store, owner: str, error: str) -> None:
    """The sender's mail in flight waits for the next pass, its attempt counted."""
    with store.writing():
        store.db.execute(
            "update outbox set status = 'queued', attempts = attempts + 1, last_error = ?, claimed_by = '', "
            "lease_until = '' where status = 'sending' and claimed_by = ?", [error, owner])


def receipts_since(store: Store, recipients: str, since: str) -> int:
    """Receipts queued to these recipients (the row's JSON list) since a stamp."""
    return int(store.db.execute(
        "select count(*) from outbox where kind = 'receipt' and recipients = ? and queued_at >= ?", [recipients, since],
    ).fetchone()[0])


def figures(store: Store) -> Figures:
    queued, retrying, sent, given_up = store.db.execute(
        "select coalesce(sum(status in ('queued', 'sending')), 0), "
        "coalesce(sum(status in ('queued', 'sending') and attempts > 0), 0), "
        "coalesce(sum(status = 'sent'), 0), coalesce(sum(status = 'failed'), 0) from outbox").fetchone()
    return Figures(int(queued), int(retrying), int(sent), int(given_up))


def last_sent(store: Store) -> str:
    """When the last mail went out ("" if none did)."""
    row = store.db.execute("select max(sent_at) from outbox where status = 'sent'").fetchone()
    return str(row[0] or "")


def reminder_counts(store: Store) -> dict[str, int]:
    """Reminders (催报) waiting and sent."""
    row = store.db.execute("select sum(status != 'sent'), sum(status = 'sent') from outbox where kind = 'reminder'").fetchone()
    return {"queued": row[0] or 0, "sent": row[1] or 0}


def manual_reminders(store: Store, limit: int) -> list[dict[str, Any]]:
    """The reminders queued from the desk, newest first: ref, status, queued_at, sent_at, last_error."""
    return list(store.db["outbox"].rows_where(
        "ref like 'reminder-manual:%'", select="ref, status, queued_at, sent_at, last_error", order_by="id desc",
        limit=limit,
    ))
