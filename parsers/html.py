"""HTML mail bodies (QQ Mail, 163 webmail) to plain text, tables included."""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BREAKS = {"br", "p", "div", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "blockquote", "pre"}
_SKIP = {"style", "script", "head", "title"}
_CJK = "\u3000-\u9fff\uff00-\uffef"
# Source line breaks are not text: dropped between CJK characters, a space elsewhere.
_CJK_WRAP = re.compile(rf"(?<=[{_CJK}])[ \t]*[\r\n][ \t\r\n]*(?=[{_CJK}])")
_SPACE_RUN = re.compile(r"[ \t\r\n\f]+")


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0
        self.pre_depth = 0
        self.table_depth = 0
        # Open rows: [table depth, index of the row's first part, cells so far].
        self.rows: list[list[int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip_depth += 1
        elif tag in ("td", "th"):
            self._start_cell()
        elif tag in _BREAKS:
            self._start_block(tag)

    def _start_block(self, tag: str) -> None:
        if tag == "table":
            self.table_depth += 1
        elif tag == "tr":
            self._end_row()  # an unclosed <tr> before it
            self.rows.append([self.table_depth, len(self.parts), 0])
        self.pre_depth += tag == "pre"
        self.parts.append("\n")

    def _start_cell(self) -> None:
        if not self.rows or self.rows[-1][0] != self.table_depth:
            self.rows.append([self.table_depth, len(self.parts), 0])
        row = self.rows[-1]
        if row[2]:
            self.parts.append(" | ")
        row[2] += 1

    def _end_row(self) -> None:
        """Close this table's open row; a row of several cells becomes one line."""
        if not self.rows or self.rows[-1][0] != self.table_depth:
            return
        _, start, cells = self.rows.pop()
        if cells > 1:
            line = " ".join("".join(self.parts[start:]).split())
            self.parts[start:] = ["\n", line, "\n"]

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP and self.skip_depth:
            self.skip_depth -= 1
        elif tag in ("tr", "table"):
            self._end_row()
            self.table_depth -= tag == "table" and self.table_depth > 0
            self.parts.append("\n")
        elif tag in _BREAKS and tag != "br":
            self.pre_depth -= tag == "pre" and self.pre_depth > 0
            self.parts.append("\n")

    def close(self) -> None:
        super().close()
        while self.rows:  # rows never closed
            self.table_depth = self.rows[-1][0]
            self._end_row()

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            return
        if not self.pre_depth:
            data = _SPACE_RUN.sub(" ", _CJK_WRAP.sub("", data))
            if data == " " and (not self.parts or self.parts[-1].endswith(("\n", " "))):
                return
        self.parts.append(data)


def html_to_text(html: str) -> str:
    """The text a reader sees: one line per block element, a table row's cells joined by " | "."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    text = "".join(collector.parts).replace("\xa0", " ")
    lines = [line.rstrip() for line in text.splitlines()]
    out: list[str] = []
    for line in lines:
        if line.strip() or (out and out[-1].strip()):
            out.append(line)
    return "\n".join(out).strip()
