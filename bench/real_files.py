"""How much of real Office files' text reaches `mailbot read` (issue #16).

For every .docx/.docm/.dotx/.xlsx/.xlsm/.xls/.doc under the folders, the text read straight
from the file's XML (bench/xml_text.py, mailbot's code not used) is the yardstick, and two
readings by mailbot are held against it:
- reader: what mailbot's reader takes from the file (parsers.files.attachments.read_attachments, the
  call `mailbot read` makes: the result's text and every block's and aside's text, ref, reason, quote,
  context, author);
- printed: what `mailbot read` prints (mailbot's reading_files.read_files: each row's text, ref,
  reason, quote, author).
The author counts: a cell note's text starts with its author's name ("张三:"), which mailbot
takes off the note and keeps, and prints, as the note's author.
A file is full when at least 97% of the yardstick's characters are found (bench/text_coverage.py),
else partial; or refused (mailbot's error kind), broken (refused, and the yardstick cannot read
it either: truly broken), crashed, timed out, unmeasured (only the yardstick fails) or without
text. Missing text is put down to the XML feature that holds it (content control, text box,
nested table, footnote, cell note, …).

    cd /work/main && .venv/bin/python /work/wt-realfiles/bench/real_files.py /work/realfiles \
        [--json out.json] [--show-worst 20] [--measure reader|printed] [--timeout 180] [--workers 2]

mailbot is imported from the current directory's checkout (else from this one's); the run says
which. Each file is read in one of at most two worker processes, killed when over --timeout.
Writes bench/results/real_files.json (the summary, the features, the rows of files not full).
"""

from __future__ import annotations

import argparse
import json
import logging
import multiprocessing
import os
import re
import signal
import subprocess
import sys
import time
import traceback
import warnings
from collections import Counter, deque
from dataclasses import asdict, dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from benchlib import CAMPAIGN, ROOT, machine, save, table
from text_coverage import NOT_PRINTED, Coverage, coverage, hidden_chars_read
from xml_text import Reading, Unreadable, read_office_text

EXTENSIONS = (".docx", ".docm", ".dotx", ".xlsx", ".xlsm", ".xls", ".doc")
FULL = 0.97
STATUS_ROWS = ("read", "draft_copy", "skipped")  # `mailbot read`'s line for a file with no block
Row = dict[str, Any]


def import_mailbot() -> str:
    """Put the current directory's checkout first on the path; say which mailbot is used."""
    here = Path.cwd()
    checkout = here if (here / "mailbot" / "__init__.py").exists() else ROOT
    sys.path.insert(0, str(checkout))
    import mailbot

    head = subprocess.run(["git", "-C", str(checkout), "describe", "--always", "--dirty"], capture_output=True, text=True)
    return f"{Path(mailbot.__file__).parent} ({head.stdout.strip() or 'not a git checkout'})"


def office_files(folders: list[Path]) -> list[tuple[Path, str]]:
    """(path, source repository) of every Office file: the repository is the first folder below the one given."""
    found = []
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix.lower() in EXTENSIONS:
                parts = path.relative_to(folder).parts
                found.append((path, parts[0] if len(parts) > 1 else folder.name))
    return found


# --- one file, in a worker ----------------------------------------------------------------


def mailbot_function(module: str, name: str) -> Any:
    """mailbot.<module>.<name>, wherever this checkout keeps the module (mailbot/ or mailbot/pipeline/)."""
    import importlib

    for package in ("mailbot", "mailbot.pipeline"):
        try:
            return getattr(importlib.import_module(f"{package}.{module}"), name)
        except ModuleNotFoundError:
            continue
    raise ModuleNotFoundError(f"no mailbot.{module} or mailbot.pipeline.{module} in this checkout")


def printed_output(path: Path, draft: Path) -> tuple[str, str]:
    """The text `mailbot read` prints for the file, and its refusals."""
    from parsers.guard import Limits

    read_files = mailbot_function("reading_files", "read_files")
    texts, errors = [], []
    for row in read_files([path], draft, Limits()):
        if row["kind"] == "error":
            errors.append(str(row["text"]))
        elif row["kind"] not in STATUS_ROWS:
            texts += [str(row["text"]), str(row["ref"]), str(row["reason"]), str(row.get("quote", "")), str(row["author"])]
    return "\n".join(texts), "; ".join(errors)


def reader_output(path: Path, draft: Path) -> tuple[str, str]:
    """All the text mailbot's reader took from the file, and its refusals."""
    from parsers.files.attachments import read_attachments
    from parsers.placing.draft import parse_draft
    from parsers.guard import Limits
    from parsers.records import Attachment

    convert_legacy = mailbot_function("convert", "convert_legacy")
    attachment = Attachment(path.name, "application/octet-stream", path.read_bytes())
    results = read_attachments(attachment, parse_draft(draft.read_bytes(), draft.name), convert_legacy, limits=Limits())
    texts = [r.text for r in results]
    # the blocks and the asides (a form's prompts, example rows, hidden sheets): all the reader returns
    texts += [t for r in results for b in (*r.blocks, *r.asides) for t in (b.text, b.ref, b.reason, b.quote, b.context, b.author)]
    return "\n".join(texts), "; ".join(r.error for r in results if r.status == "error")


def measure_file(path: Path, draft: Path, measure: str) -> Row:
    row: Row = {"path": str(path), "status": "", "error": ""}
    try:
        reading: Reading | None = read_office_text(path)
    except Unreadable as exc:
        reading, row["yardstick_error"] = None, str(exc)
    try:
        printed, refused = printed_output(path, draft)
        reader, _ = reader_output(path, draft)
    except Exception as exc:  # a bug in mailbot: the bench goes on
        row.update(status="crashed", error=f"{type(exc).__name__}: {exc}", traceback=traceback.format_exc()[-1500:])
        return row
    if reading is not None:
        row.update(_compared(reading, printed, reader, measure))
    if refused:  # "broken" when the yardstick cannot read it either
        row.update(status="refused" if reading is not None else "broken", error=refused[:300], kind=refused.split(":", 1)[0])
    elif reading is None:
        row["status"] = "unmeasured"
    return row


def _compared(reading: Reading, printed: str, reader: str, measure: str) -> Row:
    by_reader = coverage(reading.pieces, reader)
    by_printed = coverage(reading.pieces, printed, fallback=reader)
    chosen = by_reader if measure == "reader" else by_printed
    status = "no text" if not by_reader.chars else ("full" if chosen.share >= FULL else "partial")
    return {"status": status, "chars": by_reader.chars, "reader": round(by_reader.share, 4),
            "printed": round(by_printed.share, 4), "windowed": round(chosen.windowed, 4),
            "multiset": round(chosen.multiset, 4), "missing": _missing(by_reader, by_printed),
            "worst_pieces": [asdict(m) for m in chosen.worst],
            "hidden_read": hidden_chars_read(reading.hidden, reading.pieces, printed + "\n" + reader)}


def _missing(by_reader: Coverage, by_printed: Coverage) -> dict[str, int]:
    """Missing characters by feature: what the reader lost, and what it read but did not print."""
    out = dict(sorted(by_reader.by_key.items(), key=lambda kv: -kv[1]))
    if by_printed.by_key.get(NOT_PRINTED):
        out[NOT_PRINTED] = by_printed.by_key[NOT_PRINTED]
    return out


def _serve(conn: Connection, draft: Path, measure: str) -> None:
    """A worker: its own process group (LibreOffice children die with it), one file at a time."""
    os.setpgrp()
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)  # xlrd prints its warnings on stdout
    warnings.simplefilter("ignore")
    logging.disable(logging.CRITICAL)
    while (job := conn.recv()) is not None:
        conn.send(measure_file(Path(job), draft, measure))


# --- the pool -------------------------------------------------------------------------------


@dataclass
class Worker:
    process: Any
    conn: Connection
    job: Path | None = None
    started: float = 0.0


def start_worker(draft: Path, measure: str) -> Worker:
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe()
    process = ctx.Process(target=_serve, args=(child, draft, measure), daemon=True)
    process.start()
    return Worker(process, parent)


def stop_worker(worker: Worker) -> None:
    try:
        os.killpg(worker.process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        worker.process.kill()
    worker.process.join(5)


def run_files(files: list[Path], draft: Path, measure: str, workers: int, timeout: float) -> list[Row]:
    """Every file through the workers; a file over `timeout` seconds has its worker killed."""
    pool = [start_worker(draft, measure) for _ in range(max(1, min(workers, 2, len(files))))]
    pending, rows = deque(files), []
    while pending or any(w.job for w in pool):
        for w in pool:
            if w.job is None and pending:
                w.job, w.started = pending.popleft(), time.monotonic()
                w.conn.send(str(w.job))
        busy = [w for w in pool if w.job is not None]
        deadline = min(w.started for w in busy) + timeout
        ready = wait([w.conn for w in busy], timeout=max(0.0, deadline - time.monotonic()))
        for i, w in enumerate(pool):
            if w.job is None:
                continue
            row = _collect(w, w.conn in ready, timeout)
            if row is None:
                continue
            rows.append(row)
            if row["status"] in ("timeout", "crashed") and row.get("error") in ("worker died", f"over {timeout:.0f} s"):
                stop_worker(w)
                pool[i] = start_worker(draft, measure)
            else:
                w.job = None
            if len(rows) % 50 == 0:
                print(f"  {len(rows)}/{len(files)} files", file=sys.stderr, flush=True)
    for w in pool:
        w.conn.send(None)
        w.process.join(10)
    return rows


def _collect(worker: Worker, ready: bool, timeout: float) -> Row | None:
    if ready:
        try:
            return worker.conn.recv()  # type: ignore[no-any-return]
        except (EOFError, OSError):
            return {"path": str(worker.job), "status": "crashed", "error": "worker died"}
    if time.monotonic() - worker.started >= timeout:
        return {"path": str(worker.job), "status": "timeout", "error": f"over {timeout:.0f} s"}
    return None


# --- the report -------------------------------------------------------------------------------

STATUSES = ("full", "partial", "refused", "broken", "crashed", "timeout", "unmeasured", "no text")


def group_table(rows: list[Row], key: str) -> tuple[list[str], list[list[object]]]:
    """Counts by status, and the share of measured files at >= 97% by each measure."""
    headers = [key, "files", *STATUSES, "reader>=97%", "printed>=97%"]
    out = []
    for name in sorted({r[key] for r in rows}) + ["all"]:
        group = [r for r in rows if name == "all" or r[key] == name]
        counts = Counter(r["status"] for r in group)
        measured = [r for r in group if "reader" in r and r["chars"] and r["status"] not in ("timeout", "crashed")]
        share = [f"{sum(r[m] >= FULL for r in measured) / len(measured):.1%}" if measured else "-" for m in ("reader", "printed")]
        out.append([name, len(group), *(counts.get(s, 0) for s in STATUSES), *share])
    return headers, out


def feature_rows(rows: list[Row], examples: int = 3) -> list[dict[str, Any]]:
    """Per feature: the files whose reader lost text there (top feature, any), characters, examples."""
    features: dict[str, dict[str, Any]] = {}
    for r in (r for r in rows if r["status"] in ("full", "partial")):
        missing = {k: v for k, v in r.get("missing", {}).items() if k != NOT_PRINTED}
        for rank, (key, chars) in enumerate(sorted(missing.items(), key=lambda kv: -kv[1])):
            f = features.setdefault(key, {"feature": key, "files": 0, "top_in": 0, "chars": 0, "examples": []})
            f["files"] += 1
            f["top_in"] += rank == 0 and r["reader"] < FULL
            f["chars"] += chars
            f["examples"].append((chars, r["path"], r["reader"]))
    for f in features.values():
        f["examples"] = [{"path": p, "missing_chars": c, "reader": s} for c, p, s in sorted(f["examples"], key=lambda e: -e[0])[:examples]]
    return sorted(features.values(), key=lambda f: (-f["top_in"], -f["files"]))


def refusal_rows(rows: list[Row]) -> list[dict[str, Any]]:
    """Refused and broken files by kind and cause ("Strict OOXML", or mailbot's words), with examples."""
    groups: dict[tuple[str, str, str], list[str]] = {}
    for r in (r for r in rows if r["status"] in ("refused", "broken", "crashed", "timeout")):
        groups.setdefault((r["status"], r.get("kind", ""), _cause(r)), []).append(r["path"])
    return [{"status": st, "kind": k, "cause": c, "files": len(p), "examples": p[:3]}
            for (st, k, c), p in sorted(groups.items(), key=lambda kv: (kv[0][0], -len(kv[1])))]


def _cause(row: Row) -> str:
    whole = [str(k) for k in row.get("missing", {}) if k in ("Strict OOXML", "main part elsewhere")]
    if whole:
        return whole[0]
    words = str(row.get("error", "")).split(": ", 2)[-1]  # past "corrupt: name.docx: "
    return str(re.sub(r"/tmp/\S+|\d+", "#", words))[:70]


def print_report(rows: list[Row], which: str, show_worst: int, measure: str) -> list[dict[str, Any]]:
    print(f"mailbot: {which}\nfiles: {len(rows)}; status by --measure {measure}; full = >= {FULL:.0%} of the XML's characters\n")
    for key in ("type", "repo"):
        print(table(*group_table(rows, key)), "\n")
    features = feature_rows(rows)
    print(table(["feature (reader lost text there)", "top in partial", "files", "chars", "example"],
                [[f["feature"], f["top_in"], f["files"], f["chars"], f["examples"][0]["path"]] for f in features]), "\n")
    print(table(["status", "kind", "cause", "files", "example"],
                [[g["status"], g["kind"], g["cause"], g["files"], g["examples"][0]] for g in refusal_rows(rows)]), "\n")
    bad = sorted((r for r in rows if r["status"] != "full"), key=_badness)
    for r in bad[:show_worst]:
        top = ", ".join(f"{k} {v}" for k, v in list(r.get("missing", {}).items())[:3])
        print(f"{r['status']:9} reader {r.get('reader', '-')!s:6} printed {r.get('printed', '-')!s:6} {r['path']}  {r.get('error') or top}")
    return features


def _badness(row: Row) -> tuple[int, float]:
    order = {"crashed": 0, "timeout": 1, "refused": 2, "partial": 3, "broken": 4}
    return order.get(row["status"], 4), row.get("reader", 1.0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--json", type=Path, default=None, help="write the results here instead of bench/results/real_files.json")
    parser.add_argument("--show-worst", type=int, default=20)
    parser.add_argument("--measure", choices=("reader", "printed"), default="reader")
    parser.add_argument("--timeout", type=float, default=180.0, help="seconds a file may take")
    parser.add_argument("--workers", type=int, default=2, help="at most 2")
    parser.add_argument("--draft", type=Path, default=CAMPAIGN / "draft.docx")
    args = parser.parse_args()
    which = import_mailbot()
    found = office_files(args.folders)
    where = {str(p): (repo, p.suffix.lower().lstrip(".")) for p, repo in found}
    started = time.monotonic()
    rows = run_files([p for p, _ in found], args.draft.resolve(), args.measure, args.workers, args.timeout)
    for r in rows:
        r["repo"], r["type"] = where[r["path"]]
    features = print_report(rows, which, args.show_worst, args.measure)
    data = {"mailbot": which, "folders": [str(f) for f in args.folders], "measure": args.measure, "full_at": FULL,
            "seconds": round(time.monotonic() - started, 1),
            "by_type": _as_dicts(*group_table(rows, "type")), "by_repo": _as_dicts(*group_table(rows, "repo")),
            "features": features, "refusals": refusal_rows(rows), "hidden_sheet_text_read": [r["path"] for r in rows if r.get("hidden_read")],
            "not_full": sorted((r for r in rows if r["status"] != "full"), key=_badness)}
    path = save("real_files", data) if args.json is None else _save_as(args.json, data)
    print(f"\nwrote {path}")
    return 0


def _save_as(path: Path, data: dict[str, Any]) -> Path:
    """As benchlib.save, elsewhere than bench/results/ (a run against another checkout)."""
    data = {"machine": machine(), "when": time.strftime("%Y-%m-%d %H:%M"), **data}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def _as_dicts(headers: list[str], rows: list[list[object]]) -> list[dict[str, object]]:
    return [dict(zip(headers, r)) for r in rows]


if __name__ == "__main__":
    sys.exit(main())
