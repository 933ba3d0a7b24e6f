"""Word .docx files: paragraphs (numbered lists included), comment tables, notes and page
headers.

python-docx opens the package; parsers.files.wordml walks the XML, so text in content controls,
fields, text boxes and nested tables is read, and Word's automatic list numbers are written
out. Tracked changes and margin comments are read by parsers.files.revisions.
"""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile
from collections.abc import Iterator
from typing import Any
from dataclasses import dataclass

from docx.document import Document
from docx.opc.part import PartFactory
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.package import Package
from docx.parts.document import DocumentPart

from parsers.errors import CorruptFile, EncryptedFile
from parsers.files.ooxml import mended_package, strict_to_transitional
from parsers.records import Block
from parsers.comments.tables import WHOLE_PART_REF, cell_text, find_header, table_blocks
from parsers.files.wordml import (W_P, W_TBL, Numbering, Table, block_items, diagram_ids, diagram_lines, labelled_text,
                            placeholder_texts, read_table, text_boxes)


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
    """What a .docx says: its paragraphs in order (list items marked), table blocks, the
    notes (footnotes, endnotes) and the page headers and footers."""

    paragraphs: tuple[tuple[str, bool], ...]
    table_blocks: tuple[Block, ...]
    table_text: str
    document: Document
    notes: tuple[str, ...] = ()
    page_texts: tuple[str, ...] = ()
    note_anchors: tuple[tuple[str, tuple[str, ...]], ...] = ()  # each note's lines, with the body paragraph citing it
    placeholders: tuple[str, ...] = ()  # a form's prompts still shown (单击此处输入文字。): read, never comments

    @property
    def text(self) -> str:
        parts = ["\n".join(p for p, _ in self.paragraphs), self.table_text, *self.notes, *self.page_texts]
        return "\n".join(part for part in parts if part)


def open_docx(data: bytes, filename: str) -> Document:
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise EncryptedFile(f"{filename}: 加密文件，无法读取 (password-protected or legacy Word file)")
    data = strict_to_transitional(data)  # Word's "Strict Open XML" is the same document under other names
    try:
        main = _open_package(data).main_document_part
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


def _open_package(data: bytes) -> Package:
    """The package; one Word opens although python-docx would not (a picture missing from the
    zip, an embedded chunk declared XML that is not) is mended first. Mending is tried only
    after a failure: a sound package is not copied."""
    try:
        return Package.open(io.BytesIO(data))
    except Exception:  # python-docx and lxml raise their own kinds; still broken once mended: the caller says so
        mended = mended_package(data)
        if mended is data:
            raise
        return Package.open(io.BytesIO(mended))


def read_docx(data: bytes, filename: str) -> DocxContent:
    document = open_docx(data, filename)
    list_styles = _list_style_ids(document)
    numbering = numbering_of(document)
    paragraphs: list[tuple[str, bool]] = []
    tables: list[Table] = []
    above: list[str] = []
    _read_items(document.element.body, numbering, list_styles, paragraphs, tables, _diagrams(document), above)
    blocks: list[Block] = []
    table_lines: list[str] = []
    for number, (table, heading) in enumerate(zip(tables, above), start=1):
        table_lines += [" | ".join(cells) for cells in table.grid]
        blocks += [b if b.context else dataclasses.replace(b, context=heading)
                   for b in _in_host_row(table_blocks(table.grid, f"表格{number}", "table_row"), table)]
    anchored = _anchored_notes(document, numbering)
    return DocxContent(tuple(paragraphs), tuple(blocks), "\n".join(table_lines), document,
                       notes=tuple(line for _, lines in anchored for line in lines),
                       page_texts=tuple(_part_paragraphs(document, PAGE_PARTS, numbering)),
                       note_anchors=tuple(anchored), placeholders=tuple(dict.fromkeys(placeholder_texts(document.element.body) + [
                           text for root in _part_roots(document, PAGE_PARTS) for text in placeholder_texts(root)])))


TABLE_HEADING_CHARS = 40


def _read_items(container: object, numbering: Numbering, list_styles: set[str],
                paragraphs: list[tuple[str, bool]], tables: list[Table],
                diagrams: dict[str, list[str]] | None = None, above: list[str] | None = None) -> None:
    """Paragraphs and tables in document order; a text box's, and a SmartArt diagram's words,
    after the paragraph they are drawn by; a table's inner tables after it. `above` gets, for
    each table, the short paragraph right above it: a heading such as "三、建立稳定协调的劳动关系"
    that its rows are under (a row "本部分……" is that section's)."""
    for item in block_items(container):
        if item.tag == W_TBL:
            found = list(read_table(item, numbering, _is_comment_table).all_tables())
            tables += found
            if above is not None:
                last = paragraphs[-1][0] if paragraphs else ""
                above += [last if len(last) <= TABLE_HEADING_CHARS else ""] * len(found)
            continue
        text = labelled_text(item, numbering).strip()
        if text:
            paragraphs.append((text, _is_list_item(item, list_styles)))
        for box in text_boxes(item):
            _read_items(box, numbering, list_styles, paragraphs, tables, diagrams, above)
        for rid in diagram_ids(item):
            paragraphs += [(line, False) for line in (diagrams or {}).get(rid, [])]


# A reference that names a clause ("第十三条", "13"), and one that only numbers an item (①, (2), 3.).
_CLAUSE_REF_RE = re.compile(r"第?\s*[0-9０-９一二三四五六七八九十]{1,3}\s*条|^\s*[0-9]{1,2}\s*$")
_HOST_PART_RE = re.compile(r"\s*(?:第\s*(?P<n>[一二三四五六七八九十0-9]{1,2})\s*部分|(?P<m>[一二三四五六七八九十]{1,2})\s*[、.．])")
_INNER_ITEM_RE = re.compile(r"\s*第\s*[0-9０-９一二三四五六七八九十]{1,2}\s*[条项]\s*")
_ITEM_MARK_RE = re.compile(r"\s*(?:[①-⑳]|[（(]\s*[0-9一二三四五六七八九十]{1,2}\s*[)）]|[0-9]{1,2}\s*[.、．](?![0-9])|[一二三四五六七八九十]{1,2}\s*[、.．])")
_ITEM_ONLY_RE = re.compile(r"\s*(?:[①-⑳]|[（(]\s*[0-9]{1,2}\s*[)）]|[0-9]{1,2}\s*[.、．]?|[一二三四五六七八九十]{1,2}\s*[、.．])\s*")


def _in_host_row(blocks: list[Block], table: Table) -> list[Block]:
    """The rows of a table inside a cell of a row on a clause ("第十三条 | 两点： | 理由" over
    "① | 建议…" / "② | 建议…"): that row's clause and reason, their own ① ② numbering items."""
    if table.parent is None or not blocks:
        return blocks
    header = find_header(table.parent.grid)
    if header is None or header.ref is None or not 0 <= table.host_row < len(table.parent.grid):
        return blocks
    row = table.parent.grid[table.host_row]
    ref = cell_text(row, header.ref)
    part = _HOST_PART_RE.match(ref)
    if part and not _CLAUSE_REF_RE.search(ref):
        # "第五部分 | [条目 整体 | 本部分各条…]": the inner row on the whole of it is on that part;
        # "三、… | [第2条 | …]": the 2nd of that part, as 第三部分第2条 is read (within the part first)
        number = part.group("n") or part.group("m")
        return [dataclasses.replace(b, ref=ref) if WHOLE_PART_REF.fullmatch(b.ref)
                else dataclasses.replace(b, ref=f"第{number}部分{b.ref.strip()}") if _INNER_ITEM_RE.fullmatch(b.ref) else b
                for b in blocks]
    if not _CLAUSE_REF_RE.search(ref):
        return blocks
    reason = cell_text(row, header.reason)
    return [dataclasses.replace(b, ref=ref, reason=b.reason or reason) if not b.ref or _item_label(b.ref) else b
            for b in blocks]


def _item_label(ref: str) -> bool:
    """An inner row's own item number, alone or over its topic ("（1）12351热线"), naming no place."""
    if _ITEM_ONLY_RE.fullmatch(ref):
        return True
    lead = _ITEM_MARK_RE.match(ref)
    return lead is not None and not re.search(r"第\s*[0-9０-９一二三四五六七八九十]{1,3}\s*[条款项部章]|部分", ref[lead.end():])


def _is_comment_table(grid: list[list[str]]) -> bool:
    """A table in a cell that gives comments of its own, placed or several; one that gives none,
    or one unplaced (原文 | … over 修改为 | …), lays out the cell's words, on the cell's row's clause."""
    blocks = table_blocks(grid, "", "table_row")
    return len(blocks) >= 2 or any(b.ref for b in blocks)


DIAGRAM_DATA = "/diagramData"


def _diagrams(document: Document) -> dict[str, list[str]]:
    """relationship id -> the words of each SmartArt diagram of the body (its data part)."""
    found: dict[str, list[str]] = {}
    for rid, rel in document.part.rels.items():
        if rel.is_external or not rel.reltype.endswith(DIAGRAM_DATA):
            continue
        try:
            found[rid] = diagram_lines(parse_xml(rel.target_part.blob))
        except Exception:  # a damaged diagram costs its words, not the document's
            continue
    return found


def numbering_of(document: Document) -> Numbering:
    """The list numbering of a document (numbering.xml and the styles that number)."""
    part = document.part
    try:
        numbering = part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError, ValueError):
        numbering = None
    try:
        styles = document.styles.element
    except (KeyError, AttributeError, ValueError):
        styles = None
    return Numbering(numbering, styles)


def document_lines(document: Document) -> list[str]:
    """Every body paragraph's text with its list number, in order (content controls too):
    how a draft whose 第一条… Word numbers itself reads on paper."""
    numbering = numbering_of(document)
    return [labelled_text(item, numbering) for item in block_items(document.element.body) if item.tag == W_P]


# Notes and page furniture live in parts of their own; separators are Word's lines, not text.
NOTE_PARTS = ("/word/footnotes.xml", "/word/endnotes.xml")
PAGE_PARTS = ("/word/header", "/word/footer")
SEPARATOR_TYPES = {"separator", "continuationSeparator", "continuationNotice"}


def _part_paragraphs(document: Document, prefixes: tuple[str, ...], numbering: Numbering) -> list[str]:
    return [line for root in _part_roots(document, prefixes) for holder in _note_holders(root)
            for line in _holder_lines(holder, numbering)]


def _part_roots(document: Document, prefixes: tuple[str, ...]) -> Iterator[Any]:
    """The parsed XML of each side part (headers, footers, notes) whose name starts so."""
    for part in document.part.package.iter_parts():
        if not str(part.partname).startswith(prefixes):
            continue
        try:
            yield parse_xml(part.blob)
        except Exception:  # a damaged side part: the body is still read
            continue


def _holder_lines(holder: object, numbering: Numbering) -> list[str]:
    """A note's or a header's lines: its paragraphs, then its tables' rows."""
    paragraphs: list[tuple[str, bool]] = []
    tables: list[Table] = []
    _read_items(holder, numbering, set(), paragraphs, tables)
    lines = [text for text, _ in paragraphs] + [" | ".join(c) for t in tables for c in t.grid]
    return [line for line in lines if line.strip()]


NOTE_REFERENCES = (qn("w:footnoteReference"), qn("w:endnoteReference"))


def _anchored_notes(document: Document, numbering: Numbering) -> list[tuple[str, tuple[str, ...]]]:
    """Each footnote or endnote's lines with the text of the body paragraph that cites it: a
    reply that puts its proposals in notes under "二、关于第十一条" means them for that clause."""
    citing: dict[tuple[str, str], str] = {}
    for item in block_items(document.element.body):
        if item.tag != W_P:
            continue
        for mark in item.iter(*NOTE_REFERENCES):
            kind = "foot" if mark.tag == NOTE_REFERENCES[0] else "end"
            citing.setdefault((kind, str(mark.get(qn("w:id")))), labelled_text(item, numbering).strip())
    out: list[tuple[str, tuple[str, ...]]] = []
    for part in document.part.package.iter_parts():
        name = str(part.partname)
        if not name.startswith(NOTE_PARTS):
            continue
        kind = "foot" if "footnotes" in name else "end"
        try:
            root = parse_xml(part.blob)
        except Exception:  # a damaged notes part: the body is still read
            continue
        for note in _note_holders(root):
            lines = tuple(_holder_lines(note, numbering))
            if lines:
                out.append((citing.get((kind, str(note.get(qn("w:id")))), ""), lines))  # type: ignore[attr-defined]  # an lxml element
    return out


def _note_holders(root: object) -> list[object]:
    """The footnotes or endnotes of a notes part (not the separators), or a header's root."""
    notes = [n for n in root if n.tag in (qn("w:footnote"), qn("w:endnote"))]  # type: ignore[attr-defined]  # an lxml element, typed as object by its callers
    if not notes:
        return [root]
    return [n for n in notes if n.get(qn("w:type"), "normal") not in SEPARATOR_TYPES]


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
    ppr = p.find(qn("w:pPr"))  # type: ignore[attr-defined]  # an lxml element, typed as object by its callers
    if ppr is None:
        return False
    if ppr.find(qn("w:numPr")) is not None:
        return True
    style = ppr.find(qn("w:pStyle"))
    return style is not None and (style.get(qn("w:val")) or "") in list_styles
