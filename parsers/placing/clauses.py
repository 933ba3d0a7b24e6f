"""Which part of the draft a comment is about: resolve a unit's reference.

People point at a clause by number in many dresses (第3条, 第三条, 13条, 第13款,
（十三）, 3、, full-width digits), relative to a section (第三部分第2条), by its
heading, or by quoting the draft's wording. Each resolver returns a Target that
says what matched (`evidence`) and how sure it is (`confidence`).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz

from parsers.comments.numerals import NUM_CLASS, to_int
from parsers.records import Clause, Draft, Section

N = rf"({NUM_CLASS}{{1,4}})"
REVIEW_THRESHOLD = 0.8

# "四、（三）", "三（二）", "第四部分（三）": a section and the item's place within it, outline style.
OUTLINE_RE = re.compile(
    rf"(?<![0-9一二三四五六七八九十])(?:第\s*)?([一二三四五六七八九十]{{1,3}})\s*(?:部分|[、.．])?\s*[(（]\s*([一二三四五六七八九十0-9]{{1,3}})\s*[)）]"
)
RELATIVE_RE = re.compile(rf"第\s*{N}\s*(?:部分|章|大部分|节)\s*(?:的)?\s*第\s*{N}\s*[条款项点]")
# "（三）第2款": a part's numeral in brackets, then the item within it; or clause 3's second
# paragraph, where a draft numbers its clauses （一）（二）. Both readings, for a quote to settle.
PAREN_PART_RE = re.compile(rf"[(（]\s*([一二三四五六七八九十]{{1,3}})\s*[)）]\s*第\s*{N}\s*[条款项点]")
SECTION_RE = re.compile(rf"第\s*{N}\s*(?:部分|章|大部分)")
MULTI_RE = re.compile(rf"第\s*{N}\s*条?\s*(?:[、,，和及与至\n/／;；]\s*第?\s*{N}\s*)+条"  # a cell may list them a line each
                      # "3、4条都涉及……": numbers alone (an item's own marker is cut off before this)
                      r"|(?<![0-9第.、])[0-9]{1,2}\s*(?:[、,，和及与至]\s*[0-9]{1,2}\s*)+条")
ARTICLE_RE = re.compile(rf"第\s*{N}\s*[条款]|(?:意见稿|原稿|原文|文件|稿件)(?:中|的)?第\s*{N}\s*点")  # 意见稿第7点: its 7th clause
BARE_ARTICLE_RE = re.compile(r"(?<![0-9第.%共计有])([0-9]{1,3})\s*条")  # not "共5条": a count
# "第7项": the draft's 7th numbered item, most likely; a draft may also have 项 under its 条, so never sure.
ITEM_ARTICLE_RE = re.compile(rf"第\s*{N}\s*项(?!目)")
# "一是第10点，建议…", "2. 第十二点中…": after the reply's own item marker, 第N点 is the draft's Nth item
ITEM_POINT_RE = re.compile(rf"(?<=[一二三四五六七八九十]是)\s*第\s*{N}\s*点(?!意见)|^\s*(?:[0-9]{{1,2}}\s*[.、．]|[（(]\s*[0-9]{{1,2}}\s*[)）])\s*第\s*{N}\s*点(?!意见)")
CELL_POINT_RE = re.compile(rf"^\s*第\s*{N}\s*点\s*$")  # a 条目 cell "第5点": the draft's item 5
# "十一条：……" opening a line, 第 left out; not "增加一条", "两条" (a count, not a place)
BARE_CN_ARTICLE_RE = re.compile(r"^\s*(?:关于|对)?\s*([一二三四五六七八九]?十[一二三四五六七八九]?|[二三四五六七八九])\s*条\s*[:：，,、]")
# "建议在十二条增加：……", "把十五条里的……": a clause named without 第, where something goes in it.
BARE_CN_PLACE_RE = re.compile(r"(?:在|对|将|把)\s*([一二三四五六七八九]?十[一二三四五六七八九]?|[二三四五六七八九])\s*条\s*"
                              r"(?:中|里|内(?!容)|后面|前面|末尾|结尾|增加|补充|加上|写明|增写)")
ENGLISH_ARTICLE_RE = re.compile(r"(?i)(?<![A-Za-z])(?:art|article)\.?\s*([0-9]{1,3})(?![0-9])")  # "Art. 3", "Article 12"
LEADING_PAREN_RE = re.compile(rf"^\(\s*{N}\s*\)")
LEADING_NUMBER_RE = re.compile(r"^([0-9]{1,3})\s*[、.]?\s*$|^([0-9]{1,3})\s*、")
CELL_NUMERAL_RE = re.compile(r"^\s*([一二三四五六七八九十]{1,3})\s*[、.]?\s*$")
CELL_SECTION_NUMBER_RE = re.compile(r"^([一二三四五六七八九十]{1,3})\s*[、.]\s*([0-9]{1,3})\s*$")
CELL_SECTION_PAREN_RE = re.compile(r"^([一二三四五六七八九十]{1,3})\s*[（(]\s*([0-9]{1,3})\s*[)）]\s*$")  # "二（3）"
GENERAL_RE = re.compile(r"全文|通篇|全篇|整篇|文件标题|文件名称|附则|文中|行文|标点|总体意见|整体意见|总的意见|其他意见|前言|序言|引言|文末|文尾|(?:文件|文稿|正文)(?:的)?(?:最后|末尾|结尾)"
                        # "建议文件出台后配套制定考核细则": what to do once the whole text is issued
                        r"|(?:文件|本意见|该意见|此意见|正式文件)(?:正式)?(?:出台|印发|下发|发布|实施)(?:后|之后|以后)")
QUOTE_RE = re.compile(r"[“\"「『‘]([^“”\"「」『』‘’]{2,200})[”\"」』’]")
PROPOSAL_START_RE = re.compile(r"建议|改为|修改为|增加|补充|删去|删除|调整为|统一为")
_DROP = re.compile(r"[\s\u3000“”‘’\"'「」『』《》〈〉〔〕()（）,，.。、；;:：!！?？…—-]")


@dataclass(frozen=True)
class Target:
    """Where a comment points: a scope, clause and section, with the reason and certainty."""

    scope: str
    clause: int | None
    section: int | None
    confidence: float
    evidence: str

    @property
    def needs_review(self) -> bool:
        return self.confidence < REVIEW_THRESHOLD


def normalize(text: str) -> str:
    """NFKC (full-width digits and brackets to ASCII), for matching only."""
    return unicodedata.normalize("NFKC", text)


@functools.lru_cache(maxsize=4096)
def squash(text: str) -> str:
    """Text with punctuation and spaces removed, for containment tests (cached: the
    draft's clauses are squashed again for every comment)."""
    return _DROP.sub("", normalize(text))


def _clause(draft: Draft, number: int | None, confidence: float, evidence: str) -> Target | None:
    clause = draft.clause(number) if number is not None else None
    if clause is None:
        return None
    return Target("clause", clause.number, clause.section, confidence, evidence)


def _section(draft: Draft, number: int | None, confidence: float, evidence: str) -> Target | None:
    if number is None or draft.section(number) is None:
        return None
    return Target("section", None, number, confidence, evidence)


# "第三部分第2条和第5条": both counted within 三 (the part is written once).
_N_PLAIN = rf"{NUM_CLASS}{{1,4}}"
_RELATIVE_LIST = re.compile(rf"(?P<part>第\s*{_N_PLAIN}\s*(?:部分|章))\s*第\s*{_N_PLAIN}\s*条(?P<more>(?:\s*[、和及与]\s*第\s*{_N_PLAIN}\s*条)+)")


def _each_in_part(match: re.Match[str]) -> str:
    more = re.sub(r"第(?=\s*" + _N_PLAIN + r"\s*条)", lambda _: match["part"] + "第", match["more"])
    return match.group(0)[: match.start("more") - match.start()] + more


def _without_part_titles(text: str, draft: Draft) -> str:
    """"第四部分 提升工会工作能力 第一项", "四、提升工会工作能力 第一条": the part's title, restated
    between the part and the item, set aside (so the item counts within the part, as 第四部分第一项)."""
    for section in draft.sections:
        title = re.escape(normalize(section.title).strip())
        if title:
            text = re.sub(rf"(?:第\s*({_N_PLAIN})\s*部分|(?<![\u4e00-\u9fff0-9])([一二三四五六七八九十]{{1,3}})\s*[、.．])"
                          rf"\s*[“\"「『（(]?\s*{title}\s*[”\"」』）)]?\s*[，,:：]?\s*(?=第)",
                          lambda m: f"第{m.group(1) or m.group(2)}部分", text)
    return _PART_NICKNAME_RE.sub(lambda m: _without_nickname(m, draft), text)


# "第五部分（组织领导）第4项": the part's title shortened in brackets, between the part and the item.
_PART_NICKNAME_RE = re.compile(rf"第\s*(?P<part>{_N_PLAIN})\s*部分\s*[（(“\"「『]\s*(?P<name>[\u4e00-\u9fff]{{2,12}})\s*[）)”\"」』]\s*(?=第)")


def _without_nickname(match: re.Match[str], draft: Draft) -> str:
    """The bracketed words set aside when every character of them is in that part's title."""
    number = to_int(match["part"])
    section = next((s for s in draft.sections if s.number == number), None)
    if section is None or not set(match["name"]) <= set(section.title):
        return match.group(0)
    return f"第{match['part']}部分"


def relative_targets(text: str, draft: Draft, *, cell: bool = False) -> list[list[Target]]:
    """"第三部分第2条" is the 2nd clause of section 三 (global 8). When the number is
    itself a clause inside that section ("第二部分第3条": clause 3 lies in 二), both
    readings are returned, the one counted within the part first (every reply written
    apart counts so: 第二部分第3条 = 5), so a quote can settle it. One list of readings
    for each place named."""
    text = normalize(text).strip()
    pair = (CELL_SECTION_NUMBER_RE.match(text) or CELL_SECTION_PAREN_RE.match(text)) if cell else None
    if pair:  # a reference cell "二、3"
        text = f"第{pair.group(1)}部分第{pair.group(2)}条"
    text = OUTLINE_RE.sub(lambda m: f"第{m.group(1)}部分第{m.group(2)}条", text)
    text = _without_part_titles(text, draft)
    text = _RELATIVE_LIST.sub(_each_in_part, text)
    placed = position_target(text, draft)
    if placed is not None:
        return [[placed]]
    out: list[list[Target]] = []
    for match in RELATIVE_RE.finditer(text):
        section_no, item = to_int(match.group(1)), to_int(match.group(2))
        section = draft.section(section_no) if section_no else None
        said = f"“{match.group(0)}”"
        swapped = draft.section(item) if section is None and item else None
        if swapped is not None and any(c.number == section_no for c in swapped.clauses):
            # 部分 "14" and 条目 "四", typed in each other's column: clause 14 lies in part 四
            out.append([Target("clause", section_no, swapped.number, 0.8, f"{said}：没有第{section_no}部分，第{section_no}条在第{item}部分，似为填反，请核对")])
            continue
        if section is None or item is None:
            continue
        readings = []
        absolute = any(c.number == item for c in section.clauses)
        if 1 <= item <= len(section.clauses):
            clause = section.clauses[item - 1]
            if not absolute or clause.number == item:
                readings.append(Target("clause", clause.number, section.number, 0.93, f"{said}：第{section_no}部分的第{item}条即第{clause.number}条"))
            else:  # counted within the part, as the notice's readers count: clause 3 of the draft lies in 二 too
                readings.append(Target("clause", clause.number, section.number, 0.85,
                                       f"{said}：按第{section_no}部分的第{item}条理解即第{clause.number}条，也可能指全文第{item}条，请核对"))
        if absolute and all(r.clause != item for r in readings):
            readings.append(Target("clause", item, section.number, 0.85, f"{said}：第{item}条本在第{section_no}部分，按全文编号"))
        if readings:
            out.append(readings)
    return out + [readings for match in PAREN_PART_RE.finditer(text) if (readings := _paren_part(match, draft))]


def _paren_part(match: re.Match[str], draft: Draft) -> list[Target]:
    """"（三）第2款": the 2nd clause of part 三, or clause 3 itself; unsure either way."""
    said, first, item = f"“{match.group(0)}”", to_int(match.group(1)) or 0, to_int(match.group(2)) or 0
    section = draft.section(first)
    readings = []
    if section is not None and 1 <= item <= len(section.clauses):
        clause = section.clauses[item - 1]
        readings.append(Target("clause", clause.number, section.number, 0.7,
                               f"{said}：按第{first}部分的第{item}条理解即第{clause.number}条，也可能指第{first}条，请核对"))
    own = _clause(draft, first, 0.7, f"{said}：按第{first}条理解，也可能指第{first}部分的第{item}条，请核对")
    return readings + ([own] if own and all(r.clause != own.clause for r in readings) else [])


# "第二部分最后一条", "第五部分最后一项", "第三部分第一段", "倒数第二条", "第四部分倒数第1条": a clause by its place.
POSITION_RE = re.compile(
    rf"(?:第\s*(?P<section>{NUM_CLASS}{{1,3}})\s*部分\s*(?:的|中的?)?\s*)?"
    rf"(?:(?P<last>最(?:后|末)\s*(?:一|1)?\s*[条项点]|(?<![周期年月始])末\s*[条项])|(?P<first>首\s*[条项])|"
    rf"倒数\s*第\s*(?P<back>{NUM_CLASS}{{1,2}})\s*[条段项点]|"
    rf"第\s*(?P<para>{NUM_CLASS}{{1,2}})\s*段)"
)


PAGE_RE = re.compile(r"(?<![A-Za-z])[Pp]\s*[0-9]{1,3}|第\s*[0-9０-９一二三四五六七八九十]{1,3}\s*页")


def position_target(text: str, draft: Draft) -> Target | None:
    """A clause named by its place: the last of a section, the n-th from the end, the n-th
    paragraph of a section (each clause of the draft is a paragraph)."""
    match = POSITION_RE.search(text)
    if match is None or (PAGE_RE.search(text[:match.start()]) and match.group(0).endswith("段")):
        return None  # "P3倒数第2段", "第3页第2段": a paragraph of the page, not of the draft
    section = draft.section(to_int(match.group("section")) or 0) if match.group("section") else None
    if match.group("section") and section is None:
        return None
    clauses = list(section.clauses) if section else list(draft.clauses)
    if match.group("para"):
        if section is None:
            return None  # "第一段" of the whole text is its preamble, not a clause
        index = (to_int(match.group("para")) or 0) - 1
    elif match.group("back"):
        index = len(clauses) - (to_int(match.group("back")) or 0)
    elif match.group("first"):
        if section is None:
            return None  # "首条" of the whole text is clause 1, named so only beside its part
        index = 0
    else:
        index = len(clauses) - 1
    if not 0 <= index < len(clauses):
        return None
    clause = clauses[index]
    return Target("clause", clause.number, clause.section, 0.9, f"“{match.group(0)}”：即第{clause.number}条")


def number_targets(text: str, draft: Draft, *, cell: bool = False) -> list[Target]:
    """Absolute clause numbers, in text order. In a reference cell a bare number counts too."""
    text = normalize(text).strip()
    multi = MULTI_RE.search(text)
    if multi:
        numbers = [n for n in (to_int(n) for n in re.findall(NUM_CLASS + "{1,4}", multi.group(0))) if n is not None]
        if RANGE_RE.search(multi.group(0)) and len(numbers) == 2 and numbers[0] < numbers[1] <= numbers[0] + 30:
            numbers = list(range(numbers[0], numbers[1] + 1))  # 第十二至十四条: 12, 13 and 14
        part = whole_section(draft, numbers)
        if part is not None:
            return [Target("section", None, part.number, 0.9, f"“{multi.group(0)}”：即第{part.number}部分的全部条款")]
        found = [_clause(draft, n, 0.9, f"“{multi.group(0)}”：一条意见涉及多条") for n in numbers]
        return [t for t in found if t]
    listed = CELL_LIST_RE.fullmatch(text) if cell else None
    if listed:  # a 条款 cell "15、17": the row is about both
        found = [_clause(draft, int(n), 0.9, f"条款栏写“{text}”：一条意见涉及多条") for n in re.findall(r"[0-9]{1,2}", text)]
        return [t for t in found if t]
    inferred = INFERRED_RE.fullmatch(text) if cell else None
    if inferred:  # an item's own number taken for its clause (the numbers jump as a list's do not)
        target = _clause(draft, int(inferred.group(1)), 0.85, f"条目编号{inferred.group(1)}按条款序号理解，请核对")
        return [target] if target else []
    patterns: list[tuple[re.Pattern[str], float]] = [(ARTICLE_RE, 0.95), (BARE_ARTICLE_RE, 0.9), (BARE_CN_ARTICLE_RE, 0.9), (BARE_CN_PLACE_RE, 0.85),
                                                     (ENGLISH_ARTICLE_RE, 0.9), (ITEM_ARTICLE_RE, 0.85), (ITEM_POINT_RE, 0.85)]
    if cell:
        patterns += [(LEADING_PAREN_RE, 0.95), (LEADING_NUMBER_RE, 0.95), (CELL_POINT_RE, 0.85)]
    else:
        patterns += [(LEADING_PAREN_RE, 0.9)]
    hits: list[tuple[int, Target]] = []
    for pattern, confidence in patterns:
        for match in pattern.finditer(text):
            value = next((g for g in match.groups() if g), None)
            target = _clause(draft, to_int(value or ""), confidence, f"“{match.group(0).strip()}”")
            if target:
                hits.append((match.start(), target))
    numeral = CELL_NUMERAL_RE.match(text) if cell and not hits else None
    if numeral and (to_int(numeral.group(1)) or 0) > len(draft.sections):
        # A 条款 cell holding "十" where the draft has five sections: the clause (a section's
        # numeral, 三, is left to section_cell_target)
        target = _clause(draft, to_int(numeral.group(1)), 0.9, f"条款栏写“{numeral.group(0).strip()}”")
        return [target] if target else []
    hits.sort(key=lambda h: h[0])
    if cell:  # a reference cell names only places ("第7条第11条": a scan ran its lines together): each one
        return list({t.clause: t for _, t in hits}.values())
    return [t for _, t in hits[:1]]


CELL_LIST_RE = re.compile(r"[0-9]{1,2}(?:\s*[、,，/和及与;；]\s*[0-9]{1,2})+\s*[、.]?")
INFERRED_RE = re.compile(r"编号([0-9]{1,3})")  # parsers.comments.segment.ITEM_NUMBER: see number_targets
RANGE_RE = re.compile(r"[至到~～]|—|-")


def whole_section(draft: Draft, numbers: list[int]) -> Section | None:
    """The section whose clauses are exactly these (a comment on all of them is on it)."""
    wanted = set(numbers)
    return next((s for s in draft.sections if len(s.clauses) > 1 and {c.number for c in s.clauses} == wanted), None)


def section_target(text: str, draft: Draft) -> Target | None:
    text = normalize(text)
    match = SECTION_RE.search(text)
    if match and not RELATIVE_RE.search(text):
        return _section(draft, to_int(match.group(1)), 0.93, f"“{match.group(0)}”：部分整体")
    return section_title_target(text, draft)


def section_title_target(text: str, draft: Draft) -> Target | None:
    """A section named by its heading as a part ("‘提升工会工作能力’这一部分")."""
    text = normalize(text)
    for section in draft.sections:
        title = squash(section.title)
        # "……这一部分", or a heading of the reply's own: "关于“建立稳定协调的劳动关系”："
        if len(title) >= 4 and re.search(re.escape(section.title) + rf"[”\"’'」』]?\s*(?:{_PART_WORD}|[:：]\s*$)|"
                                           + re.escape(section.title) + r"[”\"’'」』]\s*[:：]", text):
            return Target("section", None, section.number, 0.9, f"部分标题“{section.title}”")
    return _shortened_title_target(text, draft)


_PART_WORD = r"(?:这一?|一)?(?:大?部分|大块|板块)"
_BEFORE_PART = re.compile(rf"(?P<name>[\u4e00-\u9fff]{{4,24}})[”\"’'」』]?\s*(?:的\s*)?{_PART_WORD}")


def _shortened_title_target(text: str, draft: Draft) -> Target | None:
    """A section named by some of its heading's words before 部分 ("关于“组织领导”部分",
    "关于稳定协调劳动关系部分", "工会工作能力这一部分"): the words lie in one section's heading
    alone, whole (four characters or more) or in order making up most of it."""
    for match in _BEFORE_PART.finditer(text):
        run = re.sub(r"(?:这一?|这个|一|的)$", "", match["name"])  # "能力这一部分": 这一 belongs to 部分
        for start in range(len(run) - 3):  # the longest tail of the words that names one section
            name = run[start:]
            found = [s for s in draft.sections if _names_title(name, squash(s.title))]
            if len(found) == 1:
                section = found[0]
                return Target("section", None, section.number, 0.85, f"“{name}”部分：部分标题“{section.title}”")
    return None


def _names_title(name: str, title: str) -> bool:
    if name in title:
        return True
    letters = iter(title)
    in_order = all(ch in letters for ch in name)
    return in_order and len(name) >= 0.7 * len(title)


_SECTION_LEAD = re.compile(r"^\s*第?\s*([一二三四五六七八九十]{1,3})\s*(?:[、.．]|部分)\s*")


def section_cell_target(text: str, draft: Draft) -> Target | None:
    """A reference cell holding a section's heading ("四、提升工会工作能力", "提升工会工作能力")
    or only its numeral ("四、"): that section as a whole."""
    flat = normalize(text).strip()
    lead = _SECTION_LEAD.match(flat)
    body = squash(flat[lead.end():] if lead else flat)
    number = to_int(lead.group(1)) if lead else None
    for section in draft.sections:
        if body and body == squash(section.title) and number in (None, section.number):
            return Target("section", None, section.number, 0.92, f"条款栏写部分标题“{section.title}”")
    named = draft.section(number) if number is not None else None
    if named is not None and len(body) >= 2 and _names_title(body, squash(named.title)):
        # "五、组织领导": the section's numeral and some words of its heading
        return _section(draft, number, 0.9, f"条款栏写“{flat}”：第{number}部分")
    if lead and not body:
        return _section(draft, number, 0.9, f"条款栏写“{flat}”：部分整体")
    return None


def heading_target(text: str, draft: Draft) -> Target | None:
    """A clause named by its heading ("关于'增强基层工会组织活力'")."""
    flat = squash(text)
    best = None
    for clause in draft.clauses:
        heading = squash(clause.heading)
        if 4 <= len(heading) <= 30 and heading in flat:
            if best is None or len(heading) > len(squash(best.heading)):
                best = clause
    if best is None:
        return loose_heading_target(text, draft)
    return Target("clause", best.number, best.section, 0.92, f"条款标题“{best.heading}”")


LOOSE_MENTION_RE = re.compile(r"([\u4e00-\u9fff“”\"]{2,16})(?:那一条|这一条|一条|那条|这条|那一款|条款中|条中|那一段|这一段|一段|那段|这段)")
# "建议在维护劳动经济权益中提出……": a heading shortened, named as the place to write into. Weaker than
# "……那一条" (it may be a phrase of the comment's own), so below the review threshold.
# Also opening the comment: "三是总体要求中建议增加……".
PLACE_MENTION_RE = re.compile(r"(?:(?:在|于|对)|^(?:[一二三四五六七八九十]是|[0-9]{1,2}[.、．])?)([\u4e00-\u9fff]{3,16}?)(?:中|里|部分|一节|方面)[，,]?(?:建议)?"
                              r"(?:提出|增加|补充|写明|明确|加上|加入|增写|强调|体现)")

# "关于总体要求，建议增加……": a heading shortened to its last words, named as the comment's topic.
ABOUT_HEADING_RE = re.compile(r"^\s*(?:[一二三四五六七八九十]是)?(?:关于|对于|针对)\s*([\u4e00-\u9fff]{4,16}?)\s*(?:的问题|问题|方面|部分)?\s*[，,：:]")


def loose_heading_target(text: str, draft: Draft) -> Target | None:
    """"劳模精神那一条", "在维护劳动经济权益中提出": the clause whose heading shares the longest run
    of words with what is named, when that run is long enough and belongs to one heading."""
    flat = normalize(text)
    for pattern, confidence in ((LOOSE_MENTION_RE, 0.85), (PLACE_MENTION_RE, 0.7), (ABOUT_HEADING_RE, 0.75)):
        for match in pattern.finditer(flat):
            named = squash(match.group(1))
            if pattern is ABOUT_HEADING_RE and len(_heading_holders(named, draft)) != 1:
                continue  # "关于X，": X the words of one heading, whole (总体要求), not a topic of the comment's own
            # three characters name a place only as the whole of a word one heading alone holds (农民工部分)
            best = _heading_sharing(named, draft) if len(named) >= 4 else _heading_holding(named, draft)
            if best is not None:
                return Target("clause", best.number, best.section, confidence,
                              f"“{match.group(0)}”近似条款标题“{best.heading}”")
    return None


def _heading_holding(named: str, draft: Draft) -> Clause | None:
    holding = _heading_holders(named, draft)
    return holding[0] if len(holding) == 1 else None


def _heading_holders(named: str, draft: Draft) -> list[Clause]:
    return [c for c in draft.clauses if named in squash(c.heading)]


def _heading_sharing(named: str, draft: Draft) -> Clause | None:
    """The one clause whose heading shares a run of at least 4 characters with `named`, longer
    than any other heading's."""
    scored = [(common_run(named, squash(clause.heading)), clause) for clause in draft.clauses]
    scored.sort(key=lambda s: s[0], reverse=True)
    if scored and scored[0][0] >= 4 and (len(scored) == 1 or scored[1][0] < scored[0][0]):
        return scored[0][1]
    return None


def common_run(a: str, b: str) -> int:
    """The length of the longest run of characters the two share."""
    from difflib import SequenceMatcher

    return SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b)).size


def quotes(text: str) -> list[str]:
    return [m.group(1) for m in QUOTE_RE.finditer(text)]


def clauses_holding(words: str, draft: Draft, section: int | None = None) -> list[Clause]:
    """The clauses (of one section, if given) whose text holds the words, punctuation aside."""
    probe = squash(words)
    return [c for c in draft.clauses if (section is None or c.section == section) and probe in squash(c.text)]


def quote_target(quote: str, draft: Draft, section: int | None = None) -> Target | None:
    """The one clause whose text holds the quoted wording; fuzzily when not verbatim. With a
    section, only its clauses are looked in (the reply named the section)."""
    parts = [squash(p) for p in re.split(r"…+|\.{3,}", quote)]
    parts = [p for p in parts if len(p) >= 4]
    term = squash(quote)
    if not parts and len(term) == 3 and all("\u4e00" <= ch <= "\u9fff" for ch in term):
        parts = [term]  # “娘家人”: a three-character term of the draft, if one clause alone uses it
    if not parts:
        return None
    clauses = [c for c in draft.clauses if section is None or c.section == section]
    exact = [c for c in clauses if all(p in squash(c.text) for p in parts)]
    if len(exact) == 1:
        c = exact[0]
        # A short quote ("助学帮扶") may be a term used elsewhere too: less sure.
        length = sum(map(len, parts))
        confidence = 0.9 if length >= 10 else 0.82 if length >= 4 else 0.75
        return Target("clause", c.number, c.section, confidence, f"引文“{shortened(quote)}”见于第{c.number}条")
    if exact:
        return None
    longest = max(parts, key=len)
    if len(longest) < 8:
        return None
    scored = sorted(
        ((fuzz.partial_ratio(longest, squash(c.text)), c) for c in clauses),
        key=lambda s: s[0],
        reverse=True,
    )
    (score, clause), runner_up = scored[0], scored[1][0] if len(scored) > 1 else 0
    if score >= 85 and score - runner_up >= 8:
        confidence = round(0.5 + (score - 85) / 100, 2)
        return Target("clause", clause.number, clause.section, confidence, f"引文近似第{clause.number}条（相似度{score:.0f}）")
    return None


WHOLE_TEXT_RE = re.compile(r"全文|通篇|全篇|整篇")


def whole_text_first(text: str) -> bool:
    """"建议全文统一使用“X”": the whole text is named before any quote, so the quote
    is a term used throughout, not a place in one clause."""
    match = WHOLE_TEXT_RE.search(text)
    first_quote = QUOTE_RE.search(text)
    if match is None:
        return False
    return first_quote is None or match.start() < first_quote.start()


def general_target(text: str) -> Target | None:
    match = GENERAL_RE.search(text)
    if match:
        return Target("general", None, None, 0.88, f"“{match.group(0)}”：针对全文")
    return None


def shortened(text: str, limit: int = 16) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


# "共收到反馈意见6条", "现提出3条意见", "汇总意见十二条": how many comments there are, not a clause.
COMMENT_COUNT_RE = re.compile(r"(?:共|计|合计|汇总|收到|提出|整理|梳理|形成)[^，。；：:]{0,12}?(?<!第)[0-9０-９一二三四五六七八九十]{1,3}\s*(?:条|点)"
                              r"|(?<!第)[0-9０-９一二三四五六七八九十]{1,3}\s*条(?:修改)?(?:意见|建议)")


# "第一条意见：关于第11条。…": the comment's own count (its first, second…), not clause 1.
# "（以下第三条意见见表）" too; not "对第三条意见如下" (the comments on clause 3).
COMMENT_ORDINAL_RE = re.compile(r"(?<![对于就针])第\s*[一二三四五六七八九十0-9]{1,3}\s*(?:条|点|项)\s*(?:修改)?意见(?=\s*[：:]|见|如下|是|为|[）)])\s*[：:]?")


# "补充意见：第10条建议……": a label over the item, before the place it names.
LEAD_LABEL_RE = re.compile(r"^\s*(?:[\u4e00-\u9fff]{0,6}?(?:补充意见|补充建议|补充)|另外|此外|另|再补充一点|修改意见|具体意见|意见|建议)\s*[:：]\s*")  # "局领导补充：" too


def leading_part(text: str) -> str:
    """The words before the proposal starts: where a unit names what it is talking about."""
    text = LEAD_LABEL_RE.sub("", COMMENT_ORDINAL_RE.sub("", normalize(text)))
    cut = len(text)
    for pattern in (PROPOSAL_START_RE, re.compile(r"[“\"]")):
        match = pattern.search(text)
        if match:
            cut = min(cut, match.start())
    return text[:cut]
