"""Hostile input: bodies whose charset label is wrong, or half right. The declared charset is
used while it fits (a stray GBK name in UTF-8 costs two U+FFFD, not the whole body); a label
that fails broadly or cannot describe the bytes gives way to what the bytes are."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from hostile_harness import UNIT, UNIT_ADDRESS, Bot, start

COMMENT = "第16条中“每年至少召开一次联席会议”，建议改为“每半年至少召开一次联席会议”，以便及时协调解决问题。"
MESSAGE_ID = "<charset@wangqing.example>"


@pytest.fixture
def bot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Bot:
    return start(tmp_path, monkeypatch)


def mail(body: bytes, content_type: str, cte: str = "base64") -> bytes:
    encoded = base64.encodebytes(body).replace(b"\n", b"\r\n") if cte == "base64" else body
    head = (
        f"From: {UNIT_ADDRESS}\r\nTo: xcjyb@ybgh.example\r\nSubject: =?utf-8?B?5L+u5pS55oSP6KeB?=\r\n"
        f"Date: Fri, 12 Sep 2014 15:37:00 +0800\r\nMessage-ID: {MESSAGE_ID}\r\nMIME-Version: 1.0\r\n"
        f"Content-Type: {content_type}\r\nContent-Transfer-Encoding: {cte}\r\n\r\n"
    )
    return head.encode() + encoded


def the_comment(bot: Bot) -> str:
    comments = bot.unit_comments(MESSAGE_ID)
    assert len(comments) == 1, comments
    return str(comments[0]["text"])


def test_stray_gbk_name_in_a_utf8_body(bot: Bot) -> None:
    """GIVEN a UTF-8 body into which a name was pasted as GBK bytes WHEN ingested THEN the body
    is read as UTF-8 (the name's two bytes are at most two U+FFFD) and the comment is whole."""
    text = f"宣教部：\r\n1. {COMMENT}\r\n联系人：王喆\r\n{UNIT}\r\n"
    body = text.encode("utf-8").replace("王喆".encode(), "王".encode() + "喆".encode("gbk"))
    bot.ingest(mail(body, "text/plain; charset=utf-8"))
    assert the_comment(bot) == COMMENT
    assert bot.message(MESSAGE_ID)["unit"] == UNIT


@pytest.mark.parametrize(
    "content_type",
    ["text/plain; charset=iso-8859-1", "text/plain; charset=us-ascii", "text/plain", "text/plain; charset=utf-8",
     "text/plain; charset=windows-1252"],
)
def test_gbk_body_under_a_wrong_label(bot: Bot, content_type: str) -> None:
    """GIVEN a GBK body labelled Latin-1, us-ascii, UTF-8, or not at all WHEN ingested THEN the
    comment is read in Chinese, not as Latin-1 or U+FFFD mojibake."""
    body = f"宣教部：\r\n1. {COMMENT}\r\n{UNIT}\r\n".encode("gbk")
    bot.ingest(mail(body, content_type))
    assert the_comment(bot) == COMMENT


def test_gbk_html_body_labelled_latin1(bot: Bot) -> None:
    html = f"<html><body><p>宣教部：</p><p>1. {COMMENT}</p><p>{UNIT}</p></body></html>"
    bot.ingest(mail(html.encode("gbk"), "text/html; charset=ISO-8859-1"))
    assert the_comment(bot) == COMMENT
