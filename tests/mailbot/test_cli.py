"""The command line end to end, on the sample replies, in-process (click's CliRunner)."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from click.testing import CliRunner, Result

from helpers import deliver
from mailbot.cli import cli

EXPECTED_MISSING = ["安图县总工会", "州建设工会", "州交通工会", "石岘白麓纸业工会", "延边广播电视台工会"]


def run(config: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--config", str(config), *args], catch_exceptions=False)


def test_ingest_corpus_end_to_end_builds_the_workbook(config_file: Path, corpus_dir: Path, tmp_path: Path) -> None:
    """GIVEN the sample replies WHEN init, ingest and report run THEN the workbook holds every comment."""
    assert run(config_file, "init").exit_code == 0
    result = run(config_file, "ingest", str(corpus_dir))
    assert result.exit_code == 0, result.output
    assert "32 new" in result.output
    missing = run(config_file, "missing", "--format", "json")
    assert json.loads(missing.output) == EXPECTED_MISSING
    report = run(config_file, "report", "-o", str(tmp_path / "out"))
    assert report.exit_code == 0, report.output
    book = openpyxl.load_workbook(tmp_path / "out" / "意见汇总表.xlsx")
    assert book.sheetnames[:4] == ["按条款汇总", "按单位", "未报送单位", "待复核"]
    by_clause = book["按条款汇总"]
    header = [c.value for c in by_clause[1]]
    assert header == ["序号", "条款", "条款标题", "单位", "意见内容", "理由", "来源", "识别依据", "置信度", "需复核", "单位数"]
    numbered = [row for row in by_clause.iter_rows(min_row=2, values_only=True) if isinstance(row[0], int)]
    exported = [json.loads(line) for line in run(config_file, "export").output.splitlines()]
    active = [c for c in exported if c["status"] == "active"]
    # Like proposals share a row (reports.draft.grouping): every comment's words are in one, and every
    # row has a unit behind it.
    assert len(active) > 100 and len(numbered) <= len(active) and all(r[10] >= 1 for r in numbered)
    assert all(any(c["text"] in str(r[4]) for r in numbered) for c in active)
    missing_sheet = [r[1] for r in book["未报送单位"].iter_rows(min_row=2, values_only=True)]
    assert missing_sheet == EXPECTED_MISSING
    text = (tmp_path / "out" / "未报送单位.txt").read_text(encoding="utf-8")
    assert all(name in text for name in EXPECTED_MISSING)


def test_ingesting_twice_changes_nothing(config_file: Path, corpus_dir: Path) -> None:
    run(config_file, "init")
    run(config_file, "ingest", str(corpus_dir))
    first = run(config_file, "export", "--table", "messages").output
    comments = run(config_file, "export").output
    again = run(config_file, "ingest", str(corpus_dir))
    assert "0 new" in again.output and "32 already stored" in again.output
    assert run(config_file, "export", "--table", "messages").output == first
    assert run(config_file, "export").output == comments


def test_export_fields_are_the_contract(config_file: Path, corpus_dir: Path) -> None:
    run(config_file, "init")
    run(config_file, "ingest", str(corpus_dir / "m005.eml"), str(corpus_dir / "m006.eml"))
    comment = json.loads(run(config_file, "export").output.splitlines()[0])
    assert list(comment) == [
        "id", "unit", "unlisted_unit", "message_id", "source", "scope", "clause", "section", "text",
        "reason", "confidence", "needs_review", "evidence", "status",
    ]
    assert comment["message_id"].startswith("<") and comment["unit"] == "延吉市总工会"
    messages = [json.loads(x) for x in run(config_file, "export", "--table", "messages").output.splitlines()]
    assert list(messages[0]) == [
        "message_id", "sender", "subject", "date", "unit", "unlisted_unit", "kind", "relation", "status",
        "comments", "attachments", "error", "review", "relevance", "relevance_evidence", "unit_evidence", "answered_for",
    ]
    assert {m["kind"] for m in messages} == {"submission", "no_comment"}
    assert all(m["relevance"] == "reply" and m["relevance_evidence"] for m in messages)


def test_export_csv_and_xlsx(config_file: Path, corpus_dir: Path, tmp_path: Path) -> None:
    run(config_file, "init")
    run(config_file, "ingest", str(corpus_dir / "m005.eml"))
    csv_out = run(config_file, "export", "--format", "csv").stdout_bytes
    assert csv_out.startswith(b"\xef\xbb\xbfid,unit")
    target = tmp_path / "c.xlsx"
    assert run(config_file, "export", "--format", "xlsx", "-o", str(target)).exit_code == 0
    assert openpyxl.load_workbook(target).active.max_row == 11


def test_poll_once_reads_the_maildir_and_marks_seen(config_file: Path, corpus_dir: Path) -> None:
    """GIVEN two replies in new/ WHEN polled THEN both are stored and moved to cur/ as Seen."""
    inbox = config_file.parent / "inbox"
    deliver(inbox, [corpus_dir / "m005.eml", corpus_dir / "m006.eml"])
    run(config_file, "init")
    result = run(config_file, "poll", "--once")
    assert "2 new" in result.output
    assert not list((inbox / "new").iterdir())
    assert all(p.name.endswith(":2,S") for p in (inbox / "cur").iterdir())
    assert "0 new" in run(config_file, "poll", "--once").output


def test_a_correction_supersedes_and_a_supplement_adds(config_file: Path, corpus_dir: Path) -> None:
    run(config_file, "init")
    run(config_file, "ingest", *[str(corpus_dir / f"m0{n}.eml") for n in (19, 24, 17, 26)])
    messages = {json.loads(x)["subject"]: json.loads(x) for x in run(config_file, "export", "--table", "messages").output.splitlines()}
    statuses = sorted((m["unit"], m["status"], m["relation"] or "") for m in messages.values())
    assert statuses == [
        ("州财贸工会", "active", ""), ("州财贸工会", "active", "supplement"),
        ("延边大学工会", "active", "correction"), ("延边大学工会", "superseded", ""),
    ]


def test_status_counts(config_file: Path, corpus_dir: Path) -> None:
    run(config_file, "init")
    run(config_file, "ingest", str(corpus_dir))
    out = run(config_file, "status").output
    assert "missing 5" in out and "messages    32" in out


def test_assign_overrides_a_mapping(config_file: Path, corpus_dir: Path) -> None:
    run(config_file, "init")
    run(config_file, "ingest", str(corpus_dir / "m005.eml"))
    comment = json.loads(run(config_file, "export").output.splitlines()[0])
    assert run(config_file, "assign", comment["id"], "第十二条").exit_code == 0
    changed = json.loads(run(config_file, "export").output.splitlines()[0])
    assert (changed["clause"], changed["section"], changed["needs_review"]) == (12, 4, False)
    assert "人工指定" in changed["evidence"]
    bad = CliRunner().invoke(cli, ["--config", str(config_file), "assign", comment["id"], "第99条"])
    assert bad.exit_code == 1 and "not a clause" in bad.output


def test_ingest_an_mbox_and_a_maildir(config_file: Path, corpus_dir: Path, tmp_path: Path) -> None:
    """GIVEN the same replies as an mbox and as a Maildir WHEN both are ingested THEN each is stored once."""
    import mailbox

    box = mailbox.mbox(str(tmp_path / "replies.mbox"))
    for name in ("m005.eml", "m010.eml"):
        box.add((corpus_dir / name).read_bytes())
    box.close()
    maildir = tmp_path / "md"
    for sub in ("cur", "new", "tmp"):
        (maildir / sub).mkdir(parents=True)
    deliver(maildir, [corpus_dir / "m010.eml", corpus_dir / "m012.eml"])
    run(config_file, "init")
    assert "2 new" in run(config_file, "ingest", str(tmp_path / "replies.mbox")).output
    result = run(config_file, "ingest", str(maildir))
    assert "1 new" in result.output and "1 already stored" in result.output
    units = {json.loads(x)["unit"] for x in run(config_file, "export", "--table", "messages").output.splitlines()}
    assert units == {"延吉市总工会", "珲春市总工会", "州卫生工会"}


POSSIBLE_REPLY = (
    "From: =?utf-8?b?5a6J5Zu+?= <atxzgh@antu.example>\r\nTo: xcjyb@ybgh.example\r\n"
    "Subject: =?utf-8?b?5p2Q5paZ?=\r\nDate: Mon, 15 Sep 2014 09:00:00 +0800\r\n"
    "Message-ID: <possible-1@antu.example>\r\nMIME-Version: 1.0\r\n"
    "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
    "建议行文再精简一些，增加可操作的内容。\r\n"
).encode()


def test_a_possible_reply_waits_for_the_clerk(config_file: Path, tmp_path: Path) -> None:
    """GIVEN mail from a roster unit with thin evidence of being a reply WHEN ingested THEN the
    unit is still missing, listed 待确认, its comment in no report; `confirm` counts it."""
    (tmp_path / "p.eml").write_bytes(POSSIBLE_REPLY)
    run(config_file, "init")
    run(config_file, "ingest", str(tmp_path / "p.eml"))
    assert "安图县总工会" in json.loads(run(config_file, "missing", "--format", "json").output)
    listing = run(config_file, "missing").output
    assert listing.index("待确认") < listing.index("安图县总工会")
    message = json.loads(run(config_file, "export", "--table", "messages").output.splitlines()[0])
    assert message["kind"] == "ignore" and "可能是对本稿的回复" in message["review"]
    assert [c["status"] for c in map(json.loads, run(config_file, "export").output.splitlines())] == ["pending"]
    done = run(config_file, "confirm", "<possible-1@antu.example>")
    assert done.exit_code == 0 and "submission" in done.output
    assert "安图县总工会" not in json.loads(run(config_file, "missing", "--format", "json").output)
    assert [c["status"] for c in map(json.loads, run(config_file, "export").output.splitlines())] == ["active"]
    assert run(config_file, "confirm", "<possible-1@antu.example>", "--not").exit_code == 0
    assert "安图县总工会" in json.loads(run(config_file, "missing", "--format", "json").output)
    missing = run(config_file, "confirm", "<nope@x>")
    assert missing.exit_code == 1 and "no message" in missing.output


def test_an_mbox_with_a_byte_order_mark_in_a_folder(config_file: Path, corpus_dir: Path, tmp_path: Path) -> None:
    """Each message of an mbox is its own, even with a BOM in front and inside a folder."""
    folder = tmp_path / "mail"
    folder.mkdir()
    messages = [(corpus_dir / name).read_bytes() for name in ("m005.eml", "m006.eml")]
    mbox = b"\xef\xbb\xbf" + b"".join(b"From sender@example Mon Sep 15 10:00:00 2014\n" + m.replace(b"\r\n", b"\n") + b"\n"
                                      for m in messages)
    (folder / "replies.mbox").write_bytes(mbox)
    run(config_file, "init")
    assert "2 new" in run(config_file, "ingest", str(folder)).output


def test_poll_and_retry_refuse_to_run_beside_the_daemon(config_file: Path) -> None:
    """Two processes fetching and sending for one store would send receipts twice: `poll --once`
    and `retry` say one line and stop while another holds the store."""
    from mailbot.config import load_config
    from mailbot.daemon import store_lock

    run(config_file, "init")
    with store_lock(load_config(config_file).store_path):
        for args in (("poll", "--once"), ("retry",)):
            result = run(config_file, *args)
            assert result.exit_code == 1 and "another mailbot is already running" in result.output, args
    assert run(config_file, "poll", "--once").exit_code == 0


def test_read_shows_the_blocks_of_a_file_before_mapping(config_file: Path, corpus_dir: Path) -> None:
    """`mailbot read`: one block a line (kind, text, author, origin), or JSON Lines."""
    result = run(config_file, "read", str(corpus_dir / "m005.eml"))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines and all(len(line.split("\t")) == 4 for line in lines)
    rows = [json.loads(x) for x in run(config_file, "read", "--format", "jsonl", str(corpus_dir / "m005.eml")).output.splitlines()]
    assert rows and {"kind", "text", "author", "origin", "source", "page"} <= set(rows[0])


def test_commands_that_do_not_read_the_mailbox_work_without_it(config_file: Path, corpus_dir: Path) -> None:
    """The Maildir is checked when it is read (poll, run), not for init, ingest, read or report."""
    import shutil

    shutil.rmtree(config_file.parent / "inbox")
    assert run(config_file, "init").exit_code == 0
    assert run(config_file, "ingest", str(corpus_dir / "m005.eml")).exit_code == 0
    polled = run(config_file, "poll", "--once")
    assert polled.exit_code == 1 and "is not a Maildir" in polled.output
