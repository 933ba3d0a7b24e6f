"""Builders for the Word and Excel inputs of the parser tests (imported explicitly).

Every file is made in code with made-up text; only the campaign draft and the
corpus mails come from tests/fixtures.
"""

from __future__ import annotations

import email
import io
import zipfile
from email import policy
from pathlib import Path

import docx
import openpyxl
from docx.document import Document
from docx.text.paragraph import Paragraph
from lxml import etree

from parsers.placing.draft import parse_draft_lines
from parsers.records import Draft

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

#: A small "1、"-style draft: two sections, four clauses.
NUMBERED_DRAFT = """社区志愿服务管理办法
（征求意见稿）
一、总体要求
1、为规范社区志愿服务活动，促进志愿服务事业健康发展，制定本办法。
2、街道办事处负责本辖区志愿服务的统筹协调和监督管理工作。
二、保障措施
3、志愿者应当年满十六周岁，身体健康，自愿参加志愿服务。
4、区财政每年安排志愿服务专项经费，用于志愿者培训和表彰。"""

#: The same draft in the "第一条" style with 第一章/第二章 sections.
ARTICLE_DRAFT = """社区志愿服务管理办法
第一章 总则
第一条 为规范社区志愿服务活动，促进志愿服务事业健康发展，制定本办法。
第二条 街道办事处负责本辖区志愿服务的统筹协调和监督管理工作。
第二章 保障
第三条 志愿者应当年满十六周岁，身体健康，自愿参加志愿服务。"""


def small_draft(text: str = NUMBERED_DRAFT) -> Draft:
    return parse_draft_lines(text.splitlines())


def docx_of(*paragraphs: str) -> bytes:
    """A .docx of plain paragraphs."""
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    return docx_bytes(document)


def docx_bytes(document: Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def reload(document: Document) -> Document:
    """Save and open again, as a reply's attachment would arrive."""
    return docx.Document(io.BytesIO(docx_bytes(document)))


def xlsx_bytes(workbook: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    workbook.close()
    return buffer.getvalue()


def run_xml(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def ins_xml(*texts: str, author: str = "李明", change_id: int = 1) -> str:
    runs = "".join(run_xml(t) for t in texts)
    return f'<w:ins w:id="{change_id}" w:author="{author}" w:date="2024-05-06T09:00:00Z">{runs}</w:ins>'


def del_xml(text: str, author: str = "李明", change_id: int = 2) -> str:
    run = f'<w:r><w:delText xml:space="preserve">{text}</w:delText></w:r>'
    return f'<w:del w:id="{change_id}" w:author="{author}" w:date="2024-05-06T09:00:00Z">{run}</w:del>'


def set_paragraph_xml(paragraph: Paragraph, inner: str) -> None:
    """Replace the paragraph's children by `inner` (runs, w:ins, w:del), keeping its w:p."""
    p = paragraph._p
    for child in list(p):
        p.remove(child)
    for child in etree.fromstring(f'<w:p xmlns:w="{W_NS}">{inner}</w:p>'):
        p.append(child)


def tracked_docx(paragraph_xml: list[str]) -> bytes:
    document = docx.Document()
    for inner in paragraph_xml:
        set_paragraph_xml(document.add_paragraph(), inner)
    return docx_bytes(document)


def replace_zip_member(data: bytes, name: str, content: bytes) -> bytes:
    """The same package with one part's bytes replaced."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for member in source.namelist():
            target.writestr(member, content if member == name else source.read(member))
    return out.getvalue()


def corpus_attachment(path: Path) -> tuple[str, bytes]:
    """The first attachment of a corpus mail, as (filename, bytes)."""
    with path.open("rb") as handle:
        message = email.message_from_binary_file(handle, policy=policy.default)
    for part in message.iter_attachments():  # type: ignore[attr-defined]
        payload = part.get_payload(decode=True)
        if payload:
            return part.get_filename() or "", payload
    raise AssertionError(f"{path.name} has no attachment")
