"""Does a message answer this round? Signals, each recorded, weighed to a verdict.

A department's mailbox holds more than replies: a unit's quarterly report (numbered
items full of 建议 and 加强), newsletters, comments on another office's draft (with
their own 第三条), meeting 回执, questions about the deadline. Counting any of them
as a reply drops the unit off the missing list. So every message is weighed:

- for: the draft's title or short name (《意见》, 征求意见稿) in the subject, the cover
  lines, a file name or a document's title line; a reply in the notice's thread;
  quotations of the draft's wording; clause references that fit the draft; the
  notice's vocabulary (修改意见, 反馈, 无意见); a sender from the roster.
- against: another document's title (《……办法（征求意见稿）》); a report, newsletter,
  notice or meeting form by its title; a question with nothing else in it.

A verdict below REPLY_SCORE but above zero is "possible": the clerk confirms it in
the desk, and until then the unit is not counted as replied.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz

from parsers.placing.clauses import squash
from parsers.records import Comment, Draft

Verdict = Literal["reply", "possible", "not"]
REPLY_SCORE = 3
TITLE_MATCH = 75  # rapidfuzz partial_ratio of the title's core words against a line (a word or two differ)
DOC_TYPES = "意见|办法|条例|规定|方案|细则|决定|规划|制度|标准|规则|纲要|意见稿"
_BOOK_TITLE = re.compile(r"《([^《》]{2,80})》")
_ABOUT = re.compile(r"(?:对|关于)(.{4,50}?)(?:（征求意见稿）|\(征求意见稿\))?的(?:修改|反馈)?(?:意见|建议)")
_REPLY_SUBJECT = re.compile(r"^\s*(?:re|回复|答复|回覆|aw|sv)\s*[:：]", re.I)
_VOCABULARY = re.compile(r"修改意见|意见建议|反馈意见|意见反馈|征求意见|无意见|没有意见|修改建议|意见和建议|意见稿|的意见|意见$"
                         r"|[几两三四五六七八九十]点(?:想法|看法|意见|建议)")  # "延大工会的几点想法": comments, in other words
_NOT_A_REPLY_TITLE = re.compile(
    r"简报|工作总结|半年总结|年度总结|季度|月报|周报|汇报材料|工作要点|动态|通讯|快讯|第\s*\d+\s*期|"
    r"会议通知|开会|参会|报名|回执|邀请|培训班|通知|请示|发票|招聘|广告|订阅|活动方案|报价|询价|订单|合同|纪要"
)
# Of these, what a reply's subject ("答复：请核对：…座谈会纪要（初稿）") may answer instead of this round's notice.
_ANSWERS_OTHER_MATTER = frozenset({"纪要", "报名", "参会", "培训班", "邀请", "发票", "报价", "订单", "合同"})
_TO_SUBORDINATES = re.compile(r"^\s*各[^：:。]{1,40}(?:工会|分会|部门|单位|科室|支部)[^：:。]{0,20}[：:]\s*$")
_MEETING_NOTICE = re.compile(r"(?:召开|举办|举行)[^，。,\n]{0,40}?(?:会议|讨论会|座谈会|研讨会|论证会|征求意见会)的?通知|(?:会议|讨论会|座谈会)通知")
# "修改意见见附件", "意见附后": the mail says its comments are in the file.
SEE_ATTACHED_RE = re.compile(r"见附件|附件[^。\n]{0,6}(?:意见|建议)|(?:意见|建议)[^。\n]{0,8}(?:附件|附后)")
# ... or points to the file in other words: the scan, the stamped copy, the form.
_COVER_NOTE = re.compile(SEE_ATTACHED_RE.pattern + r"|附件[^。\n]{0,6}(?:扫描|反馈表)|扫描件|盖章件|照片")
# The sender's words handing comments on to the department: "…的意见转给你们", "现将我会意见报给你部".
_PASSES_ON = re.compile(r"(?:意见|建议)[^。；\n]{0,4}(?:转给|转发给|转交|转报|报给|发给|报送给|送给)(?:你们|你部|贵部|贵会|您|宣教部|州总工会)"
                        r"|现将[^。；\n]{0,24}(?:意见|建议)[^。；\n]{0,4}(?:转给|转发|转报|报给|发给|报送)")
# A unit agreeing with "the draft" in so many words: what a no-comment reply to a consultation says.
_AGREES = re.compile(r"同意(?:该|此|本|这个)(?:稿|文件|意见稿|征求意见稿)|(?:该|此|本)(?:稿|意见稿|征求意见稿)(?:无|没有)(?:修改)?(?:意见|建议)"
                     r"|同意(?:报批|印发|上报|下发|发布|按此稿|按这个稿子)|对(?:文稿|稿子|此稿|本稿)(?:无|没有)")
_RECEIPT = re.compile(r"回执|反馈表|意见表|意见单")
# A subject that is the answer itself: "州交通工会：无意见", "回复：我单位无修改意见".
_NONE_SUBJECT = re.compile(r"^\s*(?:(?:回复|答复|re)\s*[:：]\s*)?[^，。,:：]{0,20}[:：]?\s*(?:无意见|无修改意见|没有意见|没有修改意见|无异议)\s*[。.!！]?\s*$", re.I)
_ABOUT_DRAFT = re.compile(r"意见稿|征求意见|报送修改意见|修改意见的")  # "Re: 意见稿", "回复：关于尽快报送修改意见的提醒": mail about a draft for comment
_QUESTION = re.compile(r"[?？]|请问|能否|可否|是否可以|怎么|如何报送|能不能")


@dataclass(frozen=True)
class Relevance:
    """Which round a message answers (this one or none), how sure, and why.

    :ivar verdict: reply (counts), possible (the clerk decides), not (another matter)
    :ivar score: the signals' weights added up
    :ivar signals: each signal in words, with its weight ("+3 主题含本稿标题")
    """

    verdict: Verdict
    score: int
    signals: tuple[str, ...]

    @property
    def evidence(self) -> str:
        return "；".join(self.signals)


@dataclass(frozen=True)
class Evidence:
    """What a message shows, gathered by parsers.reply for the weighing."""

    subject: str
    cover: str  # the sender's own words outside the comments: greeting, cover note, signature
    file_names: tuple[str, ...]
    doc_titles: tuple[str, ...]  # the first lines of each attachment
    comments: tuple[Comment, ...]
    says_no_comment: bool
    unreadable: bool  # an attachment meant as the reply could not be read
    roster_sender: bool
    in_reply_to_round: bool = False  # In-Reply-To/References name the notice or a reply of this round
    internal: bool = False  # from the department's own organisation, not a roster unit
    other_rounds: tuple[str, ...] = ()  # titles of the other rounds running in the same mailbox
    answers_title: bool = False  # a reply (In-Reply-To) to a mail naming this draft, quoted below
    none_said: str = ""  # the line saying there is no comment ("关于征求意见稿，经我会研究，无修改意见。")


def title_core(title: str) -> str:
    """The words that name this draft: 关于进一步加强和创新延边工会工作的意见（征求意见稿）
    -> 进一步加强和创新延边工会工作 (no 关于, no 的意见, no bracketed note)."""
    core = re.sub(r"[（(][^）)]*[）)]", "", title)
    core = re.sub(r"^关于|(?:的)?(?:" + DOC_TYPES + r")$", "", core.strip())
    return squash(core)


def short_names(title: str) -> tuple[str, ...]:
    """How replies name the draft in short: 《意见》, 《意见（征求意见稿）》, 征求意见稿."""
    found = re.search(r"(" + DOC_TYPES + r")(?:[（(][^）)]*[）)])?$", title.strip())
    kind = found.group(1) if found else "意见"
    return (f"《{kind}》", f"《{kind}（征求意见稿）》", "征求意见稿", "意见稿")


def names_title(text: str, core: str) -> bool:
    """The text names this draft by its title's core words (allowing a word's difference)."""
    squashed = squash(text)
    if not core or len(squashed) < 6:
        return False
    if core in squashed:
        return True
    found = fuzz.partial_ratio_alignment(core, squashed)
    return found is not None and found.score >= TITLE_MATCH and not _other_subject(core, squashed[found.dest_start:found.dest_end])


# What a title may add or change and still be this draft's: a place's or a filler word's characters
# ("延边州工会", "延边的工会"); "延边州女职工工作" names another subject.
_TITLE_FILLER = set("州市县省全各的和与及之等进一步")


def _other_subject(core: str, seen: str) -> bool:
    """The near title puts words of its own where the core has others: two characters or more
    beyond place and filler words (女职工 for 工会)."""
    import difflib

    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, core, seen, autojunk=False).get_opcodes():
        inside = 0 < j1 and j2 < len(seen)  # the window's edges may take in a neighbour's words (关于)
        if op == "insert" and inside and sum(1 for ch in seen[j1:j2] if ch not in _TITLE_FILLER) >= 2:
            return True
        # "吉林省总工会关于进一步加强和创新工会工作的意见": 延边 left out, another body's paper
        # (not at the title's start or end: "职工互助保障活动实施办法" for 延边州职工…, the title shortened)
        if op == "delete" and 0 < i1 and i2 < len(core) and len(_TITLE_GENERIC.sub("", core[i1:i2])) >= 2:
            return True
    return False


# Words a title may drop and still be this draft's ("…和创新延边工作的意见"): the generic ones.
_TITLE_GENERIC = re.compile(r"[工会作进一步加强创新改推全面和与及的之州市县]")


def other_titles(lines: list[str], core: str, draft: Draft) -> list[str]:
    """Titles of other documents a cover line or subject says it comments on."""
    out = []
    names = short_names(draft.title)
    shorts = {squash(s) for s in names}
    cited = _draft_words(draft)
    for line in lines:
        # A name in 《》 is a document's when the line is about a draft; one without (关于X的意见)
        # only when X is called a document ("…管理办法"): "面对面听取职工的意见" names none.
        # A 《name》 inside a comment ("与《劳务派遣暂行规定》衔接") is cited, not commented on: only
        # one the line comments on counts (对《X》, 关于《X》, 《X》的修改意见, 《X（征求意见稿）》) or a
        # title standing alone (a subject, a file name).
        candidates = [(m.group(1), True) for m in _BOOK_TITLE.finditer(line) if _commented_on(line, m)]
        candidates += [(m.group(1), False) for m in _ABOUT.finditer(line)]
        for name, bracketed in candidates:
            name_sq = squash(name)
            if len(name_sq) < 4 or name_sq in shorts or names_title(name, core) or name_sq in cited:
                continue  # 《吉林省企业事业单位民主管理条例》, cited by the draft itself, is no other draft
            if not bracketed and (any(short in name for short in names[:2]) or _THE_DRAFT_BY_ITS_AUTHOR.fullmatch(name.strip())):
                continue  # "对州总工会《意见》的修改意见", "关于州总工会征求意见稿的…": this draft, by its author
            if _shortened(name_sq, core, names[0]):
                continue  # "对工会工作意见稿的意见": this draft by a few of its title's words
            named = re.search(DOC_TYPES, name) if bracketed else re.search(rf"(?:{DOC_TYPES})[》”\s]*$", name)
            if (named or (bracketed and "征求意见稿" in line)) and name.strip("《》 ") not in out:
                out.append(name.strip("《》 "))
    return out


def _shortened(name: str, core: str, short: str) -> bool:
    """The name is this draft's kind of paper (意见) under a run of its title's own words, four
    characters or more: 工会工作意见稿, 延边工会工作意见（征求意见稿）."""
    kind = short.strip("《》")
    stem = re.sub(rf"(?:的)?{kind}(?:稿)?(?:[（(]?征求意见稿[）)]?)?$", "", name)
    return stem != name and len(stem) >= 4 and stem in core


# "州总工会征求意见稿", "你部的征求意见稿": the draft sent out, named by who sent it, no other title.
# "工会意见稿": the same, the union's 意见 in draft, the word 征求 left out.
# (州总, 市总: how offices shorten 州总工会, 市总工会)
_THE_DRAFT_BY_ITS_AUTHOR = re.compile(r"(?:对|就|针对)?(?:[\u4e00-\u9fff]{0,6}(?:总工会|工会|宣教部|宣传教育部)|[\u4e00-\u9fff]{0,4}[州市县省区全]总|你们|你会|贵会|你部|贵部|上级)?的?(?:这份|此次|本次)?(?:征求)?意见稿")


_ON_BEFORE = re.compile(r"(?:对|关于|就|针对|征求)\s*$")
_ON_AFTER = re.compile(r"^\s*(?:[（(]征求意见稿[）)])?\s*(?:的)?\s*(?:修改|反馈)?(?:意见|建议)|^\s*[（(]?征求意见")


def _commented_on(line: str, match: re.Match[str]) -> bool:
    if len(line.strip()) <= len(match.group(0)) + 12:  # a subject or file name that is the title, near enough
        return True
    return bool(_ON_BEFORE.search(line[: match.start()]) or _ON_AFTER.match(line[match.end():]) or "征求意见稿" in match.group(1))


@functools.lru_cache(maxsize=8)
def _draft_words(draft: Draft) -> str:
    """The draft's own text, squashed: the laws and documents it cites are in it."""
    return squash("".join([draft.title, draft.preamble, *(c.text for c in draft.clauses)]))


def judge(evidence: Evidence, draft: Draft) -> Relevance:
    core = title_core(draft.title)
    signals: list[tuple[int, str]] = []
    heads = [evidence.subject, *evidence.file_names, *evidence.doc_titles]
    cover_lines = [ln for ln in evidence.cover.splitlines() if ln.strip()]
    where_title = _first_place(core, evidence, cover_lines)
    others = other_titles([*heads, *cover_lines[:6]], core, draft)
    if where_title == "主题" and _threads_title_only(evidence, others):
        where_title = ""  # "Re: 关于征求《本稿》…的通知" over comments on 《另一办法（征求意见稿）》: the thread's title, not the reply's
    if where_title:
        signals.append((3, f"{where_title}含本稿标题"))
    else:
        signals += _short_name_signals(evidence, heads, draft)
    if evidence.in_reply_to_round:
        signals.append((3, "回复本轮通知的邮件"))
    elif evidence.answers_title:
        signals.append((2, "回复的来信（引在下方）提到本稿标题"))
    elif _REPLY_SUBJECT.match(evidence.subject) and (where_title or _ABOUT_DRAFT.search(evidence.subject)):
        signals.append((1, "主题为回复本轮通知"))
    signals += _comment_signals(evidence.comments)
    if any(_VOCABULARY.search(text) for text in [*heads, *cover_lines[:4]]):
        signals.append((1, "主题或说明中有“修改意见/反馈/无意见”"))
    if evidence.roster_sender:
        signals.append((1, "发件单位在名单中"))
    if evidence.says_no_comment and any(_AGREES.search(text) for text in [*heads, *cover_lines[:6]]):
        signals.append((1, "明确表示同意本稿"))
    if evidence.says_no_comment and _NONE_SUBJECT.match(evidence.subject):
        signals.append((1, "主题即是回复无意见"))
    if evidence.says_no_comment and any(_RECEIPT.search(text) for text in heads):
        signals.append((1, "回执（意见反馈表）写明无意见"))
    named_short = any("提到" in text for _, text in signals)
    if evidence.says_no_comment and not where_title and not named_short and any(s in evidence.none_said for s in short_names(draft.title)[2:]):
        signals.append((2, "说明无意见的一句提到征求意见稿"))  # a fax cover's 备注: "关于征求意见稿，经我会研究，无修改意见"
    if evidence.file_names and _COVER_NOTE.search(evidence.cover):
        signals.append((1, "正文说明意见在附件中"))
    elif evidence.comments and any(_PASSES_ON.search(line) for line in cover_lines[:4]):
        signals.append((1, "正文说明把意见报给本部门"))  # "延吉市第三幼儿园工会的意见转给你们": the comments below
    if others and not where_title:
        signals.append((-8, f"针对的是另一文件《{others[0]}》"))
    other_round = _other_round(evidence, cover_lines) if not where_title else ""
    if other_round and not others:
        signals.append((-8, f"针对的是同时征求意见的另一文件《{other_round}》"))
    signals += _against(evidence, heads, where_title)
    addressed = next((line for line in cover_lines[:4] if _TO_SUBORDINATES.match(line)), "")  # under a 文号 and a title, perhaps
    if addressed:  # "各基层工会：": the unit's own notice to its sub-units
        signals.append((-4, f"写给下属单位（“{addressed.strip()[:20]}”），不是对本稿的回复"))
    meeting = next((m.group(0) for text in heads if (m := _MEETING_NOTICE.search(text))), "")
    if meeting:  # naming this draft, but calling a meeting to discuss it: the unit's own notice
        signals.append((-5, f"是会议通知（“{meeting}”），不是意见"))
    if evidence.internal:
        signals.append((-4, "发件人是本单位内部（同一邮件域名，不在名单中）"))
    asks = next((m.group(0) for line in cover_lines[:8] if (m := _ASKS_US.search(line))), "")
    if asks and not evidence.comments:  # the unit's own consultation, sent to the federation to fill in
        signals.append((-5, f"是向本会征求意见（“{asks}”），不是对本稿的回复"))
    not_ready = next((m.group(0) for line in cover_lines[:8] if (m := _NOT_READY.search(line))), "")
    if not_ready:  # "恳请延至9月30日……附件只是未完成稿，不作为正式意见": the reply is still to come
        signals.append((-4, f"正文说明正式意见尚未报送（“{not_ready}”）"))
    later = next((m.group(0) for line in cover_lines[:8] if (m := _COMES_LATER.search(line))), "")
    if later:  # a question on a clause, the comments to follow the answer
        signals.append((-5, f"正文说明意见在答复后才报送（“{later}”）"))
    score = sum(weight for weight, _ in signals)
    said = bool(evidence.comments) or evidence.says_no_comment
    has_content = said or evidence.unreadable
    # An attachment nobody could read says nothing by itself: being from a roster unit is not
    # enough to make it a possible reply (a unit's calendar invitation, a signed mail).
    least = 1 if said else 2
    verdict: Verdict = "not"
    # a file nobody could read, or no comment found in, from a sender off the roster: the clerk decides
    if has_content and score >= REPLY_SCORE and (said or evidence.roster_sender):
        verdict = "reply"
    elif has_content and score >= least:
        verdict = "possible"
    if verdict == "reply" and evidence.internal and not evidence.roster_sender:
        verdict = "possible"  # a colleague or leader of the department's own body: their view, for the clerk to place
    return Relevance(verdict, score, tuple(f"{w:+d} {text}" for w, text in signals))


# A unit asking the federation for ITS opinions (on the unit's own leadership, work, draft): the
# consultation runs the other way. "请贵会对我公司领导班子提出意见建议", "恳请贵部对我局…提出宝贵意见".
_ASKS_US = re.compile(r"(?:请|恳请|敬请|烦请)贵(?:会|部|单位|委|局|处)[^。；]{0,6}对(?:我|本)(?:公司|单位|局|院|校|会|厂|集团|委|处)"
                      r"[^。；]{0,24}?提(?:出)?(?:宝贵)?(?:意见|建议)")


# Asking for more time, or saying what is attached is not yet the comments; not "按照延期后的时间，现报送".
_NOT_READY = re.compile(r"(?:请求|申请|恳请|希望|能否|可否)[^。；]{0,12}(?:延期|推迟|宽限|延长|延至)"
                        r"|未完成(?:稿|的稿子)|不作为正式(?:意见|稿|报送)|非正式意见|意见(?:还|尚)(?:没有|未)(?:收齐|汇总完|形成)")
# "请帮助解释一下，我们统一认识后再报送修改意见": the comments come once the department answers.
_COMES_LATER = re.compile(r"(?:认识|答复|回复|解释|明确|讨论|研究)(?:以|之)?后再(?:正式)?(?:报送|上报|反馈|提交|报)[^。；]{0,4}(?:修改)?(?:意见|建议)")


def _threads_title_only(evidence: Evidence, others: list[str]) -> bool:
    """This draft's title is only in a reply's subject (Re: the notice), while the sender's own
    words name another draft out for comment (《…办法（征求意见稿）》): an answer to another
    office's consultation sent in this round's thread."""
    return bool(_REPLY_SUBJECT.match(evidence.subject)) and any(re.search(r"征求意见稿|草案|送审稿|讨论稿", o) for o in others) \
        and not evidence.file_names and not evidence.doc_titles


def _first_place(core: str, evidence: Evidence, cover_lines: list[str]) -> str:
    places = [("主题", [evidence.subject]), ("附件名", list(evidence.file_names)),
              ("文档标题", list(evidence.doc_titles)), ("正文", cover_lines[:8])]
    for where, texts in places:
        if any(names_title(t, core) for t in texts):
            return where
    return ""


def _short_name_signals(evidence: Evidence, heads: list[str], draft: Draft) -> list[tuple[int, str]]:
    """《意见》 or 征求意见稿 named in short. With other rounds running, only this draft's own
    kind in book-title marks (《意见》, not 《办法》) says which one; the bare 征求意见稿 fits all."""
    texts = [*heads, evidence.cover]
    mine = short_names(draft.title)
    if not evidence.other_rounds:
        return [(2, "提到《意见》或征求意见稿")] if any(s in t for s in mine for t in texts) else []
    if any(s in t for s in mine[:2] for t in texts):
        return [(2, f"提到{mine[0]}")]
    theirs = {s for title in evidence.other_rounds for s in short_names(title)[:2]} - set(mine)
    named = next((s for s in sorted(theirs) if any(s in t for t in texts)), "")
    if named:
        return [(-3, f"提到的是{named}（另一轮的文件）")]
    return [(1, "提到征求意见稿")] if any(mine[2] in t for t in texts) else []


def _other_round(evidence: Evidence, cover_lines: list[str]) -> str:
    """The title of another round this message names (and this one's it does not)."""
    return next((title for title in evidence.other_rounds if _first_place(title_core(title), evidence, cover_lines)), "")


def _comment_signals(comments: tuple[Comment, ...]) -> list[tuple[int, str]]:
    out = []
    if any("引文" in c.evidence or "原文" in c.evidence for c in comments):
        out.append((2, "意见引用了本稿原文"))
    fitted = [c for c in comments if c.scope in ("clause", "section") and c.confidence >= 0.9]
    if fitted:
        weight = 2 if len(fitted) >= 2 else 1
        out.append((weight, f"{len(fitted)}条意见指向本稿的条款"))
    by_subject = {c.clause for c in comments if c.scope == "clause" and 0.5 <= c.confidence < 0.9}
    if len(by_subject) >= 2 and not fitted:  # "职工书屋那条，建议……": several clauses' subjects, each its own
        out.append((1, f"{len(by_subject)}条意见的内容分别对应本稿不同条款"))
    return out


def _other_matter(title: str) -> str:
    """The word of a title that names another kind of paper (简报, 培训班, 报名…), unless the
    title's words of comment come first: "…征求意见的通知" is ours, "培训班意见反馈表" is not."""
    other = _NOT_A_REPLY_TITLE.search(title)
    ours = _VOCABULARY.search(title)
    return other.group(0) if other and not (ours and ours.start() < other.start()) else ""


# A periodical's subject (工会简报（第9期）): whatever it reports of the draft in its body, it is no reply.
_PERIODICAL = re.compile(r"简报|通讯|快讯|动态|月报|周报|第\s*[0-9一二三四五六七八九十]+\s*期")


def _against(evidence: Evidence, heads: list[str], where_title: str) -> list[tuple[int, str]]:
    out = []
    periodical = _PERIODICAL.search(evidence.subject)
    if periodical and where_title in ("", "正文") and not _REPLY_SUBJECT.match(evidence.subject):
        return [(-5, f"主题是刊物（“{periodical.group(0)}”），正文只是报道")]
    other = _NOT_A_REPLY_TITLE.search(evidence.subject) if _REPLY_SUBJECT.match(evidence.subject) else None
    answered = other.group(0) if other else ""
    if answered in _ANSWERS_OTHER_MATTER and not where_title:
        out.append((-5, f"回复的是其他材料（“{answered}”）"))
    if not where_title and not _REPLY_SUBJECT.match(evidence.subject):
        # a document's title is its first line, if short (its next lines may be comments: "纳入…工作要点")
        named = [evidence.subject, *evidence.file_names, *(t.strip().splitlines()[0] for t in evidence.doc_titles
                                                           if t.strip() and len(t.strip().splitlines()[0]) <= 40)]
        found = next((word for text in named if (word := _other_matter(text))), "")
        if found == "回执" and (any(re.search(r"征求意见|意见反馈|反馈意见|意见回执", text) for text in heads) or evidence.says_no_comment):
            found = ""  # a 征求意见回执表 / 意见反馈回执 is this round's own reply form
        placed = sum(1 for c in evidence.comments if c.scope == "clause")
        if found and placed >= 2 and "修改意见" in evidence.subject:
            found = ""  # "会议纪要第9期" sent as "…会议纪要（修改意见）", its items on clauses: the comments, minuted
        if found:
            out.append((-3, f"标题像是其他材料（“{found}”）"))
    if not evidence.comments and not evidence.says_no_comment and not evidence.unreadable and _QUESTION.search(evidence.cover):
        out.append((-3, "只是提问，没有意见"))
    news = next((m.group(0) for text in [evidence.subject, *evidence.doc_titles, evidence.cover[:200]] if (m := _NEWS.search(text))), "")
    if news and not evidence.comments:  # a report of the unit's meeting on the draft, for the newsletter
        out.append((-5, f"是新闻投稿（“{news}”），不是意见"))
    return out


# A news item sent in for the newsletter ("投稿：…", "本网讯（通讯员 …）").
_NEWS = re.compile(r"^\s*(?:投稿|来稿|供稿|新闻稿|信息稿|稿件)\s*[:：]|本网讯|本报讯|[（(]\s*通讯员")
