"""A Maildir as the campaign mailbox (`[mailbox] kind = "maildir"`).

Like a mail client: a message in new/, or in cur/ without the Seen flag, is
new. It is handed out as (key, raw bytes); only after the caller has archived
and stored it is it marked Seen (moved to cur/ with ":2,S"), so a crash in
between means it is read again, and Message-ID keeps that exactly-once.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from mailbot.errors import SourceError
from mailbot.sources.waiting import sleep_until_stopped


def _flags(name: str) -> str:
    return name.partition(":2,")[2]


class MaildirSource:
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

    def mark_seen(self, key: str) -> None:
        folder, name = key.split("/", 1)
        source = self.path / folder / name
        base, _, flags = name.partition(":2,")
        new_flags = "".join(sorted(set(flags) | {"S"}))
        if source.exists():
            os.replace(source, self.path / "cur" / f"{base}:2,{new_flags}")

    def drain(self, ingest: Callable[[list[tuple[bytes, str]]], list[str]], should_stop: Callable[[], bool],
              after_batch: Callable[[], object] = lambda: None, batch_size: int = 25) -> int:
        """Ingest what is new, a batch at a time; mark each batch Seen once it is stored."""
        count = 0
        pending = self.unseen()  # lazily: a backlog is never all in memory
        while batch := list(itertools.islice(pending, batch_size)):
            ingest([(raw, f"maildir:{key}") for key, raw in batch])
            for key, _ in batch:
                self.mark_seen(key)  # only once the message is archived and committed
            count += len(batch)
            after_batch()
            if should_stop():
                break
        return count

    def wait(self, seconds: float, should_stop: Callable[[], bool]) -> None:
        sleep_until_stopped(seconds, should_stop)
