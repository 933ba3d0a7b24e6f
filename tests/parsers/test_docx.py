"""parsers.files.docx: a Word file to paragraphs (list items marked) and table Blocks."""

from __future__ import annotations

import io
import os
import zipfile

import docx
import openpyxl
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from parsers.files.docx import open_docx, read_docx
from parsers.errors import CorruptFile, EncryptedFile

from office_builders import OLE_MAGIC, W_NS, docx_bytes, replace_zip_member, xlsx_bytes


def _number(paragraph: Paragraph) -> None:
    """Give a paragraph Word auto-numbering (w:numPr) without a list style."""
    num_pr = OxmlElement("w:numPr")
    for tag, value in (("w:ilvl", "0"), ("w:numId", "1")):
        child = OxmlElement(tag)
        child.set(qn("w:val"), value)
        num_pr.append(child)
    paragraph._p.get_or_add_pPr().append(num_pr)


@pytest.fixture(scope="module")
def reply_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("河东街道对《社区志愿服务管理办法》的修改意见")
    document.add_paragraph("")
    document.add_paragraph("   ")
    document.add_paragraph("建议第三条增加“身体健康”的具体标准。", style="List Number")
    _number(document.add_paragraph("建议第四条明确经费来源。"))
    document.add_paragraph("  河东街道办事处  ")
    return docx_bytes(document)


def test_paragraphs_in_order_without_blank_ones(reply_docx: bytes) -> None:
    content = read_docx(reply_docx, "意见.docx")
    assert [text for text, _ in content.paragraphs] == [
        "河东街道对《社区志愿服务管理办法》的修改意见",
        "1. 建议第三条增加“身体健康”的具体标准。",  # Word draws the "1." (numbering.xml): written out
        "建议第四条明确经费来源。",  # a bullet list: no number
        "河东街道办事处",
    ]


def test_word_auto_numbered_paragraphs_are_list_items(reply_docx: bytes) -> None:
    content = read_docx(reply_docx, "意见.docx")
    assert [is_list for _, is_list in content.paragraphs] == [False, True, True, False]


def test_list_bullet_style_is_a_list_item() -> None:
    document = docx.Document()
    document.add_paragraph("建议删除第二条第二句。", style="List Bullet")
    assert read_docx(docx_bytes(document), "x.docx").paragraphs == (("建议删除第二条第二句。", True),)


def _comment_table_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("修改意见如下：")
    table = document.add_table(rows=6, cols=3)
    title = table.cell(0, 0).merge(table.cell(0, 2))
    title.text = "河东街道修改意见表"
    for col, word in enumerate(["位置", "修改意见", "说明"]):
        table.cell(1, col).text = word
    position = table.cell(2, 0).merge(table.cell(4, 0))
    position.text = "第九条"
    for row, text in zip((2, 3, 4), ("建议甲", "建议乙", "建议丙")):
        table.cell(row, 1).text = text
    table.cell(2, 2).text = "理由甲"
    table.cell(5, 0).text = "第十条"
    return docx_bytes(document)


def test_table_with_merged_cells_gives_each_row_its_ref() -> None:
    content = read_docx(_comment_table_docx(), "意见表.docx")
    assert [(b.kind, b.ref, b.text, b.reason, b.origin) for b in content.table_blocks] == [
        ("table_row", "第九条", "建议甲", "理由甲", "表格1第3行"),
        ("table_row", "第九条", "建议乙", "", "表格1第4行"),
        ("table_row", "第九条", "建议丙", "", "表格1第5行"),
    ]


def test_table_text_and_paragraphs_make_the_text() -> None:
    content = read_docx(_comment_table_docx(), "意见表.docx")
    assert content.paragraphs == (("修改意见如下：", False),)
    assert "位置 | 修改意见 | 说明" in content.table_text
    assert "第九条 | 建议乙 | " in content.table_text
    assert content.text.startswith("修改意见如下：\n")
    assert content.text.endswith(content.table_text)


def test_second_table_is_numbered_two() -> None:
    document = docx.Document()
    for rows in ([["日期", "值班人员"], ["10月1日", "张三"]], [["条款", "修改意见"], ["第2条", "建议丁"]]):
        table = document.add_table(rows=2, cols=2)
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                table.cell(r, c).text = text
    [block] = read_docx(docx_bytes(document), "x.docx").table_blocks
    assert (block.origin, block.ref, block.text) == ("表格2第2行", "第2条", "建议丁")


def _truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]


@pytest.mark.parametrize("damage", ["random", "truncated", "empty", "no_document", "broken_xml", "not_a_document"])
def test_damaged_docx_raises_corrupt_file(reply_docx: bytes, damage: str) -> None:
    data = {
        "random": os.urandom(2048),
        "truncated": _truncated(reply_docx),
        "empty": b"",
        "no_document": _zip_with({"hello.txt": b"hi"}),
        "broken_xml": replace_zip_member(reply_docx, "word/document.xml", b"<w:document"),
        "not_a_document": replace_zip_member(reply_docx, "word/document.xml", b"<a/>"),
    }[damage]
    with pytest.raises(CorruptFile, match="意见.docx: not a readable Word file"):
        read_docx(data, "意见.docx")


def test_document_part_without_body_raises_corrupt_file(reply_docx: bytes) -> None:
    """Fixed: a w:document with no w:body used to escape as AttributeError."""
    empty = f'<w:document xmlns:w="{W_NS}"/>'.encode()
    with pytest.raises(CorruptFile, match="no body"):
        read_docx(replace_zip_member(reply_docx, "word/document.xml", empty), "x.docx")


def test_workbook_is_not_a_word_file() -> None:
    workbook = openpyxl.Workbook()
    with pytest.raises(CorruptFile):
        open_docx(xlsx_bytes(workbook), "表.docx")


def test_ole_file_raises_encrypted_file() -> None:
    with pytest.raises(EncryptedFile, match="加密文件"):
        read_docx(OLE_MAGIC + os.urandom(1024), "加密.docx")


def _zip_with(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def test_a_table_under_a_section_heading_takes_it_as_its_rows_place() -> None:
    """GIVEN one small table per section, each under a paragraph restating the section's heading,
    and a row whose 条目 is 本部分 WHEN read and mapped THEN that row is the section's comment."""
    from pathlib import Path

    from parsers.files.docx import read_docx
    from parsers.placing.draft import parse_draft
    from parsers.placing.mapping import resolve

    document = docx.Document()
    document.add_paragraph("按征求意见稿各部分分列如下：")
    document.add_paragraph("三、建立稳定协调的劳动关系")
    table = document.add_table(rows=2, cols=3)
    for cell, value in zip(table.rows[0].cells, ["序号", "条目", "修改意见"]):
        cell.text = value
    for cell, value in zip(table.rows[1].cells, ["1", "本部分", "本部分各条的标题句式不一，建议统一为动宾结构"]):
        cell.text = value
    out = io.BytesIO()
    document.save(out)
    draft = parse_draft((Path(__file__).resolve().parent.parent / "fixtures" / "campaign" / "draft.docx").read_bytes())
    (block,) = read_docx(out.getvalue(), "r.docx").table_blocks
    assert block.context == "三、建立稳定协调的劳动关系"
    (target,) = resolve(block, draft)
    assert (target.scope, target.section) == ("section", 3)


def test_an_inner_row_on_the_whole_of_its_hosts_part_is_on_that_part() -> None:
    """部分 | 意见 over "第五部分 | [条目 | 修改意见 / 整体 | 本部分各条…]": the inner row's 整体 is
    the part the outer row names, not the whole text; a clause of the inner table is read within that part (16 is past its count: clause 16)."""
    document = docx.Document()
    outer = document.add_table(rows=2, cols=2)
    outer.cell(0, 0).text, outer.cell(0, 1).text = "部分", "意见"
    outer.cell(1, 0).text = "第五部分"
    inner = outer.cell(1, 1).add_table(rows=3, cols=2)
    for r, (ref, text) in enumerate([("条目", "修改意见"), ("整体", "本部分各条多为号召性表述，建议增加考核措施"),
                                     ("第16条", "建议写明经费返还时限")]):
        inner.cell(r, 0).text, inner.cell(r, 1).text = ref, text
    content = read_docx(docx_bytes(document), "意见.docx")
    assert [(b.ref, b.text[:6]) for b in content.table_blocks] == [("第五部分", "本部分各条多"), ("第五部分第16条", "建议写明经费")]


def test_a_prompt_left_in_a_footers_content_control_is_still_listed() -> None:
    """A template's footer control still showing "[Select Date]": not the unit's words, still among
    the placeholders `mailbot read` prints."""
    document = docx.Document()
    document.add_paragraph("建议第三条增加身体健康的具体标准。")
    footer = document.sections[0].footer.paragraphs[0]
    sdt = OxmlElement("w:sdt")
    sdt.append(OxmlElement("w:sdtPr"))
    sdt[0].append(OxmlElement("w:showingPlcHdr"))
    content = OxmlElement("w:sdtContent")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "[Select Date]"
    run.append(text)
    content.append(run)
    sdt.append(content)
    footer._p.append(sdt)
    assert "[Select Date]" in read_docx(docx_bytes(document), "意见.docx").placeholders


def test_an_inner_tables_clause_counts_within_its_hosts_part() -> None:
    """"三、… | [第2条 | 建议…]": the 2nd of part 三, as 第三部分第2条 is read."""
    document = docx.Document()
    outer = document.add_table(rows=2, cols=2)
    outer.cell(0, 0).text, outer.cell(0, 1).text = "部分", "意见"
    outer.cell(1, 0).text = "三、建立稳定协调的劳动关系"
    inner = outer.cell(1, 1).add_table(rows=2, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "条目", "修改意见"
    inner.cell(1, 0).text, inner.cell(1, 1).text = "第2条", "建议增加项目部调解小组"
    assert [b.ref for b in read_docx(docx_bytes(document), "意见.docx").table_blocks] == ["第三部分第2条"]


def test_an_inner_tables_item_labels_over_topics_keep_the_hosts_clause() -> None:
    """"第13条 | 分两点： | [（1）12351热线 | 建议… / （2）帮扶资金 | 建议…]": the labels number the
    host's points (and name their topic), they are no clauses 1 and 2."""
    document = docx.Document()
    outer = document.add_table(rows=2, cols=3)
    for c, value in enumerate(["条目", "修改意见", "理由"]):
        outer.cell(0, c).text = value
    outer.cell(1, 0).text, outer.cell(1, 2).text = "第13条", "便于职工知晓"
    outer.cell(1, 1).text = "分两点："
    inner = outer.cell(1, 1).add_table(rows=2, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "（1）12351热线", "热线服务时间建议在文中注明。"
    inner.cell(1, 0).text, inner.cell(1, 1).text = "（2）帮扶资金", "建议明确帮扶资金列入预算。"
    refs = [b.ref for b in read_docx(docx_bytes(document), "意见.docx").table_blocks if "建议" in b.text and b.text != "分两点："]
    assert refs[-2:] == ["第13条", "第13条"]
