"""`mailbot annotate` on the sample replies: the issue's marks, measured on the files it writes."""

from __future__ import annotations

import io
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner, Result

from mailbot.campaign.annotating import department, remarks
from mailbot.cli import cli
from mailbot.config import load_config
from mailbot.campaign.decisions import ensure_tables, set_decision
from mailbot.store import Store
from parsers.files.docx import read_docx
from parsers.placing.draft import parse_draft
from parsers.records import Draft
from parsers.files.revisions import change_blocks, comment_blocks, original_text, paragraphs
from reports.draft.proposals import Remark, exact_edit


def run(config: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--config", str(config), *args], catch_exceptions=False)


@dataclass
class Marks:
    """What the issue asks of a marked-up draft, counted."""

    text_intact: bool
    placed: int  # comments in exactly one margin comment naming their unit, in their clause
    comments: int
    tracked: int  # exact proposals (their words found in the clause) shown as tracked changes
    exact: int


def measure(data: bytes, source: bytes, draft: Draft, expected: list[Remark], author: str | None = None) -> Marks:
    document = read_docx(data, "out.docx").document
    notes = comment_blocks(document, draft, "")
    changes = [(b.author, b.text, b.anchor) for b in change_blocks(document, draft, "")]
    intact = [original_text(p) for p in paragraphs(document)] == [
        original_text(p) for p in paragraphs(docx.Document(io.BytesIO(source)))]
    placed = sum(1 for r in expected if _placed(r, notes, author or r.unit))
    exact = [r for r in expected if _exact_in_clause(r, draft)]
    tracked = sum(1 for r in exact if any(_same_change(r, c, author or r.unit) for c in changes))
    return Marks(intact, placed, len(expected), tracked, len(exact))


def _placed(remark: Remark, notes: list, author: str) -> bool:  # type: ignore[type-arg]
    mine = [n for n in notes if author in n.author.split("、") and remark.text in n.text]
    return len(mine) == 1 and mine[0].anchor == (remark.clause if remark.scope == "clause" else None)


def _exact_in_clause(remark: Remark, draft: Draft) -> bool:
    edit = exact_edit(remark.text, remark.original)
    clause = draft.clause(remark.clause) if remark.scope == "clause" and remark.clause else None
    return edit is not None and clause is not None and edit.old in clause.text


def _same_change(remark: Remark, change: tuple[str, str, int | None], author: str) -> bool:
    """The change as mailbot's reader words it (an insertion quotes the 12 characters before it)."""
    who, text, anchor = change
    edit = exact_edit(remark.text, remark.original)
    if edit is None or author not in who.split(" ")[0].split("、") or anchor != remark.clause:
        return False
    return text.endswith(f"后增加“{edit.new}”") if edit.kind == "insert" else text == edit.wording()


def to_pdf(path: Path, folder: Path) -> bytes:
    """LibreOffice converts the file (as the issue's check does)."""
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice is needed (scripts/test installs it)"
    subprocess.run([soffice, f"-env:UserInstallation=file://{folder / 'lo'}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(folder), str(path)], check=True, capture_output=True, timeout=240)
    return (folder / path.with_suffix(".pdf").name).read_bytes()


@pytest.fixture
def ingested(config_file: Path, corpus_dir: Path) -> Path:
    assert run(config_file, "init").exit_code == 0
    assert run(config_file, "ingest", str(corpus_dir)).exit_code == 0
    return config_file


def test_annotate_the_sample(ingested: Path, tmp_path: Path, campaign_dir: Path) -> None:
    """GIVEN the sample replies WHEN `mailbot annotate -o` runs THEN one line names the file, the
    draft's words are intact, every comment is in the margin once, in its clause, by its unit, at
    least 80% of the exact proposals are tracked changes, and LibreOffice converts it."""
    result = run(ingested, "annotate", "-o", str(tmp_path / "批注稿.docx"))
    assert result.exit_code == 0 and result.output == f"{tmp_path / '批注稿.docx'}\n"
    source = (campaign_dir / "draft.docx").read_bytes()
    store = Store(load_config(ingested).store_path)
    found = remarks(store)
    marks = measure((tmp_path / "批注稿.docx").read_bytes(), source, parse_draft(source), found)
    print(marks)
    assert marks.text_intact and marks.placed == marks.comments == len(found) > 100
    assert marks.tracked >= 0.8 * marks.exact and marks.exact > 40
    assert to_pdf(tmp_path / "批注稿.docx", tmp_path).startswith(b"%PDF")


def test_annotate_adopted_on_a_store_with_decisions(ingested: Path, tmp_path: Path, campaign_dir: Path) -> None:
    """GIVEN decisions on the sample's comments (采纳, 部分采纳, 不采纳 in turn) WHEN `annotate
    --adopted` runs THEN the adopted are in the margin once, by the department; the exact 采纳
    ones are its tracked changes; the 不采纳 are nowhere; LibreOffice converts it."""
    config = load_config(ingested)
    store = Store(config.store_path)
    ensure_tables(store)
    found = remarks(store)
    verdicts = {r.id: ("采纳", "部分采纳", "不采纳")[n % 3] for n, r in enumerate(found)}
    for cid, verdict in verdicts.items():
        set_decision(store, cid, verdict, "", "test")
    output = tmp_path / "修改稿.docx"
    assert run(ingested, "annotate", "--adopted", "-o", str(output)).exit_code == 0
    source = (campaign_dir / "draft.docx").read_bytes()
    adopted = [r for r in found if verdicts[r.id] != "不采纳"]
    marks = measure(output.read_bytes(), source, parse_draft(source), adopted, department(config))
    print(marks)
    assert marks.text_intact and marks.placed == marks.comments == len(adopted)
    whole = [r for r in adopted if verdicts[r.id] == "采纳"]
    exact = measure(output.read_bytes(), source, parse_draft(source), whole, department(config))
    print(exact)
    assert exact.tracked >= 0.8 * exact.exact and exact.exact > 10
    text = "\n".join(b.text for b in comment_blocks(read_docx(output.read_bytes(), "o").document, parse_draft(source), ""))
    assert not any(r.text in text for r in found if verdicts[r.id] == "不采纳")
    assert department(config) == "延边州总工会宣传教育部" or not config.smtp.sender
    assert to_pdf(output, tmp_path).startswith(b"%PDF")


def test_report_writes_both_drafts_beside_the_workbook(ingested: Path, tmp_path: Path) -> None:
    result = run(ingested, "report", "-o", str(tmp_path / "out"))
    assert result.exit_code == 0
    assert {Path(line).name for line in result.output.splitlines()} == {
        "意见汇总表.xlsx", "未报送单位.txt", "批注稿.docx", "修改稿.docx"}


def test_annotate_wants_a_docx(ingested: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--config", str(ingested), "annotate", "-o", str(tmp_path / "a.pdf")])
    assert result.exit_code == 1 and result.stderr == "Error: annotate: cannot write a.pdf: use FILE.docx\n"
