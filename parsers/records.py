"""The records that travel the road (names fixed by ARCHITECTURE.md).

Every record is a frozen dataclass: parsers build them from bytes, the store
writes them, reports read them. Nothing here touches disk, network or clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Scope = Literal["clause", "section", "general"]
Kind = Literal["submission", "no_comment", "ignore"]
BlockKind = Literal[
    "paragraph", "list_item", "table_row", "sheet_row", "body", "insertion", "deletion",
    "replacement", "margin_comment",
    "cell_note",  # an Excel note (批注) on a cell: a comment of its row
    # Read, but never comments (AttachmentResult.asides): page headers and footers, hidden sheets,
    # a template's example rows.
    "page_header", "hidden_sheet", "template_example",
]


@dataclass(frozen=True, slots=True)
class Clause:
    """One numbered clause of the draft.

    :ivar number: global number, 1..N, in document order
    :ivar section: number of the section (一、二、…) it lies in, 1..M
    :ivar heading: its first sentence, up to the first 。, without the number
    :ivar text: the full text, sub-items and continuation paragraphs included
    """

    number: int
    section: int
    heading: str
    text: str


@dataclass(frozen=True, slots=True)
class Section:
    number: int
    title: str
    clauses: tuple[Clause, ...]


@dataclass(frozen=True, slots=True)
class Draft:
    title: str
    sections: tuple[Section, ...]
    preamble: str = ""

    @property
    def clauses(self) -> tuple[Clause, ...]:
        return tuple(c for s in self.sections for c in s.clauses)

    def clause(self, number: int) -> Clause | None:
        for c in self.clauses:
            if c.number == number:
                return c
        return None

    def section(self, number: int) -> Section | None:
        for s in self.sections:
            if s.number == number:
                return s
        return None


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file carried by a message, bytes as sent.

    :ivar filename: the decoded, NFC-normalised original name ("" when none was given)
    :ivar content_type: the MIME type the sender declared (not trusted: see parsers.sniff)
    """

    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True, slots=True)
class Envelope:
    """A parsed email, the parts mailbot needs.

    :ivar message_id: the Message-ID header as written, or "<sha256:…>" when absent
    :ivar sender: the From address, lower-case
    :ivar auto_submitted: RFC 3834 auto-reply, bulk/list mail, report or bounce
    :ivar body_text: the plain text of the body (HTML turned into text where that is all there is)
    :ivar forwarded: mail carried inside this one (message/rfc822 parts)
    :ivar auth_failure: what Authentication-Results say failed ("dmarc=fail"), or ""
    :ivar notes: a line for each part that could not be read and was skipped
    """

    message_id: str
    sender: str
    sender_name: str
    subject: str
    date: str
    auto_submitted: bool
    body_text: str
    attachments: tuple[Attachment, ...] = ()
    forwarded: tuple[Envelope, ...] = ()
    in_reply_to: str = ""
    references: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    auth_failure: str = ""


@dataclass(frozen=True, slots=True)
class Block:
    """A piece of a reply that may hold a comment.

    :ivar kind: paragraph, list_item, table_row, sheet_row, body, insertion, …
    :ivar text: the proposal (for a table row: the proposal column)
    :ivar origin: where it came from, for a reader: "表格1第3行", "段落5", "sheet 修改意见 row 4"
    :ivar ref: the clause reference written beside it (a table's 条款 column), if any
    :ivar reason: the reason column (理由/说明/备注), if any
    :ivar quote: the original wording the row quotes (原文 column), if any
    :ivar context: a reference inherited from a heading above it ("四、关于第18条：")
    :ivar anchor: the clause a tracked change or margin comment sits in, when known
    :ivar page: the page of a PDF or scan it was read from (1-based), when it has pages
    :ivar box: where on that page (x0, y0, x1, y1 in the page's pixels at 200 dpi)
    :ivar ocr_score: the OCR's lowest line confidence for its text; None when it was typed text
    :ivar view: how the picture was turned to read it ("r=90 s=-0.75": rotation, skew), so the
        box can be cut from the page again for a reader
    :ivar author: who wrote a tracked change or a margin comment (Word's author, and the date)
    """

    kind: BlockKind
    text: str
    origin: str
    ref: str = ""
    reason: str = ""
    quote: str = ""
    context: str = ""
    anchor: int | None = None
    page: int | None = None
    box: tuple[float, float, float, float] | None = None
    ocr_score: float | None = None
    view: str = ""
    author: str = ""


@dataclass(frozen=True, slots=True)
class Comment:
    """One comment, mapped to the draft.

    :ivar clause_ref: the reference as the unit wrote it ("第三部分第2条"), or ""
    :ivar scope: clause, section or general
    :ivar confidence: 0..1; below the review threshold the comment needs review
    :ivar evidence: what decided the mapping, in words a reader can check
    :ivar origin: where in the message it came from
    :ivar source: "body" or the attachment's filename
    :ivar original: the draft's wording the comment is about (原文 column, a margin comment's anchor)
    :ivar page: page of the PDF or scan it was read from; box: where on it (see Block)
    :ivar ocr_score: the OCR's confidence in its words (None: typed text)
    :ivar duplicates: the other sources in the same message that carried the same comment
    """

    text: str
    reason: str
    clause_ref: str
    scope: Scope
    clause: int | None
    section: int | None
    confidence: float
    evidence: str
    origin: str
    source: str = "body"
    original: str = ""
    page: int | None = None
    box: tuple[float, float, float, float] | None = None
    ocr_score: float | None = None
    duplicates: str = ""
    view: str = ""


@dataclass(frozen=True, slots=True)
class Unit:
    name: str
    category: str
    emails: tuple[str, ...]
    aliases: tuple[str, ...]
    contact: str = ""


@dataclass(frozen=True, slots=True)
class AttachmentResult:
    """What reading one attachment gave: its blocks, or why it could not be read."""

    filename: str
    type: str
    status: Literal["read", "draft_copy", "skipped", "error"]
    blocks: tuple[Block, ...] = ()
    error: str = ""
    text: str = field(default="", repr=False)
    sha256: str = ""
    ocr_pages: int = 0  # pages read by OCR (a scan, a photo, a PDF page without text)
    # Text read from the file that is not a comment (page headers and footers): shown by
    # `mailbot read`, part of `text`, never mapped.
    asides: tuple[Block, ...] = ()
