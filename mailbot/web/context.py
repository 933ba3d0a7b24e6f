"""Per-request things the views share: the store (opened once a request, always
closed), the config, who is acting, and the Chinese words for stored codes."""

from __future__ import annotations

import datetime
import re
from typing import Any, cast

from flask import current_app, g, request, session, url_for

from mailbot.store import listing
from mailbot.config import Config
from mailbot.campaign.decisions import STATUS_LABELS
from mailbot.store.listing import Filters, Page
from mailbot.store.listing import message_key as message_key  # the desk's links name messages by it
from mailbot.store import Store
from parsers.records import Draft

KIND_LABELS = {"submission": "报送意见", "no_comment": "无意见", "ignore": "非报送邮件"}
RELATION_LABELS = {"correction": "更正", "supplement": "补充"}
MESSAGE_STATUS_LABELS = {"active": "有效", "superseded": "已被替代", "error": "读取失败"}
ATTACHMENT_STATUS_LABELS = {"read": "已读取", "error": "读取失败", "draft_copy": "征求意见稿原件", "skipped": "未读取"}
SCOPE_LABELS = {"clause": "条款", "section": "部分整体", "general": "全文"}
OPEN_DESK_USER = "本机"


def store() -> Store:
    if "store" not in g:
        g.store = Store(current_app.config["MAILBOT_STORE"])
    return cast(Store, g.store)  # flask.g holds Any


def login_store() -> Store:
    """Where logins are kept: this round's store, or with several rounds the first round's."""
    if current_app.config["MAILBOT_LOGIN_STORE"] == current_app.config["MAILBOT_STORE"]:
        return store()
    if "login_store" not in g:
        g.login_store = Store(current_app.config["MAILBOT_LOGIN_STORE"])
    return cast(Store, g.login_store)  # flask.g holds Any


def close_store(_exc: BaseException | None = None) -> None:
    for name in ("store", "login_store"):
        opened = g.pop(name, None)
        if opened is not None:
            opened.close()


def config() -> Config:
    return cast(Config, current_app.config["MAILBOT_CONFIG"])  # app.config holds Any


def who() -> str:
    """The name given at login, written into every change."""
    return str(session.get("user") or OPEN_DESK_USER)


def today() -> datetime.date:
    return datetime.date.today()


def draft() -> Draft:
    """The draft, read once a request (a page of cards places every one)."""
    if "draft" not in g:
        g.draft = store().draft()
    return cast(Draft, g.draft)  # flask.g holds Any


def filters() -> Filters:
    """The page's filters from the query string (?unit=…&place=…&decision=…&kind=…&status=…)."""
    args = request.args
    return Filters(unit=args.get("unit", ""), place=args.get("place", ""), decision=args.get("decision", ""),
                   kind=args.get("kind", ""), status=args.get("status", ""))


def page_number() -> int:
    return listing.page_number(request.args.get("page"))


def page_url(endpoint: str, number: int, **values: Any) -> str:
    """The same page with the same filters, at page `number` (the first page has no ?page)."""
    args: dict[str, Any] = {k: v for k, v in request.args.items() if k != "page" and v}
    if number > 1:
        args["page"] = number
    return url_for(endpoint, **values, **args)


def page_links(page: Page[Any], endpoint: str, **values: Any) -> dict[str, str]:
    """The pager's links: first, previous, next and last page, with this request's filters."""
    numbers = {"first": 1, "prev": max(1, page.number - 1), "next": min(page.pages, page.number + 1), "last": page.pages}
    return {name: page_url(endpoint, n, **values) for name, n in numbers.items()}


def percent(value: Any) -> str:
    return f"{float(value) * 100:.0f}%" if isinstance(value, (int, float)) else "—"


def short_date(value: Any) -> str:
    """2014-09-10T10:23:00+08:00 as 2014-09-10 10:23."""
    text = str(value or "")
    return text[:16].replace("T", " ")


def label(mapping: dict[str, str]) -> Any:
    return lambda value: mapping.get(str(value), str(value or ""))


# The codes stored before an error's text (parsers/errors.py, parsers/files/attachments.py), and the
# few English phrases the readers' errors carry, in the words the desk shows; the store keeps the codes.
ERROR_CODES = {"unsupported": "不支持的文件", "corrupt": "文件损坏或无法读取", "encrypted": "加密文件",
               "too_large": "超过上限", "unreadable": "未能识别", "parse_error": "无法读取"}
ERROR_PHRASES = (
    ("not a readable Word file", "不是可读取的Word文件"), ("not a readable .docx", "不是可读取的Word文件"),
    ("not a readable Excel file", "不是可读取的Excel文件"), ("not a readable .xlsx", "不是可读取的Excel文件"),
    ("not a readable .xls file", "不是可读取的Excel文件"), ("not a readable PDF", "不是可读取的PDF文件"),
    ("not a readable picture", "不是可读取的图片"), ("not a Word document", "不是Word文档"),
    ("password-protected or legacy Word file", "有密码保护或为旧版Word文件"),
    ("password-protected workbook", "有密码保护的工作簿"), ("cannot be rendered", "无法渲染"),
    ("message parts are nested too deeply to read; open it in a mail client", "邮件各部分嵌套过深，无法安全读取，请用邮件客户端打开"),
    ("message parts are nested too deeply to read", "邮件各部分嵌套过深，无法安全读取"),
    ("nested too deeply to read safely; open it in a mail client", "嵌套过深，无法安全读取，请用邮件客户端打开"),
)


def error_text(value: Any) -> str:
    """"unsupported: a.bin: …" as "不支持的文件：a.bin: …"; text without a known code as it is."""
    text = str(value or "")
    code, sep, rest = text.partition(": ")
    if sep and code in ERROR_CODES:
        text = f"{ERROR_CODES[code]}：{rest}"
    text = re.sub(r"message has (\d+) multipart sections \(more than (\d+)\)", r"邮件有\1个多部分段（超过\2个）", text)
    for english, chinese in ERROR_PHRASES:
        text = text.replace(english, chinese)
    return text


RELEVANCE_LABELS = {"reply": "是", "possible": "可能是（待确认）", "not": "不是", "confirmed": "是（人工确认）",
                    "rejected": "不是（人工确认）"}

FILTERS = {
    "percent": percent, "short_date": short_date, "message_key": message_key,
    "kind_label": label(KIND_LABELS), "relation_label": label(RELATION_LABELS),
    "message_status": label(MESSAGE_STATUS_LABELS), "attachment_status": label(ATTACHMENT_STATUS_LABELS),
    "comment_status": label(STATUS_LABELS), "scope_label": label(SCOPE_LABELS),
    "relevance_label": label(RELEVANCE_LABELS), "error_text": error_text,
}
