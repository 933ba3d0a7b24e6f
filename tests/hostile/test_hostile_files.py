"""Hostile input, case 3: broken and disguised files. Each is read or recorded with a reason;
the good workbook beside it is always read."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from hostile_harness import Bot, comment_docx, good_xlsx, part, reply, rezip, start, zip_of

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
COMMENT = ("第16条", "建议将“每年至少召开一次联席会议”改为“每半年至少召开一次联席会议”", "便于及时协调解决问题")
MACRO = b"Attribute VB_Name = \"ThisDocument\"\r\nSub AutoOpen()\r\n Shell \"calc.exe\"\r\nEnd Sub\r\n"


@pytest.fixture
def bot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Bot:
    return start(tmp_path, monkeypatch)


def encrypted_office() -> bytes:
    """What Office writes for a password-protected .docx/.xlsx: an OLE compound file
    holding EncryptionInfo and EncryptedPackage streams."""
    directory = "EncryptionInfo".encode("utf-16-le") + bytes(50) + "EncryptedPackage".encode("utf-16-le")
    return OLE_MAGIC + bytes(504) + directory + bytes(4096)


def with_macros(data: bytes, main_part: str, old_type: bytes, new_type: bytes) -> bytes:
    """A normal package turned macro-enabled: vbaProject.bin, its relationship and content types."""
    folder = main_part.split("/")[0]
    rels_name = f"{folder}/_rels/{main_part.split('/')[1]}.rels"
    types = part(data, "[Content_Types].xml").replace(old_type, new_type).replace(
        b"</Types>", f'<Override PartName="/{folder}/vbaProject.bin" '
        'ContentType="application/vnd.ms-office.vbaProject"/></Types>'.encode()
    )
    rels = part(data, rels_name).replace(
        b"</Relationships>", b'<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/'
        b'relationships/vbaProject" Target="vbaProject.bin"/></Relationships>'
    )
    vba = OLE_MAGIC + bytes(504) + MACRO
    return rezip(data, {"[Content_Types].xml": types, rels_name: rels, f"{folder}/vbaProject.bin": vba})


def docm() -> bytes:
    return with_macros(
        comment_docx([COMMENT]), "word/document.xml",
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        b"application/vnd.ms-word.document.macroEnabled.main+xml",
    )


def xlsm() -> bytes:
    return with_macros(
        good_xlsx()[1], "xl/workbook.xml",
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    )


def nested_zip() -> bytes:
    innermost = zip_of({"意见.docx": comment_docx([COMMENT])})
    return zip_of({"第二层.zip": zip_of({"第三层.zip": innermost})})


BROKEN: dict[str, tuple[str, Callable[[], bytes], str, str]] = {
    # case: (filename, build, status, words the reason must hold)
    "truncated_docx": ("截断.docx", lambda: comment_docx([COMMENT])[:3000], "error", "not a readable Word file"),
    "pdf_named_docx": ("其实是PDF.docx", lambda: b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n", "error", "not a readable PDF"),
    "png_named_docx": ("其实是图片.docx", lambda: b"\x89PNG\r\n\x1a\n" + bytes(200), "error", "not a readable picture"),
    "encrypted_docx": ("加密.docx", encrypted_office, "error", "加密"),
    "encrypted_xlsx": ("加密.xlsx", encrypted_office, "error", "加密"),
    "empty_file": ("空文件.docx", lambda: b"", "skipped", "空文件"),
    "zip_in_zip_in_zip": ("三层.zip", nested_zip, "error", "嵌套过深"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_or_disguised_file_is_recorded_with_a_reason(bot: Bot, case: str) -> None:
    """GIVEN a reply whose attachment is broken or not what its name says
    WHEN ingested THEN that attachment is recorded with a readable reason and the good
    workbook's 7 comments still count."""
    name, build, status, reason = BROKEN[case]
    bot.ingest(reply((name, build())))
    rows = [a for a in bot.message("<hostile@wangqing.example>")["attachments"] if a["filename"].startswith(name)]
    assert rows and all(a["status"] == status for a in rows), rows
    assert any(reason in (a["error"] or "") for a in rows), rows
    bot.assert_good_attachment_read()


@pytest.mark.parametrize("name", ["宏.docm", "宏.xlsm"])
def test_macro_enabled_files_are_read_as_text_and_nothing_runs(bot: Bot, name: str) -> None:
    """GIVEN a .docm / .xlsm carrying a vbaProject.bin (an AutoOpen macro) WHEN ingested
    THEN its comments are read like a .docx / .xlsx's, and the macro is only ever bytes."""
    data = docm() if name.endswith(".docm") else xlsm()
    # Alone: beside the good workbook, the .xlsm's comments (the same workbook's) would count once.
    bot.ingest(reply((name, data), with_good=False))
    assert bot.attachment("<hostile@wangqing.example>", name)["status"] == "read"
    clauses = sorted(c["clause"] for c in bot.unit_comments() if c["source"] == name)
    assert clauses == ([16] if name.endswith(".docm") else [3, 6, 12, 13, 14, 16, 18])
    assert "calc.exe" not in bot.cli("export").output


def test_a_3000_row_comment_table_completes(bot: Bot) -> None:
    """GIVEN a .docx whose comment table has 3,000 rows WHEN ingested THEN the run completes
    in bounded time and every row is a comment."""
    rows = [(f"第{i % 18 + 1}条", f"第{i}项建议：表述调整为“进一步加强和创新工会工作”。", "更准确") for i in range(3000)]
    measured = bot.ingest(reply(("大表格.docx", comment_docx(rows))))
    assert measured.seconds < 30, measured.seconds
    assert bot.attachment("<hostile@wangqing.example>", "大表格.docx")["status"] == "read"
    assert len([c for c in bot.unit_comments() if c["source"] == "大表格.docx"]) == 3000
    bot.assert_good_attachment_read()
