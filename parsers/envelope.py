"""Raw RFC 5322 bytes to an Envelope.

mail-parser reads the headers (RFC 2047 subjects and names, dates, Message-ID).
Its attachment list decodes payloads and names with errors="ignore", so parts,
bodies and filenames are taken from the stdlib message it wraps instead: GB2312
and GBK are read as their superset GB18030, names are NFC-normalised.
"""

from __future__ import annotations

import binascii
import email.header
import email.message
import email.parser
import email.policy
import email.utils
import hashlib
import logging
import re
import quopri
import unicodedata

import mailparser

from parsers.errors import CorruptFile
from parsers.html import html_to_text
from parsers.records import Attachment, Envelope

# mail-parser logs every part type it does not know; that is not ours to print.
logging.getLogger("mailparser").setLevel(logging.ERROR)

_GB_LABELS = {"gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936", "euc-cn", "gb18030", "x-euc-cn"}
_BULK = {"bulk", "junk", "list"}
_NAME_HEADERS = ("Content-Disposition", "Content-Type")
MAX_FORWARD_DEPTH = 5
FEED_CHUNK = 1024 * 1024
# The stdlib parser checks every line against every enclosing boundary: 900 nested
# multiparts make a 4 MB message take 9 s. Real mail has a handful.
MAX_MULTIPARTS = 100
_MULTIPART_RE = re.compile(rb"(?im)^content-type:\s*multipart/")


def parse_envelope(raw: bytes, *, depth: int = 0) -> Envelope:
    """Parse one message. Raises CorruptFile only when nothing at all can be read."""
    multiparts = len(_MULTIPART_RE.findall(raw))
    if multiparts > MAX_MULTIPARTS:
        raise CorruptFile(f"message has {multiparts} multipart sections (more than {MAX_MULTIPARTS}): "
                          "nested too deeply to read safely; open it in a mail client")
    try:
        mail = mailparser.MailParser(message_from_bytes(raw))
    except RecursionError as exc:  # the stdlib parser recurses once per multipart level
        raise CorruptFile("message parts are nested too deeply to read; open it in a mail client") from exc
    except Exception as exc:  # mail-parser wraps several exception kinds
        raise CorruptFile(f"not a readable email message ({exc})") from exc
    message: email.message.Message = mail.message
    sender_name, sender = _sender(message)
    bodies: list[str] = []
    htmls: list[str] = []
    attachments: list[Attachment] = []
    forwarded: list[Envelope] = []
    try:
        _walk(message, bodies, htmls, attachments, forwarded, depth)
    except RecursionError as exc:  # thousands of nested multiparts
        raise CorruptFile("message parts are nested too deeply to read") from exc
    body = "\n".join(bodies) if any(b.strip() for b in bodies) else "\n".join(html_to_text(h) for h in htmls)
    return Envelope(
        message_id=_message_id(message, raw),
        sender=sender,
        sender_name=sender_name,
        subject=_header_text(message.get("Subject")),
        date=_date(message),
        auto_submitted=is_automatic(message, sender),
        body_text=body.replace("\r\n", "\n").replace("\r", "\n").strip(),
        attachments=tuple(attachments),
        forwarded=tuple(forwarded),
        in_reply_to=str(message.get("In-Reply-To") or "").strip(),
        references=tuple(re.findall(r"<[^<>\s]+>", str(message.get("References") or ""))),
        auth_failure=auth_failure(message),
    )


def message_from_bytes(raw: bytes) -> email.message.Message:
    """The stdlib message, fed to the parser 1 MB at a time. email.message_from_bytes (what
    mailparser.parse_from_bytes calls) decodes the whole message and copies it into a
    StringIO at 4 bytes a character: about nine times the message's size at its peak."""
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


def _walk(
    part: email.message.Message,
    bodies: list[str],
    htmls: list[str],
    attachments: list[Attachment],
    forwarded: list[Envelope],
    depth: int,
) -> None:
    ctype = part.get_content_type()
    if ctype == "message/rfc822":
        _read_forward(part, forwarded, depth)
        return
    if part.is_multipart():
        if ctype in ("multipart/report",):
            # Bounces and read receipts: only the human-readable first part counts.
            payload = part.get_payload()
            if isinstance(payload, list) and payload:
                _walk(payload[0], bodies, htmls, attachments, forwarded, depth)
            return
        for sub in part.get_payload():
            if isinstance(sub, email.message.Message):
                _walk(sub, bodies, htmls, attachments, forwarded, depth)
        return
    filename = filename_of(part)
    disposition = str(part.get("Content-Disposition") or "").lower()
    if not filename and not disposition.startswith("attachment") and ctype in ("text/plain", "text/html"):
        text = decode_text(part)
        (bodies if ctype == "text/plain" else htmls).append(text)
        return
    data = payload_bytes(part)
    if isinstance(data, bytes):
        attachments.append(Attachment(filename, ctype, data))


def _read_forward(part: email.message.Message, forwarded: list[Envelope], depth: int) -> None:
    if depth >= MAX_FORWARD_DEPTH:
        return
    payload = part.get_payload()
    inner = payload[0] if isinstance(payload, list) and payload else None
    if not isinstance(inner, email.message.Message):
        return
    try:
        forwarded.append(parse_envelope(_forward_bytes(part, inner), depth=depth + 1))
    except CorruptFile:
        return


def _forward_bytes(part: email.message.Message, inner: email.message.Message) -> bytes:
    """The carried message's bytes, undoing a base64/QP encoding that RFC 2046 forbids but clients send."""
    try:
        raw = inner.as_bytes()
    except (UnicodeError, LookupError, ValueError):
        raw = inner.as_string().encode("utf-8", errors="surrogateescape")
    cte = str(part.get("Content-Transfer-Encoding") or "").strip().lower()
    if cte == "quoted-printable":
        return quopri.decodestring(raw)
    if cte == "base64":
        try:
            return binascii.a2b_base64(raw)
        except binascii.Error:
            return raw
    return raw


def decode_bytes(data: bytes, charset: str | None) -> str:
    """Decode body bytes by their label, trusting GB18030 for any GB label."""
    label = (charset or "").strip().strip('"').lower()
    candidates: list[str] = []
    if label in _GB_LABELS:
        candidates.append("gb18030")
    elif label:
        candidates.append(label)
    candidates += ["utf-8", "gb18030"]
    for encoding in candidates:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    try:  # nothing fits: the label's codec with replacements, unless the label names none
        return data.decode(candidates[0] if candidates[0] != "utf-8" else "gb18030", errors="replace")
    except LookupError:
        return data.decode("gb18030", errors="replace")


def payload_bytes(part: email.message.Message) -> bytes | None:
    """The part's decoded payload. Base64 is decoded in one step: the stdlib's
    get_payload(decode=True) splits, joins and pads the text first, five copies of a
    25 MB attachment; it still decodes anything this cannot (bad padding, non-ASCII)."""
    payload = part.get_payload()
    if isinstance(payload, str) and str(part.get("Content-Transfer-Encoding", "")).strip().lower() == "base64":
        try:
            return binascii.a2b_base64(payload.encode("ascii", "surrogateescape"))
        except (binascii.Error, UnicodeEncodeError):
            pass
    data = part.get_payload(decode=True)
    return data if isinstance(data, bytes) else None


def decode_text(part: email.message.Message) -> str:
    data = payload_bytes(part)
    if not isinstance(data, bytes):
        return str(part.get_payload())
    return decode_bytes(data, part.get_content_charset())


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
    try:
        pieces = email.header.decode_header(text)
    except (ValueError, email.errors.HeaderParseError):
        return " ".join(text.split())
    out = []
    for chunk, charset in pieces:
        if isinstance(chunk, bytes):
            out.append(decode_bytes(chunk, charset))
        else:
            out.append(chunk)
    return " ".join("".join(out).split())


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


def is_automatic(message: email.message.Message, sender: str) -> bool:
    """RFC 3834 auto-replies, bulk and list mail, bounces and receipts."""
    auto = str(message.get("Auto-Submitted") or "no").strip().lower()
    if auto and not auto.startswith("no"):
        return True
    if message.get("X-Autoreply") or message.get("X-Autorespond") or message.get("List-Id"):
        return True
    if str(message.get("Precedence") or "").strip().lower() in _BULK:
        return True
    if message.get_content_type() == "multipart/report":
        return True
    local = sender.split("@", 1)[0]
    return local in ("mailer-daemon", "postmaster")
