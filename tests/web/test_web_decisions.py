"""mailbot.campaign.decisions and the desk's actions: every change logged, kept across
re-processing; the adoption table as .docx and .xlsx; reminders on demand."""

from __future__ import annotations

import datetime
import io
import json
from collections.abc import Iterator
from pathlib import Path

import docx
import openpyxl
import pytest
from click.testing import CliRunner
from desk_helpers import HOSTILE_ID, PASSWORD, PASSWORD_ENV, desk_copy
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from mailbot.campaign import decisions
from mailbot.pipeline.archive import Archive
from mailbot.cli import cli
from mailbot.config import Config
from mailbot.outbox import Outbox
from mailbot.campaign.progress import missing_units
from mailbot.store import Store
from mailbot.web.app import create_app
from mailbot.web.context import message_key
from mailbot.web.reminders import queue_manual_reminders
from reports.adoption import AdoptionRow, adoption_docx, adoption_xlsx


@pytest.fixture
def desk(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Config:
    return desk_copy(tmp_path_factory.getbasetemp(), tmp_path / "desk")


@pytest.fixture
def store(desk: Config) -> Iterator[Store]:
    opened = Store(desk.store_path)
    decisions.ensure_tables(opened)
    yield opened
    opened.close()


def uncertain(store: Store) -> dict[str, object]:
    """The hostile reply's comment that names two clauses (needs review)."""
    rows = store.comments("message_id = ? and needs_review = 1", [HOSTILE_ID])
    assert len(rows) == 1
    return rows[0]


def reprocess(desk: Config, store: Store, message_id: str) -> None:
    """What the 来件 page's 重新处理 does: forget, read again from the archive, re-apply edits."""
    from mailbot.pipeline.ingest import Ingestor, IngestReport

    sha = store.messages("message_id = ?", [message_id])[0]["sha256"]
    store.forget_message(message_id)
    Ingestor(desk, store).ingest_raw(Archive(desk.archive).read(sha), "again", IngestReport())
    decisions.reapply_edits(store)


def test_decisions_are_logged_with_who_before_and_after(store: Store) -> None:
    cid = store.comments("status = 'active'")[0]["id"]
    decisions.set_decision(store, cid, "部分采纳", "已吸收前半句", "张三")
    decisions.set_decision(store, cid, "采纳", "已吸收前半句", "李四")
    log = decisions.changes(store, [cid])[cid]
    assert [(c["who"], c["field"], c["before"], c["after"]) for c in log] == [
        ("张三", "decision", "未决定", "部分采纳"), ("张三", "reason", "", "已吸收前半句"), ("李四", "decision", "部分采纳", "采纳"),
    ]
    assert all(c["at"] for c in log)
    with pytest.raises(decisions.MailbotError):
        decisions.set_decision(store, cid, "同意", "", "张三")


def test_a_mapping_change_is_kept_across_reprocessing(desk: Config, store: Store) -> None:
    """GIVEN an uncertain comment WHEN it is set to 第10条 and its message is read again
    THEN it stays on 第10条, no longer needs review, and the change is in its history."""
    cid = str(uncertain(store)["id"])
    assert decisions.assign_place(store, cid, "10", "张三") == f"{cid}: 第10条"
    decisions.set_decision(store, cid, "不采纳", "另有安排", "张三")
    reprocess(desk, store, HOSTILE_ID)
    row = decisions.comment(store, cid)
    assert (row["scope"], row["clause"], row["needs_review"], row["status"]) == ("clause", 10, 0, "active")
    assert decisions.changes(store, [cid])[cid][0]["before"] == "第8条"
    assert decisions.changes(store, [cid])[cid][0]["after"] == "第10条"
    assert decisions.decisions(store)[cid]["decision"] == "不采纳"


def test_split_and_not_a_comment_survive_reprocessing(desk: Config, store: Store) -> None:
    row = uncertain(store)
    cid = str(row["id"])
    other = store.comments("message_id = ? and needs_review = 0", [HOSTILE_ID])[0]["id"]
    before = len(store.comments("status = 'active'"))
    first, second = decisions.split_comment(store, cid, "建议把“职工之家”建设和“职工书屋”建设合并表述。",
                                            "建议增加困难职工帮扶的考核指标。", "张三")
    decisions.assign_place(store, second, "全文", "张三")
    decisions.reject_comment(store, other, "张三")
    assert len(store.comments("status = 'active'")) == before  # +2 parts, -1 split, -1 rejected
    reprocess(desk, store, HOSTILE_ID)
    statuses = {r["id"]: r["status"] for r in store.comments("message_id = ?", [HOSTILE_ID])}
    assert statuses == {cid: "split", first: "active", second: "active", other: "rejected"}
    assert decisions.comment(store, second)["scope"] == "general"
    decisions.restore_comment(store, other, "李四")
    assert decisions.comment(store, other)["status"] == "active"
    assert [c["field"] for c in decisions.changes(store, [other])[other]] == ["status", "status"]


def test_adoption_rows_follow_clause_order_and_skip_inactive(store: Store) -> None:
    rows = decisions.adoption_records(store)
    assert len(rows) == len(store.comments("status = 'active'"))
    assert [r.number for r in rows] == list(range(1, len(rows) + 1))
    places = [r.place for r in rows]
    assert places[0] == "第1条" and places[-1] == "全文"
    clause_numbers = [int(p[1:-1]) for p in places if p.endswith("条")]
    assert clause_numbers == sorted(clause_numbers)


def test_the_adoption_docx_prints_as_is(tmp_path: Path) -> None:
    """A4 landscape, a header row that repeats on every page, 仿宋 for the body."""
    rows = [AdoptionRow(1, "第3条", "延吉市总工会", "建议改为“……”。\n理由：更准确。", "采纳", "已修改"),
            AdoptionRow(2, "全文", "图们市总工会", "=HYPERLINK(\"x\")\x07", "", "")]
    document = docx.Document(io.BytesIO(adoption_docx(rows, "关于……的意见")))
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE and section.page_width > section.page_height
    assert abs(section.page_width.cm - 29.7) < 0.1 and abs(section.page_height.cm - 21.0) < 0.1
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["序号", "条款", "提出单位", "意见内容", "是否采纳", "说明"]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert [c.text for c in table.rows[1].cells] == ["1", "第3条", "延吉市总工会", "建议改为“……”。\n理由：更准确。", "采纳", "已修改"]
    assert table.rows[2].cells[3].text == "=HYPERLINK(\"x\")"
    normal = document.styles["Normal"]
    assert normal.font.name == "仿宋" and normal.element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋"


def test_the_adoption_xlsx_keeps_text_as_text() -> None:
    rows = [AdoptionRow(1, "全文", "图们市总工会", "=1+1", "不采纳", "@SUM(A1)")]
    ws = openpyxl.load_workbook(io.BytesIO(adoption_xlsx(rows, "T"))).active
    assert [c.value for c in ws[1]] == ["序号", "条款", "提出单位", "意见内容", "是否采纳", "说明"]
    assert [c.value for c in ws[2]] == [1, "全文", "图们市总工会", "=1+1", "不采纳", "@SUM(A1)"]
    assert ws["D2"].data_type == "s" and ws["F2"].data_type == "s"
    assert ws.print_title_rows == "$1:$1" and ws.page_setup.orientation == "landscape"


@pytest.mark.parametrize("suffix", [".docx", ".xlsx"])
def test_mailbot_adoption_writes_the_table(desk: Config, store: Store, tmp_path: Path, suffix: str) -> None:
    cid = decisions.adoption_records(store)[0].comment_id
    decisions.set_decision(store, cid, "已有相关表述", "第2条已写明", "张三")
    target = tmp_path / f"意见采纳情况表{suffix}"
    result = CliRunner().invoke(cli, ["--config", str(desk.path), "adoption", "-o", str(target)])
    assert result.exit_code == 0, result.output
    if suffix == ".docx":
        cells = [c.text for c in docx.Document(str(target)).tables[0].rows[1].cells]
    else:
        workbook = openpyxl.load_workbook(target)
        cells = [str(c.value) for c in workbook.active[2]]
        workbook.close()
    assert cells[0] == "1" and cells[4:] == ["已有相关表述", "第2条已写明"]


def test_mailbot_adoption_refuses_other_formats(desk: Config, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--config", str(desk.path), "adoption", "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 1 and result.stderr == "Error: adoption: cannot write .pdf: use FILE.docx or FILE.xlsx\n"


def test_manual_reminders_go_once_a_day_through_the_outbox(desk: Config, store: Store) -> None:
    """GIVEN units that have not replied WHEN 催报 is pressed twice on one day
    THEN each gets one reminder queued, ref reminder-manual:<date>:<unit>; the next day again."""
    outbox = Outbox(store, desk.smtp)
    day = datetime.date(2014, 9, 22)
    missing = [u.name for u in missing_units(store)]
    first = queue_manual_reminders(desk, store, outbox, day)
    assert first.queued == missing and not first.already
    again = queue_manual_reminders(desk, store, outbox, day)
    assert not again.queued and again.already == missing
    assert queue_manual_reminders(desk, store, outbox, day + datetime.timedelta(days=1)).queued == missing
    rows = list(store.db["outbox"].rows_where("ref like 'reminder-manual:2014-09-22:%'"))
    assert sorted(r["ref"] for r in rows) == sorted(f"reminder-manual:2014-09-22:{u}" for u in missing)
    assert all(r["kind"] == "reminder" and r["status"] == "queued" for r in rows)
    assert json.loads(rows[0]["recipients"])


def test_reprocess_from_the_messages_page(desk: Config, monkeypatch: pytest.MonkeyPatch) -> None:
    """The 来件 page's button reads the message again and keeps the operator's edits."""
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)
    app = create_app(desk, desk.store_path)
    with app.test_client() as client:
        client.get("/login")
        with client.session_transaction() as session:
            session.update(csrf="t0ken")
        client.post("/login", data={"name": "王五", "password": PASSWORD, "csrf_token": "t0ken"})
        with client.session_transaction() as session:  # a login is kept in the store: made by logging in
            session.update(csrf="t0ken")
        store = Store(desk.store_path)
        try:
            cid = str(uncertain(store)["id"])
        finally:
            store.close()
        client.post(f"/comments/{cid}/reject", data={"csrf_token": "t0ken"})
        response = client.post(f"/messages/{message_key(HOSTILE_ID)}/reprocess", data={"csrf_token": "t0ken"},
                               headers={"HX-Request": "true"})
        assert response.status_code == 200 and "已重新处理" in response.get_data(as_text=True)
    store = Store(desk.store_path)
    try:
        assert decisions.comment(store, cid)["status"] == "rejected"
        assert decisions.changes(store, [cid])[cid][0]["who"] == "王五"
        assert store.recent_events(limit=1)[0]["what"] == "reprocessed"
    finally:
        store.close()
