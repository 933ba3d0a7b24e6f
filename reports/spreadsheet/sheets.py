"""Printable table sheets: a header row, then rows as tall as their wrapped text.

Every .xlsx mailbot writes goes through here (XlsxWriter, streamed: each row is
written to a temporary file as soon as it is complete, so memory stays flat
whatever the number of comments).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO

from xlsxwriter.format import Format  # type: ignore[import-untyped]  # XlsxWriter ships no type hints
from xlsxwriter.workbook import Workbook  # type: ignore[import-untyped]  # XlsxWriter ships no type hints
from xlsxwriter.worksheet import Worksheet  # type: ignore[import-untyped]  # XlsxWriter ships no type hints

from reports.spreadsheet.cells import write_cells
from reports.spreadsheet.fitting import lines_at
from reports.spreadsheet.layout import GROUP_FILL, HEADER_FILL, MEASURE, Column, Styles, fit_widths, print_setup


@dataclass(frozen=True)
class Line:
    """One sheet row below the header; a heading spans the table in bold on grey."""

    values: Sequence[object]
    heading: bool = False


def heading(title: str) -> Line:
    return Line([title], heading=True)


def new_workbook(out: IO[bytes], title: str) -> tuple[Workbook, Styles]:
    """A workbook writing to ``out`` on close. Text is never read as a formula, a number
    or a link (XlsxWriter's write() would, for text starting with "=" or "http")."""
    workbook = Workbook(out, {
        "constant_memory": False, "strings_to_formulas": False, "strings_to_numbers": False,
        "strings_to_urls": False,
    })
    workbook.set_properties({"title": title})
    return workbook, Styles(workbook)


@dataclass(frozen=True)
class _Looks:
    """The formats of one table's rows, by column."""

    header: list[Format]
    body: list[Format]
    quoted: list[Format]
    group: Format


def _looks(styles: Styles, columns: Sequence[Column]) -> _Looks:
    header = styles.get(bold=True, fill=HEADER_FILL)
    return _Looks(
        header=[header] * len(columns),
        body=[styles.get(number_format=c.number_format) for c in columns],
        quoted=[styles.get(number_format=c.number_format, quoted=True) for c in columns],
        group=styles.get(bold=True, fill=GROUP_FILL),
    )


def write_table(
    workbook: Workbook, styles: Styles, *, title: str, columns: Sequence[Column], lines: Sequence[Line],
    page_heading: str,
) -> None:
    """One sheet named ``title``: columns sized to fill an A4 landscape page, every row as
    tall as its longest wrapped cell, ``page_heading`` atop each printed page."""
    widths = fit_widths(columns, [line.values for line in lines if not line.heading])
    ws = workbook.add_worksheet(title)
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)
    looks = _looks(styles, columns)
    capacities = [MEASURE.capacity(w) for w in widths]
    row = _write_rows(ws, 0, [c.header for c in columns], capacities, looks.header, looks.header)
    for line in lines:
        if line.heading:
            row = _write_heading(ws, row, str(line.values[0]), widths, looks.group)
        else:
            row = _write_rows(ws, row, line.values, capacities, looks.body, looks.quoted)
    print_setup(ws, ncols=len(columns), last_row=row - 1, heading=page_heading)


def _write_heading(ws: Worksheet, row: int, title: str, widths: Sequence[float], look: Format) -> int:
    """A group's title across the whole table (merged, so it wraps over the table's width)."""
    ws.set_row(row, MEASURE.height(MEASURE.lines(title, sum(widths))))
    if len(widths) > 1:
        ws.merge_range(row, 0, row, len(widths) - 1, title, look)
    else:
        ws.write_string(row, 0, title, look)
    return row + 1


def _write_rows(
    ws: Worksheet, row: int, values: Sequence[object], capacities: Sequence[float], looks: Sequence[Format],
    quoted: Sequence[Format],
) -> int:
    """``values`` as one row, or as several when a cell is too long for Excel's highest row;
    returns the next free row."""
    tallest = _tallest(values, capacities)
    if tallest <= MEASURE.max_lines:
        ws.set_row(row, MEASURE.height(tallest))
        write_cells(ws, row, values, looks, quoted)
        return row + 1
    for piece in _continued(values, capacities):
        ws.set_row(row, MEASURE.height(_tallest(piece, capacities)))
        write_cells(ws, row, piece, looks, quoted)
        row += 1
    return row


@functools.lru_cache(maxsize=8192)
def _lines(text: str, capacity: float) -> int:
    """lines_at, remembered: units, clause titles, sources and reasons recur row after row."""
    return lines_at(text, capacity)


def _tallest(values: Sequence[object], capacities: Sequence[float]) -> int:
    return max(_lines(v, c) if type(v) is str else 1 for v, c in zip(values, capacities))


def _continued(values: Sequence[object], capacities: Sequence[float]) -> list[list[object]]:
    """A cell too long for one row goes on in the rows below. Those rows repeat the cells
    left of the first cut one (the number, clause and unit that say whose text it is) and
    leave the rest empty, so a filter on them keeps the whole comment together."""
    parts = [MEASURE.split(v, c) if type(v) is str else [v] for v, c in zip(values, capacities)]
    first_cut = next(i for i, p in enumerate(parts) if len(p) > 1)
    rows: list[list[object]] = []
    for n in range(max(len(p) for p in parts)):
        rows.append([
            p[n] if n < len(p) else (p[0] if i < first_cut else None) for i, p in enumerate(parts)
        ])
    return rows
