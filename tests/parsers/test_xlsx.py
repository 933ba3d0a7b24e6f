"""parsers.files.xlsx: workbooks (.xlsx and legacy .xls) to grids and sheet-row Blocks."""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import openpyxl
import pytest

from parsers.errors import CorruptFile, EncryptedFile
from parsers.files.xlsx import Sheet, sheet_blocks, sheets_text, xls_sheets, xlsx_sheets

from office_builders import OLE_MAGIC, corpus_attachment, replace_zip_member, xlsx_bytes


def _comment_workbook() -> bytes:
    """An instructions sheet, then a comment sheet with a merged title, the header on
    row 3 and a 位置 cell merged over three comment rows, then a second comment sheet."""
    workbook = openpyxl.Workbook()
    notes = workbook.active
    notes.title = "填表说明"
    notes["A1"] = "请各单位于5月10日前填写本表，每条意见单列一行。"
    notes["A2"] = "如无意见，请在“修改意见”栏填写“无”。"
    sheet = workbook.create_sheet("修改意见")
    sheet["A1"] = "河东街道对《社区志愿服务管理办法》的修改意见"
    sheet.merge_cells("A1:D1")
    sheet["A2"] = "填报人：赵六"
    sheet.append(["位置", "原文", "修改意见", "理由"])
    sheet.append(["第七条", "定期开展培训", "建议明确每季度培训一次", "便于考核"])
    sheet.append([None, None, "建议增加线上培训方式", None])
    sheet.append([None, None, "建议培训记录纳入档案", None])
    sheet.merge_cells("A4:A6")
    sheet.append([3, None, "建议删除“原则上”", None])
    sheet.append([4.0, None, "建议增加经费标准", datetime.date(2024, 5, 6)])
    second = workbook.create_sheet("补充意见")
    second.append(["条款", "意见建议"])
    second.append([12, "建议增加表彰条款"])
    return xlsx_bytes(workbook)


@pytest.fixture(scope="module")
def sheets() -> list[Sheet]:
    return xlsx_sheets(_comment_workbook(), "意见表.xlsx")


@pytest.fixture(scope="module")
def grids(sheets: list[Sheet]) -> dict[str, list[list[str]]]:
    return {s.title: s.grid for s in sheets}


def test_every_sheet_becomes_a_grid(sheets: list[Sheet]) -> None:
    assert [s.title for s in sheets] == ["填表说明", "修改意见", "补充意见"]
    assert not any(s.hidden or s.notes for s in sheets)


def test_merged_title_fills_its_row(grids: dict[str, list[list[str]]]) -> None:
    grid = grids["修改意见"]
    assert grid[0] == ["河东街道对《社区志愿服务管理办法》的修改意见"] * 4
    assert grid[2] == ["位置", "原文", "修改意见", "理由"]


def test_merged_position_cell_gives_each_row_the_ref(sheets: list[Sheet]) -> None:
    blocks = sheet_blocks(sheets)
    assert [(b.ref, b.text) for b in blocks[:3]] == [
        ("第七条", "建议明确每季度培训一次"),
        ("第七条", "建议增加线上培训方式"),
        ("第七条", "建议培训记录纳入档案"),
    ]
    assert blocks[0].quote == "定期开展培训" and blocks[0].reason == "便于考核"
    assert blocks[0].origin == "工作表“修改意见”第4行"
    assert {b.kind for b in blocks} == {"sheet_row"}


def test_numbers_and_dates_become_text(grids: dict[str, list[list[str]]]) -> None:
    grid = grids["修改意见"]
    assert grid[6][0] == "3"
    assert grid[7][0] == "4"
    assert grid[7][3] == "2024-05-06"


def test_blocks_from_several_sheets_but_not_the_instructions(sheets: list[Sheet]) -> None:
    blocks = sheet_blocks(sheets)
    assert [b.ref for b in blocks] == ["第七条", "第七条", "第七条", "3", "4", "12"]
    assert blocks[-1].origin == "工作表“补充意见”第2行"
    assert not any("填表说明" in b.origin for b in blocks)
    assert sheet_blocks([sheets[0]]) == []


def test_sheets_text_keeps_the_words(sheets: list[Sheet]) -> None:
    text = sheets_text(sheets)
    assert "请各单位于5月10日前填写本表" in text
    assert "第七条 | 定期开展培训 | 建议明确每季度培训一次 | 便于考核" in text


def test_empty_workbook_has_one_empty_grid() -> None:
    assert xlsx_sheets(xlsx_bytes(openpyxl.Workbook()), "空.xlsx") == [Sheet("Sheet", [])]


def test_legacy_xls_from_the_corpus(corpus_dir: Path) -> None:
    """GIVEN the .xls attached to m014 WHEN read with xlrd THEN its merged title fills
    the first row and each comment row keeps its clause, quote and proposal."""
    filename, data = corpus_attachment(corpus_dir / "m014.eml")
    assert filename.endswith(".xls") and data[:8] == OLE_MAGIC
    [sheet] = xls_sheets(data, filename)
    name, grid = sheet.title, sheet.grid
    assert name == "Sheet1"
    assert len(set(grid[0])) == 1 and grid[0][0].endswith("的修改意见") and len(grid[0]) == 4
    assert grid[1] == ["条款", "原文", "修改意见", "备注"]
    blocks = sheet_blocks([sheet])
    assert [b.ref for b in blocks] == ["第2条", "第九条", "加强职工队伍建设", "第15条", "第17条", "其他"]
    assert blocks[1].quote == "积极推行厂务公开民主管理控制程序"
    assert blocks[1].text.startswith("“控制程序”一词不易理解")
    assert blocks[0].origin == "工作表“Sheet1”第3行"


@pytest.mark.parametrize("data", [b"", os.urandom(600), b"PK\x03\x04" + os.urandom(200)])
def test_unreadable_xlsx_raises_corrupt_file(data: bytes) -> None:
    with pytest.raises(CorruptFile, match="表.xlsx: not a readable Excel file"):
        xlsx_sheets(data, "表.xlsx")


@pytest.mark.parametrize("part", ["xl/workbook.xml", "xl/styles.xml", "xl/worksheets/sheet1.xml", "docProps/core.xml"])
@pytest.mark.parametrize("content", [b"<broken", b""])
def test_broken_part_xml_raises_corrupt_file(part: str, content: bytes) -> None:
    """Fixed: lxml and ElementTree parse errors used to escape the reader."""
    data = replace_zip_member(xlsx_bytes(openpyxl.Workbook()), part, content)
    with pytest.raises(CorruptFile):
        xlsx_sheets(data, "表.xlsx")


def test_missing_stylesheet_is_read_without_a_warning() -> None:
    data = replace_zip_member(xlsx_bytes(openpyxl.Workbook()), "xl/styles.xml", b"<a/>")
    assert xlsx_sheets(data, "表.xlsx") == [Sheet("Sheet", [])]


def test_ole_file_named_xlsx_raises_encrypted_file() -> None:
    with pytest.raises(EncryptedFile, match="加密文件"):
        xlsx_sheets(OLE_MAGIC + os.urandom(512), "表.xlsx")


@pytest.mark.parametrize("data", [b"", os.urandom(600), OLE_MAGIC + os.urandom(600)])
def test_unreadable_xls_raises_corrupt_file(data: bytes) -> None:
    with pytest.raises(CorruptFile, match="旧表.xls: not a readable .xls file"):
        xls_sheets(data, "旧表.xls")
