"""How well a comment's words alone place it (parsers.placing.subjects), measured on the corpora's truth.

Every truth clause comment that mailbot finds is taken with its references cut out (clause and
section numbers, quotations, the clause headings it names), and placed by its words alone, as
subject_targets places a comment that names nothing. Prints how many are decided and how many
of those are right; the thresholds can be tried from the command line.

    python bench/subjects.py tests/fixtures/corpus-fresh* [--ratio 1.6] [--chars 4]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from parsers.placing import subjects  # noqa: E402
from parsers.placing.clauses import QUOTE_RE, normalize, squash  # noqa: E402
from parsers.placing.draft import parse_draft  # noqa: E402
from parsers.mail.envelope import parse_envelope  # noqa: E402
from parsers.records import Draft  # noqa: E402
from parsers.reply import Campaign, read_reply  # noqa: E402
from parsers.mail.units import load_roster  # noqa: E402

REFERENCE_RE = re.compile(
    r"第\s*[0-9０-９一二三四五六七八九十百壹贰叁肆伍陆柒捌玖拾]+\s*(?:部分|章|条|款|项|点)|[(（]\s*[一二三四五六七八九十0-9]+\s*[)）]"
    r"|[一二三四五六七八九十]+\s*[、.．]|[0-9]+\s*[、.．]|本条|该条|此条"
)


def cut_references(text: str, draft: Draft) -> str:
    """The comment with every way of naming a place taken out: what is left is its subject."""
    text = QUOTE_RE.sub("", normalize(text))
    text = REFERENCE_RE.sub("", text)
    for clause in draft.clauses:
        if len(squash(clause.heading)) >= 4:
            text = text.replace(clause.heading, "")
    return text


def cases(corpus: Path, campaign: Path) -> list[tuple[str, int]]:
    """(text, truth clause) for every truth clause comment mailbot finds in the corpus."""
    draft = parse_draft((campaign / "draft.docx").read_bytes())
    roster = load_roster((campaign / "units.csv").read_bytes(), "units.csv")
    truth = json.loads((corpus / "truth.json").read_text(encoding="utf-8"))
    out: list[tuple[str, int]] = []
    for message in truth["messages"]:
        wanted = [c for c in message["comments"] if c["scope"] == "clause"]
        if not wanted:
            continue
        reading = read_reply(parse_envelope((corpus / message["file"]).read_bytes()), Campaign(draft, roster, truth["mailbox"]))
        for want in wanted:
            key = squash(want["excerpt"])
            hit = next((c for c in reading.comments if key in squash(c.text + c.reason)), None)
            if hit is not None:
                out.append((cut_references(hit.text, draft), want["clause"]))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpora", nargs="+", type=Path)
    parser.add_argument("--campaign", type=Path, default=Path("tests/fixtures/campaign"))
    parser.add_argument("--ratio", type=float, default=subjects.RATIO)
    parser.add_argument("--chars", type=int, default=subjects.DISTINCT_CHARS)
    args = parser.parse_args()
    subjects.RATIO, subjects.DISTINCT_CHARS = args.ratio, args.chars
    draft = parse_draft((args.campaign / "draft.docx").read_bytes())
    every = [case for corpus in args.corpora if (corpus / "truth.json").exists() for case in cases(corpus, args.campaign)]
    decided = right = strong = strong_right = 0
    for text, clause in every:
        targets = subjects.subject_targets(text, draft)
        if len(targets) != 1:
            continue
        decided += 1
        right += targets[0].clause == clause
        if targets[0].confidence >= subjects.STRONG_CONFIDENCE:
            strong += 1
            strong_right += targets[0].clause == clause
    print(f"clause comments, references cut out  {len(every)}")
    print(f"decided by their words               {decided} ({100 * decided / max(len(every), 1):.1f}%)")
    print(f"right among decided                  {right} ({100 * right / max(decided, 1):.1f}%)")
    print(f"right among strong ({subjects.STRONG_CONFIDENCE})            {strong_right}/{strong}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
