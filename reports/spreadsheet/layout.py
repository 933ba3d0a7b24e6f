"""How a sheet looks on screen and on paper: fonts, column widths, print setup.

Every sheet mailbot writes prints on A4 landscape at its own font size: the
columns are sized to fill the page's width (short columns to their content, the
main text column to what is left), so "fit to one page wide" never has to shrink
the text; it stays on only as a safety net.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from xlsxwriter.format import Format  # type: ignore[import-untyped]  # XlsxWriter ships no type hints
from xlsxwriter.workbook import Workbook  # type: ignore[import-untyped]  # XlsxWriter ships no type hints
from xlsxwriter.worksheet import Worksheet  # type: ignore[import-untyped]  # XlsxWriter ships no type hints

from reports.spreadsheet.fitting import (
    COLUMN_PAD_PT,
    UNIT_PT_NARROW,
    UNIT_PT_WIDE,
    WIDE_UNITS,
    Measure,
    longest_line_units,
    text_units,
)

# A CJK font name, so Chinese prints in 宋体 rather than a Latin fallback; 10.5 pt is 五号,
# the size of tables in official documents.
FONT_NAME = "宋体"
FONT_PT = 10.5
MEASURE = Measure(FONT_PT)
GROUP_FILL = "#EDEDED"
HEADER_FILL = "#D9E1F2"
BORDER_COLOR = "#999999"
A4 = 9  # the paper code in the file
PAGE_WIDTH_PT = 841.89  # A4 landscape
MARGIN_IN = {"left": 0.4, "right": 0.4, "top": 0.75, "bottom": 0.7}
HEADER_MARGIN_IN = 0.3
# What a page's width holds: LibreOffice starts shrinking a little before the margins (measured).
PRINT_WIDTH_PT = (PAGE_WIDTH_PT - 72 * (MARGIN_IN["left"] + MARGIN_IN["right"])) * 0.97
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
DATETIME_UNITS = text_units("2014-09-23 10:02")


@dataclass(frozen=True)
class Column:
    """One column of a table.

    :ivar header: the header row's text
    :ivar least: the narrowest width (Excel units) whatever the content
    :ivar most: the widest a content-sized column gets; the flex column ignores it
    :ivar flex: takes the page width the other columns leave (one per table)
    :ivar number_format: an Excel number format for the column's numbers and dates
    """

    header: str
    least: float
    most: float
    flex: bool = False
    number_format: str | None = None


def content_units(value: object) -> float:
    """Width of a cell's longest line, as the reader sees it."""
    if value is None or value == "":
        return 0.0
    if isinstance(value, float):
        return text_units(f"{value:.2f}")
    if hasattr(value, "hour"):  # a datetime, shown in DATETIME_FORMAT
        return DATETIME_UNITS
    return longest_line_units(str(value))


def fit_widths(columns: Sequence[Column], rows: Sequence[Sequence[object]]) -> list[float]:
    """Widths (Excel units) that fill the printed page: every column sized to its header and
    content within its least..most, then the flex column given the rest of the page."""
    widths = [column.least if column.flex else _content_width(column, [row[i] for row in rows])
              for i, column in enumerate(columns)]
    for i, column in enumerate(columns):
        if column.flex:
            others = sum(printed_pt(w) for j, w in enumerate(widths) if j != i)
            widths[i] = max((PRINT_WIDTH_PT - others - COLUMN_PAD_PT) / UNIT_PT_WIDE, column.least)
    return [round(w, 2) for w in widths]


def _content_width(column: Column, values: Sequence[object]) -> float:
    """The width of the column's widest line, within least..most."""
    cap = column.most * UNIT_PT_NARROW * 2 / FONT_PT  # units past which the column is at its most
    needed = content_units(column.header)
    for value in values:
        if needed >= cap:
            break
        if isinstance(value, str) and len(value) * WIDE_UNITS <= needed:
            continue  # cannot be wider: spares measuring most cells
        needed = max(needed, content_units(value))
    return min(max(MEASURE.width_for(needed), column.least), column.most)


def printed_pt(width: float) -> float:
    """How wide a column prints in LibreOffice, the wider of the two programs."""
    return UNIT_PT_WIDE * width + COLUMN_PAD_PT


class Styles:
    """The workbook's cell formats, made once each (XlsxWriter keeps every Format it is given)."""

    def __init__(self, workbook: Workbook) -> None:
        self._workbook = workbook
        self._made: dict[tuple[bool, str | None, str | None, bool], Format] = {}

    def get(self, *, bold: bool = False, fill: str | None = None, number_format: str | None = None,
            quoted: bool = False) -> Format:
        """宋体, wrapped, top-aligned, thin grey border (the grid prints without gridlines);
        ``quoted`` marks text that looks like a formula (quotePrefix)."""
        key = (bold, fill, number_format, quoted)
        if key not in self._made:
            spec: dict[str, object] = {
                "font_name": FONT_NAME, "font_size": FONT_PT, "text_wrap": True, "valign": "top",
                "border": 1, "border_color": BORDER_COLOR, "bold": bold,
            }
            if fill:
                spec |= {"pattern": 1, "bg_color": fill}
            if number_format:
                spec["num_format"] = number_format
            if quoted:
                spec["quote_prefix"] = True
            self._made[key] = self._workbook.add_format(spec)
        return self._made[key]


def print_setup(ws: Worksheet, *, ncols: int, last_row: int, heading: str) -> None:
    """A4 landscape, one page wide and as many tall as it takes, the header row on every
    page, ``heading`` on top of each page and page numbers below; frozen, filtered header."""
    ws.set_paper(A4)
    ws.set_landscape()
    ws.set_margins(**MARGIN_IN)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0)
    ws.center_horizontally()
    # "&" starts a code in a page header; XlsxWriter refuses a header over 255 characters.
    ws.set_header("&C" + heading.replace("&", "&&")[:200], {"margin": HEADER_MARGIN_IN})
    ws.set_footer("&C第 &P 页，共 &N 页", {"margin": HEADER_MARGIN_IN})
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(last_row, 0), ncols - 1)
