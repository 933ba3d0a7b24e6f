"""Excel workbooks (.xlsx with openpyxl, legacy .xls with xlrd) to comment Blocks.

Each sheet is a grid; merged cells are filled from their top-left value so a
位置 cell merged over three comment rows gives each row its clause. A sheet with
no header row (an instructions sheet such as 填表说明) yields nothing.
"""

from __future__ import annotations

import datetime
import io
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
    import openpyxl

    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise EncryptedFile(f"{filename}: 加密文件，无法读取 (password-protected workbook)")
    try:
        with warnings.catch_warnings():  # openpyxl warns on unsupported extensions, missing styles
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True, keep_links=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise CorruptFile(f"{filename}: not a readable Excel file ({exc})") from exc
    except Exception as exc:  # broken part XML: lxml/ElementTree parse errors, TypeError, …
        raise CorruptFile(f"{filename}: not a readable Excel file ({type(exc).__name__}: {exc})") from exc
    grids = []
    for sheet in workbook.worksheets:
        rows = min(sheet.max_row or 0, MAX_ROWS)
        cols = min(sheet.max_column or 0, MAX_COLS)
        grid = [
            [_text(v) for v in row]
            for row in sheet.iter_rows(min_row=1, max_row=rows, max_col=cols, values_only=True)
        ]
        for merged in sheet.merged_cells.ranges:
            _fill(grid, merged.min_row - 1, merged.max_row - 1, merged.min_col - 1, merged.max_col - 1)
        grids.append((sheet.title, grid))
    workbook.close()
    return grids


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
