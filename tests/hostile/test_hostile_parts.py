"""Hostile input: one broken MIME part among good ones, automatic mail, and quoted history.
A broken part is skipped and every other part still read; an auto-reply or receipt is never
a submission; the notice a reply quotes (plain or in an HTML <blockquote>) is not its comments."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from hostile_harness import UNIT, UNIT_ADDRESS, Bot, good_xlsx, start

MESSAGE_ID = "<parts@wangqing.example>"
COMMENT = "第16条中“每年至少召开一次联席会议”，建议改为“每半年至少召开一次联席会议”，以便及时协调解决问题。"
# The notice as replies quote it: its lines would be comments if they were read as the reply's.
NOTICE_LINES = [
    "各县（市）总工会：",
    "建议各单位将第3条的修改意见填入附件表格，第5条建议删除的请说明理由。",
    "请于9月25日前反馈。",
    "延边州总工会宣教部",
]


@pytest.fixture
def bot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Bot:
    return start(tmp_path, monkeypatch)


def b64(data: bytes) -> bytes:
    return base64.encodebytes(data).replace(b"\n", b"\r\n")


def text_part(text: str, subtype: str = "plain", charset: str = "gbk") -> bytes:
    return (f"Content-Type: text/{subtype}; charset={charset}\r\nContent-Transfer-Encoding: base64\r\n\r\n").encode() + b64(
        text.encode(charset)
    )


def good_part() -> bytes:
    name, data = good_xlsx()
    word = "=?utf-8?B?" + base64.b64encode(name.encode()).decode() + "?="
    return (
        f'Content-Type: application/octet-stream; name="{word}"\r\nContent-Transfer-Encoding: base64\r\n'
        f'Content-Disposition: attachment; filename="{word}"\r\n\r\n'
    ).encode() + b64(data)


def mail(*parts: bytes, subject: str = "修改意见", extra: str = "", ctype: str = "multipart/mixed") -> bytes:
    head = (
        f"From: =?utf-8?B?{base64.b64encode(UNIT.encode()).decode()}?= <{UNIT_ADDRESS}>\r\nTo: xcjyb@ybgh.example\r\n"
        f"Subject: =?utf-8?B?{base64.b64encode(subject.encode()).decode()}?=\r\nDate: Fri, 12 Sep 2014 15:37:00 +0800\r\n"
        f'Message-ID: {MESSAGE_ID}\r\n{extra}MIME-Version: 1.0\r\nContent-Type: {ctype}; boundary="PP"\r\n\r\n'
    ).encode()
    return head + b"".join(b"--PP\r\n" + part + b"\r\n" for part in parts) + b"--PP--\r\n"


COVER = f"宣教部：\r\n  我会修改意见见附件，请查收。\r\n{UNIT}\r\n"
BROKEN = {
    "damaged_base64_docx": (
        b'Content-Type: application/octet-stream; name="yijian.docx"\r\nContent-Transfer-Encoding: base64\r\n'
        b'Content-Disposition: attachment; filename="yijian.docx"\r\n\r\nUEsDBBQAAAAIA!!\xd6\xd0\r\nAAAAA\r\n'
    ),
    "rfc2231_charset_on_8bit_text": (
        b"Content-Type: text/plain; charset*=''gbk\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + "附言。".encode("gbk")
    ),
    "garbage_content_type": b"Content-Type: ;;;\x01==\r\n\r\n\x00\x01\x02\x03",
    "unreadable_forward": b"Content-Type: message/rfc822\r\n\r\n\x00\x00\x00\x89PNG\r\n",
    "multipart_without_boundary_lines": b"Content-Type: multipart/mixed\r\n\r\nnothing to split\r\n",
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_one_broken_part_leaves_the_rest_read(bot: Bot, case: str) -> None:
    """GIVEN a reply with a cover note, one broken part and the unit's good workbook WHEN
    ingested THEN the message is stored (not an error) and the workbook's comments are read."""
    bot.ingest(mail(text_part(COVER), BROKEN[case], good_part()))
    message = bot.message(MESSAGE_ID)
    assert message["status"] != "error", message
    assert (message["unit"], message["kind"]) == (UNIT, "submission"), message
    bot.assert_good_attachment_read(MESSAGE_ID)
    assert not [a for a in message["attachments"] if a["filename"] == "yijian.docx"]


@pytest.mark.parametrize(
    ("subject", "extra"),
    [
        ("自动回复：关于征求《职工权益保障条例（征求意见稿）》意见的通知", ""),
        ("Automatic reply: 关于征求意见的通知", "X-Auto-Response-Suppress: All\r\n"),
        ("关于征求意见的通知", "X-Autoreply: yes\r\n"),
        ("已读：关于征求意见的通知", ""),
        ("未送达：关于征求意见的通知", ""),
    ],
    ids=["zh_auto_reply", "outlook_automatic_reply", "x_autoreply", "read_receipt", "bounce"],
)
def test_auto_replies_and_receipts_are_never_submissions(bot: Bot, subject: str, extra: str) -> None:
    """GIVEN an auto-reply, read receipt or bounce that quotes the notice's proposals WHEN
    ingested THEN it is stored as not a reply, with no comments and nothing for the clerk
    to confirm, and no receipt goes back."""
    body = "我近期休假，不在办公室。\r\n" + "\r\n".join(NOTICE_LINES) + "\r\n"
    bot.ingest(mail(text_part(body), subject=subject, extra=extra))
    message = bot.message(MESSAGE_ID)
    assert (message["kind"], message["comments"], message["review"]) == ("ignore", 0, None), message
    assert bot.outbox_mails() == []


REPLY = f"宣教部：\r\n1. {COMMENT}\r\n{UNIT}\r\n"
QUOTED = {
    "foxmail": REPLY + "\r\n------------------ 原始邮件 ------------------\r\n发件人: \"宣教部\"<xcjyb@ybgh.example>;\r\n"
    "发送时间: 2014年9月1日(星期一) 上午9:30\r\n收件人: \"汪清县总工会\"<wqxzgh@wangqing.example>;\r\n主题: 征求意见\r\n\r\n",
    "outlook_no_separator": REPLY + "\r\n发件人: 宣教部 [mailto:xcjyb@ybgh.example]\r\n发送时间: 2014年9月1日 9:30\r\n"
    "收件人: 汪清县总工会\r\n主题: 征求意见\r\n\r\n",
    "gmail_chinese": REPLY + "\r\n宣教部 <xcjyb@ybgh.example> 于2014年9月1日周一 上午9:30写道：\r\n\r\n",
    "iphone": REPLY + "\r\n发自我的iPhone\r\n\r\n",
    "wrapped_attribution": REPLY + '\r\n在 2014-09-01 09:30:00，"宣教部" <xcjyb@ybgh.example>\r\n写道：\r\n',
}


@pytest.mark.parametrize("case", sorted(QUOTED))
def test_quoted_notice_is_not_the_reply(bot: Bot, case: str) -> None:
    quote = "\r\n".join(NOTICE_LINES)
    if case == "iphone":
        quote = "\r\n".join("> " + line for line in ["在 2014年9月1日，上午9:30，宣教部 <xcjyb@ybgh.example> 写道：", *NOTICE_LINES])
    bot.ingest(mail(text_part(QUOTED[case] + quote + "\r\n")))
    assert [c["text"] for c in bot.unit_comments(MESSAGE_ID)] == [COMMENT]


def test_html_only_reply_quoting_in_a_blockquote(bot: Bot) -> None:
    """GIVEN an HTML-only reply (163 web mail) with the notice in a <blockquote> WHEN ingested
    THEN only the reply's own comment is read."""
    html = (
        f"<div>宣教部：</div><div>1. {COMMENT}</div><div>{UNIT}</div><div><br></div>"
        "<div>在 2014-09-01 09:30:00，&quot;宣教部&quot;&lt;xcjyb@ybgh.example&gt; 写道：</div>"
        '<blockquote id="isReplyContent" style="PADDING-LEFT: 1ex; MARGIN: 0px 0px 0px 0.8ex; BORDER-LEFT: #ccc 1px solid">'
        + "".join(f"<div>{line}</div>" for line in NOTICE_LINES) + "</blockquote>"
    )
    bot.ingest(mail(text_part(html, "html", "utf-8"), ctype="multipart/alternative"))
    assert [c["text"] for c in bot.unit_comments(MESSAGE_ID)] == [COMMENT]
    assert bot.message(MESSAGE_ID)["comments"] == 1
