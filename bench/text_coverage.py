"""How much of a yardstick reading (bench/xml_text.py pieces) a reader's output holds.

Text is compared without whitespace, NFKC-normalised and case-folded. A piece counts as
found when it is a substring of the output; otherwise each of its characters counts as found
when one of the piece's K-character windows around it is in the output (so a paragraph split
by a tracked change, or a table row cut into columns, is still found, and a dropped text box
is not). The file's share is the lower of that and a multiset count of characters (which
catches a repeated paragraph read once). Missing characters are put down to each piece's
key label: the most specific place it sits in (see KEY_ORDER).
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from xml_text import Piece

K = 8
NOT_PRINTED = "read, not printed"
# The most specific label first: a piece's missing characters go to the first one it has.
KEY_ORDER = (
    NOT_PRINTED, "Strict OOXML", "main part elsewhere", "w:moveTo", "w:ins", "w:sdt (inline)", "w:sdt (row/cell)", "w:sdt (block)", "text box",
    "nested w:tbl", "w:fldSimple", "w:smartTag", "w:customXml", "m:oMath", "w:dir/w:bdo", "ruby",
    "hidden text (w:vanish)", "numbering-only label", "SmartArt", "footnotes", "endnotes", "header/footer", "comments part",
    "cell note", "threaded comment", "beyond column 40", "beyond row 5000", "date cell", "duration cell", "boolean", "error value",
    "formula text", "formula", "w:hyperlink", "table", "doc text", "shared string", "inline string", "number", "text",
)
CONTAINERS = ("w:sdt (inline)", "w:sdt (row/cell)", "w:sdt (block)", "m:oMath", "text box", "nested w:tbl",
              "footnotes", "endnotes", "header/footer", "comments part")
INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"}


def squash(text: str) -> str:
    """NFKC, case-folded, without whitespace or invisible characters."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in folded if not ch.isspace() and ch not in INVISIBLE and unicodedata.category(ch) != "Cc")


def key_label(labels: tuple[str, ...]) -> str:
    """"w:sdt (inline)", "text box", …; a tracked change names its container ("w:ins in m:oMath")."""
    key = next((label for label in KEY_ORDER if label in labels), "body text")
    if key in ("w:ins", "w:moveTo"):
        inside = next((label for label in CONTAINERS if label in labels), "")
        return f"{key} in {inside}" if inside else key
    return key


@dataclass
class Output:
    """A reader's output, squashed, with its K-windows built on first need."""

    text: str
    _windows: set[str] | None = field(default=None, repr=False)

    def windows(self) -> set[str]:
        if self._windows is None:
            self._windows = {self.text[i : i + K] for i in range(max(0, len(self.text) - K + 1))}
        return self._windows


def found_chars(piece: str, output: Output) -> int:
    """How many of a squashed piece's characters the output holds."""
    if not piece or piece in output.text:
        return len(piece)
    if len(piece) <= K:
        return 0
    windows = output.windows()
    covered = [False] * len(piece)
    for i in range(len(piece) - K + 1):
        if piece[i : i + K] in windows:
            covered[i : i + K] = [True] * K
    return sum(covered)


@dataclass
class Missing:
    """One piece with characters missing, for a developer to look up."""

    key: str
    where: str
    chars: int
    text: str


@dataclass
class Coverage:
    chars: int  # the yardstick's characters (squashed)
    windowed: float  # share found piece by piece
    multiset: float  # share found as a multiset of characters
    by_key: dict[str, int]  # missing characters by key label
    worst: list[Missing]

    @property
    def share(self) -> float:
        return min(self.windowed, self.multiset)


def coverage(pieces: list[Piece], output: str, fallback: str | None = None) -> Coverage:
    """The share of the pieces' characters found in `output`. With `fallback` (what the reader
    took from the file), characters missing from `output` but found there count as NOT_PRINTED."""
    out, back = Output(squash(output)), Output(squash(fallback)) if fallback is not None else None
    total = found = 0
    by_key: Counter[str] = Counter()
    missing: list[Missing] = []
    for piece in pieces:
        text = squash(piece.text)
        hit = found_chars(text, out)
        total, found = total + len(text), found + hit
        if hit == len(text):
            continue
        lost = len(text) - hit
        in_back = max(0, min(lost, found_chars(text, back) - hit)) if back is not None else 0
        if in_back > 0:
            by_key[NOT_PRINTED] += in_back
        if lost - in_back > 0:
            by_key[key_label(piece.labels)] += lost - in_back
        key = NOT_PRINTED if in_back == lost else key_label(piece.labels)
        missing.append(Missing(key, piece.where, lost, " ".join(piece.text.split())[:80]))
    yard = Counter(squash("".join(p.text for p in pieces)))
    have = Counter(out.text)
    multiset = sum(min(n, have[ch]) for ch, n in yard.items()) / total if total else 1.0
    missing.sort(key=lambda m: -m.chars)
    return Coverage(total, found / total if total else 1.0, multiset, dict(by_key), missing[:5])


def hidden_chars_read(hidden: list[Piece], visible: list[Piece], output: str) -> int:
    """Characters of hidden sheets' cells (4 or more, not also on a visible sheet) found in the output."""
    out, seen = squash(output), squash("\n".join(p.text for p in visible))
    texts = {squash(p.text) for p in hidden}
    return sum(len(t) for t in texts if len(t) >= 4 and t not in seen and t in out)
