"""Writing untrusted text into spreadsheet cells, in one place.

Comments come from outside, so a comment such as ``=HYPERLINK(...)`` must
reach the reader as text, never as a formula (CSV/formula injection). Every
sheet writes through :func:`write_cells`, and CSV export through :func:`csv_text`.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Sequence
from typing import Union

from xlsxwriter.format import Format  # type: ignore[import-untyped]  # XlsxWriter ships no type hints
from xlsxwriter.worksheet import Worksheet  # type: ignore[import-untyped]  # XlsxWriter ships no type hints

CellValue = Union[str, int, float, bool, datetime.date, datetime.datetime, None]

# Spreadsheet programs start a formula with these; tab and CR hide one behind whitespace.
FORMULA_STARTS = ("=", "+", "-", "@")
HIDING_STARTS = ("\t", "\r")
# Control characters XML 1.0 cannot hold (tab, LF and CR it can).
ILLEGAL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet might read ``text`` as a formula if typed or imported."""
    first = text[:1]
    if not first.isspace():  # most text: decided by its first character, without copying it
        return first in FORMULA_STARTS
    return text.startswith(HIDING_STARTS) or text.lstrip().startswith(FORMULA_STARTS)


def safe_cell(value: object) -> CellValue:
    """The value made storable: containers as JSON, control characters removed, line ends as LF.

    A spreadsheet has no place for control characters or a timezone; a bad
    comment must not stop the report.
    """
    if isinstance(value, (list, tuple, dict)):
        value = json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        value = value.isoformat()
    if isinstance(value, str):
        # A lone CR is no line break in a cell (a stray mark in Excel, "_x000D_" to some readers).
        return ILLEGAL_CHARACTERS.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    if value is None or isinstance(value, (int, float, datetime.date)):
        return value
    return str(value)


def write_cells(ws: Worksheet, row: int, values: Sequence[object], formats: Sequence[Format],
                quoted: Sequence[Format]) -> None:
    """Write ``values`` from column A of the 0-based ``row``, each with its column's format.

    Text goes through write_string, which never makes a formula whatever the text;
    formula-like text also gets its column's ``quoted`` format (quotePrefix), so Excel
    does not run it when someone edits the cell. Every value is written, None
    included, so empty cells keep their border.
    """
    for col, value in enumerate(values):
        # Plain printable text, most cells, skips safe_cell: a report has a million of them.
        clean = value if type(value) is str and value.isprintable() else safe_cell(value)
        if isinstance(clean, str) and clean:
            ws.write_string(row, col, clean, quoted[col] if is_formula_like(clean) else formats[col])
        elif isinstance(clean, bool):
            ws.write_boolean(row, col, clean, formats[col])
        elif isinstance(clean, (int, float)):
            ws.write_number(row, col, clean, formats[col])
        elif isinstance(clean, datetime.date):
            ws.write_datetime(row, col, clean, formats[col])
        else:
            ws.write_blank(row, col, None, formats[col])


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
