"""The desk for scans and for mail that may not be a reply: the page crop beside an OCR'd
comment, correcting its words, typing the comments of an unreadable reply, confirming a
possible reply. Each change survives re-processing of the message."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest
import scanmaker as sm
from flask.testing import FlaskClient
from helpers import write_config
from PIL import Image

from mailbot.pipeline.archive import Archive
from mailbot.config import Config, load_config
from mailbot.pipeline.ingest import Ingestor, IngestReport
from mailbot.runs import ingest_paths
from mailbot.campaign.progress import missing_units
from mailbot.store import Store
from mailbot.web.app import create_app
from mailbot.web.context import message_key
from parsers.placing.draft import parse_draft
from parsers.mail.units import load_roster

CAMPAIGN = Path(__file__).resolve().parent.parent / "fixtures" / "campaign"
SCAN_ID, THUMB_ID, MAYBE_ID = "<scan@hunchun.example>", "<thumb@tumen.example>", "<maybe@antu.example>"


def mail(message_id: str, sender: str, subject: str, body: str, attachment: tuple[str, bytes] | None = None) -> bytes:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, "xcjyb@ybgh.example", subject
    message["Date"], message["Message-ID"] = "Wed, 17 Sep 2014 10:00:00 +0800", message_id
    message.set_content(body)
    if attachment:
        message.add_attachment(attachment[1], maintype="application", subtype="octet-stream", filename=attachment[0])
    return message.as_bytes()


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("scans-desk")
    config = load_config(write_config(folder, CAMPAIGN))
    store = Store(config.store_path, create=True)
    store.load_campaign(parse_draft(config.draft.read_bytes()), load_roster(config.roster.read_bytes(), "units.csv"))
    form = [sm.Title("珲春市总工会修改意见"),
            sm.Table(["序号", "条款", "修改意见"], [("1", "第4条", "建议对命名的创新工作室给予一次性资金奖励。")], [0.1, 0.2, 0.7]),
            sm.Signature("珲春市总工会", "2014年9月17日")]
    scan = sm.to_image_pdf([sm.scanned(sm.render_page(form), seed=2)])
    thumb = sm.to_jpeg(sm.thumbnail(sm.render_page(form), (300, 210), 2.5))
    raws = [
        mail(SCAN_ID, "hcszgh@hunchun.example", "珲春市总工会修改意见", "意见见附件扫描件。", ("意见（盖章）.pdf", scan)),
        mail(THUMB_ID, "tmszgh@tumen.example", "图们市总工会意见", "我单位意见见附件。", ("扫描.jpg", thumb)),
        mail(MAYBE_ID, "atxzgh@antu.example", "材料", "建议行文再精简一些，增加可操作的内容。"),
    ]
    for n, raw in enumerate(raws):
        (folder / f"{n}.eml").write_bytes(raw)
    ingest_paths(config, store, [folder / f"{n}.eml" for n in range(len(raws))])
    store.close()
    return folder


@pytest.fixture
def desk(filled: Path, tmp_path: Path) -> Config:
    import shutil

    shutil.copytree(filled, tmp_path / "desk")
    return load_config(tmp_path / "desk" / "mailbot.toml")


@pytest.fixture
def client(desk: Config) -> Iterator[FlaskClient]:
    with create_app(desk, desk.store_path).test_client() as c:
        yield c


def token(client: FlaskClient, path: str = "/review") -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).get_data(as_text=True))
    assert found
    return found.group(1)


def test_an_ocr_comment_shows_its_crop_and_can_be_corrected(client: FlaskClient, desk: Config) -> None:
    store = Store(desk.store_path)
    (row,) = store.comments("message_id = ?", [SCAN_ID])
    assert row["page"] == 1 and row["box"] and row["clause"] == 4
    page = client.get(f"/comments/{row['id']}").get_data(as_text=True)
    assert f"/comments/{row['id']}/crop.png" in page and "OCR识别" in page
    crop = client.get(f"/comments/{row['id']}/crop.png")
    assert crop.status_code == 200 and crop.mimetype == "image/png"
    assert Image.open(io.BytesIO(crop.data)).height < 500
    fixed = "建议对命名的创新工作室给予一次性资金奖励五万元。"
    done = client.post(f"/comments/{row['id']}/text", data={"text": fixed, "csrf_token": token(client)})
    assert done.status_code == 302
    active = store.comments("message_id = ? and status = 'active'", [SCAN_ID])
    assert [c["text"] for c in active] == [fixed] and active[0]["clause"] == 4
    reprocess(desk, store, SCAN_ID)
    assert [c["text"] for c in store.comments("message_id = ? and status = 'active'", [SCAN_ID])] == [fixed]
    store.close()


def test_an_unreadable_reply_counts_and_its_comments_can_be_typed(client: FlaskClient, desk: Config) -> None:
    store = Store(desk.store_path)
    message = store.message(THUMB_ID)
    assert message and message["kind"] == "submission" and "unreadable" in message["review"]
    assert "图们市总工会" not in [u.name for u in missing_units(store)]
    key = message_key(THUMB_ID)
    form = {"text": "建议第九条增加职代会闭会期间的议事办法。", "target": "第9条", "reason": "", "csrf_token": token(client)}
    assert client.post(f"/messages/{key}/comments", data=form).status_code == 302
    (typed,) = store.comments("message_id = ? and status = 'active'", [THUMB_ID])
    assert (typed["source"], typed["clause"]) == ("人工录入", 9)
    reprocess(desk, store, THUMB_ID)
    assert [c["clause"] for c in store.comments("message_id = ? and status = 'active'", [THUMB_ID])] == [9]
    store.close()


def test_a_possible_reply_is_confirmed_in_the_desk(client: FlaskClient, desk: Config) -> None:
    store = Store(desk.store_path)
    assert "安图县总工会" in [u.name for u in missing_units(store)]
    review = client.get("/review").get_data(as_text=True)
    assert "可能的回复" in review and "材料" in review
    form = {"verdict": "reply", "csrf_token": token(client), "next": "/review"}
    assert client.post(f"/messages/{message_key(MAYBE_ID)}/confirm", data=form).status_code == 302
    assert "安图县总工会" not in [u.name for u in missing_units(store)]
    assert store.comments("message_id = ? and status = 'active'", [MAYBE_ID])
    store.close()


def reprocess(desk: Config, store: Store, message_id: str) -> None:
    from mailbot.campaign.decisions import reapply_edits

    sha = store.message(message_id)["sha256"]  # type: ignore[index]
    store.forget_message(message_id)
    Ingestor(desk, store).ingest_raw(Archive(desk.archive).read(sha), "again", IngestReport())
    reapply_edits(store)


def test_the_clerks_confirmation_survives_re_reading(client: FlaskClient, desk: Config) -> None:
    store = Store(desk.store_path)
    form = {"verdict": "reply", "csrf_token": token(client), "next": "/review"}
    client.post(f"/messages/{message_key(MAYBE_ID)}/confirm", data=form)
    reprocess(desk, store, MAYBE_ID)
    assert store.message(MAYBE_ID)["kind"] == "submission"  # type: ignore[index]
    assert "安图县总工会" not in [u.name for u in missing_units(store)]
    store.close()


def test_progress_counts_a_possible_reply_as_not_replied(client: FlaskClient, desk: Config) -> None:
    from mailbot.campaign.status import status_lines

    store = Store(desk.store_path)
    assert "待确认" in client.get("/").get_data(as_text=True)
    line = status_lines(desk, store)[0][0]
    assert "missing 22" in line and "待确认" in line  # 2 of the 3 units replied (one scan, one unreadable)
    store.close()


def test_no_reminder_to_a_unit_whose_mail_waits_for_the_clerk(client: FlaskClient, desk: Config) -> None:
    import datetime

    from mailbot.outbox import Outbox
    from mailbot.web.reminders import queue_manual_reminders

    store = Store(desk.store_path)
    result = queue_manual_reminders(desk, store, Outbox(store, desk.smtp), datetime.date(2014, 9, 20))
    assert "安图县总工会" in result.pending and "安图县总工会" not in result.queued
    assert "敦化市总工会" in result.queued
    store.close()
