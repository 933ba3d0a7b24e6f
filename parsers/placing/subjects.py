"""Which clause a comment is about by what it talks about, when it names no clause.

"职工书屋应当增加电子阅读设备" names no number, heading or quotation, yet one clause of the
draft speaks of 职工书屋. Each clause (heading and text) is a document; Chinese is cut into
character bigrams (a segmenter such as jieba is a heavy dependency whose dictionary knows
nothing of 劳模工作室 or 安康杯); the comment is scored against every clause by Okapi BM25.
A bigram found in every clause (工会, 职工, 加强) weighs little by its IDF, one found in a single
clause weighs most, and the words of asking (建议, 增加, 明确…) are left out of the comment.

BM25 is written out here (a dozen lines) rather than taken from rank-bm25: that package has had
no release since 2022, and its IDF floors a term found in half the documents or more to zero or
a negative epsilon (dorianbrown/rank_bm25 #39, #26), which in a draft of 18 clauses is most of
the vocabulary. The IDF here is Lucene's, log(1 + (N - n + 0.5) / (n + 0.5)), never negative.

A clause is decided only when it clearly beats the next one (a score ratio) and shares
distinctive terms with the comment (runs of words found in it and in few other clauses). The
confidence is middling, below the review threshold: content is a clue, not a reference. The
evidence names the shared terms so a reader can check.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import re
from collections import Counter
from dataclasses import dataclass

from parsers.placing.clauses import Target, normalize
from parsers.records import Clause, Draft

K1 = 1.2
B = 0.75
# The best clause must score this many times the runner-up, and at least MIN_SCORE.
RATIO = 1.45
CONTESTED_RATIO = 1.6  # when the runner-up shares distinctive terms of its own with the comment
MIN_SCORE = 3.0
# A shared term is distinctive when at most this many clauses hold it; the distinctive terms
# shared with the best clause must come to this many characters (one 4-character term such as
# 职工书屋, or two of 2-3): one short word (大会, 参加) is too thin a clue.
DISTINCT_DF = 2
DISTINCT_CHARS = 4
# A term found in more clauses is still distinctive of the one that uses it at least REPEATED
# times and holds MOSTLY of its uses (农民工 in the clause on migrant workers): it is that clause's subject.
REPEATED = 3
MOSTLY = 0.75
# Two clauses (a comment on an overlap) when the comment says it is about two places, the second
# scores at least this share of the first, both have distinctive terms of their own and the third none.
TWO_SHARE = 0.25
# Measured by bench/subjects.py on 668 clause comments of eight corpora written apart, their
# numbers, quotations and headings cut out: at RATIO 1.6, 37.0% decided, 94.7% of those right;
# at 1.45, 40.3% decided, 94.1% right (the 22 more decided are 86% right, where "general" would
# be right for almost none of them); at 1.3, 92.2%. With 1.6 kept where the runner-up has a
# subject of its own (CONTESTED_RATIO): 39.2% decided, 94.7% right. 138 of 143 right beyond STRONG_RATIO. Both
# confidences stay below the review threshold (0.8): the words are a clue, not a reference.
STRONG_RATIO = 2.5
# When the runner-up shares no distinctive term at all (its score is common words), a smaller
# lead does: on 3,310 comments (bench/subjects.py, fresh and office corpora), 1.2 decides 9 more, 8 right.
BARE_RATIO = 1.2
# A shared term this long that one clause alone holds makes the runner-up's subject no contest,
# unless the runner-up alone holds one of DISTINCT_CHARS (日间照料站 and 运营补贴: two subjects):
# on 2,121 comments of 31 corpora (bench/subjects.py), 5 more decided, 4 right; general, none.
OWN_CHARS = 5
CONFIDENCE = 0.65
STRONG_CONFIDENCE = 0.75
TWO_CONFIDENCE = 0.55
# "职代会" for 职工（代表）大会, "工费" no: a word of three or four characters the draft never
# writes, whose characters come in order within one short stretch of the draft (at most
# ABBREVIATION_GAP characters between two), is read as the term it shortens when the draft
# holds one such stretch only. Two-character words are left alone: 加班 would find 加强班组.
ABBREVIATION_CHARS = (4, 3)
ABBREVIATION_GAP = 3

_RUN = re.compile(r"[\u4e00-\u9fff]+|[A-Za-z0-9]+")
# The words of asking and of comment-writing: a comment's, not its subject's. Some are rare in
# a draft (建议, 合并, 规定, 办法) and would otherwise pull the comment towards the clause that has them.
_ASKING = re.compile(
    "建议|意见|增加|补充|修改|修订|删除|删去|去掉|改为|改成|调整|明确|表述|提法|说法|内容|条款|本条|该条|此条|"
    "此处|这里|一句|这句|写进|写入|写明|写清楚|写清|进一步|应当|应该|可以|需要|考虑|认为|我们|我单位|我会|"
    "避免|具体|相关|有关|方面|问题|情况|规定|要求|措施|办法|统一|一致|重复|交叉|合并|两处|范围|适当|"
    "作出|做出|予以|加以|给予|进行|体现|突出|有必要|同时|一并|涉及|安排|比如|例如|的|了|"
    # and of who raised it ("东盛涌镇工会提出" in a 理由 cell)
    "提出|提议|反映|"
    # and of when and how often, which belong to the proposal ("每年开展一次专项行动")
    "每年|每半年|每季度|一次|两次|定期|及时|适时|逐步"
)
TWO_PLACES_RE = re.compile(r"两处|两条|两个地方|重复|交叉|合并|分别|前后|衔接|都(?:讲|提|写|涉及|有)")


@dataclass(frozen=True)
class SubjectIndex:
    """The draft's clauses as BM25 documents of character bigrams."""

    clauses: tuple[Clause, ...]
    flat: tuple[str, ...]  # each clause's text, runs of words only, for finding shared terms
    counts: tuple[Counter[str], ...]
    idf: dict[str, float]
    average: float
    whole: str = ""  # every clause's flat text, for writing out abbreviations
    adjacent: frozenset[str] = frozenset()  # every two characters side by side in the draft
    near: frozenset[str] = frozenset()  # every two characters at most ABBREVIATION_GAP apart, in order


@dataclass(frozen=True)
class Match:
    """A clause's BM25 score for a comment, and the distinctive terms they share."""

    clause: Clause
    score: float
    terms: tuple[str, ...]
    weight: int = 0
    alone: bool = False  # the comment names a short term only this clause holds (疗休养, 安康杯)


# "职工（代表）大会": a word with an optional middle in brackets is one word (职工代表大会, as the
# comments write it and as 职代会 is written out), not three runs that share no term with it.
_OPTIONAL_MIDDLE = re.compile(r"(?<=[\u4e00-\u9fff])\(([\u4e00-\u9fff]{1,4})\)(?=[\u4e00-\u9fff])")


def _words(text: str) -> str:
    """NFKC, with a bracketed middle of a word read into it."""
    return _OPTIONAL_MIDDLE.sub(r"\1", normalize(text))


def bigrams(text: str) -> list[str]:
    """Character bigrams of each run of hanzi; a run of letters or digits ("12351") is one token."""
    out: list[str] = []
    for run in _RUN.findall(_words(text)):
        if run.isascii():
            out += [run.lower()] if len(run) >= 2 else []
        else:
            out += [run[i:i + 2] for i in range(len(run) - 1)]
    return out


def _flat(text: str) -> str:
    return "|".join(_RUN.findall(_words(text)))


@functools.lru_cache(maxsize=8)
def subject_index(draft: Draft) -> SubjectIndex:
    clauses = draft.clauses
    counts = tuple(Counter(bigrams(c.text)) for c in clauses)
    n = len(clauses)
    df = Counter(term for count in counts for term in count)
    idf = {term: math.log(1 + (n - k + 0.5) / (k + 0.5)) for term, k in df.items()}
    average = sum(sum(c.values()) for c in counts) / max(n, 1)
    flat = tuple(_flat(c.text) for c in clauses)
    whole = "|".join(flat)
    adjacent = frozenset(whole[i:i + 2] for i in range(len(whole) - 1))
    near = frozenset(whole[i] + whole[j] for i in range(len(whole)) for j in range(i + 1, min(i + 2 + ABBREVIATION_GAP, len(whole))))
    return SubjectIndex(clauses, flat, counts, idf, average, whole, adjacent, near)


def _score(index: SubjectIndex, query: set[str], i: int) -> float:
    count = index.counts[i]
    length = sum(count.values())
    score = 0.0
    for term in query:
        tf = count.get(term, 0)
        if tf:
            score += index.idf[term] * tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / index.average))
    return score


def comment_words(text: str) -> str:
    """The comment with its words of asking cut out (each leaves a break, so no bigram spans it)."""
    return _ASKING.sub("|", _words(text))


def shared_terms(words: str, index: SubjectIndex, i: int) -> tuple[str, ...]:
    """The longest runs of the comment's words found in clause i that are distinctive of it,
    longest first: "劳模工作室", not "劳模" and "工作"."""
    flat = index.flat[i]
    terms: list[str] = []
    for run in _RUN.findall(words):
        start = 0
        while start < len(run) - 1:
            end = start + 2
            while end <= len(run) and run[start:end] in flat:
                end += 1
            term = run[start:end - 1]
            if len(term) >= 2 and _distinctive(term, index, i):
                terms.append(term)
            start = end - 1 if len(term) >= 2 else start + 1
    return tuple(sorted(dict.fromkeys(terms), key=len, reverse=True))


def _distinctive(term: str, index: SubjectIndex, i: int) -> bool:
    """Few clauses hold it, or this clause holds most of its uses (农民工: 18 of 20 in one clause)."""
    counts = [f.count(term) for f in index.flat]
    held = sum(1 for c in counts if c)
    return held <= DISTINCT_DF or (counts[i] >= REPEATED and counts[i] >= MOSTLY * sum(counts))


# A three-character term alone is enough when one clause alone holds it and it ends a run of the
# comment's words: on 5,506 comments (bench/subjects.py), 12 more decided, 11 right (疗休养, 安康杯,
# 合理化, 小三级); one that starts with a joining word is a fragment ("等部门", "为实现").
_FRAGMENT_START = "等和与及或在为对把将被从向"


def _named_alone(terms: tuple[str, ...], words: str, index: SubjectIndex) -> bool:
    """A three-character term one clause alone holds, ending a run of the comment's words
    ("安排疗休养", "合理化|建议") or a word the draft sets apart (its “小三级”), not a piece
    across two words ("等服务行业")."""
    return any(len(t) == 3 and t[0] not in _FRAGMENT_START and sum(t in f for f in index.flat) == 1
               and (re.search(re.escape(t) + r"(?![\u4e00-\u9fff])", words) or _set_apart(t, index)) for t in terms)


def _set_apart(term: str, index: SubjectIndex) -> bool:
    """The draft writes the term as a run of its own, between quotation marks or stops."""
    return re.search(rf"(?:^|\|){re.escape(term)}(?:\||$)", index.whole) is not None


def _weight(terms: tuple[str, ...], index: SubjectIndex, i: int) -> int:
    """How much the distinctive terms say: their characters, and a term the clause keeps
    returning to (劳模, 农民工) counts as enough on its own."""
    return sum(len(t) + (DISTINCT_CHARS if index.flat[i].count(t) >= REPEATED else 0) for t in terms)


def expand_abbreviations(words: str, index: SubjectIndex) -> str:
    """The comment's words with each abbreviation written out as the draft writes it."""
    return _RUN.sub(lambda run: "".join(long for _, long in _expand_run(run.group(), index)), words)


def abbreviations(text: str, draft: Draft) -> list[tuple[str, str]]:
    """(abbreviation, the draft's term) for each the comment uses: 职代会 -> 职工代表大会."""
    index = subject_index(draft)
    return [(short, long) for run in _RUN.findall(comment_words(text)) for short, long in _expand_run(run, index) if short != long]


def _expand_run(run: str, index: SubjectIndex) -> list[tuple[str, str]]:
    """The run in pieces, each (as written, as the draft writes it)."""
    out, start = [], 0
    while start < len(run):
        for size in ABBREVIATION_CHARS:
            short = run[start:start + size]
            if len(short) == size and _may_shorten(short, index):
                long = _written_out(short, index.whole)
                if long:
                    out.append((short, long))
                    start += size
                    break
        else:
            out.append((run[start], run[start]))
            start += 1
    return out


def _may_shorten(short: str, index: SubjectIndex) -> bool:
    """Hanzi whose neighbours stand near each other in the draft, never side by side: 州总工会
    and 医务人员 are words the draft joins otherwise (职代会: neither 职代 nor 代会 is the draft's)."""
    pairs = [short[i:i + 2] for i in range(len(short) - 1)]
    return (all("\u4e00" <= ch <= "\u9fff" for ch in short) and not any(p in index.adjacent for p in pairs)
            and all(p in index.near for p in pairs))


@functools.lru_cache(maxsize=4096)
def _written_out(short: str, whole: str) -> str | None:
    gap = f"[\u4e00-\u9fff|]{{0,{ABBREVIATION_GAP}}}?"
    pattern = re.compile(gap.join(re.escape(ch) for ch in short))
    found = Counter(m.group() for m in pattern.finditer(whole))
    # One stretch, and one the draft uses again: a term, not characters met by chance.
    return next(iter(found)).replace("|", "") if len(found) == 1 and sum(found.values()) >= 2 else None


def rank(text: str, draft: Draft) -> list[Match]:
    """Every clause by its BM25 score for the comment, best first (shared terms for the first three)."""
    index = subject_index(draft)
    words = expand_abbreviations(comment_words(text), index)
    query = set(bigrams(words))
    scored = sorted(((_score(index, query, i), i) for i in range(len(index.clauses))), reverse=True)
    out = []
    for place, (score, i) in enumerate(scored):
        # Only the first three are ever weighed (best, runner-up, third): the rest need no terms.
        terms = shared_terms(words, index, i) if score and place < 3 else ()
        out.append(Match(index.clauses[i], score, terms, _weight(terms, index, i), _named_alone(terms, words, index)))
    return out


# "关于职工疗休养，建议……": the writer names the subject before the proposal. Its words alone
# decide when they point to one clause, even by a single 3-character term (疗休养); the
# proposal's own words (一定比例, 参加) may belong to another clause's wording.
TOPIC_RE = re.compile(r"^\s*(?:关于|对于|针对|就)\s*(?P<topic>[^，,：:。；;“”\"]{2,24}?)\s*(?:的问题|问题|方面|的内容|内容|部分)?\s*[，,：:。]")
TOPIC_CHARS = 3
# "外出务工人员维权方面，建议……": the same, named by the area it is in, without 关于.
TOPIC_AREA_RE = re.compile(r"^\s*(?P<topic>[^，,：:。；;“”\"]{3,16}?)\s*(?:方面|的问题|问题|领域|的建设|的管理)\s*[，,：:]")
# "在劳动竞赛中增加导游技能大赛": the place the proposal goes in.
PLACE_TOPIC_RE = re.compile(r"^\s*(?:建议)?在(?P<topic>[\u4e00-\u9fff]{2,12}?)(?:工作)?(?:中|里|方面)(?:建议)?"
                            r"(?:增加|补充|增设|加入|开展|设立|明确|写入|写进|突出)")
# "二是关于职工疗休养，……", "3.在劳动竞赛中……": the item's own number before the topic.
ENUM_LEAD_RE = re.compile(r"^\s*(?:(?:意见|建议)\s*[一二三四五六七八九十0-9]{1,3}\s*[：:、.．]|[一二三四五六七八九十]{1,3}是|[一二三四五六七八九十]{1,3}\s*[、.．]|[0-9]{1,2}\s*[.、．)）]|[（(]\s*[0-9一二三四五六七八九十]{1,3}\s*[)）])\s*")
# "消防支队工会：职工疗休养建议……": who said it (a unit answering for its members), before the comment.
SPEAKER_RE = re.compile(r"^\s*[\u4e00-\u9fff]{2,14}?(?:工会|委员会|工委|支队|大队|局|院|所|厂|公司|中心|办公室|部)\s*[：:]\s*")
# "职工书屋要向基层班组延伸", "12351热线应与…联动": the sentence's subject, before what it should do.
SUBJECT_RE = re.compile(r"^\s*(?P<topic>[\u4e00-\u9fff0-9A-Za-z（）()]{3,14}?)(?:建设|工作)?(?:应当|应该|应|需要|要|须|建议|不能|不应|不宜|不要|必须)(?![求点素件用急聘届邀对是])")
# "建议把职工疗休养纳入企业年度福利计划": what is to be put somewhere is what the comment is about.
OBJECT_RE = re.compile(r"^\s*(?:[一二三四五六七八九十]是)?(?:建议)?(?:把|将)(?P<topic>[\u4e00-\u9fff]{3,12}?)(?:纳入|列入|写入|写进|作为)")


def subject_targets(text: str, draft: Draft) -> list[Target]:
    """The clause (or, for a comment on an overlap, the two clauses) the comment's words are
    about; [] when no clause clearly stands out."""
    return _with_abbreviations(_subject_targets(text, draft), text, draft)


def _subject_targets(text: str, draft: Draft) -> list[Target]:
    flat = ENUM_LEAD_RE.sub("", normalize(text))
    topic = next((m for t in dict.fromkeys([flat, SPEAKER_RE.sub("", flat)])
                  for pattern in (TOPIC_RE, TOPIC_AREA_RE, SUBJECT_RE, OBJECT_RE, PLACE_TOPIC_RE) if (m := pattern.match(t))), None)
    if topic:
        named = rank(topic["topic"], draft)
        if (len(named) > 1 and named[0].score >= MIN_SCORE and named[0].weight >= TOPIC_CHARS
                and named[0].score >= (BARE_RATIO if _thin(named[1], named[0], draft) else RATIO) * named[1].score):
            whole = _by_all_words(text, draft)  # as sure as the whole comment's words make it, when they agree
            return whole if [t.clause for t in whole] == [named[0].clause.number] else [_target(named[0], CONFIDENCE)]
    return _by_all_words(text, draft)


def _with_abbreviations(targets: list[Target], text: str, draft: Draft) -> list[Target]:
    """The evidence says how an abbreviation was read (“职代会”即“职工代表大会”)."""
    if not targets:
        return targets
    said = "".join(f"（“{short}”即“{long}”）" for short, long in dict.fromkeys(abbreviations(text, draft)))
    return [dataclasses.replace(t, evidence=t.evidence.replace("，请核对", f"{said}，请核对")) for t in targets] if said else targets


def _by_all_words(text: str, draft: Draft) -> list[Target]:
    ranked = rank(text, draft)
    if len(ranked) < 2 or ranked[0].score < MIN_SCORE or not (_enough(ranked[0]) or ranked[0].alone):
        return []
    best, second = ranked[0], ranked[1]
    third_too = len(ranked) > 2 and _enough(ranked[2])
    if (TWO_PLACES_RE.search(text) and second.score >= TWO_SHARE * best.score and _enough(second)
            and not third_too and not set(second.terms) <= set(best.terms)):
        return sorted((_target(m, TWO_CONFIDENCE) for m in (best, second)), key=lambda t: t.clause or 0)
    # The runner-up has a subject of its own, unless only the best holds a long term of the
    # comment's (职工教育经费, where the runner-up shares only 企业工会).
    # A term the third also shares is no subject of the runner-up's own (一线职工, in 4 and 6 alike).
    third_terms = set(ranked[2].terms) if len(ranked) > 2 else set()
    contested = _enough(second) and bool(set(second.terms) - set(best.terms) - third_terms) and not _thin(second, best, draft)
    if contested and _owns(best, draft, OWN_CHARS) and not _owns(second, draft, DISTINCT_CHARS):
        contested = False
    thin = _thin(second, best, draft)
    # a number only the best holds (12351) against a runner-up of common words: the best, however
    # close the scores (a number is one token to BM25, a term of five hanzi four)
    # ... and so does a term of DISTINCT_CHARS the best alone holds (职工书屋 against 流动 of 流动书箱:
    # two characters read out of a longer word)
    owned = _owns_number(best, draft) or _owns(best, draft, DISTINCT_CHARS)
    ratio = CONTESTED_RATIO if contested else (1.0 if thin and owned else BARE_RATIO if thin else RATIO)
    rival = _without_best_terms(second, best, text, draft)
    if best.score >= ratio * rival:
        strong = best.score >= STRONG_RATIO * second.score
        return [_target(best, STRONG_CONFIDENCE if strong else CONFIDENCE)]
    return []


def _without_best_terms(second: Match, best: Match, text: str, draft: Draft) -> float:
    """The runner-up's score without the words of the best's terms it does not hold whole: the
    comment's 劳动竞赛 is one term, and a clause that has only 竞赛 (技能竞赛) matched a piece of it."""
    index = subject_index(draft)
    i = index.clauses.index(second.clause)
    # a term the runner-up holds nearly whole (基层工会 of 基层工会干部) is a subject of its own, as in _own_terms
    pieces = {g for t in best.terms if t not in index.flat[i]
              and all(_short_piece(s, t) for s in second.terms if s in t) for g in bigrams(t)}
    if not pieces:
        return second.score
    return _score(index, set(bigrams(expand_abbreviations(comment_words(text), index))) - pieces, i)


def _thin(second: Match, best: Match, draft: Draft) -> bool:
    """The runner-up shares no distinctive term, or only two-character words (困难, 帮扶; 工程, 竞赛)
    where the best shares a term of DISTINCT_CHARS (困难劳模) or a longer one it alone holds
    (安康杯): its score is common words."""
    own = _own_terms(second, best)
    if not own:
        return True
    flat = subject_index(draft).flat
    return all(len(t) <= 2 for t in own) and any(
        len(t) >= DISTINCT_CHARS or (len(t) >= 3 and sum(t in f for f in flat) == 1) for t in best.terms)


def _own_terms(second: Match, best: Match) -> tuple[str, ...]:
    """The runner-up's terms that are not short pieces of the best's ("法律监督" inside
    "劳动法律监督检查联动": the same words of the comment, read shorter; 基层工会 in 基层工会干部
    is nearly the same word, a subject of its own) nor fragments across two words ("在劳动")."""
    return tuple(t for t in second.terms if not any(_short_piece(t, b) for b in best.terms)
                 and not (len(t) <= 3 and t[0] in _FRAGMENT_START))


def _short_piece(piece: str, term: str) -> bool:
    """A piece of the term at most half its length: the same words read shorter, no subject of its own."""
    return piece in term and 2 * len(piece) <= len(term)


def _owns(match: Match, draft: Draft, chars: int) -> bool:
    """The clause alone holds one of the shared terms of that many characters or more."""
    flat = subject_index(draft).flat
    return any(len(t) >= chars and sum(t in f for f in flat) == 1 for t in match.terms)


def _owns_number(match: Match, draft: Draft) -> bool:
    """The clause alone holds a number of four digits or more the comment names (12351)."""
    flat = subject_index(draft).flat
    return any(t.isdigit() and len(t) >= 4 and sum(t in f for f in flat) == 1 for t in match.terms)


def _enough(match: Match) -> bool:
    return match.weight >= DISTINCT_CHARS


def _target(match: Match, confidence: float) -> Target:
    clause = match.clause
    said = "".join(f"“{t}”" for t in match.terms[:4])
    return Target("clause", clause.number, clause.section, confidence,
                  f"未写条款，内容涉及第{clause.number}条：{said}，请核对")
