"""A legacy Word .doc read through antiword's DocBook (`antiword -x db`), for the file whose
tables LibreOffice does not bring back.

LibreOffice reads a .doc ending in a table (no paragraph after it, as python-docx and some
form generators write it, saved as .doc) as one paragraph of every cell run together: the
rows' clauses (第6条, 第11条, 第16条) all fall to the first. antiword keeps the cells. Its
DocBook is read as a web page is: one line a paragraph, a table row's cells joined by " | ",
so the table is read by its header like any Word table.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element

from defusedxml.ElementTree import fromstring

from parsers.comments.tables import lines_blocks
from parsers.errors import CorruptFile
from parsers.records import AttachmentResult

# antiword names its DTD; defusedxml refuses any DTD, and none is needed to read the tree.
_DOCTYPE = re.compile(rb"<!DOCTYPE[^>]*>", re.DOTALL)
_SPACE = re.compile(r"\s+")


def has_table(data: bytes) -> bool:
    """antiword found a table in the file."""
    return b"<informaltable" in data or b"<table" in data


def read_docbook(data: bytes, name: str) -> AttachmentResult:
    """The file's comment blocks (paragraphs and table rows) and its text."""
    try:
        root = fromstring(_DOCTYPE.sub(b"", data, count=1))
    except Exception as exc:  # ParseError, defusedxml's EntitiesForbidden
        raise CorruptFile(f"{name}: antiword 的输出无法解析（{exc}），请人工查看") from exc
    lines: list[str] = []
    _walk(root, lines)
    text = "\n".join(lines)
    return AttachmentResult(name, "doc", "read", tuple(lines_blocks(lines, f"附件“{name}”", "paragraph")), text=text)


def _walk(node: Element, lines: list[str]) -> None:
    if node.tag in ("bookinfo", "title"):
        return  # the file's author and date, not its text
    if node.tag == "row":
        lines.append(" | ".join(_flat(entry) for entry in node.iter("entry")))
        return
    if node.tag == "para" and not any(child.tag in ("informaltable", "table") for child in node.iter()):
        line = _flat(node)
        if line:
            lines.append(line)
        return
    for child in node:
        _walk(child, lines)


def _flat(node: Element) -> str:
    return _SPACE.sub(" ", "".join(node.itertext())).strip()
