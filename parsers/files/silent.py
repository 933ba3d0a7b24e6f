"""Changes a returned draft carries with no mark left: its changes accepted before it was sent.

A unit edits the draft with track changes on, accepts them all (or types straight into it) and
sends it back saying "直接在原文上修改，请与原稿对照". No w:ins, no colour, no note: only
comparing each paragraph with the draft's own words finds the changes, as the clerk would
with Word's Compare. Each paragraph that is a clause's is set against that clause's text
(difflib, the standard library's sequence matcher); words added, replaced or taken out inside
it are a change each, anchored to the clause. Punctuation and spacing alone are no change, and
so are the clause's other paragraphs (the matcher sees them as missing at either end).
"""

from __future__ import annotations

import difflib
import re

from parsers.records import Block, Draft

MIN_CHANGE = 3  # characters of words (punctuation aside) that make a change worth a comment
SAME_PARAGRAPH = 0.6  # difflib ratio of the paragraph to its stretch of the clause: the clause's, edited
_WORDS = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")


def silent_changes(lines: list[tuple[int, int, str]], draft: Draft, origin: str) -> list[Block]:
    """The changes in the returned draft's paragraphs against the draft's clauses: each line is
    (its paragraph's number, the clause it is known to be of, its text)."""
    blocks: list[Block] = []
    for number, clause_number, text in lines:
        clause = draft.clause(clause_number)
        if clause is None:
            continue
        for kind, said in _changes(_plain(clause.text), _plain(_without_number(text))):
            blocks.append(Block(kind=kind, text=said, origin=f"{origin}与原稿对照（第{number}段，文件未留修订痕迹，请核对）",  # type: ignore[arg-type]  # kind is one of BlockKind's
                                anchor=clause.number))
    return blocks


def _plain(text: str) -> str:
    """Spacing off; the characters as written (the comment keeps the unit's exact words)."""
    return re.sub(r"\s+", "", text)


def _without_number(text: str) -> str:
    return re.sub(r"^\s*(?:第[一二三四五六七八九十百0-9]+条|[0-9]{1,2}\s*[、.．])\s*", "", text)


def _changes(clause: str, paragraph: str) -> list[tuple[str, str]]:
    """(kind, words) for each edit inside the stretch of the clause the paragraph matches."""
    matcher = difflib.SequenceMatcher(None, clause, paragraph, autojunk=False)
    blocks = [b for b in matcher.get_matching_blocks() if b.size]
    if not blocks:
        return []
    start, end = blocks[0].a, blocks[-1].a + blocks[-1].size  # the paragraph's stretch of the clause
    stretch = clause[start:end]
    against = difflib.SequenceMatcher(None, stretch, paragraph, autojunk=False)
    if against.ratio() < SAME_PARAGRAPH:
        return []
    out = []
    for tag, a0, a1, b0, b1 in against.get_opcodes():
        gone, added = stretch[a0:a1], paragraph[b0:b1]
        if tag == "equal" or max(len(_WORDS.findall(gone)), len(_WORDS.findall(added))) < MIN_CHANGE:
            continue
        before = stretch[max(0, a0 - 12):a0]
        if tag == "replace":
            out.append(("replacement", f"将“{gone}”修改为“{added}”"))
        elif tag == "insert":
            out.append(("insertion", f"在“{before}”后增加“{added}”" if before else f"增加“{added}”"))
        else:
            out.append(("deletion", f"删除“{gone}”"))
    return out
