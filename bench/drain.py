"""Backlog drain: N synthetic replies in a real Dovecot, drained by `mailbot poll --once`, against
the floor (bench/floor.py: fetch and parse only) in the same run, in one process and on as many
processes as mailbot reads with.

    python bench/drain.py [--sizes 1000,10000] [--repeat 3]

The replies are APPENDed once to a folder kept aside; before each repetition the server copies
them into an empty INBOX and mailbot starts from an empty store. mailbot and the two floors take
turns, so a slow spell of a shared machine falls on all three; the table shows the medians.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from benchlib import PYTHON, ROOT, measure, save, synthetic_replies, table, write_imap_config
from servers import DovecotServer

KEEP = "bench-keep"
PROCESSED = "已处理"


def fill(dovecot: DovecotServer, user: str, password: str, size: int) -> float:
    """APPEND `size` replies to the folder kept aside; return the seconds it took."""
    client = dovecot.client(user, password)
    client.create_folder(KEEP)
    started = time.perf_counter()
    for raw in synthetic_replies(size):
        client.append(KEEP, raw)
    seconds = time.perf_counter() - started
    client.logout()
    return seconds


def refill_inbox(dovecot: DovecotServer, user: str, password: str) -> None:
    """Empty INBOX and the processed folder, then copy the kept replies into INBOX."""
    client = dovecot.client(user, password)
    for folder in ("INBOX", PROCESSED):
        if client.folder_exists(folder):
            client.select_folder(folder)
            uids = client.search(["ALL"])
            if uids:
                client.delete_messages(uids)
                client.expunge()
    client.select_folder(KEEP, readonly=True)
    client.copy(client.search(["ALL"]), "INBOX")
    client.logout()


def run_once(dovecot: DovecotServer, user: str, password: str, workers: int) -> dict[str, float]:
    refill_inbox(dovecot, user, password)
    env = {**os.environ, "BENCH_IMAP_PASSWORD": password}
    with tempfile.TemporaryDirectory(prefix="mailbot-drain-") as folder:
        work = Path(folder)
        config = write_imap_config(work, dovecot.port, user, workers=workers)
        mailbot = [PYTHON, "-m", "mailbot", "--config", str(config)]
        measure([*mailbot, "init"], env)
        ours = measure([*mailbot, "poll", "--once"], env)
        with sqlite3.connect(work / "mailbot.db") as db:
            stored = db.execute("select count(*) from messages").fetchone()[0]
            comments = db.execute("select count(*) from comments").fetchone()[0]
    floor = [PYTHON, str(ROOT / "bench" / "floor.py"), "127.0.0.1", str(dovecot.port), user, KEEP]
    floor_one = measure(floor, env)
    floor_all = measure([*floor, str(workers)], env)
    return {
        "stored": stored, "comments": comments, "mailbot_s": ours["seconds"], "mailbot_rss_mb": ours["rss_mb"],
        "floor_s": floor_one["seconds"], "floor_rss_mb": floor_one["rss_mb"], "floor_parallel_s": floor_all["seconds"],
    }


def run_size(dovecot: DovecotServer, size: int, repeat: int, workers: int) -> dict[str, Any]:
    user, password = f"drain{size}@bench.example", "bench"
    dovecot.add_user(user, password)
    append_seconds = fill(dovecot, user, password, size)
    runs = []
    for _ in range(repeat):
        runs.append(run_once(dovecot, user, password, workers))
        print(json.dumps({"replies": size, **runs[-1]}, ensure_ascii=False), flush=True)
    mailbot_s = statistics.median(r["mailbot_s"] for r in runs)
    floor_s = statistics.median(r["floor_s"] for r in runs)
    floor_parallel_s = statistics.median(r["floor_parallel_s"] for r in runs)
    comments = runs[0]["comments"]
    return {
        "replies": size, "stored": runs[0]["stored"], "comments": comments, "append_s": round(append_seconds, 1),
        "workers": workers, "repeat": repeat,
        "mailbot_s": mailbot_s, "replies_per_s": round(size / mailbot_s, 1), "comments_per_s": round(comments / mailbot_s, 1),
        "mailbot_rss_mb": max(r["mailbot_rss_mb"] for r in runs),
        "floor_s": floor_s, "floor_rss_mb": max(r["floor_rss_mb"] for r in runs), "ratio_to_floor": round(mailbot_s / floor_s, 2),
        "floor_parallel_s": floor_parallel_s, "ratio_to_parallel_floor": round(mailbot_s / floor_parallel_s, 2),
        "runs": runs,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each size; the table shows medians")
    parser.add_argument("--workers", type=int, default=min(4, os.cpu_count() or 1),
                        help="mailbot's [limits] workers, and the parallel floor's processes")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    dovecot = DovecotServer()
    dovecot.start()
    rows = []
    try:
        for size in sizes:
            rows.append(run_size(dovecot, size, args.repeat, args.workers))
    finally:
        dovecot.close()
    headers = ["replies", "comments", "mailbot_s", "replies_per_s", "comments_per_s", "mailbot_rss_mb", "floor_s",
               "ratio_to_floor", "floor_parallel_s", "ratio_to_parallel_floor"]
    print(table(headers, [[r[h] for h in headers] for r in rows]))
    if len(rows) > 1:
        times = rows[-1]["replies"] / rows[0]["replies"]
        took = rows[-1]["mailbot_s"] / rows[0]["mailbot_s"]
        print(f"growth: {times:.0f}x the mail took {took:.1f}x the time")
    print("saved", save("drain", {"rows": rows}))


if __name__ == "__main__":
    main()
