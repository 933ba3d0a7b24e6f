"""Shared parts of the benchmarks: synthetic replies, real servers, measured runs.

Run by hand, not by CI. Each benchmark prints a table and writes bench/results/<name>.json.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import re
import subprocess
import sys
import time
from pathlib import Path
from collections.abc import Callable
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # the test servers (tests/servers.py)

CORPUS = ROOT / "tests" / "fixtures" / "corpus"
CAMPAIGN = ROOT / "tests" / "fixtures" / "campaign"
PYTHON = sys.executable


def templates() -> list[bytes]:
    """The sample replies that are real replies (submission or no_comment)."""
    truth = json.loads((CORPUS / "truth.json").read_text(encoding="utf-8"))
    return [(CORPUS / m["file"]).read_bytes() for m in truth["messages"] if m["kind"] != "ignore"]


def roster_addresses() -> list[str]:
    lines = (CAMPAIGN / "units.csv").read_text(encoding="utf-8-sig").splitlines()[1:]
    return [line.split(",")[2] for line in lines if line.strip()]


def synthetic_replies(count: int, seed: int = 7) -> list[bytes]:
    """`count` replies in the sample's shapes, each with a fresh Message-ID and a roster
    sender picked at random (so units and, through the templates, clauses vary)."""
    rng = random.Random(seed)
    shapes, senders = templates(), roster_addresses()
    out = []
    for n in range(count):
        raw = shapes[n % len(shapes)]
        raw = re.sub(rb"(?im)^Message-ID:.*$", f"Message-ID: <bench{n}.{seed}@bench.example>".encode(), raw, count=1)
        sender = rng.choice(senders).encode()
        raw = re.sub(rb"(?im)^(From:.*<)[^>]+(>)", lambda m: m.group(1) + sender + m.group(2), raw, count=1)
        out.append(raw)
    return out


def measure(command: list[str], env: dict[str, str] | None = None) -> dict[str, float]:
    """Run a command through bench/_rss.py: wall seconds and the child's peak RSS (MB)."""
    done = subprocess.run([PYTHON, str(ROOT / "bench" / "_rss.py"), *command], capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def machine() -> str:
    cpu = ""
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    import os

    return f"{cpu or platform.processor()} ({os.cpu_count()} cores), Python {platform.python_version()}, {platform.system()}"


def save(name: str, data: dict[str, Any]) -> Path:
    path = ROOT / "bench" / "results" / f"{name}.json"
    data = {"machine": machine(), "when": time.strftime("%Y-%m-%d %H:%M"), **data}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def table(headers: list[str], rows: list[list[object]]) -> str:
    cells = [[str(h) for h in headers]] + [[f"{c:.2f}" if isinstance(c, float) else str(c) for c in r] for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = ["  ".join(c.rjust(w) for c, w in zip(row, widths)) for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def write_imap_config(folder: Path, port: int, user: str, *, smtp_port: int | None = None, processed: str = "已处理",
                      workers: int | None = None) -> Path:
    smtp = (f'[smtp]\nkind = "smtp"\nhost = "127.0.0.1"\nport = {smtp_port}\ntls = "none"\nfrom = "宣教部 <xcjyb@ybgh.example>"\n'
            if smtp_port else '[smtp]\nkind = "folder"\npath = "outbox"\nfrom = "宣教部 <xcjyb@ybgh.example>"\n')
    path = folder / "mailbot.toml"
    path.write_text(
        f'[campaign]\ntitle = "bench"\ndraft = "{CAMPAIGN / "draft.docx"}"\nroster = "{CAMPAIGN / "units.csv"}"\n'
        f"deadline = 2099-09-25\n"
        f'[store]\npath = "mailbot.db"\narchive = "archive"\n'
        f'[mailbox]\nkind = "imap"\nhost = "127.0.0.1"\nport = {port}\ntls = "none"\nusername = "{user}"\n'
        f'password_env = "BENCH_IMAP_PASSWORD"\nfolder = "INBOX"\nprocessed_folder = "{processed}"\npoll_seconds = 60\n'
        + smtp + '[reports]\nrecipients = []\nreceipts_per_hour = 1000000\n'
        + (f"[limits]\nworkers = {workers}\n" if workers else ""),
        encoding="utf-8",
    )
    return path


def run_sizes(name: str, description: str, default_sizes: str, run_size: Callable[[int], dict[str, Any]]) -> None:
    """A scale benchmark's command line: --sizes a,b,c; one JSON line a size as it is measured,
    then a table of them all, saved as bench/results/<name>.json."""
    parser = argparse.ArgumentParser(description=description.splitlines()[0])
    parser.add_argument("--sizes", default=default_sizes)
    rows = []
    for size in [int(s) for s in parser.parse_args().sizes.split(",")]:
        rows.append(run_size(size))
        print(json.dumps(rows[-1]), flush=True)
    headers = list(rows[0])
    print(table(headers, [[r[h] for h in headers] for r in rows]))
    print("saved", save(name, {"rows": rows}))
