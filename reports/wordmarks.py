"""Marks on a Word paragraph: runs split at a character offset, tracked changes, comment ranges.

This is the writing twin of parsers.wordml / parsers.revisions: what is written here must read
back there as the same words, changes and comment anchors. python-docx writes comments
(`Document.add_comment`) but neither splits runs nor writes w:del / w:ins, so those are done on
its lxml elements, in this one module (STYLE.md 4: XPath and raw XML in one place).

A paragraph's text is the text of its runs in reading order, read through hyperlinks, smart
tags, fields and content controls, as parsers.wordml reads it; a split copies the run's
properties (w:rPr) to both halves, so fonts and sizes stay as the draft had them.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from parsers.wordml import RUN_TEXT, Element, descend

W_R, W_RPR, W_T, W_DELTEXT = qn("w:r"), qn("w:rPr"), qn("w:t"), qn("w:delText")
W_INSTR, W_DELINSTR = qn("w:instrText"), qn("w:delInstrText")
W_DEL, W_INS = qn("w:del"), qn("w:ins")
W_CEND, W_CREF = qn("w:commentRangeEnd"), qn("w:commentReference")
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# Inline wrappers whose runs are read as the paragraph's own text (parsers.wordml reads through them).
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
    """A run's text, counted as parsers.wordml counts it (a tab is one character, and so on)."""
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


def _split_run(run: Element, cut: int) -> None:
    second = copy.deepcopy(run)
    _keep(run, cut, before=True)
    _keep(second, cut, before=False)
    run.addnext(second)


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
    between = list(parent)[list(parent).index(runs[0]): list(parent).index(runs[-1]) + 1]
    return all(node.tag != W_R or node in runs for node in between)


def _wrap_deleted(runs: Sequence[Element], who: Revision, change_id: int) -> Element:
    parent = runs[0].getparent()
    children = list(parent)
    wrapper = _change("w:del", who, change_id)
    runs[0].addprevious(wrapper)
    stray: list[Element] = []  # another comment's end inside the deletion: moved after it
    for node in children[children.index(runs[0]): children.index(runs[-1]) + 1]:
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
