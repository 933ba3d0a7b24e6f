"""The comments (or messages) as JSON Lines, CSV or a plain .xlsx table."""

from __future__ import annotations

import csv
import datetime
import io
import json
from collections.abc import Sequence

from openpyxl import Workbook

from reports.cells import csv_text, write_row
from reports.layout import finish_sheet, style_cells, write_header

# Columns holding long text get room; the rest stay narrow.
WIDE_FIELDS = {"text": 60.0, "reason": 30.0, "evidence": 30.0, "subject": 40.0}


def _json_default(value: object) -> str:
    """Dates become ISO strings; anything else unknown is a bug, so it raises."""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def to_jsonl(rows: list[dict[str, object]]) -> bytes:
    """One JSON object a line, UTF-8, Chinese kept readable (ensure_ascii=False)."""
    lines = [json.dumps(row, ensure_ascii=False, default=_json_default) + "\n" for row in rows]
    return "".join(lines).encode("utf-8")


def to_csv(rows: list[dict[str, object]], fields: Sequence[str]) -> bytes:
    """CSV with a BOM, without which Excel reads UTF-8 Chinese as mojibake."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf)
    writer.writerow(fields)
    for row in rows:
        writer.writerow([csv_text(row.get(f)) for f in fields])
    return buf.getvalue().encode("utf-8-sig")


def to_xlsx(rows: list[dict[str, object]], fields: Sequence[str], sheet_title: str = "comments") -> bytes:
    """One sheet: bold frozen header with a filter, then one row per dict."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None  # a new Workbook always has one sheet
    ws.title = sheet_title
    write_header(ws, list(fields), [WIDE_FIELDS.get(f, 14.0) for f in fields])
    for idx, row in enumerate(rows, start=2):
        style_cells(write_row(ws, idx, [row.get(f) for f in fields]))
    finish_sheet(ws, max(len(fields), 1))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
