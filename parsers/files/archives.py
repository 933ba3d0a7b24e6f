""".rar and .7z attachments, and Outlook's winmail.dat: the files inside them, read like a .zip's.

An office packs a reply's .docx (or a scan and its typed copy) with WinRAR or 7-Zip as often
as with a zip tool. libarchive reads both (RAR 4 and 5, 7z with LZMA/LZMA2) through the
libarchive-c binding; the members are unpacked in memory, in steps, and no further than the
same limits a .zip keeps to (member count, total size), so a bomb is refused, not unpacked.
"""

from __future__ import annotations

import os
from typing import Any

from parsers.errors import CorruptFile, EncryptedFile, TooLarge
from parsers.guard import MB, Limits
from parsers.records import Attachment

RAR_MAGIC = (b"Rar!\x1a\x07\x00", b"Rar!\x1a\x07\x01\x00")
TNEF_MAGIC = b"\x78\x9f\x3e\x22"  # 0x223E9F78, little-endian: Outlook's "rich text" wrapper (winmail.dat)
SEVEN_ZIP_MAGIC = b"7z\xbc\xaf\x27\x1c"


def archive_kind(data: bytes) -> str | None:
    """rar, 7z or tnef by the file's first bytes, whatever its name says."""
    if data.startswith(TNEF_MAGIC):
        return "tnef"
    if data.startswith(RAR_MAGIC):
        return "rar"
    if data.startswith(SEVEN_ZIP_MAGIC):
        return "7z"
    return None


def archive_members(data: bytes, name: str, limits: Limits) -> list[Attachment]:
    """The files in a .rar or .7z. Raises TooLarge past the limits, EncryptedFile for a
    password, CorruptFile for damage or when libarchive itself is missing from the machine."""
    try:
        import libarchive  # type: ignore[import-untyped]  # libarchive-c ships no type hints
    except (ImportError, OSError) as exc:  # the binding loads libarchive.so at import
        raise CorruptFile(f"{name}: 读取 .rar/.7z 需要系统库 libarchive（Debian: apt install libarchive13）({exc})") from exc
    members: list[Attachment] = []
    total = 0
    try:
        seen = 0
        with libarchive.memory_reader(data) as archive:
            for number, entry in enumerate(archive, start=1):
                seen = number
                if not entry.isfile:
                    continue
                if len(members) >= limits.zip_members:
                    raise TooLarge(f"{name}: 压缩包内文件超过上限{limits.zip_members}个，已拒绝读取")
                content, total = _unpacked(entry, name, total, limits)
                members.append(Attachment(f"{name}/{_member_name(entry, number)}", "application/octet-stream", content))
        if not seen:  # libarchive read no entry and said nothing: not an archive it can open
            raise CorruptFile(f"{name}: 压缩包已损坏或不含任何文件，无法读取，请对方重新压缩后发送")
    except (TooLarge, CorruptFile):
        raise
    except Exception as exc:  # libarchive.ArchiveError and the decoders' own kinds
        if "passphrase" in str(exc).lower() or "encrypt" in str(exc).lower():
            raise EncryptedFile(f"{name}: 加密的压缩包，无法读取，请对方去掉密码后重发") from exc
        raise CorruptFile(f"{name}: 压缩包已损坏，无法读取 ({type(exc).__name__}: {exc})") from exc
    return members


def _unpacked(entry: Any, name: str, total: int, limits: Limits) -> tuple[bytes, int]:
    """One member's bytes, read block by block so a bomb stops at the limit."""
    chunks: list[bytes] = []
    for block in entry.get_blocks():
        total += len(block)
        if total > limits.attachment_bytes:
            raise TooLarge(f"{name}: 解压后超过{limits.attachment_bytes // MB} MB（可能是压缩炸弹），已拒绝读取")
        chunks.append(bytes(block))
    return b"".join(chunks), total


def _member_name(entry: Any, number: int) -> str:
    try:
        path = str(entry.pathname or "")
    except UnicodeError:  # a name in a code page libarchive could not decode
        path = ""
    return _safe(path) or f"文件{number}"


# TNEF attributes of an attachment (level 2): where one starts, its title, its bytes.
TNEF_ATTACHMENT_LEVEL = 2
ATT_ATTACH_REND_DATA, ATT_ATTACH_TITLE, ATT_ATTACH_DATA = 0x9002, 0x8010, 0x800F


def tnef_members(data: bytes, name: str, limits: Limits) -> list[Attachment]:
    """The files Outlook wrapped in a winmail.dat (sent in its "rich text" format): a reply's
    .docx may travel only there. Read here, attribute by attribute with every length checked
    against the bytes there are (tnefparse, tried first, hangs on a declared count of four
    billion properties and copies the file once per attribute); the message's own properties
    are skipped, the same limits as an archive's kept."""
    files: list[tuple[str, bytes]] = []
    offset, total = 6, 0
    while offset + 9 <= len(data):
        level, ident = data[offset], int.from_bytes(data[offset + 1:offset + 3], "little")
        length = int.from_bytes(data[offset + 5:offset + 9], "little")
        end = offset + 9 + length + 2  # the value, then its checksum
        if end > len(data):
            raise CorruptFile(f"{name}: Outlook 的 winmail.dat 不完整（在第{offset}字节处截断），无法读取，请对方重发")
        value = data[offset + 9:offset + 9 + length]
        if level == TNEF_ATTACHMENT_LEVEL and ident == ATT_ATTACH_REND_DATA:
            if len(files) >= limits.zip_members:
                raise TooLarge(f"{name}: 内含文件超过上限{limits.zip_members}个，已拒绝读取")
            files.append(("", b""))
        elif level == TNEF_ATTACHMENT_LEVEL and files and ident == ATT_ATTACH_TITLE:
            files[-1] = (_title(value), files[-1][1])
        elif level == TNEF_ATTACHMENT_LEVEL and files and ident == ATT_ATTACH_DATA:
            total += length
            if total > limits.attachment_bytes:
                raise TooLarge(f"{name}: 内含文件超过{limits.attachment_bytes // MB} MB，已拒绝读取")
            files[-1] = (files[-1][0], value)
        offset = end
    return [Attachment(f"{name}/{_safe(title) or f'文件{number}'}", "application/octet-stream", content)
            for number, (title, content) in enumerate(files, start=1) if content]


def _title(value: bytes) -> str:
    raw = value.split(b"\x00", 1)[0]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("gb18030", "replace")  # the sender's ANSI code page, on a Chinese Windows


def _safe(name: str) -> str:
    """A member's own name, shown safely: its last part, no control characters, never "." or ".."."""
    base = os.path.basename(name.replace("\\", "/"))
    base = "".join(ch for ch in base if ch.isprintable())
    return "" if base in (".", "..") else base
