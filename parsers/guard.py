"""Checks made before an untrusted Office file or archive is opened.

.docx, .xlsx and .zip are ZIP files: a few kilobytes can claim gigabytes
(a zip bomb), and their XML parts can declare entities (billion laughs) or
external entities (XXE). Office never writes a DTD into OOXML, so a part that
has one is refused outright; member counts are checked from the ZIP directory,
and each member is inflated once, in bounded steps, because the directory's sizes
are the sender's word: zipfile's read() inflates a whole member before cutting it
to the declared size, so a member that lies about its size would otherwise unpack
in full inside python-docx or openpyxl. The same pass shows an XML part's prolog
to expat, which is where a DTD would have to be.
"""

from __future__ import annotations

import io
import struct
import xml.parsers.expat
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from parsers.errors import CorruptFile, TooLarge

MB = 1024 * 1024
XML_PARTS = (".xml", ".rels", ".vml")
_DTD_MARKS = tuple(
    mark.encode(encoding) for mark in ("<!DOCTYPE", "<!ENTITY") for encoding in ("utf-8", "utf-16-le", "utf-16-be")
)


@dataclass(frozen=True)
class Limits:
    """What one attachment may unpack to; the defaults suit a comment round."""

    attachment_bytes: int = 50 * MB
    zip_members: int = 2000
    message_bytes: int = 50 * MB
    body_chars: int = 500_000
    ocr_pages: int = 20  # pages of one scan or PDF read by OCR; beyond: recorded, reply to review


def check_package(data: bytes, name: str, limits: Limits) -> None:
    """Raise TooLarge or CorruptFile unless the ZIP is safe to hand to python-docx/openpyxl.
    Not a ZIP at all (an encrypted OLE file, a truncated file): the reader says what it is.
    Data before the ZIP (which zipfile accepts) does not skip the checks."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
        if len(infos) > limits.zip_members:
            raise TooLarge(f"{name}: 压缩包内有{len(infos)}个文件，超过上限{limits.zip_members}个，已拒绝读取")
        declared = sum(i.file_size for i in infos)
        if declared > limits.attachment_bytes:
            raise TooLarge(f"{name}: 解压后{declared // MB} MB，超过上限{limits.attachment_bytes // MB} MB（可能是压缩炸弹），已拒绝读取")
        for info in infos:
            _check_member(data, info, name)
    except zipfile.BadZipFile:
        return  # not a ZIP, or its directory is unreadable: the reader says so in its own words
    except (NotImplementedError, ValueError, OSError, EOFError, zlib.error) as exc:
        raise CorruptFile(f"{name}: 文件已损坏，无法读取 ({type(exc).__name__}: {exc})") from exc


def _check_member(data: bytes, info: zipfile.ZipInfo, name: str) -> None:
    """Inflate the member once, in steps: it must not unpack past its declared size, and an
    XML part must not declare a DTD. Stops as soon as either is broken."""
    prolog = Prolog() if info.filename.lower().endswith(XML_PARTS) else None
    total = 0
    try:
        for chunk in inflated(data, info):
            total += len(chunk)
            if total > info.file_size:
                raise CorruptFile(f"{info.filename} 声称解压后{info.file_size}字节，实际更大（伪装的压缩炸弹），已拒绝读取")
            if prolog is not None and prolog.feed(chunk):
                raise CorruptFile(f"{info.filename} 含有DTD/实体声明（可能是XML攻击），已拒绝读取")
    except CorruptFile as exc:
        raise CorruptFile(f"{name}: {exc}") from exc


def inflated(data: bytes, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """The member's bytes, 1 MB at a time, straight from the archive's data: the caller
    stops reading when it has seen enough. Office and zip tools only store or deflate;
    an encrypted member cannot be inflated by anyone without its password (nothing)."""
    if info.flag_bits & 0x1:
        return
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise CorruptFile(f"{info.filename}: 不支持的压缩方式（{info.compress_type}），已拒绝读取")
    header = data[info.header_offset : info.header_offset + 30]
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        raise CorruptFile(f"{info.filename}: 压缩包目录与内容不符，文件已损坏")
    name_length, extra_length = struct.unpack("<2H", header[26:30])
    begin = info.header_offset + 30 + name_length + extra_length
    packed = memoryview(data)[begin : begin + info.compress_size]
    if info.compress_type == zipfile.ZIP_STORED:
        for start in range(0, len(packed), MB):
            yield bytes(packed[start : start + MB])
        return
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    pending: bytes | memoryview = packed
    while pending and not inflater.eof:
        yield inflater.decompress(pending, MB)
        pending = inflater.unconsumed_tail
    yield inflater.flush()


class Prolog:
    """Watches an XML part's prolog for a DTD, the only place one (and so any entity) can
    be declared. expat reads it (any encoding Office writes, comments, processing
    instructions) until the root element starts, usually within the first hundred bytes,
    so the rest of the part is never scanned. Where expat cannot read the prolog, every
    byte from there on is searched for the markup instead."""

    def __init__(self) -> None:
        self.parser: xml.parsers.expat.XMLParserType | None = xml.parsers.expat.ParserCreate()
        self.parser.StartDoctypeDeclHandler = self._doctype
        self.parser.StartElementHandler = self._root
        self.tail = b""  # the last bytes seen, for a mark split across two chunks
        self.past_prolog = False

    def feed(self, chunk: bytes) -> bool:
        """True when the part declares a DTD."""
        if self.past_prolog:
            return False
        window, self.tail = self.tail + chunk, chunk[-32:]
        if self.parser is None:
            return any(mark in window for mark in _DTD_MARKS)
        try:
            self.parser.Parse(chunk, False)
        except _DoctypeFound:
            return True
        except _RootFound:
            self.past_prolog, self.parser = True, None
        except (xml.parsers.expat.ExpatError, ValueError, LookupError):  # ValueError: a multi-byte encoding
            self.parser = None  # an encoding expat lacks, or damage: search the bytes instead
            return any(mark in window for mark in _DTD_MARKS)
        return False

    def _doctype(self, *_: object) -> None:
        raise _DoctypeFound

    def _root(self, *_: object) -> None:
        raise _RootFound


class _DoctypeFound(Exception):
    pass


class _RootFound(Exception):
    pass
