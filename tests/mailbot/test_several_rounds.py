"""Several rounds in one mailbox and one config (issue #19), through the CLI.

Two drafts with overlapping rosters: the union-work opinions (tests/fixtures/campaign) and a
mutual-aid scheme (tests/fixtures/campaign-mutual: 延吉, 图们 on both rosters; 延边大学 and
州医院 on the second only). Mail for each, for both in one message, for neither; each round's
missing list, comments, sheet and marked-up draft; a store made before rounds carried forward."""

from __future__ import annotations

import json
from email.message import EmailMessage
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers import write_config
from mailbot.cli import cli

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
MUTUAL = FIXTURES / "campaign-mutual"
TWO_ROUNDS = """[[campaign]]
name = "union"
title = "关于进一步加强和创新延边工会工作的意见（征求意见稿）"
draft = "{union}/draft.docx"
roster = "{union}/units.csv"
deadline = 2014-09-25

[[campaign]]
name = "mutual"
title = "延边州职工互助保障活动实施办法（征求意见稿）"
draft = "{mutual}/draft.txt"
roster = "{mutual}/units.csv"
deadline = 2014-10-10
"""


def mail(folder: Path, name: str, sender: str, subject: str, body: str) -> Path:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, "xcjyb@ybgh.example", subject
    message["Message-ID"] = f"<{name}@rounds.example>"
    message["Date"] = "Mon, 22 Sep 2014 09:30:00 +0800"
    message.set_content(body)
    path = folder / f"{name}.eml"
    path.write_bytes(message.as_bytes())
    return path


def run(config: Path, *args: str, code: int = 0) -> str:
    result = CliRunner().invoke(cli, ["--config", str(config), *args])
    assert result.exit_code == code, result.output
    return result.output


def active(jsonl: str) -> list[dict[str, object]]:
    """The comments that count (a mail that is no reply keeps its items aside, not active)."""
    return [c for c in map(json.loads, jsonl.splitlines()) if c["status"] == "active"]


def two_round_config(tmp_path: Path, campaign_dir: Path) -> Path:
    path = write_config(tmp_path, campaign_dir)
    single = path.read_text(encoding="utf-8").split("[store]", 1)[1]
    path.write_text(TWO_ROUNDS.format(union=campaign_dir, mutual=MUTUAL) + "[store]" + single, encoding="utf-8")
    return path


@pytest.fixture
def mails(tmp_path: Path) -> Path:
    folder = tmp_path / "mails"
    folder.mkdir()
    mail(folder, "union", "延吉市总工会 <yjszgh@yanji.example>", "关于进一步加强和创新延边工会工作的意见的修改意见",
         "第4条建议增加劳模疗休养的安排。\n第10条职工书屋建设应纳入年度考核。\n")
    mail(folder, "mutual", "延边大学工会 <ydgh@ybu.example>", "对《延边州职工互助保障活动实施办法》的意见",
         "第六条建议互助金缴费标准按工资比例确定。\n")
    mail(folder, "both", "图们市总工会 <tmszgh@tumen.example>", "两个文件的意见",
         "宣教部：\n现将我会对两个文件的意见一并报送。\n"
         "一、对《关于进一步加强和创新延边工会工作的意见》的意见\n第7条建议写明工会主抓的具体内容。\n"
         "二、对《职工互助保障活动实施办法》的意见\n第十条建议理赔材料可由职工本人直接提交。\n")
    mail(folder, "neither", "延吉市总工会 <yjszgh@yanji.example>", "延吉市总工会2014年第三季度工作总结",
         "一、加强职工书屋建设。\n二、开展互助保障宣传。\n三、建议明年增加培训经费。\n")
    return folder


def test_each_round_gets_its_own_replies_missing_list_and_comments(tmp_path: Path, campaign_dir: Path, mails: Path) -> None:
    config = two_round_config(tmp_path, campaign_dir)
    assert "round mutual: store" in run(config, "init")
    assert "4 new" in run(config, "ingest", str(mails))
    union = active(run(config, "export", "--campaign", "union"))
    mutual = active(run(config, "--campaign", "mutual", "export"))
    assert sorted((c["unit"], c["clause"]) for c in union) == [("图们市总工会", 7), ("延吉市总工会", 4), ("延吉市总工会", 10)]
    assert sorted((c["unit"], c["clause"]) for c in mutual) == [("图们市总工会", 10), ("延边大学工会", 6)]
    missing_mutual = json.loads(run(config, "missing", "--campaign", "mutual", "--format", "json"))
    assert missing_mutual == ["延吉市总工会", "延边州人民医院工会"]  # 延吉's mail answered the other round
    missing_union = json.loads(run(config, "missing", "--campaign", "union", "--format", "json"))
    assert "延吉市总工会" not in missing_union and "图们市总工会" not in missing_union and len(missing_union) == 22


def test_a_command_of_one_round_asks_which(tmp_path: Path, campaign_dir: Path) -> None:
    config = two_round_config(tmp_path, campaign_dir)
    run(config, "init")
    out = run(config, "missing", code=1)
    assert "choose one with --campaign NAME (union, mutual)" in out
    assert "no round named 'other'" in run(config, "missing", "--campaign", "other", code=1)


def test_status_shows_every_round(tmp_path: Path, campaign_dir: Path, mails: Path) -> None:
    config = two_round_config(tmp_path, campaign_dir)
    run(config, "init")
    run(config, "ingest", str(mails))
    out = run(config, "status")
    assert "round union: 《关于进一步加强和创新延边工会工作的意见（征求意见稿）》 replied 2/24" in out
    assert "round mutual: 《延边州职工互助保障活动实施办法（征求意见稿）》 replied 2/4, missing 2" in out
    found = json.loads(run(config, "status", "--format", "json"))
    assert [(r["name"], r["replied"]) for r in found["rounds"]] == [("union", 2), ("mutual", 2)]
    assert "units       4 on the roster: replied 2" in run(config, "status", "--campaign", "mutual")


def test_each_rounds_sheet_and_marked_up_draft_hold_its_comments_only(tmp_path: Path, campaign_dir: Path, mails: Path) -> None:
    import docx

    config = two_round_config(tmp_path, campaign_dir)
    run(config, "init")
    run(config, "ingest", str(mails))
    run(config, "report", "--campaign", "mutual", "-o", str(tmp_path / "mutual"))
    marked = docx.Document(str(tmp_path / "mutual" / "批注稿.docx"))
    texts = " ".join(c.text for c in marked.comments)
    assert "互助金缴费标准" in texts and "理赔材料" in texts
    assert "劳模" not in texts and "主抓" not in texts
    assert "互助保障" in marked.paragraphs[0].text + marked.paragraphs[1].text
    import openpyxl

    book = openpyxl.load_workbook(tmp_path / "mutual" / "意见汇总表.xlsx")
    cells = " ".join(str(v) for row in book["按单位"].iter_rows(values_only=True) for v in row if v)
    assert "互助金缴费标准" in cells and "理赔材料" in cells and "劳模" not in cells
    missing = " ".join(str(v) for row in book["未报送单位"].iter_rows(values_only=True) for v in row if v)
    assert "延边州人民医院工会" in missing and "延边大学工会" not in missing and "敦化市总工会" not in missing


def test_a_store_made_for_one_round_carries_forward_when_a_second_is_added(
    tmp_path: Path, campaign_dir: Path, mails: Path
) -> None:
    """GIVEN a store made by a single [campaign] with replies in it WHEN the config gains a second
    round (the first now named) and init runs THEN the first round keeps its replies, the second is new."""
    single = write_config(tmp_path, campaign_dir)
    run(single, "init")
    run(single, "ingest", str(mails / "union.eml"))
    before = run(single, "export")
    config = two_round_config(tmp_path, campaign_dir)
    run(config, "init")
    assert run(config, "export", "--campaign", "union") == before
    assert run(config, "export", "--campaign", "mutual") == ""
    run(config, "ingest", str(mails))
    assert "replied 2/4" in run(config, "status")


def test_rounds_reordered_are_told_not_mixed(tmp_path: Path, campaign_dir: Path) -> None:
    config = two_round_config(tmp_path, campaign_dir)
    run(config, "init")
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace('name = "union"', 'name = "TEMP"').replace('name = "mutual"', 'name = "union"')
                      .replace('name = "TEMP"', 'name = "mutual"'), encoding="utf-8")
    out = run(config, "missing", "--campaign", "mutual", code=1)
    assert "holds the round 'union'" in out


def test_a_closed_round_flags_late_replies_and_an_archived_one_takes_none(
    tmp_path: Path, campaign_dir: Path, mails: Path
) -> None:
    """GIVEN the union round closed (deadline 2014-09-20, before the mail's 09-22) and the mutual
    round archived WHEN the mail comes THEN union's replies are kept, flagged 逾期; mutual gets none."""
    config = two_round_config(tmp_path, campaign_dir)
    text = config.read_text(encoding="utf-8").replace("deadline = 2014-09-25", 'deadline = 2014-09-20\nstate = "closed"')
    config.write_text(text.replace("deadline = 2014-10-10", 'deadline = 2014-10-10\nstate = "archived"'), encoding="utf-8")
    run(config, "init")
    run(config, "ingest", str(mails / "union.eml"), str(mails / "mutual.eml"))
    union = {m["message_id"]: m for m in map(json.loads, run(config, "export", "--campaign", "union", "--table", "messages").splitlines())}
    assert union["<union@rounds.example>"]["kind"] == "submission"
    assert "逾期：2014-09-22报送，本轮已于2014-09-20截止" in union["<union@rounds.example>"]["review"]
    assert run(config, "export", "--campaign", "mutual", "--table", "messages") == ""
    assert "round union [closed]" in run(config, "status")


def test_the_desk_shows_every_round_behind_one_login(
    tmp_path: Path, campaign_dir: Path, mails: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIVEN two rounds WHEN `serve` runs without --campaign THEN the first round is at /, the
    other at /r/mutual/, each page has the switcher, and one login serves both."""
    import re

    from werkzeug.test import Client

    from mailbot.config import load_config
    from mailbot.web.server import desk

    monkeypatch.setenv("MAILBOT_TEST_DESK", "s3cret-pass")
    config = two_round_config(tmp_path, campaign_dir)
    config.write_text(config.read_text(encoding="utf-8") + '[web]\npassword_env = "MAILBOT_TEST_DESK"\n', encoding="utf-8")
    run(config, "init")
    run(config, "ingest", str(mails))
    _, served = desk(load_config(config))
    client = Client(served)
    assert client.get("/r/mutual/").status_code == 302  # not logged in: to the login page
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").get_data(as_text=True))
    assert token is not None
    login = client.post("/login", data={"name": "张三", "password": "s3cret-pass", "csrf_token": token.group(1)})
    assert login.status_code == 302
    union = client.get("/").get_data(as_text=True)
    assert "关于进一步加强和创新延边工会工作的意见" in union and 'href="/r/mutual/"' in union
    mutual = client.get("/r/mutual/")
    assert mutual.status_code == 200
    page = mutual.get_data(as_text=True)
    assert "延边州职工互助保障活动实施办法" in page and 'href="/"' in page
    clauses = client.get("/r/mutual/clauses").get_data(as_text=True)
    assert "互助金缴费标准" in clauses and "劳模疗休养" not in clauses


def test_a_reply_waiting_between_rounds_confirmed_in_one_is_no_reply_to_the_other(
    tmp_path: Path, campaign_dir: Path
) -> None:
    """GIVEN a unit on both rosters sends only an unreadable scan ("意见见附件扫描件") WHEN read THEN it
    waits under both rounds, counted in neither; confirmed in one, the other's copy is no reply."""
    config = two_round_config(tmp_path, campaign_dir)
    run(config, "init")
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "延吉市总工会 <yjszgh@yanji.example>", "xcjyb@ybgh.example", "修改意见"
    message["Message-ID"], message["Date"] = "<scan@rounds.example>", "Mon, 22 Sep 2014 09:30:00 +0800"
    message.set_content("宣教部：\n我单位意见见附件扫描件。\n延吉市总工会")
    message.add_attachment(b"%PDF-1.4\n% damaged\n", maintype="application", subtype="pdf", filename="扫描件.pdf")
    (tmp_path / "scan.eml").write_bytes(message.as_bytes())
    run(config, "ingest", str(tmp_path / "scan.eml"))

    def kind_in(name: str) -> tuple[str, str]:
        row = json.loads(run(config, "export", "--campaign", name, "--table", "messages").splitlines()[0])
        return row["kind"], row["review"] or ""

    for name in ("union", "mutual"):
        kind, review = kind_in(name)
        assert kind == "ignore" and "属于哪一轮" in review, name
    out = run(config, "confirm", "<scan@rounds.example>", "--campaign", "mutual")
    assert "not a reply to round union" in out
    assert kind_in("mutual")[0] == "submission"
    assert kind_in("union")[0] == "ignore"
    assert "延吉市总工会" in json.loads(run(config, "missing", "--campaign", "union", "--format", "json"))


def test_a_message_read_again_from_one_rounds_desk_stays_that_rounds(tmp_path: Path, campaign_dir: Path, mails: Path) -> None:
    """GIVEN the mutual round's desk WHEN a clerk has a message read again (重新处理) THEN it is
    routed as before and rewritten in that round's store alone, the others untouched."""
    from mailbot.campaign.rounds import open_round_store
    from mailbot.config import load_config
    from mailbot.runs import reread

    config = two_round_config(tmp_path, campaign_dir)
    run(config, "init")
    run(config, "ingest", str(mails))
    before_union = run(config, "export", "--campaign", "union", "--table", "messages")
    mutual = load_config(config).round("mutual")
    store = open_round_store(mutual)
    message = store.message("<both@rounds.example>")
    assert message is not None
    report = reread(mutual, store, message, "张三")
    store.close()
    assert report.new == 1
    assert [c["clause"] for c in active(run(config, "export", "--campaign", "mutual")) if c["message_id"] == "<both@rounds.example>"] == [10]
    assert run(config, "export", "--campaign", "union", "--table", "messages") == before_union
