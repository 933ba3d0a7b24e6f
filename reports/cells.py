"""Writing untrusted text into spreadsheet cells, in one place.

Comments come from outside, so a comment such as ``=HYPERLINK(...)`` must
reach the reader as text, never as a formula (CSV/formula injection). Every
sheet writes through :func:`write_row`, and CSV export through :func:`csv_text`.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable, Sequence
from copy import copy
from typing import Union

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell, WriteOnlyCell
from openpyxl.styles.cell_style import StyleArray
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

CellValue = Union[str, int, float, bool, datetime.date, datetime.datetime, None]

# Spreadsheet programs start a formula with these; tab and CR hide one behind whitespace.
FORMULA_STARTS = ("=", "+", "-", "@")
HIDING_STARTS = ("\t", "\r")


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet might read ``text`` as a formula if typed or imported."""
    return text.startswith(HIDING_STARTS) or text.lstrip().startswith(FORMULA_STARTS)


def safe_cell(value: object) -> CellValue:
    """The value made storable: containers as JSON, control characters removed.

    openpyxl raises on control characters (ILLEGAL_CHARACTERS_RE) and on
    timezone-aware datetimes; a bad comment must not stop the report.
    """
    if isinstance(value, (list, tuple, dict)):
        value = json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        value = value.isoformat()
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    if value is None or isinstance(value, (int, float, datetime.date)):
        return value
    return str(value)


def write_cell(ws: Worksheet, row_idx: int, col_idx: int, value: object) -> Cell:
    """Write one value; text always stays text.

    openpyxl turns a str starting with "=" into a formula on assignment, so the
    type is forced back to "s" afterwards (stored as an inline string, no <f>).
    quotePrefix keeps Excel from re-reading it as a formula when a user edits it.
    """
    cell: Cell = ws.cell(row=row_idx, column=col_idx)
    clean = safe_cell(value)
    cell.value = clean
    _keep_text(cell, clean)
    return cell


def _keep_text(cell: Cell, clean: CellValue) -> None:
    """Force a str back to type "s" (openpyxl made "=..." a formula) and mark formula-like text."""
    if isinstance(clean, str):
        cell.data_type = "s"
        if is_formula_like(clean):
            cell.quotePrefix = True


def write_row(ws: Worksheet, row_idx: int, values: Iterable[object]) -> list[Cell]:
    """Write ``values`` from column A of row ``row_idx``; returns the cells for styling."""
    return [write_cell(ws, row_idx, col, v) for col, v in enumerate(values, start=1)]


def write_only_row(ws: WriteOnlyWorksheet, values: Sequence[object], styles: Sequence[StyleArray]) -> list[Cell]:
    """A row for ``ws.append`` in write-only mode, each cell with its column's prepared style.

    Every value becomes a cell, None included, so empty cells keep their border.
    The style goes on before quotePrefix: assigning a style replaces the whole
    style array, which would drop the prefix. Each cell gets its own copy so
    setting quotePrefix on one cannot leak into the shared prepared style.
    """
    row: list[Cell] = []
    for value, style in zip(values, styles, strict=True):
        clean = safe_cell(value)
        cell = WriteOnlyCell(ws, clean)
        cell._style = copy(style)
        _keep_text(cell, clean)
        row.append(cell)
    return row


def csv_text(value: object) -> str:
    """One CSV field: text a spreadsheet could run as a formula gets a leading "'"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple, dict)):
        value = json.dumps(value, ensure_ascii=False, default=str)
    if not isinstance(value, str):
        return value.isoformat() if isinstance(value, datetime.date) else str(value)
    return "'" + value if is_formula_like(value) else value
