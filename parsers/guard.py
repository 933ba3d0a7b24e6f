"""Checks made before an untrusted Office file or archive is opened.

.docx, .xlsx and .zip are ZIP files: a few kilobytes can claim gigabytes
(a zip bomb), and their XML parts can declare entities (billion laughs) or
external entities (XXE). Office never writes a DTD into OOXML, so a part that
has one is refused outright; member counts are checked from the ZIP directory,
and each member's size is checked by inflating it in bounded steps, because the
directory's sizes are the sender's word: zipfile's read() inflates a whole member
before cutting it to the declared size, so a member that lies about its size
would otherwise unpack in full inside python-docx or openpyxl.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass

from parsers.errors import CorruptFile, TooLarge

MB = 1024 * 1024
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


def check_package(data: bytes, name: str, limits: Limits) -> None:
    """Raise TooLarge or CorruptFile unless the ZIP is safe to hand to python-docx/openpyxl.
    Not a ZIP at all (an encrypted OLE file, a truncated file): the reader says what it is.
    Data before the ZIP (which zipfile accepts) does not skip the checks."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if len(infos) > limits.zip_members:
                raise TooLarge(f"{name}: 压缩包内有{len(infos)}个文件，超过上限{limits.zip_members}个，已拒绝读取")
            _check_unpacked_sizes(data, infos, name, limits.attachment_bytes)
            for info in infos:
                if info.filename.lower().endswith((".xml", ".rels", ".vml")):
                    _check_xml_prolog(archive, info, name)
    except zipfile.BadZipFile:
        return  # not a ZIP, or its directory is unreadable: the reader says so in its own words
    except (NotImplementedError, ValueError, OSError, EOFError, zlib.error) as exc:
        raise CorruptFile(f"{name}: 文件已损坏，无法读取 ({type(exc).__name__}: {exc})") from exc


def _check_unpacked_sizes(data: bytes, infos: list[zipfile.ZipInfo], name: str, limit: int) -> None:
    """The declared sizes add up to at most `limit`, and no member unpacks past its declared size."""
    declared = sum(i.file_size for i in infos)
    if declared > limit:
        raise TooLarge(f"{name}: 解压后{declared // MB} MB，超过上限{limit // MB} MB（可能是压缩炸弹），已拒绝读取")
    for info in infos:
        try:
            unpacked = unpacked_size(data, info, info.file_size)
        except CorruptFile as exc:
            raise CorruptFile(f"{name}: {exc}") from exc
        if unpacked > info.file_size:
            raise CorruptFile(
                f"{name}: {info.filename} 声称解压后{info.file_size}字节，实际更大（伪装的压缩炸弹），已拒绝读取"
            )


def unpacked_size(data: bytes, info: zipfile.ZipInfo, stop_after: int) -> int:
    """How many bytes the member really inflates to, counted in 1 MB steps and only until
    past `stop_after`. Office and zip tools only store or deflate; an encrypted member
    cannot be inflated by anyone without its password, so its declared size stands."""
    if info.compress_type == zipfile.ZIP_STORED or info.flag_bits & 0x1:
        return info.file_size if info.flag_bits & 0x1 else info.compress_size
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise CorruptFile(f"{info.filename}: 不支持的压缩方式（{info.compress_type}），已拒绝读取")
    header = data[info.header_offset : info.header_offset + 30]
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        raise CorruptFile(f"{info.filename}: 压缩包目录与内容不符，文件已损坏")
    name_length, extra_length = struct.unpack("<2H", header[26:30])
    begin = info.header_offset + 30 + name_length + extra_length
    pending: bytes | memoryview = memoryview(data)[begin : begin + info.compress_size]
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    total = 0
    while pending and not inflater.eof and total <= stop_after:
        total += len(inflater.decompress(pending, MB))
        pending = inflater.unconsumed_tail
    return total if total > stop_after else total + len(inflater.flush())


def _check_xml_prolog(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> None:
    """Scan the whole part (a comment can push a DTD far down the prolog), in chunks."""
    tail = b""
    with archive.open(info) as part:
        while chunk := part.read(1024 * 1024):
            window = tail + chunk
            if any(mark in window for mark in _DTD_MARKS):
                raise CorruptFile(f"{name}: {info.filename} 含有DTD/实体声明（可能是XML攻击），已拒绝读取")
            tail = window[-32:]
