"""Outgoing mail as bytes: receipts (回执), the digest (汇总), reminders (催报).

Pure: the caller passes the Date and Message-ID (they come from the clock and the
host), so the same inputs give the same bytes. Comment text is untrusted, so the
HTML part escapes everything it shows.
"""

from __future__ import annotations

import html
from collections import Counter
from dataclasses import dataclass
import email.policy
import email.utils
from email.header import Header
from email.message import EmailMessage
from email.mime.text import MIMEText
from email.policy import SMTP
from typing import Any

WORKBOOK_TYPE = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@dataclass(frozen=True)
class Headers:
    sender: str
    to: list[str]
    subject: str
    date: str
    message_id: str
    auto: str = "auto-generated"
    in_reply_to: str = ""


def _headers(h: Headers, *, encoded: bool) -> list[tuple[str, str]]:
    """The headers every mail of ours carries; `encoded` gives RFC 2047 words ready for a
    compat32 message, else plain text for EmailMessage to encode."""
    name, address = email.utils.parseaddr(h.sender)
    sender = email.utils.formataddr((name, address), charset="utf-8") if encoded and name else h.sender
    subject = Header(h.subject, "utf-8", header_name="Subject").encode() if encoded else h.subject
    headers = [("From", sender), ("To", ", ".join(h.to)), ("Subject", subject), ("Date", h.date),
               ("Message-ID", h.message_id), ("Auto-Submitted", h.auto), ("X-Auto-Response-Suppress", "All")]
    if h.in_reply_to:
        headers += [("In-Reply-To", h.in_reply_to), ("References", h.in_reply_to)]
    return headers


def _plain(h: Headers, body: str) -> bytes:
    """A one-part text mail. Receipts go out one per reply, so this path avoids the
    (slow) header registry of EmailMessage; the result is the same RFC 5322 mail."""
    message = MIMEText(body, "plain", "utf-8")
    for name, value in _headers(h, encoded=True):
        message[name] = value
    return message.as_bytes(policy=email.policy.compat32.clone(linesep="\r\n"))  # SMTP wants CRLF


def _message(h: Headers) -> EmailMessage:
    message = EmailMessage(policy=SMTP)
    for name, value in _headers(h, encoded=False):
        message[name] = value
    return message


def place_label(scope: str, clause: int | None, section: int | None) -> str:
    if scope == "clause" and clause is not None:
        return f"第{clause}条"
    if scope == "section" and section is not None:
        return f"第{'一二三四五六七八九十'[section - 1] if section <= 10 else section}部分（整体）"
    return "全文"


def _order(label: str) -> tuple[int, int]:
    digits = "".join(ch for ch in label if ch.isdigit())
    if label.endswith("条"):
        return (0, int(digits or 0))
    return (1, 0) if "部分" in label else (2, 0)


def per_place(comments: list[dict[str, Any]]) -> list[tuple[str, int]]:
    counts = Counter(place_label(c["scope"], c["clause"], c["section"]) for c in comments)
    return sorted(counts.items(), key=lambda kv: _order(kv[0]))


def build_receipt(h: Headers, *, unit: str, kind: str, original_subject: str, received: str,
                  comments: list[dict[str, Any]], campaign_title: str, department: str) -> bytes:
    """The 回执 to one reply: which unit it counted for and what was read, per clause."""
    if kind == "no_comment":
        read = "已记为“无修改意见”。"
    else:
        places = "，".join(f"{label} {n}条" for label, n in per_place(comments))
        read = f"共读出意见 {len(comments)} 条：{places}。"
    body = (
        f"{unit}：\n\n"
        f"您于 {received} 发来的邮件《{original_subject}》已收到，计入“{unit}”对《{campaign_title}》的报送。\n"
        f"{read}\n\n"
        "如单位或条款识别有误，请直接回复本邮件说明。需要更正的，请重新发送全部意见并在标题注明“更正”"
        "（以最后一次报送为准）；补充意见请在标题注明“补充”。\n\n"
        f"本邮件由系统自动发送。\n{department}\n"
    )
    return _plain(h, body)


@dataclass(frozen=True)
class DigestFigures:
    campaign_title: str
    today: str
    deadline: str
    total_units: int
    replied: int
    missing: list[str]
    comments: list[dict[str, Any]]
    review: int
    errors: int
    final: bool = False


def digest_text(f: DigestFigures) -> str:
    lines = [
        f"《{f.campaign_title}》征求意见{'最终' if f.final else ''}汇总（{f.today}）",
        f"截止日期：{f.deadline or '未设'}",
        f"应报 {f.total_units} 个单位，已回复 {f.replied} 个，未报送 {len(f.missing)} 个。",
        f"意见 {len(f.comments)} 条，待复核 {f.review} 条，读取出错 {f.errors} 处。",
        "",
        "各条款意见数：",
        *[f"  {label}：{n}" for label, n in per_place(f.comments)],
        "",
        "未报送单位：" + ("、".join(f.missing) if f.missing else "无"),
        "",
        "详见附件《意见汇总表.xlsx》。本邮件由系统自动发送。",
    ]
    return "\n".join(lines) + "\n"


def digest_html(f: DigestFigures) -> str:
    e = html.escape
    rows = "".join(f"<tr><td>{e(label)}</td><td align='right'>{n}</td></tr>" for label, n in per_place(f.comments))
    missing = "、".join(e(name) for name in f.missing) or "无"
    return (
        f"<html><body><h3>《{e(f.campaign_title)}》征求意见{'最终' if f.final else ''}汇总（{e(f.today)}）</h3>"
        f"<p>截止日期：{e(f.deadline or '未设')}<br>应报 {f.total_units} 个单位，已回复 {f.replied} 个，"
        f"未报送 {len(f.missing)} 个。<br>意见 {len(f.comments)} 条，待复核 {f.review} 条，读取出错 {f.errors} 处。</p>"
        f"<table border='1' cellspacing='0' cellpadding='4'><tr><th>条款</th><th>意见数</th></tr>{rows}</table>"
        f"<p>未报送单位：{missing}</p><p>详见附件《意见汇总表.xlsx》。</p></body></html>"
    )


def build_digest(h: Headers, figures: DigestFigures, workbook: bytes, workbook_name: str) -> bytes:
    message = _message(h)
    message.set_content(digest_text(figures))
    message.add_alternative(digest_html(figures), subtype="html")
    message.add_attachment(workbook, maintype=WORKBOOK_TYPE[0], subtype=WORKBOOK_TYPE[1], filename=workbook_name)
    return message.as_bytes()


def build_reminder(h: Headers, *, unit: str, campaign_title: str, deadline: str, department: str) -> bytes:
    """催报: a polite reminder to a unit that has not replied."""
    return _plain(h, (
        f"{unit}：\n\n《{campaign_title}》征求意见截止时间为 {deadline}，目前尚未收到贵单位的意见。"
        "请抓紧组织讨论，按时报送；无修改意见的也请回复“无意见”。\n\n"
        f"如已报送，请忽略本邮件。本邮件由系统自动发送。\n{department}\n"
    ))
