"""Like proposals: comments on the same place of the draft that propose the same thing.

Pure: comment records in, group records out. Two comments are alike when they are on the same
clause (or the same section as a whole, or the whole text) and

- both propose the same exact edit (将“A”改为“B”, 删除“A”, 在“A”后增加“B”; reports.draft.proposals
  reads it whatever the wording around it: "建议将“A”改为“B”" and "“A”宜修改为“B”。" are one
  edit), or
- neither proposes an exact edit and their words are near duplicates: the two texts reduced to
  their characters (no punctuation, spaces, clause references, 建议, nor the unit speaking of
  itself: 我市, 我单位, its own name; 补充 read as 增加 and the like) share at least
  NEAR_DUPLICATE of their character pairs (bigram Dice, counted by rapidfuzz), neither says
  the opposite of the other (提高 / 降低, 增加 / 删除), and they name the same numbers (不少于2名
  and 不少于3名 are two proposals, however alike the rest).

Character pairs rather than characters: two units often say the same thing in another order
("建议写清楚X" / "X，建议写清楚"), which keeps the pairs and loses the character order, and a
short remark with another word in it ("服务职工" / "服务农民工") loses more pairs than characters.

Two comments proposing different edits of the same words are never alike (the drafter must see
both), nor is an exact edit alike to a vague remark that sounds the same.

A group is recorded so it can be stored: its id is derived from its members' comment ids alone
(the same members give the same id in any order and any run), with why its members were put
together and how sure that is. A comment alike to nothing is no group.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from reports.draft.proposals import Edit, exact_edit

# Measured (bench/grouping_threshold.py) on the sample rounds' comments that share a clause (the
# most alike pair scores 0.43) and on pairs written by hand (tests/fixtures/grouping/pairs.json):
# the same proposal in other words scores 0.82..1.00, a different one in the same shape at most
# 0.79 (0.82 for 提高 / 降低, which the opposites keep apart).
NEAR_DUPLICATE = 80.0
Place = tuple[str, int | None]

CLAUSE_REF_RE = re.compile(r"(?:关于|对|在)?第[一二三四五六七八九十百零〇两\d]{1,6}(?:条|款|项|部分|段|点)(?:中|里|的)?")
# A unit speaking of itself (我市, 本单位, 我们) says nothing about the draft.
SELF_RE = re.compile(r"我们|(?:我|本|咱)(?:市|县|州|区|镇|乡|街道|单位|部门|会|局|委|校|院|厂|公司|系统|行业|工会)")
FILLER_RE = re.compile(r"建议|意见|提出|认为|希望")
# Words that say the same (the second is how the gist writes both).
SAME_WORDS = (("补充", "增加"), ("增写", "增加"), ("加上", "增加"), ("增添", "增加"), ("删去", "删除"), ("去掉", "删除"),
              ("修改为", "改为"), ("改成", "改为"), ("按照", "按"), ("规定", "要求"), ("不一致", "不一"), ("应当", "应"))
# Character pairs are written as characters from here on (above the surrogates); past 900,000
# pairs in one round two pairs would share one, which only makes two texts look more alike.
PAIR_CODES, PAIR_SPAN = 0x20000, 0x10FFFF - 0x20000
NONWORD_RE = re.compile(r"[\W_]+")  # punctuation, spaces, symbols
NUMBER_RE = re.compile(r"\d+(?:\.\d+)?")
# Two comments saying these of the same thing propose opposites, however alike their words.
OPPOSITES = (("提高", "降低"), ("增加", "减少"), ("增加", "删除"), ("扩大", "缩小"), ("延长", "缩短"), ("放宽", "从严"),
             ("加强", "弱化"), ("保留", "删除"))
SUFFIX_RE = re.compile(r"(?:总工会|工会|委员会|工作委员会)$")


@dataclass(frozen=True)
class Said:
    """One active comment as grouping needs it.

    :ivar place: ("clause", N), ("section", N) or ("general", None)
    :ivar original: the draft's words the comment quotes (原文), may be ""
    """

    id: str
    unit: str
    place: Place
    text: str
    original: str = ""


@dataclass(frozen=True)
class Group:
    """Comments proposing the same thing, as the 批注稿 and the workbook show them and as a
    store would keep them (id and member comment ids; a clerk's split or join is a new group).

    :ivar id: "g" and 12 hex digits from the sorted member ids
    :ivar members: the comment ids, in the order the comments were given
    :ivar units: each unit once, in the members' order
    :ivar reason: 相同修改：将“A”修改为“B” / 文字相近 0.93
    :ivar confidence: 1.0 for the same edit; else the lowest likeness of a member to the first
    :ivar edit: the exact edit its members share, or None
    """

    id: str
    place: Place
    members: tuple[str, ...]
    units: tuple[str, ...]
    reason: str
    confidence: float
    edit: Edit | None = None


def group_id(members: Sequence[str]) -> str:
    """Stable: the same comment ids give the same group id, in whatever order."""
    digest = hashlib.blake2b("\n".join(sorted(members)).encode("utf-8"), digest_size=6).hexdigest()
    return f"g{digest}"


def clusters(comments: Sequence[Said]) -> list[list[int]]:
    """Every comment (by index) in exactly one cluster, clusters in first-seen order; a cluster
    of one is a comment alike to no other. A comment with an exact edit joins the cluster of
    that edit at its place; one without joins the cluster of its place whose first comment it
    is most alike to (above NEAR_DUPLICATE, not opposite), else starts its own. Comparing with
    firsts only keeps a cluster from drifting: each member is alike to its first."""
    found: list[list[int]] = []
    by_edit: dict[tuple[Place, Edit], list[int]] = {}
    by_place: dict[Place, tuple[list[str], list[str], list[list[int]]]] = {}  # firsts' pairs, gists, clusters
    vocabulary: dict[str, str] = {}
    for index, comment in enumerate(comments):
        edit = _edit_of(comment)
        if edit is not None:
            home = by_edit.get((comment.place, edit))
            if home is None:
                home = by_edit[(comment.place, edit)] = []
                found.append(home)
            home.append(index)
            continue
        gist = _gist(comment.text, comment.unit)
        pairs = _pairs(gist, vocabulary)
        firsts, gists, homes = by_place.setdefault(comment.place, ([], [], []))
        # rapidfuzz scores against every cluster of the place at C speed, so a round of tens of
        # thousands of comments stays quick; the opposites are checked on the few above the line.
        near = process.extract(pairs, firsts, scorer=fuzz.ratio, score_cutoff=NEAR_DUPLICATE, limit=None) if pairs else []
        at = next((k for _, _, k in near if not _opposite(gist, gists[k])), None)
        if at is None:
            firsts.append(pairs if pairs else f"\0{index}")  # an empty gist is like nothing
            gists.append(gist)
            homes.append([index])
            found.append(homes[-1])
        else:
            homes[at].append(index)
    return found


def like_groups(comments: Sequence[Said]) -> list[Group]:
    """The groups of a round: clusters of two comments or more, in first-seen order."""
    return [group_of([comments[i] for i in cluster]) for cluster in clusters(comments) if len(cluster) > 1]


def clusters_of(ids: Sequence[str], groups: Sequence[Group]) -> list[list[int]]:
    """Clusters as `clusters` gives them, from groups made already (the store's, a clerk's
    changes applied): a group's members together where the first of them is, in the order
    given; an id in no group alone."""
    home = {member: group.id for group in groups for member in group.members}
    found: dict[tuple[str, str], list[int]] = {}
    for index, cid in enumerate(ids):
        key = ("group", home[cid]) if cid in home else ("comment", cid)
        found.setdefault(key, []).append(index)
    return list(found.values())


def group_of(members: Sequence[Said]) -> Group:
    """The record of comments put together (by clusters, or later by a clerk)."""
    first = members[0]
    edits = {_edit_of(m) for m in members}
    units = tuple(dict.fromkeys(m.unit for m in members))
    ids = tuple(m.id for m in members)
    edit = edits.pop() if len(edits) == 1 else None
    if edit is not None:
        return Group(group_id(ids), first.place, ids, units, f"相同修改：{edit.wording()}", 1.0, edit)
    # The first's words reduced once, not once a member (a group of many is scored in one pass).
    vocabulary: dict[str, str] = {}
    one = _gist(first.text, first.unit)
    pairs = _pairs(one, vocabulary)
    score = min((_alike(one, pairs, _gist(m.text, m.unit), vocabulary) for m in members[1:]), default=1.0)
    return Group(group_id(ids), first.place, ids, units, f"文字相近 {score:.2f}", round(score, 2))


def likeness(first: Said, other: Said) -> float:
    """0..1: how alike two comments' words are, as clusters compares them (0 for opposites)."""
    one = _gist(first.text, first.unit)
    vocabulary: dict[str, str] = {}
    return _alike(one, _pairs(one, vocabulary), _gist(other.text, other.unit), vocabulary)


def _alike(one: str, pairs: str, two: str, vocabulary: dict[str, str]) -> float:
    """`likeness` of two gists, the first's pairs given."""
    return 0.0 if _opposite(one, two) else fuzz.ratio(pairs, _pairs(two, vocabulary)) / 100


def _pairs(gist: str, vocabulary: dict[str, str]) -> str:
    """The gist's character pairs, each written as one character of its own (`vocabulary`
    numbers them) and sorted: rapidfuzz's ratio of two such strings is their Dice coefficient
    (the longest common subsequence of two sorted sequences is what they share), and strings
    are what it compares fastest."""
    pairs = [gist[i:i + 2] for i in range(len(gist) - 1)] if len(gist) > 1 else [gist] if gist else []
    return "".join(sorted(vocabulary.setdefault(pair, chr(PAIR_CODES + len(vocabulary) % PAIR_SPAN)) for pair in pairs))


def _opposite(one: str, two: str) -> bool:
    """Alike words proposing different things: opposite words (提高 in one only, 降低 in the
    other only), or other numbers."""
    numbers_one, sides_one = _leanings(one)
    numbers_two, sides_two = _leanings(two)
    if numbers_one and numbers_two and numbers_one != numbers_two:
        return True
    return any((pair, 1 - side) in sides_two for pair, side in sides_one)


@functools.lru_cache(maxsize=65536)  # each gist is compared with many: its words are looked up once
def _leanings(gist: str) -> tuple[frozenset[str], frozenset[tuple[int, int]]]:
    """The gist's numbers, and for each pair of OPPOSITES the side it takes alone (0: the
    first word without the second, 1: the second without the first)."""
    sides = set()
    for index, (a, b) in enumerate(OPPOSITES):
        has_a, has_b = a in gist, b in gist
        if has_a != has_b:
            sides.add((index, 0 if has_a else 1))
    return frozenset(NUMBER_RE.findall(gist)), frozenset(sides)


def _edit_of(comment: Said) -> Edit | None:
    """The comment's exact edit, its quoted words trimmed (a closing 。 inside the quotes, or
    spaces, are no different proposal)."""
    edit = exact_edit(comment.text, comment.original)
    if edit is None:
        return None
    return Edit(edit.kind, _trimmed(edit.old), _trimmed(edit.new))


def _trimmed(words: str) -> str:
    return words.strip().rstrip("。；;，,、 ").strip()


def _gist(text: str, unit: str = "") -> str:
    """What a comment says, reduced to the characters that carry it: no punctuation or spaces,
    no clause reference, no 建议, no unit speaking of itself by name or as 我市 / 本单位."""
    text = unicodedata.normalize("NFKC", text)
    for name in _names(unit):
        text = text.replace(name, "")
    text = CLAUSE_REF_RE.sub("", text)
    text = SELF_RE.sub("", text)
    text = FILLER_RE.sub("", text)
    for word, same in SAME_WORDS:
        text = text.replace(word, same)
    return NONWORD_RE.sub("", text)


def _names(unit: str) -> list[str]:
    """The unit's name, and its name without 总工会 (延吉市总工会 also says 延吉市)."""
    unit = unicodedata.normalize("NFKC", unit).strip()
    short = SUFFIX_RE.sub("", unit)
    return [n for n in dict.fromkeys((unit, short)) if len(n) >= 2]
