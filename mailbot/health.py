"""How the running service is doing, told once and kept where `mailbot status` can read it.

Three small parts:
- `Backoff`: capped exponential waits with jitter, so a mailbox or SMTP server that comes
  back is not hammered by every retry at once, and is tried again within minutes, not hours.
- `Outage`: one subsystem's state (mailbox, smtp, store, archive). It logs one line when the
  subsystem goes down, one every STILL_DOWN_EVERY while it stays down, and one when it is back
  with how long it was down: not one line per failed attempt or per queued mail.
- `Pulse`: the lock file beside the store, which the process holding the lock rewrites in
  place with its heartbeat and every subsystem's state. It is allocated once at a fixed size
  and overwritten without growing, so it can still be written when the disk is full, which is
  exactly when the operator most needs `status` to be right.
"""

from __future__ import annotations

import datetime
import fcntl
import json
import logging
import os
import random
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger("mailbot.health")
STILL_DOWN_EVERY = 10 * 60.0
PULSE_BYTES = 16384
ERROR_CHARS = 400  # a last error is cut to this: every subsystem must fit in the pulse


class Backoff:
    """Waits of base, 2·base, 4·base … up to cap seconds, each drawn from its upper half."""

    def __init__(self, base: float, cap: float) -> None:
        self.base, self.cap, self.failures = base, cap, 0

    def next(self) -> float:
        delay = min(self.cap, self.base * 2 ** min(self.failures, 30))
        self.failures += 1
        return random.uniform(delay / 2, delay)

    def reset(self) -> None:
        self.failures = 0


@dataclass
class OutageState:
    """What `status` shows for one subsystem: "ok", or down since when and why."""

    down_since: float | None = None
    last_error: str = ""
    failures: int = 0
    detail: str = ""  # e.g. "12 KB free on /var/lib/mailbot"


@dataclass
class Outage:
    """One subsystem's outages, told in a few lines. `on_change` is called with
    (level, text) when one starts or ends (e.g. to record an event in the store)."""

    name: str
    level: int = logging.WARNING
    on_change: Callable[[str, str], None] | None = None
    state: OutageState = field(default_factory=OutageState)
    _told: float = 0.0

    @property
    def down(self) -> bool:
        return self.state.down_since is not None

    def failed(self, error: str, detail: str = "") -> None:
        state = self.state
        state.failures += 1
        state.last_error, state.detail = error[:ERROR_CHARS], detail
        if state.down_since is None:
            state.down_since = time.time()
            self._told = time.monotonic()
            log.log(self.level, "%s down: %s", self.name, error)
            self._record("warning" if self.level < logging.ERROR else "error", f"down: {error}")
        elif time.monotonic() - self._told >= STILL_DOWN_EVERY:
            self._told = time.monotonic()
            log.log(self.level, "%s still down since %s (%s, %d attempts): %s", self.name,
                    local_time(state.down_since), duration(time.time() - state.down_since), state.failures, error)

    def recovered(self) -> None:
        since = self.state.down_since
        if since is None:
            return
        text = f"back after {duration(time.time() - since)} ({self.state.failures} failed attempts)"
        log.info("%s %s", self.name, text)
        self._record("info", text)
        self.state = OutageState()

    def snapshot(self) -> dict[str, Any]:
        return asdict(self.state)

    def _record(self, level: str, text: str) -> None:
        if self.on_change is None:
            return
        try:
            self.on_change(level, text)
        except Exception:  # the store may be the thing that is down: the log line is enough
            log.debug("could not record the %s outage", self.name, exc_info=True)


def local_time(epoch: float) -> str:
    return datetime.datetime.fromtimestamp(epoch).astimezone().strftime("%Y-%m-%d %H:%M:%S")


def duration(seconds: float) -> str:
    seconds = int(max(0, seconds))
    if seconds < 60:
        return f"{seconds}s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m{seconds:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"


def free_space(path: Path) -> str:
    """"12 KB free on /var/lib/mailbot", for the nearest existing folder of path."""
    folder = path if path.is_dir() else path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return f"free space on {folder} unknown"
    return f"{human_bytes(free)} free on {folder}"


def human_bytes(count: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if count < 1024:
            return f"{count:.0f} {unit}"
        count /= 1024
    return f"{count:.1f} TB"


def lock_path(store_path: Path) -> Path:
    return store_path.with_name(store_path.name + ".lock")


class Pulse:
    """The lock holder's state in its lock file (see the module note). Thread-safe."""

    def __init__(self, handle: Any, command: str) -> None:
        self.handle = handle
        self._lock = threading.Lock()
        self.state: dict[str, Any] = {
            "pid": os.getpid(), "command": command, "state": "running",
            "started": time.time(), "heartbeat": time.time(), "subsystems": {},
        }
        try:  # room for the whole state now, while there may still be space
            os.posix_fallocate(handle.fileno(), 0, PULSE_BYTES)
        except OSError:
            log.debug("could not allocate the pulse file", exc_info=True)
        self._write()

    def beat(self, **fields: Any) -> None:
        """Record the heartbeat now, with any fields given (last_poll=…, subsystems={…})."""
        with self._lock:
            subsystems = fields.pop("subsystems", None)
            if subsystems:
                self.state["subsystems"].update(subsystems)
            self.state.update(fields, heartbeat=time.time())
            self._write()

    def _write(self) -> None:
        data = json.dumps(self.state, ensure_ascii=False).encode()
        if len(data) > PULSE_BYTES:
            return  # cannot happen with cut errors; never write a broken pulse
        try:
            os.pwrite(self.handle.fileno(), data.ljust(PULSE_BYTES, b" "), 0)
        except OSError:
            log.debug("could not write the pulse", exc_info=True)


def read_pulse(store_path: Path) -> dict[str, Any] | None:
    """The last state a lock holder wrote, or None when none ever ran. Old lock files hold a pid."""
    try:
        text = lock_path(store_path).read_text(errors="replace").strip()
    except OSError:
        return None
    if not text:
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return {"pid": int(text)} if text.isdigit() else None
    return value if isinstance(value, dict) else None


def lock_held(store_path: Path) -> bool:
    """Whether some process holds the store's lock right now (the daemon, `poll --once` …)."""
    try:
        handle = open(lock_path(store_path), "rb")
    except OSError:
        return False
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
        return False


class Disks:
    """The store's and the archive's disks: a full one is an outage of its own (an ERROR line
    naming the path and the free space), never a mailbox error or a crash."""

    def __init__(self, store_path: Path, archive_root: Path, on_change: Callable[[str, str], None] | None = None) -> None:
        self.paths = {"store": store_path, "archive": archive_root}
        self.outages = {name: Outage(name, logging.ERROR, on_change) for name in self.paths}

    def failed(self, exc: BaseException) -> None:
        name = self.which(exc)
        path = self.paths[name]
        self.outages[name].failed(
            f"disk full: cannot write {path} ({free_space(path)}): free space there; "
            "mailbot goes on by itself once there is room", free_space(path))

    def which(self, exc: BaseException) -> str:
        filename = getattr(exc, "filename", None)
        if filename and Path(str(filename)).resolve().is_relative_to(self.paths["archive"].resolve()):
            return "archive"
        return "store"

    def recovered(self) -> None:
        for outage in self.outages.values():
            outage.recovered()

    @property
    def down(self) -> bool:
        return any(outage.down for outage in self.outages.values())

    def snapshot(self) -> dict[str, Any]:
        return {name: outage.snapshot() for name, outage in self.outages.items()}
