"""parsers.files.attachments: sniff an attachment's type from its bytes and read it to Blocks."""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.files.attachments import read_attachment, sniff
from parsers.placing.draft import parse_draft
from parsers.records import Attachment, AttachmentResult, Draft

from office_builders import (
    OLE_MAGIC,
    PNG_MAGIC,
    corpus_attachment,
    del_xml,
    docx_bytes,
    ins_xml,
    replace_zip_member,
    run_xml,
    set_paragraph_xml,
    xlsx_bytes,
)

ENCRYPTED_OOXML = OLE_MAGIC + b"\x00" * 200 + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 200


@pytest.fixture(scope="module")
def draft_bytes(campaign_dir: Path) -> bytes:
    return (campaign_dir / "draft.docx").read_bytes()


@pytest.fixture(scope="module")
def draft(draft_bytes: bytes) -> Draft:
    return parse_draft(draft_bytes, "draft.docx")


def _read(data: bytes, filename: str, draft: Draft, content_type: str = "application/octet-stream") -> AttachmentResult:
    return read_attachment(Attachment(filename, content_type, data), draft)


def _comment_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("河东街道对征求意见稿的修改意见")
    document.add_paragraph("1、建议第五条增加“技能大师工作室”的内容。")
    table = document.add_table(rows=2, cols=2)
    for col, (head, text) in enumerate((("条款", "第8条"), ("修改意见", "建议增加劳动争议调解员培训"))):
        table.cell(0, col).text, table.cell(1, col).text = head, text
    return docx_bytes(document)


def _comment_xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(["条款", "修改意见"])
    workbook.active.append(["第3条", "建议增加职工书屋建设内容"])
    return xlsx_bytes(workbook)


@pytest.mark.parametrize(
    ("data", "filename", "expected"),
    [
        (_comment_docx(), "x.dat", "docx"),
        (_comment_docx(), "意见", "docx"),
        (_comment_xlsx(), "x.docx", "xlsx"),
        (b"%PDF-1.7\n%\xe2\xe3", "意见.docx", "pdf"),
        (PNG_MAGIC + b"\x00" * 20, "扫描件.docx", "image"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 20, "照片", "image"),
        (b"", "意见.docx", "empty"),
        (OLE_MAGIC + b"\x00" * 64, "旧表.XLS", "xls"),
        (OLE_MAGIC + b"\x00" * 64, "旧文.doc", "doc"),
        (OLE_MAGIC + b"\x00" * 64, "未知", "ole"),
        (OLE_MAGIC + b"\x00" * 64, "改名.docx", "doc"),
        (OLE_MAGIC + b"\x00" * 64, "改名.xlsx", "xls"),
        (ENCRYPTED_OOXML, "加密.docx", "docx"),
        (ENCRYPTED_OOXML, "加密.xlsx", "xlsx"),
        (b"PK\x03\x04" + b"\x00" * 40, "坏.docx", "docx"),
        ("建议修改第三条。".encode(), "意见.TXT", "txt"),
        (b"Rar!\x1a\x07\x00", "意见.rar", "rar"),
        (b"\x00\x01", "", "other"),
    ],
)
def test_sniff_trusts_bytes_not_names(data: bytes, filename: str, expected: str) -> None:
    assert sniff(data, filename) == expected


def test_sniff_plain_zip_is_zip() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("意见.txt", "建议")
    assert sniff(buffer.getvalue(), "意见.docx") == "zip"


def test_unchanged_draft_copy_gives_no_blocks(draft_bytes: bytes, draft: Draft) -> None:
    result = _read(draft_bytes, "关于进一步加强和创新延边工会工作的意见（征求意见稿）.docx", draft)
    assert (result.type, result.status, result.blocks, result.error) == ("docx", "draft_copy", (), "")
    assert "用劳模精神引领职工群众" in result.text


def _returned_draft(draft_bytes: bytes) -> bytes:
    """The campaign draft with one tracked replacement in clause 4 and a comment on clause 9."""
    document = docx.Document(io.BytesIO(draft_bytes))
    clause4 = next(p for p in document.paragraphs if p.text.startswith("4、"))
    text = clause4.text
    cut = text.index("探索推广建立劳模工作室")
    set_paragraph_xml(
        clause4,
        run_xml(text[:cut]) + del_xml("探索推广建立劳模工作室") + ins_xml("广泛开展劳模创新工作室创建活动")
        + run_xml(text[cut + len("探索推广建立劳模工作室"):]),
    )
    clause9 = next(p for p in document.paragraphs if p.text.startswith("9、"))
    document.add_comment(clause9.runs[0], text="建议写明民主管理的具体形式", author="河东街道")
    return docx_bytes(document)


def test_returned_draft_gives_its_tracked_changes(draft_bytes: bytes, draft: Draft) -> None:
    """GIVEN the draft sent back with a tracked change and a margin comment
    WHEN it is read THEN only the change and the comment come out, each on its clause."""
    result = _read(_returned_draft(draft_bytes), "意见稿（河东修改）.docx", draft)
    assert (result.type, result.status) == ("docx", "read")
    assert [(b.kind, b.text, b.anchor) for b in result.blocks] == [
        ("replacement", "将“探索推广建立劳模工作室”修改为“广泛开展劳模创新工作室创建活动”", 4),
        ("margin_comment", "建议写明民主管理的具体形式", 9),
    ]
    assert result.blocks[0].origin.startswith("附件“意见稿（河东修改）.docx”修订")
    assert result.blocks[1].quote == "9、维护和实现好职工的民主政治权益。"


def test_comment_document_gives_paragraphs_and_table_rows(draft: Draft) -> None:
    result = _read(_comment_docx(), "意见.dat", draft)
    assert (result.type, result.status) == ("docx", "read")
    assert [(b.kind, b.text, b.ref) for b in result.blocks] == [
        ("paragraph", "建议第五条增加“技能大师工作室”的内容。", ""),
        ("table_row", "建议增加劳动争议调解员培训", "第8条"),
    ]


def test_workbook_named_docx_is_read_as_a_workbook(draft: Draft) -> None:
    result = _read(_comment_xlsx(), "意见.docx", draft)
    assert (result.type, result.status) == ("xlsx", "read")
    assert [(b.kind, b.ref, b.text) for b in result.blocks] == [("sheet_row", "第3条", "建议增加职工书屋建设内容")]


def test_corpus_xls_is_read(corpus_dir: Path, draft: Draft) -> None:
    filename, data = corpus_attachment(corpus_dir / "m014.eml")
    result = _read(data, filename, draft, "application/vnd.ms-excel")
    assert (result.type, result.status, len(result.blocks)) == ("xls", "read", 6)


def test_legacy_xls_named_xlsx_is_read_as_xls(corpus_dir: Path, draft: Draft) -> None:
    """Fixed: an OLE file named .xlsx was "unsupported (ole)"; without an EncryptionInfo
    stream it is a renamed .xls."""
    _, data = corpus_attachment(corpus_dir / "m014.eml")
    result = _read(data, "意见.xlsx", draft)
    assert (result.type, result.status, len(result.blocks)) == ("xls", "read", 6)


@pytest.mark.parametrize("filename", ["加密.docx", "加密.xlsx"])
def test_password_protected_office_file_is_an_encrypted_error(filename: str, draft: Draft) -> None:
    """Fixed: sniff called these "ole", so the EncryptedFile check was never reached."""
    result = _read(ENCRYPTED_OOXML, filename, draft)
    assert result.status == "error"
    assert result.error.startswith("encrypted: ") and "加密文件" in result.error


@pytest.mark.parametrize("damage", ["truncated", "broken_xml", "no_body"])
def test_corrupt_docx_is_an_error_not_an_exception(damage: str, draft: Draft) -> None:
    good = _comment_docx()
    data = {
        "truncated": good[: len(good) // 3],
        "broken_xml": replace_zip_member(good, "word/document.xml", b"<w:document"),
        "no_body": replace_zip_member(good, "word/document.xml", b"<a/>"),
    }[damage]
    result = _read(data, "坏.docx", draft)
    assert (result.status, result.blocks) == ("error", ())
    assert result.error.startswith("corrupt: 坏.docx: not a readable Word file")
    assert "\n" not in result.error


def test_corrupt_xlsx_part_is_an_error(draft: Draft) -> None:
    data = replace_zip_member(_comment_xlsx(), "xl/workbook.xml", b"<broken")
    result = _read(data, "坏.xlsx", draft)
    assert result.status == "error" and result.error.startswith("corrupt: 坏.xlsx")


@pytest.mark.parametrize(
    ("data", "filename", "kind"),
    [
        (b"Rar!\x1a\x07\x00", "意见.rar", "rar"),
        (OLE_MAGIC + b"\x00" * 64, "旧文.doc", "doc"),
        (b"\x00\x01\x02", "", "other"),
    ],
)
def test_unknown_type_is_an_unsupported_error(data: bytes, filename: str, kind: str, draft: Draft) -> None:
    result = _read(data, filename, draft)
    assert (result.type, result.status, result.blocks) == (kind, "error", ())
    assert result.error.startswith("unsupported: ")
    assert "请人工查看" in result.error


def test_nameless_attachment_gets_a_placeholder_name(draft: Draft) -> None:
    assert _read(b"\x00\x01", "", draft).filename == "(无文件名)"


@pytest.mark.parametrize(
    ("data", "content_type"),
    [(b"", "application/pdf"), (b"\x00\x01", "image/gif")],
)
def test_images_and_empty_files_are_skipped(data: bytes, content_type: str, draft: Draft) -> None:
    result = _read(data, "扫描件.dat", draft, content_type)
    assert (result.status, result.blocks) == ("skipped", ())


@pytest.mark.parametrize(("data", "filename"), [(b"%PDF-1.4\n", "意见.pdf"), (PNG_MAGIC + b"\x00" * 30, "扫描件.dat")])
def test_a_damaged_pdf_or_picture_is_a_corrupt_file(data: bytes, filename: str, draft: Draft) -> None:
    result = _read(data, filename, draft)
    assert (result.status, result.blocks) == ("error", ())
    assert result.error.startswith(f"corrupt: {filename}: not a readable")


def test_text_attachment_gives_comment_paragraphs(draft: Draft) -> None:
    data = "修改意见如下：\n1、建议第三条增加创新工作室的内容。\n河东街道".encode("gb18030")
    result = _read(data, "意见.txt", draft)
    assert (result.type, result.status) == ("txt", "read")
    assert [b.text for b in result.blocks] == ["建议第三条增加创新工作室的内容。"]


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(["", "PK\x03\x04", OLE_MAGIC.decode("latin-1"), "%PDF-"]).map(lambda s: s.encode("latin-1")),
    st.binary(max_size=2048),
    st.sampled_from(["x.docx", "x.xlsx", "x.xls"]),
)
def test_random_bytes_never_raise(prefix: bytes, data: bytes, filename: str) -> None:
    result = read_attachment(Attachment(filename, "application/octet-stream", prefix + data), Draft("", ()))
    assert isinstance(result, AttachmentResult)
    assert result.status in ("error", "skipped", "read")


GOOD_FILES = {"x.docx": _comment_docx(), "x.xlsx": _comment_xlsx()}


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(sorted(GOOD_FILES)), st.randoms(use_true_random=False), st.integers(1, 8))
def test_damaged_office_files_never_raise(filename: str, rng: random.Random, flips: int) -> None:
    """Byte flips in a real .docx/.xlsx give a result (fixed: zipfile's NotImplementedError
    on a damaged directory escaped sniff)."""
    data = bytearray(GOOD_FILES[filename])
    for _ in range(flips):
        data[rng.randrange(len(data))] = rng.randrange(256)
    result = read_attachment(Attachment(filename, "", bytes(data)), Draft("", ()))
    assert isinstance(result, AttachmentResult)


@pytest.mark.parametrize("seed", range(3))
def test_random_bytes_with_office_names_are_errors(seed: int, draft: Draft) -> None:
    data = random.Random(seed).randbytes(1000)
    for filename in ("x.docx", "x.xlsx", "x.xls"):
        result = _read(data, filename, draft)
        assert result.status == "error" and result.error.startswith("corrupt: x.")


def test_a_file_embedded_in_a_pdf_is_read_as_an_attachment_of_its_own(draft: Draft) -> None:
    """A cover letter as a PDF with the comment table embedded in it (Acrobat's attachments
    pane): the embedded .docx is read too, named under the PDF."""
    import pypdfium2

    from parsers.files.attachments import read_attachments

    document = pypdfium2.PdfDocument.new()
    document.new_page(595, 842)
    document.new_attachment("修改意见表.docx").set_data(_comment_docx())
    buffer = io.BytesIO()
    document.save(buffer)
    results = read_attachments(Attachment("函.pdf", "application/pdf", buffer.getvalue()), draft)
    assert [r.filename for r in results][1:] == ["函.pdf/修改意见表.docx"]
    assert results[1].status == "read" and results[1].blocks


def test_a_margin_comment_saying_whose_a_change_is_is_its_remark(draft_bytes: bytes, draft: Draft) -> None:
    """A note beside a tracked change that says where it comes from ("此条为…意见，已经…讨论。") or
    asks the unit's own leader ("请领导定夺。") is the change's remark, not a comment; a note
    that asks for a change, or finds fault, stays one."""
    document = docx.Document(io.BytesIO(_returned_draft(draft_bytes)))
    clause4 = next(p for p in document.paragraphs if p.text.startswith("4、"))
    for note in ("此条为校党委办公室意见，已经校工会常委会讨论。", "请领导定夺。", "经研究，建议删除此条。", "此处句号应为逗号"):
        document.add_comment(clause4.runs[0], text=note, author="王芳")
    result = _read(docx_bytes(document), "意见稿（修改）.docx", draft)
    assert [(b.kind, b.text) for b in result.blocks if b.anchor == 4] == [
        ("replacement", "将“探索推广建立劳模工作室”修改为“广泛开展劳模创新工作室创建活动”"),
        ("margin_comment", "经研究，建议删除此条。"), ("margin_comment", "此处句号应为逗号")]
    assert result.blocks[0].reason == "批注：此条为校党委办公室意见，已经校工会常委会讨论。；批注：请领导定夺。"
    assert "请领导定夺。" in result.text  # kept as read


WORD_WEB_PAGE = (
    '<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta http-equiv=Content-Type '
    'content="text/html; charset=gb2312"><meta name=Generator content="Microsoft Word 14 (filtered)"></head>'
    "<body lang=ZH-CN><div class=WordSection1><p class=MsoNormal><span>珲春市总工会修改意见</span></p>"
    "<p class=MsoNormal><span>一、第九条：建议增加在合资企业中推行厂务公开双语公示。</span></p>"
    "<table><tr><td>条款</td><td>修改意见</td></tr><tr><td>第十七条</td><td>建议口岸新设企业建会与开业同步。</td></tr></table>"
    "</div></body></html>"
)


@pytest.mark.parametrize("name", ["修改意见.htm", "修改意见.html", "ATT00001"])
def test_a_web_page_saved_from_word_is_read_by_its_own_charset(name: str, draft: Draft) -> None:
    """Word's 网页 (.htm), in GB2312 as its <meta> says, by any name: its paragraphs and its table
    rows, by the table's header. Under an .xls name (a web system's "Excel" export) it is a sheet."""
    sheet = _read(WORD_WEB_PAGE.encode("gb2312"), "修改意见.xls", draft)
    assert sheet.type == "xls" and [b.text for b in sheet.blocks][-1] == "建议口岸新设企业建会与开业同步。"
    result = _read(WORD_WEB_PAGE.encode("gb2312"), name, draft, "text/html")
    assert (result.type, result.status) == ("html", "read")
    assert [(b.kind, b.ref, b.text) for b in result.blocks] == [
        ("paragraph", "", "第九条：建议增加在合资企业中推行厂务公开双语公示。"),
        ("table_row", "第十七条", "建议口岸新设企业建会与开业同步。")]


def test_a_single_file_web_page_is_read_from_its_html_part(draft: Draft) -> None:
    """.mht: MIME around the page (Word's 单个文件网页), its part in quoted-printable GB2312."""
    from email.message import EmailMessage

    page = EmailMessage()
    page["MIME-Version"] = "1.0"
    page.set_content(WORD_WEB_PAGE.encode("gb2312"), maintype="text", subtype="html", cte="quoted-printable")
    page.replace_header("Content-Type", 'text/html; charset="gb2312"')
    outer = EmailMessage()
    outer.make_mixed()
    outer.replace_header("Content-Type", 'multipart/related; type="text/html"')
    outer.attach(page)
    result = _read(outer.as_bytes(), "修改意见.mht", draft)
    assert (result.type, result.status) == ("mht", "read")
    assert [b.ref for b in result.blocks] == ["", "第十七条"] and "双语公示" in result.text


def test_a_change_and_a_note_writing_the_same_change_out_are_one_comment(draft_bytes: bytes, draft: Draft) -> None:
    """A reviewer replaces words with tracking and notes beside them "建议把“A”改为“B”，…": the
    note (it says why) is the one comment."""
    document = docx.Document(io.BytesIO(_returned_draft(draft_bytes)))
    clause4 = next(p for p in document.paragraphs if p.text.startswith("4、"))
    note = "建议把“探索推广建立劳模工作室”改为“广泛开展劳模创新工作室创建活动”，更符合我州实际。"
    document.add_comment(clause4.runs[0], text=note, author="王芳")
    result = _read(docx_bytes(document), "意见稿（修改）.docx", draft)
    assert [(b.kind, b.text) for b in result.blocks if b.anchor == 4] == [("margin_comment", note)]
