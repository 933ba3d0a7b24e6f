"""export: jsonl, csv and xlsx of plain dict rows."""

from __future__ import annotations

import csv
import datetime
import io
import json

from openpyxl import load_workbook

from reports.export import to_csv, to_jsonl, to_xlsx

ROWS: list[dict[str, object]] = [
    {"id": 1, "unit": "延吉市总工会", "text": "=1+1", "clause": 3, "needs_review": False},
    {"id": 2, "unit": None, "text": "建议增加“职工书屋”", "clause": None, "tags": ["a", "乙"]},
]
FIELDS = ["id", "unit", "text", "clause", "tags"]


def test_jsonl_round_trips() -> None:
    data = to_jsonl(ROWS)
    lines = data.decode("utf-8").splitlines()
    assert [json.loads(line) for line in lines] == ROWS
    assert "延吉市总工会" in lines[0]  # not \u escaped
    assert data.endswith(b"\n")


def test_jsonl_dates_and_empty() -> None:
    assert to_jsonl([]) == b""
    assert json.loads(to_jsonl([{"d": datetime.date(2014, 9, 25)}])) == {"d": "2014-09-25"}


def test_csv_has_bom_and_escapes() -> None:
    data = to_csv(ROWS, FIELDS)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == FIELDS
    assert rows[1] == ["1", "延吉市总工会", "'=1+1", "3", ""]
    assert rows[2] == ["2", "", "建议增加“职工书屋”", "", '["a", "乙"]']


def test_xlsx_header_and_text() -> None:
    ws = load_workbook(io.BytesIO(to_xlsx(ROWS, FIELDS, sheet_title="意见"))).active
    assert ws is not None and ws.title == "意见"
    assert [c.value for c in ws[1]] == FIELDS
    assert ws["A1"].font.b
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:E3"
    assert ws["C2"].value == "=1+1" and ws["C2"].data_type == "s"
    assert ws["E3"].value == '["a", "乙"]'
