"""An SMTP outage with a backlog, end to end: how soon the queue drains once the server is back,
whether any mail goes twice, and how many log lines the whole outage took.

The daemon runs on a Maildir inbox with `--queued` receipts in its outbox and no SMTP server for
`--outage` seconds (default 600: the issue's ten minutes); then a real SMTP server (aiosmtpd, from
tests/servers.py) starts on the configured port. Prints a table and writes
bench/results/outage.json. Also measures an SMTP server that accepts and never answers: how soon a
new reply is stored, and how long SIGTERM takes.

    .venv/bin/python bench/outage.py [--outage 600] [--queued 1000]
"""

from __future__ import annotations

import argparse
import email
import email.policy
import signal
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from benchlib import CAMPAIGN, PYTHON, save, synthetic_replies, table
from helpers import write_smtp_config
from servers import SmtpServer, free_port, wait_until

from mailbot.config import load_config
from mailbot.outbox import Outbox
from mailbot.store import Store


def write_config(folder: Path, smtp_port: int) -> Path:
    path = write_smtp_config(folder, CAMPAIGN, smtp_port, receipts_per_hour=100000)
    subprocess.run([PYTHON, "-m", "mailbot", "--config", str(path), "init"], check=True, capture_output=True)
    return path


def queue(config: Path, count: int) -> None:
    loaded = load_config(config)
    store = Store(loaded.store_path)
    outbox = Outbox(store, loaded.smtp)
    for n in range(count):
        outbox.queue("receipt", [f"unit{n}@units.example"], f"回执 {n}", f"Subject: 回执 {n}\n\nok\n".encode(), f"bench:{n}")
    store.close()


def daemon(config: Path, log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([PYTHON, "-m", "mailbot", "--config", str(config), "run"],
                            stdout=log.open("wb"), stderr=subprocess.STDOUT)


def terminate(process: subprocess.Popen[bytes]) -> float:
    started = time.monotonic()
    process.send_signal(signal.SIGTERM)
    process.wait(60)
    return time.monotonic() - started


def outage_run(folder: Path, outage: float, queued: int) -> dict[str, object]:
    port = free_port()
    config = write_config(folder, port)
    queue(config, queued)
    log = folder / "daemon.log"
    process = daemon(config, log)
    time.sleep(outage)
    lines_during = len(log.read_text(errors="replace").splitlines())
    server = SmtpServer(port=port)
    server.start()
    back = time.monotonic()
    server.wait_for(queued, timeout=600)
    drained = time.monotonic() - back
    time.sleep(2)
    stop_s = terminate(process)
    server.stop()
    subjects = [str(email.message_from_bytes(d, policy=email.policy.default)["Subject"]) for _, _, d in server.messages]
    text = log.read_text(errors="replace")
    outage_lines = [line for line in text.splitlines() if "smtp" in line]
    return {
        "outage_s": outage, "queued": queued, "sent": len(subjects), "sent_twice": len(subjects) - len(set(subjects)),
        "drained_after_return_s": round(drained, 1), "log_lines_during_outage": lines_during,
        "outage_log_lines": len(outage_lines), "log_lines_total": len(text.splitlines()), "sigterm_s": round(stop_s, 2),
    }


class Silent:
    """An SMTP server that accepts the connection and never answers."""

    def __init__(self) -> None:
        self.port = free_port()
        self.listener = socket.create_server(("127.0.0.1", self.port))
        self.held: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        try:
            while True:
                self.held.append(self.listener.accept()[0])
        except OSError:
            pass


def hung_run(folder: Path, queued: int) -> dict[str, object]:
    silent = Silent()
    config = write_config(folder, silent.port)
    queue(config, queued)
    process = daemon(config, folder / "daemon.log")
    time.sleep(5)
    raw = synthetic_replies(1)[0]
    (folder / "inbox" / "tmp" / "r").write_bytes(raw)
    arrived = time.monotonic()
    (folder / "inbox" / "tmp" / "r").rename(folder / "inbox" / "new" / "r")
    store_path = load_config(config).store_path

    def stored() -> bool:
        store = Store(store_path)
        try:
            return bool(store.db.execute("select count(*) from messages").fetchone()[0])
        finally:
            store.close()

    wait_until(stored, timeout=120, interval=0.1)
    stored_s = time.monotonic() - arrived
    return {"queued": queued, "new_reply_stored_s": round(stored_s, 2), "sigterm_s": round(terminate(process), 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--outage", type=float, default=600.0, help="seconds without an SMTP server")
    parser.add_argument("--queued", type=int, default=1000, help="receipts waiting in the outbox")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as first, tempfile.TemporaryDirectory() as second:
        outage = outage_run(Path(first), args.outage, args.queued)
        hung = hung_run(Path(second), 300)
    print(table(list(outage), [list(outage.values())]))
    print(table(list(hung), [list(hung.values())]))
    print(save("outage", {"smtp_outage": outage, "hung_smtp": hung}))


if __name__ == "__main__":
    main()
