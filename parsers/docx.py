"""Word .docx files: paragraphs (numbered lists included) and comment tables.

python-docx reads paragraphs and tables. Tracked changes and margin comments
are read by parsers.revisions (the Understanding issue).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from docx.document import Document
from docx.opc.part import PartFactory
from docx.oxml.ns import qn
from docx.package import Package
from docx.parts.document import DocumentPart

from parsers.errors import CorruptFile, EncryptedFile
from parsers.records import Block
from parsers.tables import table_blocks


# Word's other main-part types hold the same WordprocessingML, but python-docx registers
# only .docx's (and docx.Document() refuses the rest): macro-enabled .docm and the
# templates .dotx/.dotm. Their macros (vbaProject.bin) stay bytes; nothing here runs them.
OTHER_WORD_MAIN_TYPES = (
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
)
for _type in OTHER_WORD_MAIN_TYPES:
    PartFactory.part_type_for.setdefault(_type, DocumentPart)


@dataclass(frozen=True)
class DocxContent:
    """What a .docx says: its paragraphs in order (list items marked) and table blocks."""

    paragraphs: tuple[tuple[str, bool], ...]
    table_blocks: tuple[Block, ...]
    table_text: str
    document: Document

    @property
    def text(self) -> str:
        return "\n".join(p for p, _ in self.paragraphs) + "\n" + self.table_text


def open_docx(data: bytes, filename: str) -> Document:
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise EncryptedFile(f"{filename}: 加密文件，无法读取 (password-protected or legacy Word file)")
    try:
        main = Package.open(io.BytesIO(data)).main_document_part
        if not isinstance(main, DocumentPart):
            raise CorruptFile(f"{filename}: not a Word document (its main part is {main.content_type})")
        document: Document = main.document
    except CorruptFile:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise CorruptFile(f"{filename}: not a readable Word file ({exc})") from exc
    except Exception as exc:  # lxml and python-docx raise their own kinds on damage
        raise CorruptFile(f"{filename}: not a readable Word file ({type(exc).__name__}: {exc})") from exc
    if getattr(document.element, "body", None) is None:  # document.xml without w:document/w:body
        raise CorruptFile(f"{filename}: not a readable Word file (word/document.xml has no body)")
    return document


def read_docx(data: bytes, filename: str) -> DocxContent:
    document = open_docx(data, filename)
    list_styles = _list_style_ids(document)
    paragraphs: list[tuple[str, bool]] = []
    for p in document.paragraphs:
        text = p.text.strip()  # .text walks the runs: once each
        if text:
            paragraphs.append((text, _is_list_item(p._p, list_styles)))
        paragraphs += [(t, False) for t in text_box_paragraphs(p._p)]
    blocks: list[Block] = []
    table_lines: list[str] = []
    for number, table in enumerate(document.tables, start=1):
        grid = [_row_cells(row) for row in table.rows]
        table_lines += [" | ".join(cells) for cells in grid]
        blocks += table_blocks(grid, f"表格{number}", "table_row")
    return DocxContent(tuple(paragraphs), tuple(blocks), "\n".join(table_lines), document)


# Text boxes (w:txbxContent) sit inside a paragraph's drawing (DrawingML) or its VML
# fallback; Word writes both in mc:AlternateContent, so the fallback copy is skipped.
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
TEXT_BOX_XPATH = f'.//*[local-name()="txbxContent"][not(ancestor::*[local-name()="Fallback" and namespace-uri()="{MC_NS}"])]'


def text_box_paragraphs(p: object) -> list[str]:
    """The paragraphs written in the text boxes anchored to a paragraph, in order."""
    out = []
    for box in p.xpath(TEXT_BOX_XPATH):  # type: ignore[attr-defined]
        for inner in box.iter(qn("w:p")):
            text = "".join(t.text or "" for t in inner.iter(qn("w:t"))).strip()
            if text:
                out.append(text)
    return out


def _row_cells(row: object) -> list[str]:
    try:
        return [cell.text.strip() for cell in row.cells]  # type: ignore[attr-defined]
    except (IndexError, ValueError):  # malformed grid spans
        return []


LIST_STYLES_XPATH = 'w:style[w:pPr/w:numPr or starts-with(w:name/@w:val, "List")]/@w:styleId'


def _list_style_ids(document: Document) -> set[str]:
    """Ids of the styles that number their paragraphs ("List Number", or a style with numPr).
    One XPath over styles.xml: python-docx's paragraph.style looks styles up one by one."""
    try:
        root = document.styles.element
        return {str(v) for v in root.xpath(LIST_STYLES_XPATH)}
    except (KeyError, ValueError, AttributeError):
        return set()


def _is_list_item(p: object, list_styles: set[str]) -> bool:
    """Word auto-numbering: a numPr on the paragraph, or a numbering style."""
    ppr = p.find(qn("w:pPr"))  # type: ignore[attr-defined]
    if ppr is None:
        return False
    if ppr.find(qn("w:numPr")) is not None:
        return True
    style = ppr.find(qn("w:pStyle"))
    return style is not None and (style.get(qn("w:val")) or "") in list_styles
