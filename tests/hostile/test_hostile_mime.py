"""Hostile input, case 5: MIME structure and charsets. Every message is ingested, or recorded
with a reason; none is dropped."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import pytest

from hostile_harness import UNIT, UNIT_ADDRESS, Bot, good_xlsx, reply, sha256, start

COMMENT_LINE = "1. 第16条中“每年至少召开一次联席会议”，建议改为“每半年至少召开一次联席会议”，以便及时协调解决问题。"


@pytest.fixture
def bot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Bot:
    return start(tmp_path, monkeypatch)


def head(message_id: str | None = "<mime@wangqing.example>", extra: str = "", sender: str | None = UNIT_ADDRESS) -> bytes:
    lines = [f"From: {sender}"] if sender is not None else []
    lines += ["To: xcjyb@ybgh.example", "Subject: =?utf-8?B?5L+u5pS55oSP6KeB?=", "Date: Fri, 12 Sep 2014 15:37:00 +0800"]
    lines += [f"Message-ID: {message_id}"] if message_id else []
    return ("\r\n".join(lines) + "\r\n" + extra + "MIME-Version: 1.0\r\n").encode()


def plain(body: bytes, charset: str, **kwargs: Any) -> bytes:
    return head(**kwargs) + f"Content-Type: text/plain; charset={charset}\r\nContent-Transfer-Encoding: 8bit\r\n\r\n".encode() + body


def body_text(signature: str = UNIT) -> str:
    return f"宣教部：\r\n{COMMENT_LINE}\r\n{signature}\r\n"


def assert_listed(bot: Bot, message_id: str) -> dict[str, Any]:
    """Stored, and when it could not be read, the row says why."""
    message = bot.message(message_id)
    if message["status"] == "error":
        assert message["error"] and len(message["error"]) > 10, message
    return message


def test_gb2312_label_on_gb18030_characters(bot: Bot) -> None:
    """GIVEN a body labelled GB2312 holding characters only GBK/GB18030 have (镕, 喆, 𠀀)
    WHEN ingested THEN they are read, not replaced."""
    text = body_text().replace("以便", "请王喆、朱镕同志𠀀以便")
    bot.ingest(plain(text.encode("gb18030"), "gb2312"))
    comments = bot.unit_comments("<mime@wangqing.example>")
    assert len(comments) == 1 and all(ch in comments[0]["text"] for ch in "镕喆𠀀"), comments


@pytest.mark.parametrize("charset", ["utf-8", "x-no-such-charset", "zlib"])
def test_undecodable_bytes_in_the_body(bot: Bot, charset: str) -> None:
    """GIVEN a body with bytes neither its label, UTF-8 nor GB18030 decodes (the label may
    name no codec, or a codec that is not a text encoding) WHEN ingested THEN it is stored
    (fixed: the last fallback decoded with the unknown label and raised LookupError)."""
    raw = plain(body_text().encode() + b"\xff\xfe\x80\x81\xc0\xaf garbage\r\n", charset)
    bot.ingest(raw)
    message = assert_listed(bot, "<mime@wangqing.example>")
    assert message["status"] != "error", message


def test_no_message_id_gets_the_sha256(bot: Bot) -> None:
    raw = plain(body_text().encode(), "utf-8", message_id=None)
    bot.ingest(raw)
    message = assert_listed(bot, f"<sha256:{sha256(raw)}>")
    assert message["unit"] == UNIT and message["comments"] == 1


def test_two_different_messages_with_one_message_id_are_both_kept(bot: Bot) -> None:
    """GIVEN two different replies under the same Message-ID (a broken client)
    WHEN ingested THEN both are listed, the second under a key of its own with a review note."""
    first = reply(message_id="<same@wangqing.example>", with_good=True)
    second = plain(body_text().encode(), "utf-8", message_id="<same@wangqing.example>")
    bot.ingest(first, second)
    listed = [m for m in bot.messages() if m["message_id"].startswith("<same@wangqing.example>")]
    assert len(listed) == 2, listed
    other = next(m for m in listed if m["message_id"] != "<same@wangqing.example>")
    assert "Message-ID相同但内容不同" in other["review"]
    assert {m["comments"] for m in listed} == {7, 1}


MALFORMED = {
    "header_without_colon": head(extra="This header line has no colon at all\r\n"),
    "unterminated_encoded_word": head(extra="Subject: =?utf-8?B?5L+u5pS55oSP\r\nX-Name: =?gb2312?Q?=D2=E2\r\n"),
    "encoded_word_unknown_charset": head(extra="X-Note: =?x-no-such-charset?B?5L+u?=\r\n"),
    "no_from": head(sender=None),
    "empty_from": head(sender=""),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_headers_are_ingested(bot: Bot, case: str) -> None:
    raw = MALFORMED[case] + b"Content-Type: text/plain; charset=utf-8\r\n\r\n" + body_text().encode()
    bot.ingest(raw)
    message = assert_listed(bot, "<mime@wangqing.example>")
    if case in ("no_from", "empty_from"):
        assert message["sender"] == "" and message["comments"] == 1
        assert message["kind"] == "submission", message  # the signature still names the unit


def nested(depth: int) -> bytes:
    """`depth` multiparts, each inside the last, the good workbook at the bottom."""
    name, data = good_xlsx()
    inner = (
        "Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n"
        f'Content-Disposition: attachment; filename="=?utf-8?B?{base64.b64encode(name.encode()).decode()}?="\r\n\r\n'
    ).encode() + base64.encodebytes(data)
    for level in range(depth):
        inner = f'Content-Type: multipart/mixed; boundary="b{level}"\r\n\r\n--b{level}\r\n'.encode() + inner + f"\r\n--b{level}--\r\n".encode()
    return head() + inner


@pytest.mark.parametrize("depth", [1000, 50])
def test_nested_multiparts(bot: Bot, depth: int) -> None:
    """GIVEN a reply whose parts nest `depth` deep WHEN ingested THEN it is stored: read
    when the nesting is sane, else recorded as nested too deeply (and refused before the
    stdlib parser, which would spend seconds per megabyte on it)."""
    measured = bot.ingest(nested(depth))
    message = assert_listed(bot, "<mime@wangqing.example>")
    if depth == 50:
        bot.assert_good_attachment_read("<mime@wangqing.example>")
    else:
        assert message["status"] == "error" and "nested too deeply" in message["error"], message
        assert measured.seconds < 5, measured.seconds
