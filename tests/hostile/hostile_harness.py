"""The shared harness of the hostile-input tests (a plain module: `from hostile_harness import ...`).

Every hostile input is built in code and goes through the real pipeline in-process:
`mailbot init`, then `mailbot ingest DIR` (or `mailbot poll --once` on the Maildir) through
click's CliRunner, with the working directory and the temporary-file folder inside the
test's tmp tree. A run then has to:

- complete (exit 0),
- archive every raw input (var/archive/<sha[:2]>/<sha>.eml) and list it (`export --table messages`),
- leave the tmp tree unchanged outside var/ and the input folder (no file written elsewhere),
- stay under MEMORY_BOUND of traced Python memory (tracemalloc) and of new process RSS peak.
"""

from __future__ import annotations

import email.policy
import functools
import hashlib
import io
import json
import os
import re
import resource
import sys
import tempfile
import time
import tracemalloc
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

import docx
import pytest
from click.testing import CliRunner, Result

TESTS = Path(__file__).resolve().parent.parent
if str(TESTS) not in sys.path:  # for `helpers`, when this folder is collected on its own
    sys.path.insert(0, str(TESTS))

from helpers import write_config  # noqa: E402
from mailbot.cli import cli  # noqa: E402
from parsers.mail.envelope import parse_envelope  # noqa: E402

MB = 1024 * 1024
MEMORY_BOUND = 300 * MB
CORPUS = TESTS / "fixtures" / "corpus"
CAMPAIGN = TESTS / "fixtures" / "campaign"
UNIT = "汪清县总工会"
UNIT_ADDRESS = "wqxzgh@wangqing.example"
SENDER = f"{UNIT} <{UNIT_ADDRESS}>"
OUR_ADDRESS = "xcjyb@ybgh.example"
GOOD_COMMENTS = 7  # the comments in m007.eml's .xlsx
OCTET = ("application", "octet-stream")


# inputs ------------------------------------------------------------------------------------
@functools.cache
def good_xlsx() -> tuple[str, bytes]:
    """m007.eml's workbook (7 comments from 汪清县总工会): put beside every bad attachment."""
    attachment = parse_envelope((CORPUS / "m007.eml").read_bytes()).attachments[0]
    return attachment.filename, attachment.data


def reply(
    *attachments: tuple[str, bytes],
    body: str = "宣教部：\n  我会修改意见见附件，请查收。\n汪清县总工会",
    sender: str | None = SENDER,
    subject: str = "汪清县总工会修改意见",
    message_id: str | None = "<hostile@wangqing.example>",
    headers: dict[str, str] | None = None,
    with_good: bool = True,
    charset: str = "utf-8",
) -> bytes:
    """A reply from 汪清县总工会 carrying `attachments` (name, bytes), then the good .xlsx."""
    message = EmailMessage(policy=email.policy.SMTP)
    if sender is not None:
        message["From"] = sender
    message["To"] = OUR_ADDRESS
    message["Subject"] = subject
    message["Date"] = "Fri, 12 Sep 2014 15:37:00 +0800"
    if message_id is not None:
        message["Message-ID"] = message_id
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body, charset=charset)
    for name, data in [*attachments, *([good_xlsx()] if with_good else [])]:
        message.add_attachment(data, maintype=OCTET[0], subtype=OCTET[1], filename=name)
    return message.as_bytes()


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def comment_docx(rows: Iterable[tuple[str, str, str]] = (), paragraphs: Iterable[str] = ()) -> bytes:
    """A unit's comment document: paragraphs, then a 条款 | 修改意见 | 理由 table. The
    document XML is written directly (python-docx's add_row slows down as a table grows)."""
    def para(text: str) -> str:
        return f'<w:p><w:r><w:t xml:space="preserve">{xml_escape(text)}</w:t></w:r></w:p>'

    body = "".join(para(text) for text in paragraphs)
    rows = list(rows)
    if rows:
        grid = "<w:tblGrid>" + "<w:gridCol/>" * 3 + "</w:tblGrid>"
        trs = "".join(
            "<w:tr>" + "".join(f"<w:tc>{para(text)}</w:tc>" for text in values) + "</w:tr>"
            for values in [("条款", "修改意见", "理由"), *rows]
        )
        body += f"<w:tbl>{grid}{trs}</w:tbl>"
    document = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W_NS}"><w:body>{body}<w:sectPr/></w:body></w:document>'
    return rezip(_blank_docx(), {"word/document.xml": document.encode("utf-8")})


@functools.cache
def _blank_docx() -> bytes:
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    return buffer.getvalue()


def rezip(data: bytes, replace: dict[str, bytes] | None = None, *, level: int = 6) -> bytes:
    """The package with some parts replaced or added (deflated; stored when level is 0)."""
    replace = dict(replace or {})
    out = io.BytesIO()
    method = zipfile.ZIP_DEFLATED if level else zipfile.ZIP_STORED
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", method, compresslevel=level or None) as target:
        for info in source.infolist():
            target.writestr(info.filename, replace.pop(info.filename, None) or source.read(info))
        for name, part in replace.items():
            target.writestr(name, part)
    return out.getvalue()


def part(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name)


def zip_of(members: dict[str, bytes], *, level: int = 6) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def sha256(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


# the pipeline ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Measured:
    """One CLI run under tracemalloc: its result, traced peak, growth of the process RSS peak."""

    result: Result
    peak: int
    rss_growth: int
    seconds: float


def _max_rss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux reports KiB


class Bot:
    """One campaign in a tmp folder: config, inputs in in/, Maildir in inbox/, store in var/."""

    def __init__(self, root: Path, extra: str = "") -> None:
        self.root = root
        self.config = write_config(root, CAMPAIGN, extra=extra)
        self.inputs = root / "in"
        self.inputs.mkdir()
        self.systemp = root / "systmp"  # tempfile's folder during the test: must stay empty
        self.systemp.mkdir()
        self.archive = root / "var" / "archive"
        self.outbox = root / "var" / "outbox"

    def cli(self, *args: str) -> Result:
        return run_cli(self.config, *args)

    def init(self) -> Bot:
        result = self.cli("init")
        assert result.exit_code == 0, result.output
        return self

    def write_inputs(self, raws: Iterable[bytes]) -> list[Path]:
        paths = []
        for raw in raws:
            path = self.inputs / f"{len(list(self.inputs.iterdir())):03d}.eml"
            path.write_bytes(raw)
            paths.append(path)
        return paths

    def ingest(self, *raws: bytes) -> Measured:
        """`mailbot ingest in/` with the guarantees of the module docstring checked."""
        self.write_inputs(raws)
        return self.guarded(raws, "ingest", str(self.inputs))

    def poll(self, *raws: bytes) -> Measured:
        """Deliver into the Maildir's new/, then `mailbot poll --once` (receipts are queued)."""
        for raw in raws:
            name = f"{1410000000 + len(list((self.root / 'inbox' / 'new').iterdir()))}.{sha256(raw)[:8]}.hostile"
            (self.root / "inbox" / "new" / name).write_bytes(raw)
        return self.guarded(raws, "poll", "--once")

    def guarded(self, raws: Iterable[bytes], *args: str) -> Measured:
        before = tree(self.root)
        measured = measure(lambda: self.cli(*args))
        assert measured.result.exit_code == 0, measured.result.output
        assert measured.result.exception is None or isinstance(measured.result.exception, SystemExit)
        assert tree(self.root) == before, f"files changed outside var/: {changed(before, tree(self.root))}"
        assert not any(self.systemp.iterdir()), "temporary files left behind"
        assert measured.peak < MEMORY_BOUND, f"tracemalloc peak {measured.peak // MB} MB"
        assert measured.rss_growth < MEMORY_BOUND, f"RSS peak grew {measured.rss_growth // MB} MB"
        for raw in raws:
            assert (self.archive / sha256(raw)[:2] / f"{sha256(raw)}.eml").read_bytes() == raw
        strays = [p for p in (self.root / "var").rglob("*") if p.is_file() and not VAR_FILE.fullmatch(
            p.relative_to(self.root / "var").as_posix())]
        assert not strays, f"unexpected files in var/: {strays}"
        return measured

    def export(self, *args: str) -> list[dict[str, Any]]:
        result = self.cli("export", *args)
        assert result.exit_code == 0, result.output
        return [json.loads(line) for line in result.stdout.splitlines()]

    def messages(self) -> list[dict[str, Any]]:
        return self.export("--table", "messages")

    def comments(self) -> list[dict[str, Any]]:
        return self.export()

    def message(self, message_id: str) -> dict[str, Any]:
        found = [m for m in self.messages() if m["message_id"] == message_id]
        assert len(found) == 1, f"{message_id} listed {len(found)} times"
        return found[0]

    def attachment(self, message_id: str, ending: str) -> dict[str, Any]:
        """The one attachment row of the message whose name ends with `ending`."""
        found = [a for a in self.message(message_id)["attachments"] if a["filename"].endswith(ending)]
        assert len(found) == 1, self.message(message_id)["attachments"]
        return found[0]

    def unit_comments(self, message_id: str = "<hostile@wangqing.example>") -> list[dict[str, Any]]:
        return [c for c in self.comments() if c["message_id"] == message_id and c["unit"] == UNIT]

    def assert_good_attachment_read(self, message_id: str = "<hostile@wangqing.example>") -> None:
        name = good_xlsx()[0]
        assert self.attachment(message_id, name)["status"] == "read"
        from_good = [c for c in self.unit_comments(message_id) if c["source"] == name]
        assert len(from_good) == GOOD_COMMENTS, from_good

    def outbox_mails(self) -> list[bytes]:
        return [p.read_bytes() for p in sorted(self.outbox.glob("*.eml"))] if self.outbox.is_dir() else []


def run_cli(config: Path, *args: str) -> Result:
    """`mailbot --config CONFIG ARGS...` in-process."""
    return CliRunner().invoke(cli, ["--config", str(config), *args])


def start(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extra: str = "") -> Bot:
    """A fresh campaign, initialised; relative writes and temporary files land in its tree."""
    bot = Bot(tmp_path, extra)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(tempfile, "tempdir", str(bot.systemp))
    return bot.init()


def measure(run: Any) -> Measured:
    rss = _max_rss()
    started = time.perf_counter()
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        result = run()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return Measured(result, peak, _max_rss() - rss, time.perf_counter() - started)


Tree = dict[str, tuple[int, int]]
# All a run may write: the store (and SQLite's journals), raw messages by sha256, outgoing mail.
VAR_FILE = re.compile(r"mailbot\.db(-wal|-shm|-journal|\.lock)?|archive/[0-9a-f]{2}/[0-9a-f]{64}\.eml|outbox/\d{6}\.eml")


def tree(root: Path) -> Tree:
    """Every file and folder under root but var/ and in/ (the only places a run may write),
    with its size and content hash; inbox/ is the Maildir a poll moves mail within."""
    found: Tree = {}
    for folder, dirs, files in os.walk(root):
        relative = Path(folder).relative_to(root)
        if relative.parts[:1] in (("var",), ("in",)):
            continue
        for name in dirs:
            found[str(relative / name) + "/"] = (0, 0)
        for name in files:
            path = Path(folder) / name
            if relative.parts[:1] == ("inbox",):
                found["inbox/ (messages)"] = (found.get("inbox/ (messages)", (0, 0))[0] + 1, 0)
                continue
            data = path.read_bytes()
            found[str(relative / name)] = (len(data), int(sha256(data)[:12], 16))
    return found


def changed(before: Tree, after: Tree) -> list[str]:
    return sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
