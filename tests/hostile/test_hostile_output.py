"""Hostile input, case 8: comment text that a spreadsheet would run as a formula, or a
browser as a script, stays text in every output."""

from __future__ import annotations

import email
import email.policy
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from hostile_harness import Bot, comment_docx, reply, start

FORMULAS = ['=HYPERLINK("http://x","y")', "+1+1", "-2", "@SUM(A1)"]
SCRIPT = "建议删除<script>alert(1)</script>这一句"
ROWS = [(f"第{i}条", text, "格式测试") for i, text in enumerate([*FORMULAS, SCRIPT], start=1)]


@pytest.fixture
def bot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Bot:
    bot = start(tmp_path, monkeypatch, extra='[reports]\nrecipients = ["xcjyb@ybgh.example"]\n')
    bot.ingest(reply(("格式.docx", comment_docx(ROWS)), with_good=False))
    assert bot.message("<hostile@wangqing.example>")["kind"] == "submission"
    stored = {c["text"] for c in bot.unit_comments()}
    assert stored == {*FORMULAS, SCRIPT}, stored
    return bot


def assert_cells_are_text(data: bytes) -> None:
    """Every hostile text is in a string cell, exactly, and no sheet holds a formula."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                xml = archive.read(name)
                assert b"<f>" not in xml and b"<f " not in xml, name
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    try:
        cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
        for text in FORMULAS:
            found = [cell for cell in cells if cell.value == text]
            assert found and all(cell.data_type == "s" for cell in found), (text, found)
    finally:
        workbook.close()


def test_formula_text_stays_text_in_the_report(bot: Bot) -> None:
    """GIVEN comments starting with = + - @ WHEN `mailbot report` builds 意见汇总表.xlsx
    THEN each is a string cell with the exact text and no sheet has a formula."""
    result = bot.cli("report", "-o", str(bot.root / "var" / "report"))
    assert result.exit_code == 0, result.output
    assert_cells_are_text((bot.root / "var" / "report" / "意见汇总表.xlsx").read_bytes())


def test_formula_text_stays_text_in_the_exports(bot: Bot) -> None:
    """GIVEN the same comments WHEN exported as xlsx and csv THEN xlsx cells are strings and
    csv fields carry the leading apostrophe that keeps a spreadsheet from running them."""
    target = bot.root / "var" / "comments.xlsx"
    assert bot.cli("export", "--format", "xlsx", "-o", str(target)).exit_code == 0
    assert_cells_are_text(target.read_bytes())
    csv = bot.cli("export", "--format", "csv").stdout
    for text in FORMULAS:
        assert f"'{text}" in csv or f"'{text}".replace('"', '""') in csv, text


def test_script_never_reaches_the_digest_html_unescaped(bot: Bot) -> None:
    """GIVEN a comment holding <script> WHEN the digest is sent (folder smtp) THEN its HTML
    part never holds the tag unescaped."""
    result = bot.cli("report", "-o", str(bot.root / "var" / "report"), "--send")
    assert result.exit_code == 0 and "sent" in result.output, result.output
    mails = bot.outbox_mails()
    assert len(mails) == 1
    digest = email.message_from_bytes(mails[0], policy=email.policy.default)
    html = digest.get_body(("html",))
    assert html is not None
    text = html.get_content()
    assert "<html>" in text and "<script>" not in text.lower()
    assert b"<script>" not in mails[0].lower()
