"""The operator's incidents, on loopback: a second process, a full disk, a hung or absent SMTP
server. Each asserts nothing lost, nothing sent twice, few log lines, and what `status` says."""

from __future__ import annotations

import contextlib
import email
import email.policy
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from servers import SmtpServer, free_port, wait_until

from helpers import write_smtp_config
from mailbot.cli import cli
from mailbot.config import load_config
from mailbot.outbox import Outbox
from mailbot.store import Store



def smtp_config(folder: Path, campaign: Path, port: int, *, store: Path | None = None, archive: Path | None = None) -> Path:
    path = write_smtp_config(folder, campaign, port, store=store, archive=archive)
    assert CliRunner().invoke(cli, ["--config", str(path), "init"]).exit_code == 0
    return path


def replies(corpus: Path, count: int, tag: str = "inc") -> list[bytes]:
    """`count` replies made from the sample submissions, each with a Message-ID of its own."""
    truth = json.loads((corpus / "truth.json").read_text(encoding="utf-8"))
    templates = [(corpus / m["file"]).read_bytes() for m in truth["messages"] if m["kind"] == "submission"]
    return [re.sub(rb"(?im)^Message-ID:.*$", f"Message-ID: <{tag}{n}@incident.example>".encode(),
                   templates[n % len(templates)], count=1) for n in range(count)]


def drop(inbox: Path, raws: list[bytes], tag: str = "m") -> None:
    for n, raw in enumerate(raws):
        temporary = inbox / "tmp" / f"{tag}{n}"
        temporary.write_bytes(raw)
        os.replace(temporary, inbox / "new" / f"{tag}{n}")


def mailbot_process(config: Path, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "mailbot", "--config", str(config), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def stop(process: subprocess.Popen[bytes], timeout: float = 20) -> tuple[str, float]:
    """SIGTERM; the output and how long the process took to end."""
    started = time.monotonic()
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        out, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        out, _ = process.communicate()
    return out.decode("utf-8", "replace"), time.monotonic() - started


def status(config: Path, *args: str) -> tuple[str, int]:
    result = CliRunner().invoke(cli, ["--config", str(config), "status", *args], catch_exceptions=False)
    return result.output, result.exit_code


def stored(config: Path) -> int:
    store = Store(load_config(config).store_path)
    try:
        return int(store.db.execute("select count(*) from messages").fetchone()[0])
    finally:
        store.close()


def receipts_by_reply(smtp: SmtpServer) -> dict[str, int]:
    found: dict[str, int] = {}
    for _, _, data in smtp.messages:
        message = email.message_from_bytes(data, policy=email.policy.default)
        if str(message["Subject"]).startswith("回执"):
            found[str(message["In-Reply-To"])] = found.get(str(message["In-Reply-To"]), 0) + 1
    return found


def queue_receipts(config: Path, count: int) -> None:
    store = Store(load_config(config).store_path)
    outbox = Outbox(store, load_config(config).smtp)
    for n in range(count):
        outbox.queue("receipt", [f"unit{n}@units.example"], f"回执 {n}", f"Subject: 回执 {n}\n\nok\n".encode(), f"r{n}")
    store.close()


def test_daemon_poll_and_retry_at_once_send_every_receipt_once(tmp_path: Path, campaign_dir: Path, corpus_dir: Path,
                                                               smtp_server: SmtpServer) -> None:
    """GIVEN a daemon draining 40 replies WHEN `poll --once` and `retry` are started beside it
    THEN they refuse in one line, and each reply gets exactly one receipt."""
    config = smtp_config(tmp_path, campaign_dir, smtp_server.port)
    drop(tmp_path / "inbox", replies(corpus_dir, 40))
    daemon = mailbot_process(config, "run")
    others = []
    try:
        for _ in range(3):
            time.sleep(0.5)
            others += [mailbot_process(config, "poll", "--once"), mailbot_process(config, "retry")]
        outputs = [(p.communicate(timeout=120)[0].decode(), p.returncode) for p in others]
        assert wait_until(lambda: len(receipts_by_reply(smtp_server)) >= 40, timeout=120)
        time.sleep(1.0)
    finally:
        log, _ = stop(daemon)
    for out, code in outputs:
        assert "Traceback" not in out, out
        assert code == 0 or (code == 1 and "another mailbot is already running" in out and out.count("\n") == 1), out
    assert all(count == 1 for count in receipts_by_reply(smtp_server).values()), receipts_by_reply(smtp_server)
    assert stored(config) == 40
    assert "Traceback" not in log


def test_two_senders_on_one_store_never_send_a_row_twice(tmp_path: Path, campaign_dir: Path, smtp_server: SmtpServer) -> None:
    """GIVEN 300 queued mails WHEN two outboxes (two connections, as two processes) deliver at
    once THEN each mail reaches the server once: a row is claimed before it is sent."""
    config = smtp_config(tmp_path, campaign_dir, smtp_server.port)
    queue_receipts(config, 300)
    smtp = load_config(config).smtp
    results = []

    def deliver() -> None:
        store = Store(load_config(config).store_path)
        results.append(Outbox(store, smtp).deliver_due().sent)
        store.close()

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    subjects = [str(email.message_from_bytes(d, policy=email.policy.default)["Subject"]) for _, _, d in smtp_server.messages]
    assert len(subjects) == len(set(subjects)) == 300
    assert sum(results) == 300 and all(results), results  # both worked, neither sent what the other did


@contextlib.contextmanager
def tiny_disk(where: Path, size: str = "6m") -> Iterator[Path]:
    where.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], capture_output=True, text=True)
    if mounted.returncode:
        pytest.skip(f"cannot mount a small tmpfs to fill (needs root): {mounted.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def fill(disk: Path) -> Path:
    """Fill the disk to the last byte; the filler's path (delete it to free the space)."""
    filler = disk / "filler"
    with open(filler, "wb", buffering=0) as handle:
        for size in (1 << 20, 1 << 12, 1):
            with contextlib.suppress(OSError):
                while True:
                    handle.write(b"\0" * size)
    return filler


@pytest.mark.parametrize("full", ["store", "archive"])
def test_a_full_disk_is_told_once_waited_out_and_recovered(full: str, tmp_path: Path, campaign_dir: Path, corpus_dir: Path,
                                                            smtp_server: SmtpServer) -> None:
    """GIVEN the store's (or the archive's) disk full WHEN replies arrive THEN the daemon says so
    in one line naming the path, keeps running without reconnecting, `status` says which disk is
    full and exits 2; once space is freed every reply is stored, and `status` is ok again."""
    with tiny_disk(tmp_path / "disk") as disk:
        paths = {"store": disk / "mailbot.db"} if full == "store" else {"archive": disk / "archive"}
        config = smtp_config(tmp_path, campaign_dir, smtp_server.port, **paths)
        daemon = mailbot_process(config, "run")
        try:
            assert wait_until(lambda: "last poll   never" not in status(config)[0], timeout=30), status(config)[0]
            filler = fill(disk)
            drop(tmp_path / "inbox", replies(corpus_dir, 6, tag=full))
            assert wait_until(lambda: f"{full:<11} DOWN" in status(config)[0], timeout=30), status(config)[0]
            time.sleep(8)  # a while on the full disk: no crash loop, no reconnecting
            text, code = status(config)
            assert code == 2 and "disk full" in text and "daemon      running" in text, text
            assert daemon.poll() is None
            filler.unlink()
            assert wait_until(lambda: stored(config) == 6, timeout=150), status(config)[0]
            assert wait_until(lambda: status(config)[1] == 0, timeout=30), status(config)[0]
            assert wait_until(lambda: len(receipts_by_reply(smtp_server)) == 6, timeout=60)
        finally:
            log, _ = stop(daemon)
    assert "Traceback" not in log, log
    assert log.count(f"{full} down: disk full") == 1 and str(disk) in log, log
    assert f"{full} back after" in log and "mailbox down" not in log and log.count("imap connected") <= 1, log


class SilentServer:
    """Accepts connections and never says a word (a hung SMTP server)."""

    def __init__(self) -> None:
        self.port = free_port()
        self.listener = socket.create_server(("127.0.0.1", self.port))
        self.connections: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        with contextlib.suppress(OSError):
            while True:
                self.connections.append(self.listener.accept()[0])

    def close(self) -> None:
        for sock in [self.listener, *self.connections]:
            sock.close()


def test_a_hung_smtp_server_never_stops_the_intake_and_sigterm_is_quick(tmp_path: Path, campaign_dir: Path,
                                                                         corpus_dir: Path) -> None:
    """GIVEN an SMTP server that accepts and never answers, with 300 receipts queued WHEN replies
    arrive THEN they are stored within seconds, `status` tells, and SIGTERM ends the daemon in 5 s."""
    silent = SilentServer()
    try:
        config = smtp_config(tmp_path, campaign_dir, silent.port)
        queue_receipts(config, 300)
        daemon = mailbot_process(config, "run")
        assert wait_until(lambda: "last poll   never" not in status(config)[0], timeout=30)
        time.sleep(2)  # the delivery thread is now waiting on the silent server
        drop(tmp_path / "inbox", replies(corpus_dir, 3, tag="hung"))
        started = time.monotonic()
        assert wait_until(lambda: stored(config) == 3, timeout=30)
        took = time.monotonic() - started
        assert took < 10, took
        assert wait_until(lambda: "outbox      DOWN" in status(config)[0], timeout=60), status(config)[0]
        log, stopping = stop(daemon)
    finally:
        silent.close()
    assert stopping <= 5.0, (stopping, log)
    assert "Traceback" not in log and log.count("smtp down") == 1, log


def test_an_smtp_outage_is_told_in_a_few_lines_and_the_queue_drains_after(tmp_path: Path, campaign_dir: Path) -> None:
    """GIVEN 200 receipts queued and no SMTP server for 20 s WHEN it comes back THEN all are sent
    once, soon, and the whole outage took a handful of log lines."""
    port = free_port()
    config = smtp_config(tmp_path, campaign_dir, port)
    queue_receipts(config, 200)
    daemon = mailbot_process(config, "run")
    server = SmtpServer(port=port)
    try:
        time.sleep(20)
        text, code = status(config)
        assert code == 2 and "outbox      DOWN" in text and "200 waiting" in text, text
        server.start()
        back = time.monotonic()
        assert server.wait_for(200, timeout=120)
        took = time.monotonic() - back
        time.sleep(1)
    finally:
        log, _ = stop(daemon)
        server.stop()
    subjects = [str(email.message_from_bytes(d, policy=email.policy.default)["Subject"]) for _, _, d in server.messages]
    assert len(subjects) == len(set(subjects)) == 200
    assert took < 75, took  # the retry backoff is capped at a minute
    outage_lines = [line for line in log.splitlines() if "smtp" in line or "outbox" in line]
    assert len(outage_lines) <= 4, log
