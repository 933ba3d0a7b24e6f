"""Where reading a mailbox folder got to: the `state` table, one row per IMAP folder.

A position holds only within one UIDVALIDITY: when the server changes it, UIDs mean other
messages and the folder is read again from the start (mailbot.sources.imap decides that).
"""

from __future__ import annotations

from dataclasses import dataclass

from mailbot.store.database import Store


@dataclass(frozen=True)
class Position:
    """The last UID handled in a folder, within its UIDVALIDITY epoch."""

    folder: str
    uidvalidity: int
    last_uid: int


def of_folder(store: Store, folder: str) -> Position | None:
    rows = list(store.db["state"].rows_where("folder = ?", [folder]))
    return Position(folder, int(rows[0]["uidvalidity"]), int(rows[0]["last_uid"])) if rows else None


def every(store: Store) -> list[Position]:
    """Every folder's position (for `mailbot status`), in the order first read."""
    return [Position(r["folder"], int(r["uidvalidity"]), int(r["last_uid"])) for r in store.db["state"].rows]


def save(store: Store, found: Position) -> None:
    store.db.table("state").upsert(
        {"folder": found.folder, "uidvalidity": found.uidvalidity, "last_uid": found.last_uid}, pk="folder"
    )
