"""The desk's error pages, in Chinese: a page that is not there (404), a form that is too
large or malformed (400, 413), a method the page does not take (405), a server error (500).
htmx requests get the same words as plain text (desk.js shows its own line in the row)."""

from __future__ import annotations

import logging

from flask import Blueprint, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

blueprint = Blueprint("errors", __name__)
log = logging.getLogger(__name__)

WHY = {
    400: ("请求有误", "请求的格式不对或已失效，请返回上一页刷新后重试。"),
    401: ("需要登录", "请先登录。"),
    403: ("无权访问", "没有访问这一页的权限。"),
    404: ("找不到这一页", "要找的页面、意见或邮件不存在（可能已被重新处理或拆分），请从导航重新进入。"),
    405: ("不支持的操作", "这一页不接受这种请求方式。"),
    413: ("提交的内容过大", "提交的内容超过了上限，请缩短后重试。"),
    500: ("服务器出错", "审阅台处理这个请求时出错，操作未完成；请稍后重试，如仍失败请联系管理员。"),
}


def error_page(status: int) -> tuple[str, int]:
    title, text = WHY.get(status, (f"出错了（{status}）", "请求未能完成，请返回上一页重试。"))
    if request.headers.get("HX-Request") == "true":
        return f"{title}：{text}", status
    return render_template("error.html", status=status, title=title, text=text), status


@blueprint.app_errorhandler(HTTPException)
def http_error(exc: HTTPException) -> tuple[str, int]:
    return error_page(exc.code or 500)


@blueprint.app_errorhandler(InternalServerError)
def server_error(exc: InternalServerError) -> tuple[str, int]:
    log.error("desk: %s %s failed: %s", request.method, request.path, exc.original_exception or exc)
    return error_page(500)
