"""Marks on a Word paragraph: runs split at a character offset, tracked changes, comment ranges.

This is the writing twin of parsers.files.wordml / parsers.files.revisions: what is written here must read
back there as the same words, changes and comment anchors. python-docx writes comments
(`Document.add_comment`) but neither splits runs nor writes w:del / w:ins, so those are done on
its lxml elements, in this one module (STYLE.md 4: XPath and raw XML in one place).

A paragraph's text is the text of its runs in reading order, read through hyperlinks, smart
tags, fields and content controls, as parsers.files.wordml reads it; a split copies the run's
properties (w:rPr) to both halves, so fonts and sizes stay as the draft had them.
"""

from __future__ import annotations

import bisect
import copy
import datetime
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import count
from typing import cast

from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import parse_xml
from docx.oxml.text.run import CT_R

from parsers.files.wordml import RUN_TEXT, Element, descend

W_R, W_RPR, W_T, W_DELTEXT = qn("w:r"), qn("w:rPr"), qn("w:t"), qn("w:delText")
W_INSTR, W_DELINSTR = qn("w:instrText"), qn("w:delInstrText")
W_DEL, W_INS = qn("w:del"), qn("w:ins")
W_CEND, W_CREF = qn("w:commentRangeEnd"), qn("w:commentReference")
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# Inline wrappers whose runs are read as the paragraph's own text (parsers.files.wordml reads through them).
THROUGH = {qn("w:hyperlink"), qn("w:smartTag"), qn("w:fldSimple"), qn("w:customXml"), qn("w:dir"), qn("w:bdo"), W_INS}
SKIPPED = {W_DEL, qn("w:moveFrom")}  # text that is not the paragraph's any more


@dataclass(frozen=True)
class Revision:
    """Who makes a tracked change, and when (Word's w:author, w:date)."""

    author: str
    date: str


def text_runs(paragraph: Element) -> list[Element]:
    """The paragraph's runs in reading order (not deleted ones, not those of text boxes)."""
    return list(_runs(paragraph))


def _runs(node: Element) -> Iterator[Element]:
    return descend(node, (W_R,), THROUGH)


def run_text(run: Element) -> str:
    """A run's text, counted as parsers.files.wordml counts it (a tab is one character, and so on)."""
    return "".join(_item_text(child) for child in run)


def _item_text(child: Element) -> str:
    if child.tag not in RUN_TEXT:
        return ""
    fixed = RUN_TEXT[child.tag]
    return str(child.text or "") if fixed is None else fixed


def paragraph_text(paragraph: Element) -> str:
    return "".join(run_text(r) for r in text_runs(paragraph))


def split_at(paragraph: Element, offset: int) -> None:
    """Make `offset` a run boundary: the run across it becomes two with the same properties."""
    position = 0
    for run in text_runs(paragraph):
        length = len(run_text(run))
        if position < offset < position + length:
            _split_run(run, offset - position)
            return
        position += length


def _split_run(run: Element, cut: int) -> Element:
    second = copy.deepcopy(run)
    _keep(run, cut, before=True)
    _keep(second, cut, before=False)
    run.addnext(second)
    return second


@dataclass(frozen=True)
class Spans:
    """A paragraph's text runs with the characters each holds (start..end), in reading order."""

    starts: list[int]
    ends: list[int]
    runs: list[Element]

    def between(self, start: int, end: int) -> list[Element]:
        """The runs holding characters start..end (runs_between without walking the paragraph)."""
        found = []
        for i in range(bisect.bisect_left(self.starts, start), len(self.runs)):
            if self.starts[i] >= end or self.ends[i] > end:
                break
            if self.ends[i] > self.starts[i]:
                found.append(self.runs[i])
        return found


def cut_at(paragraph: Element, offsets: Iterable[int]) -> Spans:
    """Make every offset a run boundary in one walk of the paragraph (split_at once per offset
    walks it again each time: hundreds of comments on one clause made that quadratic)."""
    cuts = sorted(set(offsets))
    spans = Spans([], [], [])
    position, k = 0, 0
    for run in text_runs(paragraph):
        end = position + len(run_text(run))
        while k < len(cuts) and cuts[k] <= position:
            k += 1
        current, start = run, position
        while k < len(cuts) and cuts[k] < end:
            second = _split_run(current, cuts[k] - start)
            _add_span(spans, start, cuts[k], current)
            current, start, k = second, cuts[k], k + 1
        _add_span(spans, start, end, current)
        position = end
    return spans


def _add_span(spans: Spans, start: int, end: int, run: Element) -> None:
    spans.starts.append(start)
    spans.ends.append(end)
    spans.runs.append(run)


def _keep(run: Element, cut: int, *, before: bool) -> None:
    """Keep the run's content before character `cut` (or from it); a w:t across it is cut in two.
    Content without text (a field mark, a picture) exactly at the cut stays in the first half."""
    position = 0
    for child in list(run):
        if child.tag == W_RPR:
            continue
        text = _item_text(child)
        first, last = position, position + len(text)
        position = last
        if first < cut < last:
            child.text = text[:cut - first] if before else text[cut - first:]
            child.set(XML_SPACE, "preserve")  # a cut may leave a space at either end
        elif (first < cut or (first == cut and not text)) != before:
            run.remove(child)


def runs_between(paragraph: Element, start: int, end: int) -> list[Element]:
    """The runs holding characters start..end (split first with split_at)."""
    found, position = [], 0
    for run in text_runs(paragraph):
        length = len(run_text(run))
        if length and start <= position and position + length <= end:
            found.append(run)
        position += length
    return found


def track_change(runs: Sequence[Element], new_text: str, delete: bool, who: Revision, ids: Iterator[int]) -> bool:
    """Mark `runs` deleted (when `delete`) and insert `new_text` after them, as `who`'s tracked
    change. Refused (False) when the runs do not sit side by side under one parent: wrapping
    them then would move text."""
    if not runs or not _siblings(runs):
        return False
    after = _wrap_deleted(runs, who, next(ids)) if delete else runs[-1]
    if new_text:
        after.addnext(_inserted(new_text, runs[-1], who, next(ids)))
    return True


def _siblings(runs: Sequence[Element]) -> bool:
    parent = runs[0].getparent()
    if any(r.getparent() is not parent for r in runs) or parent.tag in SKIPPED:
        return False
    return all(node.tag != W_R or node in runs for node in _from_to(runs[0], runs[-1]))


def _from_to(first: Element, last: Element) -> list[Element]:
    """first, the siblings after it, up to last (a walk from first, not an index of the
    paragraph's children: a clause with hundreds of comments has thousands of them)."""
    nodes, node = [first], first
    while node is not last and (node := node.getnext()) is not None:
        nodes.append(node)
    return nodes


def _wrap_deleted(runs: Sequence[Element], who: Revision, change_id: int) -> Element:
    nodes = _from_to(runs[0], runs[-1])
    wrapper = _change("w:del", who, change_id)
    runs[0].addprevious(wrapper)
    stray: list[Element] = []  # another comment's end inside the deletion: moved after it
    for node in nodes:
        (stray if _ends_comment(node) else wrapper).append(node)
        if node.tag == W_R and node.find(W_CREF) is None:
            _as_deleted(node)
    for node in reversed(stray):
        wrapper.addnext(node)
    return wrapper


def _ends_comment(node: Element) -> bool:
    return bool(node.tag == W_CEND or (node.tag == W_R and node.find(W_CREF) is not None))


def _as_deleted(run: Element) -> None:
    for child in run:
        if child.tag == W_T:
            child.tag = W_DELTEXT
        elif child.tag == W_INSTR:
            child.tag = W_DELINSTR


def _inserted(text: str, like: Element, who: Revision, change_id: int) -> Element:
    wrapper = _change("w:ins", who, change_id)
    run = OxmlElement("w:r")
    props = like.find(W_RPR)
    if props is not None:
        run.append(copy.deepcopy(props))
    words = OxmlElement("w:t")
    words.text = text
    words.set(XML_SPACE, "preserve")
    run.append(words)
    wrapper.append(run)
    return wrapper


def _change(tag: str, who: Revision, change_id: int) -> Element:
    element = OxmlElement(tag)
    element.set(qn("w:id"), str(change_id))
    element.set(qn("w:author"), who.author)
    if who.date:
        element.set(qn("w:date"), who.date)
    return element


def after_change(end: Element) -> Element:
    """Where a comment's range should end so that it covers an insertion right after `end`."""
    following = end.getnext()
    return following if following is not None and following.tag == W_INS else end


# margin comments ---------------------------------------------------------------------
# What python-docx 1.2's Comments.add_comment writes, element for element: a w:comment whose
# first paragraph starts with the annotation mark, one CommentText paragraph a line.
COMMENT_XML = (f'<w:comment {nsdecls("w")} w:id="0" w:author=""><w:p><w:pPr><w:pStyle w:val="CommentText"/></w:pPr>'
               '<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:annotationRef/></w:r></w:p></w:comment>')
LINE_XML = f'<w:p {nsdecls("w")}><w:pPr><w:pStyle w:val="CommentText"/></w:pPr></w:p>'
TEXT_XML = f'<w:r {nsdecls("w")}><w:t/></w:r>'
# And in the draft's text, as python-docx's Run.mark_comment_range writes them.
START_XML = f'<w:commentRangeStart {nsdecls("w")} w:id="0"/>'
END_XML = f'<w:commentRangeEnd {nsdecls("w")} w:id="0"/>'
REFERENCE_XML = (f'<w:r {nsdecls("w")}><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr>'
                 '<w:commentReference w:id="0"/></w:r>')
W_ID = qn("w:id")
MAX_ID = 2**31 - 1  # w:id is a signed 32-bit number


class MarginComments:
    """Margin comments of one document, numbered by a counter of our own.

    python-docx's Document.add_comment finds each new comment's id by reading every id so far
    (max + 1), which made 10,000 comments take over a minute; the ids here are the same max + 1
    sequence, counted once. The comments part, its relationship and content type are python-docx's
    own (created as add_comment creates them), so the file is the same."""

    def __init__(self, document: Document) -> None:
        # The part python-docx's add_comment writes into; made (with its relationship and
        # content type) when the draft has no comments yet.
        self._root: Element = document.part._comments_part.element  # noqa: SLF001 - no public handle on the part
        used = [int(i) for i in self._root.xpath("./w:comment/@w:id")]
        self._ids = count(max(used, default=-1) + 1)
        # Copies of parsed prototypes: python-docx's element factories cost more than the rest.
        self._made = {name: parse_xml(xml) for name, xml in (("comment", COMMENT_XML), ("line", LINE_XML), ("text", TEXT_XML),
                                                             ("start", START_XML), ("end", END_XML), ("ref", REFERENCE_XML))}

    def _new(self, name: str, comment_id: int | None = None) -> Element:
        element = copy.deepcopy(self._made[name])
        if comment_id is not None:
            (element if name != "ref" else element[1]).set(W_ID, str(comment_id))
        return element

    def add(self, first: Element, last: Element, text: str, author: str, date: str = "") -> int:
        """A comment by `author` on the runs first..last, one paragraph a line of `text`; dated
        `date` (Word's form, as word_date writes it) or now, as python-docx dates it."""
        comment_id = next(self._ids)
        if comment_id > MAX_ID:
            raise ValueError("too many margin comments for one Word file")
        comment = self._new("comment", comment_id)
        comment.set(qn("w:author"), author)
        comment.set(qn("w:initials"), author[:2])
        comment.set(qn("w:date"), date or datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))
        lines = text.split("\n")
        self._add_run(comment[0], lines[0], empty=bool(text))
        for line in lines[1:]:
            paragraph = self._new("line")
            self._add_run(paragraph, line, empty=False)
            comment.append(paragraph)
        self._root.append(comment)
        first.addprevious(self._new("start", comment_id))
        last.addnext(self._new("ref", comment_id))
        last.addnext(self._new("end", comment_id))
        return comment_id

    def _add_run(self, paragraph: Element, text: str, *, empty: bool) -> None:
        """A run of `text` as python-docx writes it (a tab as w:tab, spaces at either end kept).
        Like python-docx, an empty first line of a comment with text still gets an (empty) run,
        an empty later line none, an empty comment none."""
        if not text and not empty:
            return
        if "\t" in text or "\r" in text:
            run = cast(CT_R, OxmlElement("w:r"))
            run.text = text
        elif text:
            run = self._new("text")
            run[0].text = text
            if text.strip() != text:
                run[0].set(XML_SPACE, "preserve")
        else:
            run = cast(CT_R, OxmlElement("w:r"))
        paragraph.append(run)
