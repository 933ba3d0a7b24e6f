"""Read one reply as a clerk would: what kind it is, whose it is, what it says.

Pure: an Envelope, the draft and the roster in; a Reading out. Every attachment
is read on its own, so one that fails is recorded and the rest still count.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

from parsers.files.attachments import Converter, display_name, read_attachments, sniff
from parsers.mail.body import quoted_has_sender, quoted_sender, split_body, unwrap
from parsers.placing.clauses import squash
from parsers.guard import Limits
from parsers.comments.hanzi import Folding, fold
from parsers.placing.mapping import map_block, settle_neighbours, settle_numbering
from parsers.records import AttachmentResult, Block, Comment, Draft, Envelope, Kind, Unit
from parsers.comments.tables import carried_ditto, cell_text, find_header, lines_blocks, says_none, table_blocks
from parsers.mail.relevance import SEE_ATTACHED_RE, Evidence, Relevance, judge, names_title, short_names, title_core
from parsers.comments.segment import CLAUSE_LEAD_RE, SUGGEST_RE, says_no_comment, text_blocks
from parsers.mail.units import ON_BEHALF_ONLY_RE, AnsweredFor, UnitMatch, identify_unit, unit_by_address, unit_by_name, units_answered_for

CORRECTION_RE = re.compile(r"更正|以此件为准|以此为准|以本件为准|以此次为准|以最后一次|重新报送|原件作废|替换前|修正稿"
                           # "请以本邮件为准，上午那封请删除", "重新发送，请用本件覆盖上午那份", "（修改后完整版）"
                           r"|以(?:本|此|这)(?:封|份|版|稿|次)?(?:邮件|件|稿)?为准|重新(?:发送|提交|发)|重发|覆盖|完整版"
                           r"|现将(?:全部|完整)|全部重新|再发一[次遍]"
                           r"|(?:那|上一|前一|上)(?:封|份|次)[^。，,]{0,6}(?:删除|作废|不用|不再)")
SUPPLEMENT_RE = re.compile(r"补充意见|补充以下|补充报送|再补充|追加意见|补报|补发"
                           # one reply sent in parts: "（2/2）", "接上一封", "这是第二封", "第2页", "请与…合并"
                           r"|[（(]\s*[2-9]\s*/\s*[2-9]\s*[）)]|接上一?封|续上一?封|第\s*[二三四2-4]\s*封|[（(]?第\s*[2-9二三四]\s*页[）)]?"
                           r"|请与[^。\n]{0,12}合并|下半部分|后半部分|其余(?:意见|部分)")
# Weaker: what was left out, sent now ("上午发的意见漏了两条，补充如下", a subject "补充：…");
# read after CORRECTION_RE, so "漏了两条，现重新报送，以此件为准" stays a correction.
ADDED_LATER_RE = re.compile(r"^\s*(?:(?:回复|答复|Re|RE|Fw|FW)\s*[:：]\s*)?补充\s*[:：]|补充如下|补充几条|补充一下"
                            r"|漏(?:了|掉|报|发|写)|遗漏|少(?:报|发)了", re.M)


@dataclass(frozen=True)
class Campaign:
    """What a reply is read against."""

    draft: Draft
    roster: list[Unit]
    mailbox: str = ""
    convert: Converter | None = None  # legacy .doc/.wps to .docx or text, supplied by mailbot
    limits: Limits = Limits()
    thread_ids: frozenset[str] = frozenset()  # Message-IDs of the notice (and mail) of this round
    other_rounds: tuple[str, ...] = ()  # titles of the other rounds answered to the same mailbox


@dataclass(frozen=True)
class Reading:
    """What one message is. kind: what it counts as now; relevance: whether it answers this
    round and why; proposed_kind: what a "possible" reply would count as once confirmed."""

    kind: Kind
    kind_reason: str
    unit: UnitMatch
    relation: str | None
    comments: tuple[Comment, ...]
    attachments: tuple[AttachmentResult, ...] = field(default=())
    relevance: Relevance | None = None
    proposed_kind: Kind | None = None
    review: str = ""
    answered_for: tuple[AnsweredFor, ...] = ()  # other roster units this reply sends the comments of


def own_texts(envelope: Envelope) -> tuple[str, str, list[Envelope]]:
    """The sender's own words, an inline forward's sender, and every envelope to read."""
    own, sender, envelopes, _ = _own_and_answered(envelope)
    return own, sender, envelopes


# "县教育工会的意见在下面转发的邮件里": the mail quoted below is a sub-unit's, sent on as part of the reply.
FORWARDS_BELOW_RE = re.compile(r"(?:下面|下方|以下|下文|后面)(?:转发|转来|附)的?(?:邮件|来信|意见)|意见在下面|意见附后|转发如下|见下面(?:的)?(?:邮件|转发)"
                               # a colleague passing a unit's reply on: "转给你，请一并汇总"
                               r"|转(?:发)?给(?:你|您|宣教部|你部)(?!们)|请一并(?:汇总|统计|收录|整理)"
                               # "收到州人社局机关工会的意见（见下），经研究同意报送"
                               r"|意见[^。\n]{0,4}[（(]\s*见下\s*[）)]|意见[^。\n]{0,4}见下(?:方|面)?(?!表)")


# "转发：意见", "Fw: …": the sender says the mail below is sent on, not answered (a QQ mail's 原始邮件 block).
FORWARD_SUBJECT_RE = re.compile(r"^\s*(?:转发|转|fwd?|fw)\s*[:：]", re.I)


def _own_and_answered(envelope: Envelope, mailbox: str = "", roster: list[Unit] | None = None) -> tuple[str, str, list[Envelope], str]:
    """own_texts, and the own words with the quoted lines they answer ("> 11、……" then "本条……");
    with them, the mail quoted below when the sender says it sends that mail's comments on
    (and it is not the department's own notice)."""
    parts = split_body(envelope.body_text)
    if mailbox and parts.forwarded_sender.lower() == mailbox.lower():
        # the department's own notice sent on (to a unit's sub-units, the mailbox in Cc): not the unit's words
        parts = dataclasses.replace(parts, forwarded="", quoted="\n".join(t for t in (parts.forwarded, parts.quoted) if t))
    own = "\n".join(t for t in (parts.own, parts.forwarded) if t)
    answered = "\n".join(t for t in (parts.answered or parts.own, parts.forwarded) if t)
    head = "\n".join(parts.quoted.splitlines()[:8]).lower()
    sender = parts.forwarded_sender
    # under 转发：, a unit's mail below is what it sends on; a colleague's in the department (its own
    # domain) passing a unit's mail on says so in words ("转给你，请一并汇总"), or it is a copy for the record
    # (a roster unit may write from that domain too: an industry union inside the federation's mail)
    colleague = _same_domain(envelope.sender, mailbox) and unit_by_address(envelope.sender, roster or []) is None
    sent_on = FORWARDS_BELOW_RE.search(parts.own) or (
        FORWARD_SUBJECT_RE.match(envelope.subject) and quoted_has_sender(parts.quoted) and not colleague)
    if parts.quoted and sent_on and not (mailbox and mailbox.lower() in head):
        answered += "\n" + "\n".join(ln for ln in parts.quoted.splitlines() if not ln.lstrip().startswith(">"))
        sender = sender or quoted_sender(parts.quoted)  # whose mail it is that is passed on
    for inner in envelope.forwarded:
        inner_parts = split_body(inner.body_text)
        own += "\n" + inner_parts.own
        answered += "\n" + (inner_parts.answered or inner_parts.own)
    return own.strip(), sender, [envelope, *envelope.forwarded], answered.strip()


def read_reply(envelope: Envelope, campaign: Campaign) -> Reading:
    if envelope.auto_submitted:  # an auto-reply, a bounce, a receipt: never a reply, whatever it carries
        unit, _ = _identify(envelope, [envelope], "", "", [], campaign.roster)
        listed = tuple(AttachmentResult(display_name(a.filename or "(无文件名)"), sniff(a.data, a.filename), "skipped",
                                        error="自动回复、退信或回执中的附件，未读取") for a in envelope.attachments)
        return Reading("ignore", "自动回复、退信、回执或群发邮件", unit, None, (), listed)
    return _read(envelope, campaign)


def _read(envelope: Envelope, campaign: Campaign) -> Reading:
    own, inline_sender, envelopes, answered = _own_and_answered(envelope, campaign.mailbox, campaign.roster)
    own = own[: campaign.limits.body_chars]  # a 10 MB body is read up to the limit (the message notes it)
    answered = answered[: campaign.limits.body_chars]
    results = [
        r for e in envelopes for a in e.attachments
        for r in read_attachments(a, campaign.draft, campaign.convert, limits=campaign.limits)
    ]
    shown = results
    folding = Folding.of([envelope.subject, envelope.sender_name, own, *(r.text for r in results)])
    if folding is not None:  # a reply in traditional characters is read in simplified ones
        envelope = dataclasses.replace(envelope, subject=fold(envelope.subject), sender_name=fold(envelope.sender_name))
        own, answered, results = fold(own), fold(answered), [folding.result(r) for r in results]
    results = [_set_aside_if_other_paper(r, campaign.draft) for r in results]
    comments: list[Comment] = []
    for block in body_blocks(answered.splitlines()):
        comments += map_block(block, campaign.draft, "body")
    above = ""  # the clause of the last table row read, for a 同上 opening the next picture's table
    for result in results:
        blocks, above = carried_ditto(result.blocks, above)
        for block in blocks:
            comments += map_block(block, campaign.draft, result.filename)
    if not comments:  # the comments typed into the subject line, the body a phone's signature only
        for block in subject_blocks(envelope.subject):
            comments += map_block(block, campaign.draft, "subject")
    comments = once_each(settle_neighbours(settle_numbering(comments, campaign.draft), campaign.draft))
    unit, doubt = _identify(envelope, envelopes, inline_sender, own, results, campaign.roster)
    kind, reason = classify(envelope, campaign, comments, own, results)
    relevance = None
    if kind != "ignore" or _unreadable(results) or _not_understood(results, comments, own):
        relevance = judge(_evidence(envelope, own, results, comments, unit, campaign), campaign.draft)
    if folding is not None:  # ... and its comments keep the writer's characters
        comments = [folding.comment(c) for c in comments]
    reading = _decided(envelope, own, unit, kind, reason, comments, shown, relevance)
    counted = reading.kind != "ignore" or (reading.relevance is not None and reading.relevance.verdict == "possible")
    if doubt and counted:
        reading = dataclasses.replace(reading, review="；".join(n for n in (reading.review, doubt) if n))
    if counted and unit.unit is not None:
        reading = _with_units_answered_for(reading, unit.unit, [envelope.subject, own, *(r.text for r in results)], campaign)
    return reading


def _with_units_answered_for(reading: Reading, sender: Unit, texts: list[str], campaign: Campaign) -> Reading:
    """The reply sends another roster unit's comments too ("州一中工会委托我会一并报送"): that unit
    has answered as well. It counts as replied, and the clerk is told why, to check."""
    text = "\n".join(texts)
    others = tuple(units_answered_for(text, sender, campaign.roster))
    if not others:
        return reading
    if len(others) == 1 and ON_BEHALF_ONLY_RE.search(text):  # "委托我会代为转报……我会的意见另行报送": the other unit's reply alone
        other = others[0]
        note = f"由{sender.name}代发（“{other.evidence[:40]}”），按{other.unit.name}的回复计，{sender.name}未计为已报送，请核实"
        return dataclasses.replace(reading, unit=UnitMatch(other.unit, f"代发：{other.evidence[:40]}"),
                                   review="；".join(n for n in (reading.review, note) if n))
    notes = [f"本邮件同时报送{a.unit.name}的意见（“{a.evidence[:40]}”），{a.unit.name}已计为已报送，请核实" for a in others]
    return dataclasses.replace(reading, answered_for=others, review="；".join(n for n in (reading.review, *notes) if n))


def _decided(
    envelope: Envelope, own: str, unit: UnitMatch, kind: Kind, reason: str, comments: list[Comment],
    results: list[AttachmentResult], relevance: Relevance | None,
) -> Reading:
    """The kind as relevance settles it: a reply counts; a possible one waits for the clerk;
    anything else is ignored, and its items are not comments."""
    unreadable = _unreadable(results)
    if relevance is None:
        return Reading(kind, reason, unit, None, (), tuple(results))
    if kind == "ignore":  # nothing read, but an attachment could not be read or understood
        kind, reason = "submission", "附件无法识别或未读出意见，按已报送计，请人工录入意见"
        empty = _empty_sendings(_not_understood(results, comments, own))
        if empty and relevance.verdict == "reply" and not unreadable:  # the cover letter came, the comments it encloses did not
            relevance = Relevance("possible", relevance.score, (*relevance.signals, empty))
    if relevance.verdict == "not":
        # Its items are kept aside (not counted), should the clerk find it is a reply after all.
        why = relevance.evidence or "没有与本稿有关的线索"
        return Reading("ignore", f"不是对本稿的回复（{why}）", unit, None, tuple(comments), tuple(results),
                       relevance, proposed_kind=kind)
    notes = []
    if unreadable:
        notes.append("；".join(r.error for r in results if r.status == "error" and r.error.startswith("unreadable")))
    notes += [f"附件“{r.filename}”是未改动的征求意见稿，正文却说意见在附件中：可能附错了文件，请与该单位核实" if r.status == "draft_copy"
              else f"附件“{r.filename}”读出了文字，但未识别出意见，请人工查看并录入" for r in _not_understood(results, comments, own)]
    if relevance.verdict == "possible":
        notes.append(f"可能是对本稿的回复，请确认（{relevance.evidence}）")
        return Reading("ignore", "可能是回复，待确认", unit, None, tuple(comments), tuple(results), relevance,
                       proposed_kind=kind, review="；".join(notes))
    relation = _relation(envelope.subject, own) if kind == "submission" else None
    return Reading(kind, reason, unit, relation, tuple(comments), tuple(results), relevance, review="；".join(notes))


# The writer naming its own unit in passing: "我们卫生工会的意见", "我单位（州交通工会）…" — never another unit it mentions.
SELF_NAMED_RE = re.compile(r"(?:我们|我会|我单位|本单位)\s*[（(]?\s*(?![从在向给对和与跟把被由经将])([\u4e00-\u9fff]{2,20}?(?:总工会|工会联合会|工会))(?=的|[）)，,：:]|\s|$)")


# A file that is some other paper of the unit's, sent along ("附件2是我会1—8月份工作总结"): its
# "下步工作建议" are no comments on the draft.
OTHER_PAPER_RE = re.compile(r"工作总结|半年总结|年度总结|工作计划|工作要点|工作简报|简报|述职报告|汇报材料|经验材料|调研报告|情况汇报")


OTHER_PAPER_NOTE = "不是对本稿的意见，其中的建议未计入"


def _set_aside_if_other_paper(result: AttachmentResult, draft: Draft) -> AttachmentResult:
    """A file whose title is another kind of paper and which never names the draft: its blocks
    are kept aside (shown, not counted), with a note saying why."""
    first = next((line.strip() for line in result.text.splitlines() if line.strip()), "")
    # the file's title line ends on the kind of paper ("…1—8月份工作总结"), or its name says it
    title = " ".join(t for t in (first if len(first) <= 40 and re.search(rf"(?:{OTHER_PAPER_RE.pattern})$", first) else "",
                                 result.filename) if t)
    if result.status != "read" or not OTHER_PAPER_RE.search(title):
        return result
    if any(name in result.text for name in short_names(draft.title)) or names_title(result.text[:3000], title_core(draft.title)):
        return result
    kind = OTHER_PAPER_RE.search(title).group(0)  # type: ignore[union-attr]  # searched just above
    note = f"附件“{result.filename}”是{kind}，{OTHER_PAPER_NOTE}"
    return dataclasses.replace(result, blocks=(), asides=result.asides + result.blocks, error=result.error or note)


# What a unit sends its comments in. A damaged .p7s signature, a calendar invitation or a
# business card (.vcf) that cannot be read is no sign of a reply.
DOCUMENT_KINDS = frozenset({
    "docx", "doc", "wps", "odt", "rtf", "docm", "dotx", "xlsx", "xls", "et", "xlsm", "pdf", "ofd", "image",
    "zip", "rar", "7z", "tnef", "txt", "ceb", "caj",
})


def _unreadable(results: list[AttachmentResult]) -> bool:
    """An attachment meant as the reply that nobody can read: an unreadable scan, a PDF
    needing a password, a damaged or unknown document (not a logo, not a signature file)."""
    return any(r.status == "error" and r.type in DOCUMENT_KINDS for r in results)  # a bomb, refused, is no reading either


# A cover letter (函) saying the comments go with it: "现将我会修改意见随函报送", "意见附后".
ENCLOSED_RE = re.compile(r"随函(?:报送|报上|附上|呈报|送上)|(?:修改)?意见(?:附后|如附件)|现将[^。]{0,20}(?:意见|建议)[^。]{0,8}(?:随文|随函|附后)")


def _empty_sendings(results: list[AttachmentResult]) -> str:
    """Why the files a mail sends hold no comments at all, when they plainly do not: a cover letter
    (函) only, whose comments did not come with it, or the comment form sent blank ("" if neither)."""
    for r in results:
        if ENCLOSED_RE.search(r.text):
            return f"附件“{r.filename}”只是报送函，未见所附意见"
        rows = _table_rows(r.text)
        header = find_header(rows)
        if header is not None and not any(cell_text(row, header.proposal) for row in rows[header.row + 1:]):
            return f"附件“{r.filename}”是未填写的空白意见表"
    return ""


def _not_understood(results: list[AttachmentResult], comments: list[Comment], own: str = "") -> list[AttachmentResult]:
    """Attachments with text in them but no comment found, in a message with no comment at
    all: perhaps a reply in a shape mailbot does not know. Weighed like an unreadable one. So
    is the draft itself sent back unchanged by a mail saying the comments are attached (the
    wrong file attached)."""
    if comments:
        return []
    return [r for r in results if r.status == "read" and not r.blocks and len("".join(r.text.split())) >= 30
            and not _card(r.text) and OTHER_PAPER_NOTE not in r.error] + [r for r in results if r.status == "draft_copy" and SEE_ATTACHED_RE.search(own)]


_PHONE_RE = re.compile(r"(?:电话|手机|Tel|TEL|Mobile)?\s*[:：]?\s*(?:0\d{2,3}[-－ ]?\d{7,8}|1[3-9]\d{9})")
CARD_CHARS = 80


def _card(text: str) -> bool:
    """A signature picture or a business card (unit, name and title, a phone number): no reply's pages."""
    return len("".join(text.split())) <= CARD_CHARS and bool(_PHONE_RE.search(text))


def _evidence(
    envelope: Envelope, own: str, results: list[AttachmentResult], comments: list[Comment], unit: UnitMatch,
    campaign: Campaign,
) -> Evidence:
    titles = tuple("\n".join(r.text.strip().splitlines()[:3]) for r in results if r.status == "read")
    thread = {envelope.in_reply_to, *envelope.references} & campaign.thread_ids
    return Evidence(
        subject=envelope.subject, cover=own, file_names=tuple(r.filename for r in results), doc_titles=titles,
        comments=tuple(comments), says_no_comment=not comments and _says_no_comment(own, results, envelope.subject),
        none_said="" if comments else _none_said(own, results, envelope.subject),
        unreadable=_unreadable(results) or bool(_not_understood(results, comments, own)), roster_sender=unit.unit is not None,
        in_reply_to_round=bool(thread), internal=_internal(envelope.sender, campaign.mailbox, unit),
        other_rounds=campaign.other_rounds, answers_title=not thread and _answers_title(envelope, campaign.draft),
    )


def _answers_title(envelope: Envelope, draft: Draft) -> bool:
    """A reply to a mail naming this draft, quoted below it: the department's reminder sent by
    hand ("回复：关于尽快报送修改意见的提醒"), whose Message-ID the round does not know."""
    if not (envelope.in_reply_to or envelope.references):
        return False
    core = title_core(draft.title)
    return any(names_title(line, core) for line in split_body(envelope.body_text).quoted.splitlines()[:40])


def _internal(sender: str, mailbox: str, unit: UnitMatch) -> bool:
    """Mail from a colleague in the department's own organisation (its mail domain) who is no
    unit of the roster: an office asking for a summary, not a reply."""
    # a unit's own mail passed on by a colleague (转发) is the unit's, whoever passed it on
    by_address = unit.unit is not None and unit.evidence.startswith(("发件人地址", "转发"))
    return _same_domain(sender, mailbox) and not by_address


def _same_domain(sender: str, mailbox: str) -> bool:
    """The sender writes from the department's own mail domain."""
    domain = mailbox.rpartition("@")[2].lower()
    return bool(domain) and sender.lower().endswith("@" + domain)


def _says_no_comment(own: str, results: list[AttachmentResult], subject: str = "") -> bool:
    """The body, a file or the subject alone ("州交通工会：无意见", the body only a signature) says none."""
    return bool(_none_said(own, results, subject))


def _none_said(own: str, results: list[AttachmentResult], subject: str = "") -> str:
    """The line of the body, a file or the subject that says there is no comment, or ""."""
    texts = [own, subject] + [r.text for r in results if r.status == "read"] + [a.text for r in results for a in r.asides]
    for text in texts:
        if says_no_comment(text):
            return next((line for line in text.splitlines() if says_no_comment(line)), text)
    return next((text for text in texts if says_none(_table_rows(text))), "")


def _table_rows(text: str) -> list[list[str]]:
    """A table as read into text (its rows as lines of cells joined by " | ")."""
    return [line.split(" | ") for line in text.splitlines() if " | " in line]


def subject_blocks(subject: str) -> list[Block]:
    """"和龙总工会修改意见：第十二条建议增加…；第十七条将…": the items after the subject's colon,
    when each names its clause (a subject naming none is a title, not comments)."""
    _, colon, rest = re.sub(r"^\s*(?:re|回复|答复|fw|转发)\s*[:：]\s*", "", subject, flags=re.I).partition("：")
    items = [item.strip() for item in re.split(r"[；;]", rest)] if colon else []
    return [Block("body", item, "邮件主题") for item in items if CLAUSE_LEAD_RE.match(item) and len(item) >= 8]


# Word's numbered list pasted as text: the number, a tab, the item ("1.\t第三条。建议……"): a list, not a table's cells.
_LIST_TAB = re.compile(r"^(\s*(?:[0-9]{1,2}\s*[.、．)）]|[（(]\s*[0-9一二三四五六七八九十]{1,3}\s*[)）]|[一二三四五六七八九十]{1,3}\s*[、.．]))\t(?=[^\t]*$)")


def body_blocks(lines: list[str]) -> list[Block]:
    """The body's comments: its prose, and its tables (an HTML table arrives as lines of cells
    joined by " | "), read like a Word table so the header's columns are used."""
    return lines_blocks([_LIST_TAB.sub(r"\1 ", line) for line in unwrap(lines)], "正文", "body")


SAME_COMMENT = 85  # rapidfuzz ratio of two comments' squashed texts: the same words, OCR slips aside


def once_each(comments: list[Comment]) -> list[Comment]:
    """A comment that arrives twice in one message (the .docx and its stamped scan, the body
    and the attachment, a page scanned twice into one PDF) counts once: the typed copy (or the
    better read) is kept, and names the other source."""
    from rapidfuzz import fuzz

    keep: list[Comment] = []
    order = sorted(range(len(comments)), key=lambda i: (comments[i].ocr_score is not None, -(comments[i].ocr_score or 0), i))
    dropped: dict[int, list[str]] = {}
    kept_at: list[int] = []
    for i in order:
        c = comments[i]
        twin = next((k for k in kept_at if _elsewhere(comments[k], c) and comments[k].clause == c.clause
                     and fuzz.ratio(squash(comments[k].text), squash(c.text)) >= SAME_COMMENT), None)
        if twin is None:
            kept_at.append(i)
        else:
            dropped.setdefault(twin, []).append(c.source if c.source != comments[twin].source else f"{c.source}第{c.page}页")
    for i in sorted(kept_at):
        others = dropped.get(i)
        keep.append(dataclasses.replace(comments[i], duplicates="；".join(dict.fromkeys(others))) if others else comments[i])
    return keep


def _elsewhere(one: Comment, other: Comment) -> bool:
    """From another source, or from another page of the same file (a page scanned twice)."""
    return one.source != other.source or (one.page is not None and other.page is not None and one.page != other.page)


def classify(
    envelope: Envelope, campaign: Campaign, comments: list[Comment], own: str, results: list[AttachmentResult]
) -> tuple[Kind, str]:
    if envelope.auto_submitted:
        return "ignore", "自动回复、退信、回执或群发邮件"
    if campaign.mailbox and envelope.sender == campaign.mailbox.lower():
        return "ignore", "本部门自己发出的邮件"
    if comments:
        return "submission", f"读出{len(comments)}条意见"
    if _says_no_comment(own, results, envelope.subject):
        return "no_comment", "回复无意见"
    return "ignore", "未读出意见，也未表示无意见"


FOLLOW_UP = "+2 该单位已回复本轮，此件说明是补充或更正"


def follow_up(reading: Reading, envelope: Envelope) -> Reading:
    """A possible reply from a unit that has already replied to this round, saying it adds to or
    corrects what it sent ("补充意见", "更正：以此件为准"), is a reply: a unit does not send a
    supplement to another round's draft under this one's earlier reply. Called by mailbot, which
    knows who replied before (a pure reading sees one message)."""
    relevance = reading.relevance
    if relevance is None or relevance.verdict != "possible" or reading.proposed_kind is None or reading.unit.unit is None:
        return reading
    own, _, _ = own_texts(envelope)
    relation = _relation(envelope.subject, own)
    if relation is None:
        return reading
    kind = reading.proposed_kind
    notes = [n for n in reading.review.split("；") if n and not n.startswith("可能是对本稿的回复")]
    reason = f"读出{len(reading.comments)}条意见" if kind == "submission" else "回复无意见"
    return dataclasses.replace(
        reading, kind=kind, kind_reason=f"{reason}（已回复单位的补充或更正）",
        relation=relation if kind == "submission" else None, proposed_kind=None, review="；".join(notes),
        relevance=Relevance("reply", relevance.score + 2, (*relevance.signals, FOLLOW_UP)),
    )


def _relation(subject: str, own: str) -> str | None:
    cover = "\n".join([subject] + [ln for ln in own.splitlines() if len(ln) < 120][:6])
    if SUPPLEMENT_RE.search(cover):
        return "supplement"
    if CORRECTION_RE.search(cover):
        return "correction"
    if ADDED_LATER_RE.search(cover):
        return "supplement"
    return None


SIGNATURE_SPAN = 8  # a signature block: name, department, phone, address, date, "发自我的iPhone"


def signature_lines(lines: list[str]) -> list[str]:
    """The run of short lines that ends the sender's words: where a unit signs ("延吉市总工会
    办公室 张某", a phone, a date). It stops at the first comment or long line from the end, so a
    unit named in the text above ("从××总工会转来的材料") is not taken for the signer."""
    tail: list[str] = []
    for line in reversed(lines[-SIGNATURE_SPAN:]):
        if len(line) > 40 or SUGGEST_RE.search(line) or line.endswith((":", "：")):
            break
        tail.insert(0, line)
    return tail or lines[-1:]


def _identify(
    envelope: Envelope,
    envelopes: list[Envelope],
    inline_sender: str,
    own: str,
    results: list[AttachmentResult],
    roster: list[Unit],
) -> tuple[UnitMatch, str]:
    """The sending unit, and a note for the clerk when the identity is in doubt (no unit
    found at all, or the address names one unit and the document another)."""
    addresses = [("转发的原邮件发件人", e.sender) for e in envelope.forwarded]
    if inline_sender:
        addresses.append(("转发正文中的发件人", inline_sender))
    addresses.append(("发件人", envelope.sender))
    lines = [ln.strip() for ln in own.splitlines() if ln.strip()]
    texts = [("主题", e.subject) for e in envelopes]
    texts += [("附件名", r.filename) for r in results]
    texts += [("文档标题", "\n".join(r.text.strip().splitlines()[:2])) for r in results if r.status == "read"]
    texts += [("署名", "\n".join(signature_lines(lines))), ("发件人姓名", envelope.sender_name)]
    texts += [("文档落款", "\n".join(r.text.strip().splitlines()[-4:])) for r in results if r.status == "read"]
    texts += [("正文开头", " ".join(SELF_NAMED_RE.findall("\n".join(lines[:2]))))]  # "王老师，我们卫生工会的意见："
    match = identify_unit(addresses, texts, roster)
    if match.unit is None:  # a unit naming itself but not on the roster is listed as 名单外 already
        return match, "" if match.unlisted else f"未能确定发件单位：{envelope.sender}，请核实是哪个单位"
    if match.near:
        return match, f"发件单位自称“{match.unlisted}”，按近似名称认定为{match.unit.name}，请核实"
    if match.evidence.startswith("正文开头") or "联系人" in match.evidence:
        return match, f"发件地址不在名单中，按{match.evidence}认定为{match.unit.name}，请核实"
    if match.evidence.startswith(("发件人地址", "转发")):
        named = {u.name for where, text in texts[: len(envelopes) + len(results) * 2] if (u := unit_by_name(text, roster))}
        others = sorted(named - {match.unit.name})
        if others and match.unit.name not in named:
            return match, f"发件地址属{match.unit.name}，但主题或文件写的是{others[0]}，请核实是哪个单位的意见"
    return match, ""
