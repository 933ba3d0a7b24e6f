"""Word .docx files: paragraphs (numbered lists included) and comment tables.

python-docx reads paragraphs and tables. Tracked changes and margin comments
are read by parsers.revisions (the Understanding issue).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

import docx
from docx.document import Document
from docx.oxml.ns import qn

from parsers.errors import CorruptFile, EncryptedFile
from parsers.records import Block
from parsers.tables import table_blocks


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
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise CorruptFile(f"{filename}: not a readable Word file ({exc})") from exc
    except Exception as exc:  # lxml and python-docx raise their own kinds on damage
        raise CorruptFile(f"{filename}: not a readable Word file ({type(exc).__name__}: {exc})") from exc
    if getattr(document.element, "body", None) is None:  # document.xml without w:document/w:body
        raise CorruptFile(f"{filename}: not a readable Word file (word/document.xml has no body)")
    return document


def read_docx(data: bytes, filename: str) -> DocxContent:
    document = open_docx(data, filename)
    paragraphs = tuple(
        (p.text.strip(), _is_list_item(p)) for p in document.paragraphs if p.text.strip()
    )
    blocks: list[Block] = []
    table_lines: list[str] = []
    for number, table in enumerate(document.tables, start=1):
        grid = [_row_cells(row) for row in table.rows]
        table_lines += [" | ".join(cells) for cells in grid]
        blocks += table_blocks(grid, f"表格{number}", "table_row")
    return DocxContent(paragraphs, tuple(blocks), "\n".join(table_lines), document)


def _row_cells(row: object) -> list[str]:
    try:
        return [cell.text.strip() for cell in row.cells]  # type: ignore[attr-defined]
    except (IndexError, ValueError):  # malformed grid spans
        return []


def _is_list_item(paragraph: object) -> bool:
    """Word auto-numbering: a numPr on the paragraph or a list style."""
    p = paragraph._p  # type: ignore[attr-defined]
    ppr = p.find(qn("w:pPr"))
    if ppr is not None and ppr.find(qn("w:numPr")) is not None:
        return True
    style = getattr(getattr(paragraph, "style", None), "name", "") or ""
    return style.startswith("List")
