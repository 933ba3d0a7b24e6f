"""A mail body: the sender's own words, apart from quoted earlier mail.

Replies quote the notice under a separator ("-----原始邮件-----", "On … wrote:",
"> " lines): that text is not the unit's. An inline forward ("-------- 转发邮件信息
--------") is the other way round: the forwarded text *is* the reply, and its
header block names the unit's address.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_REPLY_MARKERS = re.compile(
    r"^\s*(?:-{2,}\s*(?:原始邮件|Original Message|回复的原邮件)\s*-{2,}"
    r"|-{2,}\s*Reply\s+message\s*-{2,}"
    r"|在\s*.{4,60}写道[:：]\s*$"
    r"|On\s.{4,120}wrote:\s*$"
    r"|_{10,}\s*$)",
    re.I,
)
_FORWARD_MARKERS = re.compile(
    r"^\s*-{2,}\s*(?:转发邮件信息|转发的邮件|Forwarded message|Forwarded by.*|原邮件)\s*-{2,}\s*$", re.I
)
_HEADER_LINE = re.compile(
    r"^\s*(发件人|From|发送时间|发送日期|发件时间|Sent|Date|日期|收件人|To|抄送|Cc|主题|Subject)\s*[:：]", re.I
)
_ADDRESS = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"


@dataclass(frozen=True)
class BodyParts:
    """own: what the sender wrote; forwarded: an inline-forwarded reply; quoted: the rest."""

    own: str
    forwarded: str
    forwarded_sender: str
    quoted: str


def split_body(text: str) -> BodyParts:
    lines = text.replace("\r\n", "\n").split("\n")
    for index, line in enumerate(lines):
        if _FORWARD_MARKERS.match(line):
            own = "\n".join(lines[:index])
            header, rest = _header_block(lines[index + 1 :])
            forwarded = split_body("\n".join(rest))
            if forwarded.forwarded and not forwarded.own:  # a forward of a forward
                return BodyParts(own.strip(), forwarded.forwarded, forwarded.forwarded_sender, forwarded.quoted)
            return BodyParts(own.strip(), forwarded.own, _header_sender(header), forwarded.quoted)
        if _REPLY_MARKERS.match(line) or _starts_header_block(lines, index):
            return BodyParts("\n".join(lines[:index]).strip(), "", "", "\n".join(lines[index:]))
    own = [ln for ln in lines if not ln.lstrip().startswith(">")]
    quoted = [ln for ln in lines if ln.lstrip().startswith(">")]
    return BodyParts("\n".join(own).strip(), "", "", "\n".join(quoted))


def _starts_header_block(lines: list[str], index: int) -> bool:
    """A bare quoted header block ("发件人: …" then "发送时间: …") with no separator line."""
    if not re.match(r"^\s*(发件人|From)\s*[:：]", lines[index], re.I):
        return False
    following = [ln for ln in lines[index + 1 : index + 8] if ln.strip()][:3]
    return sum(1 for ln in following if _HEADER_LINE.match(ln)) >= 2


def _header_block(lines: list[str]) -> tuple[list[str], list[str]]:
    header: list[str] = []
    for index, line in enumerate(lines):
        if _HEADER_LINE.match(line):
            header.append(line)
        elif line.strip():
            return header, lines[index:]
    return header, []


def _header_sender(header: list[str]) -> str:
    for line in header:
        match = re.match(r"^\s*(?:发件人|From)\s*[:：]\s*(.*)$", line, re.I)
        if match:
            # The address in <…> or [mailto:…] if any, else the first one: names may hold commas.
            found = re.search(rf"[<\[](?:mailto:)?\s*({_ADDRESS})", match.group(1)) or re.search(
                rf"({_ADDRESS})", match.group(1)
            )
            return found.group(1).lower() if found else ""
    return ""
