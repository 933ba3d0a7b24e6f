"""Desk logins kept in the store, so they survive a restart and end when they should.

The session cookie is signed with a key kept here (made once, on first use), so a
restarted desk still knows its cookies. The cookie alone proves nothing, though: it
names a login (`desk_sessions`), which logout deletes and which ends after `idle`
seconds without a request, so a copied cookie is worthless after either. Failed
logins are counted per address (`desk_login_failures`) to slow password guessing.

Only a hash of each session id is stored: the store is read by other tools (backups,
`sqlite3`), and a row there should not be a login. Times are Unix seconds.
"""

from __future__ import annotations

import hashlib
import math
import secrets
from dataclasses import dataclass

from mailbot.store import Store

FAILURE_WINDOW = 60.0  # seconds over which failed logins are counted
MAX_FAILURES = 5  # failed logins from one address within the window before it must wait
TOUCH_EVERY = 60.0  # last_seen is written at most this often: one write a minute, not one a request


@dataclass(frozen=True)
class Login:
    """A live login.

    :ivar user: the name given at login, written into every change
    :ivar last_seen: when it was last used (Unix seconds)
    """

    user: str
    last_seen: float


def ensure_tables(store: Store) -> None:
    """Create this module's tables if they are not there yet (idempotent)."""
    db = store.db
    db.table("desk_keys").create({"name": str, "value": str}, pk="name", if_not_exists=True)
    db.table("desk_sessions").create(
        {"id_hash": str, "user": str, "created_at": float, "last_seen": float}, pk="id_hash", if_not_exists=True,
    )
    db.table("desk_login_failures").create(
        {"id": int, "address": str, "at": float}, pk="id", if_not_exists=True,
    )
    db.table("desk_login_failures").create_index(["address", "at"], if_not_exists=True)


def signing_key(store: Store) -> str:
    """The key that signs session cookies: made on first use, then the same across restarts."""
    with store.writing():
        store.db.execute("insert or ignore into desk_keys (name, value) values ('session', ?)",
                         [secrets.token_hex(32)])
        row = store.db.execute("select value from desk_keys where name = 'session'").fetchone()
    return str(row[0])


def _hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def open_login(store: Store, user: str, idle: float, now: float) -> str:
    """A new login for `user`; its id goes into the (signed) cookie. Logins left idle too long
    (never logged out) are dropped on the way."""
    session_id = secrets.token_urlsafe(32)
    with store.writing():
        store.db.execute("delete from desk_sessions where last_seen < ?", [now - idle])
        store.db.table("desk_sessions").insert(
            {"id_hash": _hash(session_id), "user": user, "created_at": now, "last_seen": now}
        )
    return session_id


def find_login(store: Store, session_id: str, idle: float, now: float) -> Login | None:
    """The live login with this id, marked as used now; None if logged out, unknown or idle too long
    (an idle one is deleted)."""
    key = _hash(session_id)
    row = store.db.execute("select user, last_seen from desk_sessions where id_hash = ?", [key]).fetchone()
    if row is None:
        return None
    user, last_seen = str(row[0]), float(row[1])
    if now - last_seen > idle:
        close_login(store, session_id)
        return None
    if now - last_seen >= TOUCH_EVERY:
        with store.writing():
            store.db.execute("update desk_sessions set last_seen = ? where id_hash = ?", [now, key])
        last_seen = now
    return Login(user, last_seen)


def close_login(store: Store, session_id: str) -> None:
    """Logout: the cookie that carries this id no longer opens anything, wherever it was copied."""
    with store.writing():
        store.db.execute("delete from desk_sessions where id_hash = ?", [_hash(session_id)])


def wait_seconds(store: Store, address: str, now: float) -> int:
    """How long `address` must wait before trying a password again (0: it may try now)."""
    rows = store.db.execute(
        "select at from desk_login_failures where address = ? and at > ? order by at desc limit ?",
        [address, now - FAILURE_WINDOW, MAX_FAILURES],
    ).fetchall()
    if len(rows) < MAX_FAILURES:
        return 0
    # The oldest of the last MAX_FAILURES failures must leave the window first.
    return max(1, math.ceil(float(rows[-1][0]) + FAILURE_WINDOW - now))


def record_failure(store: Store, address: str, now: float) -> None:
    """A wrong password from `address`; failures older than the window are dropped on the way."""
    with store.writing():
        store.db.execute("delete from desk_login_failures where at <= ?", [now - FAILURE_WINDOW])
        store.db.execute("insert into desk_login_failures (address, at) values (?, ?)", [address, now])


def forget_failures(store: Store, address: str) -> None:
    """After a right password, earlier slips from that address no longer count."""
    with store.writing():
        store.db.execute("delete from desk_login_failures where address = ?", [address])
