"""A draft sent back with Word track changes (w:ins / w:del, moves) and margin comments (批注).

python-docx lists neither insertions nor deletions (CT_P.text joins only w:r and
w:hyperlink), and it reads a comment's text but not where it is anchored, so
both are read here from the paragraph XML (parsers.files.wordml walks it: changes inside
content controls, fields and smart tags too). Each change or margin comment becomes
a Block anchored to the clause whose paragraph holds it, found by matching the
paragraph's original wording against the draft.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from typing import Any

from docx.document import Document
from docx.oxml import parse_xml
from docx.oxml.ns import qn

from parsers.placing.clauses import squash
from parsers.placing.draft import ARTICLE_RE
from parsers.records import Block, Draft
from parsers.comments.segment import (CLAUSE_LEAD_RE, COVER_RE, MARKED_EDIT_RE, NO_COMMENT_RE, OPINION_LABEL_RE, REASON_LINE_RE, SUGGEST_RE,
                                      proposes, says_no_comment, says_only_none, strip_enum)
from parsers.files.wordml import Piece, block_items, container_text, pieces

W_P, W_T, W_DELTEXT = qn("w:p"), qn("w:t"), qn("w:delText")
W_INS = qn("w:ins")
W_CSTART, W_CEND, W_ID = qn("w:commentRangeStart"), qn("w:commentRangeEnd"), qn("w:id")
W_CREF = qn("w:commentReference")
FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def paragraphs(document: Document) -> Iterator[Any]:
    """Every paragraph of the body (in tables, content controls and text boxes too), once:
    not the mc:Fallback copy Word writes of each text box."""
    for paragraph in document.element.body.iter(W_P):
        if not any(a.tag == FALLBACK for a in paragraph.iterancestors()):
            yield paragraph


def original_text(paragraph: object) -> str:
    return "".join(p.text for p in pieces(paragraph) if p.kind != "ins")


def clause_of(text: str, draft: Draft) -> int | None:
    """The draft clause a paragraph of the returned draft belongs to."""
    article = ARTICLE_RE.match(text)  # "第一条 …": Clause.text has no number
    probe = squash(article.group(2) if article else strip_enum(text))[:30]
    if len(probe) < 6:
        return None
    for clause in draft.clauses:
        if probe in squash(clause.text) or probe in squash(clause.heading + clause.text):
            return clause.number
    # its words reordered (a sentence moved up under the heading): the clause whose heading opens it
    body = squash(article.group(2) if article else strip_enum(text))
    headed = [c for c in draft.clauses if len(squash(c.heading)) >= 6 and body.startswith(squash(c.heading))]
    # ... and goes on in the clause's own words ("“用劳模精神引领职工群众”一条，建议…" is a comment naming it)
    if len(headed) == 1 and _goes_on_in(body[len(squash(headed[0].heading)):], squash(headed[0].text)):
        return headed[0].number
    return None


def _goes_on_in(rest: str, clause: str, window: int = 10) -> bool:
    return len(rest) >= window and any(rest[i:i + window] in clause for i in range(0, min(len(rest), 40) - window + 1))


_CHAPTER_RE = re.compile(r"^\s*第\s*[一二三四五六七八九十0-9]{1,3}\s*(?:章|部分)\s*")


def section_heading_ref(text: str, draft: Draft) -> str:
    """"第4部分" when the paragraph is a section's heading ("四、提升工会工作能力"): a margin
    comment or a change there is about that section; "" for any other paragraph."""
    body = squash(_CHAPTER_RE.sub("", strip_enum(text)))  # "第二章 保障" as well as "二、保障"
    for section in draft.sections:
        if body and body == squash(section.title):
            return f"第{section.number}部分"
    return ""


def change_blocks(document: Document, draft: Draft, origin: str) -> list[Block]:
    blocks: list[Block] = []
    current: int | None = None  # the clause of the last paragraph that was the draft's
    for number, paragraph in enumerate(paragraphs(document), start=1):
        parts = pieces(paragraph)
        original = original_text(paragraph)
        anchor = clause_of(original, draft)
        current = anchor or current
        if not any(p.kind != "keep" for p in parts):
            continue
        heading = "" if anchor is not None else section_heading_ref(original, draft)
        added = "" if squash(original) else "".join(p.text for p in parts if p.kind == "ins")
        if added and DOCUMENT_LABEL_RE.search(added.strip()):
            continue  # "…修改稿（2014年9月21日）" typed above the draft: the file's label, no change to it
        context = _added_place(added, current, draft) if added else ""
        for change in _changes(parts):
            text, kind, author = change
            blocks.append(
                Block(kind=kind, text=text, origin=f"{origin}修订（第{number}段，{author or '未署名'}）", anchor=anchor,  # type: ignore[arg-type]  # _changes returns the kind as str; it is one of BlockKind's
                      author=author, ref=heading, context=context)
            )
    return blocks


# A label typed onto the returned file, not into its text: "XX工会修改稿（2014年9月21日）", "反馈稿".
DOCUMENT_LABEL_RE = re.compile(r"(?:修改稿|修订稿|反馈稿|意见稿|送审稿)\s*(?:[(（][^()（）]{0,20}[)）])?$|^[(（]?[0-9０-９]{4}\s*年[^，。]{0,10}日[)）]?$")
# A paragraph added as a clause of its own: "新增一条：19、……", "增加一条……".
NEW_CLAUSE_RE = re.compile(r"^\s*(?:建议)?(?:新增|增加|增设|另加|加上)(?:一|1)条|^\s*(?:第\s*)?[0-9０-９]{1,2}\s*[、.．条]")


def _added_place(added: str, current: int | None, draft: Draft) -> str:
    """Where a paragraph added whole belongs: the clause above it, or (a new clause) its section."""
    clause = draft.clause(current) if current is not None else None
    if clause is None:
        return ""
    if NEW_CLAUSE_RE.search(added):
        return f"第{clause.section}部分"
    return f"第{clause.number}条"


def _changes(pieces: list[Piece]) -> list[tuple[str, str, str]]:
    """Consecutive deletions and insertions form one change, written for a reader."""
    out: list[tuple[str, str, str]] = []
    i = 0
    while i < len(pieces):
        if pieces[i].kind == "keep":
            i += 1
            continue
        before = pieces[i - 1].text[-12:] if i and pieces[i - 1].kind == "keep" else ""
        deleted = inserted = author = ""
        start = i
        while i < len(pieces) and pieces[i].kind != "keep":
            deleted += pieces[i].text if pieces[i].kind == "del" else ""
            inserted += pieces[i].text if pieces[i].kind == "ins" else ""
            author = author or pieces[i].author
            i += 1
        run = pieces[start:i]
        if not inserted and all(p.moved for p in run):
            continue  # the words a move took away: the change is told where they now stand
        if not deleted and any(p.moved for p in run):  # the words moved here; any typed beside them are an insertion of their own
            where = f"“{before}”后" if before else "此处"
            moved = "".join(p.text for p in run if p.moved and p.kind == "ins")
            typed = "".join(p.text for p in run if not p.moved and p.kind == "ins")
            out.append((f"将“{moved or inserted}”移至{where}", "insertion", author))
            if moved and typed:
                first = next(n for n, p in enumerate(run) if p.kind == "ins" and not p.moved)
                lead = "".join(p.text for p in run[:first] if p.kind == "ins")[-12:] or before
                out.append((f"在“{lead}”后增加“{typed}”" if lead else f"增加“{typed}”", "insertion", author))
        elif deleted and inserted:
            out.append((f"将“{deleted}”修改为“{inserted}”", "replacement", author))
        elif inserted:
            where = f"在“{before}”后" if before else ""
            out.append((f"{where}增加“{inserted}”", "insertion", author))
        else:
            out.append((f"删除“{deleted}”", "deletion", author))
    return out


def comment_blocks(document: Document, draft: Draft, origin: str) -> list[Block]:
    """Margin comments, each with the text it is anchored to as the quote."""
    try:
        comments = list(document.comments)
    except (AttributeError, KeyError, ValueError):
        return []
    anchors = _anchors(document)
    ids = [str(c.comment_id) for c in comments]  # python-docx reads comment_id from the XML each time: once here
    parents, resolved = _replies(document, comments)
    texts = {cid: container_text(c._comment_elm).strip() for cid, c in zip(ids, comments)}
    parents = {**_answers_on_the_same_words(ids, comments, texts, anchors), **parents}
    roots = _thread_roots(ids, parents)
    thread: dict[str, list[str]] = {}
    for cid, comment in zip(ids, comments):
        if roots[cid] != cid and (t := texts[cid]):
            thread.setdefault(roots[cid], []).append(f"（{comment.author or '未署名'}回复：{t}）")
            if LEFT_AS_IS_RE.match(t):  # "已核，不改。": the thread's question settled before the file was sent
                resolved.add(roots[cid])
            elif roots[cid] in resolved and proposes(t):
                resolved.discard(roots[cid])  # reopened by a later answer asking for a change
    blocks = []
    for cid, comment in zip(ids, comments):
        if roots[cid] != cid:
            continue  # a reply in a comment's thread: read with the comment it answers
        text = "".join([texts[cid], *thread.get(cid, [])])  # its tables and content controls too
        if not text:
            continue
        quoted, paragraph_text = anchors.get(cid, ("", ""))
        anchor = clause_of(paragraph_text, draft)
        blocks.append(
            Block(
                kind="margin_comment",
                text=text,
                origin=f"{origin}批注（{comment.author or '未署名'}）" + (RESOLVED if cid in resolved else ""),
                quote=quoted,
                anchor=anchor,
                author=comment.author or "",
                ref="" if anchor is not None else section_heading_ref(paragraph_text, draft) or _title_ref(paragraph_text, draft),
            )
        )
    return blocks


# A note the unit's reviewer marked resolved (Word's 解决): settled before the file was sent, shown
# greyed; read and shown, no comment of its own.
RESOLVED = "（已标为已解决）"


def is_resolved(note: Block) -> bool:
    return note.kind == "margin_comment" and note.origin.endswith(RESOLVED)


def _answers_on_the_same_words(ids: list[str], comments: list[Any], texts: dict[str, str],
                               anchors: dict[str, tuple[str, str]]) -> dict[str, str]:
    """Word 2010 and WPS write a reply as a comment of its own, on the same words or only marked
    in the same paragraph, with no thread kept: a later note by another person there, on no other
    words, saying the point stays as it is ("已核，不改。"), answers the first and settles it.
    reply id -> the id it answers. (A note only agreeing, "同意此条。", is set aside on its own.)"""
    out: dict[str, str] = {}
    first: dict[str, tuple[str, str, str]] = {}  # a paragraph -> its first note (id, author, words noted)
    for cid, comment in zip(ids, comments):
        words, paragraph = anchors.get(cid, ("", ""))
        author = comment.author or ""
        if not paragraph.strip():
            continue
        earlier = first.get(paragraph)
        if earlier and earlier[1] != author and (not words.strip() or words == earlier[2]) and LEFT_AS_IS_RE.match(texts[cid]):
            out[cid] = earlier[0]
        first.setdefault(paragraph, (cid, author, words))
    return out


def _title_ref(text: str, draft: Draft) -> str:
    """"文件标题" for a note on the draft's title (or a line of it): about the whole text."""
    words = squash(text)
    return "文件标题" if len(words) >= 4 and words in squash(draft.title) else ""


def _thread_roots(ids: list[str], parent_of: dict[str, str]) -> dict[str, str]:
    """Each comment's thread's first comment: its parents followed up (a reply to a reply is in
    the same thread); in a loop of parents (a damaged file) the loop's first comment heads it."""
    order = {cid: n for n, cid in enumerate(ids)}
    roots: dict[str, str] = {}
    for cid in ids:
        path, at = [cid], cid
        while at in parent_of and parent_of[at] in order and parent_of[at] not in path:
            at = parent_of[at]
            path.append(at)
        looped = at in parent_of and parent_of[at] in path
        roots[cid] = min(path[path.index(parent_of[at]):], key=order.__getitem__) if looped else at
    return roots


W14_PARA_ID = "{http://schemas.microsoft.com/office/word/2010/wordml}paraId"
W15 = "{http://schemas.microsoft.com/office/word/2012/wordml}"
COMMENTS_EXTENDED = "http://schemas.microsoft.com/office/2011/relationships/commentsExtended"


def _replies(document: Document, comments: list[Any]) -> tuple[dict[str, str], set[str]]:
    """reply's comment id -> the id of the comment it answers (Word 2013's threads, kept in
    commentsExtended.xml by the paraId of each comment's last paragraph); and the ids of the
    comments marked resolved there (w15:done)."""
    try:
        part = next(r.target_part for r in document.part.rels.values() if r.reltype == COMMENTS_EXTENDED)
        root = parse_xml(part.blob)
    except Exception:  # no such part, or a damaged one (lxml raises its own kinds): no threads, each note alone
        return {}, set()
    by_para: dict[str, str] = {}
    for comment in comments:
        paras = comment._comment_elm.findall(qn("w:p"))
        if paras and (para_id := paras[-1].get(W14_PARA_ID)):
            by_para[para_id] = str(comment.comment_id)
    out: dict[str, str] = {}
    done: set[str] = set()
    for entry in root.iter(f"{W15}commentEx"):
        child, parent = by_para.get(entry.get(f"{W15}paraId") or ""), by_para.get(entry.get(f"{W15}paraIdParent") or "")
        if child and parent and child != parent:
            out[child] = parent
        if child and entry.get(f"{W15}done") in ("1", "true"):
            done.add(child)
    return out, done


def _anchors(document: Document) -> dict[str, tuple[str, str]]:
    """comment id -> (the anchored words, the whole paragraph's original text). A comment
    with no range (WPS marks only where it is) is anchored to the paragraph of its mark."""
    found: dict[str, tuple[str, str]] = {}
    texts: dict[Any, str] = {}  # each paragraph's original text, worked out once however many notes it holds

    def text_of(paragraph: Any) -> str:
        if paragraph not in texts:
            texts[paragraph] = original_text(paragraph)
        return texts[paragraph]

    for paragraph in paragraphs(document):
        for mark in paragraph.iter(W_CREF):
            found.setdefault(mark.get(W_ID) or "", ("", text_of(paragraph)))
    for paragraph in paragraphs(document):
        open_ids: dict[str, tuple[list[str], list[str]]] = {}  # the draft's words in the range, the inserted ones
        for node in paragraph.iter(W_CSTART, W_CEND, W_T, W_DELTEXT):
            if node.tag == W_CSTART:
                open_ids[node.get(W_ID) or ""] = ([], [])
                found.pop(node.get(W_ID) or "", None)  # its range, not only its mark
            elif node.tag == W_CEND:
                cid = node.get(W_ID) or ""
                if cid in open_ids:
                    found[cid] = (_anchored(*open_ids.pop(cid)), text_of(paragraph))
            else:
                inserted = node.tag == W_T and node.getparent().getparent().tag == W_INS
                for words in open_ids.values():
                    words[inserted].append(node.text or "")
        for cid, words in open_ids.items():  # a range running past the paragraph's end
            found[cid] = (_anchored(*words), text_of(paragraph))
    return found


def _anchored(original: list[str], inserted: list[str]) -> str:
    """The draft's words a note is on; a note on words an insertion put in (its reason, most
    often) is on those."""
    return "".join(original) or "".join(inserted)


# A remark typed into the returned draft without track changes: in 【】 brackets, or in a
# colour or highlight, and not the draft's own words. A paragraph added between clauses that
# proposes something is one too. Each is a comment on the clause of its paragraph (or, for an
# added paragraph, of the clause above it).
BRACKETED_RE = re.compile(r"【([^【】]{2,})】|\[([^\[\]]{2,})\]")
MIN_REMARK = 4


def remark_blocks(document: Document, draft: Draft, origin: str) -> list[Block]:
    draft_text = squash("\n".join([draft.preamble, *(c.heading + c.text for c in draft.clauses)]))
    blocks: list[Block] = []
    current: int | None = None
    part = ""  # the section whose heading was the last of the draft's paragraphs read
    for number, paragraph in enumerate(paragraphs(document), start=1):
        parts = [p for p in pieces(paragraph) if p.kind != "del"]
        remarks = _remarks(parts, draft_text)
        rest = "".join(p.text for p in parts)
        for remark in remarks:
            rest = rest.replace(remark, "")
        own = clause_of(rest, draft) if squash(rest) else None
        heading = section_heading_ref(rest, draft) if own is None else ""
        current = None if heading else own or current  # under a section's heading, no clause yet
        part = heading or ("" if own else part)
        anchor = own or current
        # a remark of its own paragraph right under a section's heading ("本部分建议增加一条…"): that section's
        heading = heading or (part if anchor is None else "")
        if not remarks and squash(rest) and own is None and _added_proposal(rest, draft_text):
            remarks = [rest.strip()]
            if CLAUSE_LEAD_RE.match(strip_enum(rest)):
                anchor = None  # "第十三条：建议……" added after the draft's end: the clause it names
        # "蓝色字为建议增加的内容": how the file is marked; "修改意见：无。" typed after a clause: nothing to change
        remarks = [r for r in remarks if not COVER_RE.search(r) and not MARKED_EDIT_RE.search(r)
                   and not says_only_none(OPINION_LABEL_RE.sub("", r.strip()))]
        blocks += [Block(kind="paragraph", text=_remark_text(remark), origin=f"{origin}批语（第{number}段）",
                         anchor=anchor, ref=heading) for remark in remarks]
    return blocks


def says_nothing_to_change(note: Block) -> bool:
    """"经讨论，对本稿无修改意见" noted on the title: the unit's 无意见, said in the margin; "此处按池主席
    意见，不再修改。": a reviewer closing a point, nothing to change there."""
    if note.kind != "margin_comment":
        return False
    return ((says_no_comment(note.text) and not proposes(NO_COMMENT_RE.sub("", note.text))) or bool(LEFT_AS_IS_RE.match(note.text))
            or bool(WITHDRAWN_RE.search(note.text)))


# "方老师加的这句…不一致，我已删掉，不作为工会意见上报。": a reviewer taking another's point back.
WITHDRAWN_RE = re.compile(r"不作为[^，。；;]{0,8}意见(?:上报|报送|提出|报出|反馈)|(?:已|我已)?撤回(?:此|这条|该|本)?(?:意见|建议)?[。.]?\s*$")


LEFT_AS_IS_RE = re.compile(r"^\s*(?:此处|这里|本条|此条|该处)?[^，。；;]{0,12}[，,]?\s*(?:不再修改|不作修改|不做修改|不予修改|维持原稿|保持原稿|维持原文"
                           r"|不改|不用改|无需修改|不需修改|不必修改|无需改动|不作调整|(?:我看|看了|看过)?(?:没有?|无)(?:什么)?(?:问题|意见))\s*[。.]?\s*$")


def revision_blocks(document: Document, draft: Draft, origin: str) -> list[Block]:
    """The tracked changes and the margin comments; a deletion with a comment on the deleted
    words is one comment (the comment says why), not two."""
    notes = comment_blocks(document, draft, origin)
    noted = [squash(n.quote) for n in notes if squash(n.quote)]
    changes = [c for c in change_blocks(document, draft, origin)
               if not (c.kind == "deletion" and (gone := squash(_deleted(c.text))) and any(gone in q or q in gone for q in noted))
               and not _told_by_a_note(c, notes)]
    # a note on the words a change put in gives its reason ("理由：12351已是全国统一的…"): one comment
    reasons = {id(n): c for n in notes for c in changes if c.kind in ("insertion", "replacement") and _on_inserted(n, c)}
    changes = [dataclasses.replace(c, reason="；".join(filter(None, [c.reason, *(REASON_LINE_RE.sub("", n.text).strip()
                                                                          for n in notes if reasons.get(id(n)) is c)])))
               for c in changes]
    return changes + [n for n in notes if id(n) not in reasons]


# A note in the same clause asking for what the change did: "建议删去这一短句" beside a deleted
# sentence, "将…这句挪到本条最后" beside a move. The note says it and why: one comment, the note.
_ASKS_FOR = {"deletion": re.compile(r"删去|删除|删掉|去掉"),
             "move": re.compile(r"挪|移至|移到|调到|调至|放到|前移|后移|调整到|集中到|归并|合并到|放在一起|一处表述|语序|顺序|调换|对调|互换|先讲|前置|后置|置前|置后|提到前面|放在前面|放在后面")}
_MOVED_RE = re.compile(r"^将“(?P<words>.+?)”移至")


def is_bare_move(text: str) -> bool:
    """A change that moves the draft's own words and does nothing else ("将“……”移至“……”后")."""
    return _MOVED_RE.match(text) is not None


def _told_by_a_note(change: Block, notes: list[Block]) -> bool:
    """A deletion or a move the note in its clause asks for, or (a move) the note on the moved words."""
    moved = _MOVED_RE.match(change.text)
    if moved and (words := squash(moved["words"])) and any(
            len(q := squash(n.quote)) >= 4 and (q in words or words in q) for n in notes):
        return True
    if _said_again(change, notes):
        return True
    asks = _ASKS_FOR.get("move" if moved else change.kind)
    return asks is not None and change.anchor is not None and any(
        n.anchor == change.anchor and asks.search(n.text) for n in notes)


_REPLACED_RE = re.compile(r"^将“(?P<old>.*)”修改为“(?P<new>.*)”$")
_INSERTED_RE = re.compile(r"增加“(?P<new>.*)”$")


def _said_again(change: Block, notes: list[Block]) -> bool:
    """A note in the change's clause that writes the same change out in words ("建议把“工会主抓”改为
    “工会积极参与”，与中央的表述一致" beside that replacement): the note, with its why, is the comment."""
    found = _REPLACED_RE.match(change.text) if change.kind == "replacement" else _INSERTED_RE.search(change.text)
    if found is None or change.anchor is None:
        return False
    words = [squash(w) for w in found.groupdict().values()]
    if not all(len(w) >= 2 for w in words) or (change.kind != "replacement" and len(words[0]) < 4):
        return False
    return any(n.anchor == change.anchor and all(w in squash(n.text) for w in words) for n in notes)


def _on_inserted(note: Block, change: Block) -> bool:
    """The note is anchored on the words the change put in (a replacement's or insertion's new text)."""
    new_words = re.search(r"(?:修改为|增加)“(.*)”$", change.text)
    inserted = squash(new_words.group(1)) if new_words else ""
    quote = squash(note.quote)
    return bool(inserted and quote) and (quote in inserted or inserted in quote)


def _deleted(text: str) -> str:
    return text[len("删除“"):-1] if text.startswith("删除“") and text.endswith("”") else ""


def unremarked_lines(document: Document) -> list[str]:
    """Each paragraph as the draft had it: without deletions' undoing, coloured runs or 【】 remarks."""
    lines = []
    for paragraph in block_items(document.element.body):  # the body's, not a comment table's cells
        if paragraph.tag != W_P:
            continue
        text = "".join(p.text for p in pieces(paragraph) if p.kind != "del" and not p.marked)
        lines.append(BRACKETED_RE.sub("", text).strip())
    return lines


def _remarks(parts: list[Piece], draft_text: str) -> list[str]:
    text = "".join(p.text for p in parts)
    bracketed = [m.group(0) for m in BRACKETED_RE.finditer(text) if squash(m.group(1) or m.group(2) or "") not in draft_text]
    marked = [p.text for p in parts if p.marked and len(squash(p.text)) >= MIN_REMARK and squash(p.text) not in draft_text]
    # "【总体意见】建议……" all in red: one remark, its label inside, not the label again on its own
    return ([b for b in bracketed if not any(b in m for m in marked)]
            + [m for m in marked if not any(m in b and m != b for b in bracketed)])


# "【总体意见】建议……": a short label in brackets opening the remark.
_LABEL_RE = re.compile(r"^\s*[【\[]([^【】\[\]]{1,8})[】\]]\s*(?=\S)")


def _remark_text(remark: str) -> str:
    """The remark's words: its brackets off, a label opening it kept as "总体意见：……"."""
    labelled = _LABEL_RE.match(remark)
    if labelled:
        return f"{labelled.group(1)}：{remark[labelled.end():].strip()}"
    return remark.strip("【】[] ")


def _added_proposal(text: str, draft_text: str) -> bool:
    """A paragraph that is not the draft's and proposes a change (建议…, 应当…)."""
    probe = squash(strip_enum(text))
    return len(probe) >= 8 and probe[:20] not in draft_text and bool(SUGGEST_RE.search(text))
