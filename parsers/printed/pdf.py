"""PDF replies: the text layer where there is a real one, OCR where there is not.

A PDF exported from Word or WPS has a text layer: pdfplumber gives its words with
their places and finds the comment table by its ruling lines, so a table reads as
cells, not as the interleaved short lines a plain text dump makes of wrapped cells.
A scanned page has no text layer, and some exports carry a garbage one (CID codes,
private-use characters): such a page is rendered with pypdfium2 at 200 dpi and read
by OCR, page by page.
"""

from __future__ import annotations

import dataclasses
import io
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from parsers.comments.segment import AGREEMENT_RE
from parsers.errors import CorruptFile, EncryptedFile
from parsers.printed.layout import Box, TableCells, join_texts, lines_of
from parsers.printed.pages import PageContent, content_of_boxes, content_of_lines

# pdfminer logs every oddity of a damaged file as a WARNING; what matters is recorded on the
# attachment, so its chatter stays out of the operator's terminal and log.
logging.getLogger("pdfminer").setLevel(logging.ERROR)

RENDER_DPI = 200
MIN_TEXT_CHARS = 8
_GARBAGE = re.compile(r"\(cid:\d+\)|[\ue000-\uf8ff\ufffd]")
_CJK_BREAK = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef])\n(?=[\u3000-\u9fff\uff00-\uffef0-9])|(?<=[0-9])\n(?=[\u3000-\u9fff])")

# Reads one rendered page (a PIL image) into a PageContent: supplied by parsers.files.attachments
# (OCR), so this module needs no OCR engine to read a PDF with a text layer.
PictureReader = Callable[[Any, int], PageContent]


@dataclass(frozen=True)
class PdfReading:
    pages: tuple[PageContent, ...]
    ocr_pages: int
    skipped_pages: int  # beyond the OCR page limit


def read_pdf(data: bytes, name: str, read_picture: PictureReader, max_ocr_pages: int) -> PdfReading:
    """Every page's content. Raises EncryptedFile when it needs a password to open (a
    PDF with only an owner password opens), CorruptFile when it is no readable PDF."""
    pdf, data = _open(data, name)
    count = len(pdf.pages)
    pages: list[PageContent] = []
    ocr_pages = skipped = 0
    with pdf:
        for number in range(1, count + 1):
            page = pdf.pages[number - 1]
            content = _text_page(page, number)
            if content is not None and _scanned(page) and ocr_pages < max_ocr_pages:
                # a copier's searchable scan: its hidden text is the copier's OCR, sometimes short of lines
                seen = read_picture(render_page(data, number - 1, name), number)
                ocr_pages += 1
                content = seen if _lines_missing(content, seen) else content
            if content is None:
                if ocr_pages >= max_ocr_pages:
                    skipped += 1
                    continue
                content = read_picture(render_page(data, number - 1, name), number)
                ocr_pages += 1
            notes = page_notes(page)
            pages.append(dataclasses.replace(content, notes=notes) if notes else content)
    return PdfReading(tuple(pages), ocr_pages, skipped)


def _open(data: bytes, name: str) -> tuple[Any, bytes]:
    """The PDF opened by pdfplumber, and the bytes it was opened from. A file pdfminer refuses
    but PDFium opens (an Info entry like /Author<gdgs17>, hex that is no hex) is read from
    PDFium's copy of it."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        return _opened(pdfplumber.open(io.BytesIO(data))), data
    except Exception as exc:  # pdfminer raises many kinds on a damaged file; pdfplumber wraps them
        causes = [exc, exc.__cause__, exc.__context__, *(a for a in exc.args if isinstance(a, BaseException))]
        if any(isinstance(c, PDFPasswordIncorrect) for c in causes):
            raise EncryptedFile(f"{name}: 加密文件，需要密码才能打开，无法读取；请对方发送不加密的文件") from exc
        copy = _pdfium_copy(data)
        try:
            return _opened(pdfplumber.open(io.BytesIO(copy))), copy
        except Exception:  # no copy, or pdfminer refuses PDFium's too: the file is broken
            raise CorruptFile(f"{name}: not a readable PDF ({type(exc).__name__}: {exc})") from exc


def _opened(pdf: Any) -> Any:
    """The PDF, once its page tree is read (where a damaged file fails)."""
    len(pdf.pages)
    return pdf


def _pdfium_copy(data: bytes) -> bytes:
    """The document as PDFium reads and writes it again, or b"" when PDFium cannot open it."""
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(data)
        try:
            buffer = io.BytesIO()
            document.save(buffer)
            return buffer.getvalue()
        finally:
            document.close()
    except Exception:  # PDFium refuses it too: the file is broken
        return b""


SCAN_COVER = 0.8  # an image over this share of the page: the page is a scan


def _scanned(page: Any) -> bool:
    """The page is a picture (a scan) under whatever text it has."""
    area = float(page.width * page.height) or 1.0
    try:
        images = page.images
    except Exception:
        return False
    return any((float(i["x1"]) - float(i["x0"])) * (float(i["bottom"]) - float(i["top"])) >= SCAN_COVER * area for i in images)


MISSING_LINE = 8  # characters: an OCR line this long that the text layer lacks
LINE_FOUND = 80  # rapidfuzz partial_ratio of such a line against the layer's text


def _lines_missing(layer: PageContent, seen: PageContent) -> bool:
    """Our OCR of the page reads a line that the text layer does not have."""
    from rapidfuzz import fuzz

    from parsers.placing.clauses import squash

    have = squash(layer.text)
    lines = [squash(line) for line in seen.text.splitlines()]
    return any(len(line) >= MISSING_LINE and fuzz.partial_ratio(line, have) < LINE_FOUND for line in lines)


MAX_EMBEDDED = 20  # files embedded in one PDF that are read; more is no reply's


def embedded_files(data: bytes, name: str, max_bytes: int) -> list[tuple[str, bytes]]:
    """The files embedded in a PDF (a cover page with the comment table attached inside it, a
    PDF portfolio): (name, bytes), within `max_bytes` in all. A damaged list gives none."""
    import pypdfium2

    out: list[tuple[str, bytes]] = []
    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError:
        return []
    try:
        for index in range(min(document.count_attachments(), MAX_EMBEDDED)):
            attachment = document.get_attachment(index)
            member = bytes(attachment.get_data())
            max_bytes -= len(member)
            if max_bytes < 0:
                break
            out.append((attachment.get_name() or f"{name}-{index + 1}", member))
    except pypdfium2.PdfiumError:
        pass
    finally:
        document.close()
    return out


def render_page(data: bytes, index: int, name: str) -> Any:
    """One page as a PIL image at RENDER_DPI (the page's /Rotate applied)."""
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(data)
        try:
            return document[index].render(scale=RENDER_DPI / 72).to_pil()
        finally:
            document.close()
    except pypdfium2.PdfiumError as exc:
        raise CorruptFile(f"{name}: page {index + 1} cannot be rendered ({exc})") from exc


def _text_page(page: Any, number: int) -> PageContent | None:
    """The page from its text layer, or None when it has none worth trusting."""
    try:
        text = page.extract_text() or ""
    except Exception:  # a damaged content stream: treat as no text layer, OCR reads it
        return None
    if not usable_text(text):
        return None
    scale = RENDER_DPI / 72  # boxes in the same pixels as a rendered page
    tables = page.find_tables()
    cells = [_table_cells(t, scale) for t in tables]
    words = [w for w in page.extract_words(keep_blank_chars=False, use_text_flow=False)
             if not any(_inside(w, t.bbox) for t in tables)]
    boxes = [Box(w["text"], w["x0"] * scale, w["top"] * scale, w["x1"] * scale, w["bottom"] * scale) for w in words]
    found = [c for c in cells if c.cells]
    if not found:  # a table without rules (a borderless WPS table) is still found by its header line
        return content_of_boxes(boxes, (), number, ocr=False)
    top = min(t.bbox[1] * scale for t in tables)
    return content_of_lines(lines_of(boxes), found, top, number)


NOTE_MARGIN = 4.0  # points above and below a sticky note's icon that still count as its line


def page_notes(page: Any) -> tuple[tuple[str, str], ...]:
    """The page's annotations that carry words (a sticky note, a highlight with a comment, a
    text box), each with the words it marks: a highlight's own words, or for a note in the margin
    the line of text level with it. A note is a comment; the words say where in the draft it is."""
    try:
        annotations = page.annots or []
        words = page.extract_words(keep_blank_chars=False, use_text_flow=False) if annotations else []
    except Exception:  # a damaged annotation dictionary: the page's text is still read
        return ()
    out = []
    for note in annotations:
        text = str(note.get("contents") or "").strip()
        if not text or AGREEMENT_RE.match(text):
            continue  # "同意，请一并报送。": a colleague's reply agreeing to the note above, no comment
        inside = [w["text"] for w in words if _inside(w, (note["x0"], note["top"], note["x1"], note["bottom"]))]
        level = [w["text"] for w in sorted(words, key=lambda w: w["x0"])
                 if note["top"] - NOTE_MARGIN <= (w["top"] + w["bottom"]) / 2 <= note["bottom"] + NOTE_MARGIN]
        out.append((text, "".join(inside) or "".join(level)))
    return tuple(out)


def usable_text(text: str) -> bool:
    """A real text layer: enough characters, and hardly any CID codes or private-use glyphs."""
    stripped = re.sub(r"\s", "", text)
    if len(stripped) < MIN_TEXT_CHARS:
        return False
    garbage = sum(len(m) for m in _GARBAGE.findall(stripped))
    return garbage / len(stripped) < 0.1


def _inside(word: dict[str, Any], bbox: tuple[float, float, float, float]) -> bool:
    cx, cy = (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
    return bool(bbox[0] <= cx <= bbox[2] and bbox[1] <= cy <= bbox[3])


def _table_cells(table: Any, scale: float) -> TableCells:
    rows = table.extract()
    cells, boxes = [], []
    for row, found in zip(rows, table.rows):
        texts = tuple(cell_text(c) for c in row)
        if not any(texts):
            continue
        cells.append(texts)
        x0, top, x1, bottom = found.bbox
        boxes.append((x0 * scale, top * scale, x1 * scale, bottom * scale))
    return TableCells(tuple(cells), tuple(1.0 for _ in cells), tuple(boxes))


def cell_text(value: str | None) -> str:
    """A wrapped cell's lines joined: no break inside Chinese text, a space elsewhere."""
    text = _CJK_BREAK.sub("", (value or "").strip())
    return join_texts(text.split("\n"))
