"""Report at scale: the workbook and the digest for 1,000 / 10,000 / 50,000 / 100,000 comments
(seconds, file size, peak RSS), and `mailbot status` on the largest store.

    python bench/report_scale.py [--sizes 1000,10000,50000,100000]

Targets (issue #15): `mailbot report` end to end (store -> file) within 2 s for 10,000
comments and 20 s for 100,000.
"""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

from benchlib import CAMPAIGN, PYTHON, measure, run_sizes
from mailbot.store import Store, comment_id
from parsers.placing.draft import parse_draft
from parsers.mail.units import load_roster

TEXTS = ["建议将“{q}”改为“{q}（修订）”，表述更准确。", "建议增加“{q}”的具体要求。", "“{q}”一句与前文重复，建议删去。"]


def fill_store(folder: Path, comments: int) -> Path:
    """A store shaped like a campaign's: roster units each sending several replies."""
    config = folder / "mailbot.toml"
    config.write_text(
        f'[campaign]\ntitle = "bench"\ndraft = "{CAMPAIGN / "draft.docx"}"\nroster = "{CAMPAIGN / "units.csv"}"\n'
        'deadline = 2099-01-01\n[store]\npath = "mailbot.db"\narchive = "archive"\n'
        '[smtp]\nkind = "folder"\npath = "outbox"\nfrom = "宣教部 <xcjyb@ybgh.example>"\n'
        '[reports]\nrecipients = ["leader@bench.example"]\n', encoding="utf-8")
    store = Store(folder / "mailbot.db", create=True)
    draft = parse_draft((CAMPAIGN / "draft.docx").read_bytes())
    roster = load_roster((CAMPAIGN / "units.csv").read_bytes(), "units.csv")
    store.load_campaign(draft, roster)
    rng = random.Random(3)
    per_message = 8
    with store.db.atomic():
        for m in range(comments // per_message):
            unit = roster[m % len(roster)].name
            mid = f"<scale{m}@bench.example>"
            store._insert("messages", [{"message_id": mid, "sha256": "", "source": "bench", "sender": "x@bench.example",
                                        "subject": f"意见{m}", "date": f"2014-09-{1 + m % 25:02d}T10:00:00+08:00", "unit": unit,
                                        "kind": "submission", "status": "active", "error": "", "ingested_at": ""}])
            rows = []
            for seq in range(per_message):
                clause = draft.clauses[rng.randrange(len(draft.clauses))]
                text = rng.choice(TEXTS).format(q=clause.text[rng.randrange(40): rng.randrange(40) + 20])
                rows.append({"id": comment_id(mid, seq, text), "message_id": mid, "seq": seq, "unit": unit, "source": "意见.docx",
                             "origin": f"表格1第{seq + 2}行", "scope": "clause", "clause": clause.number, "section": clause.section,
                             "text": text, "reason": "便于执行。", "confidence": 0.95, "needs_review": int(rng.random() < 0.05),
                             "evidence": f"“第{clause.number}条”", "status": "active"})
            store._insert("comments", rows)
    store.close()
    return config


DIGEST = """
import datetime, sys
from mailbot.config import load_config
from mailbot.outbox.notices import queue_digest
from mailbot.outbox import Outbox
from mailbot.store import Store
config = load_config(sys.argv[1]); store = Store(config.store_path)
queue_digest(config, store, Outbox(store, config.smtp), datetime.date.today())
"""


def run_size(size: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="mailbot-report-") as work:
        folder = Path(work)
        config = fill_store(folder, size)
        mailbot = [PYTHON, "-m", "mailbot", "--config", str(config)]
        report = measure([*mailbot, "report", "-o", str(folder / "out")])
        digest = measure([PYTHON, "-c", DIGEST, str(config)])
        status = measure([*mailbot, "status"])
        workbook = (folder / "out" / "意见汇总表.xlsx").stat().st_size
        return {"comments": size, "report_s": report["seconds"], "report_rss_mb": report["rss_mb"],
                "workbook_kb": round(workbook / 1024), "digest_s": digest["seconds"], "digest_rss_mb": digest["rss_mb"],
                "status_s": status["seconds"]}


def main() -> None:
    run_sizes("report_scale", __doc__ or "", "1000,10000,50000,100000", run_size)


if __name__ == "__main__":
    main()
