"""Attachments that are pictures of pages: photos, scans, faxes, PDFs, Word files
holding only a pasted scan. Each page goes through OCR (parsers.printed.ocr) and the same
page reading as a PDF's text layer (parsers.printed.pages), so a scanned table gives the
same comments as the Word table it was printed from.

A picture too small to hold a page (a logo, an emoticon) is skipped; one that is
big enough but yields no text is recorded as unreadable, so its reply goes to
review instead of being dropped.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import re
import zipfile
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from parsers.errors import ParseError
from parsers.guard import Limits
from parsers.comments.segment import says_no_comment
from parsers.printed.pages import PageContent, blocks_of_pages, content_of_boxes
from parsers.printed.pdf import read_pdf
from parsers.records import AttachmentResult, Block

MIN_PAGE_PIXELS = 250 * 180  # smaller pictures are decoration, not pages
MIN_READ_CHARS = 8  # fewer characters read off a page-sized picture: unreadable
PICTURE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff", ".gif", ".webp")


# 一 is one thin stroke: OCR reads the 一 of "一、" as a dash or a quote mark.
_LOST_ONE = re.compile(r"^[“”\"'‘’—–\-_~]\s*(?=、)")


def ocr_content(image: Any, number: int) -> PageContent:
    """One picture of a page, read by OCR, as paragraphs and table cells."""
    from parsers.printed.ocr import read_picture

    page = read_picture(image)
    boxes = [dataclasses.replace(b, text=_LOST_ONE.sub("一", b.text)) for b in page.boxes]
    return content_of_boxes(boxes, page.grids, number, ocr=True, view=f"r={page.rotation} s={page.skew}")


# The last few files read, by content: with several rounds in one mailbox a message is read once
# for each round, and a scan's OCR (seconds a page) is the same whichever draft it is read for.
# A handful only: each entry holds a result, not the file's bytes.
RECENT_FILES = 4
_recent: OrderedDict[tuple[str, str, str, Limits], AttachmentResult] = OrderedDict()


def _remembered(data: bytes, name: str, kind: str, limits: Limits, read: Callable[[], AttachmentResult]) -> AttachmentResult:
    key = (hashlib.sha256(data).hexdigest(), name, kind, limits)
    if key in _recent:
        _recent.move_to_end(key)
        return _recent[key]
    result = read()
    _recent[key] = result
    while len(_recent) > RECENT_FILES:
        _recent.popitem(last=False)
    return result


def read_picture_file(data: bytes, name: str, kind: str, limits: Limits) -> AttachmentResult:
    """A JPEG, PNG, BMP, GIF, WebP or (multi-page) TIFF."""
    return _remembered(data, name, kind, limits, lambda: _read_pictures(data, name, kind, limits))


def _read_pictures(data: bytes, name: str, kind: str, limits: Limits) -> AttachmentResult:
    from parsers.printed.ocr import open_pictures

    pages: list[PageContent] = []
    for number, image in enumerate(open_pictures(data, name, limits.ocr_pages + 1), start=1):
        if number > limits.ocr_pages:
            return _cut_short(result_of_pages(name, kind, pages, ocr_pages=len(pages)), limits)
        if number == 1 and image.width * image.height < MIN_PAGE_PIXELS:
            return AttachmentResult(name, kind, "skipped", error="图片太小，不是文件页面（图标或装饰图）")
        pages.append(ocr_content(image, number))
    return result_of_pages(name, kind, pages, ocr_pages=len(pages))


def read_pdf_file(data: bytes, name: str, limits: Limits) -> AttachmentResult:
    return _remembered(data, name, "pdf", limits, lambda: _read_pdf(data, name, limits))


def _read_pdf(data: bytes, name: str, limits: Limits) -> AttachmentResult:
    reading = read_pdf(data, name, ocr_content, limits.ocr_pages)
    result = result_of_pages(name, "pdf", list(reading.pages), ocr_pages=reading.ocr_pages)
    return _cut_short(result, limits) if reading.skipped_pages and result.status == "read" else result


def pictures_in_package(data: bytes, folder: str, limits: Limits) -> list[tuple[str, bytes]]:
    """The pictures a .docx (word/media/) or .xlsx (xl/media/) carries, in name order."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = sorted(n for n in archive.namelist() if n.startswith(folder) and n.lower().endswith(PICTURE_EXTENSIONS))
        return [(n, archive.read(n)) for n in names[: limits.ocr_pages]]


def read_pasted_scans(data: bytes, name: str, kind: str, folder: str, limits: Limits) -> AttachmentResult | None:
    """A Word or Excel file with no text but pictures of pages (a pasted scan); None when
    it holds no picture at all."""
    from parsers.printed.ocr import open_pictures

    pictures = pictures_in_package(data, folder, limits)
    pages: list[PageContent] = []
    for member, picture in pictures:
        try:
            for image in open_pictures(picture, f"{name}/{member}", 1):
                if image.width * image.height >= MIN_PAGE_PIXELS:
                    pages.append(ocr_content(image, len(pages) + 1))
        except ParseError:
            continue  # an EMF or a damaged picture: the others are still read
    if not pages:
        return None
    return result_of_pages(name, kind, pages, ocr_pages=len(pages))


def page_crop(data: bytes, kind: str, page: int, box: str, margin: int = 24) -> bytes:
    """The part of an attachment's page a comment was read from, as PNG, for the clerk to
    check the words against. `box` is the stored "x0,y0,x1,y1 r=90 s=-0.75"."""
    from parsers.printed.ocr import upright

    numbers, *view = box.split()
    x0, y0, x1, y1 = (float(v) for v in numbers.split(","))
    turns = dict(part.split("=", 1) for part in view if "=" in part)
    image = _page_image(data, kind, page)
    if turns:
        image = upright(image, int(turns.get("r", "0")), float(turns.get("s", "0")))
    crop = image.crop((max(0, int(x0) - margin), max(0, int(y0) - margin),
                       min(image.width, int(x1) + margin), min(image.height, int(y1) + margin)))
    out = io.BytesIO()
    crop.convert("RGB").save(out, format="PNG")
    return out.getvalue()


def _page_image(data: bytes, kind: str, page: int) -> Any:
    from parsers.printed.ocr import open_pictures
    from parsers.printed.pdf import render_page

    if kind == "pdf":
        return render_page(data, page - 1, "attachment")
    if kind in ("docx", "xlsx"):
        pictures = [p for _, p in pictures_in_package(data, "word/media/" if kind == "docx" else "xl/media/", Limits(ocr_pages=page + 20))]
        images = [img for p in pictures for img in open_pictures(p, "picture", 1) if img.width * img.height >= MIN_PAGE_PIXELS]
        return images[page - 1]
    return list(open_pictures(data, "picture", page))[page - 1]


def result_of_pages(name: str, kind: str, pages: list[PageContent], *, ocr_pages: int) -> AttachmentResult:
    text = "\n".join(p.text for p in pages)
    if len("".join(text.split())) < MIN_READ_CHARS and not says_no_comment(text):  # a slip saying only 无意见 is read
        return AttachmentResult(
            name, kind, "error", text=text, ocr_pages=ocr_pages,
            error=f"unreadable: {name}: 未能识别出文字（图片可能过于模糊或太小），请人工查看并在审阅台录入意见",
        )
    origin = f"附件“{name}”"
    blocks: list[Block] = blocks_of_pages(pages, origin)
    return AttachmentResult(name, kind, "read", tuple(blocks), text=text, ocr_pages=ocr_pages)


def _cut_short(result: AttachmentResult, limits: Limits) -> AttachmentResult:
    """A scan or PDF read only up to [limits] ocr_pages: it says so, and goes to review."""
    note = f"too_large: {result.filename}: 超过{limits.ocr_pages}页，只识别了前{limits.ocr_pages}页（[limits] ocr_pages），其余请人工查看"
    return dataclasses.replace(result, error=note)
