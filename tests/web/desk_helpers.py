"""Helpers for the review desk tests: a store filled from the sample replies, the
desk served on a free loopback port, and Debian's Chromium driven by Playwright.

Imported as `from desk_helpers import ...` (pytest puts this folder on sys.path).
"""

from __future__ import annotations

import shutil
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from helpers import write_config

from mailbot.config import Config, load_config
from mailbot.runs import ingest_paths
from mailbot.store import Store
from parsers.placing.draft import parse_draft
from parsers.mail.units import load_roster

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
CAMPAIGN = FIXTURES / "campaign"
CORPUS = FIXTURES / "corpus"
PASSWORD_ENV = "MAILBOT_TEST_WEB_PASSWORD"
PASSWORD = "审阅-desk-secret"
WEB_SECTION = f'[web]\npassword_env = "{PASSWORD_ENV}"\n'
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--no-first-run", "--disable-sync", "--disable-dev-shm-usage", "--lang=zh-CN",
]
HOSTILE_ID = "<hostile-1@antu.example>"
SCRIPT_TEXT = "<script>window.__xss=1;alert('xss')</script>"
HOSTILE_SUBJECT = "安图县总工会的修改意见<b>加粗</b>"
HOSTILE_FILENAME = "<img src=x onerror=alert(1)>.txt"

_templates: dict[tuple[bool, bool], Path] = {}


def hostile_reply() -> bytes:
    """A reply from a unit whose comment, subject and filename carry markup. It also
    holds one comment the pipeline is unsure about (it names two clauses)."""
    m = EmailMessage()
    m["From"] = "安图县总工会 <atxzgh@antu.example>"
    m["To"] = "xcjyb@ybgh.example"
    m["Subject"] = HOSTILE_SUBJECT
    m["Date"] = "Wed, 24 Sep 2014 09:00:00 +0800"
    m["Message-ID"] = HOSTILE_ID
    m.set_content(
        "州总工会宣传教育部：\n\n我会对《意见》提出以下修改意见：\n\n"
        f"一、第3条：建议增加{SCRIPT_TEXT}的相关内容。\n\n"
        "二、第8条：建议把“职工之家”建设和“职工书屋”建设合并表述；另外建议增加困难职工帮扶的考核指标。\n\n"
        "安图县总工会\n2014年9月24日\n"
    )
    m.add_attachment(b"hello", maintype="text", subtype="plain", filename=HOSTILE_FILENAME)
    return bytes(m)


def fill_store(folder: Path, *, hostile: bool, password: bool) -> Path:
    """init + ingest of the sample corpus (and the hostile reply) into `folder`; the config path."""
    config_path = write_config(folder, CAMPAIGN, extra=WEB_SECTION if password else "")
    config = load_config(config_path)
    store = Store(config.store_path, create=True)
    try:
        store.load_campaign(parse_draft(config.draft.read_bytes(), config.draft.name),
                            load_roster(config.roster.read_bytes(), config.roster.name))
        paths = [CORPUS]
        if hostile:
            (folder / "hostile.eml").write_bytes(hostile_reply())
            paths.append(folder / "hostile.eml")
        ingest_paths(config, store, paths)
    finally:
        store.close()
    return config_path


def desk_copy(base: Path, target: Path, *, hostile: bool = True, password: bool = True) -> Config:
    """A fresh copy of a filled store (filled once per session, copied per test)."""
    key = (hostile, password)
    if key not in _templates:
        folder = base / f"template-{int(hostile)}{int(password)}"
        folder.mkdir(parents=True)
        fill_store(folder, hostile=hostile, password=password)
        _templates[key] = folder
    shutil.copytree(_templates[key], target)
    return load_config(target / "mailbot.toml")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """The app on 127.0.0.1 and a free port, in a thread; yields its base URL."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", free_port(), app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@contextmanager
def chromium() -> Iterator[Any]:
    """Debian's Chromium under Playwright (never `playwright install`: no downloads here)."""
    import pytest
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).is_file():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/test (it installs it) or apt-get install -y chromium fonts-noto-cjk",
                    pytrace=False)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
