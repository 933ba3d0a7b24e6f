"""Hostile input, case 2: XML attacks through both library paths (python-docx, openpyxl), and a
workbook whose sheet XML claims a million rows."""

from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
import pytest

from hostile_harness import MB, W_NS, Bot, comment_docx, good_xlsx, part, reply, rezip, start


LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">' for i in range(1, 10))
    + "]>"
)
XXE = '<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
ENTITY = {"laughs": "&lol9;", "xxe": "&xxe;"}
DTD = {"laughs": LAUGHS, "xxe": XXE}


@pytest.fixture
def bot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Bot:
    return start(tmp_path, monkeypatch)


def docx_with(attack: str, encoding: str = "utf-8") -> bytes:
    xml = (
        f'<?xml version="1.0" encoding="{encoding.upper()}" standalone="yes"?>{DTD[attack]}'
        f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>第16条 建议{ENTITY[attack]}</w:t></w:r></w:p>'
        "</w:body></w:document>"
    )
    return rezip(comment_docx(paragraphs=["意见"]), {"word/document.xml": xml.encode(encoding)})


def xlsx_with(attack: str) -> bytes:
    """m007's workbook with the DTD in its first sheet and the entity in an inline-string cell."""
    data = good_xlsx()[1]
    sheet = part(data, "xl/worksheets/sheet1.xml").decode("utf-8")
    sheet = re.sub(r"^(<\?xml[^>]*\?>)?", lambda m: (m.group(0) or "") + DTD[attack], sheet, count=1)
    cell = f'<c r="A1" t="inlineStr"><is><t>{ENTITY[attack]}</t></is></c>'
    sheet = re.sub(r"(<row\b[^>]*>)", lambda m: m.group(1) + cell, sheet, count=1)
    return rezip(data, {"xl/worksheets/sheet1.xml": sheet.encode("utf-8")})


ATTACKS = {
    "docx_billion_laughs": ("笑.docx", lambda: docx_with("laughs")),
    "docx_xxe": ("实体.docx", lambda: docx_with("xxe")),
    "docx_xxe_utf16": ("实体16.docx", lambda: docx_with("xxe", "utf-16")),
    "xlsx_billion_laughs": ("笑.xlsx", lambda: xlsx_with("laughs")),
    "xlsx_xxe": ("实体.xlsx", lambda: xlsx_with("xxe")),
}


def assert_no_passwd(bot: Bot) -> None:
    for args in (("export",), ("export", "--table", "messages"), ("export", "--format", "csv")):
        result = bot.cli(*args)
        assert result.exit_code == 0 and "root:" not in result.output


@pytest.mark.parametrize("case", sorted(ATTACKS))
def test_xml_entities_are_refused_before_any_parser_sees_them(bot: Bot, case: str) -> None:
    """GIVEN a .docx or .xlsx whose part declares entities (billion laughs, or XXE naming
    /etc/passwd) WHEN ingested THEN it is refused with a reason naming the DTD, nothing of
    /etc/passwd reaches the store, and the good workbook beside it is read."""
    name, build = ATTACKS[case]
    measured = bot.ingest(reply((name, build())))
    row = bot.attachment("<hostile@wangqing.example>", name)
    assert row["status"] == "error" and "DTD" in row["error"], row
    assert_no_passwd(bot)
    assert measured.peak < 50 * MB
    bot.assert_good_attachment_read()


def test_xxe_in_a_part_with_another_name_is_never_resolved(bot: Bot) -> None:
    """GIVEN a .docx whose main document (DTD and XXE inside) is a part named .bin, which the
    DTD check does not scan WHEN ingested THEN python-docx does not resolve the entity either."""
    data = docx_with("xxe")
    renamed = {
        "word/document.bin": part(data, "word/document.xml"),
        "_rels/.rels": part(data, "_rels/.rels").replace(b"word/document.xml", b"word/document.bin"),
        "[Content_Types].xml": part(data, "[Content_Types].xml").replace(b"/word/document.xml", b"/word/document.bin"),
        "word/document.xml": f'<w:document xmlns:w="{W_NS}"><w:body/></w:document>'.encode(),
    }
    bot.ingest(reply(("改名.docx", rezip(data, renamed))))
    assert bot.attachment("<hostile@wangqing.example>", "改名.docx")["status"] == "read"
    assert_no_passwd(bot)
    bot.assert_good_attachment_read()


def million_row_claims() -> bytes:
    """A tiny comment sheet whose XML claims the whole grid: dimension A1:XFD1048576, one
    range merged down all of column A, one merged to the last cell of the sheet."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in (["序号", "条款", "修改意见", "理由"], [1, "第16条", "建议改为“每半年至少召开一次联席会议”", "便于及时协调"],
                [2, "第18条", "建议明确工会主席配备的具体要求", "增强约束力"]):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    workbook.close()
    data = buffer.getvalue()
    xml = part(data, "xl/worksheets/sheet1.xml").decode("utf-8")
    xml = re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:XFD1048576"/>', xml)
    merges = '<mergeCells count="2"><mergeCell ref="A1:A1048576"/><mergeCell ref="E4:XFD1048576"/></mergeCells>'
    xml = xml.replace("</sheetData>", "</sheetData>" + merges, 1)
    assert 'ref="A1:XFD1048576"' in xml and "A1:A1048576" in xml
    return rezip(data, {"xl/worksheets/sheet1.xml": xml.encode("utf-8")})


def test_a_sheet_claiming_a_million_rows_costs_nothing(bot: Bot) -> None:
    """GIVEN a tiny .xlsx whose dimension and merged ranges claim 1,048,576 rows WHEN ingested
    THEN it is read quickly in little memory and its two comments count."""
    measured = bot.ingest(reply(("百万行.xlsx", million_row_claims())))
    assert measured.seconds < 10 and measured.peak < 50 * MB, measured
    assert bot.attachment("<hostile@wangqing.example>", "百万行.xlsx")["status"] == "read"
    clauses = sorted(c["clause"] for c in bot.unit_comments() if c["source"] == "百万行.xlsx")
    assert clauses == [16, 18]
    bot.assert_good_attachment_read()
