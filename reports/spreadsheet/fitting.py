"""How much room text takes in a printed cell: widths, wrapped lines, row heights.

Spreadsheet programs do not fit a row to its wrapped text when they open a file
(Excel and LibreOffice keep the row one line high unless the file says otherwise),
so the report sets every row's height itself, from the numbers here.

Text is measured in half-width units: a CJK character or full-width punctuation
mark is 2, an ASCII character 1.2 (宋体 draws Latin at half an em, but the fonts
that stand in for it where it is missing draw it wider). Column widths are in
Excel's own unit, one digit of the workbook's default font (Calibri 11, 7 px);
LibreOffice lays a unit out a little wider (5.55 pt with Carlito), so room is
counted at Excel's width and page fit at LibreOffice's: both err on the safe side.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ASCII_UNITS = 1.2
WIDE_UNITS = 2.0
UNIT_PT_NARROW = 5.25  # Excel: 7 px per unit at 96 dpi
UNIT_PT_WIDE = 5.55  # LibreOffice with Carlito, measured from its PDF
COLUMN_PAD_PT = 3.75  # Excel adds 5 px to every column
CELL_INSET_PT = 5.0  # what a cell keeps clear of its borders, left and right together
LINE_SPACING = 1.46  # line pitch over font size: Noto Sans CJK in LibreOffice draws 16.0 pt at 11 pt
ROW_PAD_PT = 4.0  # above the first line and below the last
MAX_ROW_PT = 409.0  # Excel's highest row
# A line breaks between any two CJK characters, but only around a Latin word (or number).
_TOKENS = re.compile(r"[!-~]+|[^!-~]+")


def text_units(text: str) -> float:
    """Width of one line of ``text`` in half-width units (no wrapping)."""
    narrow = len(text.encode("ascii", "ignore"))  # C speed, no per-character loop
    return ASCII_UNITS * narrow + WIDE_UNITS * (len(text) - narrow)


def longest_line_units(text: str) -> float:
    return max(text_units(part) for part in text.split("\n")) if "\n" in text else text_units(text)


@dataclass(frozen=True)
class Measure:
    """Line arithmetic for one font size."""

    font_pt: float

    @property
    def line_pt(self) -> float:
        return self.font_pt * LINE_SPACING

    @property
    def max_lines(self) -> int:
        """Lines that fit in Excel's highest row."""
        return int((MAX_ROW_PT - ROW_PAD_PT) // self.line_pt)

    def capacity(self, width: float) -> float:
        """Half-width units one line of a column ``width`` wide holds (Excel's narrower layout)."""
        inner = UNIT_PT_NARROW * width + COLUMN_PAD_PT - CELL_INSET_PT
        return max(inner / (self.font_pt / 2), 1.0)

    def width_for(self, units: float) -> float:
        """The column width whose line holds ``units``, the inverse of capacity."""
        return (units * self.font_pt / 2 + CELL_INSET_PT - COLUMN_PAD_PT) / UNIT_PT_NARROW

    def lines(self, text: str, width: float) -> int:
        """Lines ``text`` wraps to in a column ``width`` wide."""
        return lines_at(text, self.capacity(width))

    def height(self, lines: int) -> float:
        return min(lines * self.line_pt + ROW_PAD_PT, MAX_ROW_PT)

    def split(self, text: str, capacity: float) -> list[str]:
        """``text`` cut into pieces that each fit in one row (at most max_lines lines of
        ``capacity`` units); a single piece when it already does. Cut by length with lines
        to spare, as this is only for the rare comment longer than a page."""
        if lines_at(text, capacity) <= self.max_lines:
            return [text]
        size = max(int((self.max_lines - 2) * capacity / WIDE_UNITS), 1)  # characters a piece holds
        pieces = [text[i:i + size] for i in range(0, len(text), size)]
        while any(lines_at(p, capacity) > self.max_lines for p in pieces):  # newlines or Latin words
            size = max(size * 3 // 4, 1)
            pieces = [text[i:i + size] for i in range(0, len(text), size)]
        return pieces


def lines_at(text: str, capacity: float) -> int:
    """Lines ``text`` wraps to where a line holds ``capacity`` units."""
    if len(text) * WIDE_UNITS <= capacity and "\n" not in text:
        return 1  # the common short cell, without measuring
    return sum(_greedy_lines(part, capacity) if text_units(part) > capacity else 1 for part in text.split("\n"))


def _greedy_lines(text: str, capacity: float) -> int:
    """Lines of one paragraph, filled the way the programs fill them: a CJK run is cut
    anywhere, a Latin word moves whole to the next line unless it is longer than a line.
    A line is taken one unit short, for the punctuation a line may not start with."""
    capacity = max(capacity - 1, WIDE_UNITS)
    lines, used = 1, 0.0
    for token in _TOKENS.findall(text):
        if token[0] <= "~":
            word = len(token) * ASCII_UNITS
            if used + word > capacity and used > 0:
                lines, used = lines + 1, 0.0
            lines, used = _run(lines, used, word, capacity)
        else:
            lines, used = _run(lines, used, text_units(token), capacity, step=WIDE_UNITS)
    return lines


def _run(lines: int, used: float, units: float, capacity: float, step: float = ASCII_UNITS) -> tuple[int, float]:
    """Lay ``units`` of breakable text (cut every ``step``) after ``used`` on the current line."""
    room = (capacity - used) // step * step
    if units <= room:
        return lines, used + units
    units -= room
    per_line = max(capacity // step * step, step)
    full, rest = divmod(units, per_line)
    if rest == 0:
        return lines + int(full), per_line
    return lines + int(full) + 1, rest
