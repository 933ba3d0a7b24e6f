"""How a sheet looks on screen and on paper: fonts, widths, header, print setup."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Union

from openpyxl.cell.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from reports.cells import write_row

# A CJK font name, so Chinese prints in 宋体 rather than a Latin fallback.
FONT_NAME = "宋体"
BODY_FONT = Font(name=FONT_NAME, size=11)
BOLD_FONT = Font(name=FONT_NAME, size=11, bold=True)
GROUP_FILL = PatternFill(fill_type="solid", start_color="FFEDEDED", end_color="FFEDEDED")
HEADER_FILL = PatternFill(fill_type="solid", start_color="FFD9E1F2", end_color="FFD9E1F2")
WRAP = Alignment(wrap_text=True, vertical="top")
_THIN = Side(style="thin", color="FF999999")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
AnySheet = Union[Worksheet, WriteOnlyWorksheet]


def _named_style(name: str, bold: bool, fill: PatternFill | None) -> NamedStyle:
    style = NamedStyle(name=name, font=BOLD_FONT if bold else BODY_FONT, alignment=WRAP, border=BORDER)
    if fill is not None:
        style.fill = fill
    return style


def style_cells(cells: Sequence[Cell], *, bold: bool = False, fill: PatternFill | None = None) -> None:
    """Font, wrapping and a thin border: the grid prints even without gridlines. Applied
    as one named style per look, registered once per workbook: setting font, alignment
    and border cell by cell costs openpyxl a hash of each style object, every time."""
    if not cells:
        return
    name = _style_for(cells[0].parent.parent, bold, fill)
    for cell in cells:
        prefixed = cell.quotePrefix  # a named style replaces the whole style array
        cell.style = name
        if prefixed:
            cell.quotePrefix = True


def _style_for(workbook: Workbook, bold: bool, fill: PatternFill | None) -> str:
    """The named style for this look, registered in ``workbook`` the first time."""
    name = f"mailbot-{'bold' if bold else 'body'}-{'fill' + fill.start_color.rgb if fill is not None else 'plain'}"
    if name not in workbook.named_styles:
        workbook.add_named_style(_named_style(name, bold, fill))
    return name


def row_styles(
    ws: WriteOnlyWorksheet, ncols: int, *, bold: bool = False, fill: PatternFill | None = None,
    formats: Mapping[int, str] | None = None,
) -> list[StyleArray]:
    """Per column, the style array a write-only cell of this look carries (``formats``:
    0-based column -> number format). Made once per sheet, so the per-cell cost is a copy
    instead of hashing font, alignment and border objects for every cell."""
    name = _style_for(ws.parent, bold, fill)
    styles: list[StyleArray] = []
    for col in range(ncols):
        probe = WriteOnlyCell(ws)
        probe.style = name
        if formats and col in formats:
            probe.number_format = formats[col]
        styles.append(probe._style)
    return styles


def next_row(ws: Worksheet) -> int:
    """The row after the last one written. ws.max_row scans every cell (quadratic over a
    long sheet); openpyxl keeps the highest row written in _current_row."""
    return int(ws._current_row) + 1


def write_header(ws: Worksheet, headers: Sequence[str], widths: Sequence[float]) -> None:
    """Row 1: bold headers, frozen and filterable; columns sized for reading."""
    style_cells(write_row(ws, 1, headers), bold=True, fill=HEADER_FILL)
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "A2"


def write_group_row(ws: Worksheet, row_idx: int, title: str, ncols: int) -> None:
    """A bold heading row across the table, so groups stand out in print."""
    cells = write_row(ws, row_idx, [title] + [None] * (ncols - 1))
    style_cells(cells, bold=True, fill=GROUP_FILL)


def finish_sheet(ws: Worksheet, ncols: int) -> None:
    """Autofilter over the table and A4 landscape, one page wide, header on every page."""
    print_setup(ws, ncols, max(ws.max_row, 1))


def start_write_only_sheet(ws: WriteOnlyWorksheet, widths: Sequence[float], last_row: int) -> None:
    """What write_header and finish_sheet set, done before any row is appended: a
    write-only sheet writes its widths and panes ahead of the rows and keeps no cells
    to count afterwards, so the caller supplies the last row."""
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "A2"
    print_setup(ws, len(widths), max(last_row, 1))


def print_setup(ws: AnySheet, ncols: int, last_row: int) -> None:
    """Autofilter over rows 1..last_row and A4 landscape, one page wide, header on every page."""
    ws.auto_filter.ref = f"A1:{get_column_letter(ncols)}{last_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4  # a class constant write-only sheets lack
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages tall as it takes
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_title_rows = "1:1"
    ws.print_options.horizontalCentered = True
