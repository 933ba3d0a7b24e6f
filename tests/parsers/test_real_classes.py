"""Every word of real Office files (issue #16): one made file for each way real files lost text.

bench/real_files.py reads 1,256 Office files from other projects' test suites against an
independent reading of their XML; each class of loss it found is made here in a small file
(python-docx, openpyxl, or a little raw XML for what they cannot write), and read.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from types import SimpleNamespace

import docx
import openpyxl

from office_builders import docx_bytes, small_draft, xlsx_bytes
from test_wordml import p, r, raw_docx
from xlsx_builders import edit_package

from parsers.files.attachments import read_attachments
from parsers.files.docx import read_docx
from parsers.files.ooxml import mended_package, with_styles_where_openpyxl_looks
from parsers.records import Attachment
from parsers.files.wordml import pieces
from parsers.files.xlsx import _xls_date, date_text, read_workbook, xlsx_sheets

RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _read(data: bytes, name: str = "意见.docx") -> str:
    results = read_attachments(Attachment(name, "application/octet-stream", data), small_draft())
    return "\n".join([x.text for x in results] + [b.text for x in results for b in x.blocks])


def _with_relationship(data: bytes, rel: str, parts: dict[str, bytes] | None = None, types: str = "") -> bytes:
    """The .docx with one more relationship of document.xml (and parts, content types)."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        rels = source.read("word/_rels/document.xml.rels").replace(b"</Relationships>", rel.encode() + b"</Relationships>")
        content_types = source.read("[Content_Types].xml").replace(b"</Types>", types.encode() + b"</Types>")
    return edit_package(data, {"word/_rels/document.xml.rels": rels, "[Content_Types].xml": content_types, **(parts or {})})


# Word ---------------------------------------------------------------------------------------


def test_a_character_deleted_inside_an_equation_is_gone_and_kept_as_a_deletion() -> None:
    """Word tracks a change in an equation inside the math run (m:r > w:del > m:t)."""
    math = ('<m:oMath><m:r><m:t>A=</m:t></m:r><m:r><w:del w:id="1" w:author="李明"><m:t>2</m:t></w:del></m:r>'
            '<m:r><m:t>πr</m:t></m:r><m:r><w:ins w:id="2" w:author="李明"><m:t>²</m:t></w:ins></m:r></m:oMath>')
    data = raw_docx(p(r("圆面积："), math))
    assert [t for t, _ in read_docx(data, "意见.docx").paragraphs] == ["圆面积：A=πr²"]
    paragraph = docx.Document(io.BytesIO(data)).element.body[0]
    assert [(x.kind, x.text) for x in pieces(paragraph)] == [("keep", "圆面积：A="), ("del", "2"), ("keep", "πr"), ("ins", "²")]


def test_a_table_in_a_margin_comment_is_read() -> None:
    """python-docx's Comment.text reads a comment's paragraphs only."""
    document = docx.Document()
    paragraph = document.add_paragraph("第三条 志愿者应当年满十六周岁。")
    comment = document.add_comment(paragraph.runs, text="建议如下表：", author="王芳")
    table = comment.add_table(2, 2, docx.shared.Cm(8))
    for cell, text in zip((c for row in table.rows for c in row.cells), ("条款", "意见", "第三条", "改为十四周岁")):
        cell.text = text
    text = _read(docx_bytes(document))
    assert "建议如下表：" in text and "条款 | 意见" in text and "第三条 | 改为十四周岁" in text


def test_a_picture_missing_from_the_package_costs_only_the_picture() -> None:
    """A relationship to a part the writer left out of the zip: Word opens the file without it."""
    data = _with_relationship(raw_docx(p(r("建议第三条增加具体标准。"))),
                              f'<Relationship Id="rPic" Type="{RELS}/image" Target="media/image1.png"/>')
    assert "建议第三条增加具体标准。" in _read(data)
    assert mended_package(raw_docx(p(r("无需修补")))) == raw_docx(p(r("无需修补")))


def test_an_embedded_document_chunk_declared_xml_does_not_make_the_file_corrupt() -> None:
    """w:altChunk's part is a whole .docx; its extension mapped to the main document's XML type."""
    chunk = raw_docx(p(r("嵌入的文件")))
    main = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    data = _with_relationship(
        raw_docx(p(r("建议第三条增加具体标准。")) + '<w:altChunk r:id="rChunk"/>'),
        f'<Relationship Id="rChunk" Type="{RELS}/aFChunk" Target="/word/afchunk.dat"/>',
        {"word/afchunk.dat": chunk}, f'<Default Extension="dat" ContentType="{main}"/>')
    assert "建议第三条增加具体标准。" in _read(data)


def test_a_damaged_comments_part_is_read_as_word_repairs_it() -> None:
    """GIVEN a returned draft whose comments.xml declares a namespace twice (malformed XML: the
    writer's bug) WHEN read THEN the tracked changes and the margin comments are all read, as
    Word's repair shows them, not the whole file refused as corrupt."""
    document = docx.Document()
    paragraph = document.add_paragraph("第三条 建议增加运营补贴。")
    document.add_comment(paragraph.runs, text="建议写明补贴的发放时间。", author="李红")
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as package:
        comments = package.read("word/comments.xml").decode()
    twice = comments.replace("<w:comments ", '<w:comments xmlns:w14="urn:a" xmlns:w14="urn:b" ', 1).encode()
    text = _read(edit_package(buffer.getvalue(), {"word/comments.xml": twice}))
    assert "建议增加运营补贴" in text and "建议写明补贴的发放时间。" in text


# Excel --------------------------------------------------------------------------------------


def test_durations_read_as_excel_shows_them() -> None:
    """[h]:mm:ss is elapsed time: 255:10:10, not Python's "10 days, 15:10:10"."""
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = datetime.timedelta(days=10, hours=15, minutes=10, seconds=10)
    workbook.active["A1"].number_format = "[h]:mm:ss"
    [sheet] = xlsx_sheets(xlsx_bytes(workbook), "d.xlsx")
    assert sheet.grid == [["255:10:10"]]
    assert date_text(datetime.timedelta(hours=-1, minutes=-30)) == "-1:30:00"


def test_xls_durations_and_dates_before_march_1900() -> None:
    """xlrd refuses serials before 61 as ambiguous; Excel shows them as dates (or durations)."""
    book = SimpleNamespace(datemode=0)
    assert _xls_date(book, 10 + (15 * 3600 + 10 * 60 + 10) / 86400, "[h]:mm:ss") == "255:10:10"
    assert _xls_date(book, 10.5, "yyyy-mm-dd hh:mm") == "1900-01-10 12:00"
    assert _xls_date(book, 43831.0, "yyyy-mm-dd") == "2020-01-01"
    assert _xls_date(book, 0.25, "hh:mm") == "06:00"
    assert _xls_date(SimpleNamespace(datemode=1), 0.0, "yyyy-mm-dd") == "00:00"


def test_a_workbook_kept_at_the_package_root_keeps_its_date_formats() -> None:
    """openpyxl reads styles from xl/styles.xml only; a workbook kept elsewhere lost its dates."""
    workbook = openpyxl.Workbook()
    workbook.active.append(["日期", datetime.date(2024, 5, 6)])
    data = xlsx_bytes(workbook)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            content = source.read(name).replace(b"/xl/", b"/").replace(b'Target="xl/', b'Target="')
            target.writestr(name.removeprefix("xl/"), content)
    moved = out.getvalue()
    assert "xl/styles.xml" not in zipfile.ZipFile(io.BytesIO(moved)).namelist()
    assert read_workbook(moved, "d.xlsx", "xlsx").text == "日期 | 2024-05-06"
    assert with_styles_where_openpyxl_looks(data) is data


def test_a_web_page_or_text_saved_under_an_xls_name_is_read_as_a_sheet() -> None:
    """Systems export tables as HTML (or tab-separated text) named .xls; Excel opens them."""
    page = ('<html><head><meta charset="gb2312"></head><body><table>'
            "<tr><td>序号</td><td>条款</td><td>修改意见</td><td>理由</td></tr>"
            "<tr><td>1</td><td>第三条</td><td>建议改为十四周岁</td><td>与实践衔接</td></tr>"
            "</table></body></html>").encode("gb18030")
    result = read_attachments(Attachment("意见.xls", "application/vnd.ms-excel", page), small_draft())[0]
    assert result.status == "read" and [(b.ref, b.text) for b in result.blocks] == [("第三条", "建议改为十四周岁")]
    text = "序号\t条款\t修改意见\n1\t第三条\t建议删去此款\n".encode()
    result = read_attachments(Attachment("意见.xls", "application/vnd.ms-excel", text), small_draft())[0]
    assert [(b.ref, b.text) for b in result.blocks] == [("第三条", "建议删去此款")]
    binary = b"\x01\x02garbage\x00\xff" * 10
    assert read_attachments(Attachment("坏.xls", "", binary), small_draft())[0].status == "error"


def test_the_words_of_a_smartart_diagram_are_read_after_its_paragraph() -> None:
    """SmartArt keeps its words in a data part of its own (dgm:dataModel), not in any w:t."""
    dgm, a = "http://schemas.openxmlformats.org/drawingml/2006/diagram", "http://schemas.openxmlformats.org/drawingml/2006/main"

    def point(text: str, kind: str = "") -> str:
        return (f'<dgm:pt modelId="{{{text}}}"{f" type={chr(34)}{kind}{chr(34)}" if kind else ""}><dgm:t><a:bodyPr/>'
                f"<a:p><a:r><a:t>{text}</a:t></a:r></a:p></dgm:t></dgm:pt>")

    model = (f'<dgm:dataModel xmlns:dgm="{dgm}" xmlns:a="{a}"><dgm:ptLst>{point("", "doc")}{point("宣传发动")}'
             f'{point("x", "parTrans")}{point("组织实施")}</dgm:ptLst></dgm:dataModel>').encode()
    drawing = (f'<w:r><w:drawing><a:graphic xmlns:a="{a}"><a:graphicData><dgm:relIds xmlns:dgm="{dgm}" '
               'r:dm="rDm" r:lo="" r:qs="" r:cs=""/></a:graphicData></a:graphic></w:drawing></w:r>')
    data = _with_relationship(
        raw_docx(p(r("工作流程如下：")) + p(drawing) + p(r("以上。"))),
        f'<Relationship Id="rDm" Type="{RELS}/diagramData" Target="diagrams/data1.xml"/>', {"word/diagrams/data1.xml": model},
        '<Override PartName="/word/diagrams/data1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.drawingml.diagramData+xml"/>')
    assert [t for t, _ in read_docx(data, "意见.docx").paragraphs] == ["工作流程如下：", "宣传发动", "组织实施", "以上。"]
