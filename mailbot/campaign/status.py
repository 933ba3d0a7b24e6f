"""`mailbot status`: where the campaign stands and whether the service works, in a few lines.

The service part is read from the lock holder's pulse (mailbot.health): whether a daemon
runs (it holds the lock and its heartbeat is fresh), and each subsystem (mailbox, store,
archive, smtp) ok or down since when and why. Times are local. `down` is true when a
subsystem is down or the daemon died without stopping: the CLI then exits 2, so a monitor
(systemd, cron, a Nagios-style check) can act on it.
"""

from __future__ import annotations

import datetime
import os
import shutil
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from mailbot.config import Config
from mailbot.health import duration, human_bytes, local_time, lock_held, read_pulse
from mailbot.campaign.counts import Counts, counts
from mailbot.categories import ReplyState
from mailbot.store import Store, outbox, positions

HEARTBEAT_STALE = 60.0  # a daemon silent longer than this is not working
DISK_FULL_BYTES = 5 * 1024 * 1024  # below this a disk counts as full (SQLite needs room for its journal)
DISK_LOW_BYTES = 200 * 1024 * 1024


@dataclass
class Subsystem:
    name: str
    ok: bool
    text: str
    since: str = ""
    last_error: str = ""


@dataclass
class Service:
    daemon: str
    daemon_running: bool
    subsystems: list[Subsystem] = field(default_factory=list)
    last_poll: str = ""
    last_send: str = ""
    down: bool = False


def service(config: Config, store: Store, c: Counts) -> Service:
    pulse = read_pulse(config.mailbox_store) or {}  # the daemon locks the mailbox's own store, whichever round is asked
    held = lock_held(config.mailbox_store)
    running = held and pulse.get("command") == "run"
    fresh = running and time.time() - float(pulse.get("heartbeat", 0)) <= HEARTBEAT_STALE
    known: dict[str, Any] = pulse.get("subsystems", {}) if isinstance(pulse.get("subsystems"), dict) else {}
    result = Service(daemon=_daemon_line(pulse, held, running, fresh), daemon_running=fresh)
    result.subsystems = [
        _outage("mailbox", known.get("mailbox"), _mailbox_place(config)),
        _disk("store", config.store_path, known.get("store")),
        _disk("archive", config.archive, known.get("archive")),
        _outbox(c, known.get("smtp"), config),
    ]
    result.last_poll = _when(pulse.get("last_poll")) or _iso_local(store.meta("last_poll"))
    result.last_send = _when(pulse.get("last_send")) or _iso_local(outbox.last_sent(store))
    died = not held and pulse.get("command") == "run" and pulse.get("state") == "running"
    result.down = died or (running and not fresh) or any(not s.ok for s in result.subsystems)
    return result


def _daemon_line(pulse: dict[str, Any], held: bool, running: bool, fresh: bool) -> str:
    pid, beat = pulse.get("pid", "?"), float(pulse.get("heartbeat", 0) or 0)
    if running and fresh:
        return f"running (pid {pid}, since {local_time(float(pulse.get('started', beat)))}, heartbeat {duration(time.time() - beat)} ago)"
    if running:
        return f"NOT RESPONDING (pid {pid} holds the lock; last heartbeat {local_time(beat)}, {duration(time.time() - beat)} ago)"
    if held:
        return f"not running; `mailbot {pulse.get('command', '?')}` (pid {pid}) holds the store now"
    if not pulse:
        return "not running (never started on this store)"
    if pulse.get("command") == "run" and pulse.get("state") == "running":
        return (f"NOT RUNNING: pid {pid} ended without stopping (killed or crashed); "
                f"last heartbeat {local_time(beat)}: see its log, then start it again")
    stopped = pulse.get("stopped")
    return "not running" + (f" (last `mailbot {pulse.get('command')}` ended {local_time(float(stopped))})" if stopped else "")


def _outage(name: str, state: Any, place: str) -> Subsystem:
    if isinstance(state, dict) and state.get("down_since"):
        since = local_time(float(state["down_since"]))
        text = f"DOWN since {since} ({duration(time.time() - float(state['down_since']))}, {state.get('failures', 0)} attempts)"
        if state.get("detail"):
            text += f", {state['detail']}"
        return Subsystem(name, False, text + f"; last error: {state.get('last_error', '')}", since, str(state.get("last_error", "")))
    return Subsystem(name, True, f"ok{place}")


def _mailbox_place(config: Config) -> str:
    box = config.mailbox
    if box is None:
        return " (no [mailbox] configured)"
    return f" ({_shown(box.path)})" if box.kind == "maildir" else f" ({box.host}:{box.port} {box.folder})"


def _disk(name: str, path: Path, state: Any) -> Subsystem:
    """A disk the daemon found full, or that is (nearly) full now, whoever looks."""
    folder = path if path.is_dir() else path.parent
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return Subsystem(name, False, f"DOWN: {folder} cannot be read")
    told = _outage(name, state, "")
    if not told.ok:
        return told
    if free < DISK_FULL_BYTES:
        return Subsystem(name, False, f"DOWN: disk full ({human_bytes(free)} free on {folder}): free space there")
    low = ", LOW: free space soon" if free < DISK_LOW_BYTES else ""
    return Subsystem(name, True, f"ok ({_shown(path)}, {human_bytes(free)} free{low})")


def _outbox(c: Counts, state: Any, config: Config) -> Subsystem:
    tail = f"{c.outbox_queued} waiting ({c.outbox_retrying} after failed attempts), {c.outbox_sent} sent"
    if c.outbox_failed:
        tail += f", {c.outbox_failed} given up (refused by the server: see the errors below)"
    where = f"{config.smtp.host}:{config.smtp.port}" if config.smtp.kind != "folder" else _shown(config.smtp.path)
    found = _outage("smtp", state, "")
    if not found.ok:
        return Subsystem("outbox", False, f"{found.text}; {tail}", found.since, found.last_error)
    return Subsystem("outbox", True, f"ok ({where}): {tail}")  # a refused mail is shown, not an outage


def _shown(path: Path | None) -> str:
    """A config path as the operator would write it: "/srv/mailbot/var", not "/srv/mailbot/config/../var"."""
    return os.path.normpath(path) if path is not None else "?"


def _when(epoch: Any) -> str:
    return local_time(float(epoch)) if epoch else ""


def _iso_local(stamp: str) -> str:
    if not stamp:
        return ""
    try:
        return datetime.datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M:%S")
    except ValueError:
        return stamp


@dataclass
class RoundFigures:
    """One round at a glance: who replied, who is missing, what waits, how long is left."""

    name: str
    title: str
    state: str
    roster: int
    replied: int
    missing: int
    needs_review: int
    deadline: str
    days_left: int | None


def round_figures(config: Config, store: Store, today: datetime.date) -> RoundFigures:
    c = counts(store)
    days = (config.deadline - today).days if config.deadline else None
    return RoundFigures(config.round_name, config.title, config.round_state, c.roster, c.replied, c.missing,
                        c.needs_review, config.deadline.isoformat() if config.deadline else "", days)


def round_line(r: RoundFigures) -> str:
    if r.days_left is None:
        left = "no deadline"
    elif r.days_left >= 0:
        left = f"deadline {r.deadline}, {r.days_left} days left"
    else:
        left = f"deadline {r.deadline}, passed {-r.days_left} days ago"
    state = "" if r.state == "open" else f" [{r.state}]"
    return (f"round {r.name}{state}: 《{r.title}》 replied {r.replied}/{r.roster}, missing {r.missing}, "
            f"{r.needs_review} to review; {left}")


def status_json(config: Config, store: Store, rounds: list[RoundFigures] | None = None) -> dict[str, Any]:
    c = counts(store)
    found = service(config, store, c)
    return {
        "down": found.down, "daemon": {"running": found.daemon_running, "text": found.daemon},
        "subsystems": {s.name: asdict(s) for s in found.subsystems},
        "last_poll": found.last_poll, "last_send": found.last_send,
        "campaign": {**asdict(c), "missing": c.missing, "replied": c.replied, "read_errors": c.read_errors},
        "rounds": [asdict(r) for r in rounds or []],
        "errors": store.recent_events("error", limit=5),
    }


def status_lines(config: Config, store: Store, rounds: list[RoundFigures] | None = None) -> tuple[list[str], bool]:
    """The lines to print, and whether something is down. With several rounds and none chosen,
    a line for each round instead of one round's figures."""
    c = counts(store)
    found = service(config, store, c)
    lines = [round_line(r) for r in rounds] if rounds else _figures(c)
    lines += [
        f"daemon      {found.daemon}",
        *(f"{sub.name:<11} {sub.text}" for sub in found.subsystems),
        f"last poll   {found.last_poll or 'never'}" + _positions(store),
        f"last send   {found.last_send or 'never'}",
    ]
    for event in store.recent_events("error", limit=5):
        lines.append(f"  error {_iso_local(event['at'])} {event['what']} {event['message_id']}: {event['detail']}")
    return lines, found.down


def _figures(c: Counts) -> list[str]:
    s, kinds = c.states, c.kinds
    return [
        f"units       {c.roster} on the roster: replied {c.replied} "
        f"({ReplyState.SUBMITTED} {s[ReplyState.SUBMITTED]}, {ReplyState.CORRECTED} {s[ReplyState.CORRECTED]}, "
        f"{ReplyState.NO_COMMENT} {s[ReplyState.NO_COMMENT]}), missing {c.missing}"
        + (f" ({s[ReplyState.PENDING]} with a possible reply to confirm: {ReplyState.PENDING})" if s[ReplyState.PENDING] else "")
        + (f"; {c.unlisted} outside the roster ({c.unlisted_comments} comments)" if c.unlisted else ""),
        f"messages    {c.messages}: submission {kinds['submission']}, no_comment {kinds['no_comment']}, "
        f"ignore {kinds['ignore']}, failed {c.failed}",
        f"comments    {c.comments} active, {c.needs_review} need review",
        f"errors      {c.read_errors} could not be read ({c.unreadable} attachments, {c.failed} messages)",
    ]


def _positions(store: Store) -> str:
    lines = [f"{p.folder} uidvalidity {p.uidvalidity} last uid {p.last_uid}" for p in positions.every(store)]
    return f"; {'; '.join(lines)}" if lines else ""
