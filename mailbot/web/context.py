"""Per-request things the views share: the store (opened once a request, always
closed), the config, who is acting, and the Chinese words for stored codes."""

from __future__ import annotations

import datetime
import hashlib
from typing import Any

from flask import current_app, g, session

from mailbot.config import Config
from mailbot.decisions import STATUS_LABELS
from mailbot.store import Store

KIND_LABELS = {"submission": "报送意见", "no_comment": "无意见", "ignore": "非报送邮件"}
RELATION_LABELS = {"correction": "更正", "supplement": "补充"}
MESSAGE_STATUS_LABELS = {"active": "有效", "superseded": "已被替代", "error": "读取失败"}
ATTACHMENT_STATUS_LABELS = {"read": "已读取", "error": "读取失败", "draft_copy": "征求意见稿原件", "skipped": "未读取"}
SCOPE_LABELS = {"clause": "条款", "section": "部分整体", "general": "全文"}
OPEN_DESK_USER = "本机"


def store() -> Store:
    if "store" not in g:
        g.store = Store(current_app.config["MAILBOT_STORE"])
    return g.store  # type: ignore[no-any-return]


def close_store(_exc: BaseException | None = None) -> None:
    opened = g.pop("store", None)
    if opened is not None:
        opened.close()


def config() -> Config:
    return current_app.config["MAILBOT_CONFIG"]  # type: ignore[no-any-return]


def who() -> str:
    """The name given at login, written into every change."""
    return str(session.get("user") or OPEN_DESK_USER)


def today() -> datetime.date:
    return datetime.date.today()


def message_key(message_id: str) -> str:
    """A short, URL-safe key for a Message-ID (which may hold <, >, $, / …)."""
    return hashlib.sha256(message_id.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def percent(value: Any) -> str:
    return f"{float(value) * 100:.0f}%" if isinstance(value, (int, float)) else "—"


def short_date(value: Any) -> str:
    """2014-09-10T10:23:00+08:00 as 2014-09-10 10:23."""
    text = str(value or "")
    return text[:16].replace("T", " ")


def label(mapping: dict[str, str]) -> Any:
    return lambda value: mapping.get(str(value), str(value or ""))


RELEVANCE_LABELS = {"reply": "是", "possible": "可能是（待确认）", "not": "不是", "confirmed": "是（人工确认）",
                    "rejected": "不是（人工确认）"}

FILTERS = {
    "percent": percent, "short_date": short_date, "message_key": message_key,
    "kind_label": label(KIND_LABELS), "relation_label": label(RELATION_LABELS),
    "message_status": label(MESSAGE_STATUS_LABELS), "attachment_status": label(ATTACHMENT_STATUS_LABELS),
    "comment_status": label(STATUS_LABELS), "scope_label": label(SCOPE_LABELS),
    "relevance_label": label(RELEVANCE_LABELS),
}
