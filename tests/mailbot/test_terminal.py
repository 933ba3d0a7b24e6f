"""The progress line: drawn on a terminal, silent elsewhere."""

from __future__ import annotations

import io

from mailbot.terminal import ProgressLine


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_sees_messages_pages_and_the_current_file() -> None:
    out = Tty()
    line = ProgressLine("ingest", out, every=0)
    line("scans/s001.eml", 2)
    line("scans/s002.eml", 1)
    assert "ingest: 2 messages, 3 pages by OCR; scans/s002.eml" in out.getvalue()
    line.close()
    assert out.getvalue().endswith("\r\x1b[K")


def test_a_log_file_gets_nothing() -> None:
    out = io.StringIO()
    line = ProgressLine("poll", out, every=0)
    line("INBOX/1", 0)
    line.close()
    assert out.getvalue() == "" and line.messages == 1
