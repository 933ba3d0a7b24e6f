"""Which round a message answers, when one mailbox collects comments on several drafts.

A department runs several rounds at once (the union-work opinions, a mutual-aid scheme, a
competition plan), answered by the same units to the same address, sometimes in one mail
("两个文件的意见一并报送"). Each message is routed before it counts:

1. **Split by names.** When its parts name different rounds (one attachment's name or a body
   heading names one draft's title, another part another's), each round is read with its own
   parts: the named attachments, its section of the body, and the cover words they share.
   A part that names no round goes where its words fit best (see below).
2. **Weighed whole.** Otherwise the message is read against every round and weighed by
   parsers.mail.relevance, which already counts another round's title named against a round. The
   round that alone answers "reply" or "possible" takes it. When several do, the one ahead by
   MARGIN points takes it; when their scores are close, the one whose draft the comments'
   words fit clearly better (FIT_RATIO), else the only one whose roster lists the sender;
   else the message waits for the clerk, listed under each candidate round's name ("可能是对《A》或《B》的回复").

Pure: an Envelope and the rounds in, readings per round out. With one round configured,
route() is read_reply() and nothing else, so a single-round mailbox reads exactly as before.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from parsers.mail.body import split_body
from parsers.comments.numerals import to_int
from parsers.records import Attachment, Comment, Draft, Envelope
from parsers.mail.relevance import names_title, title_core
from parsers.reply import Campaign, Reading, read_reply
from parsers.placing.subjects import bigrams, comment_words

MARGIN = 3  # relevance points by which one round must lead another to take a message alone
FIT_RATIO = 1.5  # the best round's word fit must be this many times the next one's
FIT_GAP = 0.15  # and this much higher (a share of the comments' word pairs)
HEADING_CHARS = 80  # a body line naming a round is a heading of its section, not a sentence
UNDECIDED = "可能是回复，待确认属于哪一轮"  # the kind_reason of a message waiting under several rounds


@dataclass(frozen=True)
class Round:
    """A round as routing sees it: its short name and what a reply to it is read against."""

    name: str
    title: str
    campaign: Campaign


@dataclass(frozen=True)
class Routed:
    """The message as one round reads it, and how routing chose that round."""

    round: str
    reading: Reading
    reason: str
    split: bool = False  # read from its own parts of a message that answers several rounds


@dataclass(frozen=True)
class Routing:
    """Where a message goes.

    :ivar routed: the rounds it answers, each with its reading (empty: a reply to none)
    :ivar candidates: the rounds it may answer when routing could not decide (the clerk picks);
        the reading under each candidate is marked "possible" and names the others
    :ivar unrouted: the reading kept when it answers no round (its unit, attachments, why not)
    """

    routed: tuple[Routed, ...]
    candidates: tuple[str, ...] = ()
    unrouted: Reading | None = None


def route(envelope: Envelope, rounds: Sequence[Round]) -> Routing:
    if len(rounds) == 1:
        only = rounds[0]
        reading = read_reply(envelope, only.campaign)
        if _answers(reading):
            return Routing((Routed(only.name, reading, "唯一的一轮"),))
        return Routing((), unrouted=reading)
    rounds = [_aware(r, rounds) for r in rounds]
    parts = split_by_names(envelope, rounds)
    if len(parts) >= 2:
        return _split(parts, rounds)
    return _weighed(envelope, rounds)


def _aware(this: Round, rounds: Sequence[Round]) -> Round:
    """The round, knowing the titles of the others (named in a message, they count against it)."""
    others = tuple(r.title for r in rounds if r.name != this.name)
    return dataclasses.replace(this, campaign=dataclasses.replace(this.campaign, other_rounds=others))


def _answers(reading: Reading) -> bool:
    """A reply, or a possible one (the clerk decides): either way it is filed under the round."""
    if reading.kind != "ignore":
        return True
    return reading.relevance is not None and reading.relevance.verdict == "possible"


def _score(reading: Reading) -> int:
    return reading.relevance.score if reading.relevance is not None else -100


# --- 1. split by names -------------------------------------------------------------------


def split_by_names(envelope: Envelope, rounds: Sequence[Round]) -> dict[str, Envelope]:
    """Each named round's share of the message, when its parts name at least two rounds: the
    attachments whose names name it, its body section, and what names no round (placed by fit
    in _split). Fewer than two rounds named: {}."""
    cores = {r.name: title_core(r.title) for r in rounds}
    named_files = {id(a): _named(a.filename, cores) for e in [envelope, *envelope.forwarded] for a in e.attachments}
    cover, sections = body_sections(envelope.body_text, cores)
    named = {n for n in named_files.values() if n} | set(sections)
    if len(named) < 2:
        return {}
    out = {}
    for name in [r.name for r in rounds if r.name in named]:
        body = "\n".join(filter(None, [cover, sections.get(name, "")]))
        out[name] = _keep(envelope, body, _goes_with(named_files, name))
    return out


def _goes_with(named_files: dict[int, str | None], name: str) -> Callable[[Attachment], bool]:
    """An attachment goes with a round when its name names that round, or names none."""
    return lambda attachment: named_files.get(id(attachment)) in (name, None)


def _named(text: str, cores: dict[str, str]) -> str | None:
    """The one round a file name or a heading names ("" when it names two: a shared cover)."""
    hits = [name for name, core in cores.items() if names_title(text, core)]
    if len(hits) == 1:
        return hits[0]
    return "" if hits else None


def body_sections(body: str, cores: dict[str, str]) -> tuple[str, dict[str, str]]:
    """The sender's own words cut at headings that name one round ("一、对《……办法》的意见"):
    the cover before the first heading, and each named round's section (a round named twice
    gets both its sections)."""
    own = split_body(body).own
    cover: list[str] = []
    sections: dict[str, list[str]] = {}
    current: str | None = None
    for line in own.splitlines():
        name = _named(line, cores) if len(line.strip()) <= HEADING_CHARS else None
        if name:
            current = name
        if current is None:
            cover.append(line)
        else:
            sections.setdefault(current, []).append(line)
    if len(sections) < 2:
        return body, {}
    return "\n".join(cover), {name: "\n".join(lines) for name, lines in sections.items()}


def _keep(envelope: Envelope, body: str, wanted: Callable[[Attachment], bool]) -> Envelope:
    forwarded = tuple(dataclasses.replace(e, attachments=tuple(a for a in e.attachments if wanted(a)))
                      for e in envelope.forwarded)
    return dataclasses.replace(envelope, body_text=body, forwarded=forwarded,
                               attachments=tuple(a for a in envelope.attachments if wanted(a)))


def _split(parts: dict[str, Envelope], rounds: Sequence[Round]) -> Routing:
    """Each named round read with its share; an attachment that names no round stays only with
    the round its comments fit best."""
    by_name = {r.name: r for r in rounds}
    readings = {name: read_reply(part, by_name[name].campaign) for name, part in parts.items()}
    readings = _unnamed_to_best_fit(readings, {n: by_name[n].campaign.draft for n in readings})
    routed = tuple(Routed(name, reading, "邮件分别针对多个文件，按附件名或正文标题拆分", split=True)
                   for name, reading in readings.items() if _answers(reading))
    if routed:
        return Routing(routed)
    return Routing((), unrouted=next(iter(readings.values())))


def _unnamed_to_best_fit(readings: dict[str, Reading], drafts: dict[str, Draft]) -> dict[str, Reading]:
    """A comment from a part every share carries (an attachment naming no round) is kept by the
    round whose draft its words fit best, and dropped from the others."""
    shared = set.intersection(*({c.source for c in r.comments if c.source != "body"} for r in readings.values()))
    if not shared:
        return readings
    out = dict(readings)
    for source in shared:
        texts = {name: [c.text for c in r.comments if c.source == source] for name, r in readings.items()}
        best = max(drafts, key=lambda name: fit(texts[name], drafts[name]))
        for name, reading in readings.items():
            if name != best:
                kept = tuple(c for c in out[name].comments if c.source != source)
                out[name] = dataclasses.replace(out[name], comments=kept)
    return out


# --- 2. weighed whole ---------------------------------------------------------------------


def _weighed(envelope: Envelope, rounds: Sequence[Round]) -> Routing:
    by_name = {r.name: r for r in rounds}
    readings = {r.name: read_reply(envelope, r.campaign) for r in rounds}
    answering = sorted((n for n, r in readings.items() if _answers(r)), key=lambda n: -_score(readings[n]))
    if not answering:
        best = max(readings, key=lambda n: _score(readings[n]))
        return Routing((), unrouted=readings[best])
    first = answering[0]
    if len(answering) == 1:
        return Routing((Routed(first, readings[first], "只有这一轮的线索"),))
    # A reply citing 第十三条 is not about a draft of ten clauses, whatever else it shares with it.
    fitting = [n for n in answering if not dangling(readings[n].comments, by_name[n].campaign.draft)]
    if fitting and len(fitting) < len(answering):
        answering = fitting
        if len(fitting) == 1:
            only = fitting[0]
            return Routing((Routed(only, readings[only], "其他轮的文件没有意见所引的条款"),))
    first, second = answering[0], answering[1]
    lead = _score(readings[first]) - _score(readings[second])
    if lead >= MARGIN:
        return Routing((Routed(first, readings[first], f"本轮线索比其他轮多{lead}分"),))
    drafts = {r.name: r.campaign.draft for r in rounds}
    fits = {n: fit([c.text for c in readings[n].comments], drafts[n]) for n in answering}
    ranked = sorted(answering, key=lambda n: -fits[n])
    top, runner = fits[ranked[0]], fits[ranked[1]]
    if top >= FIT_RATIO * runner and top - runner >= FIT_GAP:
        why = f"意见用词与本稿吻合度{top:.2f}，高于其他轮（{runner:.2f}）"
        return Routing((Routed(ranked[0], readings[ranked[0]], why),))
    # A unit answers the rounds it was asked in: on one candidate's roster only, it is that one's
    # ("无意见" or a scan nobody can read says nothing else).
    listed = [n for n in answering if readings[n].unit.unit is not None]
    if len(listed) == 1:
        return Routing((Routed(listed[0], readings[listed[0]], "发件单位只在本轮的名单中"),))
    return _undecided(answering, readings, {r.name: r.title for r in rounds})


def _undecided(answering: list[str], readings: dict[str, Reading], titles: dict[str, str]) -> Routing:
    """Filed as a possible reply under each candidate, counted nowhere until the clerk picks."""
    named = "或".join(f"《{titles[n]}》" for n in answering)
    note = f"可能是对{named}的回复，线索相近，请确认属于哪一轮"
    routed = []
    for name in answering:
        reading = readings[name]
        waiting = dataclasses.replace(
            reading, kind="ignore", kind_reason=UNDECIDED, relation=None,
            proposed_kind=reading.proposed_kind or reading.kind,
            review="；".join(filter(None, [reading.review, note])),
        )
        routed.append(Routed(name, waiting, note))
    return Routing(tuple(routed), candidates=tuple(answering))


_CLAUSE_NUMBER = re.compile(r"第\s*([0-9０-９一二三四五六七八九十百]+)\s*条")


def dangling(comments: Sequence[Comment], draft: Draft) -> bool:
    """A comment cites a clause the draft does not have (第十三条 of a ten-clause draft)."""
    last = max((c.number for c in draft.clauses), default=0)
    for comment in comments:
        for found in _CLAUSE_NUMBER.finditer(comment.text):
            number = to_int(found.group(1))
            if number is not None and number > last:
                return True
    return False


# --- word fit ------------------------------------------------------------------------------


def fit(texts: Sequence[str], draft: Draft) -> float:
    """The share of the comments' word pairs (their words of asking cut out) that the draft
    also uses: comments on the union-work draft speak of 职工书屋 and 劳模, those on a mutual-aid
    scheme of 互助金 and 理赔, whatever clause numbers both carry."""
    words = {pair for text in texts for pair in bigrams(comment_words(text))}
    if not words:
        return 0.0
    used = _draft_pairs(draft)
    return sum(1 for pair in words if pair in used) / len(words)


@functools.lru_cache(maxsize=16)
def _draft_pairs(draft: Draft) -> frozenset[str]:
    texts = [draft.title, draft.preamble, *(c.text for c in draft.clauses), *(s.title for s in draft.sections)]
    return frozenset(pair for text in texts for pair in bigrams(text))

