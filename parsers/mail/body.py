"""A mail body: the sender's own words, apart from quoted earlier mail.

Replies quote the notice under a separator ("-----原始邮件-----", "在 … 写道：",
"On … wrote:", an Outlook "发件人:/发送时间:" block, "> " lines): that text is not the
unit's. A phone client's "发自我的iPhone" ends the reply when quoted mail follows it.
An inline forward ("-------- 转发邮件信息 --------") is the other way round: the
forwarded text *is* the reply, and its header block names the unit's address.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_REPLY_MARKERS = re.compile(
    r"^\s*(?:-{2,}\s*(?:原始邮件|邮件原件|Original Message|Original|回复的原邮件)\s*-{2,}"
    r"|-{2,}\s*Reply\s+message\s*-{2,}"
    # Foxmail 6: "======= 2014-09-10 09:32:00 您在来信中写道：======="
    r"|={3,}[^\n]{0,60}(?:来信中写道|写道)\s*[:：]?\s*={3,}"
    r"|_{10,}\s*$)",
    re.I,
)
# "在 2014年9月12日，xx 写道：" (163, Apple, Thunderbird), "xx 于2014年9月12日周五 上午10:00写道："
# (Gmail), "On Fri, Sep 12, 2014 at 10:00 AM, xx <a@b> wrote:". A date or time must be in it:
# "在第三条中写道：" is the sender quoting the draft, and what follows is theirs.
_DATE = r"(?:\d{2,4}\s*[-/年.]\s*\d{1,2}|\d{1,2}:\d{2})"
_ATTRIBUTION = re.compile(
    rf"^\s*(?:在[^\n]{{0,30}}{_DATE}[^\n]{{0,100}}写道|[^\n]{{1,100}}于\s*{_DATE}[^\n]{{0,40}}写道"
    r"|On\s[^\n]{0,80}(?:\d{4}|\d{1,2}:\d{2})[^\n]{0,120}wrote)\s*[:：]\s*$",
    re.I,
)
# The first line of an attribution a client wrapped in two ("… <office@zgh.example>" / "写道：").
_ATTRIBUTION_START = re.compile(r"^\s*(?:在|On\s)|于\s*\d", re.I)
_FORWARD_MARKERS = re.compile(
    r"^\s*(?:[-=]{2,}\s*(?:转发邮件信息|转发邮件|转发的邮件|Forwarded message|Forwarded by.*|原邮件)\s*[-=]{2,}"
    r"|Begin forwarded message\s*:|开始转发的邮件\s*[:：]|以下是转发的邮件\s*[:：])\s*$",
    re.I,
)
_LABEL_PATTERN = r"\**\s*(?:{})\s*\**\s*[:：]"  # "*发件人:*": Gmail's plain text of a bold label


def _label(names: str) -> str:
    """The header labels as a pattern, each Chinese one also with a full-width space inside ("主　题")."""
    return _LABEL_PATTERN.format("|".join(n if n.isascii() else "[ \u3000]?".join(n) for n in names.split("|")))
_HEADER_LINE = re.compile(
    "^\\s*" + _label("发件人|From|发送时间|发送日期|发件时间|Sent|Date|日期|收件人|To|抄送|Cc|主题|Subject"), re.I
)
_FROM_LINE = re.compile("^\\s*" + _label("发件人|From"), re.I)
# An Outlook header block run into one line: "发件人: 州总工会 发送时间: 2014年9月12日 …".
_ONE_LINE_HEADER = re.compile(
    "^\\s*" + _label("发件人|From") + r".{1,200}?\s" + _label("发送时间|发送日期|发件时间|Sent|Date|日期"), re.I
)
_MOBILE_SIGNATURE = re.compile(
    r"^\s*(?:(?:发自|来自|发送自)\s*(?:我的)?\s*(?:iPhone|iPad|Android|华为|荣耀|小米|OPPO|vivo|魅族|三星|手机|网易邮箱|QQ邮箱|移动)"
    r"[^\n]{0,20}|Sent from my\s[^\n]{1,30}|Get Outlook for [^\n]{1,20})\s*$",
    re.I,
)
_ADDRESS = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"


@dataclass(frozen=True)
class BodyParts:
    """own: what the sender wrote; forwarded: an inline-forwarded reply; quoted: the rest;
    answered: own with each quoted line the sender wrote an answer under kept above it, as
    "> line" (a line of the draft pasted, then "本条……" under it)."""

    own: str
    forwarded: str
    forwarded_sender: str
    quoted: str
    answered: str = ""


FORWARD_DEPTH = 20  # forwards inside forwards read; deeper ones (a hostile body of thousands) stay text


def split_body(text: str, depth: int = 0) -> BodyParts:
    lines = text.replace("\r\n", "\n").split("\n")
    for index, line in enumerate(lines):
        if _FORWARD_MARKERS.match(line) and depth < FORWARD_DEPTH:
            return _forward(lines[:index], lines[index + 1:], depth)
        if (depth < FORWARD_DEPTH and (_starts_header_block(lines, index) or _REPLY_MARKERS.match(line))
                and _FORWARDING.search("\n".join(lines[:index]))):
            # "转发我公司网络部分会的意见，作为我公司工会的意见报送。" over an Outlook header block
            # with no forward line: the mail below is what is sent on, not quoted
            return _forward(lines[:index], lines[index + 1:] if _REPLY_MARKERS.match(line) else lines[index:], depth)
        if _starts_quote(lines, index) or (_MOBILE_SIGNATURE.match(line) and _quote_follows(lines, index + 1)):
            if _answered_inline(lines[index + 1:]):  # the notice quoted with "> ", answered between its lines
                return _interleaved(lines[:index] + lines[index + 1:])
            if not "".join(lines[:index]).strip() and _written_below(lines[index + 1:]):
                return _interleaved(lines[index + 1:])  # nothing above the quote: the reply is typed under it
            return BodyParts("\n".join(lines[:index]).strip(), "", "", "\n".join(lines[index:]))
    return _interleaved(lines)


# The sender's own words saying the mail below is another's comments sent on: "转发我公司网络部分会的意见",
# "现将…的意见转报你部", "我市敬信渔场工会的意见转给你们".
_FORWARDING = re.compile(r"转(?:发|报|送|呈)[^。\n]{0,20}(?:意见|建议)|(?:意见|建议)[^。\n]{0,10}转(?:发|报|呈|送|交)?(?:给|至|到)?\s*(?:你|贵|宣教|州总|上级)"
                         r"|(?:意见|建议)[^。\n]{0,4}转(?:来|过来|上来)")  # "州急救中心工会的意见转来"


def _forward(own: list[str], below: list[str], depth: int) -> BodyParts:
    """The sender's own lines, then a forwarded mail: its header block, its text (which may quote
    or forward in turn)."""
    header, rest = _header_block(_unquote(below))
    forwarded = split_body("\n".join(rest), depth + 1)
    if forwarded.forwarded and not forwarded.own:  # a forward of a forward
        return BodyParts("\n".join(own).strip(), forwarded.forwarded, forwarded.forwarded_sender, forwarded.quoted)
    return BodyParts("\n".join(own).strip(), forwarded.own, _header_sender(header), forwarded.quoted)


def _interleaved(lines: list[str]) -> BodyParts:
    """Own lines and "> " quoted ones mixed: the own lines are the reply; a quoted line with
    an own line right under it (blank lines aside) is what that line answers."""
    unquoted = [ln for ln in lines if not _quoted(ln)]
    quoted = [ln for ln in lines if _quoted(ln)]
    answered = []
    own_next = _own_next(lines)
    for index, line in enumerate(lines):
        if not _quoted(line):
            answered.append(line)
        elif line.lstrip(" >").strip() and own_next[index]:
            answered.append("> " + line.lstrip(" >").strip())
    own = "\n".join(unquoted).strip()
    return BodyParts(own, "", "", "\n".join(quoted), "\n".join(answered).strip() if quoted else "")


def _quoted(line: str) -> bool:
    return line.lstrip().startswith(">")


def _own_next(lines: list[str]) -> list[bool]:
    """For each line: the next line with text after it is the sender's own (not "> " quoted)."""
    out = [False] * len(lines)
    following = False
    for index in range(len(lines) - 1, -1, -1):
        out[index] = following
        if lines[index].strip():
            following = not _quoted(lines[index])
    return out


def _written_below(rest: list[str]) -> bool:
    """"> " quoted mail with the sender's own lines under its last quoted line (bottom-posting)."""
    marks = [_quoted(ln) for ln in rest if ln.strip()]
    return bool(marks) and marks[0] and not marks[-1]


def _answered_inline(rest: list[str]) -> bool:
    """Quoted mail ("> " lines) with the sender's own lines between them: answered inline. Own
    lines only below the last quoted one are a signature or a sign-off, not answers."""
    marks = [ln.lstrip().startswith(">") for ln in rest if ln.strip()]
    if not marks or not marks[0]:
        return False
    last_quoted = max(i for i, quoted in enumerate(marks) if quoted)
    return any(not quoted for quoted in marks[:last_quoted])


def _starts_quote(lines: list[str], index: int) -> bool:
    """Quoted mail starts at this line: a separator, an attribution (on one line or two)
    or a bare header block."""
    line = lines[index]
    if _REPLY_MARKERS.match(line) or _ATTRIBUTION.match(line) or _ONE_LINE_HEADER.match(line):
        return True
    if index + 1 < len(lines) and _ATTRIBUTION_START.search(line) and _ATTRIBUTION.match(f"{line} {lines[index + 1]}"):
        return True
    return _starts_header_block(lines, index)


def _quote_follows(lines: list[str], start: int) -> bool:
    """The next line with text is "> " quoted or starts quoted mail."""
    for index in range(start, len(lines)):
        if lines[index].strip():
            return lines[index].lstrip().startswith(">") or _starts_quote(lines, index)
    return False


def _starts_header_block(lines: list[str], index: int) -> bool:
    """A bare quoted header block ("发件人: …" then "发送时间: …") with no separator line."""
    if not _FROM_LINE.match(lines[index]):
        return False
    following = [ln for ln in lines[index + 1 : index + 8] if ln.strip()][:3]
    return sum(1 for ln in following if _HEADER_LINE.match(ln)) >= 2


def _unquote(lines: list[str]) -> list[str]:
    """A forward that its client quoted with ">" (Apple Mail, iOS): one level taken off,
    so the forwarded reply is read and the mail it quotes in turn is still quoted."""
    first = next((ln for ln in lines if ln.strip()), "")
    if not first.lstrip().startswith(">"):
        return lines
    return [re.sub(r"^\s*> ?", "", ln, count=1) for ln in lines]


def _header_block(lines: list[str]) -> tuple[list[str], list[str]]:
    header: list[str] = []
    for index, line in enumerate(lines):
        if _HEADER_LINE.match(line):
            header.append(line)
        elif line.strip():
            return header, lines[index:]
    return header, []


def quoted_sender(quoted: str) -> str:
    """The sender named in the header of a quoted mail ("-----原始邮件-----" / "发件人: …")."""
    return _header_sender(_quoted_header(quoted))


def quoted_has_sender(quoted: str) -> bool:
    """The quoted mail's header names a sender, by address or by name alone ("发件人：渔业公司工会")."""
    return any((m := _SENDER_LINE.match(line)) is not None and m.group(1).strip("* ") != "" for line in _quoted_header(quoted))


def _quoted_header(quoted: str) -> list[str]:
    """The header block of a quoted mail, its separator line off."""
    lines = [ln for ln in quoted.splitlines()[:12] if ln.strip()]
    if lines and not _HEADER_LINE.match(lines[0]):
        lines = lines[1:]  # the separator line
    return _header_block(lines)[0]


_SENDER_LINE = re.compile(r"^\s*\**\s*(?:发件人|From)\s*\**\s*[:：]\s*\**(.*)$", re.I)


def _header_sender(header: list[str]) -> str:
    for line in header:
        match = _SENDER_LINE.match(line)
        if match:
            # The address in <…> or [mailto:…] if any, else the first one: names may hold commas.
            found = re.search(rf"[<\[](?:mailto:)?\s*({_ADDRESS})", match.group(1)) or re.search(
                rf"({_ADDRESS})", match.group(1)
            )
            return found.group(1).lower() if found else ""
    return ""


# A plain-text client that wraps its lines at a fixed width (38, 72 columns) cuts sentences and
# the words in them: "建议写明学校教" / "职工代表大会…". A wrapped body has several lines of its
# longest length; each such line runs on into the next one, unless that one opens an item.
WRAP_MIN = 20
WRAP_LINES = 3
_ITEM_START = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十0-9]+[)）]|[0-9]+[、.．)）]|第\s*\S{1,3}\s*[条部点]|关于|[①-⑳]|>)")


def unwrap(lines: list[str]) -> list[str]:
    """The lines of a hard-wrapped body joined back into its paragraphs; others as they are."""
    lengths = [len(ln.rstrip()) for ln in lines]
    width = max(lengths, default=0)
    # a table's row (cells between " | " or tabs, pasted from a sheet) is no wrapped line
    cut = [length >= width - 1 and not _SENTENCE_END.search(line) and not _quoted(line) and " | " not in line
           and "\t" not in line.strip() for line, length in zip(lines, lengths)]
    if width < WRAP_MIN or sum(cut) < WRAP_LINES:  # full lines ending mid-sentence, several: wrapped
        return lines
    out: list[str] = []
    joining = False
    for line, cut_here in zip(lines, cut):
        if joining and line.strip() and not _ITEM_START.match(line):
            out[-1] = out[-1].rstrip() + line.strip()
        else:
            out.append(line)
        joining = cut_here
    return out


_SENTENCE_END = re.compile(r"[。！？!?；;：:”」』）)]\s*$")
