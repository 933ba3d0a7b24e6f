"""parsers.mail.envelope: raw mail bytes to an Envelope, Chinese encodings included."""

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

import parsers.mail.envelope
from parsers.mail.envelope import decode_bytes, parse_envelope, parse_envelope_with_notes
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


# -- charsets: the declared one first, detection only when it fails -------------------

REPLY = (
    "宣教部：\n  我单位对《职工权益保障条例（征求意见稿）》提出以下修改意见：\n"
    "一、第三条建议修改为：各级工会应当依法维护职工合法权益。\n"
    "二、第十二条“一律”一词过于绝对，建议删去。\n某某县总工会\n"
)


def _forbid_detection(monkeypatch: pytest.MonkeyPatch) -> None:
    """charset-normalizer is the slow path: these cases must never reach it."""
    import charset_normalizer

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("charset detection ran on the fast path")

    monkeypatch.setattr(charset_normalizer, "from_bytes", refuse)


@pytest.mark.parametrize("cte", ["base64", "quoted-printable", "8bit"])
def test_utf8_body_with_a_stray_gbk_name_stays_utf8(cte: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """GIVEN a UTF-8 body into which a GBK name was pasted ("喆" as GBK bytes 86 B4)
    THEN it is read as UTF-8 with at most two U+FFFD, not switched wholesale to GB18030."""
    _forbid_detection(monkeypatch)
    data = REPLY.replace("某某县", "联系人王").encode("utf-8").replace("联系人王".encode(), "联系人王".encode() + "喆".encode("gbk"))
    assert b"\x86\xb4" in data
    encode: dict[str, Callable[[bytes], bytes]] = {"base64": base64.encodebytes, "quoted-printable": quopri.encodestring}
    body = encode[cte](data) if cte in encode else data
    text = parse_envelope(_raw(HEADERS, body, "text/plain; charset=utf-8", cte)).body_text
    assert 1 <= text.count("\ufffd") <= 2
    assert text.replace("\ufffd", "") == REPLY.replace("某某县", "联系人王").strip()


@pytest.mark.parametrize("label", ["utf-8", "us-ascii", "iso-8859-1", "windows-1252", "x-unknown-8bit", "zlib"])
def test_gbk_body_under_a_wrong_label_is_read_as_chinese(label: str) -> None:
    """GIVEN GBK bytes labelled UTF-8 (fails broadly), us-ascii or Latin-1 (decode, but are not
    Western text), or a label that names no text codec THEN the Chinese text comes out."""
    raw = _raw(HEADERS, base64.encodebytes(REPLY.encode("gbk")), f"text/plain; charset={label}", "base64")
    assert parse_envelope(raw).body_text == REPLY.strip()


@pytest.mark.parametrize("text", ["同意", "无修改意见。", "张喆"])
def test_short_gbk_text_labelled_utf8(text: str) -> None:
    """Two or three characters are enough to tell: every non-ASCII byte fails as UTF-8."""
    assert decode_bytes(text.encode("gbk"), "utf-8") == text


def test_mostly_ascii_gbk_labelled_utf8() -> None:
    """A few GBK characters in a long ASCII text are few U+FFFD in all, but all of its non-ASCII."""
    data = b"Please see the attached file. " * 20 + "张喆".encode("gbk")
    assert decode_bytes(data, "utf-8").endswith("attached file. 张喆")


def test_latin1_label_on_latin1_text_is_kept() -> None:
    assert decode_bytes("Grüße aus Köln, à bientôt".encode("latin-1"), "iso-8859-1") == "Grüße aus Köln, à bientôt"


def test_latin1_label_on_utf8_bytes() -> None:
    assert decode_bytes("Grüße, 意见如下".encode("utf-8"), "ISO-8859-1") == "Grüße, 意见如下"


@pytest.mark.parametrize("label", ["gb2312", "GBK", "x-gbk", "cp936", "csGB2312", "GB18030", '"gb2312"'])
def test_gb_labels_read_as_gb18030(label: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _forbid_detection(monkeypatch)
    text = "联系人：朱镕基、张喆、王䶮"
    assert decode_bytes(text.encode("gb18030"), label) == text


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_no_label_utf8_or_gb18030_without_detection(encoding: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _forbid_detection(monkeypatch)
    assert decode_bytes(REPLY.encode(encoding), None) == REPLY


def test_no_label_big5_is_detected() -> None:
    """GB18030 reads Big5 bytes without an error, as rare characters: then charset-normalizer decides."""
    text = "宣教部：第三條建議修改為：各級工會應當依法維護職工權益。理由：與上位法不一致。某某縣總工會"
    assert decode_bytes(text.encode("big5"), None) == text


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig"])
def test_no_label_with_bom(encoding: str) -> None:
    assert decode_bytes(REPLY.encode(encoding), None) == REPLY


def test_raw_8bit_gbk_body_without_charset() -> None:
    raw = b"From: a@example.org\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\n" + REPLY.encode("gbk")
    assert parse_envelope(raw).body_text == REPLY.strip()


def test_html_only_reply_marks_the_quoted_notice() -> None:
    """GIVEN an HTML-only reply from 163 web mail, the notice quoted in a <blockquote>
    THEN the quoted lines come out as "> " lines, so split_body leaves them out of the reply."""
    html = (
        '<div>第三条建议删除。</div><div>某某县总工会</div><div><br></div>'
        '<div style="position:relative;zoom:1"><div>在 2014-09-12 10:00:00，"州总工会"&lt;office@zgh.example&gt; 写道：</div>'
        '<blockquote id="isReplyContent" style="PADDING-LEFT: 1ex; MARGIN: 0px 0px 0px 0.8ex; BORDER-LEFT: #ccc 1px solid">'
        "<div>各单位：</div><div>请于9月25日前反馈修改意见，建议按附件格式填写。</div></blockquote></div>"
    )
    msg = MIMEText(html, "html", "gbk")
    msg["From"] = "a@example.org"
    env = parse_envelope(msg.as_bytes())
    assert "> 请于9月25日前反馈修改意见，建议按附件格式填写。" in env.body_text.splitlines()
    from parsers.mail.body import split_body

    assert [ln for ln in split_body(env.body_text).own.splitlines() if ln] == ["第三条建议删除。", "某某县总工会"]


def test_html_only_reply_without_attribution_drops_the_blockquote() -> None:
    html = '<p>同意。</p><blockquote type="cite"><p>各单位：请反馈意见，建议删除第三条。</p></blockquote>'
    msg = MIMEText(html, "html", "utf-8")
    msg["From"] = "a@example.org"
    from parsers.mail.body import split_body

    assert split_body(parse_envelope(msg.as_bytes()).body_text).own == "同意。"


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


# -- one bad part is skipped with a note; every other part is read -------------------------


def _multipart(*parts: bytes, boundary: bytes = b"BB", head: bytes = b"") -> bytes:
    out = (
        b"From: =?gbk?B?" + base64.b64encode("某某县总工会".encode("gbk")) + b"?= <union@county.example>\r\n"
        b"Message-ID: <parts@county.example>\r\nMIME-Version: 1.0\r\n" + head
        + b'Content-Type: multipart/mixed; boundary="' + boundary + b'"\r\n\r\n'
    )
    for part in parts:
        out += b"--" + boundary + b"\r\n" + part + b"\r\n"
    return out + b"--" + boundary + b"--\r\n"


def _file(name: str, data: bytes, ctype: str = "application/octet-stream", encoded: bytes | None = None) -> bytes:
    word = "=?gbk?B?" + base64.b64encode(name.encode("gbk")).decode() + "?="
    return (
        f'Content-Type: {ctype}; name="{word}"\r\nContent-Transfer-Encoding: base64\r\n'
        f'Content-Disposition: attachment; filename="{word}"\r\n\r\n'
    ).encode() + (encoded if encoded is not None else base64.encodebytes(data).replace(b"\n", b"\r\n"))


TEXT_PART = b"Content-Type: text/plain; charset=gbk\r\nContent-Transfer-Encoding: base64\r\n\r\n" + base64.encodebytes(
    "意见见附件。".encode("gbk")
)
GOOD = [_file("甲.docx", DOCX_BYTES), _file("乙.xlsx", DOCX_BYTES[::-1])]


@pytest.mark.parametrize(
    "damaged",
    [
        base64.encodebytes(DOCX_BYTES[:1026]) + b"U\n",  # cut one character into a group: 4n + 1 characters
        base64.encodebytes(DOCX_BYTES)[:40] + "：损坏".encode("gbk") + base64.encodebytes(DOCX_BYTES)[40:],
        b"UEsDBA!!??**\r\n" + base64.encodebytes(DOCX_BYTES),
    ],
    ids=["cut_in_a_group", "8bit_bytes", "not_base64"],
)
def test_damaged_base64_attachment_is_skipped_with_a_note(damaged: bytes) -> None:
    raw = _multipart(TEXT_PART, *GOOD, _file("意见.docx", b"", encoded=damaged), _file("丙.docx", DOCX_BYTES))
    env, notes = parse_envelope_with_notes(raw)
    assert notes == ["第3个附件（意见.docx）的base64编码损坏，已跳过"]
    assert [a.filename for a in env.attachments] == ["甲.docx", "乙.xlsx", "丙.docx"]
    assert env.attachments[0].data == DOCX_BYTES
    assert env.body_text == "意见见附件。"
    assert parse_envelope(raw) == env


QUIRKS = {
    "no_padding": base64.encodebytes(DOCX_BYTES).replace(b"=", b""),
    "footer_after_padding": base64.encodebytes(DOCX_BYTES) + b"\r\n-- \r\nThis message was scanned.\r\n",
    "footer_after_blank_line": base64.encodebytes(DOCX_BYTES[:1026]) + b"\r\n\r\n" + "本邮件已经过病毒扫描。".encode("gbk"),
    "leading_blank_lines": b"\r\n\r\n" + base64.encodebytes(DOCX_BYTES),
}


@pytest.mark.parametrize("quirk", sorted(QUIRKS))
def test_harmless_base64_quirks_are_read(quirk: str) -> None:
    data = DOCX_BYTES[:1026] if quirk == "footer_after_blank_line" else DOCX_BYTES
    env, notes = parse_envelope_with_notes(_multipart(TEXT_PART, _file("意见.docx", b"", encoded=QUIRKS[quirk])))
    assert notes == []
    assert [(a.filename, a.data) for a in env.attachments] == [("意见.docx", data)]


def test_damaged_base64_body_is_skipped_and_html_read() -> None:
    alternative = (
        b'Content-Type: multipart/alternative; boundary="AA"\r\n\r\n'
        b"--AA\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n5L+u5pS5!\r\n5\r\n"
        b"--AA\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + base64.encodebytes("<p>第三条建议删除。</p>".encode()) + b"--AA--\r\n"
    )
    env, notes = parse_envelope_with_notes(_multipart(alternative, GOOD[0]))
    assert notes == ["正文（text/plain）的base64编码损坏，已跳过"]
    assert env.body_text == "第三条建议删除。"
    assert len(env.attachments) == 1


def test_rfc2231_charset_parameter_on_8bit_body() -> None:
    """GIVEN a part whose charset parameter is RFC 2231-encoded and whose body is 8-bit GBK
    (the stdlib's get_payload raised TypeError on it, failing the whole message) THEN it is read."""
    part = b"Content-Type: text/plain; charset*=''gbk\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + "第五条建议删除。".encode("gbk")
    env, notes = parse_envelope_with_notes(_multipart(part, GOOD[0]))
    assert (env.body_text, notes, len(env.attachments)) == ("第五条建议删除。", [], 1)


def test_undecodable_name_header_keeps_the_attachment() -> None:
    """A name in a charset no codec has is decoded as well as can be; the file is still read."""
    part = (
        b"Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n"
        b"Content-Disposition: attachment; filename==?x-no-such-charset?B?" + base64.b64encode("意见.docx".encode("gbk"))
        + b"?=\r\n\r\n" + base64.encodebytes(DOCX_BYTES)
    )
    env, notes = parse_envelope_with_notes(_multipart(TEXT_PART, part))
    assert notes == [] and [(a.filename, a.data) for a in env.attachments] == [("意见.docx", DOCX_BYTES)]


@pytest.mark.parametrize("value", [b";;;==", b"\xd2\xe2\xbc\xfb", b"/"])
def test_garbage_content_type_is_skipped_with_a_note(value: bytes) -> None:
    part = b"Content-Type: " + value + b"\r\n\r\n\x00\x01\x02 binary junk"
    env, notes = parse_envelope_with_notes(_multipart(TEXT_PART, part, *GOOD))
    assert len(notes) == 1 and notes[0].startswith("第2个邮件部分的类型无法识别（Content-Type:") and "已跳过" in notes[0]
    assert env.body_text == "意见见附件。"
    assert [a.filename for a in env.attachments] == ["甲.docx", "乙.xlsx"]


def test_garbage_content_type_with_a_name_is_an_attachment() -> None:
    part = _file("意见.docx", DOCX_BYTES).replace(b"Content-Type: application/octet-stream;", b"Content-Type: ;;;;")
    env, notes = parse_envelope_with_notes(_multipart(TEXT_PART, part))
    assert notes == []
    assert [(a.filename, a.content_type, a.data) for a in env.attachments] == [("意见.docx", "application/octet-stream", DOCX_BYTES)]


def test_content_type_missing_its_semicolon_is_still_a_body() -> None:
    part = b"Content-Type: text/plain charset=gbk\r\n\r\n" + "第三条建议删除。".encode("gbk")
    env = parse_envelope(_multipart(part, GOOD[0]))
    assert env.body_text == "第三条建议删除。" and len(env.attachments) == 1


@pytest.mark.parametrize(
    ("forward", "reason"),
    [
        (b"Content-Type: message/rfc822\r\n\r\n\x00\x00\x00\x89PNG", "不是可读的邮件"),
        (b"Content-Type: message/rfc822\r\nContent-Transfer-Encoding: base64\r\n\r\nRnJvbTog!!\r\nYQ\r\n=", "base64编码损坏"),
    ],
    ids=["not_a_message", "damaged_base64"],
)
def test_unreadable_forward_is_skipped_with_a_note(forward: bytes, reason: str) -> None:
    env, notes = parse_envelope_with_notes(_multipart(TEXT_PART, forward, *GOOD))
    assert len(notes) == 1 and notes[0].startswith("转发的第1封邮件") and reason in notes[0]
    assert env.forwarded == ()
    assert (env.body_text, [a.filename for a in env.attachments]) == ("意见见附件。", ["甲.docx", "乙.xlsx"])


def test_failing_part_is_skipped_with_a_note(monkeypatch: pytest.MonkeyPatch) -> None:
    """GIVEN a part whose reading raises (whatever the stdlib chokes on) THEN that part alone is skipped."""
    real = parsers.mail.envelope.filename_of

    def filename_of(part: object) -> str:
        name = real(part)  # type: ignore[arg-type]
        if name == "乙.xlsx":
            raise TypeError("decode() argument 'encoding' must be str, not tuple")
        return name

    monkeypatch.setattr(parsers.mail.envelope, "filename_of", filename_of)
    env, notes = parse_envelope_with_notes(_multipart(TEXT_PART, *GOOD, _file("丙.docx", DOCX_BYTES)))
    assert notes == ["第3个邮件部分（application/octet-stream）无法读取（TypeError: decode() argument 'encoding' "
                     "must be str, not tuple），已跳过"]
    assert [a.filename for a in env.attachments] == ["甲.docx", "丙.docx"]


def test_multipart_with_a_wrong_boundary_is_split_by_its_own() -> None:
    """GIVEN a multipart whose boundary parameter matches no line THEN it is split by the "--" line it has."""
    raw = _multipart(TEXT_PART, *GOOD).replace(b'boundary="BB"', b'boundary="XX"')
    env, notes = parse_envelope_with_notes(raw)
    assert (env.body_text, [a.filename for a in env.attachments], notes) == ("意见见附件。", ["甲.docx", "乙.xlsx"], [])


def test_multipart_that_cannot_be_split_is_skipped_with_a_note() -> None:
    inner = b"Content-Type: multipart/mixed\r\n\r\nno boundary lines here at all\r\n"
    env, notes = parse_envelope_with_notes(_multipart(TEXT_PART, inner, *GOOD))
    assert notes == ["第2个邮件部分（multipart/mixed）找不到分隔符（boundary），无法拆分，已跳过"]
    assert [a.filename for a in env.attachments] == ["甲.docx", "乙.xlsx"]


# -- attachments are recognised by what they are ---------------------------------------------


@pytest.mark.parametrize(
    ("headers", "name", "ctype"),
    [
        (b"Content-Type: application/octet-stream\r\n", "", "application/octet-stream"),
        (b'Content-Type: text/plain; charset=utf-8\r\nContent-Disposition: inline; filename="note.txt"\r\n', "note.txt", "text/plain"),
        (b'Content-Type: application/msword; name="=?gbk?B?0uK8+y5kb2M=?="\r\n', "意见.doc", "application/msword"),
        (b'Content-Type: text/plain; name="a.txt"\r\n', "a.txt", "text/plain"),
        (b'Content-Type: text/html; charset=utf-8\r\nContent-Disposition: attachment; filename="a.html"\r\n', "a.html", "text/html"),
        (b"Content-Type: text/html; charset=utf-8\r\nContent-Disposition: attachment\r\n", "", "text/html"),
        (b"Content-Type: application/pdf\r\n", "", "application/pdf"),
        (b"Content-Type: image/jpeg\r\nContent-ID: <img1>\r\n", "", "image/jpeg"),
    ],
    ids=["octet_stream", "inline_with_name", "name_in_content_type", "text_with_name", "html_with_name",
         "html_marked_attachment", "pdf_without_name", "image_without_name"],
)
def test_attachment_kinds(headers: bytes, name: str, ctype: str) -> None:
    data = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" if ctype == "application/pdf" else "<p>附件内容</p>".encode()
    part = headers + b"Content-Transfer-Encoding: base64\r\n\r\n" + base64.encodebytes(data)
    env = parse_envelope(_multipart(TEXT_PART, part))
    assert env.body_text == "意见见附件。"
    assert [(a.filename, a.content_type, a.data) for a in env.attachments] == [(name, ctype, data)]


@pytest.mark.parametrize("data", [DOCX_BYTES, b"%PDF-1.7\n" + bytes(range(256)), b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512)])
def test_file_labelled_text_without_a_name_is_an_attachment(data: bytes) -> None:
    """GIVEN a .docx, PDF or .doc sent as text/plain with no name (a misconfigured client)
    THEN it is an attachment, not body text full of binary."""
    part = b"Content-Type: text/plain; charset=gbk\r\nContent-Transfer-Encoding: base64\r\n\r\n" + base64.encodebytes(data)
    env = parse_envelope(_multipart(TEXT_PART, part))
    assert env.body_text == "意见见附件。"
    assert [(a.filename, a.data) for a in env.attachments] == [("", data)]


def test_utf16_text_body_is_not_taken_for_binary() -> None:
    part = b"Content-Type: text/plain; charset=utf-16\r\nContent-Transfer-Encoding: base64\r\n\r\n" + base64.encodebytes(
        "第三条建议删除。".encode("utf-16")
    )
    env = parse_envelope(_multipart(part))
    assert (env.body_text, env.attachments) == ("第三条建议删除。", ())


def test_html_attachment_is_not_the_body_of_an_html_only_mail() -> None:
    html = b'Content-Type: text/html; charset=utf-8\r\n\r\n<p>\xe6\xad\xa3\xe6\x96\x87</p>'
    named = b'Content-Type: text/html; charset=utf-8\r\nContent-Disposition: attachment; filename="b.html"\r\n\r\n<p>file</p>'
    env = parse_envelope(_multipart(html, named))
    assert env.body_text == "正文"
    assert [a.filename for a in env.attachments] == ["b.html"]


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
    env, notes = parse_envelope_with_notes(raw)
    depth = 0
    while env.forwarded:
        env, depth = env.forwarded[0], depth + 1
    assert depth == 5
    assert notes == ["转发的第1封邮件中：" * 5 + "转发的第1封邮件嵌套超过5层，更深的转发已跳过"]


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


def _subject(text: str) -> str:
    return Header(text, "gbk").encode() if not text.isascii() else text


@pytest.mark.parametrize(
    "subject",
    [
        "自动回复: 关于征求《职工权益保障条例（征求意见稿）》意见的通知",
        "自动回复：关于征求意见的通知",
        "【自动回复】关于征求意见的通知",
        "自动答复: 关于征求意见的通知",
        "Auto Reply: 关于征求意见的通知",
        "AutoReply: notice",
        "Automatic reply: 关于征求意见的通知",
        "Out of Office: notice",
        "Out of Office AutoReply: notice",
        "已读: 关于征求意见的通知",
        "Read: 关于征求意见的通知",
        "未读: 关于征求意见的通知",
        "未送达: 关于征求意见的通知",
        "Undeliverable: 关于征求意见的通知",
        "系统退信",
        "退信：关于征求意见的通知",
        "Delivery Status Notification (Failure)",
        "Undelivered Mail Returned to Sender",
    ],
)
def test_automatic_subjects(subject: str) -> None:
    raw = _raw({**HEADERS, "Subject": _subject(subject)}, "我现在不在办公室。建议您联系办公室。".encode("gbk"), "text/plain; charset=gbk", "8bit")
    assert parse_envelope(raw).auto_submitted is True


@pytest.mark.parametrize(
    "subject",
    ["回复：关于征求意见的通知", "关于退信问题的修改意见", "回复：自动回复: 关于征求意见的通知", "Re: Read: notice", "某某县总工会已读并无修改意见"],
)
def test_people_s_subjects_are_not_automatic(subject: str) -> None:
    raw = _raw({**HEADERS, "Subject": _subject(subject)}, b"ok", "text/plain", "7bit")
    assert parse_envelope(raw).auto_submitted is False


@pytest.mark.parametrize(
    "extra",
    [{"Precedence": "auto_reply"}, {"X-Autoreply": "yes"}, {"X-Autorespond": "x"}, {"X-Failed-Recipients": "a@b.example"},
     {"X-Auto-Reply": "yes"}],
)
def test_automatic_headers(extra: dict[str, str]) -> None:
    assert parse_envelope(_raw({**HEADERS, **extra}, b"away", "text/plain", "7bit")).auto_submitted is True


def test_auto_response_suppress_alone_is_not_automatic() -> None:
    """Outlook puts X-Auto-Response-Suppress on ordinary mail: it asks others not to auto-reply."""
    raw = _raw({**HEADERS, "X-Auto-Response-Suppress": "All", "X-Autoreply": "no"}, b"hello", "text/plain", "7bit")
    assert parse_envelope(raw).auto_submitted is False


def test_read_receipt_is_automatic() -> None:
    """GIVEN a read receipt (multipart/report; report-type=disposition-notification) answering
    Disposition-Notification-To THEN it is automatic and only its human-readable part is the body."""
    raw = (
        b"From: a@example.org\r\nSubject: =?gbk?B?" + base64.b64encode("已读：关于征求意见的通知".encode("gbk")) + b"?=\r\n"
        b'MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=disposition-notification; boundary="RR"\r\n\r\n'
        b"--RR\r\nContent-Type: text/plain; charset=gbk\r\n\r\n" + "您发送的邮件已被阅读。".encode("gbk") + b"\r\n"
        b"--RR\r\nContent-Type: message/disposition-notification\r\n\r\n"
        b"Final-Recipient: rfc822; a@example.org\r\nDisposition: manual-action/MDN-sent-manually; displayed\r\n"
        b"--RR--\r\n"
    )
    env = parse_envelope(raw)
    assert (env.auto_submitted, env.body_text, env.attachments) == (True, "您发送的邮件已被阅读。", ())


def test_delivery_status_part_inside_mixed_is_automatic() -> None:
    """A gateway's bounce that wraps its report in multipart/mixed is still a bounce."""
    raw = (
        b'From: gateway@mx.example\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="MM"\r\n\r\n'
        b"--MM\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n"
        b"--MM\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example\r\n\r\n"
        b"Final-Recipient: rfc822; a@b.example\r\nAction: failed\r\nStatus: 5.1.1\r\n--MM--\r\n"
    )
    env = parse_envelope(raw)
    assert (env.auto_submitted, env.body_text, env.attachments) == (True, "Your message could not be delivered.", ())


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


def test_an_encoded_words_own_charset_is_trusted() -> None:
    """Found in other projects' test mail: a Latin-1 word with two accented letters in a row
    was read as GBK; raw GBK bytes inside an encoded word came out as \\uXXXX escapes."""
    from parsers.mail.envelope import _header_text

    assert _header_text("=?ISO-8859-1?Q?Eelanal=FC=FCsi_p=E4ring?=") == "Eelanalüüsi päring"
    raw = b"=?gb2312?Q?" + "关于《意见》的修改意见".encode("gbk") + b"?="
    assert _header_text(raw.decode("utf-8", "surrogateescape")) == "关于《意见》的修改意见"


def test_a_content_type_and_disposition_written_whole_as_encoded_words_still_give_the_attachment() -> None:
    """Webmail that encodes the whole header ("=?utf-8?q?application/pdf=3B?= =?utf-8?b?…?="):
    the part is the PDF it says, with its name, not a text/plain part."""
    ctype = "=?utf-8?q?application/pdf=3B?=\r\n =?utf-8?b?" + base64.b64encode(' name="扫描.pdf"'.encode()).decode() + "?="
    disposition = "=?utf-8?q?attachment=3B?=\r\n =?utf-8?b?" + base64.b64encode(' filename="扫描.pdf"'.encode()).decode() + "?="
    raw = (
        "From: a@example.org\r\nMessage-ID: <enc@example.org>\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/mixed; boundary="BB"\r\n\r\n'
        "--BB\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nfujian\r\n"
        f"--BB\r\nContent-Type: {ctype}\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: {disposition}\r\n\r\n"
    ).encode() + base64.encodebytes(b"%PDF-1.4 made up") + b"--BB--\r\n"
    envelope = parse_envelope(raw)
    assert [(a.filename, a.data) for a in envelope.attachments] == [("扫描.pdf", b"%PDF-1.4 made up")]
    assert envelope.body_text.strip() == "fujian"


def test_a_body_whose_html_holds_merged_cells_is_read_from_the_html() -> None:
    """Outlook's text/plain twin of a pasted table drops a merged cell and shifts the row; the
    HTML keeps it (a plain body without such a table is still preferred)."""
    message = MIMEMultipart("alternative")
    message["From"], message["Message-ID"] = "a@example.org", "<span@example.org>"
    message.attach(MIMEText("1\t第十三条\t建议甲\n2\t建议乙", "plain", "utf-8"))
    message.attach(MIMEText("<table><tr><td>1</td><td rowspan=2>第十三条</td><td>建议甲</td></tr>"
                            "<tr><td>2</td><td>建议乙</td></tr></table>", "html", "utf-8"))
    assert "2 | 第十三条 | 建议乙" in parse_envelope(message.as_bytes()).body_text


def test_a_table_whose_plain_twin_lists_each_cell_on_a_line_is_read_from_the_html() -> None:
    """Outlook's text/plain twin of a pasted 意见稿条目 | 存在问题 | 修改建议 table puts every cell on a
    line of its own: the rows are lost there, so the HTML's are read; a plain body keeping its
    rows (cells between tabs), or an HTML without a table of rows, leaves the plain part read."""
    cells = [["意见稿条目", "存在问题", "修改建议"], ["（七）", "写得较原则", "写明三方协商例会制度"], ["（十一）", "缺少惩戒", "列入诚信黑名单"]]
    html = "<table>" + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in cells) + "</table>"

    def body(plain: str, html: str) -> str:
        message = MIMEMultipart("alternative")
        message["From"], message["Message-ID"] = "a@example.org", "<cells@example.org>"
        message.attach(MIMEText(plain, "plain", "utf-8"))
        message.attach(MIMEText(html, "html", "utf-8"))
        return parse_envelope(message.as_bytes()).body_text

    assert "（十一） | 缺少惩戒 | 列入诚信黑名单" in body("\n\n".join("\n".join(row) for row in cells), html)
    assert body("\n".join("\t".join(row) for row in cells), html).startswith("意见稿条目\t")
    assert body("第7条：建议写明。", "<p>第7条：建议写明。</p><table><tr><td>电话</td><td>123</td></tr></table>") == "第7条：建议写明。"


def _uuencoded(data: bytes) -> str:
    import binascii

    return "".join(binascii.b2a_uu(data[i:i + 45]).decode("ascii") for i in range(0, len(data), 45)) + "`\n"


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_a_file_uuencoded_into_the_text_body_is_an_attachment(newline: str) -> None:
    """Outlook Express set to uuencode puts the file inside the text/plain body ("begin 644 意见.docx"
    … "end"): it is an attachment, and the body keeps only the words around it."""
    data = bytes(range(256)) * 3 + "第五条建议增加技能比武。".encode("utf-8")
    body = f"宣教部：\n    我会意见见附件。\n\nbegin 644 财贸工会意见.docx\n{_uuencoded(data)}end\n".replace("\n", newline)
    raw = (b"From: a@b.example\r\nSubject: =?gb2312?B?0uK8+w==?=\r\nMIME-Version: 1.0\r\n"
           b"Content-Type: text/plain; charset=gb2312\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + body.encode("gb18030"))
    envelope, notes = parse_envelope_with_notes(raw)
    assert [(a.filename, a.data) for a in envelope.attachments] == [("财贸工会意见.docx", data)]
    assert envelope.body_text == "宣教部：\n    我会意见见附件。" and notes == []


def test_a_broken_uuencoded_block_is_noted_and_the_body_still_read() -> None:
    raw = ("From: a@b.example\nSubject: x\nContent-Type: text/plain; charset=utf-8\n\n"
           "意见见附件。\nbegin 644 意见.docx\nM这不是uuencode\nend\n").encode("utf-8")
    envelope, notes = parse_envelope_with_notes(raw)
    assert envelope.attachments == () and envelope.body_text == "意见见附件。"
    assert notes == ["第1个附件（意见.docx）的uuencode编码损坏，已跳过"]
