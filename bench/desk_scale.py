"""The review desk at scale: every page, a decision click and `mailbot status` on a store
of 20,000 comments with 10,000 decisions and 15,000 changes, through a real HTTP server.

    python bench/desk_scale.py [--comments 20000] [--decisions 10000] [--changes 15000] [--per-reply 8] [--keep DIR]
    python bench/desk_scale.py --per-reply 2 --check     # 10,000 replies; and do the figures agree?

The store is written row by row as bench/report_scale.py does (a campaign's shape: roster
units sending replies of 8 comments, a few from units outside the roster, possible replies,
unreadable attachments, uncertain comments). The desk runs as `mailbot serve` in its own
process, so its peak RSS (VmHWM) is the server's alone. Each page is fetched three times
(median kept; a page slower than 5 s is fetched once); the click is the 采纳 page's select,
posted as htmx posts it, on 20 comments (median kept). `status_s` is `mailbot status`;
`counts_s` a process that opens the store and computes mailbot.campaign.counts (what status needs).
`--check` also builds the digest's figures and the workbook and says whether the desk, the
digest and the workbook give the same figures. Writes bench/results/desk_scale.json.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import random
import re
import statistics
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from benchlib import CAMPAIGN, PYTHON, measure, save, table
from mailbot.campaign.decisions import DECISIONS, ensure_tables
from mailbot.store import Store, comment_id
from parsers.placing.draft import parse_draft
from parsers.mail.units import load_roster

TEXTS = ["建议将“{q}”改为“{q}（修订）”，表述更准确。", "建议增加“{q}”的具体要求。", "“{q}”一句与前文重复，建议删去。"]
SLOW = 5.0  # a page slower than this is fetched once, not three times


def _config(folder: Path) -> Path:
    path = folder / "mailbot.toml"
    path.write_text(
        f'[campaign]\ntitle = "bench"\ndraft = "{CAMPAIGN / "draft.docx"}"\nroster = "{CAMPAIGN / "units.csv"}"\n'
        'deadline = 2099-01-01\n[store]\npath = "mailbot.db"\narchive = "archive"\n'
        '[smtp]\nkind = "folder"\npath = "outbox"\nfrom = "宣教部 <xcjyb@ybgh.example>"\n'
        '[reports]\nrecipients = ["leader@bench.example"]\n', encoding="utf-8")
    return path


def _message(m: int, unit: str | None, unlisted: str | None, kind: str, relevance: str, review: str) -> dict[str, Any]:
    return {"message_id": f"<scale{m}@bench.example>", "sha256": "", "source": "bench", "sender": f"u{m % 97}@bench.example",
            "sender_name": "", "subject": f"关于《意见》的修改意见{m}", "date": f"2014-09-{1 + m % 25:02d}T10:{m % 60:02d}:00+08:00",
            "unit": unit, "unlisted_unit": unlisted, "kind": kind, "status": "active", "error": "", "ingested_at": "",
            "relevance": relevance, "review": review, "relevance_evidence": "+3 主题含本稿标题"}


def _comments(rng: random.Random, draft: Any, message: dict[str, Any], status: str, per: int) -> list[dict[str, Any]]:
    rows = []
    for seq in range(per):
        clause = draft.clauses[rng.randrange(len(draft.clauses))]
        text = rng.choice(TEXTS).format(q=clause.text[rng.randrange(40): rng.randrange(40) + 20])
        uncertain = rng.random() < 0.05
        rows.append({"id": comment_id(message["message_id"], seq, text), "message_id": message["message_id"], "seq": seq,
                     "unit": message["unit"], "unlisted_unit": message["unlisted_unit"], "source": "意见.docx",
                     "origin": f"表格1第{seq + 2}行", "scope": "clause", "clause": clause.number, "section": clause.section,
                     "text": text, "reason": "便于执行。", "original": clause.text[:20], "clause_ref": f"第{clause.number}条",
                     "confidence": 0.7 if uncertain else 0.95, "needs_review": int(uncertain),
                     "evidence": f"“第{clause.number}条”", "status": status})
    return rows


def fill_store(folder: Path, comments: int, decided: int, changes: int, per: int = 8) -> Path:
    """A campaign's store: replies of `per` comments from roster units (one in 50 from a unit outside
    the roster), a possible reply in 100, one unreadable attachment in 50; then decisions and changes."""
    config = _config(folder)
    store = Store(folder / "mailbot.db", create=True)
    draft = parse_draft((CAMPAIGN / "draft.docx").read_bytes())
    roster = load_roster((CAMPAIGN / "units.csv").read_bytes(), "units.csv")
    store.load_campaign(draft, roster)
    ensure_tables(store)
    rng = random.Random(3)
    ids: list[str] = []
    with store.db.atomic():
        for m in range(comments // per):
            unlisted = m % 50 == 7
            possible = m % 100 == 13
            unit = None if unlisted else roster[m % (len(roster) - 4)].name  # four units never reply
            message = _message(m, unit, f"街道工会{m % 5}" if unlisted else None, "ignore" if possible else "submission",
                               "possible" if possible else "reply", "可能是对本稿的回复，请确认" if possible else "")
            store._insert("messages", [message])
            unreadable = m % 50 == 11
            store._insert("attachments", [{"id": f"{message['message_id']}#0", "message_id": message["message_id"],
                                           "filename": "意见.docx", "sha256": "", "type": "docx",
                                           "status": "error" if unreadable else "read",
                                           "error": "corrupt: 意见.docx: not a readable Word file" if unreadable else ""}])
            rows = _comments(rng, draft, message, "pending" if possible else "active", per)
            store._insert("comments", rows)
            ids += [r["id"] for r in rows if not possible]
        _decide(store, rng, ids, decided, changes)
    store.close()
    return config


def _decide(store: Store, rng: random.Random, ids: list[str], decided: int, changes: int) -> None:
    chosen = rng.sample(ids, min(decided, len(ids)))
    store._insert("decisions", [{"comment_id": cid, "decision": rng.choice(DECISIONS), "reason": "已吸收",
                                 "decided_by": "张三", "decided_at": "2014-09-26T10:00:00+08:00"} for cid in chosen])
    log = [{"comment_id": chosen[i % len(chosen)], "who": "张三", "at": "2014-09-26T10:00:00+08:00",
            "field": "decision" if i < len(chosen) else "reason", "before": "未决定", "after": "采纳"} for i in range(changes)]
    store._insert("changes", log)


class Desk:
    """`mailbot serve` in its own process, and a browser-like client (cookies, CSRF token)."""

    def __init__(self, config: Path, port: int) -> None:
        self.base = f"http://127.0.0.1:{port}"
        self.process = subprocess.Popen([PYTHON, "-m", "mailbot", "--config", str(config), "serve", "--port", str(port)],
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        assert self.process.stdout is not None
        self.process.stdout.readline()  # "review desk on http://…": it is listening
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.token = ""

    def get(self, path: str) -> tuple[float, bytes]:
        start = time.perf_counter()
        with self.opener.open(self.base + path, timeout=600) as response:
            body: bytes = response.read()
        seconds = time.perf_counter() - start
        found = re.search(rb'X-CSRF-Token&#34;: &#34;([^&]+)&#34;|"X-CSRF-Token": "([^"]+)"', body)
        if found:
            self.token = (found.group(1) or found.group(2)).decode()
        return seconds, body

    def post(self, path: str, form: dict[str, str]) -> float:
        data = urllib.parse.urlencode(form).encode()
        request = urllib.request.Request(self.base + path, data=data, headers={
            "HX-Request": "true", "X-CSRF-Token": self.token, "Origin": self.base})
        start = time.perf_counter()
        with self.opener.open(request, timeout=600) as response:
            response.read()
        return time.perf_counter() - start

    def peak_rss_mb(self) -> float:
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        return round(int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024, 1)  # type: ignore[union-attr]

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def time_page(desk: Desk, path: str) -> tuple[float, int]:
    first, body = desk.get(path)
    if first > SLOW:
        return first, len(body)
    runs = [first] + [desk.get(path)[0] for _ in range(2)]
    return statistics.median(runs), len(body)


def pages(store_path: Path) -> list[str]:
    """The desk's pages, with a message and a comment of the store and a few pages and filters."""
    store = Store(store_path)
    try:
        from mailbot.web.context import message_key

        mid = store.db.execute("select message_id from messages where kind = 'submission' limit 1 offset 100").fetchone()[0]
        cid = store.db.execute("select comment_id from decisions limit 1 offset 50").fetchone()[0]
        unit = urllib.parse.quote(store.roster()[2].name)
    finally:
        store.close()
    return ["/", "/clauses", "/review", "/review?page=3", "/adoption", "/adoption?page=40", f"/adoption?unit={unit}",
            "/adoption?decision=%E6%9C%AA%E5%86%B3%E5%AE%9A", "/messages", "/messages?page=20",
            f"/messages/{message_key(mid)}", f"/comments/{cid}"]


def clicks(desk: Desk, store_path: Path, count: int = 20) -> list[float]:
    store = Store(store_path)
    try:
        ids = [r[0] for r in store.db.execute(
            "select id from comments where status = 'active' order by id limit ?", [count]).fetchall()]
    finally:
        store.close()
    return [desk.post(f"/comments/{cid}/decision", {"decision": DECISIONS[n % 4], "reason": f"理由{n}", "mode": "row"})
            for n, cid in enumerate(ids)]


COUNTS = """
import sys
from mailbot.config import load_config
from mailbot.campaign.counts import counts
from mailbot.store import Store
print(counts(Store(load_config(sys.argv[1]).store_path)))
"""


def check_figures(config: Path, progress_page: str) -> dict[str, Any]:
    """The same figures from the desk's 报送进度, the digest and the workbook?"""
    import datetime
    import io

    import openpyxl

    from mailbot.config import load_config
    from mailbot.campaign.counts import counts
    from mailbot.outbox.notices import digest_figures
    from mailbot.campaign.report import WORKBOOK_NAME, build_report_files

    loaded = load_config(config)
    store = Store(loaded.store_path)
    try:
        figures = counts(store)
        digest = digest_figures(loaded, store, datetime.date.today())
        book = openpyxl.load_workbook(io.BytesIO(build_report_files(loaded, store, datetime.date.today())[WORKBOOK_NAME]),
                                      read_only=True)
    finally:
        store.close()
    desk = int(re.search(r'id="comment-count">(\d+)<', progress_page).group(1))  # type: ignore[union-attr]
    sheet = sum(int(r[4] or 0) for r in book["报送进度"].iter_rows(min_row=2, values_only=True))
    # 按单位 has a row a comment; 按条款汇总 puts like proposals in one row (reports.draft.grouping).
    rows = sum(1 for r in book["按单位"].iter_rows(min_row=2, values_only=True) if r[1])
    seen = {"counts": figures.comments, "desk": desk, "digest": len(digest.comments), "workbook_progress": sheet,
            "workbook_by_unit": rows}
    review = {"counts": figures.needs_review, "digest": digest.review}
    return {"comments": seen, "needs_review": review, "replies": figures.kinds["submission"] + figures.kinds["no_comment"],
            "agree": len(set(seen.values())) == 1 and len(set(review.values())) == 1
            and (digest.replied, digest.errors) == (figures.replied, figures.read_errors)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=20000)
    parser.add_argument("--decisions", type=int, default=10000)
    parser.add_argument("--changes", type=int, default=15000)
    parser.add_argument("--per-reply", type=int, default=8, help="comments a reply")
    parser.add_argument("--check", action="store_true", help="also compare the desk's, the digest's and the workbook's figures")
    parser.add_argument("--port", type=int, default=18471)
    parser.add_argument("--keep", type=Path, help="fill (or reuse) the store in this folder instead of a temporary one")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="mailbot-desk-") as work:
        folder = args.keep or Path(work)
        folder.mkdir(parents=True, exist_ok=True)
        config = folder / "mailbot.toml"
        if not (folder / "mailbot.db").exists():
            start = time.perf_counter()
            config = fill_store(folder, args.comments, args.decisions, args.changes, args.per_reply)
            print(f"store filled in {time.perf_counter() - start:.1f} s", flush=True)
        status = measure([PYTHON, "-m", "mailbot", "--config", str(config), "status"])
        counted = measure([PYTHON, "-c", COUNTS, str(config)])
        desk = Desk(config, args.port)
        try:
            timed: dict[str, float] = {}
            for path in pages(folder / "mailbot.db"):
                timed[path], size = time_page(desk, path)
                print(f"{timed[path]:8.3f} s {size / 1024:9.0f} KB  {urllib.parse.unquote(path)}", flush=True)
            click = clicks(desk, folder / "mailbot.db")
            rss = desk.peak_rss_mb()
            progress_page = desk.get("/")[1].decode()
        finally:
            desk.stop()
        checked = check_figures(config, progress_page) if args.check else None
    result = {"comments": args.comments, "decisions": args.decisions, "changes": args.changes,
              "replies": args.comments // args.per_reply, "pages": {p: round(t, 3) for p, t in timed.items()},
              "click_s": round(statistics.median(click), 4), "click_max_s": round(max(click), 4),
              "status_s": status["seconds"], "counts_s": counted["seconds"], "peak_rss_mb": rss,
              **({"figures": checked} if checked else {})}
    print(table(["page", "seconds"], [[urllib.parse.unquote(p), round(s, 3)] for p, s in timed.items()]))
    if checked:
        print("figures", json.dumps(checked, ensure_ascii=False))
    print(json.dumps({k: v for k, v in result.items() if k not in ("pages", "figures")}))
    print("saved", save("desk_scale", result))


if __name__ == "__main__":
    main()
