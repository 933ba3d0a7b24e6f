"""Margin comments written by our own counter (reports.draft.wordmarks.MarginComments) are the ones
python-docx's Document.add_comment writes: the same comments part, ids, anchors and package."""

from __future__ import annotations

import io
import zipfile

import docx
from docx.document import Document
from docx.text.run import Run

from reports.draft.wordmarks import MarginComments

TEXTS = ["一行意见", "两行\n理由：更完整", " 前后有空格 ", "含\t制表符", "\n首行为空", "末行为空\n", ""]
DATE = "2014-09-10T10:23:00Z"


def _draft(comments_before: int = 0) -> Document:
    document = docx.Document()
    for n in range(len(TEXTS)):
        document.add_paragraph(f"第{n + 1}段").add_run("后半")
    for n in range(comments_before):  # a draft that already has margin comments: ids go on after them
        document.add_comment(document.paragraphs[0].runs[0], f"原有{n}", "起草人", "起草")
    return document


def _parts(document: Document) -> dict[str, bytes]:
    out = io.BytesIO()
    document.save(out)
    with zipfile.ZipFile(out) as package:
        return {name: package.read(name) for name in package.namelist() if not name.startswith("docProps/")}


def _written(ours: bool, comments_before: int) -> dict[str, bytes]:
    document = _draft(comments_before)
    margin = MarginComments(document) if ours else None
    for paragraph, text in zip(document.paragraphs, TEXTS):
        first, last = paragraph.runs[0], paragraph.runs[-1]
        if margin is not None:
            margin.add(first._r, last._r, text, "延吉市总工会", DATE)
        else:
            comment = document.add_comment([Run(first._r, paragraph), Run(last._r, paragraph)], text, "延吉市总工会", "延吉")
            comment._comment_elm.set(docx.oxml.ns.qn("w:date"), DATE)
    for comment in document.comments:  # the draft's own comments are dated now by python-docx
        comment._comment_elm.set(docx.oxml.ns.qn("w:date"), DATE)
    return _parts(document)


def test_our_comments_are_python_docxs_byte_for_byte() -> None:
    for before in (0, 3):
        ours, theirs = _written(True, before), _written(False, before)
        assert ours.keys() == theirs.keys() and "word/comments.xml" in ours
        for name in theirs:
            assert ours[name] == theirs[name], name
