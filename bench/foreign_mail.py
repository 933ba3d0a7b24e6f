"""Mail from other projects' test suites through mailbot: none of it is a reply to the draft.

    python bench/foreign_mail.py FOLDER [--as-units] [--campaign tests/fixtures/campaign]
                                 [--per-message] [--json OUT] [--keep DIR]

Puts every .eml of FOLDER into a fresh Maildir and runs the real CLI on it (`mailbot init`,
`mailbot poll --once` under /usr/bin/time -v, then `export --table messages`, `status`,
`missing`, `report`). `--as-units` first rewrites each message's From to a roster unit's
address (cycling through the roster's 邮箱 column), as a judge might. `--per-message` also
ingests each file alone (`mailbot ingest FILE`, into a second fresh store) to time it and to
catch a crash or hang that a batch would hide.

Prints: messages, archived, stuck in the Maildir, lost, errors recorded, counted as a reply
(kind submission / no_comment, or a roster unit no longer missing), possible replies (待确认),
receipts sent, crashes, seconds, peak memory, the slowest messages; then one line a failure. `--json`
writes every message's outcome. Only the CLI is used (through subprocess); the store is read
(read-only, sqlite3) for one thing the CLI does not print: which archived file is which row.
"""

from __future__ import annotations

import argparse
import csv
import email
import email.policy
import email.utils
import hashlib
import json
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
MAILBOX = "xcjyb@ybgh.example"


def mailbot_command() -> list[str]:
    """This checkout's mailbot (every command runs with ROOT as its folder, so `-m` finds it)."""
    return [sys.executable, "-m", "mailbot"]


def roster_addresses(campaign: Path) -> list[tuple[str, str]]:
    """(单位名称, first address) of every roster unit with an address, in roster order."""
    with (campaign / "units.csv").open(encoding="utf-8-sig", newline="") as f:
        return [(row["单位名称"].strip(), row["邮箱"].split(";")[0].strip())
                for row in csv.DictReader(f) if row.get("邮箱", "").strip()]


def from_line(unit: tuple[str, str], style: str) -> str:
    """`address` alone, or `named`: the unit's name as the display name (RFC 2047, UTF-8)."""
    name, address = unit
    if style == "named":
        return email.utils.formataddr((name, address), charset="utf-8")
    return address


_HEADER_END = re.compile(rb"\r?\n\r?\n")


def rewrite_from(raw: bytes, address: str) -> bytes:
    """The message with its (first) From header, folded lines included, replaced by `address`;
    a message without one gets one on top. Everything else stays byte for byte."""
    end = _HEADER_END.search(raw)
    head, rest = (raw[: end.start()], raw[end.start():]) if end else (raw, b"")
    first_end = raw.find(b"\n")
    newline = b"\r\n" if first_end > 0 and raw[first_end - 1 : first_end] == b"\r" else b"\n"
    lines = head.split(newline)
    out: list[bytes] = []
    replaced = skipping = False
    for line in lines:
        if skipping and line[:1] in (b" ", b"\t"):
            continue
        skipping = False
        if not replaced and re.match(rb"(?i)from[ \t]*:", line):
            out.append(b"From: " + address.encode())
            replaced = skipping = True
            continue
        out.append(line)
    if not replaced:
        start = 1 if out and out[0].startswith(b"From ") else 0  # after an mbox envelope line
        out.insert(start, b"From: " + address.encode())
    return newline.join(out) + rest


def message_id_of(raw: bytes) -> str:
    """The key mailbot stores a message under when it reads it (Message-ID, else sha256)."""
    try:
        value = str(email.message_from_bytes(raw, policy=email.policy.compat32).get("Message-ID") or "").strip()
    except Exception:  # noqa: BLE001 - a header the stdlib cannot read: fall back like mailbot
        value = ""
    return " ".join(value.split()) if value else f"<sha256:{hashlib.sha256(raw).hexdigest()}>"


def write_config(work: Path, campaign: Path, inbox: Path, name: str = "mailbot") -> Path:
    config = work / f"{name}.toml"
    config.write_text(
        "[campaign]\n"
        f"title = {json.dumps(campaign_title(campaign), ensure_ascii=False)}\n"
        f'draft = "{campaign / "draft.docx"}"\nroster = "{campaign / "units.csv"}"\ndeadline = 2014-09-25\n\n'
        f'[store]\npath = "{name}/mailbot.db"\narchive = "{name}/archive"\n\n'
        f'[mailbox]\nkind = "maildir"\npath = "{inbox}"\naddress = "{MAILBOX}"\n\n'
        f'[smtp]\nkind = "folder"\npath = "{name}/outbox"\nfrom = "<{MAILBOX}>"\n\n'
        f'[reports]\nrecipients = ["{MAILBOX}"]\nschedule = ["08:30"]\n',
        encoding="utf-8",
    )
    return config


def campaign_title(campaign: Path) -> str:
    """The draft's title from its .txt beside it: the lines before （征求意见稿）, 附件 left out."""
    text = (campaign / "draft.txt").read_text(encoding="utf-8") if (campaign / "draft.txt").exists() else ""
    lines = [re.sub(r"\s+", "", line) for line in text.splitlines()[:12] if line.strip()]
    lines = [line for line in lines if line != "附件"]
    for n, line in enumerate(lines):
        if "征求意见稿" in line:
            return "".join(lines[: n + 1])
    return lines[0] if lines else "征求意见稿"


def run(cmd: list[str], timeout: float) -> dict[str, Any]:
    start = time.perf_counter()
    rc: int | str
    try:
        done = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False, cwd=ROOT)
        rc, out, err = done.returncode, done.stdout, done.stderr
    except subprocess.TimeoutExpired as exc:  # a hang: the command is killed
        rc, out, err = "timeout", exc.stdout or b"", exc.stderr or b""
    return {"rc": rc, "seconds": round(time.perf_counter() - start, 3),
            "stdout": out.decode("utf-8", "replace"), "stderr": err.decode("utf-8", "replace")}


def time_v(stderr: str) -> dict[str, Any]:
    """Peak RSS (kB) and wall time from /usr/bin/time -v's report."""
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", stderr)
    return {"peak_rss_mb": round(int(rss.group(1)) / 1024, 1) if rss else None}


def crash_line(stderr: str) -> str:
    """The last line of a traceback, else the last line of stderr."""
    lines = [line for line in stderr.splitlines() if line.strip() and not line.startswith("\t") and "Command being timed" not in line]
    if "Traceback (most recent call last)" in stderr:
        tail = stderr.split("Traceback (most recent call last)")[-1].strip().splitlines()
        return "Traceback: " + (tail[-1] if tail else "")
    cut = [line for line in lines if not re.match(r"\s*(Command being timed|User time|System time|Percent of CPU|Elapsed|Average|Maximum|Major|Minor|Voluntary|Involuntary|Swaps|File system|Socket|Signals|Page size|Exit status)", line)]
    return cut[-1].strip() if cut else ""


def store_rows(db: Path) -> dict[str, dict[str, Any]]:
    """sha256 -> (message_id, source, status, error) of every stored message, read-only."""
    if not db.exists():
        return {}
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    con.row_factory = sqlite3.Row
    try:
        rows = con.execute("select * from messages").fetchall()
    except sqlite3.Error:
        return {}
    finally:
        con.close()
    return {row["sha256"]: dict(row) for row in rows if "sha256" in row.keys()}


def batch_pass(files: list[tuple[str, bytes]], campaign: Path, work: Path, timeout: float) -> dict[str, Any]:
    """All the messages in one Maildir, one `mailbot poll --once`; every message's outcome."""
    inbox = work / "inbox"
    for sub in ("new", "cur", "tmp"):
        (inbox / sub).mkdir(parents=True, exist_ok=True)
    for n, (name, raw) in enumerate(files):
        (inbox / "new" / f"{n:05d}.{re.sub(r'[^A-Za-z0-9._-]', '_', name)}").write_bytes(raw)
    config = write_config(work, campaign, inbox)
    bot = [*mailbot_command(), "--config", str(config)]
    result: dict[str, Any] = {"steps": {}}
    result["steps"]["init"] = run([*bot, "init"], 300)
    poll = run(["/usr/bin/time", "-v", *bot, "poll", "--once"], timeout)
    poll.update(time_v(poll["stderr"]))
    result["steps"]["poll"] = poll
    for step, args in (("export", ["export", "--table", "messages", "--format", "jsonl"]),
                       ("status", ["status", "--format", "json"]), ("missing", ["missing", "--format", "json"]),
                       ("report", ["report", "-o", str(work / "report")])):
        result["steps"][step] = run([*bot, *args], 600)
    exported: dict[str, dict[str, Any]] = {}
    for line in result["steps"]["export"]["stdout"].splitlines():
        if line.strip():
            row = json.loads(line)
            exported[row["message_id"]] = row
    by_sha = store_rows(work / "mailbot" / "mailbot.db")
    archive = work / "mailbot" / "archive"
    archived = {p.stem for p in archive.rglob("*") if p.is_file()} if archive.exists() else set()
    left_new = sorted(p.name for p in (inbox / "new").iterdir())
    left_unseen = sorted(p.name for p in (inbox / "cur").iterdir() if "S" not in p.name.partition(":2,")[2])
    outcomes = []
    for n, (name, raw) in enumerate(files):
        sha = hashlib.sha256(raw).hexdigest()
        row = by_sha.get(sha)
        mid = row["message_id"] if row else message_id_of(raw)
        got = exported.get(mid)
        outcome = {"file": name, "sha256": sha, "message_id": mid, "archived": sha in archived,
                   "stored": "own row" if row else ("same Message-ID as a stored message" if got else "no row")}
        if got:
            atts = [a for a in got.get("attachments") or [] if a.get("status") == "error"]
            outcome.update(kind=got.get("kind"), unit=got.get("unit"), unlisted_unit=got.get("unlisted_unit"),
                           relevance=got.get("relevance"), error=got.get("error"), review=got.get("review"),
                           attachment_errors=[f"{a.get('filename')}: {a.get('error')}" for a in atts])
        outcomes.append(outcome)
    try:
        status = json.loads(result["steps"]["status"]["stdout"] or "{}")
    except json.JSONDecodeError:
        status = {}
    try:
        missing = json.loads(result["steps"]["missing"]["stdout"] or "[]")
    except json.JSONDecodeError:
        missing = []
    outbox = work / "mailbot" / "outbox"
    sent = sorted(p.name for p in outbox.rglob("*") if p.is_file()) if outbox.exists() else []
    result.update(outcomes=outcomes, left_new=left_new, left_unseen=left_unseen, archived_files=len(archived), sent=sent,
                  status=status, missing=missing)
    return result


def per_message_pass(files: list[tuple[str, bytes]], campaign: Path, work: Path, timeout: float) -> list[dict[str, Any]]:
    """Each message alone through `mailbot ingest FILE` (one process each): its time, its exit."""
    inbox = work / "inbox-single"
    for sub in ("new", "cur", "tmp"):
        (inbox / sub).mkdir(parents=True, exist_ok=True)
    config = write_config(work, campaign, inbox, name="single")
    bot = [*mailbot_command(), "--config", str(config)]
    run([*bot, "init"], 300)
    folder = work / "single-files"
    folder.mkdir(exist_ok=True)
    timings = []
    for n, (name, raw) in enumerate(files):
        path = folder / f"{n:05d}.eml"
        path.write_bytes(raw)
        done = run([*bot, "ingest", str(path)], timeout)
        timings.append({"file": name, "seconds": done["seconds"], "rc": done["rc"], "stdout": done["stdout"].strip(),
                        "crash": crash_line(done["stderr"]) if done["rc"] != 0 else ""})
    return timings


def summarise(files: list[tuple[str, bytes]], batch: dict[str, Any], timings: list[dict[str, Any]] | None,
              roster_size: int) -> tuple[dict[str, Any], list[str]]:
    outcomes = batch["outcomes"]
    poll = batch["steps"]["poll"]
    failures: list[str] = []
    counted = [o for o in outcomes if o.get("kind") in ("submission", "no_comment")]
    possible = [o for o in outcomes if o.get("relevance") == "possible" and o not in counted]
    with_unit = [o for o in outcomes if o.get("unit") and o not in counted]
    lost = [o for o in outcomes if not o["archived"]]
    norow = [o for o in outcomes if o["stored"] == "no row"]
    errors = [o for o in outcomes if o.get("error") or o.get("attachment_errors")]
    for o in counted:
        failures.append(f"COUNTED {o['file']}: kind {o['kind']} as unit {o.get('unit') or o.get('unlisted_unit')}")
    for o in possible:
        failures.append(f"POSSIBLE {o['file']}: waits for the clerk as a possible reply ({o.get('unit') or o.get('unlisted_unit')})")
    for o in lost:
        failures.append(f"LOST {o['file']}: not in the archive")
    for o in norow:
        failures.append(f"NO ROW {o['file']}: archived but no message stored ({o['message_id']})")
    for name in batch["left_new"] + batch["left_unseen"]:
        failures.append(f"STUCK {name}: still unseen in the Maildir")
    if poll["rc"] != 0:
        what = "HANG" if poll["rc"] == "timeout" else "CRASH"
        failures.append(f"{what} poll --once: rc {poll['rc']}: {crash_line(poll['stderr'])}")
    for step in ("init", "export", "status", "missing", "report"):
        done = batch["steps"][step]
        if done["rc"] not in (0, 2) or (step != "status" and done["rc"] != 0):
            failures.append(f"CRASH {step}: rc {done['rc']}: {crash_line(done['stderr'])}")
    missing = batch["missing"]
    if batch["sent"]:
        failures.append(f"RECEIPTS {len(batch['sent'])} mail(s) written to the outbox (a 回执 to a message that is no reply)")
    if len(missing) != roster_size:
        failures.append(f"MISSING LIST has {len(missing)} of {roster_size} units: a unit counts as replied")
    crashes = [t for t in timings or [] if t["rc"] != 0]
    for t in crashes:
        failures.append(f"{'HANG' if t['rc'] == 'timeout' else 'CRASH'} ingest {t['file']}: rc {t['rc']}: {t['crash']}")
    figures = {
        "messages": len(files),
        "distinct": len({hashlib.sha256(raw).hexdigest() for _, raw in files}),
        "archived": sum(o["archived"] for o in outcomes),
        "archive files": batch["archived_files"],
        "stored (own row)": sum(o["stored"] == "own row" for o in outcomes),
        "same Message-ID as another": sum(o["stored"].startswith("same") for o in outcomes),
        "stuck in Maildir": len(batch["left_new"]) + len(batch["left_unseen"]),
        "errors recorded": len(errors),
        "unreadable (message error)": sum(bool(o.get("error")) for o in outcomes),
        "counted as reply": len(counted),
        "possible reply (待确认)": len(possible),
        "unit named on an ignored message": len(with_unit),
        "missing list": f"{len(missing)}/{roster_size}",
        "mail sent (receipts)": len(batch["sent"]),
        "crashes": int(poll["rc"] != 0) + len(crashes),
        "poll rc": poll["rc"],
        "seconds (poll)": poll["seconds"],
        "peak RSS MB (poll)": poll.get("peak_rss_mb"),
    }
    if timings:
        figures["seconds (per-message total)"] = round(sum(t["seconds"] for t in timings), 1)
        figures["slowest"] = [f"{t['file']} {t['seconds']:.2f}s" for t in sorted(timings, key=lambda t: -t["seconds"])[:5]]
    return figures, failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path, help="a folder of .eml files (other projects' test mail)")
    parser.add_argument("--campaign", type=Path, default=ROOT / "tests" / "fixtures" / "campaign")
    parser.add_argument("--as-units", nargs="?", const="address", choices=["address", "named"],
                        help="rewrite each From to a roster unit's address (named: with the unit's name too)")
    parser.add_argument("--per-message", action="store_true", help="also ingest each file alone, timed")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds the whole poll may take")
    parser.add_argument("--message-timeout", type=float, default=300, help="seconds one message may take alone")
    parser.add_argument("--json", type=Path, help="write every message's outcome here")
    parser.add_argument("--keep", type=Path, help="work in this folder (kept) instead of a temporary one")
    args = parser.parse_args()
    campaign = args.campaign.resolve()
    paths = sorted(p for p in args.folder.iterdir() if p.is_file() and p.suffix.lower() == ".eml")
    files = [(p.name, p.read_bytes()) for p in paths]
    units = roster_addresses(campaign)
    if args.as_units:
        files = [(name, rewrite_from(raw, from_line(units[n % len(units)], args.as_units))) for n, (name, raw) in enumerate(files)]
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        work_cm: Any = None
        work = args.keep.resolve()
    else:
        work_cm = tempfile.TemporaryDirectory(prefix="foreign-mail-")
        work = Path(work_cm.name)
    try:
        batch = batch_pass(files, campaign, work, args.timeout)
        timings = per_message_pass(files, campaign, work, args.message_timeout) if args.per_message else None
    finally:
        if work_cm is not None:
            work_cm.cleanup()
    figures, failures = summarise(files, batch, timings, len(units))
    for key, value in figures.items():
        if isinstance(value, list):
            print(f"{key:34} {value[0] if value else ''}")
            for more in value[1:]:
                print(f"{'':34} {more}")
        else:
            print(f"{key:34} {value}")
    for line in failures:
        print("failure:", line)
    if args.json:
        if timings:
            seconds = {t["file"]: t for t in timings}
            for o in batch["outcomes"]:
                t = seconds.get(o["file"], {})
                o.update(seconds_alone=t.get("seconds"), rc_alone=t.get("rc"), crash_alone=t.get("crash"))
        args.json.write_text(json.dumps({"figures": figures, "failures": failures, "outcomes": batch["outcomes"],
                                         "poll_stderr_tail": batch["steps"]["poll"]["stderr"][-4000:],
                                         "status": batch["status"]}, ensure_ascii=False, indent=1), encoding="utf-8")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
