"""Sleeping that a stop request (SIGTERM, Ctrl-C) cuts short."""

from __future__ import annotations

import time
from collections.abc import Callable


def sleep_until_stopped(seconds: float, should_stop: Callable[[], bool]) -> None:
    """Sleep, but notice a stop request within half a second."""
    end = time.monotonic() + seconds
    while not should_stop() and time.monotonic() < end:
        time.sleep(min(0.5, max(0.0, end - time.monotonic())))
