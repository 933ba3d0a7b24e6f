"""Raw RFC 5322 bytes to an Envelope.

The stdlib parser reads the structure; everything after that is done here, part by
part: bodies, attachment names and payloads, RFC 2047 headers. GB2312 and GBK are
read as their superset GB18030 and names are NFC-normalised. A part that cannot be
read (bad base64, a Content-Type that names no type, a forward that is not a message,
a header the stdlib chokes on) is skipped with a note saying which and why, and every
other part is still read: parse_envelope_with_notes gives those notes.
"""

from __future__ import annotations

import binascii
import codecs
import email.errors
import email.header
import email.message
import email.parser
import email.policy
import email.utils
import hashlib
import quopri
import re
import unicodedata
from dataclasses import dataclass, field

from parsers.errors import CorruptFile
from parsers.mail.html import html_to_text
from parsers.records import Attachment, Envelope

_GB_LABELS = {"gb2312", "gbk", "gb_2312-80", "gb_2312", "csgb2312", "x-gbk", "cp936", "euc-cn", "gb18030", "x-euc-cn"}
_GB_CODECS = {"gb2312", "gbk", "gb18030"}  # codecs.lookup names: "chinese", "csgb2312", … land here too
# Labels clients write without looking at the text. Latin-1 decodes any bytes, so
# GB18030 or UTF-8 text under one of these decodes without an error: its shape tells.
_WESTERN_CODECS = {"ascii", "iso8859-1", "cp1252", "iso8859-15"}
# The declared charset is kept while its replacement characters are few: a stray GBK
# name in a UTF-8 body is two U+FFFD, not a reason to read the whole body as GB18030.
BAD_SHARE = 0.02
# GB18030 decodes most byte strings (Big5, Shift-JIS, broken UTF-8) without an error, but
# then gives rare characters; Chinese prose is nearly all in GB2312's 6,763 common hanzi.
RARE_SHARE = 0.1
DETECT_SAMPLE = 64 * 1024
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_HIGH_RUN = re.compile(rb"[\x80-\xff]{2,}")
_HIGH_BYTES = bytes(range(0x80, 0x100))

_BULK = {"bulk", "junk", "list", "auto_reply", "auto-reply"}
_NAME_HEADERS = ("Content-Disposition", "Content-Type")
MAX_FORWARD_DEPTH = 5
FEED_CHUNK = 1024 * 1024
# The stdlib parser checks every line against every enclosing boundary: 900 nested
# multiparts make a 4 MB message take 9 s. Real mail has a handful.
MAX_MULTIPARTS = 100
_MULTIPART_RE = re.compile(rb"(?im)^content-type:\s*multipart/")
_TYPE_RE = re.compile(r"\s*([a-z0-9][a-z0-9!#$&^_.+-]*)\s*/\s*([a-z0-9][a-z0-9!#$&^_.+-]*)", re.I)
_BASE64_TEXT = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=\r\n\t "
# What the stdlib email package raises on malformed parts (a tuple where it expects a
# charset name, a Header where it expects a str, …): one part's failure, not the message's.
_PART_ERRORS = (ValueError, LookupError, TypeError, AttributeError, IndexError, KeyError, email.errors.MessageError)
# Magic numbers of files a sender's client labelled text/plain or text/html.
_BINARY_MAGIC = (
    b"PK\x03\x04", b"%PDF-", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\x89PNG", b"\xff\xd8\xff", b"GIF8",
    b"Rar!", b"7z\xbc\xaf\x27\x1c", b"\x1f\x8b",
)
_TEXT_AFTER = re.compile(rb"\s*\S")
_REPORT_TYPES = ("message/delivery-status", "message/disposition-notification", "message/feedback-report")
# A message starts with a header line (an mbox "From " line may come first).
_HEADER_START = re.compile(rb"[\r\n]*(?:From [^\n]*\n)?[!-9;-~]+[ \t]*:")


@dataclass
class _Found:
    """What a walk over one message's parts found. `notes` say what was skipped and why;
    `parts` and `files` count leaf parts and attachments (skipped ones included) for them."""

    bodies: list[str] = field(default_factory=list)
    htmls: list[str] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    forwarded: list[Envelope] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    report: bool = False  # a delivery-status or read-receipt part: the message is automatic
    parts: int = 0
    files: int = 0
    forwards: int = 0


def parse_envelope(raw: bytes, *, depth: int = 0) -> Envelope:
    """Parse one message. Raises CorruptFile only when nothing at all can be read."""
    return parse_envelope_with_notes(raw, depth=depth)[0]


# A table with merged cells in the HTML part: its text/plain twin drops the merged cells and
# shifts the row's cells left, so the HTML is read instead.
_SPANNED_TABLE = re.compile(r"<t[dh]\b[^>]*\b(?:rowspan|colspan)\s*=\s*[\"']?\s*(?:[2-9]|[1-9][0-9])", re.I)


def _table_only_in_html(plain: str, htmls: list[str]) -> bool:
    """A table pasted into the mail (意见稿条目 | 存在问题 | 修改建议, three rows under it) whose
    text/plain twin lists each cell on a line of its own: the row is lost there, so the HTML,
    whose rows keep their cells, is read. A header row of short names and two rows at least."""
    if any(" | " in line or "\t" in line.strip() for line in plain.splitlines()):
        return False  # the plain twin kept the rows
    for html in htmls:
        if "<t" not in html.lower():
            continue
        rows = [line.split(" | ") for line in html_to_text(html).splitlines() if " | " in line]
        if len(rows) >= 3 and all(0 < len(cell.strip()) <= 12 for cell in rows[0]):
            return True
    return False


def parse_envelope_with_notes(raw: bytes, *, depth: int = 0) -> tuple[Envelope, list[str]]:
    """parse_envelope, and one readable line for each part that was skipped
    ("第3个附件（意见.docx）的base64编码损坏，已跳过"); a forward's own notes follow it."""
    message = _message(raw)
    sender_name, sender = _sender(message)
    found = _Found()
    try:
        _walk(message, found, depth, top=True)
    except RecursionError as exc:  # thousands of nested multiparts
        raise CorruptFile("message parts are nested too deeply to read") from exc
    plain = "\n".join(found.bodies)
    if plain.strip() and not any(_SPANNED_TABLE.search(h) for h in found.htmls) and not _table_only_in_html(plain, found.htmls):
        body = plain
    else:  # quoted mail in a <blockquote> comes out as "> " lines, which split_body leaves out
        body = "\n".join(html_to_text(h, mark_quotes=True) for h in found.htmls)
    envelope = Envelope(
        message_id=_message_id(message, raw),
        sender=sender,
        sender_name=sender_name,
        subject=_header_text(message.get("Subject")),
        date=_date(message),
        auto_submitted=found.report or is_automatic(message, sender),
        body_text=body.replace("\r\n", "\n").replace("\r", "\n").strip(),
        attachments=tuple(found.attachments),
        forwarded=tuple(found.forwarded),
        in_reply_to=str(message.get("In-Reply-To") or "").strip(),
        references=tuple(re.findall(r"<[^<>\s]+>", str(message.get("References") or ""))),
        auth_failure=auth_failure(message),
    )
    return envelope, found.notes


def _message(raw: bytes) -> email.message.Message:
    multiparts = len(_MULTIPART_RE.findall(raw))
    if multiparts > MAX_MULTIPARTS:
        raise CorruptFile(f"message has {multiparts} multipart sections (more than {MAX_MULTIPARTS}): "
                          "nested too deeply to read safely; open it in a mail client")
    try:
        return message_from_bytes(raw)
    except RecursionError as exc:  # the stdlib parser recurses once per multipart level
        raise CorruptFile("message parts are nested too deeply to read; open it in a mail client") from exc


def message_from_bytes(raw: bytes) -> email.message.Message:
    """The stdlib message, fed to the parser 1 MB at a time. email.message_from_bytes
    decodes the whole message and copies it into a StringIO at 4 bytes a character:
    about nine times the message's size at its peak."""
    parser = email.parser.BytesFeedParser(policy=email.policy.compat32)
    for start in range(0, len(raw), FEED_CHUNK):
        parser.feed(raw[start : start + FEED_CHUNK])
    return parser.close()


AUTH_FAIL_RE = re.compile(r"\b(dmarc|spf|dkim)\s*=\s*(fail|softfail|permerror)\b", re.I)


def auth_failure(message: email.message.Message) -> str:
    """What the receiving server's Authentication-Results say failed ("dmarc=fail"), if anything."""
    for value in message.get_all("Authentication-Results") or []:
        found = AUTH_FAIL_RE.findall(str(value))
        if found:
            return ", ".join(f"{method.lower()}={result.lower()}" for method, result in found)
    return ""


# -- the walk over parts ---------------------------------------------------------------


def content_type(part: email.message.Message) -> str:
    """The part's "type/subtype", or "" when its Content-Type names none. Unlike
    get_content_type, a missing ";" ("text/plain charset=gbk") still gives text/plain,
    and garbage is not silently read as text/plain (RFC 2045's default) by the caller."""
    value = part.get("Content-Type")
    if value is None:
        return part.get_default_type()
    match = _TYPE_RE.match(_eight_bit_header(value))
    return f"{match.group(1)}/{match.group(2)}".lower() if match else ""


def _plain_structure(part: email.message.Message) -> None:
    """Some webmail encodes a whole Content-Type or Content-Disposition as RFC 2047 words
    ("=?utf-8?q?application/pdf=3B?= =?utf-8?b?IG5hbWU9Ii4uLiI=?="): read, the stdlib takes
    the part for text/plain and its attachment is lost. Decoded back into the header."""
    for header in ("Content-Type", "Content-Disposition"):
        value = part.get(header)
        if value is not None and str(value).lstrip().startswith("=?"):
            part.replace_header(header, _header_text(value).strip())


def _walk(part: email.message.Message, found: _Found, depth: int, top: bool = False) -> None:
    try:
        _plain_structure(part)
        ctype = content_type(part)
    except _PART_ERRORS:
        ctype = ""
    if ctype == "message/rfc822":
        _read_forward(part, found, depth)
    elif ctype in _REPORT_TYPES:
        found.report = True  # machine-readable status, never a comment
    elif part.is_multipart():
        payload = part.get_payload()
        subparts = [p for p in payload if isinstance(p, email.message.Message)] if isinstance(payload, list) else []
        if ctype == "multipart/report":
            # Bounces and read receipts: only the human-readable first part counts.
            found.report = True
            subparts = subparts[:1]
        for sub in subparts:
            _walk(sub, found, depth)
    elif ctype.startswith("multipart/"):
        _read_unsplit(part, ctype, found, depth)
    else:
        found.parts += 1
        try:
            _read_leaf(part, ctype or ("text/plain" if top else ""), found)
        except _PART_ERRORS as exc:
            found.notes.append(f"第{found.parts}个邮件部分（{ctype or '类型不明'}）无法读取（{_reason(exc)}），已跳过")


def _read_unsplit(part: email.message.Message, ctype: str, found: _Found, depth: int) -> None:
    """A multipart the parser left whole: its boundary parameter is missing or matches
    no line. The first "--" line of its body is the boundary the sender really used."""
    salvaged = _resplit(part, ctype)
    if salvaged is None:
        found.parts += 1
        found.notes.append(f"第{found.parts}个邮件部分（{ctype}）找不到分隔符（boundary），无法拆分，已跳过")
        return
    _walk(salvaged, found, depth)


def _resplit(part: email.message.Message, ctype: str) -> email.message.Message | None:
    payload = part.get_payload()
    if not isinstance(payload, str):
        return None
    match = re.search(r"(?m)^--([0-9A-Za-z'()+_,./:=? -]{1,70}?)[ \t]*\r?$", payload)
    if match is None:
        return None
    head = f'Content-Type: {ctype}; boundary="{match.group(1)}"\r\n\r\n'.encode("ascii")
    message = message_from_bytes(head + payload.encode("utf-8", "surrogateescape"))
    return message if message.is_multipart() else None


def _read_leaf(part: email.message.Message, ctype: str, found: _Found) -> None:
    """A body (text/plain or text/html with no name, not marked as an attachment, holding
    text) or an attachment: every other part, named or not, whatever its declared type."""
    filename = filename_of(part)
    disposition = str(part.get("Content-Disposition") or "").strip().lower()
    if not ctype and not filename:
        shown = " ".join(str(part.get("Content-Type")).split())[:60]
        found.notes.append(f"第{found.parts}个邮件部分的类型无法识别（Content-Type: {shown}），已跳过")
        return
    maybe_body = ctype in ("text/plain", "text/html") and not filename and not disposition.startswith("attachment")
    if not maybe_body:
        found.files += 1
    data, damage = decoded_payload(part)
    if damage:
        where = f"第{found.files}个附件（{filename or ctype}）" if not maybe_body else f"正文（{ctype}）"
        found.notes.append(f"{where}的{damage}，已跳过")
        return
    if data is None:
        return
    charset = part.get_content_charset()
    if maybe_body and not looks_binary(data, charset):
        text = decode_bytes(data, charset)
        if ctype == "text/plain":
            text = _take_uuencoded(text, found)
        (found.bodies if ctype == "text/plain" else found.htmls).append(text)
        return
    if maybe_body:  # a file its sender's client labelled text: an attachment after all
        found.files += 1
    found.attachments.append(Attachment(filename, ctype or "application/octet-stream", data))


# A file uuencoded into a text body (Outlook Express, old Unix mailers): "begin 644 意见.docx", lines
# of uuencode, "end". Python's email package decodes a part whose Content-Transfer-Encoding is
# x-uuencode, but not a block inside a text/plain body, where those mailers put it.
_UU_BLOCK_RE = re.compile(r"^begin [0-7]{3,4} +(?P<name>[^\r\n]+?)[ \t]*\r?\n(?P<lines>(?:[^\r\n]*\r?\n)*?)end[ \t]*\r?$", re.M)


def _take_uuencoded(text: str, found: _Found) -> str:
    """The body without its uuencoded blocks, each block an attachment (or a note when broken)."""
    def take(match: re.Match[str]) -> str:
        found.files += 1
        name = match["name"].strip()
        data = uudecode(match["lines"])
        if data is None:
            found.notes.append(f"第{found.files}个附件（{name}）的uuencode编码损坏，已跳过")
        else:
            found.attachments.append(Attachment(name, "application/octet-stream", data))
        return ""
    return _UU_BLOCK_RE.sub(take, text) if "begin " in text else text


def uudecode(lines: str) -> bytes | None:
    """The bytes of a uuencoded block's lines (the stdlib's uu module, gone in Python 3.13, did
    the same with binascii: each line's first character gives its length, so padding a mailer
    trimmed or added is tolerated). None when a line is not uuencode."""
    out = bytearray()
    for line in lines.splitlines():
        if not line or line in ("`", " "):
            continue
        if not line.isascii():
            return None
        try:
            out += binascii.a2b_uu(line)
        except binascii.Error:
            size = (((ord(line[0]) - 32) & 63) * 4 + 5) // 3  # trailing garbage past the line's length
            try:
                out += binascii.a2b_uu(line[:size])
            except binascii.Error:
                return None
    return bytes(out)


def looks_binary(data: bytes, charset: str | None) -> bool:
    """A file, not text: a known magic number, or NUL bytes beyond a stray one or two
    (UTF-16 text has them too, so not under a UTF-16/32 label or BOM)."""
    if data.startswith(_BINARY_MAGIC):
        return True
    wide = (charset or "").lower().startswith(("utf-16", "utf-32", "ucs-2", "ucs-4"))
    if wide or data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    sample = data[:4096]
    return sample.count(b"\x00") > max(2, len(sample) // 100)


def _read_forward(part: email.message.Message, found: _Found, depth: int) -> None:
    found.forwards += 1
    where = f"转发的第{found.forwards}封邮件"
    if depth >= MAX_FORWARD_DEPTH:
        found.notes.append(f"{where}嵌套超过{MAX_FORWARD_DEPTH}层，更深的转发已跳过")
        return
    raw = _forward_bytes(part)
    if raw is None:
        found.notes.append(f"{where}的base64编码损坏，已跳过")
        return
    if not _HEADER_START.match(raw):
        found.notes.append(f"{where}不是可读的邮件（没有邮件头），已跳过")
        return
    try:
        envelope, notes = parse_envelope_with_notes(raw, depth=depth + 1)
    except CorruptFile as exc:
        found.notes.append(f"{where}无法读取（{exc}），已跳过")
        return
    except _PART_ERRORS as exc:  # one forward's failure is not the message's
        found.notes.append(f"{where}无法读取（{_reason(exc)}），已跳过")
        return
    found.forwarded.append(envelope)
    found.notes += [f"{where}中：{note}" for note in notes]


def _forward_bytes(part: email.message.Message) -> bytes | None:
    """The carried message's bytes, undoing a base64/QP encoding that RFC 2046 forbids but
    clients send; None when that base64 is damaged."""
    payload = part.get_payload()
    inner = payload[0] if isinstance(payload, list) and payload else payload
    if isinstance(inner, email.message.Message):
        try:
            raw = inner.as_bytes()
        except (UnicodeError, LookupError, ValueError, TypeError):
            raw = inner.as_string().encode("utf-8", errors="surrogateescape")
    else:  # a Content-Type the stdlib did not take for message/rfc822 ("message/rfc822 name=x")
        raw = str(inner or "").encode("utf-8", errors="surrogateescape")
    cte = str(part.get("Content-Transfer-Encoding") or "").strip().lower()
    if cte == "quoted-printable":
        return quopri.decodestring(raw)
    if cte == "base64":
        return _base64_bytes(raw)
    return raw


def decoded_payload(part: email.message.Message) -> tuple[bytes | None, str]:
    """The part's decoded payload, and "" or what is wrong with it ("base64编码损坏").

    Base64 is decoded in one step: the stdlib's get_payload(decode=True) splits, joins
    and pads the text first, five copies of a 25 MB attachment, and it silently turns
    damaged base64 into garbage (or returns the base64 text itself)."""
    cte = str(part.get("Content-Transfer-Encoding", "")).strip().lower()
    if cte == "base64":
        try:
            text = part.get_payload()
        except (TypeError, LookupError):  # 8-bit bytes (never base64) that get_payload decoded by the charset
            return None, "base64编码损坏"
        if isinstance(text, str):
            # Non-ASCII (8-bit bytes, decoded by get_payload) becomes "?": junk inside the
            # base64, harmless in a footer after it.
            decoded = _base64_bytes(text.encode("ascii", errors="replace"))
            return (decoded, "") if decoded is not None else (None, "base64编码损坏")
    data = part.get_payload(decode=True)
    return (data if isinstance(data, bytes) else None), ""


def _base64_bytes(raw: bytes) -> bytes | None:
    """Base64 to bytes; None when damaged: a character that is not base64 inside it, or
    one lost (the count is 1 more than a multiple of 4). A missing final "=" is common and
    harmless, and so is a footer a gateway appended after the padding or a blank line."""
    end = _base64_end(raw)
    if raw.translate(None, _BASE64_TEXT) and raw[:end].translate(None, _BASE64_TEXT):  # the copy only when junk
        return None
    block = memoryview(raw)[:end]
    try:
        return binascii.a2b_base64(block)
    except binascii.Error:
        pass
    try:
        return binascii.a2b_base64(bytes(block) + b"==")
    except binascii.Error:
        return None


def _base64_end(raw: bytes) -> int:
    """Where the base64 text ends: at its padding, or at a blank line with text after it."""
    first = _TEXT_AFTER.match(raw)
    start = first.end() if first else 0  # blank lines before the text are not its end
    ends = [raw.find(b"=")]
    for blank in (b"\n\n", b"\n\r\n"):
        at = raw.find(blank, start)
        if at >= 0 and _TEXT_AFTER.match(raw, at):
            ends.append(at)
    return min((at for at in ends if at >= 0), default=len(raw))


def _reason(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:200]


# -- charsets ---------------------------------------------------------------------------


def decode_bytes(data: bytes, charset: str | None) -> str:
    """Text bytes to str. The declared charset is used first, a few bad bytes becoming
    U+FFFD; the bytes are examined (detect_text) only when it fails broadly, names no
    codec, is missing, or is a Western label on bytes that are not Western text.
    A GB2312/GBK label is read as GB18030."""
    codec = _codec(charset)
    if codec is None:
        return detect_text(data)
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        replaced = _decode_replacing(data, codec)
        if replaced is not None and not fails_broadly(replaced):
            return replaced
        return detect_text(data, replaced)
    except (UnicodeError, LookupError, ValueError, TypeError):  # codecs such as idna raise their own way
        return detect_text(data)
    if codec in _WESTERN_CODECS and not _western_shape(data):
        return detect_text(data, text)
    return text


def _codec(charset: str | None) -> str | None:
    """The codec a charset label names, or None (no label, an unknown one, or a codec
    that is not a text encoding such as "zlib")."""
    label = (charset or "").strip().strip("\"'").lower()
    if not label:
        return None
    if label in _GB_LABELS:
        return "gb18030"
    try:
        info = codecs.lookup(label)
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True):
        return None
    if info.name in _GB_CODECS:
        return "gb18030"
    return "utf-8-sig" if info.name == "utf-8" else info.name  # a BOM is not text


def _decode_replacing(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec, errors="replace")
    except (UnicodeError, LookupError, ValueError, TypeError):
        return None


def fails_broadly(text: str) -> bool:
    """The charset it was decoded with is wrong, not just a few of its bytes: the U+FFFD
    outnumber the non-ASCII characters that did decode, or are more than 2% of the text."""
    bad = text.count("\ufffd")
    if not bad:
        return False
    decoded = len(text) - len(text.encode("ascii", "ignore")) - bad
    return bad > decoded or bad > max(2, BAD_SHARE * len(text))


def _western_shape(data: bytes) -> bool:
    """Latin-1/Windows-1252 text: its accented letters stand mostly alone between ASCII
    ones ("Grüße"). GB18030 and UTF-8 put every non-ASCII byte in a run of two or more."""
    high = len(data) - len(data.translate(None, _HIGH_BYTES))
    if not high:
        return True
    in_runs = sum(run.end() - run.start() for run in _HIGH_RUN.finditer(data))
    return in_runs * 2 < high


def detect_text(data: bytes, fallback: str | None = None) -> str:
    """Text whose charset is unknown: a BOM, then UTF-8, then GB18030 when it reads as
    Chinese, then charset-normalizer's guess; else `fallback` or GB18030 with U+FFFD.
    UTF-8 and GB18030 come first: they are most of this mail, and charset-normalizer
    takes a two-byte GBK name for Big5 or Korean."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = None
    if text is not None and reads_as_chinese(text):
        return text
    guess = _normalizer_guess(data)
    if guess is not None:
        return guess
    if fallback is not None:
        return fallback
    return text if text is not None else data.decode("gb18030", errors="replace")


def reads_as_chinese(text: str) -> bool:
    """Few characters outside GB2312 (a name such as 喆 or 镕 is fine; Big5 or broken
    UTF-8 read as GB18030 is mostly rare characters)."""
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    rare = text.encode("gb2312", errors="replace").count(b"?") - text.count("?")
    return rare <= max(2, RARE_SHARE * non_ascii)


def _normalizer_guess(data: bytes) -> str | None:
    # Imported here: it costs 20 ms, and most mail never gets this far.
    from charset_normalizer import from_bytes

    sample = data[:DETECT_SAMPLE]
    cut = sample.rfind(b"\n")
    if len(data) > DETECT_SAMPLE and cut > DETECT_SAMPLE // 2:
        sample = sample[:cut]  # not in the middle of a character
    best = from_bytes(sample).best()
    if best is None:
        return None
    return _decode_replacing(data, best.encoding)


# -- headers ----------------------------------------------------------------------------


def filename_of(part: email.message.Message) -> str:
    """The attachment's name: RFC 2231, RFC 2047 or raw 8-bit GBK/UTF-8, NFC-normalised."""
    probe = part
    if any(isinstance(part.get(h), email.header.Header) for h in _NAME_HEADERS):
        # Raw 8-bit bytes in the header (a GBK name sent unencoded): decode them
        # ourselves, then let the stdlib find the parameter in the text.
        probe = email.message.Message()
        for header in _NAME_HEADERS:
            if part.get(header) is not None:
                probe[header] = _eight_bit_header(part.get(header))
    name = _param(probe, "filename", "content-disposition") or _param(probe, "name", "content-type")
    return unicodedata.normalize("NFC", _header_text(name)) if name else ""


def _param(part: email.message.Message, name: str, header: str) -> str:
    """A header parameter; RFC 2231 values decoded by decode_bytes (a "gb2312" label reads as GB18030)."""
    value = part.get_param(name, header=header)
    if isinstance(value, tuple):
        charset, _, text = value
        return decode_bytes(bytes(text, "raw-unicode-escape"), charset or None)
    return email.utils.unquote(value).strip() if isinstance(value, str) else ""


def _eight_bit_header(value: object) -> str:
    if not isinstance(value, email.header.Header):
        return str(value)
    out = []
    for chunk, charset in email.header.decode_header(value):
        if isinstance(chunk, bytes):
            label = None if charset in (None, "unknown-8bit") else charset
            out.append(decode_bytes(chunk, label))
        else:
            out.append(chunk)
    return "".join(out)


def _header_text(value: object) -> str:
    """A header's text: RFC 2047 words decoded, raw 8-bit bytes read as UTF-8 or GB18030."""
    if value is None:
        return ""
    text = _eight_bit_header(value)
    raw = text.encode("utf-8", errors="surrogateescape")
    if any(0xDC80 <= ord(ch) <= 0xDCFF for ch in text):
        text = decode_bytes(raw, None)
    text = _LOOSE_WORD_RE.sub(_loose_word, text)
    try:
        pieces = email.header.decode_header(text)
    except (ValueError, email.errors.HeaderParseError):
        return " ".join(text.split())
    out = []
    for chunk, charset in pieces:
        if isinstance(chunk, bytes):
            out.append(_word_text(chunk, charset))
        else:
            out.append(chunk)
    return " ".join("".join(out).split())


def _word_text(chunk: bytes, charset: str | None) -> str:
    """An RFC 2047 word's bytes: its charset is explicit, so it is trusted as long as the bytes
    fit it ("=?ISO-8859-1?Q?Eelanal=FC=FCsi?=" is Latin-1, however un-Western it looks)."""
    codec = _codec(charset)
    if codec is not None:
        try:
            return chunk.decode(codec)
        except UnicodeDecodeError:
            pass
    return decode_bytes(chunk, charset)


# An encoded word whose text holds raw 8-bit characters ("=?gb2312?Q?=B9=D8关于?=", as some
# clients write): the stdlib would turn them into \uXXXX escapes.
_LOOSE_WORD_RE = re.compile(r"=\?([^?\s]+)\?([QqBb])\?([^?]*[^\x00-\x7f][^?]*)\?=")


def _loose_word(match: re.Match[str]) -> str:
    charset, encoding, payload = match.groups()
    if encoding in "Bb":
        return payload
    pieces = re.split(r"((?:=[0-9A-Fa-f]{2})+)", payload.replace("_", " "))
    out = []
    for piece in pieces:
        if piece.startswith("=") and re.fullmatch(r"(?:=[0-9A-Fa-f]{2})+", piece):
            out.append(_word_text(bytes.fromhex(piece.replace("=", "")), charset))
        else:
            out.append(piece)
    return "".join(out)


def _sender(message: email.message.Message) -> tuple[str, str]:
    raw_from = message.get("From")
    if raw_from is None:
        return "", ""
    # Split the address before decoding (an encoded name may hold a comma), unless
    # the whole "name <address>" was sent as one encoded word.
    name, address = email.utils.parseaddr(_eight_bit_header(raw_from))
    if "@" not in address:
        name, address = email.utils.parseaddr(_header_text(raw_from))
    return _header_text(name), address.strip().lower()


def _message_id(message: email.message.Message, raw: bytes) -> str:
    value = str(message.get("Message-ID") or "").strip()
    if value:
        return " ".join(value.split())
    return f"<sha256:{hashlib.sha256(raw).hexdigest()}>"


def _date(message: email.message.Message) -> str:
    value = message.get("Date")
    if not value:
        return ""
    try:
        return email.utils.parsedate_to_datetime(str(value)).isoformat()
    except (TypeError, ValueError, IndexError):
        return str(value)


# -- automatic mail ---------------------------------------------------------------------

# Subjects clients put on out-of-office replies, read receipts and bounces (anchored: a
# person's "回复：自动回复：…" or "关于退信的说明" is not one).
AUTO_SUBJECT_RE = re.compile(
    r"^[\s\[【(（]*(?:"
    r"(?:自动回复|自动答复|自动应答|Auto(?:matic)?[ -]?Reply|Auto[ -]?Response|AutoAntwort|Réponse automatique"
    r"|已读|未读|已送达|已读回执|阅读回执|Read|Not read|Delivered|Read Receipt|Return Receipt"
    r"|未送达|无法送达|Undeliverable|Undelivered|Delivery Failure|Delivery Notification|Returned mail)"
    r"\s*(?:[\]】)）]\s*[:：]?|[:：])"
    r"|Out of (?:the )?Office|退信|系统退信|投递失败|邮件投递失败|Undelivered Mail Returned to Sender"
    r"|Delivery Status Notification|Mail delivery failed|Mail System Error|failure notice)",
    re.I,
)
# Headers auto-responders add (X-Auto-Response-Suppress is not one: Outlook puts it on
# ordinary mail to ask *others* not to auto-reply).
_AUTO_HEADERS = ("X-Autoreply", "X-Autorespond", "X-Auto-Reply", "X-Autogenerated", "X-Mail-Autoreply", "X-Failed-Recipients")


def is_automatic(message: email.message.Message, sender: str) -> bool:
    """RFC 3834 auto-replies, out-of-office replies, bulk and list mail, bounces and receipts."""
    auto = str(message.get("Auto-Submitted") or "no").strip().lower()
    if auto and not auto.startswith("no"):
        return True
    for header in _AUTO_HEADERS:
        value = message.get(header)
        if value is not None and str(value).strip().lower() not in ("no", "false", "0"):
            return True
    if message.get("List-Id") or "autoresponder" in str(message.get("X-POST-MessageClass") or "").lower():
        return True
    if str(message.get("Precedence") or "").strip().lower() in _BULK:
        return True
    if message.get_content_type() == "multipart/report":
        return True
    if AUTO_SUBJECT_RE.match(_header_text(message.get("Subject"))):
        return True
    local = sender.split("@", 1)[0]
    return local in ("mailer-daemon", "postmaster")
