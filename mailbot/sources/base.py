"""What every source of mail is: batches of fetched messages, told when each batch is stored.

A source hands out batches of (key, raw bytes, where): the key is what the source knows a
message by (an IMAP UID, a Maildir file name), `where` what a reader is told ("imap:INBOX:42").
After a batch is stored the caller calls `done(stored keys, failed keys)`: the source flags
and moves them, or marks them seen. `wait` sleeps until new mail may be there (IMAP IDLE wakes
at once) or a stop is asked.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from types import TracebackType
from typing import Any, Protocol, TypeVar

Key = Any
Batch = list[tuple[Key, bytes, str]]
T = TypeVar("T")
BATCH = 25  # messages a batch: one store transaction, one round of flags on the server


def batched(items: Iterable[T], size: int = BATCH) -> Iterator[list[T]]:
    """Lists of `size` items, read lazily: a backlog is never all in memory."""
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


class Source(Protocol):
    can_idle: bool  # the server tells of new mail at once (IMAP IDLE): no need to poll

    def __enter__(self) -> Source: ...

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None: ...

    def batches(self) -> Iterator[Batch]: ...

    def done(self, stored: list[Key], failed: list[Key]) -> None: ...

    def wait(self, seconds: float, should_stop: Callable[[], bool]) -> None: ...
