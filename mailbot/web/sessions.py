"""Desk logins kept in the store, so they survive a restart and end when they should.

The session cookie is signed with a key kept here (made once, on first use), so a
restarted desk still knows its cookies. The cookie alone proves nothing, though: it
names a login (mailbot.store.sessions), which logout deletes and which ends after `idle`
seconds without a request, so a copied cookie is worthless after either. Failed
logins are counted per address (`desk_login_failures`) to slow password guessing.

Only a hash of each session id is stored: the store is read by other tools (backups,
`sqlite3`), and a row there should not be a login. Times are Unix seconds.
"""

from __future__ import annotations

import hashlib
import math
import secrets

from mailbot.store import Store
from mailbot.store import sessions as logins
from mailbot.store.sessions import Login as Login  # the record a login is, kept where the desk looked for it

FAILURE_WINDOW = 60.0  # seconds over which failed logins are counted
MAX_FAILURES = 5  # failed logins from one address within the window before it must wait
TOUCH_EVERY = 60.0  # last_seen is written at most this often: one write a minute, not one a request


def signing_key(store: Store) -> str:
    """The key that signs session cookies: made on first use, then the same across restarts."""
    return logins.signing_key(store, secrets.token_hex(32))


def _hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def open_login(store: Store, user: str, idle: float, now: float) -> str:
    """A new login for `user`; its id goes into the (signed) cookie. Logins left idle too long
    (never logged out) are dropped on the way."""
    session_id = secrets.token_urlsafe(32)
    logins.add_login(store, _hash(session_id), user, now, now - idle)
    return session_id


def find_login(store: Store, session_id: str, idle: float, now: float) -> Login | None:
    """The live login with this id, marked as used now; None if logged out, unknown or idle too long
    (an idle one is deleted)."""
    key = _hash(session_id)
    found = logins.login(store, key)
    if found is None:
        return None
    if now - found.last_seen > idle:
        close_login(store, session_id)
        return None
    if now - found.last_seen >= TOUCH_EVERY:
        logins.touch_login(store, key, now)
        return Login(found.user, now)
    return found


def close_login(store: Store, session_id: str) -> None:
    """Logout: the cookie that carries this id no longer opens anything, wherever it was copied."""
    logins.drop_login(store, _hash(session_id))


def wait_seconds(store: Store, address: str, now: float) -> int:
    """How long `address` must wait before trying a password again (0: it may try now)."""
    failures = logins.recent_failures(store, address, now - FAILURE_WINDOW, MAX_FAILURES)
    if len(failures) < MAX_FAILURES:
        return 0
    # The oldest of the last MAX_FAILURES failures must leave the window first.
    return max(1, math.ceil(failures[-1] + FAILURE_WINDOW - now))


def record_failure(store: Store, address: str, now: float) -> None:
    """A wrong password from `address`; failures older than the window are dropped on the way."""
    logins.add_failure(store, address, now, now - FAILURE_WINDOW)


def forget_failures(store: Store, address: str) -> None:
    """After a right password, earlier slips from that address no longer count."""
    logins.forget_failures(store, address)
