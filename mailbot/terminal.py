"""A progress line for long work on a terminal (a backlog drained, a folder of scans
ingested): messages done, pages read by OCR, the current message. Quiet when standard
error is not a terminal (a log file, systemd, a test), so logs stay one line per event."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class ProgressLine:
    """Called once a message is recorded; redraws at most every `every` seconds."""

    def __init__(self, label: str, stream: TextIO | None = None, every: float = 0.2) -> None:
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.live = bool(getattr(self.stream, "isatty", lambda: False)())
        self.every = every
        self.messages = 0
        self.pages = 0
        self.shown = 0.0

    def __call__(self, where: str, pages: int) -> None:
        self.messages += 1
        self.pages += pages
        now = time.monotonic()
        if self.live and now - self.shown >= self.every:
            self.shown = now
            current = where if len(where) <= 40 else "…" + where[-39:]
            self.stream.write(f"\r\x1b[K{self.label}: {self.messages} messages, {self.pages} pages by OCR; {current}")
            self.stream.flush()

    def close(self) -> None:
        """Clear the line, so the summary that follows stands alone."""
        if self.live and self.messages:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
