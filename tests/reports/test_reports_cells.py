"""cells: untrusted text stays text in .xlsx and .csv."""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import load_workbook

from reports.spreadsheet.cells import csv_text, is_formula_like, safe_cell, write_cells
from reports.spreadsheet.sheets import new_workbook

DANGEROUS = ["=1+1", "@SUM(A1)", "-2+3", "+1", "  =1+1", "\t=1+1", "\r=1+1", "=HYPERLINK(\"http://x\")"]


def _save_and_reload(values: list[object]) -> tuple[bytes, list[object], list[str]]:
    buf = io.BytesIO()
    wb, styles = new_workbook(buf, "t")
    ws = wb.add_worksheet()
    write_cells(ws, 0, values, [styles.get()] * len(values), [styles.get(quoted=True)] * len(values))
    wb.close()
    ws2 = load_workbook(io.BytesIO(buf.getvalue())).active
    assert ws2 is not None
    cells = list(ws2[1])
    return buf.getvalue(), [c.value for c in cells], [c.data_type for c in cells]


def _sheet_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return zf.read("xl/worksheets/sheet1.xml").decode("utf-8")


def test_formula_like_text_reloads_as_the_same_text() -> None:
    data, values, types = _save_and_reload(list(DANGEROUS))
    assert values == [d.replace("\r", "\n") for d in DANGEROUS]  # a line end is LF in a cell
    assert types == ["s"] * len(DANGEROUS)


def test_no_formula_element_is_stored() -> None:
    data, _, _ = _save_and_reload(list(DANGEROUS))
    xml = _sheet_xml(data)
    assert "<f>" not in xml and "<f " not in xml
    assert 'quotePrefix="1"' in zipfile.ZipFile(io.BytesIO(data)).read("xl/styles.xml").decode()


def test_control_characters_are_stripped_not_fatal() -> None:
    _, values, _ = _save_and_reload(["意见\x00内容\x07\x1f", "第一行\n第二行\t完"])
    assert values == ["意见内容", "第一行\n第二行\t完"]


def test_numbers_none_and_containers() -> None:
    _, values, types = _save_and_reload([3, 0.5, None, ["a", "条"], {"k": "值"}, True])
    assert values == [3, 0.5, None, '["a", "条"]', '{"k": "值"}', True]
    assert types[3] == "s"


@pytest.mark.parametrize("text", DANGEROUS)
def test_is_formula_like(text: str) -> None:
    assert is_formula_like(text)


@pytest.mark.parametrize("text", ["建议修改", "1+1", "a=b", "", " 说明"])
def test_ordinary_text_is_not_formula_like(text: str) -> None:
    assert not is_formula_like(text)
    assert csv_text(text) == text


def test_safe_cell_keeps_text_and_csv_text_prefixes() -> None:
    assert safe_cell("=1+1") == "=1+1"
    assert csv_text("=1+1") == "'=1+1"
    assert csv_text("\t-2") == "'\t-2"
    assert csv_text(None) == "" and csv_text(False) == "false" and csv_text(-2) == "-2"
