"""The desk's logins: the key that signs cookies, live logins, failed password attempts.

mailbot.web.sessions decides (hashing, idle limits, how many failures); this module only
reads and writes the rows. Tables: desk_keys, desk_sessions, desk_login_failures (made with
the store's DESK_SCHEMA). Times are Unix seconds.
"""

from __future__ import annotations

from dataclasses import dataclass

from mailbot.store.database import Store

SESSION_KEY = "session"


@dataclass(frozen=True)
class Login:
    """A live login.

    :ivar user: the name given at login, written into every change
    :ivar last_seen: when it was last used (Unix seconds)
    """

    user: str
    last_seen: float


def signing_key(store: Store, candidate: str) -> str:
    """The stored key that signs session cookies; `candidate` becomes it when there is none yet
    (two desks starting at once agree on the first one written)."""
    with store.writing():
        store.db.execute("insert or ignore into desk_keys (name, value) values (?, ?)", [SESSION_KEY, candidate])
        row = store.db.execute("select value from desk_keys where name = ?", [SESSION_KEY]).fetchone()
    return str(row[0])


def add_login(store: Store, id_hash: str, user: str, now: float, idle_since: float) -> None:
    """A new login; logins not used since `idle_since` (never logged out) are dropped on the way."""
    with store.writing():
        store.db.execute("delete from desk_sessions where last_seen < ?", [idle_since])
        store.db.execute("insert into desk_sessions (id_hash, user, created_at, last_seen) values (?, ?, ?, ?)",
                         [id_hash, user, now, now])


def login(store: Store, id_hash: str) -> Login | None:
    row = store.db.execute("select user, last_seen from desk_sessions where id_hash = ?", [id_hash]).fetchone()
    return Login(str(row[0]), float(row[1])) if row else None


def touch_login(store: Store, id_hash: str, now: float) -> None:
    with store.writing():
        store.db.execute("update desk_sessions set last_seen = ? where id_hash = ?", [now, id_hash])


def drop_login(store: Store, id_hash: str) -> None:
    with store.writing():
        store.db.execute("delete from desk_sessions where id_hash = ?", [id_hash])


def recent_failures(store: Store, address: str, since: float, limit: int) -> list[float]:
    """When `address` last gave a wrong password (after `since`), newest first, at most `limit`."""
    rows = store.db.execute(
        "select at from desk_login_failures where address = ? and at > ? order by at desc limit ?",
        [address, since, limit],
    ).fetchall()
    return [float(row[0]) for row in rows]


def add_failure(store: Store, address: str, now: float, forget_before: float) -> None:
    """A failed login; failures at or before `forget_before` are dropped on the way."""
    with store.writing():
        store.db.execute("delete from desk_login_failures where at <= ?", [forget_before])
        store.db.execute("insert into desk_login_failures (address, at) values (?, ?)", [address, now])


def forget_failures(store: Store, address: str) -> None:
    with store.writing():
        store.db.execute("delete from desk_login_failures where address = ?", [address])
