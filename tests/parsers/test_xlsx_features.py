"""parsers.files.xlsx and parsers.files.cellnotes: what Excel, WPS and LibreOffice users put in a reply
besides rows: notes (批注), hidden sheets, Strict Open XML, dates, a template's example rows."""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.comments import Comment

from parsers.files.attachments import read_attachment
from parsers.files.ooxml import is_strict, strict_to_transitional, with_names_as_referenced
from parsers.records import Attachment, Envelope
from parsers.reply import Campaign, read_reply
from parsers.files.xlsx import read_workbook, xls_sheets, xlsx_sheets

from office_builders import small_draft, xlsx_bytes
from xlsx_builders import edit_package, to_strict, with_threaded_comments

XLS_FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "office" / "xls-dates-notes-hidden.xls"


def _table(*rows: list[object], title: str = "修改意见") -> openpyxl.Workbook:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append(["序号", "条款", "原文", "修改意见", "理由"])
    for row in rows:
        sheet.append(row)
    return workbook


def _kinds(data: bytes, name: str = "意见.xlsx") -> list[tuple[str, str, str]]:
    result = read_workbook(data, name, "xlsx")
    return [(b.kind, b.text, b.origin) for b in result.blocks + result.asides]


# Cell notes


def test_note_on_a_proposal_cell_is_a_comment_of_its_row() -> None:
    """GIVEN a note (Excel writes the author's name and a colon first) on a row's proposal
    WHEN read THEN it is a cell_note Block with the row's clause, quote and the note's author."""
    workbook = _table(["1", "第3条", "志愿者应当年满十六周岁", "建议改为十四周岁", "与实践衔接"])
    workbook.active["D2"].comment = Comment("张三:\n也可参照团章规定", "张三")
    result = read_workbook(xlsx_bytes(workbook), "意见.xlsx", "xlsx")
    row, note = result.blocks
    assert (row.kind, row.text) == ("sheet_row", "建议改为十四周岁")
    assert (note.kind, note.text, note.ref, note.quote, note.author) == (
        "cell_note", "也可参照团章规定", "第3条", "志愿者应当年满十六周岁", "张三")
    assert note.origin == "工作表“修改意见”D2单元格批注"
    assert "批注 D2：也可参照团章规定" in result.text


def test_a_row_pointing_to_its_note_is_one_comment_with_it() -> None:
    """"建议补充体育场馆开放的内容，详见批注。": the note goes on with the row's proposal."""
    workbook = _table(["1", "第3条", "", "建议补充场馆开放的内容，详见批注。", ""])
    workbook.active["D2"].comment = Comment("张三:\n场馆节假日向职工免费开放，费用由财政补贴。", "张三")
    (row,) = read_workbook(xlsx_bytes(workbook), "意见.xlsx", "xlsx").blocks
    assert row.text == "建议补充场馆开放的内容，详见批注。（批注：场馆节假日向职工免费开放，费用由财政补贴。）"
    assert row.ref == "第3条"


@pytest.mark.parametrize("said", ["补充：第5条资金建议单列", "第五条资金建议单列", "另，第5条资金建议单列。", "局领导补充：第5条建议单列。"])
def test_a_note_opening_on_a_clause_of_its_own_is_about_that_clause(said: str) -> None:
    """GIVEN a note on 第3条's row that opens on another clause WHEN read THEN it keeps no
    clause or quotation of the row's: its own words place it."""
    workbook = _table(["1", "第3条", "志愿者应当年满十六周岁", "建议改为十四周岁", ""])
    workbook.active["D2"].comment = Comment(said, "张三")
    _, note = read_workbook(xlsx_bytes(workbook), "意见.xlsx", "xlsx").blocks
    assert (note.kind, note.ref, note.quote) == ("cell_note", "", "")


def test_note_on_a_row_without_a_proposal_still_counts() -> None:
    workbook = _table(["1", "第4条", "区财政每年安排", "", ""])
    workbook.active["C2"].comment = Comment("“安排”宜改为“列支”", "李四")
    [note] = read_workbook(xlsx_bytes(workbook), "意见.xlsx", "xlsx").blocks
    assert (note.kind, note.ref, note.quote, note.text) == ("cell_note", "第4条", "区财政每年安排", "“安排”宜改为“列支”")


def test_note_on_a_sheet_of_the_drafts_words_quotes_the_cell() -> None:
    """GIVEN the draft sent back as a sheet (no comment header) with a note on one clause's
    cell WHEN read THEN the note is a comment on that cell's words (its quote)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["3、志愿者应当年满十六周岁，身体健康，自愿参加志愿服务。"])
    sheet.append(["4、区财政每年安排志愿服务专项经费，用于志愿者培训和表彰。"])
    sheet["A2"].comment = Comment("建议写明经费标准", "王五")
    [note] = read_workbook(xlsx_bytes(workbook), "稿.xlsx", "xlsx").blocks
    assert note.kind == "cell_note" and note.quote.startswith("4、区财政每年安排") and note.ref == ""


def test_a_sheet_laid_across_gives_a_comment_a_column_and_its_notes_that_columns_clause() -> None:
    """GIVEN 条款 / 修改意见 / 理由 down column A and one comment in each column after it, a note
    on one proposal WHEN read THEN a comment a column, the note on its column's clause."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "意见"
    for row in (["条款", "第3条", "第9条"], ["修改意见", "建议写明志愿者的最低年龄。", "建议增加经费公示的要求。"],
                ["理由", "便于操作", "接受监督"]):
        sheet.append(row)
    sheet["C2"].comment = Comment("公示期限可定为七天", "赵六")
    result = read_workbook(xlsx_bytes(workbook), "意见.xlsx", "xlsx")
    assert [(b.kind, b.ref, b.text) for b in result.blocks] == [
        ("sheet_row", "第3条", "建议写明志愿者的最低年龄。"),
        ("sheet_row", "第9条", "建议增加经费公示的要求。"),
        ("cell_note", "第9条", "公示期限可定为七天"),
    ]


def test_a_note_saying_where_a_row_comes_from_is_the_rows_remark_not_a_comment() -> None:
    """"此条由生产部工会提出", "情况见上半年统计表": where a row comes from or where its figures
    are. Kept with the row (its reason), no comment of its own; a note proposing stays one."""
    workbook = _table(["1", "第3条", "", "建议写明志愿者的最低年龄。", "便于操作"],
                      ["2", "第4条", "", "建议经费单列。", ""],
                      ["3", "第5条", "", "建议删去“原则上”。", ""])
    workbook.active["D2"].comment = Comment("此条由集团生产部工会提出。", "张三")
    workbook.active["D3"].comment = Comment("集团下属企业经费拨缴情况见上半年统计表。", "张三")
    workbook.active["D4"].comment = Comment("也可参照团章规定", "张三")
    result = read_workbook(xlsx_bytes(workbook), "意见.xlsx", "xlsx")
    assert [(b.kind, b.text, b.reason) for b in result.blocks] == [
        ("sheet_row", "建议写明志愿者的最低年龄。", "便于操作（批注：此条由集团生产部工会提出。）"),
        ("sheet_row", "建议经费单列。", "批注：集团下属企业经费拨缴情况见上半年统计表。"),
        ("sheet_row", "建议删去“原则上”。", ""),
        ("cell_note", "也可参照团章规定", ""),
    ]


def test_a_note_on_a_proposing_row_asking_for_nothing_is_its_remark() -> None:
    """"已与市委组织部沟通。", "口岸工会提出": how the row came about, no comment; a note finding
    fault ("表述太笼统") or saying what could be done ("也可参照团章规定") is one."""
    workbook = _table(["1", "第3条", "", "建议写明志愿者的最低年龄。", ""], ["2", "第4条", "", "建议经费单列。", ""],
                      ["3", "第5条", "", "建议删去“原则上”。", ""], ["4", "第6条", "", "建议增加督查。", ""])
    workbook.active["D2"].comment = Comment("已与市委组织部沟通。", "张三")
    workbook.active["D3"].comment = Comment("口岸工会提出；我局内网已有公开栏目，可作经验推广。", "张三")
    workbook.active["D4"].comment = Comment("原表述太笼统", "张三")
    workbook.active["D5"].comment = Comment("也可参照团章规定", "张三")
    result = read_workbook(xlsx_bytes(workbook), "意见.xlsx", "xlsx")
    assert [(b.kind, b.text) for b in result.blocks if b.kind == "cell_note"] == [
        ("cell_note", "原表述太笼统"), ("cell_note", "也可参照团章规定")]
    assert result.blocks[0].reason == "批注：已与市委组织部沟通。"


def test_a_note_giving_the_rows_reason_or_its_clause_belongs_to_the_row() -> None:
    """GIVEN notes on commented rows: "理由：……", "指第4条（经费）。", "此条为安监部提出。"
    WHEN read THEN the first is the row's reason, the second its place (its 条款 cell said only the
    part), the third its remark: no comment of their own."""
    workbook = _table(["1", "第3条", "", "建议写明志愿者的最低年龄。", ""],
                      ["2", "第二部分", "", "建议经费单列。", ""],
                      ["3", "第1条", "", "建议删去“原则上”。", ""])
    workbook.active["D2"].comment = Comment("理由：各地年龄要求不一，基层难以掌握。", "张三")
    workbook.active["B3"].comment = Comment("指第4条（经费）。", "张三")
    workbook.active["D4"].comment = Comment("此条为安监部提出。", "张三")
    workbook.active["B4"].comment = Comment("此条经教代会主席团讨论。", "张三")
    result = read_workbook(xlsx_bytes(workbook), "意见.xlsx", "xlsx")
    assert [(b.kind, b.text, b.ref, b.reason) for b in result.blocks] == [
        ("sheet_row", "建议写明志愿者的最低年龄。", "第3条", "各地年龄要求不一，基层难以掌握。"),
        ("sheet_row", "建议经费单列。", "指第4条（经费）。", ""),
        ("sheet_row", "建议删去“原则上”。", "第1条", "批注：此条经教代会主席团讨论。（批注：此条为安监部提出。）"),
    ]


def test_a_note_on_the_reason_cell_proposing_nothing_is_the_rows_reason() -> None:
    """"电力行业安全风险高" noted on a row's 理由 cell gives why, no comment of its own; a note there
    that proposes is still a comment."""
    workbook = _table(["1", "第8条", "", "建议增加安全知识竞赛内容。", "行业特点"],
                      ["2", "第9条", "", "建议写明公开时限。", ""])
    workbook.active["E2"].comment = Comment("电力行业安全风险高", "张三")
    workbook.active["E3"].comment = Comment("建议同时明确公开的范围。", "张三")
    workbook.active["D3"].comment = Comment("此条是否写进去请领导定。", "李四")  # a word to the unit's own leader
    workbook.active["B2"].comment = Comment("许光日:\n参照交通运输部的做法", "许光日")  # where the idea comes from
    result = read_workbook(xlsx_bytes(workbook), "意见.xlsx", "xlsx")
    assert [(b.text, b.reason) for b in result.blocks] == [
        ("建议增加安全知识竞赛内容。", "行业特点（批注：参照交通运输部的做法）；电力行业安全风险高"),
        ("建议写明公开时限。", "批注：此条是否写进去请领导定。"),
        ("建议同时明确公开的范围。", "")]


def test_a_workbook_of_a_sheet_a_part_places_本部分_rows_in_their_sheets_part() -> None:
    """Sheets 第一部分 … 第五部分: a row whose 条款 says 本部分 is about its sheet's part; a sheet
    saying only 本部分无修改意见。 (merged across the row) holds no comment."""
    workbook = openpyxl.Workbook()
    first = workbook.active
    first.title = "第三部分"
    for row in (["序号", "条款", "修改意见", "理由"], ["1", "本部分", "建议增加企业裁员时工会提前介入的内容。", ""]):
        first.append(row)
    second = workbook.create_sheet("第四部分")
    second.append(["序号", "条款", "修改意见", "理由"])
    second.append(["本部分无修改意见。"])
    second.merge_cells("A2:D2")
    result = read_workbook(xlsx_bytes(workbook), "意见.xlsx", "xlsx")
    assert [(b.text, b.ref, b.context) for b in result.blocks] == [("建议增加企业裁员时工会提前介入的内容。", "本部分", "第三部分")]


def test_note_on_the_header_is_the_templates() -> None:
    workbook = _table(["1", "第3条", "", "建议甲", ""])
    workbook.active["B1"].comment = Comment("请填写条款号，如“第三条”", "模板")
    result = read_workbook(xlsx_bytes(workbook), "意见.xlsx", "xlsx")
    assert [b.kind for b in result.blocks] == ["sheet_row"]
    assert [(b.kind, b.text) for b in result.asides] == [("template_example", "请填写条款号，如“第三条”")]


def test_threaded_comments_with_replies_and_their_legacy_copy_once() -> None:
    """GIVEN Excel 365's threaded comment with a reply, and the legacy copy Excel writes beside
    it WHEN read THEN one note: the thread's words, each author, no "[Threaded comment]" text."""
    workbook = _table(["1", "第2条", "", "建议甲", ""])
    data = with_threaded_comments(
        xlsx_bytes(workbook),
        [("D2", "{T1}", "", "应明确牵头部门"), ("D2", "{T2}", "{T1}", "同意，由民政局牵头")],
        {"{P0}": "赵六", "{P1}": "钱七"},
    )
    _, note = read_workbook(data, "意见.xlsx", "xlsx").blocks
    assert note.text == "应明确牵头部门\n钱七：同意，由民政局牵头"
    assert (note.author, note.ref) == ("赵六、钱七", "第2条")


def test_legacy_copy_of_a_thread_alone_gives_the_words() -> None:
    workbook = _table(["1", "第2条", "", "建议甲", ""])
    data = with_threaded_comments(xlsx_bytes(workbook), [("D2", "{T1}", "", "应明确牵头部门")], {"{P0}": "赵六"})
    rels = b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId9" ' \
           b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="../comments1.xml"/></Relationships>'
    data = edit_package(data, {"xl/worksheets/_rels/sheet1.xml.rels": rels})
    _, note = read_workbook(data, "意见.xlsx", "xlsx").blocks
    assert note.text == "应明确牵头部门"


def test_damaged_notes_part_costs_only_the_notes() -> None:
    workbook = _table(["1", "第2条", "", "建议甲", ""])
    workbook.active["D2"].comment = Comment("批注", "张三")
    data = xlsx_bytes(workbook)
    data = edit_package(data, {"xl/comments/comment1.xml": b"<comments><broken"})
    assert [b.kind for b in read_workbook(data, "意见.xlsx", "xlsx").blocks] == ["sheet_row"]


def test_notes_of_a_wps_or_libreoffice_xls_are_read() -> None:
    [visible, hidden] = xls_sheets(XLS_FIXTURE.read_bytes(), XLS_FIXTURE.name)
    [note] = visible.notes
    assert (note.cell, note.row, note.col, note.text) == ("C4", 3, 2, "培训应纳入年度考核")
    assert hidden.hidden and not visible.hidden


# Hidden sheets


def test_hidden_sheet_is_read_but_never_comments() -> None:
    """GIVEN a visible comment sheet and a hidden one shaped like it (an old version), with a
    note WHEN read THEN the hidden rows and note are hidden_sheet Blocks set aside."""
    workbook = _table(["1", "第3条", "", "建议甲", ""])
    old = workbook.create_sheet("旧版")
    old.append(["条款", "修改意见"])
    old.append(["第1条", "已作废的意见"])
    old["B2"].comment = Comment("作废", "张三")
    old.sheet_state = "hidden"
    result = read_workbook(xlsx_bytes(workbook), "意见.xlsx", "xlsx")
    assert [b.text for b in result.blocks] == ["建议甲"]
    assert [(b.kind, b.text, b.origin) for b in result.asides] == [
        ("hidden_sheet", "条款 | 修改意见", "隐藏工作表“旧版”第1行"),
        ("hidden_sheet", "第1条 | 已作废的意见", "隐藏工作表“旧版”第2行"),
        ("hidden_sheet", "作废", "隐藏工作表“旧版”B2单元格批注"),
    ]
    assert result.error == "" and "已作废的意见" not in result.text


def test_workbook_whose_only_content_is_hidden_says_so() -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.create_sheet("意见")
    sheet.append(["条款", "修改意见"])
    sheet.append(["第1条", "建议甲"])
    sheet.sheet_state = "veryHidden"
    result = read_attachment(Attachment("意见.xlsx", "", xlsx_bytes(workbook)), small_draft())
    assert result.status == "read" and result.blocks == ()
    assert result.error.startswith("hidden_only: 意见.xlsx: 有内容的工作表都是隐藏的（“意见”）")
    assert "建议甲" in result.text and [b.kind for b in result.asides] == ["hidden_sheet", "hidden_sheet"]


def test_aside_blocks_never_become_comments() -> None:
    """GIVEN a reply whose workbook holds a hidden sheet and a template's example row
    WHEN the message is read THEN only the unit's row is a comment."""
    workbook = _table(["示例", "第X条", "……", "建议将“……”修改为“……”", ""], ["1", "第3条", "", "建议将年龄下限调整为十四周岁", ""])
    hidden = workbook.create_sheet("数据")
    hidden.append(["条款", "修改意见"])
    hidden.append(["第4条", "建议取消专项经费"])
    hidden.sheet_state = "hidden"
    envelope = Envelope("<m@x>", "a@b.example", "", "意见", "2024-05-06", False, "附件为我单位意见。",
                        (Attachment("意见.xlsx", "", xlsx_bytes(workbook)),))
    reading = read_reply(envelope, Campaign(small_draft(), []))
    assert [(c.text, c.clause) for c in reading.comments] == [("建议将年龄下限调整为十四周岁", 3)]
    assert {b.kind for r in reading.attachments for b in r.asides} <= {"hidden_sheet", "template_example"}


# Strict Open XML


def test_strict_workbook_reads_like_its_transitional_twin() -> None:
    workbook = _table(["1", "第3条", "", "建议甲", datetime.datetime(2014, 9, 23)])
    workbook.active["D2"].comment = Comment("批注甲", "张三")
    transitional = xlsx_bytes(workbook)
    strict = to_strict(transitional)
    assert is_strict(strict) and not is_strict(transitional)
    assert read_workbook(strict, "s.xlsx", "xlsx") == read_workbook(transitional, "s.xlsx", "xlsx")


def test_strict_iso_date_cells() -> None:
    """Strict files may write a date as ISO 8601 text (t="d")."""
    workbook = _table(["1", "第3条", "", "建议甲", 7])
    data = to_strict(xlsx_bytes(workbook))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml")
    xml, count = re.subn(rb'<c r="E2"[^>]*>.*?</c>', b'<c r="E2" t="d"><v>2014-09-23T00:00:00</v></c>', xml)
    assert count == 1
    [sheet] = xlsx_sheets(edit_package(data, {"xl/worksheets/sheet1.xml": xml}), "s.xlsx")
    assert sheet.grid[1][4] == "2014-09-23"


def test_transitional_package_is_returned_unchanged() -> None:
    data = xlsx_bytes(openpyxl.Workbook())
    assert strict_to_transitional(data) is data
    assert strict_to_transitional(b"not a zip") == b"not a zip"


def _renamed(data: bytes, rename: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            target.writestr(rename.get(name, name), source.read(name))
    return out.getvalue()


@pytest.mark.parametrize("rename", [
    {"xl/sharedStrings.xml": "xl/SharedStrings.xml"},
    {"xl/workbook.xml": "xl\\workbook.xml", "xl/worksheets/sheet1.xml": "xl\\worksheets\\sheet1.xml"},
])
def test_parts_named_unlike_their_references_are_read(rename: dict[str, str]) -> None:
    """Some writers store parts under another case or with backslashes; Excel opens them."""
    workbook = _table(["1", "第3条", "", "建议甲", ""])
    data = xlsx_bytes(workbook)
    assert [b.text for b in read_workbook(_renamed(data, rename), "x.xlsx", "xlsx").blocks] == ["建议甲"]
    assert with_names_as_referenced(data) is data


# Dates


def test_xlsx_dates_times_and_date_times() -> None:
    workbook = openpyxl.Workbook()
    workbook.active.append([datetime.datetime(2014, 9, 23), datetime.datetime(2014, 9, 23, 10, 30),
                            datetime.time(8, 5), datetime.date(2024, 5, 6)])
    [sheet] = xlsx_sheets(xlsx_bytes(workbook), "d.xlsx")
    assert sheet.grid == [["2014-09-23", "2014-09-23 10:30", "08:05", "2024-05-06"]]


def test_xls_dates_by_their_format_not_serial_numbers() -> None:
    [visible, _] = xls_sheets(XLS_FIXTURE.read_bytes(), XLS_FIXTURE.name)
    assert visible.grid[2][3:] == ["2014-09-23", "10:30"]
    assert visible.grid[3][3] == "2014-09-24 15:45"
    assert visible.grid[2][0] == "1"


def test_xls_reading_prints_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    """xlrd writes its warnings to stdout by default: `mailbot read` output must stay clean."""
    read_workbook(XLS_FIXTURE.read_bytes(), XLS_FIXTURE.name, "xls")
    assert capsys.readouterr().out == ""


def test_xls_fixture_example_row_and_hidden_sheet() -> None:
    result = read_workbook(XLS_FIXTURE.read_bytes(), XLS_FIXTURE.name, "xls")
    assert [(b.kind, b.text) for b in result.blocks] == [
        ("sheet_row", "此处句号应为逗号"), ("sheet_row", "建议明确培训频次"), ("cell_note", "培训应纳入年度考核")]
    assert [b.kind for b in result.asides] == ["template_example", "hidden_sheet", "hidden_sheet"]


# A template's example rows and instruction sheets


@pytest.mark.parametrize("label", ["示例", "例：", "例如", "（示范）", "此行为填写示例", "填写说明：", "样例1"])
def test_example_row_by_its_leading_label(label: str) -> None:
    workbook = _table([label, "第3条", "", "建议将年龄下限调整为十四周岁", ""], ["1", "第4条", "", "建议乙", ""])
    assert [(k, t) for k, t, _ in _kinds(xlsx_bytes(workbook))] == [
        ("sheet_row", "建议乙"), ("template_example", "建议将年龄下限调整为十四周岁")]


def test_example_row_by_a_placeholder_unit() -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["单位", "条款", "修改意见"])
    sheet.append(["XX单位", "第3条", "建议调整年龄"])
    sheet.append(["××县总工会", "第4条", "建议增加经费"])
    sheet.append(["河东街道", "第4条", "建议明确经费标准"])
    assert [k for k, _, _ in _kinds(xlsx_bytes(workbook))] == ["sheet_row", "template_example", "template_example"]


def test_comment_beginning_with_for_example_is_a_comment() -> None:
    """Only the row's leading label cell decides: a proposal that begins 例如 is the unit's."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["修改意见", "理由"])
    sheet.append(["例如第3条，建议增加夜间值守要求", "安全需要"])
    sheet.append(["示例：建议将“……”修改为“……”", ""])
    assert [(k, t) for k, t, _ in _kinds(xlsx_bytes(workbook))] == [
        ("sheet_row", "例如第3条，建议增加夜间值守要求"), ("template_example", "示例：建议将“……”修改为“……”")]


@pytest.mark.parametrize("title", ["填表说明", "说明", "填写要求", "示例"])
def test_instructions_sheet_with_a_header_yields_no_comments(title: str) -> None:
    workbook = _table(["1", "第3条", "", "建议将“原则上”删除", "表述更严谨"], title=title)
    workbook.active["D2"].comment = Comment("这是填写样例", "模板")
    comments = workbook.create_sheet("修改意见")
    comments.append(["条款", "修改意见"])
    comments.append(["第4条", "建议乙"])
    result = read_workbook(xlsx_bytes(workbook), "意见.xlsx", "xlsx")
    assert [b.text for b in result.blocks] == ["建议乙"]
    # the note proposing nothing is the example row's remark, set aside with it
    assert [(b.kind, "这是填写样例" in b.reason) for b in result.asides] == [("template_example", True)]


def test_short_wording_fixes_are_comments() -> None:
    """GIVEN very short comments on punctuation and wording, one beside a closing word
    WHEN read THEN each row is a comment."""
    workbook = _table(["1", "第2条", "", "此处句号应为逗号", "仅供参考"], ["2", "第3条", "", "错别字：“工做”应为“工作”", ""],
                      ["3", "第4条", "", "删去“的”", ""])
    assert [t for k, t, _ in _kinds(xlsx_bytes(workbook))] == [
        "此处句号应为逗号", "错别字：“工做”应为“工作”", "删去“的”"]


def test_mailbot_read_shows_notes_hidden_rows_and_examples(campaign_dir: Path) -> None:
    """GIVEN the .xls fixture WHEN `mailbot read` reads it THEN every row it holds is shown:
    comments, the note with its place, the example row and the hidden sheet, each by kind."""
    from mailbot.pipeline.reading_files import as_text, read_files
    from parsers.guard import Limits

    rows = list(read_files([XLS_FIXTURE], campaign_dir / "draft.docx", Limits()))
    lines = [as_text(r) for r in rows if r["kind"] != "text"]  # (then the header and the title: read, no comment)
    assert lines == [
        "sheet_row\t此处句号应为逗号\t\t工作表“修改意见”第3行",
        "sheet_row\t建议明确培训频次\t\t工作表“修改意见”第4行",
        "cell_note\t培训应纳入年度考核\t\t工作表“修改意见”C4单元格批注",
        "template_example\t建议将“……”修改为“……”\t\t工作表“修改意见”第2行",
        "hidden_sheet\t条款 | 修改意见\t\t隐藏工作表“旧稿”第1行",
        "hidden_sheet\t第1条 | 已作废的旧意见\t\t隐藏工作表“旧稿”第2行",
    ]


def test_strict_attachment_is_read_not_called_corrupt() -> None:
    workbook = _table(["1", "第3条", "", "建议将年龄下限调整为十四周岁", ""])
    result = read_attachment(Attachment("严格.xlsx", "", to_strict(xlsx_bytes(workbook))), small_draft())
    assert (result.status, [b.text for b in result.blocks]) == ("read", ["建议将年龄下限调整为十四周岁"])


_NOTED = _table(["1", "第3条", "", "建议甲", ""])
_NOTED.active["D2"].comment = Comment("批注", "张三")
NOTED = xlsx_bytes(_NOTED)


@settings(max_examples=60, deadline=None)
@given(st.one_of(st.binary(max_size=300), st.text(max_size=200).map(lambda t: f"<comments><commentList><comment ref=\"{t}\">"
                                                                  f"<text><t>{t}</t></text></comment></commentList></comments>".encode())))
def test_any_notes_part_gives_notes_or_none_never_an_error(part: bytes) -> None:
    result = read_workbook(edit_package(NOTED, {"xl/comments/comment1.xml": part}), "x.xlsx", "xlsx")
    assert result.blocks[0].text == "建议甲"


def test_a_wps_et_file_is_read_as_the_excel_97_workbook_it_is() -> None:
    """GIVEN an Excel 97 workbook named .et (WPS Spreadsheets), sent as octet-stream
    WHEN read THEN its rows are read as an .xls's are, not refused as an unknown kind."""
    from parsers.files.attachments import read_attachment
    from parsers.records import Attachment

    data = XLS_FIXTURE.read_bytes()
    as_xls = read_attachment(Attachment("意见.xls", "application/vnd.ms-excel", data), small_draft(), None)
    as_et = read_attachment(Attachment("意见.et", "application/octet-stream", data), small_draft(), None)
    assert as_et.status == "read" and as_et.text == as_xls.text
    assert [b.text for b in as_et.blocks] == [b.text for b in as_xls.blocks]


def test_hidden_columns_of_last_rounds_notes_are_no_comments() -> None:
    """GIVEN last year's sheet reused: columns E-F (上次意见, 采纳情况) hidden WHEN read THEN the
    visible 序号|条款|修改意见|理由 rows are the comments, the hidden ones none."""
    workbook = _table(["1", "第2条", "", "建议增加边境开放的表述。", "", "建议增加劳模名额", "已采纳"])
    sheet = workbook.active
    sheet["F1"], sheet["G1"] = "上次征求意见时我会意见", "采纳情况"
    sheet.column_dimensions["F"].hidden = True
    sheet.column_dimensions["G"].hidden = True
    result = read_workbook(xlsx_bytes(workbook), "意见.xlsx", "xlsx")
    assert [(b.text, b.ref) for b in result.blocks] == [("建议增加边境开放的表述。", "第2条")]
    assert "建议增加劳模名额" in result.text


def test_a_web_systems_export_of_numbered_comments_is_a_table() -> None:
    """编号 | 意见内容 | 提交人: no 条款 column, the place opening each comment."""
    workbook = openpyxl.Workbook()
    for row in (["编号", "意见内容", "提交人"], ["HL-031", "第四条：建议将基层比例具体化。", "张三"], ["HL-032", "关于第13条，建议增加婚恋服务。", "李四"]):
        workbook.active.append(row)
    result = read_workbook(xlsx_bytes(workbook), "export.xlsx", "xlsx")
    assert [b.text for b in result.blocks] == ["第四条：建议将基层比例具体化。", "关于第13条，建议增加婚恋服务。"]


def test_a_sheet_typed_like_paper_is_read_as_lines() -> None:
    """A paragraph a cell down column A, no table: its items are comments; a sheet of the draft's
    own clauses (no word of asking) gives none."""
    workbook = openpyxl.Workbook()
    for line in ("延边大学工会的修改意见", "经讨论，提出以下意见：", "一、关于第六条：建议增加青年教师基本功比赛。", "二、关于全文：建议写明施行日期。", "延边大学工会"):
        workbook.active.append([line])
    result = read_workbook(xlsx_bytes(workbook), "意见.xlsx", "xlsx")
    assert [(b.text, b.origin) for b in result.blocks] == [("关于第六条：建议增加青年教师基本功比赛。", "工作表“Sheet”第3行"),
                                                           ("关于全文：建议写明施行日期。", "工作表“Sheet”第4行")]


def test_a_comment_given_in_three_rows_is_one_comment() -> None:
    """序号 | 条款 | 项目 | 内容, each comment as 原文 / 修改为 / 理由 rows, 序号 and 条款 merged down."""
    workbook = openpyxl.Workbook()
    rows = (["序号", "条款", "项目", "内容"], ["1", "第3条", "原文", "志愿者应当年满十六周岁"], ["1", "第3条", "修改为", "志愿者应当年满十四周岁"],
            ["1", "第3条", "理由", "与团章衔接。"], ["2", "第4条", "原文", "区财政每年安排"], ["2", "第4条", "修改为", "区财政每年足额安排"],
            ["2", "第4条", "理由", "保障经费。"])
    for row in rows:
        workbook.active.append(row)
    result = read_workbook(xlsx_bytes(workbook), "意见.xlsx", "xlsx")
    assert [(b.text, b.ref, b.quote, b.reason) for b in result.blocks] == [
        ("志愿者应当年满十四周岁", "第3条", "志愿者应当年满十六周岁", "与团章衔接。"), ("区财政每年足额安排", "第4条", "区财政每年安排", "保障经费。")]


def test_the_template_with_only_none_in_its_first_row_is_the_units_none() -> None:
    """The department's form returned empty but for 无 in row 1's 修改意见 (序号 1-8 filled): 无意见."""
    from parsers.reply import _says_no_comment

    workbook = _table(["1", "", "", "无", ""], *[[str(n)] for n in range(2, 9)])
    result = read_workbook(xlsx_bytes(workbook), "意见反馈表.xlsx", "xlsx")
    assert not result.blocks and _says_no_comment("反馈表见附件。", [result])


def test_who_added_a_note_is_no_proposal_of_it() -> None:
    """"院工会朴主席补充：去年我院有两名护士因焦虑离职。" on the 理由 cell: the 补充 is who added
    it, the words give why (the row's reason); "张主席补充：建议…" still proposes."""
    workbook = _table(["1", "第13条", "", "建议配备心理咨询师。", "护士压力大"],
                      ["2", "第10条", "", "建议增加疗休养名额。", ""])
    workbook.active["E2"].comment = Comment("院工会朴主席补充：去年我院有两名护士因焦虑离职。", "朴")
    workbook.active["E3"].comment = Comment("张主席补充：建议同时明确名额分配办法。", "张")
    result = read_workbook(xlsx_bytes(workbook), "意见.xlsx", "xlsx")
    assert [(b.text, b.reason) for b in result.blocks] == [
        ("建议配备心理咨询师。", "护士压力大；院工会朴主席补充：去年我院有两名护士因焦虑离职。"),
        ("建议增加疗休养名额。", ""),
        ("张主席补充：建议同时明确名额分配办法。", "")]


def test_a_note_saying_what_the_proposal_can_build_on_is_its_reason() -> None:
    """"公司已有网上大学平台，可以依托。" on 建议把网上练兵列为岗位练兵的形式: why the proposal is
    workable, the row's reason; "营销部建议" on another row: who proposed it, its remark."""
    workbook = _table(["1", "第6条", "", "建议把网上练兵列为岗位练兵的形式。", ""], ["2", "第13条", "", "建议增加心理咨询。", ""])
    workbook.active["D2"].comment = Comment("公司已有网上大学平台，可以依托。", "张三")
    workbook.active["D3"].comment = Comment("营销部建议", "张三")
    result = read_workbook(xlsx_bytes(workbook), "意见.xlsx", "xlsx")
    assert [b.kind for b in result.blocks] == ["sheet_row", "sheet_row"]
    assert "网上大学平台" in result.blocks[0].reason and "营销部建议" in result.blocks[1].reason
