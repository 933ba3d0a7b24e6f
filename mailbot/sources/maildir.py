"""A Maildir as the campaign mailbox (`[mailbox] kind = "maildir"`).

Like a mail client: a message in new/, or in cur/ without the Seen flag, is
new. It is handed out as (key, raw bytes); only after the caller has archived
and stored it is it marked Seen (moved to cur/ with ":2,S"), so a crash in
between means it is read again, and Message-ID keeps that exactly-once.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

from mailbot.errors import SourceError
from mailbot.sources.base import batched
from mailbot.sources.waiting import sleep_until_stopped


def _flags(name: str) -> str:
    return name.partition(":2,")[2]


class MaildirSource:
    can_idle = False  # a folder says nothing when mail arrives: it is looked at every poll_seconds

    def __init__(self, path: Path) -> None:
        if not (path / "new").is_dir() or not (path / "cur").is_dir():
            raise SourceError(f"mailbox: {path} is not a Maildir (it needs cur/ and new/ folders)")
        self.path = path

    def __enter__(self) -> MaildirSource:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def unseen(self) -> Iterator[tuple[str, bytes]]:
        for folder in ("new", "cur"):
            for child in sorted((self.path / folder).iterdir()):
                if child.name.startswith(".") or not child.is_file():
                    continue
                if folder == "cur" and "S" in _flags(child.name):
                    continue
                yield f"{folder}/{child.name}", child.read_bytes()

    def batches(self) -> Iterator[list[tuple[str, bytes, str]]]:
        """Batches of (key, raw bytes, where), read lazily: a backlog is never all in memory."""
        return batched((key, raw, f"maildir:{key}") for key, raw in self.unseen())

    def done(self, stored: list[str], failed: list[str]) -> None:
        """Mark them seen, only once they are archived and committed (failed ones too:
        they are stored as failures, and `mailbot retry` reads them from the archive)."""
        for key in stored + failed:
            self.mark_seen(key)

    def mark_seen(self, key: str) -> None:
        folder, name = key.split("/", 1)
        source = self.path / folder / name
        base, _, flags = name.partition(":2,")
        new_flags = "".join(sorted(set(flags) | {"S"}))
        if source.exists():
            os.replace(source, self.path / "cur" / f"{base}:2,{new_flags}")

    def wait(self, seconds: float, should_stop: Callable[[], bool]) -> None:
        sleep_until_stopped(seconds, should_stop)
