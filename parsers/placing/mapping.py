"""Map a Block to the draft: one Comment per clause it addresses.

The order of trust: the reference a unit wrote beside the comment (a table's
条款 cell), then the words before the proposal ("第8条“…”，建议…"), then the
heading it sits under, then quoted original wording, then a clause heading
named in the text, then words meaning the whole text. A number that appears
only inside the proposal ("建议移至第14条") may be a destination, not the
subject: it is used late and flagged for review. Last of all, a comment that
names nothing may still be plainly about one clause's subject
(parsers.placing.subjects): mapped there with a middling confidence, for review.
"""

from __future__ import annotations

import dataclasses
import re

from parsers.placing.clauses import (
    COMMENT_COUNT_RE,
    COMMENT_ORDINAL_RE,
    MULTI_RE,
    RANGE_RE,
    GENERAL_RE,
    ARTICLE_RE,
    OUTLINE_RE,
    PROPOSAL_START_RE,
    QUOTE_RE,
    WHOLE_TEXT_RE,
    RELATIVE_RE,
    SECTION_RE,
    Target,
    clauses_holding,
    common_run,
    general_target,
    heading_target,
    leading_part,
    normalize,
    number_targets,
    quote_target,
    quotes,
    relative_targets,
    squash,
    section_cell_target,
    section_title_target,
    shortened,
    section_target,
    whole_text_first,
)
from parsers.comments.numerals import to_int
from parsers.records import Block, Comment, Draft
from parsers.comments.segment import ITEM_NUMBER, enum_value, strip_enum
from parsers.placing.subjects import STRONG_CONFIDENCE, subject_targets


THIS_SECTION_RE = re.compile(r"^\s*(?:建议)?\s*(?:在)?(?:本|这一?|该|此)部分")
OTHER_LEAD_RE = re.compile(r"^\s*(?:其他|其它)(?:方面|意见|建议|问题)?\s*[:：。.]")


ANCHOR_DOUBTED = 0.7


def resolve(block: Block, draft: Draft) -> list[Target]:
    """Every clause (or the section, or the whole text) the block is about."""
    if block.anchor is not None:
        clause = draft.clause(block.anchor)
        if clause is not None:
            where = {"margin_comment": "批注", "paragraph": "批语"}.get(block.kind, "修订")
            anchored = Target("clause", clause.number, clause.section, 0.95, f"{where}位于原稿第{clause.number}条")
            return [_anchor_against_subject(anchored, block, draft)]
    if not block.ref and re.sub(r"\W", "", block.quote) in GENERAL_CELLS:  # 原文 | 全文: about the whole text
        return [Target("general", None, None, 0.9, f"原文栏写“{block.quote.strip()}”：针对全文")]
    if not block.ref and _whole_by_examples(block.text):
        return [Target("general", None, None, 0.85, "引文仅为举例，建议针对全文")]
    habit = _habit_of_the_text(block, draft) or _first_use(block, draft) or _on_the_title(block, draft)
    if habit is not None:
        return [habit]
    quoted = _quoted_target(block, draft)
    if block.context and (THIS_SECTION_RE.match(block.text) or THIS_SECTION_RE.match(block.ref)
                          or THIS_SECTION_RE.match(leading_part(block.text))):  # "本部分三条的标题体例不一……" under "关于第四部分："
        # the heading above: "关于第四部分：", or the section's own heading restated ("三、建立……")
        section = section_target(block.context, draft) or section_cell_target(block.context, draft)
        if section is not None:
            return [section]
    added = _new_clause_after(block.text, draft)
    if added is not None:
        return [added]
    if OTHER_LEAD_RE.match(strip_enum(block.text)) and not block.ref and not number_targets(block.text, draft):  # "四、其他：……": the reply's own catch-all item
        return [Target("general", None, None, 0.85, "以“其他”起首的意见：针对全文")]
    if _about_the_whole(block, draft):
        return [Target("general", None, None, 0.7, f"在“{block.context}”下，比较各部分：针对全文")]
    respectively = _respectively(block, draft)
    if respectively:
        return respectively
    under_part = _item_under_part(block, draft, quoted)
    if under_part is not None:
        return [under_part]
    for text, cell in ((block.ref, True), (leading_part(block.text), False), (block.context, False)):
        if text:
            found = _explicit(text, draft, quoted, cell=cell, whole=block.text)
            if found and len(found) == 1 and found[0].scope == "section" and not cell:
                # "第四部分“实施倾情帮扶行动”，建议……": the part, then the heading of one of its clauses
                # in the words naming the place, not in the proposal ("第一部分篇幅偏长，建议…重要性和总体要求合并": the part)
                lead = _PLACE_END_RE.split(block.text[:40], maxsplit=1)[0]
                by_heading = (heading_target(lead, draft) or _heading_in_part(lead, draft, found[0].section)
                              or _topic_in_part(lead, draft, found[0].section))
                found = [by_heading] if by_heading is not None and by_heading.section == found[0].section else found
            if found and not cell:
                found = [_proposal_on_the_part(block.text, draft, found[0]) or found[0]] if len(found) == 1 else found
            if found and text == block.context and all(t.scope == "general" for t in found) \
                    and (quoted is not None or number_targets(block.text, draft)):
                # "现提出以下意见（含文字标点）：" over "建议第6条……" or "第1页第12行：“…”，漏了一个顿号":
                # the lead-in names what kind of comments follow; each item says its own place
                continue
            if found:
                return _within_section(block.text, draft, quoted, found) if cell else found
    named = _quoted_reference(block.text, draft, quoted)
    if named:
        return named
    if whole_text_first(block.text):
        return [general_target(block.text)]  # type: ignore[list-item]  # whole_text_first matched, so general_target finds a target
    part = section_title_target(block.text, draft)  # "“发挥工人阶级主力军作用”这一部分": the quote is its title
    if part:
        return [part]
    if quoted:
        return [quoted]
    for finder in (heading_target, section_target):
        target = finder(block.text, draft)
        if target:
            return [target]
    general = general_target(block.text)
    if general and not weak_general(block.text):
        return _term_of_the_text(block.text, draft) or [general]
    late = number_targets(block.text, draft)
    if late and not general:
        into = WRITE_INTO_RE.search(normalize(block.text))
        if into and len(late) == 1:  # "建议在第十四条中写入……": the place to write, not where to move words
            said = "写入该条" if into.group(0).startswith("在") else "建议针对该条"
            return [_weaken(late[0], 0.9, f"“{into.group(0)}”：{said}")]
        return [_weaken(late[0], 0.6, "编号出现在建议内容中，可能是移往的位置")]
    # Last: no reference at all, but the words may be plainly one clause's subject.
    # A reference cell may name the subject too ("劳模工作室" in a 条款 column); the heading above
    # is left out: it is most often the reply's lead-in ("我会认真研究，提出以下意见：").
    words = "。".join(t for t in (block.ref, block.text, block.reason) if t)
    # ... unless it names a topic ("关于劳模工作" over the items): the topic speaks first
    topic = TOPIC_HEADING_RE.match(normalize(block.context))
    by_subject = (subject_targets(f"{topic.group(0)}：{words}", draft) if topic else []) or subject_targets(words, draft)
    if by_subject:
        return by_subject
    if general:
        return [general]
    return [Target("general", None, None, 0.3, "未找到条款线索，暂作总体意见")]


# A heading that names a topic and nothing else: "关于劳模工作", "关于职工服务：".
TOPIC_HEADING_RE = re.compile(r"^\s*(?:关于|对于|针对)\s*[^，,。；;：:“”\"]{2,12}(?=\s*[:：]?\s*$)")


# "文中" and "行文" say "in the text", not "the whole text": "文中“……”一句" is about the place
# quoted, "建议在文中写明职工疗休养" about the clause on 疗休养 when its words say which.
WEAK_GENERAL = ("文中", "行文")


_RESPECTIVELY = re.compile(r"分别|前者|后者")
_PAIRED_ITEMS = re.compile(r"^\s*((?:[（(]\s*[0-9]{1,2}\s*[)）]\s*[、和及与]?\s*){1,3})(?:两条|三条|这两条|各条|两项)")


def _respectively(block: Block, draft: Draft) -> list[Target]:
    """One sentence on two clauses, its proposals given "分别" or "前者……后者……": the clauses
    each of the draft's quotations names, or the items listed at its head ("（3）（4）两条"),
    in order; each clause a comment of its own (map_block gives each its part), for review."""
    text = block.text
    if not _RESPECTIVELY.search(text):
        return []
    numbers: list[int] = []
    listed = _PAIRED_ITEMS.match(text)
    if listed:
        numbers = [int(n) for n in re.findall(r"[0-9]{1,2}", listed.group(1))]
        if block.ref.startswith(ITEM_NUMBER) and (n := to_int(block.ref[len(ITEM_NUMBER):])) is not None:
            numbers = [n, *numbers]  # "（3）" taken as the item's marker, "（4）两条" left in the text
    each = [t for m in _FIRST_NUMBER.finditer(normalize(text)) for t in number_targets(m.group(0), draft) if t.scope == "clause"]
    named = list({t.clause: t for t in each}.values()) if not listed else []
    ranged = (multi := MULTI_RE.search(normalize(text))) is not None and RANGE_RE.search(multi.group(0)) is not None
    if len(named) >= 2 and not ranged:  # "第三条至第六条": a range, read as one  # "第十五条要求“…”，第十六条要求“…”，两处分别改为……": each named clause its comment
        return [Target("clause", t.clause, t.section, 0.85, f"{t.evidence}；一句分别针对多条，请核对") for t in named]
    if not listed and number_targets(text, draft):  # "第十二至十四条分别提出……" is read as a range where it is named
        return []
    found = [c for n in numbers if (c := draft.clause(n)) is not None]
    targets = [Target("clause", c.number, c.section, 0.85, f"“{listed.group(0).strip() if listed else ''}”：一句分别针对多条，请核对")
               for c in found]
    if not targets:
        first: dict[int | None, Target] = {}
        for quote in quotes(text):  # the draft's words quoted, one clause each, in order
            if (target := quote_target(quote, draft)) is not None and target.confidence >= 0.82:
                first.setdefault(target.clause, target)
        targets = [Target("clause", t.clause, t.section, 0.85, f"{t.evidence}；一句分别针对多条，请核对") for t in first.values()]
    return targets if len(targets) >= 2 else []


# Where the words naming a place end: the first comma, colon or full stop outside quotation marks.
_PLACE_END_RE = re.compile(r"(?<![“\"「『])[，,：:。；;](?![^“”]*”)")


# "第1项：建议……" under the heading 一、关于第四部分: the part's first item.
_ITEM_LEAD_RE = re.compile(r"^\s*第\s*(?P<n>[0-9０-９一二三四五六七八九十]{1,3})\s*(?P<word>[项点条])(?!\s*[（(]?\s*(?:部分|章))\s*[:：，,、]")


def _anchor_against_subject(anchored: Target, block: Block, draft: Draft) -> Target:
    """A margin comment whose words are plainly another clause's subject and name no place
    ("同意。另外，农场工会主席的待遇也请一并明确" in a thread on clause 12's 乡镇、街道; the pay of
    chairs is clause 18's): where it sits and what it says disagree, so it goes to review."""
    if block.kind != "margin_comment" or number_targets(block.text, draft) or quotes(block.text):
        return anchored
    said = [t for t in subject_targets(block.text, draft) if t.confidence >= STRONG_CONFIDENCE]
    if len(said) != 1 or said[0].clause == anchored.clause:
        return anchored
    return _weaken(anchored, ANCHOR_DOUBTED, f"但{said[0].evidence.replace('未写条款，', '')}")


def _item_under_part(block: Block, draft: Draft, quoted: Target | None) -> Target | None:
    """An item whose own number is read as its clause ("4." under the heading 第二部分): the
    number counted within the part (its 4th clause) or across the draft (clause 4). A reading
    outside the part is ruled out; the words it quotes choose between two; else, within the
    part (items under part headings count from each part's start), for review."""
    led = _ITEM_LEAD_RE.match(strip_enum(block.text)) if not block.ref else None
    if not (block.ref.startswith(ITEM_NUMBER) or led) or not block.context:
        return None
    part = section_target(block.context, draft)
    number = to_int(led["n"] if led else block.ref[len(ITEM_NUMBER):])
    if led and led["word"] == "条" and part is not None and (clause := draft.clause(number or 0)) and clause.section == part.section:
        return None  # "第13条" under 关于第四部分: the draft's clause 13, as written
    if part is None or part.scope != "section" or number is None or (section := draft.section(part.section or 0)) is None:
        return None
    readings = {c.number: c for c in section.clauses if c.number == number}
    if number <= len(section.clauses):
        within = section.clauses[number - 1]
        readings.setdefault(within.number, within)
    if not readings:
        return None
    where = f"“{block.context.strip()[:12]}”下的第{number}项"
    if quoted is not None and quoted.clause in readings:
        return Target("clause", quoted.clause, section.number, 0.9, f"{where}；{quoted.evidence}")
    if len(readings) == 1:
        (only,) = readings.values()
        return Target("clause", only.number, section.number, 0.85, f"{where}：即第{only.number}条，请核对")
    within = section.clauses[number - 1]
    return Target("clause", within.number, section.number, 0.7, f"{where}：按本部分内序号理解为第{within.number}条（也可能是第{number}条），请核对")


# "在第十一条之后增加一条": a new clause of that clause's section, not a change to the clause.
_NEW_CLAUSE_AFTER = re.compile(r"第\s*([0-9一二三四五六七八九十]{1,3})\s*条\s*(?:之|以)?(?:后|下)(?:面|边)?[，,]?\s*(?:再|另)?(?:增加|新增|增设|增写|补充|加上?)(?:一|1|一个)(?:条|款)")


def _new_clause_after(text: str, draft: Draft) -> Target | None:
    match = _NEW_CLAUSE_AFTER.search(normalize(text))
    clause = draft.clause(to_int(match.group(1)) or 0) if match else None
    if match is None or clause is None:
        return None
    return Target("section", None, clause.section, 0.9, f"“{match.group(0)}”：在第{clause.section}部分新增一条")


# "文中的厂务公开……", "文中提到的职工书屋……": a term of the text, named as the text has it.
IN_THE_TEXT_RE = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[0-9]+[、.．])?\s*文中(?:的|提到的|所说的|讲的|所提的)(?P<what>[\u4e00-\u9fff]{3,12}?)(?:[，,]|对|不|一词|的提法|的说法|应|要|需|建议)")


def weak_general(text: str) -> bool:
    """The only word naming the whole text is a weak one (文中, 行文)."""
    found = {m.group(0) for m in GENERAL_RE.finditer(text)}
    return bool(found) and found <= set(WEAK_GENERAL)


GENERAL_CELLS = {"其他", "其它", "总体", "整体", "全文", "全篇", "通篇", "综合", "总体意见", "其他意见", "文件整体", "通用"}


def _explicit(text: str, draft: Draft, quoted: Target | None, *, cell: bool, whole: str = "") -> list[Target]:
    text = COMMENT_COUNT_RE.sub("", COMMENT_ORDINAL_RE.sub("", text)) if not cell else text  # "以下第三条意见见表", "共收到反馈意见6条": the comments' count
    if cell and re.sub(r"\W", "", text) in GENERAL_CELLS:
        return [Target("general", None, None, 0.9, f"条款栏写“{text.strip()}”：针对全文")]
    if cell:
        heading = section_cell_target(text, draft)
        if heading:
            return [heading]
    places = relative_targets(text, draft, cell=cell)
    if places:
        # "第二部分第四条（加强职工队伍建设）": the clause's heading written beside it settles the count
        named = quoted or (heading if (heading := heading_target(text, draft)) and heading.confidence >= 0.9 else None)
        return [_settle(readings, named, whole or text, draft) for readings in _counted_alike(places)]
    numbers = number_targets(text, draft, cell=cell)
    # the heading may be beside the number in the reference cell itself ("第2条（用劳模精神引领职工群众）")
    titled = (_titled_number(text, draft) or (_titled_number(whole, draft) if whole else None)) if len(numbers) == 1 else None
    if titled is not None and numbers[0].clause != titled.clause:
        return [titled]
    if numbers:
        if len(numbers) == 1 and quoted is not None and not cell and _cited_after(whole or text, numbers[0], quoted):
            return [_weaken(quoted, 0.6, f"写作“第{numbers[0].clause}条”，但紧随其后引的原文见于第{quoted.clause}条，按原文归条，请核对")]
        return [_check(numbers[0], quoted)] if len(numbers) == 1 else numbers
    section, heading = section_target(text, draft), heading_target(text, draft)
    if cell and section and heading and heading.section == section.section and heading.confidence >= 0.9:
        return [heading]  # 部分 "第三部分" beside 条目 "维护和实现好职工的劳动经济权益": that clause of the part
    for target in (section, heading):
        if target:
            return [_quoted_in_section(whole or text, draft, target) or target]
    general = general_target(text)
    if general and quoted and weak_general(text):
        return [quoted]  # "文中“探索建立……制度”一句": the quote is the place
    return (_term_of_the_text(text, draft) or [general]) if general else []


def _term_of_the_text(text: str, draft: Draft) -> list[Target]:
    """"文中的厂务公开对我们不太贴切": the words as the text has them, in the one clause that has them."""
    named = IN_THE_TEXT_RE.match(normalize(text))
    subject = subject_targets(named["what"], draft) if named and not WHOLE_TEXT_RE.search(text) else []
    return subject if len(subject) == 1 else []


# "第1条（完善协调劳动关系工作格局）": a number, then the heading of the clause meant in brackets.
_TITLED_NUMBER_RE = re.compile(r"第\s*([0-9０-９一二三四五六七八九十]{1,3})\s*条\s*[（(]([^（）()]{4,30})[）)]")


def _titled_number(text: str, draft: Draft) -> Target | None:
    """The clause whose heading is written in brackets after the number, when the two disagree:
    the number counted within a part (第三部分 第1条 = clause 7), or an older numbering; the
    heading is the writer's own words for the place."""
    found = _TITLED_NUMBER_RE.search(normalize(text))
    if found is None:
        return None
    heading = heading_target(found.group(2), draft)
    if heading is None or heading.confidence < 0.9 or heading.clause is None:
        return None
    clause = draft.clause(heading.clause)
    section = draft.section(clause.section) if clause else None
    n = to_int(found.group(1))
    within = section is not None and n is not None and 1 <= n <= len(section.clauses) and section.clauses[n - 1].number == heading.clause
    how = f"即第{heading.section}部分的第{n}条" if within else "条号与标题不一致，按标题归条，请核对"
    return Target("clause", heading.clause, heading.section, 0.9 if within else 0.7,
                  f"“{found.group(0)}”：括号中是第{heading.clause}条的标题，{how}")


def _quoted_in_section(text: str, draft: Draft, section: Target) -> Target | None:
    """"第二部分关于“<the draft's words>”的表述，建议……": the section named, then words of one of
    its clauses quoted: that clause (a twin of the words in another section is ruled out)."""
    if section.scope != "section" or section.section is None:
        return None
    for quote in quotes(text):
        found = quote_target(quote, draft, section.section)
        if found is not None and found.confidence >= 0.9:  # ten characters or more: a place, not a term
            return Target("clause", found.clause, found.section, 0.9, f"{section.evidence.split('：')[0]}中，{found.evidence}")
    return None


def _quoted_reference(text: str, draft: Draft, quoted: Target | None) -> list[Target]:
    """A reference written in quotation marks ("关于“四、（三）”，建议…", "“第三条”中"): the words
    are a place in the draft, not its wording."""
    for quote in quotes(text):
        if len(quote) <= 12 and (RELATIVE_RE.search(normalize(quote)) or OUTLINE_RE.search(normalize(quote))
                                 or ARTICLE_RE.search(normalize(quote))):
            found = _explicit(quote, draft, quoted, cell=False)
            if found:
                return found
        # "对“3、”中的劳动竞赛": the draft's item 3 as numbered; not "直接用“1、”不规范" (the numbering's style)
        if ITEM_NUMBER_RE.fullmatch(normalize(quote)) and re.search(f"[“\"]{re.escape(quote)}[”\"]{ITEM_FOLLOWS}", text):
            found = _explicit(quote, draft, quoted, cell=True)
            if found:
                return found
    return []


ITEM_NUMBER_RE = re.compile(r"\s*\d{1,2}\s*[、.]\s*")
ITEM_FOLLOWS = r"\s*(?:中|里|当中|之中|部分|这一?条|一条|条中|项|所述|的内容|提到)"


def _quoted_target(block: Block, draft: Draft) -> Target | None:
    # The 原文 column, the reference column quoting the draft ("“探索推广建立劳模工作室”"), quotes in the text.
    bare_ref = [block.ref] if len(block.ref) >= 6 and not re.search(r"[0-9０-９]|第|部分|全文", block.ref) else []
    # the 原文 line above a rewrite may carry its label and marks: "1. 原文：“落实……培训费”"
    pasted = [block.quote, *quotes(block.quote)] if block.quote else []
    # ... and last, the draft's words quoted on the line the comment answers ("1、“建立和发展职工书屋”" over "建议补充：……")
    for quote in pasted + quotes(block.ref) + bare_ref + quotes(block.text) + _quoted_line(block.context):
        target = quote_target(quote, draft)
        if target:
            return target
    return None


def _quoted_line(line: str) -> list[str]:
    """The draft's words a line above sets out and nothing more ("1、“建立和发展职工书屋”"); a
    lead-in quoting something ("对照“十四五”规划，提出以下意见：") places nothing."""
    said = quotes(line)
    rest = QUOTE_RE.sub("", strip_enum(line)).strip(" ：:，,。.")
    return said if len(said) == 1 and len(rest) <= 4 else []


def _counted_alike(places: list[list[Target]]) -> list[list[Target]]:
    """"第二部分第1条和第3条": where one place can only be counted within its part (clause 1
    is not in 二), the writer counts so in the same breath: the others' within-part reading first."""
    within = [[t for t in readings if "部分的第" in t.evidence] for readings in places]
    if len(places) > 1 and any(len(readings) == 1 and w for readings, w in zip(places, within)):
        return [w + [t for t in readings if t not in w] for readings, w in zip(places, within)]
    return places


def _settle(readings: list[Target], quoted: Target | None, text: str, draft: Draft) -> Target:
    """Of the readings of a relative number, the one the quote confirms; else the one the
    comment's subject is about ("第二部分第4项" and 挡车工 skills contests: the 4th of 二, clause 6,
    on training, not clause 4 on model workers), unsure; else the first."""
    if quoted:
        for reading in readings:
            if reading.clause == quoted.clause:
                return Target(reading.scope, reading.clause, reading.section, 0.97, f"{reading.evidence}；{quoted.evidence}")
    if len(readings) > 1 and quoted is None:
        # a short quotation ("60%") only one reading's clause holds
        held = [r for r in readings if r.clause is not None and (c := draft.clause(r.clause)) is not None
                and any(len(squash(q)) >= 2 and squash(q) in squash(c.text) for q in quotes(text))]
        if len(held) == 1:
            return Target(held[0].scope, held[0].clause, held[0].section, 0.9, f"{held[0].evidence}；引文见于第{held[0].clause}条")
        about = {t.clause: t for t in subject_targets(text, draft)}
        chosen = [r for r in readings if r.clause in about]
        if len(chosen) == 1 and chosen[0] is not readings[0]:
            reading = chosen[0]
            return Target(reading.scope, reading.clause, reading.section, 0.75,
                          f"{reading.evidence}（两种数法，按内容：{about[reading.clause].evidence.split('：', 1)[-1]}）")
    return _check(readings[0], quoted)


# "第16条“落实企业足额提取……”，建议……": the number, then the clause's own words copied as
# what that number is. When the words are another clause's, verbatim, the number is the slip
# (a miscount, an older version's numbering); "建议第16条增加“……”" quotes new words instead.
_FIRST_NUMBER = re.compile(r"第\s*[0-9０-９一二三四五六七八九十]{1,3}\s*[条款]")
_QUOTE_FOLLOWS = re.compile(r"\s*(?:中的?|的|里的?|所述的?|提到的?)?\s*[:：]?\s*[“\"「『]")


def _cited_after(text: str, target: Target, quoted: Target) -> bool:
    """The text's first clause number is followed by a quotation (the one that placed `quoted`)."""
    if target.scope != "clause" or quoted.clause == target.clause or quoted.confidence < 0.9:
        return False
    text = normalize(text)
    first = _FIRST_NUMBER.search(text)
    return first is not None and _QUOTE_FOLLOWS.match(text, first.end()) is not None


_WHOLE_HEADING_RE = re.compile(r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|[0-9]+\s*[、.．])?\s*(?:总体意见|整体意见|总的意见|总体评价|综合意见)\s*[:：]?\s*$")
_SECTION_NUMBER_RE = re.compile(r"第\s*([一二三四五六七八九十0-9]+)\s*(?:部分|章)")


def _about_the_whole(block: Block, draft: Draft) -> bool:
    """Under a 总体意见 heading, a remark weighing several sections against each other
    ("五个部分篇幅不均衡，第四部分和第五部分偏长") is about the whole text, not one section."""
    if block.ref or not _WHOLE_HEADING_RE.match(block.context):
        return False
    named = {m.group(1) for m in _SECTION_NUMBER_RE.finditer(normalize(block.text))}
    return len(named) >= 2 and not number_targets(block.text, draft)


def _within_section(text: str, draft: Draft, quoted: Target | None, found: list[Target]) -> list[Target]:
    """A row of a section ("三、建立稳定协调的劳动关系 | 第8条：……") whose comment opens on a clause
    of that section is that clause's; a clause of another section leaves the row's section. A row
    of several clauses ("第6条 第10条 | 2.第10条：……") whose comment opens on one of them is that one's."""
    several = len(found) >= 2 and all(t.scope == "clause" for t in found)
    if not several and (len(found) != 1 or found[0].scope != "section"):
        return found
    inner = _explicit(leading_part(strip_enum(text)), draft, quoted, cell=False, whole=text)
    if several and inner and {t.clause for t in inner} < {t.clause for t in found}:
        return inner
    if not several and inner and all(t.scope == "clause" and t.section == found[0].section for t in inner):
        return inner
    return found


# "（如“一至两次”与“200人”）", "比如“职工”“员工”混用": the words quoted are examples of a habit
_EXAMPLE_QUOTE_RE = re.compile(r"(?:如|例如|比如|诸如|像|譬如)\s*[:：]?\s*[“\"「『‘]")
_WHOLE_ASK_RE = re.compile(r"全文|通篇|全篇|文中各处|各部分|统稿")


_HABIT_RE = re.compile(r"文中|全文|通篇|各处|写法|称谓|用法")
_CONSISTENT_RE = re.compile(r"统一|不一致|不一|混用|并存|不规范")


def _habit_of_the_text(block: Block, draft: Draft) -> Target | None:
    """"文中“农民工”“外出务工人员”“劳务派遣工”等称谓较多，建议…统一界定", "文中数字写法不统一（“60%”与
    “千分之三”并存）": words quoted from several clauses, a habit of the writing to make consistent,
    no clause named: the whole text."""
    text = normalize(block.text)
    if block.ref or not (_HABIT_RE.search(text) and _CONSISTENT_RE.search(text)) or number_targets(text, draft):
        return None
    asks = PROPOSAL_START_RE.search(text)
    cited = text[: asks.start()] if asks else text  # the words shown, not the words proposed ("统一为“农民工”")
    places = {c.number for q in quotes(cited) if len(squash(q)) >= 2 for c in clauses_holding(q, draft)}
    if len(places) < 2:
        return None
    where = "、".join(f"第{n}条" for n in sorted(places))
    return Target("general", None, None, 0.8, f"引文分见{where}，所说为全文的写法：针对全文")


# "文中“五个延边”首次出现时建议加注释": the place is the first of the words' uses.
FIRST_USE_RE = re.compile(r"(?:首次|第一次|初次|最早)(?:出现|使用|提到|提及|用到)")


def _first_use(block: Block, draft: Draft) -> Target | None:
    """A note for where the quoted words first appear, the text naming no clause: the whole
    text's when it says the words recur (全文多处) or the title or opening paragraph has them
    first; else the clause they first appear in ("建议在“职工（代表）大会”首次出现处加注…": 9)."""
    if not FIRST_USE_RE.search(block.text) or block.ref or number_targets(block.text, draft):
        return None
    for quote in quotes(block.text):
        words = squash(quote)
        holding = clauses_holding(quote, draft) if len(words) >= 2 else []
        if not holding:
            continue
        if RECURS_RE.search(block.text) or words in squash(draft.title) or words in squash(draft.preamble):
            return Target("general", None, None, 0.8, f"“{quote}”首次出现处的写法：针对全文")
        first = holding[0]
        return Target("clause", first.number, first.section, 0.8, f"引文“{quote}”首次出现在第{first.number}条")
    return None


# "全文多处出现", "通篇": the words recur, a rule for the whole text's writing.
# "“职工（代表）大会”等括注较多": words of a kind, many of them, not one place.
RECURS_RE = re.compile(r"全文|通篇|多处|反复出现|多次出现|[”\"]等[^，。；]{0,6}较多")


TITLE_WORD_RE = re.compile(r"(?<![条款项])(?:文件|文稿|全文|本稿)?(?:标题|题目|文件名称|名称)")
TITLE_SHARED_CHARS = 8


def _on_the_title(block: Block, draft: Draft) -> Target | None:
    """"标题建议加上“新形势下”，改为“关于进一步加强和创新新形势下……的意见”": a rewrite of the
    draft's title (the words quoted share a long run with it) is the whole text's."""
    if block.ref or not TITLE_WORD_RE.search(block.text) or number_targets(block.text, draft):
        return None
    title = squash(draft.title)
    for quote in [*quotes(block.text), block.text]:  # the new title quoted, or typed in the line (标题建议改为关于…的意见)
        words = squash(quote)
        # or words of the title quoted after 标题中 ("标题中“延边工会工作”建议改为…"), when no part is named
        within = (len(words) >= 4 and words in title and quote != block.text and section_target(block.text, draft) is None
                  and not any(words in squash(c.heading) for c in draft.clauses)
                  and not any(words in squash(p.title) for p in draft.sections))
        rewrite = common_run(words, title) >= TITLE_SHARED_CHARS
        if rewrite or within:
            said = (f"引文“{shortened(quote)}”{'即' if rewrite else '见于'}文件标题" if quote != block.text
                    else "所写为文件标题的改法")
            return Target("general", None, None, 0.85, f"{said}：针对全文")
    return None


def _the_proposal(text: str) -> str | None:
    """The words from "建议/应当…" on: what the comment asks for, apart from its reasons."""
    start = PROPOSAL_START_RE.search(text)
    return text[start.start():] if start else None


def _whole_by_examples(text: str) -> bool:
    """"文中数字写法不统一（如“一至两次”与“200人”），建议全文按出版物数字用法统一": a habit of the
    whole text, shown by examples; the proposal asks for the whole text. Not one clause's words."""
    text = normalize(text)
    proposal = _the_proposal(text)
    if proposal is None or not _WHOLE_ASK_RE.search(proposal):
        return False
    first = QUOTE_RE.search(text)
    example = _EXAMPLE_QUOTE_RE.search(text)
    return first is not None and example is not None and example.end() - 1 == first.start()


def _proposal_on_the_part(text: str, draft: Draft, found: Target) -> Target | None:
    """"第二部分四条篇幅差别较大，第六条过长，建议第二部分压缩篇幅": the clause is the reason's
    example, the proposal names its part and no clause: the part, for review."""
    if found.scope != "clause":
        return None
    proposal = _the_proposal(normalize(text))
    if proposal is None:
        return None
    part = SECTION_RE.search(proposal)
    if part is None or RELATIVE_RE.search(proposal) or number_targets(proposal, draft):
        return None
    section = section_target(proposal, draft)
    if section is None or section.section != found.section:
        return None
    return Target("section", None, section.section, 0.8,
                  f"{found.evidence}，但建议针对“{part.group(0)}”：部分整体，请核对")


def _check(target: Target, quoted: Target | None) -> Target:
    """A number and a quote that disagree: say so and ask for review."""
    if quoted is None or target.scope != "clause":
        return target
    if quoted.clause == target.clause:
        confidence = min(0.99, target.confidence + 0.03)
        return Target(target.scope, target.clause, target.section, confidence, f"{target.evidence}；{quoted.evidence}")
    return _weaken(target, 0.6, f"但{quoted.evidence}，两者不一致")


_ABOUT_TOPIC_RE = re.compile(r"(?:关于|中的?|有关)([\u4e00-\u9fff、和与及]{5,20}?)(?:的(?:内容|表述|部分|问题))?\s*$")


def _topic_in_part(lead: str, draft: Draft, section: int | None) -> Target | None:
    """"第五部分关于工会组建和会员发展，建议…": the part, then words one of its clauses says (no quote
    marks): that clause, for review."""
    topic = _ABOUT_TOPIC_RE.search(normalize(lead).rstrip("，,：: "))
    if topic is None or section is None:
        return None
    holding = clauses_holding(topic.group(1), draft, section)
    if len(holding) != 1:
        return None
    clause = holding[0]
    return Target("clause", clause.number, clause.section, 0.75, f"第{section}部分中“{topic.group(1)}”见于第{clause.number}条，请核对")


def _heading_in_part(text: str, draft: Draft, section: int | None) -> Target | None:
    """"第一部分“总体要求”中……": words quoted after the part, from the heading of one of its clauses
    alone (加强和创新工会工作的总体要求): that clause, below the confident mark."""
    asks = PROPOSAL_START_RE.search(text)
    said = quotes(text[: asks.start()] if asks else text)  # what is quoted to name the place, not the new words
    if len(said) != 1 or not SECTION_RE.search(text):
        return None  # several things quoted ("“固本强基”“倾情帮扶”…三个行动"), or the part only a range of clauses
    named = {(c, words) for words in (squash(q) for q in said) if len(words) >= 4
             for c in draft.clauses if c.section == section and words in squash(c.heading)}
    if len({c.number for c, _ in named}) != 1:
        return None  # none, or several clauses' headings quoted ("“助推民营经济”“倾情帮扶”等三大行动"): the part
    c, words = next(iter(named))
    return Target("clause", c.number, c.section, 0.85, f"“{words}”是第{section}部分第{c.number}条标题中的词，请核对")


WRITE_INTO_RE = re.compile(r"在\s*第?\s*[0-9０-９一二三四五六七八九十]{1,3}\s*条\s*(?:中|里|内|当中)?\s*"
                           r"(?:写入|写进|增加|补充|加上|加入|增写|写明|明确|体现|强调)"
                           # "一是建议第13条心理咨询服务项目中明确……": the clause the proposal opens on
                           r"|^[^，,。；;]{0,6}?建议\s*(?:在|对|就|将|把)?\s*第\s*[0-9０-９一二三四五六七八九十]{1,3}\s*条")


def _weaken(target: Target, confidence: float, note: str) -> Target:
    return Target(target.scope, target.clause, target.section, min(target.confidence, confidence), f"{target.evidence}；{note}")


# OCR lines read below this confidence hold unsure characters: the comment is never
# "confident", whatever its clause reference says, and goes to review.
OCR_SURE = 0.95
OCR_UNSURE_CONFIDENCE = 0.7


def map_block(block: Block, draft: Draft, source: str) -> list[Comment]:
    pieces = _clause_led_pieces(block, draft)
    if pieces:
        return [c for piece in pieces for c in map_block(dataclasses.replace(block, text=piece), draft, source)]
    targets = [_ocr_checked(t, block.ocr_score) for t in resolve(block, draft)]
    texts = _split_for(block.text, targets) if len(targets) > 1 else [block.text]
    return [
        Comment(
            text=text,
            reason=block.reason,
            clause_ref=block.ref or block.context,
            scope=target.scope,  # type: ignore[arg-type]  # Target.scope is a str holding one of Scope's values
            clause=target.clause,
            section=target.section,
            confidence=round(target.confidence, 2),
            evidence=target.evidence,
            origin=block.origin,
            source=source,
            original=block.quote,
            page=block.page,
            box=block.box,
            ocr_score=block.ocr_score,
            view=block.view,
        )
        for target, text in zip(targets, texts)
    ]


# A sentence opening on its own clause: "第十三条中的送温暖活动，建议……", "另外，建议第十八条写明……".
_CLAUSE_LED_RE = re.compile(r"^\s*(?:另外|此外|同时|还有|再者)?\s*[，,]?\s*(?:建议|希望|请)?\s*(?:在|对|将|把)?\s*"
                            r"第\s*[0-9０-９一二三四五六七八九十百]{1,4}\s*条")


def _clause_led_pieces(block: Block, draft: Draft) -> list[str]:
    """"第十条中的职工疗休养，建议……；第十三条中的送温暖活动，建议……": sentences each opening on
    a clause of its own are that many comments, one for each clause (a cell or paragraph with no
    clause column to say otherwise)."""
    if block.ref or block.anchor is not None:
        return []
    pieces = [p.strip() for p in re.split(r"(?<=[；;。])", block.text) if p.strip()]
    if len(pieces) < 2:
        return []
    numbers = []
    for piece in pieces:
        lead = _CLAUSE_LED_RE.match(normalize(piece))
        found = number_targets(lead.group(0), draft) if lead else []
        if len(found) != 1 or found[0].clause is None:
            return []
        numbers.append(found[0].clause)
    return pieces if len(set(numbers)) == len(numbers) else []


def _ocr_checked(target: Target, score: float | None) -> Target:
    """A comment read off a picture says so; unsure characters send it to review."""
    if score is None:
        return target
    if score < OCR_SURE:
        return _weaken(target, OCR_UNSURE_CONFIDENCE, f"文字由OCR识别，有不确定的字（识别置信度{score:.2f}），请对照原图核对")
    return Target(target.scope, target.clause, target.section, target.confidence, f"{target.evidence}；文字由OCR识别")


def _split_respectively(text: str, count: int) -> list[str] | None:
    """"…，前者……，后者……" for two; "建议分别增加“A”和“B”" for as many quotations after 分别."""
    if count == 2 and "后者" in text:
        at = text.index("后者")
        return [text[:at].rstrip("，,；; "), text[at:]]
    at = text.find("分别")
    after = quotes(text[at:]) if at >= 0 else []
    if len(after) == count:
        head = text[: at + text[at:].index(after[0]) - 1]
        return [f"{head}“{q}”" for q in after]
    return None


def _split_for(text: str, targets: list[Target]) -> list[str]:
    """One text per clause when each clause's number sits in its own sentence; else the
    whole text for each (the evidence already says it is one comment on several)."""
    if "一句分别针对多条" in targets[0].evidence and (apart := _split_respectively(text, len(targets))) is not None:
        return apart
    items = _counted_items(text)
    if len(items) == len(targets) and "一条意见涉及多条" in targets[0].evidence:
        return items  # 条目 "9、10" over "①…；②…": an item each, in order
    parts = [p for p in re.split(r"(?<=[；;。])", text) if p.strip()]
    owners: list[int | None] = []
    for part in parts:
        hits = [i for i, t in enumerate(targets) if t.clause is not None and re.search(rf"(?<![0-9]){t.clause}条", part)]
        owners.append(hits[0] if len(hits) == 1 else None)
    if sorted({o for o in owners if o is not None}) != list(range(len(targets))):
        return _split_at_references(text, targets)
    out = [""] * len(targets)
    current = next(o for o in owners if o is not None)
    for part, owner in zip(parts, owners):
        current = owner if owner is not None else current
        out[current] += part
    return [s.strip() for s in out]


_ITEM_START = re.compile(r"(?:^|(?<=[；;。\s]))\s*(?=[①-⑳]|[（(]\s*[0-9]{1,2}\s*[)）])")


def _counted_items(text: str) -> list[str]:
    """"①…；②…", "（1）…（2）…": the items, when they count up from one; else []."""
    items = [p.strip() for p in _ITEM_START.split(text) if p.strip()]
    values = [enum_value(p) for p in items]
    return items if len(items) >= 2 and values == list(range(1, len(items) + 1)) else []


def _split_at_references(text: str, targets: list[Target]) -> list[str]:
    """"3、4条都涉及……，建议第3条删去……，第4条则……": cut where a clause's number opens a
    clause of the sentence (after a comma or 建议, not "与第4条重复的"); the words before the
    first cut go with it. Each clause once, in order, or the whole text for each."""
    cuts: list[tuple[int, int]] = []
    for i, target in enumerate(targets):
        found = re.search(rf"(?:(?<=[，,；;：:])|建议|另外|而)\s*第\s*{target.clause}\s*条", text) if target.clause else None
        if found is None:
            return [text] * len(targets)
        cuts.append((found.start(), i))
    cuts.sort()
    if [i for _, i in cuts] != list(range(len(targets))):
        return [text] * len(targets)
    starts = [0] + [at for at, _ in cuts[1:]]
    ends = [at for at, _ in cuts[1:]] + [len(text)]
    return [text[a:b].strip() for a, b in zip(starts, ends)]


# "第二部分第3条": the 3rd clause of section 二, or clause 3 (which is in section 二)? One row alone
# cannot say; the document can: a writer who numbers within sections does it in every row.
_PART_PAREN = re.compile(r"^\s*([一二三四五六七八九十]{1,3})\s*[（(]\s*([0-9]{1,2})\s*[)）]\s*$")  # a clause cell "二（3）"
_PART_ITEM = re.compile(r"第?\s*([一二三四五六七八九十]{1,3})\s*部分\s*第?\s*([0-9一二三四五六七八九十]{1,3})\s*[条项点]")


def settle_numbering(comments: list[Comment], draft: Draft) -> list[Comment]:
    """Comments of one source whose "第X部分第N条" could be read either way are read as the
    others are: counted within the section when more of them can only be so (第三部分第3条 where
    clause 3 is not in 三) than through the whole text (第三部分第8条), through it when more can only
    be so; as read alone (within the section, for review) when as many either way."""
    found: dict[int, tuple[int, int]] = {}
    by_source: dict[str, list[int]] = {}
    for i, comment in enumerate(comments):
        match = _PART_ITEM.search(normalize(f"{comment.clause_ref} {comment.text[:40]}")) or _PART_PAREN.match(normalize(comment.clause_ref))
        section, number = (to_int(match.group(1)), to_int(match.group(2))) if match else (None, None)
        if comment.scope == "clause" and section is not None and number is not None:
            found[i] = (section, number)
            by_source.setdefault(comment.source, []).append(i)
    out = list(comments)
    for members in by_source.values():
        readings = {i: _numbering(draft, *found[i]) for i in members}
        within, through = (list(readings.values()).count(way) for way in ("within", "through"))
        if within == through:
            continue  # nothing said how this file counts, or it says both ways alike
        for i in members:
            if readings[i] == "either":
                out[i] = _within(out[i], draft, *found[i]) if within > through else _through(out[i], *found[i])
    return out


# "前一条（工会组织建设）中……": the clause before the one the comment above is about.
_NEIGHBOUR_RE = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[0-9]+[、.．])?\s*(?P<which>前一条|上一条|上条|后一条|下一条|同一条|该条|此条)")
_STEP = {"前一条": -1, "上一条": -1, "上条": -1, "后一条": 1, "下一条": 1, "同一条": 0, "该条": 0, "此条": 0}


def settle_neighbours(comments: list[Comment], draft: Draft) -> list[Comment]:
    """A comment that names its clause only by the one above ("前一条", "下一条", "该条"), in the
    same file and right after a comment on a clause: that clause's neighbour, for review."""
    out = list(comments)
    for i in range(1, len(out)):
        above, comment = out[i - 1], out[i]
        match = _NEIGHBOUR_RE.match(comment.text)
        if match is None or comment.scope == "clause" or above.scope != "clause" or above.clause is None or above.source != comment.source:
            continue
        clause = draft.clause(above.clause + _STEP[match["which"]])
        if clause is not None:
            why = f"“{match['which']}”：上一条意见针对第{above.clause}条，故为第{clause.number}条，请核对"
            out[i] = dataclasses.replace(comment, scope="clause", clause=clause.number, section=clause.section,
                                         confidence=0.85, evidence=why)
    return out


def _numbering(draft: Draft, section: int, number: int) -> str:
    """How "第{section}部分第{number}条" can be read: within the section, through the whole text, either, or neither."""
    part = next((s for s in draft.sections if s.number == section), None)
    if part is None:
        return "neither"
    within = 1 <= number <= len(part.clauses)
    through = any(c.number == number for c in part.clauses)
    return {(True, True): "either", (True, False): "within", (False, True): "through"}.get((within, through), "neither")


def _through(comment: Comment, section: int, number: int) -> Comment:
    why = f"同一文件其他条目按全文编号：第{section}部分第{number}条即全文第{number}条"
    return dataclasses.replace(comment, clause=number, section=section, evidence=why)


def _within(comment: Comment, draft: Draft, section: int, number: int) -> Comment:
    part = next(s for s in draft.sections if s.number == section)
    clause = part.clauses[number - 1]
    why = f"同一文件其他条目按部分内编号：第{section}部分第{number}条即第{clause.number}条"
    return dataclasses.replace(comment, clause=clause.number, section=section, evidence=why)
