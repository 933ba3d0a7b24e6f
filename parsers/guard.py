"""Checks made before an untrusted Office file or archive is opened.

.docx, .xlsx and .zip are ZIP files: a few kilobytes can claim gigabytes
(a zip bomb), and their XML parts can declare entities (billion laughs) or
external entities (XXE). Office never writes a DTD into OOXML, so a part that
has one is refused outright; sizes and member counts are checked from the
ZIP directory before anything is decompressed, and zipfile never inflates a
member past its declared size.
"""

from __future__ import annotations

import io
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
    Not a ZIP at all (an encrypted OLE file, a truncated file): the reader says what it is."""
    if data[:4] != b"PK\x03\x04":
        return
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if len(infos) > limits.zip_members:
                raise TooLarge(f"{name}: 压缩包内有{len(infos)}个文件，超过上限{limits.zip_members}个，已拒绝读取")
            total = sum(i.file_size for i in infos)
            if total > limits.attachment_bytes:
                raise TooLarge(
                    f"{name}: 解压后{total // MB} MB，超过上限{limits.attachment_bytes // MB} MB（可能是压缩炸弹），已拒绝读取"
                )
            for info in infos:
                if info.filename.lower().endswith((".xml", ".rels", ".vml")):
                    _check_xml_prolog(archive, info, name)
    except zipfile.BadZipFile:
        return  # the directory is unreadable: the reader reports the damage in its own words
    except (NotImplementedError, ValueError, OSError, EOFError, zlib.error) as exc:
        raise CorruptFile(f"{name}: 文件已损坏，无法读取 ({type(exc).__name__}: {exc})") from exc


def _check_xml_prolog(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> None:
    """Scan the whole part (a comment can push a DTD far down the prolog), in chunks."""
    tail = b""
    with archive.open(info) as part:
        while chunk := part.read(1024 * 1024):
            window = tail + chunk
            if any(mark in window for mark in _DTD_MARKS):
                raise CorruptFile(f"{name}: {info.filename} 含有DTD/实体声明（可能是XML攻击），已拒绝读取")
            tail = window[-32:]
