"""Accuracy of mailbot on a corpus laid out like ../shared/corpus (truth.json beside .eml files).

    python bench/eval.py --corpus ../shared/corpus [--campaign ../shared/campaign] [--beside OTHER_CAMPAIGN ...]

Ingests every .eml into a fresh store through the real pipeline (init, ingest),
then scores what the store holds against truth.json by the corpus README's rule:
a truth comment is found when an active comment of the same message contains its
excerpt (NFKC, straight quotes, whitespace removed); found is right when scope,
clause and section match. Prints each measure, then each miss. With --beside, other rounds
(folders holding a draft and a roster) are configured in the same mailbox and the corpus's own
round is scored: what a second round running beside it changes.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mailbot.campaign.rounds import open_round_store  # noqa: E402
from mailbot.config import load_config  # noqa: E402
from mailbot.runs import ingest_paths  # noqa: E402
from mailbot.campaign.progress import missing_units  # noqa: E402
from mailbot.store import Store  # noqa: E402
from parsers.placing.draft import parse_draft  # noqa: E402
from parsers.mail.envelope import parse_envelope  # noqa: E402
from parsers.mail.units import load_roster  # noqa: E402


def norm(text: str | None) -> str:
    text = unicodedata.normalize("NFKC", text or "")
    text = text.translate(str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"}))
    return re.sub(r"\s+", "", text)


def build_store(corpus: Path, campaign: Path, work: Path, mailbox: str, beside: tuple[Path, ...] = ()) -> Store:
    """The corpus ingested through the real pipeline into a fresh store (the corpus's round's).
    `beside`: other rounds configured in the same mailbox (folders with a draft and a roster),
    to see that the corpus scores the same with them there."""
    rounds = [("own", campaign), *((f"other{i}", folder) for i, folder in enumerate(beside, 1))]
    tables = "".join(
        f'[[campaign]]\nname = "{name}"\ntitle = {json.dumps(_title(folder), ensure_ascii=False)}\ndraft = "{_first(folder, "draft.docx", "draft.txt")}"\n'
        f'roster = "{_first(folder, "units.csv", "units.xlsx")}"\n'
        for name, folder in rounds
    )
    (work / "mailbot.toml").write_text(
        tables + '[store]\npath = "mailbot.db"\narchive = "archive"\n'
        f'[mailbox]\nkind = "maildir"\npath = "{work}"\naddress = "{mailbox}"\n',
        encoding="utf-8",
    )
    config = load_config(work / "mailbot.toml")
    for each in config.each_round():
        made = open_round_store(each, create=True)
        made.load_campaign(parse_draft(each.draft.read_bytes(), each.draft.name), load_roster(each.roster.read_bytes(), each.roster.name))
        made.close()
    store = open_round_store(config)
    ingest_paths(config, store, sorted(corpus.glob("*.eml")))
    return store


def _first(folder: Path, *names: str) -> Path:
    return next(folder / name for name in names if (folder / name).exists())


def _title(folder: Path) -> str:
    path = _first(folder, "draft.docx", "draft.txt")
    return parse_draft(path.read_bytes(), path.name).title


def score(corpus: Path, store: Store, truth: dict[str, Any]) -> dict[str, Any]:
    ids = {m["file"]: parse_envelope((corpus / m["file"]).read_bytes()).message_id for m in truth["messages"]}
    messages = {m["message_id"]: m for m in store.messages()}
    replaced = {m["replaces"] for m in truth["messages"] if m.get("relation") == "correction"}
    s: dict[str, Any] = {"unit": [0, 0], "kind": [0, 0], "found": 0, "expected": 0, "right": 0,
                         "produced": 0, "matched": 0, "hi": [0, 0], "scoped": [0, 0], "misses": []}
    for t in truth["messages"]:
        mid = ids[t["file"]]
        got = messages.get(mid, {})
        s["kind"][1] += 1
        s["kind"][0] += got.get("kind") == t["kind"]
        if got.get("kind") != t["kind"]:
            s["misses"].append(f"{t['file']}: kind {got.get('kind')} (truth {t['kind']})")
        if t["kind"] != "ignore":
            s["unit"][1] += 1
            s["unit"][0] += got.get("unit") == t.get("unit")
            if got.get("unit") != t.get("unit"):
                s["misses"].append(f"{t['file']}: unit {got.get('unit')} (truth {t.get('unit')})")
        comments = [c for c in store.comments("message_id = ? and status = 'active'", [mid])]
        _score_comments(t, comments, t["file"] in replaced, s)
    s["missing_exact"] = [u.name for u in missing_units(store)] == truth["expected_missing"]
    return s


OCR_SIMILARITY = 85  # an excerpt printed only in a picture may come back with an OCR slip or two


def holds(excerpt: dict[str, Any], comment: dict[str, Any]) -> bool:
    """The corpus README's rule: the excerpt inside the comment's text or reason (NFKC, no
    spaces); for an `ocr` excerpt, a same-length window at least 85% alike."""
    text = norm(comment["text"]) + norm(comment["reason"])
    want = norm(excerpt["excerpt"])
    if want in text:
        return True
    if excerpt.get("ocr"):
        from rapidfuzz import fuzz

        return fuzz.partial_ratio(want, text) >= OCR_SIMILARITY
    return False


def _score_comments(t: dict[str, Any], comments: list[dict[str, Any]], replaced: bool, s: dict[str, Any]) -> None:
    excerpts = [] if replaced else t["comments"]
    s["produced"] += len(comments)
    for c in comments:
        if any(holds(e, c) for e in excerpts):
            s["matched"] += 1
        else:
            s["misses"].append(f"{t['file']}: spurious [{c['scope']} {c['clause']}] {c['text'][:50]}")
    for e in excerpts:
        s["expected"] += 1
        hits = [c for c in comments if holds(e, c)]
        if not hits:
            s["misses"].append(f"{t['file']}: not found [{e['scope']} {e['clause']}] {e['excerpt']}")
            continue
        s["found"] += 1
        right = [c for c in hits if (c["scope"], c["clause"], c["section"]) == (e["scope"], e["clause"], e["section"])]
        s["right"] += bool(right)
        if e["scope"] != "clause":
            s["scoped"][1] += 1
            s["scoped"][0] += bool(right)
        best = hits[0]
        if best["confidence"] >= 0.9:
            s["hi"][1] += 1
            s["hi"][0] += bool(right)
        if not right:
            got = ", ".join(f"{c['scope']} {c['clause']}/{c['section']} ({c['evidence'][:40]})" for c in hits)
            s["misses"].append(f"{t['file']}: wrong place for “{e['excerpt']}”: {got}; truth {e['scope']} {e['clause']}/{e['section']}")


def pct(a: int, b: int) -> str:
    return f"{100 * a / b:.1f}% ({a}/{b})" if b else "n/a"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--campaign", type=Path, help="draft.docx and units.csv (default: CORPUS/../campaign)")
    parser.add_argument("--beside", type=Path, action="append", default=[],
                        help="another round configured in the same mailbox (a folder with its draft and roster); repeatable")
    args = parser.parse_args()
    campaign = args.campaign or args.corpus.resolve().parent / "campaign"
    truth = json.loads((args.corpus / "truth.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as work:
        store = build_store(args.corpus.resolve(), campaign.resolve(), Path(work), truth.get("mailbox", ""),
                            tuple(folder.resolve() for folder in args.beside))
        s = score(args.corpus, store, truth)
        store.close()
    for miss in s["misses"]:
        print("miss:", miss)
    print(f"messages            {s['kind'][1]}")
    print(f"kind accuracy       {pct(*s['kind'])}")
    print(f"unit accuracy       {pct(*s['unit'])}")
    print(f"missing list exact  {'yes' if s['missing_exact'] else 'NO'}")
    print(f"comment recall      {pct(s['found'], s['expected'])}")
    print(f"comment precision   {pct(s['matched'], s['produced'])}")
    print(f"clause accuracy     {pct(s['right'], s['found'])}")
    print(f"section/general     {pct(*s['scoped'])} scoped right")
    print(f"confidence >= 0.9   {pct(*s['hi'])} mapped right")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
