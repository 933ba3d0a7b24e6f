"""Hostile input, case 4: attachment names that are paths, hold NUL, are 2,000 characters
long, or are raw GBK bytes in a header labelled UTF-8. Names are data only: nothing is ever
written under them, the stored name is clean, and both attachments are still read."""

from __future__ import annotations

import base64
import os
from pathlib import Path

import pytest

from hostile_harness import UNIT_ADDRESS, Bot, comment_docx, good_xlsx, start

COMMENT = ("第16条", "建议将“每年至少召开一次联席会议”改为“每半年至少召开一次联席会议”", "便于及时协调解决问题")
MESSAGE_ID = "<names@wangqing.example>"


@pytest.fixture
def bot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Bot:
    return start(tmp_path, monkeypatch)


def attachment_part(name_params: bytes, data: bytes) -> bytes:
    encoded = base64.encodebytes(data).replace(b"\n", b"\r\n")
    return (
        b"Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document;" + name_params
        + b"\r\nContent-Disposition: attachment;" + name_params.replace(b" name", b" filename")
        + b"\r\nContent-Transfer-Encoding: base64\r\n\r\n" + encoded
    )


def mail_with(name_params: bytes) -> bytes:
    """Written byte by byte: a docx whose name parameters are `name_params`, then the good .xlsx."""
    xlsx_name, xlsx = good_xlsx()
    parts = [
        b"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        + "宣教部：修改意见见附件。\r\n汪清县总工会\r\n".encode(),
        attachment_part(name_params, comment_docx([COMMENT])),
        attachment_part(f' name="{xlsx_name}"'.encode(), xlsx),
    ]
    head = (
        f"From: =?utf-8?B?{base64.b64encode('汪清县总工会'.encode()).decode()}?= <{UNIT_ADDRESS}>\r\n"
        f"To: xcjyb@ybgh.example\r\nSubject: =?utf-8?B?{base64.b64encode('修改意见'.encode()).decode()}?=\r\n"
        f"Message-ID: {MESSAGE_ID}\r\nDate: Fri, 12 Sep 2014 15:37:00 +0800\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/mixed; charset=utf-8; boundary="b0undary"\r\n\r\n'
    ).encode()
    return head + b"".join(b"--b0undary\r\n" + p + b"\r\n" for p in parts) + b"--b0undary--\r\n"


NAMES = {
    "parent_path": b' name="../../etc/passwd"',
    "absolute_path": b' name="/etc/passwd"',
    "windows_path": b' name="..\\\\..\\\\Windows\\\\win.ini"',
    "nul_byte": b' name="\xe6\x84\x8f\xe8\xa7\x81\x00.docx"',
    "2000_characters": b' name="' + "意见".encode() * 998 + b'.docx"',
    "raw_gbk_labelled_utf8": b' charset=utf-8; name="' + "汪清县意见.docx".encode("gbk") + b'"',
    "gbk_in_utf8_encoded_word": b' name="=?utf-8?B?' + base64.b64encode("汪清县意见.docx".encode("gbk")) + b'?="',
}


@pytest.mark.parametrize("case", sorted(NAMES))
def test_hostile_attachment_names_are_data_only(bot: Bot, case: str) -> None:
    """GIVEN a reply whose .docx has a hostile name WHEN ingested THEN no file is written
    under that name anywhere, the stored name has no NUL and at most 255 characters, and
    both the docx's comment and the good workbook's 7 comments count."""
    passwd = os.stat("/etc/passwd")
    bot.ingest(mail_with(NAMES[case]))
    assert not (bot.root / "../../etc/passwd").resolve().exists()
    assert (os.stat("/etc/passwd").st_mtime_ns, os.stat("/etc/passwd").st_size) == (passwd.st_mtime_ns, passwd.st_size)
    attachments = bot.message(MESSAGE_ID)["attachments"]
    assert len(attachments) == 2, attachments
    for row in attachments:
        assert "\x00" not in row["filename"] and 0 < len(row["filename"]) <= 255, row
        assert row["status"] == "read", row
    comments = [c for c in bot.comments() if c["message_id"] == MESSAGE_ID]
    assert all("\x00" not in c["source"] and len(c["source"]) <= 255 for c in comments)
    docx_name = next(a["filename"] for a in attachments if a["filename"] != good_xlsx()[0])
    assert [c["clause"] for c in comments if c["source"] == docx_name] == [16]
    bot.assert_good_attachment_read(MESSAGE_ID)
    if "gbk" in case:
        assert docx_name == "汪清县意见.docx"
