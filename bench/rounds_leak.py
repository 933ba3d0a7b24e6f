"""Does configuring a second round change how a corpus is read? (issue #19)

    python bench/rounds_leak.py --corpus ../shared/corpus --campaign ../shared/campaign \
        --second tests/fixtures/campaign-mutual [--second ...]

Each .eml is routed twice by parsers.mail.rounds: with the corpus's own round alone, and with the
other round(s) configured beside it. Prints, for the corpus round, how many messages keep the
same verdict and the same comments, how many moved to another round (a leak), how many wait
for the clerk between rounds, and each difference.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from parsers.placing.draft import parse_draft  # noqa: E402
from parsers.mail.envelope import parse_envelope  # noqa: E402
from parsers.reply import Campaign  # noqa: E402
from parsers.mail.rounds import Round, Routing, route  # noqa: E402
from parsers.mail.units import load_roster  # noqa: E402


def load_round(name: str, folder: Path, mailbox: str) -> Round:
    draft_path = next(p for p in (folder / "draft.docx", folder / "draft.txt") if p.exists())
    roster_path = next(p for p in (folder / "units.csv", folder / "units.xlsx") if p.exists())
    draft = parse_draft(draft_path.read_bytes(), draft_path.name)
    roster = load_roster(roster_path.read_bytes(), roster_path.name)
    return Round(name, draft.title, Campaign(draft, roster, mailbox))


def summary(routing: Routing, name: str) -> tuple[str, tuple[str, ...]]:
    """The corpus round's verdict for the message and its comments' texts and clauses."""
    mine = next((r for r in routing.routed if r.round == name), None)
    if mine is None:
        return "none", ()
    verdict = "undecided" if routing.candidates else mine.reading.kind
    return verdict, tuple(f"{c.clause}:{c.text}" for c in mine.reading.comments)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, required=True, action="append")
    parser.add_argument("--campaign", type=Path, required=True)
    parser.add_argument("--second", type=Path, required=True, action="append")
    parser.add_argument("--mailbox", default="xcjyb@ybgh.example")
    args = parser.parse_args()
    own = load_round("own", args.campaign, args.mailbox)
    others = [load_round(f"other{i}", folder, args.mailbox) for i, folder in enumerate(args.second, 1)]
    files = sorted(p for corpus in args.corpus for p in corpus.glob("*.eml"))
    same = leaked = undecided = 0
    diffs: list[str] = []
    started = time.perf_counter()
    for path in files:
        envelope = parse_envelope(path.read_bytes())
        alone = summary(route(envelope, [own]), "own")
        routing = route(envelope, [own, *others])
        beside = summary(routing, "own")
        went = sorted(r.round for r in routing.routed if r.round != "own")
        if alone == beside and not went:
            same += 1
            continue
        if beside[0] == "undecided":
            undecided += 1
        elif went and alone[0] not in ("none", "ignore"):
            leaked += 1
        diffs.append(f"{path.name}: alone {alone[0]} ({len(alone[1])}) / beside {beside[0]} ({len(beside[1])})"
                     f"{' -> ' + ','.join(went) if went else ''}")
    seconds = time.perf_counter() - started
    print(f"messages: {len(files)}  unchanged: {same} ({same / max(len(files), 1):.1%})  "
          f"leaked to another round: {leaked}  waiting between rounds: {undecided}  "
          f"({seconds:.1f} s for both routings)")
    for line in diffs:
        print("  " + line)


if __name__ == "__main__":
    main()
