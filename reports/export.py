"""The comments (or messages) as JSON Lines, CSV or a plain .xlsx table."""

from __future__ import annotations

import csv
import datetime
import io
import json
from collections.abc import Sequence

from reports.spreadsheet.cells import csv_text
from reports.spreadsheet.layout import Column
from reports.spreadsheet.sheets import Line, new_workbook, write_table

# Columns holding long text may grow wide; the rest are sized to their content up to 14.
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
    columns = [Column(f, 4, WIDE_FIELDS.get(f, 14.0)) for f in fields]
    out = io.BytesIO()
    workbook, styles = new_workbook(out, sheet_title)
    write_table(workbook, styles, title=sheet_title, columns=columns,
                lines=[Line([row.get(f) for f in fields]) for row in rows], page_heading=sheet_title)
    workbook.close()
    return out.getvalue()
