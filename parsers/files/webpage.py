"""A reply saved as a web page: Word's "网页" (.htm, filtered or not), a single-file web page
(.mht, .mhtml: MIME around the page), and a page under any other name (ATT00001). An HTML table
under an .xls name is a sheet, as Excel opens it (parsers.files.xlsx).

The page is read as a mail body's HTML is (parsers.mail.html): one line a block element, a
table row's cells joined by " | ", so its tables are read by their header like a Word table's.
The page's own charset (<meta charset=gb2312>) decides its bytes; a .mht part's MIME charset.
"""

from __future__ import annotations

import email
import email.policy
import re
from email.message import Message

from parsers.comments.tables import lines_blocks
from parsers.errors import CorruptFile
from parsers.mail.envelope import decode_bytes
from parsers.mail.html import html_to_text
from parsers.records import AttachmentResult

WEBPAGE_EXTENSIONS = ("htm", "html", "xhtml", "shtml")
ARCHIVE_EXTENSIONS = ("mht", "mhtml")
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.IGNORECASE)
_PAGE_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]{0,200}>\s*)?(?:<!--.{0,200}?-->\s*)?<(?:!doctype\s+html|html)\b",
                         re.IGNORECASE | re.DOTALL)


SHEET_EXTENSIONS = ("xls", "xlsx", "et", "csv")  # Excel opens a page under these names as a sheet: read as one (parsers.files.xlsx)


def webpage_kind(data: bytes, ext: str) -> str | None:
    """"html" or "mht" when the file is a web page (by its start, whatever its name but a
    spreadsheet's), else None."""
    if ext in SHEET_EXTENSIONS:
        return None
    if ext in ARCHIVE_EXTENSIONS and b"text/html" in data[:20_000].lower():
        return "mht"
    if ext in WEBPAGE_EXTENSIONS or _PAGE_START.match(data[:1024]):
        return "html"
    return None


def read_webpage(data: bytes, name: str, kind: str) -> AttachmentResult:
    """The page's comment blocks (prose and table rows) and its text."""
    html = _mht_page(data, name) if kind == "mht" else decode_bytes(data, _declared_charset(data))
    text = html_to_text(html)
    blocks = lines_blocks(text.splitlines(), f"附件“{name}”", "paragraph")
    return AttachmentResult(name, kind, "read", tuple(blocks), text=text)


def _declared_charset(data: bytes) -> str | None:
    """The charset the page's <meta> names; None (the bytes decide) without one."""
    found = _META_CHARSET.search(data[:4096])
    return found.group(1).decode("ascii") if found else None


def _mht_page(data: bytes, name: str) -> str:
    """The text/html part of a single-file web page, decoded by its part's or its page's charset."""
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            return _part_text(part)
    raise CorruptFile(f"{name}: 单文件网页中没有找到网页内容，请人工查看")


def _part_text(part: Message) -> str:
    payload = part.get_payload(decode=True)
    raw = payload if isinstance(payload, bytes) else b""
    return decode_bytes(raw, part.get_content_charset() or _declared_charset(raw))
