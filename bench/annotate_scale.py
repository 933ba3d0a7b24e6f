"""The marked-up drafts at scale: 批注稿 and 修改稿 of the sample draft for 2,000 / 10,000 / 20,000
comments (seconds, peak RSS, file size), each in a fresh process.

    python bench/annotate_scale.py [--sizes 2000,10000,20000]

Target (issue #18): the 批注稿 of 10,000 comments within 5 s, so `mailbot report -o DIR` can
write both drafts beside the workbook for any real round.

Measured on a shared 2-core machine (load 5-6 from other work, so ±50 %), seconds / peak RSS:

    comments   批注稿 before   批注稿 after    修改稿 before   修改稿 after
       2,000   4.8 s  59 MB   0.5-0.8 s 60 MB  2.3 s  54 MB   0.5-0.9 s 55 MB
      10,000  78.2 s 129 MB   1.4-2.9 s 136 MB 26.9 s 109 MB  1.0-2.4 s 112 MB
      20,000      -           2.9-6.0 s 207 MB     -          2.3-3.2 s 169 MB

Before: python-docx's add_comment found each id by reading every id so far, and every comment
split its paragraph's runs by walking the paragraph again (both quadratic in the comments of a
clause), and like proposals were compared one by one in Python.
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
from pathlib import Path

from benchlib import CAMPAIGN, PYTHON, ROOT, measure, run_sizes

# Shapes of real replies: exact proposals (tracked changes), quotes, and vague remarks; some
# units say the same thing as another (like proposals, grouped into one margin comment).
TEXTS = ["建议将“{q}”改为“{q}（修订）”，表述更准确。", "建议在“{q}”后增加“等”。", "“{q}”一句与前文重复，建议删去。",
         "关于“{q}”，建议写得更具体。", "建议增加服务职工的内容{n}。", "第{c}条：建议将“{q}”改为“{q}和其他”"]

CHILD = """
import json, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from parsers.placing.draft import parse_draft
from reports.draft.annotate import Decision, annotated_draft, revised_draft
from reports.draft.proposals import Remark
source = Path(sys.argv[2]).read_bytes()
rows = json.loads(Path(sys.argv[3]).read_text(encoding="utf-8"))
adopted = sys.argv[5] == "adopted"
draft = parse_draft(source)
remarks = [Remark(*row) for row in rows]
if adopted:
    decided = {r.id: Decision("采纳" if n % 3 else "不采纳", "", "2014-10-08T09:00:00+08:00") for n, r in enumerate(remarks)}
    data = revised_draft(source, draft, remarks, decided, "宣教部")
else:
    data = annotated_draft(source, draft, remarks)
Path(sys.argv[4]).write_bytes(data)
"""


def remark_rows(size: int, seed: int = 5) -> list[list[object]]:
    """`size` comments on random clauses of the sample draft, quoting its words."""
    sys.path.insert(0, str(ROOT))
    from parsers.placing.draft import parse_draft

    draft = parse_draft((CAMPAIGN / "draft.docx").read_bytes())
    rng = random.Random(seed)
    units = [line.split(",")[0] for line in (CAMPAIGN / "units.csv").read_text(encoding="utf-8-sig").splitlines()[1:]]
    rows: list[list[object]] = []
    for n in range(size):
        clause = draft.clauses[rng.randrange(len(draft.clauses))]
        start = rng.randrange(max(1, len(clause.text) - 12))
        quote = clause.text[start:start + rng.randrange(4, 12)].strip("“”")
        text = rng.choice(TEXTS).format(q=quote, n=rng.randrange(50), c=clause.number)
        rows.append([f"c{n}", rng.choice(units), f"2014-09-{1 + n % 25:02d}T10:00:00+08:00", "clause", clause.number,
                     clause.section, text, "便于执行。", "", 0.95, rng.random() < 0.05])
    return rows


def run_size(size: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="mailbot-annotate-") as work:
        folder = Path(work)
        rows = folder / "rows.json"
        rows.write_text(json.dumps(remark_rows(size), ensure_ascii=False), encoding="utf-8")
        out: dict[str, float] = {"comments": size}
        for kind in ("annotated", "adopted"):
            target = folder / f"{kind}.docx"
            figures = measure([PYTHON, "-c", CHILD, str(ROOT), str(CAMPAIGN / "draft.docx"), str(rows), str(target), kind])
            out[f"{kind}_s"], out[f"{kind}_rss_mb"] = figures["seconds"], figures["rss_mb"]
            out[f"{kind}_kb"] = round(target.stat().st_size / 1024)
        return out


def main() -> None:
    run_sizes("annotate_scale", __doc__ or "", "2000,10000,20000", run_size)


if __name__ == "__main__":
    main()
