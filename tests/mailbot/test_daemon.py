"""The daemon against a real Dovecot and a real SMTP server on loopback (tests/servers.py)."""

from __future__ import annotations

import email
import email.policy
import io
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from servers import DovecotServer, SmtpServer, wait_until

from helpers import write_config
from mailbot.cli import cli

PASSWORD_ENV = "MAILBOT_TEST_IMAP_PASSWORD"
PROCESSED, FAILED = "已处理", "处理失败"


def imap_config(folder: Path, campaign: Path, dovecot: DovecotServer, user: str, smtp: SmtpServer,
                *, tls: str = "none", extra: str = "") -> Path:
    port = dovecot.tls_port if tls == "ssl" else dovecot.port
    ca = f'ca_file = "{dovecot.ca_file}"\n' if tls != "none" else ""
    path = write_config(folder, campaign)
    text = path.read_text(encoding="utf-8")
    text = text.split("[mailbox]")[0] + (
        f'[mailbox]\nkind = "imap"\nhost = "127.0.0.1"\nport = {port}\ntls = "{tls}"\n{ca}'
        f'username = "{user}"\npassword_env = "{PASSWORD_ENV}"\nfolder = "INBOX"\n'
        f'processed_folder = "{PROCESSED}"\nfailed_folder = "{FAILED}"\npoll_seconds = 2\n'
        f'[smtp]\nkind = "smtp"\nhost = "127.0.0.1"\nport = {smtp.port}\ntls = "none"\n'
        f'from = "延边州总工会宣传教育部 <xcjyb@ybgh.example>"\n'
        f'[reports]\nrecipients = ["leader@ybgh.example"]\n' + extra
    )
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def mailbox(tmp_path: Path, campaign_dir: Path, dovecot: DovecotServer, imap_user: tuple[str, str],
            smtp_server: SmtpServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, object]]:
    user, password = imap_user
    monkeypatch.setenv(PASSWORD_ENV, password)
    config = imap_config(tmp_path, campaign_dir, dovecot, user, smtp_server)
    CliRunner().invoke(cli, ["--config", str(config), "init"], catch_exceptions=False)
    client = dovecot.client(user, password)
    yield config, client
    try:
        client.logout()
    except Exception:  # the server may have been restarted under it
        client.shutdown()


def append(client: object, corpus: Path, *names: str) -> None:
    for name in names:
        client.append("INBOX", (corpus / name).read_bytes())  # type: ignore[attr-defined]


def mailbot(config: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--config", str(config), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def start_daemon(config: Path, password: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, PASSWORD_ENV: password}
    return subprocess.Popen([sys.executable, "-m", "mailbot", "--config", str(config), "run"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def stop_daemon(process: subprocess.Popen[bytes]) -> str:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        out, _ = process.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        out, _ = process.communicate()
    return out.decode("utf-8", "replace")


def wait_connected(config: Path) -> None:
    """The daemon has connected and drained the mailbox once (Python starts slowly on a busy machine)."""
    assert wait_until(lambda: "last poll   never" not in mailbot(config, "status"), timeout=30)


def receipts(smtp: SmtpServer) -> list[email.message.EmailMessage]:
    found = []
    for _, _, data in smtp.messages:
        message = email.message_from_bytes(data, policy=email.policy.default)
        if str(message["Subject"]).startswith("回执"):
            found.append(message)
    return found


def test_poll_ingests_receipts_and_moves(mailbox: tuple[Path, object], corpus_dir: Path, smtp_server: SmtpServer) -> None:
    """GIVEN replies APPENDed to INBOX (one an auto-reply) WHEN polled once THEN each is stored,
    real replies get one threaded receipt, the auto-reply none, and all are moved to 已处理."""
    config, client = mailbox
    append(client, corpus_dir, "m005.eml", "m006.eml", "m021.eml")
    assert "3 new" in mailbot(config, "poll", "--once")
    assert smtp_server.wait_for(2)
    got = receipts(smtp_server)
    assert sorted(str(m["To"]) for m in got) == ["gh@ybtobacco.example", "yjszgh@yanji.example"]
    first = next(m for m in got if "yanji" in str(m["To"]))
    assert first["In-Reply-To"] == "<201491023151538286711@yanji.example>" or first["In-Reply-To"].endswith("@yanji.example>")
    assert first["Auto-Submitted"] == "auto-replied" and first["X-Auto-Response-Suppress"] == "All"
    body = first.get_content()
    assert "延吉市总工会" in body and "共读出意见 10 条" in body and "第12条 2条" in body
    client.select_folder("INBOX")  # type: ignore[attr-defined]
    assert client.search(["ALL"]) == []  # type: ignore[attr-defined]
    client.select_folder(PROCESSED)  # type: ignore[attr-defined]
    assert len(client.search(["SEEN"])) == 3  # type: ignore[attr-defined]
    assert "0 new" in mailbot(config, "poll", "--once")
    assert len(receipts(smtp_server)) == 2
    assert "INBOX uidvalidity" in mailbot(config, "status")


def test_digest_arrives_with_the_workbook(mailbox: tuple[Path, object], corpus_dir: Path, smtp_server: SmtpServer, tmp_path: Path) -> None:
    config, client = mailbox
    append(client, corpus_dir, "m005.eml", "m007.eml", "m012.eml")
    mailbot(config, "poll", "--once")
    assert "sent" in mailbot(config, "report", "-o", str(tmp_path / "r"), "--send")
    digests = [m for m in (email.message_from_bytes(d, policy=email.policy.default) for _, r, d in smtp_server.messages
                           if r == ["leader@ybgh.example"])]
    assert len(digests) == 1
    digest = digests[0]
    assert digest["Auto-Submitted"] == "auto-generated"
    assert "已回复3/24" in str(digest["Subject"])
    html = digest.get_body(("html",)).get_content()
    assert "第13条" in html and "安图县总工会" in html
    attachment = next(digest.iter_attachments())
    assert attachment.get_filename() == "意见汇总表.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(attachment.get_content()))
    rows = [r for r in book["按条款汇总"].iter_rows(min_row=2, values_only=True) if isinstance(r[0], int)]
    exported = [json.loads(x) for x in mailbot(config, "export").splitlines()]
    assert len(rows) == len(exported) == 22
    assert sorted(r[4] for r in rows) == sorted(c["text"] for c in exported)


def test_idle_receipt_within_five_seconds(mailbox: tuple[Path, object], corpus_dir: Path, smtp_server: SmtpServer,
                                         imap_user: tuple[str, str]) -> None:
    config, client = mailbox
    daemon = start_daemon(config, imap_user[1])
    try:
        wait_connected(config)
        time.sleep(0.5)  # idling
        started = time.monotonic()
        append(client, corpus_dir, "m010.eml")
        assert wait_until(lambda: len(receipts(smtp_server)) == 1, timeout=5.0), stop_daemon(daemon)
        assert time.monotonic() - started < 5.0
    finally:
        log = stop_daemon(daemon)
    assert daemon.returncode == 0, log
    assert "stopped" in log


def test_a_second_daemon_on_the_same_store_refuses(mailbox: tuple[Path, object], imap_user: tuple[str, str]) -> None:
    config, _ = mailbox
    first = start_daemon(config, imap_user[1])
    try:
        wait_connected(config)
        second = start_daemon(config, imap_user[1])
        out = second.communicate(timeout=30)[0].decode("utf-8")
        assert second.returncode == 1 and "already running" in out
    finally:
        stop_daemon(first)


def fresh_copies(corpus: Path, count: int) -> list[bytes]:
    """`count` replies made from the sample submissions, each with a Message-ID of its own."""
    import re

    truth = json.loads((corpus / "truth.json").read_text(encoding="utf-8"))
    templates = [(corpus / m["file"]).read_bytes() for m in truth["messages"] if m["kind"] == "submission"]
    out = []
    for n in range(count):
        raw = templates[n % len(templates)]
        out.append(re.sub(rb"(?im)^Message-ID:.*$", f"Message-ID: <copy{n}@bench.example>".encode(), raw, count=1))
    return out


def test_kill_9_mid_batch_then_restart_is_exactly_once(mailbox: tuple[Path, object], corpus_dir: Path,
                                                       smtp_server: SmtpServer, imap_user: tuple[str, str]) -> None:
    """GIVEN 80 replies (four fetch batches) WHEN the daemon is killed -9 while draining them and
    started again THEN every message is stored once and every receipt sent once."""
    config, client = mailbox
    config.write_text(config.read_text(encoding="utf-8") + "receipts_per_hour = 1000\n", encoding="utf-8")
    replies = fresh_copies(corpus_dir, 78)
    replies += [replies[0], replies[1]]  # the same messages delivered twice
    for raw in replies:
        client.append("INBOX", raw)  # type: ignore[attr-defined]
    daemon = start_daemon(config, imap_user[1])
    assert wait_until(lambda: len(receipts(smtp_server)) >= 1, timeout=60)  # in the middle of the drain
    daemon.send_signal(signal.SIGKILL)
    daemon.communicate(timeout=10)
    killed_at = len(receipts(smtp_server))
    again = start_daemon(config, imap_user[1])
    try:
        assert wait_until(lambda: len(receipts(smtp_server)) >= 78, timeout=180), stop_daemon(again)
        time.sleep(1.0)
    finally:
        stop_daemon(again)
    assert killed_at < 78
    messages = [json.loads(x) for x in mailbot(config, "export", "--table", "messages").splitlines()]
    assert len(messages) == len({m["message_id"] for m in messages}) == 78
    # One receipt per reply: each In-Reply-To has exactly one receipt Message-ID. (A kill in the
    # instant between the SMTP server's 250 and the outbox row being marked sent can make the
    # transport carry that same message twice; the store never makes a second receipt.)
    per_reply: dict[str, set[str]] = {}
    for m in receipts(smtp_server):
        per_reply.setdefault(str(m["In-Reply-To"]), set()).add(str(m["Message-ID"]))
    assert len(per_reply) == 78 and all(len(ids) == 1 for ids in per_reply.values())
    assert len(receipts(smtp_server)) <= 79
    client.select_folder("INBOX")  # type: ignore[attr-defined]
    assert client.search(["ALL"]) == []  # type: ignore[attr-defined]


def test_reconnects_after_dovecot_restarts_and_delivers_after_smtp_returns(
    mailbox: tuple[Path, object], corpus_dir: Path, smtp_server: SmtpServer, dovecot: DovecotServer,
    imap_user: tuple[str, str],
) -> None:
    config, client = mailbox
    daemon = start_daemon(config, imap_user[1])
    try:
        wait_connected(config)
        dovecot.restart()
        fresh = dovecot.client(*imap_user)
        smtp_server.stop()
        append(fresh, corpus_dir, "m012.eml")
        fresh.logout()
        assert wait_until(lambda: "outbox      DOWN" in status_of(config)[0], timeout=60), status_of(config)[0]
        text, code = status_of(config)
        assert code == 2 and "1 waiting" in text and "daemon      running" in text, text
        smtp_server.start()
        assert wait_until(lambda: len(receipts(smtp_server)) == 1, timeout=90), status_of(config)[0]
        assert wait_until(lambda: status_of(config)[1] == 0, timeout=20), status_of(config)[0]
    finally:
        log = stop_daemon(daemon)
    # Each outage told when it starts and when it ends, not once per attempt.
    assert "mailbox down" in log and "mailbox back after" in log, log
    assert log.count("smtp down") == 1 and "smtp back after" in log, log


def status_of(config: Path) -> tuple[str, int]:
    result = CliRunner().invoke(cli, ["--config", str(config), "status"], catch_exceptions=False)
    return result.output, result.exit_code


@pytest.mark.parametrize("tls", ["ssl", "starttls"])
def test_tls_with_certificate_verification(tls: str, tmp_path: Path, campaign_dir: Path, corpus_dir: Path,
                                           dovecot: DovecotServer, imap_user: tuple[str, str], smtp_server: SmtpServer,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    user, password = imap_user
    monkeypatch.setenv(PASSWORD_ENV, password)
    config = imap_config(tmp_path, campaign_dir, dovecot, user, smtp_server, tls=tls)
    mailbot(config, "init")
    client = dovecot.client(user, password)
    append(client, corpus_dir, "m006.eml")
    client.logout()
    assert "1 new" in mailbot(config, "poll", "--once")
    # without the test CA the certificate is refused
    text = config.read_text(encoding="utf-8").replace(f'ca_file = "{dovecot.ca_file}"\n', "")
    config.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["--config", str(config), "poll", "--once"])
    assert result.exit_code != 0


def test_uidvalidity_change_rescans_without_duplicates(tmp_path: Path, campaign_dir: Path, corpus_dir: Path,
                                                        dovecot: DovecotServer, imap_user: tuple[str, str],
                                                        smtp_server: SmtpServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """GIVEN a folder already read WHEN it is deleted and created again (a new UIDVALIDITY) with the old
    mail and one new reply THEN the rescan stores only the new one and sends one more receipt."""
    user, password = imap_user
    monkeypatch.setenv(PASSWORD_ENV, password)
    config = imap_config(tmp_path, campaign_dir, dovecot, user, smtp_server)
    config.write_text(config.read_text(encoding="utf-8").replace('folder = "INBOX"', 'folder = "回复"')
                      .replace(f'processed_folder = "{PROCESSED}"\n', ""), encoding="utf-8")
    mailbot(config, "init")
    client = dovecot.client(user, password)
    client.create_folder("回复")
    for name in ("m005.eml", "m006.eml"):
        client.append("回复", (corpus_dir / name).read_bytes())
    assert "2 new" in mailbot(config, "poll", "--once")
    client.delete_folder("回复")
    client.create_folder("回复")
    for name in ("m005.eml", "m006.eml", "m010.eml"):
        client.append("回复", (corpus_dir / name).read_bytes())
    client.logout()
    out = mailbot(config, "poll", "--once")
    assert "1 new" in out and "2 already stored" in out
    assert smtp_server.wait_for(3) and len(receipts(smtp_server)) == 3
    assert "uidvalidity" in mailbot(config, "status")


def test_a_message_that_fails_goes_to_the_failure_folder_and_retry_reads_it(
    mailbox: tuple[Path, object], corpus_dir: Path, smtp_server: SmtpServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIVEN reading one reply fails (a fault injected into the reader) WHEN polled THEN it is archived,
    recorded as failed and moved to 处理失败 while the other reply counts; `retry` then reads it."""
    import mailbot.pipeline.reading as ingest_module

    real = ingest_module.route

    def flaky(envelope, rounds):  # type: ignore[no-untyped-def]
        if "珲春" in envelope.subject:
            raise RuntimeError("injected fault")
        return real(envelope, rounds)

    config, client = mailbox
    append(client, corpus_dir, "m010.eml", "m006.eml")
    monkeypatch.setattr(ingest_module, "route", flaky)
    mailbot(config, "poll", "--once")
    client.select_folder(FAILED)  # type: ignore[attr-defined]
    assert len(client.search(["ALL"])) == 1  # type: ignore[attr-defined]
    assert "failed 1" in mailbot(config, "status")
    monkeypatch.setattr(ingest_module, "route", real)
    assert "retried 1: 1 new" in mailbot(config, "retry")
    assert "珲春市总工会" in mailbot(config, "export")
    assert "failed 0" in mailbot(config, "status")


def test_poll_and_retry_beside_the_daemon_refuse_and_nothing_goes_twice(
    mailbox: tuple[Path, object], corpus_dir: Path, smtp_server: SmtpServer, imap_user: tuple[str, str],
) -> None:
    """GIVEN the daemon draining 30 replies from Dovecot WHEN `poll --once` and `retry` are run
    beside it THEN each refuses in one line (no traceback) and every reply has one receipt."""
    config, client = mailbox
    config.write_text(config.read_text(encoding="utf-8") + "receipts_per_hour = 1000\n", encoding="utf-8")
    for raw in fresh_copies(corpus_dir, 30):
        client.append("INBOX", raw)  # type: ignore[attr-defined]
    env = {**os.environ, PASSWORD_ENV: imap_user[1]}
    daemon = start_daemon(config, imap_user[1])
    try:
        wait_connected(config)
        others = [subprocess.run([sys.executable, "-m", "mailbot", "--config", str(config), *args], env=env,
                                 capture_output=True, text=True, timeout=120)
                  for args in (["poll", "--once"], ["retry"], ["poll", "--once"])]
        assert wait_until(lambda: len(receipts(smtp_server)) >= 30, timeout=120)
        time.sleep(1.0)
    finally:
        log = stop_daemon(daemon)
    for done in others:
        assert done.returncode == 1 and "another mailbot is already running" in done.stderr, done
        assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1, done.stderr
    per_reply: dict[str, int] = {}
    for m in receipts(smtp_server):
        per_reply[str(m["In-Reply-To"])] = per_reply.get(str(m["In-Reply-To"]), 0) + 1
    assert len(per_reply) == 30 and set(per_reply.values()) == {1}, per_reply
    assert "Traceback" not in log


def test_status_tells_a_mailbox_outage_while_it_lasts_and_a_daemon_that_died(
    mailbox: tuple[Path, object], dovecot: DovecotServer, imap_user: tuple[str, str],
) -> None:
    """GIVEN the daemon running WHEN the IMAP server is down THEN `status` says since when and
    why and exits 2, and is ok again once it is back; WHEN the daemon is killed THEN it says so."""
    config, _ = mailbox
    daemon = start_daemon(config, imap_user[1])
    try:
        wait_connected(config)
        dovecot.stop()
        assert wait_until(lambda: "mailbox     DOWN since" in status_of(config)[0], timeout=60), status_of(config)[0]
        assert status_of(config)[1] == 2
        found = json.loads(CliRunner().invoke(cli, ["--config", str(config), "status", "--format", "json"]).output)
        assert found["down"] and not found["subsystems"]["mailbox"]["ok"] and found["daemon"]["running"]
        dovecot.start()
        assert wait_until(lambda: status_of(config)[1] == 0, timeout=180), status_of(config)[0]
    finally:
        if dovecot._process is None:
            dovecot.start()
    daemon.send_signal(signal.SIGKILL)
    daemon.communicate(timeout=10)
    text, code = status_of(config)
    assert code == 2 and "NOT RUNNING" in text and "killed or crashed" in text, text


def test_a_full_archive_disk_keeps_the_imap_connection_and_recovers(
    mailbox: tuple[Path, object], corpus_dir: Path, smtp_server: SmtpServer, imap_user: tuple[str, str], tmp_path: Path,
) -> None:
    """GIVEN the archive's disk full WHEN replies arrive over IMAP THEN one line says so, the
    daemon neither exits nor logs in again and again, and once there is room it goes on."""
    from test_incidents import fill, tiny_disk

    config, client = mailbox
    with tiny_disk(tmp_path / "disk") as disk:
        text = config.read_text(encoding="utf-8").replace('archive = "var/archive"', f'archive = "{disk / "archive"}"')
        config.write_text(text, encoding="utf-8")
        daemon = start_daemon(config, imap_user[1])
        try:
            wait_connected(config)
            filler = fill(disk)
            for raw in fresh_copies(corpus_dir, 4):
                client.append("INBOX", raw)  # type: ignore[attr-defined]
            assert wait_until(lambda: "archive     DOWN" in status_of(config)[0], timeout=60), status_of(config)[0]
            time.sleep(10)
            assert daemon.poll() is None and status_of(config)[1] == 2
            filler.unlink()
            assert wait_until(lambda: len(receipts(smtp_server)) == 4, timeout=180), status_of(config)[0]
        finally:
            log = stop_daemon(daemon)
    assert log.count("archive down: disk full") == 1 and "archive back after" in log, log
    assert log.count("imap connected") == 1 and "mailbox down" not in log and "Traceback" not in log, log


def test_the_daemon_files_each_reply_under_its_round_and_receipts_name_it(
    tmp_path: Path, campaign_dir: Path, dovecot: DovecotServer, imap_user: tuple[str, str], smtp_server: SmtpServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """GIVEN two rounds in one config WHEN `mailbot run` reads a reply to each THEN each is stored
    in its round's store and its receipt names that round's draft."""
    from email.message import EmailMessage

    user, password = imap_user
    monkeypatch.setenv(PASSWORD_ENV, password)
    config = imap_config(tmp_path, campaign_dir, dovecot, user, smtp_server)
    mutual = campaign_dir.parent / "campaign-mutual"
    text = config.read_text(encoding="utf-8").replace("[campaign]\n", '[[campaign]]\nname = "union"\n', 1)
    text = text.replace("[store]", f'[[campaign]]\nname = "mutual"\ntitle = "延边州职工互助保障活动实施办法（征求意见稿）"\n'
                                   f'draft = "{mutual / "draft.txt"}"\nroster = "{mutual / "units.csv"}"\n[store]', 1)
    config.write_text(text, encoding="utf-8")
    mailbot(config, "init")
    client = dovecot.client(user, password)
    for n, (subject, body) in enumerate([("对《意见》的修改意见", "第4条建议增加劳模疗休养的安排。"),
                                         ("对《延边州职工互助保障活动实施办法》的意见", "第六条建议互助金缴费标准按工资比例确定。")]):
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = "延吉市总工会 <yjszgh@yanji.example>", "xcjyb@ybgh.example", subject
        message["Message-ID"], message["Date"] = f"<daemon{n}@rounds.example>", "Mon, 22 Sep 2014 09:30:00 +0800"
        message.set_content(body)
        client.append("INBOX", message.as_bytes())  # type: ignore[attr-defined]
    client.logout()  # type: ignore[attr-defined]
    daemon = start_daemon(config, password)
    try:
        assert smtp_server.wait_for(2), stop_daemon(daemon)
    finally:
        stop_daemon(daemon)
    bodies = sorted(m.get_content() for m in receipts(smtp_server))
    assert any("互助保障活动实施办法" in b for b in bodies) and any("加强和创新延边工会工作" in b for b in bodies)
    status = mailbot(config, "status")
    assert "round union" in status and "replied 1/24" in status and "replied 1/4" in status
