""".rar and .7z replies (parsers.files.archives): their files read like a .zip's, within the same limits."""
from __future__ import annotations

import email
import io
from email import policy
from pathlib import Path

import docx
import libarchive

from parsers.files.archives import archive_kind, archive_members
from parsers.files.attachments import read_attachments
from parsers.guard import Limits
from parsers.records import Attachment

from office_builders import small_draft

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _seven_zip(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with libarchive.custom_writer(out.write, "7zip") as archive:
        for name, data in files.items():
            archive.add_file_from_memory(name, len(data), data)
    return out.getvalue()


def _reply_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("3、建议志愿者年龄放宽到十四周岁。")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_7z_holding_a_reply_is_read_as_its_files() -> None:
    packed = _seven_zip({"意见.docx": _reply_docx()})
    assert archive_kind(packed) == "7z"
    [result] = read_attachments(Attachment("意见.7z", "application/x-7z-compressed", packed), small_draft())
    assert result.status == "read" and result.filename == "意见.7z/意见.docx"
    assert [b.text for b in result.blocks] == ["建议志愿者年龄放宽到十四周岁。"]


def test_a_rar_made_by_an_office_is_read() -> None:
    """The .rar of corpus-office6 (RAR 4, a Chinese file name) holds the unit's .docx."""
    message = email.message_from_bytes((FIXTURES / "corpus-office6" / "x015.eml").read_bytes(), policy=policy.default)
    packed = next(p.get_content() for p in message.iter_attachments() if archive_kind(p.get_content()) == "rar")
    [member] = archive_members(packed, "意见.rar", Limits())
    assert member.filename.endswith(".docx") and member.data[:2] == b"PK"


def test_a_bomb_is_refused_not_unpacked() -> None:
    packed = _seven_zip({"zeros.txt": bytes(8 * 1024 * 1024)})
    [result] = read_attachments(Attachment("a.7z", "application/octet-stream", packed), small_draft(),
                                limits=Limits(attachment_bytes=1024 * 1024))
    assert result.status == "error" and result.error.startswith("too_large")


def test_a_damaged_archive_is_a_clear_error() -> None:
    [result] = read_attachments(Attachment("a.rar", "application/octet-stream", b"Rar!\x1a\x07\x00" + b"\x00" * 200), small_draft())
    assert result.status == "error" and "rar" in result.error


def _tnef(files: dict[str, bytes]) -> bytes:
    """A winmail.dat as Outlook writes one: signature, key, then for each file its rendering
    data, title and data attributes (level 2), each with its checksum."""
    import struct

    def attribute(name: int, kind: int, data: bytes) -> bytes:
        return struct.pack("<BHHI", 2, name, kind, len(data)) + data + struct.pack("<H", sum(data) & 0xFFFF)

    out = b"\x78\x9f\x3e\x22" + struct.pack("<H", 0x1234)
    for filename, data in files.items():
        out += attribute(0x9002, 0x0006, b"\x00" * 14)
        out += attribute(0x8010, 0x0001, filename.encode() + b"\x00")
        out += attribute(0x800F, 0x0006, data)
    return out


def test_a_reply_outlook_wrapped_in_winmail_dat_is_read() -> None:
    """GIVEN Outlook's rich-text mail: the .docx travels inside winmail.dat (application/ms-tnef)
    WHEN read THEN the .docx inside it is read as if attached alone."""
    packed = _tnef({"意见.docx": _reply_docx()})
    assert archive_kind(packed) == "tnef"
    [result] = read_attachments(Attachment("winmail.dat", "application/ms-tnef", packed), small_draft())
    assert result.status == "read" and result.filename == "winmail.dat/意见.docx"
    assert [b.text for b in result.blocks] == ["建议志愿者年龄放宽到十四周岁。"]


def test_a_winmail_dat_without_files_is_skipped_with_its_reason() -> None:
    [result] = read_attachments(Attachment("winmail.dat", "application/ms-tnef", _tnef({})), small_draft())
    assert result.status == "skipped" and "winmail.dat" in result.error
