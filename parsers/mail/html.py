"""HTML mail bodies (QQ Mail, 163 webmail) to plain text, tables included.

Web mail quotes the mail replied to in a <blockquote> (163's id="isReplyContent",
Gmail's class="gmail_quote", Apple's type="cite"). With mark_quotes, each line inside
one comes out prefixed "> " (">> " two deep), as a plain-text client writes it, so
split_body leaves it out of the reply while `quoted` still shows it. A blockquote
styled "border: none" is an editor's indent button (Gmail, QQ Mail), not a quote.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BREAKS = {"br", "p", "div", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "blockquote", "pre"}
_SKIP = {"style", "script", "head", "title"}
_CJK = "\u3000-\u9fff\uff00-\uffef"
# Source line breaks are not text: dropped between CJK characters, a space elsewhere.
_CJK_WRAP = re.compile(rf"(?<=[{_CJK}])[ \t]*[\r\n][ \t\r\n]*(?=[{_CJK}])")
_SPACE_RUN = re.compile(r"[ \t\r\n\f]+")
# Where a quoting blockquote opens and closes, in the collected text (NUL is never text).
_QUOTE_OPEN, _QUOTE_CLOSE = "\x00>", "\x00<"
_QUOTE_MARK = re.compile("(\x00[<>])")
_INDENT_STYLE = re.compile(r"border(?:-left)?\s*:\s*(?:none|0)\b", re.I)


class _TextCollector(HTMLParser):
    def __init__(self, mark_quotes: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0
        self.pre_depth = 0
        self.table_depth = 0
        # Open rows: [table depth, index of the row's first part, cells so far].
        self.rows: list[list[int]] = []
        # Each open row's cells: where each starts in parts, its colspan and rowspan.
        self.cells: list[list[tuple[int, int, int]]] = []
        # Per table depth, cells spanning down: column -> (rows still to fill, text).
        self.spans: dict[int, dict[int, tuple[int, str]]] = {}
        self.mark_quotes = mark_quotes
        # For each open blockquote: whether it is a quote (marked) or an indent.
        self.quotes: list[bool] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip_depth += 1
        elif tag in ("td", "th"):
            self._start_cell(_span(attrs, "colspan"), _span(attrs, "rowspan"))
        elif tag in _BREAKS:
            self._start_block(tag)
            if tag == "blockquote" and self.mark_quotes:
                quote = not _INDENT_STYLE.search(dict(attrs).get("style") or "")
                self.quotes.append(quote)
                if quote:
                    self.parts += [_QUOTE_OPEN, "\n"]

    def _start_block(self, tag: str) -> None:
        if tag == "table":
            self.table_depth += 1
            self.spans[self.table_depth] = {}
        elif tag == "tr":
            self._end_row()  # an unclosed <tr> before it
            self.rows.append([self.table_depth, len(self.parts), 0])
            self.cells.append([])
        self.pre_depth += tag == "pre"
        self.parts.append("\n")

    def _start_cell(self, colspan: int = 1, rowspan: int = 1) -> None:
        if not self.rows or self.rows[-1][0] != self.table_depth:
            self.rows.append([self.table_depth, len(self.parts), 0])
            self.cells.append([])
        self.rows[-1][2] += 1
        self.cells[-1].append((len(self.parts), colspan, rowspan))

    def _end_row(self) -> None:
        """Close this table's open row; a row of several cells becomes one line, its cells laid
        on the table's columns: a cell spanning columns leaves the ones after it empty, a cell
        spanning rows (rowspan) is repeated in the rows below, as a merged cell is read."""
        if not self.rows or self.rows[-1][0] != self.table_depth:
            return
        depth, start, _ = self.rows.pop()
        cells = self.cells.pop()
        ends = [at for at, _, _ in cells[1:]] + [len(self.parts)]
        texts = [(" ".join("".join(self.parts[at:end]).split()), colspan, rowspan)
                 for (at, colspan, rowspan), end in zip(cells, ends)]
        laid = _laid_out(texts, self.spans.setdefault(depth, {}))
        if len(laid) > 1:
            self.parts[start:] = ["\n", " | ".join(laid), "\n"]

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
            if tag == "blockquote" and self.quotes and self.quotes.pop():
                self.parts += [_QUOTE_CLOSE, "\n"]

    def close(self) -> None:
        super().close()
        while self.rows:  # rows never closed
            self.table_depth = self.rows[-1][0]
            self._end_row()

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            return
        data = data.replace("\x00", "")  # NUL marks quotes; it is never text
        if not self.pre_depth:
            data = _SPACE_RUN.sub(" ", _CJK_WRAP.sub("", data))
            if data == " " and (not self.parts or self.parts[-1].endswith(("\n", " "))):
                return
        self.parts.append(data)


MAX_SPAN = 100  # a colspan or rowspan beyond this is a mistake (or an attack), read as 1


def _span(attrs: list[tuple[str, str | None]], name: str) -> int:
    value = dict(attrs).get(name) or ""
    return int(value) if value.strip().isdigit() and 1 <= int(value) <= MAX_SPAN else 1


def _laid_out(cells: list[tuple[str, int, int]], spans: dict[int, tuple[int, str]]) -> list[str]:
    """A row's cells on the table's columns, the cells spanning down from rows above put in
    first; `spans` is updated for the rows below."""
    out: list[str] = []

    def carried() -> None:
        while len(out) in spans:
            left, text = spans.pop(len(out))
            if left > 1:
                spans[len(out)] = (left - 1, text)
            out.append(text)

    for text, colspan, rowspan in cells:
        carried()
        if rowspan > 1:
            spans[len(out)] = (rowspan - 1, text)
        out.append(text)
        out += [""] * (colspan - 1)
    carried()
    return out


def html_to_text(html: str, *, mark_quotes: bool = False) -> str:
    """The text a reader sees: one line per block element, a table row's cells joined by " | ".
    With mark_quotes, lines inside a quoting <blockquote> start with "> " (see the module doc)."""
    collector = _TextCollector(mark_quotes)
    collector.feed(html)
    collector.close()
    text = "".join(collector.parts).replace("\xa0", " ")
    lines = [line.rstrip() for line in _quoted_lines(text)]
    out: list[str] = []
    for line in lines:
        if line.strip() or (out and out[-1].strip()):
            out.append(line)
    return "\n".join(out).strip()


def _quoted_lines(text: str) -> list[str]:
    """The lines, each inside N quoting blockquotes prefixed by N ">" and a space; the
    open/close marks themselves dropped (a table row may have joined them into a line)."""
    lines: list[str] = []
    depth = 0
    for line in text.splitlines():
        if "\x00" not in line:
            lines.append(f"{'>' * depth} {line}" if depth and line.strip() else line)
            continue
        pieces, line_depth = [], None
        for piece in _QUOTE_MARK.split(line):
            if piece in (_QUOTE_OPEN, _QUOTE_CLOSE):
                depth = depth + 1 if piece == _QUOTE_OPEN else max(0, depth - 1)
            elif piece.strip():
                line_depth = depth if line_depth is None else line_depth
                pieces.append(piece)
        content = "".join(pieces)
        lines.append(f"{'>' * line_depth} {content}" if line_depth else content)
    return lines
