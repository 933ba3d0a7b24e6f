"""How alike comments on the same clause are, to choose reports.draft.grouping.NEAR_DUPLICATE.

    python bench/grouping_threshold.py [--top 40]

Ingests the sample rounds (tests/fixtures/corpus, corpus-content, corpus-office, corpus-holdout)
into a scratch store, then prints every pair of active comments on one place with neither an
exact edit, most alike first, with their likeness (reports.draft.grouping.likeness, 0..1) and words;
then the groups the current threshold forms. Read the list and put the threshold between the
last pair that says the same thing and the first that does not.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import tempfile
from itertools import combinations
from pathlib import Path

from benchlib import CAMPAIGN, PYTHON, ROOT, save
from reports.draft.grouping import NEAR_DUPLICATE, Said, _edit_of, like_groups, likeness

SAMPLES = ["corpus", "corpus-content", "corpus-office", "corpus-holdout"]


def sample_comments(folder: Path) -> list[Said]:
    import sys

    sys.path.insert(0, str(ROOT / "tests"))
    from helpers import write_config

    config = write_config(folder, CAMPAIGN)
    mailbot = [PYTHON, "-m", "mailbot", "--config", str(config)]
    subprocess.run([*mailbot, "init"], check=True, capture_output=True, cwd=ROOT)
    for name in SAMPLES:
        subprocess.run([*mailbot, "ingest", str(ROOT / "tests" / "fixtures" / name)], check=True, capture_output=True, cwd=ROOT)
    db = sqlite3.connect(folder / "var" / "mailbot.db")
    rows = db.execute("select id, coalesce(unit, unlisted_unit, ''), scope, clause, section, text, coalesce(original, '') "
                      "from comments where status = 'active' order by message_id, seq").fetchall()
    return [Said(cid, unit, (scope, clause if scope == "clause" else section if scope == "section" else None), text, original)
            for cid, unit, scope, clause, section, text, original in rows]


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--top", type=int, default=40)
    top = parser.parse_args().top
    with tempfile.TemporaryDirectory(prefix="mailbot-groups-") as work:
        comments = sample_comments(Path(work))
    vague = [c for c in comments if _edit_of(c) is None]
    pairs = sorted(((likeness(a, b), a, b) for a, b in combinations(vague, 2) if a.place == b.place and a.unit != b.unit),
                   key=lambda p: -p[0])
    print(f"{len(comments)} active comments, {len(vague)} without an exact edit, {len(pairs)} pairs on one place")
    for score, a, b in pairs[:top]:
        print(f"{score:.2f} {a.place[0]}{a.place[1]}  {a.unit}：{a.text[:60]}\n      {' ' * len(a.place[0])}   {b.unit}：{b.text[:60]}")
    labelled = json.loads((ROOT / "tests" / "fixtures" / "grouping" / "pairs.json").read_text(encoding="utf-8"))
    scores = {label: sorted(likeness(Said("a", u1, ("clause", 1), a), Said("b", u2, ("clause", 1), b)) for u1, a, u2, b in pairs)
              for label, pairs in labelled.items() if label in ("same", "different")}
    print(f"\nlabelled pairs: same {min(scores['same']):.3f}..{max(scores['same']):.3f}, "
          f"different {min(scores['different']):.3f}..{max(scores['different']):.3f}")
    for label, values in scores.items():
        print(f"  {label}: {' '.join(f'{v:.2f}' for v in values)}")
    groups = like_groups(comments)
    print(f"\nthreshold {NEAR_DUPLICATE / 100:.2f}: {len(groups)} groups")
    for group in groups:
        print(f"  {group.id} {group.place} {group.reason} {'、'.join(group.units)}")
    save("grouping_threshold", {"comments": len(comments), "pairs": [[round(s, 3), a.text, b.text] for s, a, b in pairs[:top]],
                                "threshold": NEAR_DUPLICATE / 100,
                                "labelled": {k: [round(v, 3) for v in vs] for k, vs in scores.items()}, "groups": [[g.reason, list(g.units)] for g in groups]})


if __name__ == "__main__":
    main()
