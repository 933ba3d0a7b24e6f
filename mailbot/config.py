"""The one config file (TOML), checked on load.

Every mistake is reported as one line naming the key and what is wrong, e.g.
`config: campaign.draft: no such file: campaign/draft.docx`. Relative paths
resolve against the config file's folder. Secrets are never in the file: the
file names the environment variable that holds each password.
"""

from __future__ import annotations

import dataclasses
import datetime
import difflib
import ipaddress
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mailbot.errors import ConfigError
from parsers.guard import Limits

SECTIONS: dict[str, set[str]] = {
    "campaign": {"name", "title", "draft", "roster", "deadline", "notice_message_ids", "recipients", "state"},
    "store": {"path", "archive"},
    "mailbox": {
        "kind", "path", "host", "port", "tls", "username", "password_env", "folder",
        "processed_folder", "failed_folder", "ca_file", "poll_seconds", "address",
    },
    "smtp": {"kind", "path", "host", "port", "tls", "username", "password_env", "from", "ca_file"},
    "reports": {"recipients", "schedule", "receipts", "receipts_per_hour", "reminders_days_before"},
    "web": {"password_env", "host", "port", "hosts", "idle_minutes"},
    "limits": {"attachment_mb", "message_mb", "zip_members", "body_chars", "workers", "ocr_pages"},
}
TLS = ("ssl", "starttls", "none")
ROUND_STATES = ("open", "closed", "archived")
DEFAULT_ROUND = "default"  # the name of the one round a single [campaign] table configures
_ROUND_NAME = re.compile(r"[\w-]{1,40}")


@dataclass(frozen=True)
class RoundConfig:
    """One round of comment (征求意见): its draft, who is asked, by when.

    :ivar name: the short name operators type (`--campaign NAME`) and the store keys rows by
    :ivar recipients: who gets this round's digests ([reports] recipients when empty)
    :ivar state: open; closed (after the deadline: late replies are still stored, flagged 逾期);
        archived (read-only: nothing new is filed to it, its pages stay browsable)
    """

    name: str
    title: str
    draft: Path
    roster: Path
    deadline: datetime.date | None = None
    notice_ids: tuple[str, ...] = ()
    recipients: tuple[str, ...] = ()
    state: str = "open"


@dataclass(frozen=True)
class MailboxConfig:
    kind: str
    path: Path | None = None
    host: str = ""
    port: int = 993
    tls: str = "ssl"
    username: str = ""
    password_env: str = ""
    folder: str = "INBOX"
    processed_folder: str = ""
    failed_folder: str = ""
    ca_file: Path | None = None
    poll_seconds: int = 300
    address: str = ""


@dataclass(frozen=True)
class SmtpConfig:
    kind: str = "folder"
    path: Path | None = None
    host: str = ""
    port: int = 465
    tls: str = "ssl"
    username: str = ""
    password_env: str = ""
    sender: str = ""
    ca_file: Path | None = None


@dataclass(frozen=True)
class WebConfig:
    """The review desk (`mailbot serve`).

    :ivar password_env: the environment variable holding the desk's password ("" = an open desk,
        served on loopback only)
    :ivar host, port: where `serve` listens unless --host/--port say otherwise
    :ivar hosts: the names clerks type in the browser (besides loopback); any other Host is
        refused, so a name an attacker points at the desk (DNS rebinding) gets nothing
    :ivar idle_minutes: a login ends after this long without a request
    """

    password_env: str = ""
    host: str = "127.0.0.1"
    port: int = 8080
    hosts: tuple[str, ...] = ()
    idle_minutes: int = 8 * 60


@dataclass(frozen=True)
class Config:
    path: Path
    title: str
    draft: Path
    roster: Path
    deadline: datetime.date | None
    store_path: Path
    archive: Path
    mailbox: MailboxConfig | None
    smtp: SmtpConfig
    recipients: tuple[str, ...] = ()
    schedule: tuple[str, ...] = ()
    receipts: bool = True
    receipts_per_hour: int = 5
    reminder_days: tuple[int, ...] = ()
    limits: Limits = Limits()
    workers: int = 1
    notice_ids: tuple[str, ...] = ()  # the notice's Message-ID(s): a reply in its thread is this round's
    web: WebConfig = WebConfig()
    extra: dict[str, Any] = field(default_factory=dict)
    rounds: tuple[RoundConfig, ...] = ()
    mailbox_store: Path = Path()  # [store] path: the first round's store, which also keeps the mailbox's own state
    reports_recipients: tuple[str, ...] = ()  # [reports] recipients: a round's digests go there unless it names its own
    round_state: str = "open"  # open, closed or archived (see RoundConfig)
    round_name: str = DEFAULT_ROUND  # the round title, draft, roster, deadline, notice_ids and recipients are of

    def round(self, name: str | None = None) -> Config:
        """This config as seen by one round: its title, draft, roster, deadline, notice and digest
        recipients. No name: the only round (several rounds configured: an error naming them)."""
        if name is None:
            if len(self.rounds) > 1:
                raise ConfigError(f"several rounds are configured: choose one with --campaign NAME ({self.round_names})")
            return self
        chosen = next((r for r in self.rounds if r.name == name), None)
        if chosen is None:
            raise ConfigError(f"config: no round named {name!r} (configured: {self.round_names})")
        return _as_round(self, chosen)

    def each_round(self) -> list[Config]:
        """This config as each round sees it, in the order configured."""
        return [_as_round(self, r) for r in self.rounds]

    @property
    def round_names(self) -> str:
        return ", ".join(r.name for r in self.rounds)

    @property
    def own_address(self) -> str:
        """The campaign mailbox's address: mail from it is our own."""
        if self.mailbox is None:
            return ""
        return (self.mailbox.address or self.mailbox.username).lower()


def load_config(path: str | Path) -> Config:
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"config: no such file: {path} (pass --config FILE, or copy config/example.toml)")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"config: {path}: not valid TOML: {exc}") from exc
    return _build(path.resolve(), data)


class _Reader:
    """Typed access to one section, each error naming its key."""

    def __init__(self, base: Path, name: str, table: Any) -> None:
        if not isinstance(table, dict):
            raise ConfigError(f"config: [{name}] must be a table")
        unknown = sorted(set(table) - SECTIONS[name])
        known = ", ".join(sorted(SECTIONS[name]))
        secret = next((k for k in unknown if "password" in k.lower() or "secret" in k.lower()), None)
        if secret:
            raise ConfigError(
                f"config: {name}.{secret}: passwords must not be written in the config file; "
                f"put it in an environment variable and name that variable with {name}.password_env (known: {known})"
            )
        if unknown:
            raise ConfigError(f"config: {name}.{unknown[0]}: unknown key{_near(unknown[0], SECTIONS[name])} (known: {known})")
        self.base, self.name, self.table = base, name, table

    def text(self, key: str, default: str | None = None) -> str:
        value = self.table.get(key, default)
        if value is None:
            raise ConfigError(f"config: {self.name}.{key}: missing")
        if not isinstance(value, str):
            raise ConfigError(f"config: {self.name}.{key}: must be a string, not {value!r}")
        return value

    def integer(self, key: str, default: int) -> int:
        value = self.table.get(key, default)
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            raise ConfigError(f"config: {self.name}.{key}: must be a positive whole number, not {value!r}")
        return value

    def port(self, key: str, default: int) -> int:
        value = self.integer(key, default)
        if value > 65535:
            raise ConfigError(f"config: {self.name}.{key}: must be a port number (1-65535), not {value}")
        return value

    def choice(self, key: str, options: tuple[str, ...], default: str | None = None) -> str:
        value = self.text(key, default)
        if value not in options:
            raise ConfigError(f"config: {self.name}.{key}: must be one of {', '.join(options)}, not {value!r}")
        return value

    def path(self, key: str, default: str | None = None, *, must_exist: bool = False) -> Path:
        raw = self.text(key, default)
        full = (self.base / raw) if not Path(raw).is_absolute() else Path(raw)
        if must_exist and not full.exists():
            raise ConfigError(f"config: {self.name}.{key}: no such file: {raw}")
        return full

    def optional_path(self, key: str, *, must_exist: bool = False) -> Path | None:
        return self.path(key, must_exist=must_exist) if key in self.table else None

    def flag(self, key: str, default: bool) -> bool:
        value = self.table.get(key, default)
        if not isinstance(value, bool):
            raise ConfigError(f"config: {self.name}.{key}: must be true or false, not {value!r}")
        return value

    def days(self, key: str) -> tuple[int, ...]:
        value = self.table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in value):
            raise ConfigError(f"config: {self.name}.{key}: must be a list of whole numbers of days, like [3, 1]")
        return tuple(value)

    def strings(self, key: str) -> tuple[str, ...]:
        value = self.table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"config: {self.name}.{key}: must be a list of strings")
        return tuple(value)


def _near(key: str, known: set[str]) -> str:
    """A misspelt key's likely meaning (pasword_env -> password_env), as a hint."""
    close = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.75)
    return f" (did you mean {close[0]}?)" if close else ""


def _build(path: Path, data: dict[str, Any]) -> Config:
    unknown = sorted(set(data) - set(SECTIONS))
    if unknown:
        raise ConfigError(f"config: [{unknown[0]}]: unknown section (known: {', '.join(SECTIONS)})")
    base = path.parent
    rounds = _rounds(base, data.get("campaign"))
    store = _Reader(base, "store", data.get("store", {}))
    reports = _Reader(base, "reports", data.get("reports", {}))
    schedule = reports.strings("schedule")
    for time in schedule:
        if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", time):
            raise ConfigError(f"config: reports.schedule: {time!r} is not a time of day like \"08:30\"")
    recipients = reports.strings("recipients")
    config = Config(
        path=path,
        title="",
        draft=rounds[0].draft,
        roster=rounds[0].roster,
        deadline=None,
        store_path=store.path("path", "var/mailbot.db"),
        mailbox_store=store.path("path", "var/mailbot.db"),
        archive=store.path("archive", "var/archive"),
        mailbox=_mailbox(base, data["mailbox"]) if "mailbox" in data else None,
        smtp=_smtp(base, data.get("smtp", {})),
        schedule=schedule,
        receipts=reports.flag("receipts", True),
        receipts_per_hour=reports.integer("receipts_per_hour", 5),
        limits=_limits(base, data.get("limits", {})),
        workers=_Reader(base, "limits", data.get("limits", {})).integer("workers", min(4, os.cpu_count() or 1)),
        reminder_days=reports.days("reminders_days_before"),
        web=_web(base, data.get("web", {})),
        extra={k: data[k] for k in ("web", "limits") if k in data},
        reports_recipients=recipients,
        rounds=rounds,
    )
    # Commands of one round see its title, draft and roster; with several, the first until
    # --campaign chooses (the daemon and ingest read every round).
    return _as_round(config, rounds[0])


def _as_round(config: Config, chosen: RoundConfig) -> Config:
    return dataclasses.replace(
        config, title=chosen.title, draft=chosen.draft, roster=chosen.roster, deadline=chosen.deadline,
        notice_ids=chosen.notice_ids, recipients=chosen.recipients or config.reports_recipients, round_name=chosen.name,
        round_state=chosen.state, store_path=round_store_path(config.mailbox_store, config.rounds, chosen.name),
    )


def round_store_path(mailbox_store: Path, rounds: tuple[RoundConfig, ...], name: str) -> Path:
    """Where a round's store is: the first round's is [store] path itself (so a store made before
    rounds is the first round's, unchanged); another's sits beside it, named for the round
    (var/mailbot.db -> var/mailbot.mutual.db). A file a round: one round's rows can never be
    read as another's, and an archived round is one file to keep."""
    if not rounds or rounds[0].name == name:
        return mailbox_store
    return mailbox_store.with_name(f"{mailbox_store.stem}.{name}{mailbox_store.suffix}")


def _rounds(base: Path, value: Any) -> tuple[RoundConfig, ...]:
    """[campaign] (one round) or [[campaign]] tables (several, each with its own name)."""
    if value is None:
        raise ConfigError("config: [campaign]: missing (title, draft, roster, deadline)")
    if isinstance(value, dict):
        return (_round(base, value, DEFAULT_ROUND),)
    if not isinstance(value, list) or not value:
        raise ConfigError("config: [campaign]: must be a table, or [[campaign]] tables (one a round)")
    rounds = []
    for position, table in enumerate(value, 1):
        if not isinstance(table, dict) or "name" not in table:
            raise ConfigError(f"config: [[campaign]] number {position}: every round needs a name, like name = \"union\"")
        rounds.append(_round(base, table, None))
    names = [r.name for r in rounds]
    twice = next((n for n in names if names.count(n) > 1), None)
    if twice:
        raise ConfigError(f"config: [[campaign]]: two rounds are named {twice!r}; each needs its own name")
    return tuple(rounds)


def _round(base: Path, table: Any, default_name: str | None) -> RoundConfig:
    campaign = _Reader(base, "campaign", table)
    name = campaign.text("name", default_name)
    if not _ROUND_NAME.fullmatch(name):
        raise ConfigError(f"config: campaign.name: {name!r} must be a short word (letters, digits, - or _), like \"union\"")
    draft = campaign.path("draft", must_exist=True)
    if draft.suffix.lower() not in (".docx", ".txt"):
        raise ConfigError(f"config: campaign.draft: must be a .docx or .txt file, not {draft.name}")
    roster = campaign.path("roster", must_exist=True)
    if roster.suffix.lower() not in (".csv", ".xlsx"):
        raise ConfigError(f"config: campaign.roster: must be a .csv or .xlsx file, not {roster.name}")
    return RoundConfig(
        name=name, title=campaign.text("title"), draft=draft, roster=roster,
        deadline=_deadline(table.get("deadline")),
        notice_ids=tuple(_message_id(v) for v in campaign.strings("notice_message_ids")),
        recipients=campaign.strings("recipients"), state=campaign.choice("state", ROUND_STATES, "open"),
    )


def _limits(base: Path, table: Any) -> Limits:
    r = _Reader(base, "limits", table)
    mb = 1024 * 1024
    return Limits(
        attachment_bytes=r.integer("attachment_mb", 50) * mb,
        zip_members=r.integer("zip_members", 2000),
        message_bytes=r.integer("message_mb", 50) * mb,
        body_chars=r.integer("body_chars", 500_000),
        ocr_pages=r.integer("ocr_pages", 20),
    )


def _message_id(value: str) -> str:
    """A Message-ID as written in headers, with its angle brackets."""
    value = value.strip()
    return value if value.startswith("<") else f"<{value}>"


def _deadline(value: Any) -> datetime.date | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):  # 2014-09-25T18:00: the day is the deadline
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    raise ConfigError(f"config: campaign.deadline: must be a date like 2014-09-25, not {value!r}")


def _mailbox(base: Path, table: Any) -> MailboxConfig:
    r = _Reader(base, "mailbox", table)
    kind = r.choice("kind", ("imap", "maildir"))
    if kind == "maildir":
        # Checked when the mailbox is read (poll, run), not here: `ingest`, `read`, `report` and
        # the desk work without it.
        return MailboxConfig(kind, path=r.path("path", must_exist=False), address=r.text("address", ""),
                             poll_seconds=r.integer("poll_seconds", 300))
    return MailboxConfig(
        kind,
        host=r.text("host"),
        port=r.port("port", 993),
        tls=r.choice("tls", TLS, "ssl"),
        username=r.text("username"),
        password_env=r.text("password_env"),
        folder=r.text("folder", "INBOX"),
        processed_folder=r.text("processed_folder", ""),
        failed_folder=r.text("failed_folder", ""),
        ca_file=r.optional_path("ca_file", must_exist=True),
        poll_seconds=r.integer("poll_seconds", 300),
        address=r.text("address", ""),
    )


def _web(base: Path, table: Any) -> WebConfig:
    r = _Reader(base, "web", table)
    port = r.port("port", 8080)
    return WebConfig(
        password_env=r.text("password_env", ""),
        host=r.text("host", "127.0.0.1"),
        port=port,
        hosts=tuple(_host_name(h) for h in r.strings("hosts")),
        idle_minutes=r.integer("idle_minutes", 8 * 60),
    )


def _host_name(value: str) -> str:
    """A name as the browser sends it in Host, without a port: "desk.example.org", "192.0.2.7", "::1"."""
    name = value.strip().lower()
    try:
        return str(ipaddress.ip_address(name.strip("[]")))
    except ValueError:
        pass
    if not name or re.search(r"[/:@\\\s\[\]]", name):
        raise ConfigError(
            f"config: web.hosts: {value!r} is not a host name; write only the name clerks type in the "
            'browser, like "desk.example.org" (no scheme, port or path)'
        )
    return name


def _smtp(base: Path, table: Any) -> SmtpConfig:
    r = _Reader(base, "smtp", table)
    kind = r.choice("kind", ("smtp", "folder"), "folder")
    if kind == "folder":
        return SmtpConfig(kind, path=r.path("path", "var/outbox"), sender=r.text("from", ""))
    return SmtpConfig(
        kind,
        host=r.text("host"),
        port=r.port("port", 465),
        tls=r.choice("tls", TLS, "ssl"),
        username=r.text("username", ""),
        password_env=r.text("password_env", ""),
        sender=r.text("from"),
        ca_file=r.optional_path("ca_file", must_exist=True),
    )
