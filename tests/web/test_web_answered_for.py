"""One mail answering for two roster units ("州一中工会委托我会一并报送"): both have replied, neither
is listed missing nor reminded; the desk says whose mail answered, and the clerk is asked to check."""

from __future__ import annotations

from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from helpers import write_config

from mailbot.campaign.progress import missing_units, progress, review_items
from mailbot.config import Config, load_config
from mailbot.runs import ingest_paths
from mailbot.store import Store
from mailbot.web.app import create_app
from parsers.mail.units import load_roster
from parsers.placing.draft import parse_draft

CAMPAIGN = Path(__file__).resolve().parent.parent / "fixtures" / "campaign"
BODY = """宣教部：
    现将州教育工会和州第一中学工会（州一中工会委托我会一并报送）的修改意见报上：
一、州教育工会的意见
    1．第三条，建议增加“每年举办一次青年教师课堂教学展示活动”。
二、州第一中学工会的意见
    1．第十条，建议增加“职工书屋延长周末开放时间”。
州教育工会 韩老师
2014年9月24日
"""

ON_BEHALF = """宣教部：
    延边广播电视台工会的邮箱出现故障，委托我会代为转报其修改意见：
    一、第十条：建议增加“职工书屋向夜班职工延长开放时间”。
    以上是延边广播电视台工会的意见。我会的意见另行报送。
延边大学工会 张某（代发）
"""


def mail(message_id: str, sender: str, subject: str, body: str) -> bytes:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, "xcjyb@ybgh.example", subject
    message["Date"], message["Message-ID"] = "Wed, 24 Sep 2014 10:00:00 +0800", message_id
    message.set_content(body)
    return message.as_bytes()


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Config:
    folder = tmp_path_factory.mktemp("answered-for")
    config = load_config(write_config(folder, CAMPAIGN))
    store = Store(config.store_path, create=True)
    store.load_campaign(parse_draft(config.draft.read_bytes()), load_roster(config.roster.read_bytes(), "units.csv"))
    raws = [mail("<two@jy.example>", "jygh@ybgh.example", "州教育工会、州一中工会修改意见", BODY),
            # a unit naming another whose comments go separately answers for itself only
            mail("<one@ws.example>", "wsgh@ybgh.example", "州卫生工会修改意见",
                 "第五条，建议增加“职工健康体检每年一次”。\n延边医院工会的意见另行报送。\n州卫生工会"),
            # sent for another unit only: that unit has replied, the sender has not
            mail("<for@ybu.example>", "gh@ybu.example", "转报延边广播电视台工会修改意见", ON_BEHALF)]
    for n, raw in enumerate(raws):
        (folder / f"{n}.eml").write_bytes(raw)
    ingest_paths(config, store, [folder / f"{n}.eml" for n in range(len(raws))])
    store.close()
    return config


@pytest.fixture
def client(desk: Config) -> Iterator[FlaskClient]:
    with create_app(desk, desk.store_path).test_client() as c:
        yield c


def test_both_units_have_replied_and_the_clerk_is_told(desk: Config) -> None:
    store = Store(desk.store_path)
    missing = [u.name for u in missing_units(store)]
    assert "州教育工会" not in missing and "州第一中学工会" not in missing
    assert "延边医院工会" in missing  # its comments go separately: not answered for
    rows = {r["unit"]: r for r in progress(store)}
    assert rows["州第一中学工会"]["sent_by"] == "州教育工会" and rows["州第一中学工会"]["comments"] == 0
    assert rows["州教育工会"]["sent_by"] == "" and rows["州教育工会"]["comments"] == 2
    notes = [i["problem"] for i in review_items(store) if i["unit"] == "州教育工会"]
    assert any("州第一中学工会已计为已报送" in n for n in notes)
    # the mail sent for 延边广播电视台工会 alone is its reply, with its comment; 延边大学工会 is still missing
    assert "延边广播电视台工会" not in missing and "延边大学工会" in missing
    assert rows["延边广播电视台工会"]["comments"] == 1 and rows["延边广播电视台工会"]["sent_by"] == ""
    assert any("由延边大学工会代发" in i["problem"] for i in review_items(store) if i["unit"] == "延边广播电视台工会")
    store.close()


def test_the_progress_page_says_whose_mail_answered(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    assert "（由州教育工会一并报送）" in page
