"""parsers.envelope: raw mail bytes to an Envelope, Chinese encodings included."""

from __future__ import annotations

import base64
import quopri
import unicodedata
from email.header import Header
from email.message import EmailMessage
from email.mime.application import MIMEApplication
from email.mime.message import MIMEMessage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from pathlib import Path
from typing import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.envelope import parse_envelope
from parsers.errors import ParseError
from parsers.records import Envelope

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"
DOCX_BYTES = b"PK\x03\x04" + bytes(range(256)) * 4


def _raw(headers: dict[str, str], body: bytes, ctype: str, cte: str) -> bytes:
    lines = [f"{k}: {v}" for k, v in headers.items()]
    lines += ["MIME-Version: 1.0", f"Content-Type: {ctype}", f"Content-Transfer-Encoding: {cte}"]
    return "\r\n".join(lines).encode("ascii") + b"\r\n\r\n" + body


HEADERS = {"From": "Some One <Sender@Example.ORG>", "To": "bot@example.org", "Message-ID": "<m1@example.org>"}


def _with_attachment(disposition: bytes) -> bytes:
    head = (
        b"From: a@example.org\r\nMessage-ID: <att@example.org>\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="BB"\r\n\r\n'
        b"--BB\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nsee attached\r\n"
        b"--BB\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n"
    )
    payload = base64.encodebytes(DOCX_BYTES).replace(b"\n", b"\r\n")
    return head + b"Content-Disposition: " + disposition + b"\r\n\r\n" + payload + b"--BB--\r\n"


# -- bodies -----------------------------------------------------------------


def test_gb2312_base64_body() -> None:
    text = "第三条建议修改为：各级工会应当依法维护职工权益。"
    raw = _raw(HEADERS, base64.b64encode(text.encode("gb2312")), "text/plain; charset=gb2312", "base64")
    assert parse_envelope(raw).body_text == text


def test_gbk_quoted_printable_body() -> None:
    text = "建议删除第五条第二款。\n理由：与上位法重复。"
    body = quopri.encodestring(text.encode("gbk").replace(b"\n", b"\r\n"))
    raw = _raw(HEADERS, body, "text/plain; charset=GBK", "quoted-printable")
    assert parse_envelope(raw).body_text == text


@pytest.mark.parametrize("name", ["朱镕基", "张喆", "王䶮"])
def test_gb2312_label_with_gb18030_only_chars(name: str) -> None:
    text = f"联系人：{name}，电话 0433-1234567"
    raw = _raw(HEADERS, base64.b64encode(text.encode("gb18030")), 'text/plain; charset="gb2312"', "base64")
    assert parse_envelope(raw).body_text == text


def test_utf8_8bit_body() -> None:
    text = "无修改意见。\n延吉市某某工会"
    raw = _raw(HEADERS, text.encode("utf-8"), "text/plain; charset=utf-8", "8bit")
    assert parse_envelope(raw).body_text == text


def test_html_only_body_becomes_text() -> None:
    html = "<html><body><p>第一段意见</p><div>第二段&nbsp;意见</div></body></html>"
    msg = MIMEText(html, "html", "utf-8")
    msg["From"] = "a@example.org"
    env = parse_envelope(msg.as_bytes())
    assert [ln for ln in env.body_text.splitlines() if ln] == ["第一段意见", "第二段 意见"]


def test_alternative_prefers_plain() -> None:
    msg = MIMEMultipart("alternative")
    msg["From"] = "a@example.org"
    msg.attach(MIMEText("纯文本版本", "plain", "utf-8"))
    msg.attach(MIMEText("<p>网页版本</p>", "html", "utf-8"))
    env = parse_envelope(msg.as_bytes())
    assert env.body_text == "纯文本版本"
    assert env.attachments == ()


# -- headers ------------------------------------------------------------------


@pytest.mark.parametrize("charset", ["gb2312", "gbk", "utf-8"])
def test_rfc2047_subject_folded(charset: str) -> None:
    subject = "回复：关于征求《职工权益保障条例（征求意见稿）》意见的通知，某某县总工会反馈意见"
    encoded = Header(subject, charset, maxlinelen=60).encode()
    assert "\n" in encoded
    raw = _raw({**HEADERS, "Subject": encoded}, b"ok", "text/plain; charset=us-ascii", "7bit")
    assert parse_envelope(raw).subject == subject


def test_gbk_subject_word_with_gbk_only_char() -> None:
    word = "=?gbk?B?" + base64.b64encode("张喆的意见".encode("gbk")).decode() + "?="
    raw = _raw({**HEADERS, "Subject": word}, b"ok", "text/plain", "7bit")
    assert parse_envelope(raw).subject == "张喆的意见"


def test_sender_lowercased_and_named() -> None:
    name = Header("某某工会", "gb2312").encode()
    raw = _raw({**HEADERS, "From": f"{name} <Union@Example.ORG>"}, b"ok", "text/plain", "7bit")
    env = parse_envelope(raw)
    assert (env.sender, env.sender_name) == ("union@example.org", "某某工会")
    assert env.message_id == "<m1@example.org>"


@pytest.mark.parametrize("quote", ["", '"'])
def test_encoded_name_with_comma_keeps_address(quote: str) -> None:
    """GIVEN a From name that decodes to "某工会, 办公室" WHEN parsed THEN the address is not lost."""
    word = "=?gbk?B?" + base64.b64encode("某工会, 办公室".encode("gbk")).decode() + "?="
    raw = _raw({**HEADERS, "From": f"{quote}{word}{quote} <Office@Union.example>"}, b"ok", "text/plain", "7bit")
    env = parse_envelope(raw)
    assert (env.sender, env.sender_name) == ("office@union.example", "某工会, 办公室")


def test_whole_from_in_one_encoded_word() -> None:
    word = Header("某镇工会 <Town@Union.example>", "utf-8").encode()
    env = parse_envelope(_raw({**HEADERS, "From": word}, b"ok", "text/plain", "7bit"))
    assert (env.sender, env.sender_name) == ("town@union.example", "某镇工会")


def test_raw_8bit_gbk_sender_name() -> None:
    raw = b"From: " + "张喆".encode("gbk") + b" <Z@Union.example>\r\n\r\nbody"
    env = parse_envelope(raw)
    assert (env.sender, env.sender_name) == ("z@union.example", "张喆")


def test_missing_from_gives_empty_sender() -> None:
    raw = b"Subject: hi\r\nMessage-ID: <x@y>\r\n\r\nbody\r\n"
    env = parse_envelope(raw)
    assert (env.sender, env.sender_name) == ("", "")


def test_missing_message_id_is_stable_hash() -> None:
    raw = b"From: a@example.org\r\nSubject: hi\r\n\r\nbody\r\n"
    first = parse_envelope(raw).message_id
    assert first.startswith("<sha256:") and first.endswith(">")
    assert len(first) == len("<sha256:>") + 64
    assert parse_envelope(raw).message_id == first
    assert parse_envelope(raw + b"x").message_id != first


def test_date_iso() -> None:
    raw = _raw({**HEADERS, "Date": "Mon, 01 Sep 2014 09:30:00 +0800"}, b"ok", "text/plain", "7bit")
    assert parse_envelope(raw).date == "2014-09-01T09:30:00+08:00"


# -- attachments ------------------------------------------------------------


def test_rfc2231_gb18030_filename() -> None:
    name = "镕基工会修改意见.docx"
    quoted = "".join(f"%{b:02X}" for b in name.encode("gb18030"))
    raw = _with_attachment(f"attachment; filename*=gb18030''{quoted}".encode("ascii"))
    (att,) = parse_envelope(raw).attachments
    assert att.filename == name
    assert att.data == DOCX_BYTES


@pytest.mark.parametrize("label", ["gb2312", "GBK", ""])
def test_rfc2231_gb_label_with_gb18030_only_chars(label: str) -> None:
    """A "gb2312" RFC 2231 label on a name holding 喆 (GBK only) still decodes as GB18030."""
    name = "张喆意见.docx"
    quoted = "".join(f"%{b:02X}" for b in name.encode("gb18030"))
    raw = _with_attachment(f"attachment; filename*={label}''{quoted}".encode("ascii"))
    assert parse_envelope(raw).attachments[0].filename == name


def test_rfc2231_continuations() -> None:
    first, second = ("".join(f"%{b:02X}" for b in part.encode("gbk")) for part in ("张喆", "意见.docx"))
    raw = _with_attachment(f"attachment; filename*0*=gbk''{first}; filename*1*={second}".encode("ascii"))
    assert parse_envelope(raw).attachments[0].filename == "张喆意见.docx"


def test_rfc2047_filename() -> None:
    name = "某某街道总工会反馈意见表.xlsx"
    word = Header(name, "gbk").encode()
    raw = _with_attachment(f'attachment; filename="{word}"'.encode("ascii"))
    assert parse_envelope(raw).attachments[0].filename == name


@pytest.mark.parametrize("encoding", ["gbk", "utf-8"])
def test_raw_8bit_filename(encoding: str) -> None:
    name = "移动延边分公司工会修改建议（张喆）.docx"
    raw = _with_attachment(b'attachment; filename="' + name.encode(encoding) + b'"')
    (att,) = parse_envelope(raw).attachments
    assert att.filename == name
    assert att.data == DOCX_BYTES


def test_raw_8bit_name_in_content_type_only() -> None:
    name = "修改意见.docx"
    raw = _with_attachment(b"attachment").replace(
        b"Content-Type: application/octet-stream",
        b'Content-Type: application/octet-stream; name="' + name.encode("gbk") + b'"',
    )
    assert parse_envelope(raw).attachments[0].filename == name


def test_decomposed_name_is_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Résumé 意见.docx")
    assert decomposed != unicodedata.normalize("NFC", decomposed)
    msg = EmailMessage()
    msg["From"] = "a@example.org"
    msg.set_content("see attached")
    msg.add_attachment(DOCX_BYTES, maintype="application", subtype="octet-stream", filename=decomposed)
    (att,) = parse_envelope(msg.as_bytes()).attachments
    assert att.filename == "Résumé 意见.docx"


def test_attachment_bytes_and_type_preserved() -> None:
    msg = MIMEMultipart()
    msg["From"] = "a@example.org"
    msg.attach(MIMEText("正文", "plain", "utf-8"))
    part = MIMEApplication(DOCX_BYTES, "vnd.openxmlformats-officedocument.wordprocessingml.document")
    part.add_header("Content-Disposition", "attachment", filename=("gb18030", "", "意见.docx"))
    msg.attach(part)
    env = parse_envelope(msg.as_bytes())
    (att,) = env.attachments
    assert att.data == DOCX_BYTES
    assert att.content_type.endswith("wordprocessingml.document")
    assert att.filename == "意见.docx"
    assert env.body_text == "正文"


def test_text_attachment_is_not_body() -> None:
    msg = MIMEMultipart()
    msg["From"] = "a@example.org"
    msg.attach(MIMEText("正文", "plain", "utf-8"))
    note = MIMEText("附件里的文字", "plain", "utf-8")
    note.add_header("Content-Disposition", "attachment", filename="note.txt")
    msg.attach(note)
    env = parse_envelope(msg.as_bytes())
    assert env.body_text == "正文"
    assert [a.filename for a in env.attachments] == ["note.txt"]
    assert env.attachments[0].data.decode("utf-8") == "附件里的文字"


# -- forwards -----------------------------------------------------------------


def test_forwarded_rfc822_part() -> None:
    inner = MIMEMultipart()
    inner["From"] = "某镇工会 <Town@Union.example>"
    inner["Subject"] = "镇工会意见"
    inner["Message-ID"] = "<inner@union.example>"
    inner.attach(MIMEText("内层正文", "plain", "gbk"))
    doc = MIMEApplication(DOCX_BYTES)
    doc.add_header("Content-Disposition", "attachment", filename=("gbk", "", "镇工会意见.docx"))
    inner.attach(doc)
    outer = MIMEMultipart()
    outer["From"] = "forwarder@example.org"
    outer.attach(MIMEText("转发给你", "plain", "utf-8"))
    outer.attach(MIMEMessage(inner))
    env = parse_envelope(outer.as_bytes())
    assert env.body_text == "转发给你"
    assert env.attachments == ()
    (fwd,) = env.forwarded
    assert fwd.sender == "town@union.example"
    assert fwd.subject == "镇工会意见"
    assert fwd.body_text == "内层正文"
    assert [(a.filename, a.data) for a in fwd.attachments] == [("镇工会意见.docx", DOCX_BYTES)]


INNER = (
    b"From: " + "张喆".encode("gbk") + b" <In@Town.example>\r\nSubject: =?gbk?B?0uK8+w==?=\r\nMIME-Version: 1.0\r\n"
    b'Content-Type: multipart/mixed; boundary="II"\r\n\r\n'
    b"--II\r\nContent-Type: text/plain; charset=gb2312\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
    + "内层正文".encode("gb2312")
    + b"\r\n--II\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n"
    b'Content-Disposition: attachment; filename="' + "镇意见.docx".encode("gbk") + b'"\r\n\r\n'
    + base64.encodebytes(DOCX_BYTES)
    + b"--II--\r\n"
)


def _outer(inner: bytes, cte: str) -> bytes:
    return (
        b'From: o@example.org\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="OO"\r\n\r\n'
        b"--OO\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nfwd\r\n"
        b"--OO\r\nContent-Type: message/rfc822\r\n" + cte.encode() + b"\r\n" + inner + b"\r\n--OO--\r\n"
    )


@pytest.mark.parametrize(
    ("cte", "encode"),
    [
        ("", lambda b: b),
        ("Content-Transfer-Encoding: 8bit\r\n", lambda b: b),
        ("Content-Transfer-Encoding: base64\r\n", base64.encodebytes),
        ("Content-Transfer-Encoding: quoted-printable\r\n", quopri.encodestring),
    ],
    ids=["none", "8bit", "base64", "qp"],
)
def test_forward_with_raw_gbk_headers(cte: str, encode: Callable[[bytes], bytes]) -> None:
    """GIVEN a forward whose inner headers are raw GBK (and possibly base64/QP-wrapped, against RFC 2046)
    THEN the inner sender, subject, body and attachment all come out."""
    (fwd,) = parse_envelope(_outer(encode(INNER), cte)).forwarded
    assert (fwd.sender, fwd.sender_name, fwd.subject, fwd.body_text) == ("in@town.example", "张喆", "意见", "内层正文")
    assert [(a.filename, a.data) for a in fwd.attachments] == [("镇意见.docx", DOCX_BYTES)]


def test_forward_depth_is_bounded() -> None:
    raw = INNER
    for level in range(8):
        raw = _outer(raw, "").replace(b"OO", b"O%d" % level)
    env, depth = parse_envelope(raw), 0
    while env.forwarded:
        env, depth = env.forwarded[0], depth + 1
    assert depth == 5


# -- automatic mail -------------------------------------------------------------


@pytest.mark.parametrize(
    "extra",
    [
        {"Auto-Submitted": "auto-replied"},
        {"Auto-Submitted": "auto-generated"},
        {"X-Autoreply": "yes"},
        {"Precedence": "bulk"},
        {"Precedence": "List"},
        {"Precedence": "junk"},
        {"List-Id": "<news.example.org>"},
        {"From": "MAILER-DAEMON@mx.example.org"},
        {"From": "Mail Delivery System <postmaster@mx.example.org>"},
    ],
)
def test_automatic(extra: dict[str, str]) -> None:
    raw = _raw({**HEADERS, **extra}, b"away", "text/plain", "7bit")
    assert parse_envelope(raw).auto_submitted is True


@pytest.mark.parametrize("extra", [{}, {"Auto-Submitted": "no"}, {"Auto-Submitted": "No"}, {"Precedence": "normal"}])
def test_not_automatic(extra: dict[str, str]) -> None:
    raw = _raw({**HEADERS, **extra}, b"hello", "text/plain", "7bit")
    assert parse_envelope(raw).auto_submitted is False


def test_multipart_report_is_automatic_and_reads_first_part() -> None:
    report = MIMEMultipart("report", report_type="delivery-status")
    report["From"] = "a@example.org"
    report.attach(MIMEText("投递失败", "plain", "utf-8"))
    report.attach(MIMEText("Status: 5.1.1", "plain", "us-ascii"))
    env = parse_envelope(report.as_bytes())
    assert env.auto_submitted is True
    assert env.body_text == "投递失败"


# -- corpus round trips -----------------------------------------------------------


def test_corpus_raw_gbk_attachment_name() -> None:
    env = parse_envelope((CORPUS / "m016.eml").read_bytes())
    assert "移动延边分公司工会修改建议.docx" in [a.filename for a in env.attachments]


def test_corpus_forwarded_envelope() -> None:
    env = parse_envelope((CORPUS / "m013.eml").read_bytes())
    assert [f.sender for f in env.forwarded] == ["hlszgh@helong.example"]


@pytest.mark.parametrize("path", sorted(CORPUS.glob("m0*.eml")), ids=lambda p: p.name)
def test_corpus_parses(path: Path) -> None:
    env = parse_envelope(path.read_bytes())
    assert env.message_id
    assert all(a.filename == unicodedata.normalize("NFC", a.filename) for a in env.attachments)


# -- properties ----------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_give_envelope_or_parse_error(raw: bytes) -> None:
    try:
        assert isinstance(parse_envelope(raw), Envelope)
    except ParseError:
        pass


_HEADER_LINES = st.sampled_from(
    [
        b"From: =?gb2312?B?1tC5+g==?= <a@b.example>\r\n",
        b"Subject: =?gbk?Q?=D6=D0?=\r\n",
        b"Content-Type: multipart/mixed; boundary=x\r\n",
        b"Content-Type: text/plain; charset=gb2312\r\n",
        b"Content-Type: message/rfc822\r\n",
        b"Content-Transfer-Encoding: base64\r\n",
        b"Content-Transfer-Encoding: quoted-printable\r\n",
        b"Content-Disposition: attachment; filename*=gb18030''%D6%D0\r\n",
        b'Content-Disposition: attachment; filename="\xd6\xd0.docx"\r\n',
        b"Date: not a date\r\n",
        b"--x\r\n",
        b"--x--\r\n",
        b"\r\n",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_HEADER_LINES, st.binary(max_size=40)), max_size=30))
def test_mime_like_bytes_give_envelope_or_parse_error(chunks: list[bytes]) -> None:
    try:
        assert isinstance(parse_envelope(b"".join(chunks)), Envelope)
    except ParseError:
        pass
