"""Excel workbooks (.xlsx with openpyxl, legacy .xls with xlrd) to comment Blocks.

Each sheet is a grid; merged cells are filled from their top-left value so a
位置 cell merged over three comment rows gives each row its clause. A sheet with
no header row (an instructions sheet such as 填表说明) yields nothing.
"""

from __future__ import annotations

import datetime
import io
import re
import warnings
import zipfile

from parsers.errors import CorruptFile, EncryptedFile
from parsers.records import Block
from parsers.tables import table_blocks

MAX_ROWS = 5000
MAX_COLS = 40
Grid = list[list[str]]


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return str(value).strip()


def xlsx_grids(data: bytes, filename: str) -> list[tuple[str, Grid]]:
    """Read-only and values-only (no formulas, no external links): openpyxl then streams the
    sheet XML through defusedxml, and a dimension claiming a million rows costs nothing."""
    import openpyxl

    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise EncryptedFile(f"{filename}: 加密文件，无法读取 (password-protected workbook)")
    try:
        with warnings.catch_warnings():  # openpyxl warns on unsupported extensions, missing styles
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
            try:
                # A hidden sheet is the form's template or a lookup list, never the unit's comments.
                visible = [s for s in workbook.worksheets if getattr(s, "sheet_state", "visible") == "visible"]
                return [(sheet.title, _sheet_grid(workbook, sheet)) for sheet in visible or workbook.worksheets]
            finally:
                workbook.close()
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise CorruptFile(f"{filename}: not a readable Excel file ({exc})") from exc
    except Exception as exc:  # broken part XML: lxml/ElementTree parse errors, TypeError, …
        raise CorruptFile(f"{filename}: not a readable Excel file ({type(exc).__name__}: {exc})") from exc


def _sheet_grid(workbook: object, sheet: object) -> Grid:
    grid: Grid = []
    for row in sheet.iter_rows(max_col=MAX_COLS, values_only=True):  # type: ignore[attr-defined]
        if len(grid) >= MAX_ROWS:
            break
        grid.append([_text(v) for v in row])
    # Read-only rows come padded to max_col: keep the columns up to the last one with text.
    width = max((max((i + 1 for i, v in enumerate(r) if v), default=0) for r in grid), default=0)
    grid = [(r + [""] * width)[:width] for r in grid]
    path = getattr(sheet, "_worksheet_path", None)
    archive = getattr(workbook, "_archive", None)
    if path and archive is not None:
        for r0, r1, c0, c1 in merged_ranges(archive, path):
            _fill(grid, r0, r1, c0, c1)
    return grid


MERGE_RE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*\bref="([A-Z]{1,3})(\d{1,7}):([A-Z]{1,3})(\d{1,7})"')
MAX_MERGES = 10_000


def merged_ranges(archive: zipfile.ZipFile, path: str) -> list[tuple[int, int, int, int]]:
    """Merged ranges (0-based, inclusive) read from the sheet XML in chunks; read-only
    openpyxl does not load them. Bounded in number; clamped to the grid by _fill."""
    found: list[tuple[int, int, int, int]] = []
    tail = b""
    with archive.open(path.lstrip("/")) as part:
        while (chunk := part.read(1024 * 1024)) and len(found) < MAX_MERGES:
            window = tail + chunk
            last = 0
            for m in MERGE_RE.finditer(window):
                found.append((int(m.group(2)) - 1, int(m.group(4)) - 1, _column(m.group(1)), _column(m.group(3))))
                last = m.end()
            tail = window[max(last, len(window) - 200):]
    return found[:MAX_MERGES]


def _column(letters: bytes) -> int:
    number = 0
    for ch in letters.decode("ascii"):
        number = number * 26 + ord(ch) - 64
    return number - 1


def xls_grids(data: bytes, filename: str) -> list[tuple[str, Grid]]:
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True)
    except Exception as exc:  # xlrd raises XLRDError and struct/compdoc errors
        raise CorruptFile(f"{filename}: not a readable .xls file ({exc})") from exc
    grids = []
    for sheet in book.sheets():
        rows, cols = min(sheet.nrows, MAX_ROWS), min(sheet.ncols, MAX_COLS)
        grid = [[_text(sheet.cell_value(r, c)) for c in range(cols)] for r in range(rows)]
        for rlo, rhi, clo, chi in sheet.merged_cells:
            _fill(grid, rlo, rhi - 1, clo, chi - 1)
        grids.append((sheet.name, grid))
    return grids


def _fill(grid: Grid, r0: int, r1: int, c0: int, c1: int) -> None:
    if r0 >= len(grid) or c0 >= len(grid[r0]):
        return
    value = grid[r0][c0]
    for r in range(r0, min(r1, len(grid) - 1) + 1):
        for c in range(c0, min(c1, len(grid[r]) - 1) + 1):
            grid[r][c] = value


def sheet_blocks(grids: list[tuple[str, Grid]]) -> list[Block]:
    blocks: list[Block] = []
    for title, grid in grids:
        blocks += table_blocks(grid, f"工作表“{title}”", "sheet_row")
    return blocks


def grids_text(grids: list[tuple[str, Grid]]) -> str:
    return "\n".join(" | ".join(c for c in row if c) for _, grid in grids for row in grid)
