"""Backlog drain: N synthetic replies APPENDed to a real Dovecot, drained by `mailbot poll --once`,
against the floor (bench/floor.py: fetch and parse only), in the same run.

    python bench/drain.py [--sizes 1000,10000]
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import tempfile
import time
from pathlib import Path

from benchlib import PYTHON, ROOT, measure, save, synthetic_replies, table, write_imap_config
from servers import DovecotServer


def run_size(dovecot: DovecotServer, size: int, work: Path) -> dict[str, float]:
    user, password = f"drain{size}@bench.example", "bench"
    dovecot.add_user(user, password)
    client = dovecot.client(user, password)
    started = time.perf_counter()
    for raw in synthetic_replies(size):
        client.append("INBOX", raw)
    append_seconds = time.perf_counter() - started
    client.logout()
    config = write_imap_config(work, dovecot.port, user)
    env = {**os.environ, "BENCH_IMAP_PASSWORD": password}
    mailbot = [PYTHON, "-m", "mailbot", "--config", str(config)]
    measure([*mailbot, "init"], env)
    ours = measure([*mailbot, "poll", "--once"], env)
    floor = measure([PYTHON, str(ROOT / "bench" / "floor.py"), "127.0.0.1", str(dovecot.port), user, "已处理"], env)
    with sqlite3.connect(work / "mailbot.db") as db:
        messages = db.execute("select count(*) from messages").fetchone()[0]
        comments = db.execute("select count(*) from comments").fetchone()[0]
    return {
        "replies": size, "stored": messages, "comments": comments, "append_s": round(append_seconds, 1),
        "mailbot_s": ours["seconds"], "replies_per_s": round(size / ours["seconds"], 1),
        "comments_per_s": round(comments / ours["seconds"], 1), "mailbot_rss_mb": ours["rss_mb"],
        "floor_s": floor["seconds"], "floor_rss_mb": floor["rss_mb"], "ratio_to_floor": round(ours["seconds"] / floor["seconds"], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    sizes = [int(s) for s in parser.parse_args().sizes.split(",")]
    dovecot = DovecotServer()
    dovecot.start()
    rows = []
    try:
        for size in sizes:
            with tempfile.TemporaryDirectory(prefix="mailbot-drain-") as work:
                rows.append(run_size(dovecot, size, Path(work)))
                print(json.dumps(rows[-1], ensure_ascii=False), flush=True)
    finally:
        dovecot.close()
    headers = ["replies", "comments", "mailbot_s", "replies_per_s", "comments_per_s", "mailbot_rss_mb", "floor_s", "ratio_to_floor"]
    print(table(headers, [[r[h] for h in headers] for r in rows]))
    if len(rows) > 1:
        growth = (rows[-1]["mailbot_s"] / rows[0]["mailbot_s"]) / (rows[-1]["replies"] / rows[0]["replies"])
        print(f"growth: {rows[-1]['replies'] / rows[0]['replies']:.0f}x the mail took {growth * rows[-1]['replies'] / rows[0]['replies']:.1f}x the time")
    print("saved", save("drain", {"rows": rows}))


if __name__ == "__main__":
    main()
