"""`mailbot read FILE...`: what mailbot reads from a file before any mapping, one block a line.

For an operator checking a reply by hand: a scan's OCR, a PDF's table, a Word file's tracked
changes, a message's body and attachments, exactly as the mapping will see them.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from mailbot.pipeline.convert import convert_legacy
from parsers.files.attachments import read_attachments
from parsers.placing.draft import parse_draft
from parsers.mail.envelope import parse_envelope
from parsers.guard import Limits
from parsers.placing.clauses import squash
from parsers.records import Attachment, AttachmentResult, Block, Draft
from parsers.reply import body_blocks, own_texts

FIELDS = ("file", "source", "kind", "text", "author", "origin", "ref", "reason", "quote", "page", "ocr_score")


def read_files(paths: list[Path], draft_path: Path, limits: Limits) -> Iterator[dict[str, Any]]:
    draft = parse_draft(draft_path.read_bytes(), draft_path.name)
    for path in paths:
        yield from _file_rows(path, draft, limits)


def _file_rows(path: Path, draft: Draft, limits: Limits) -> Iterator[dict[str, Any]]:
    data = path.read_bytes()
    if path.suffix.lower() == ".eml":
        own, _, envelopes = own_texts(parse_envelope(data))  # the sender's words, as a reply is read
        for block in body_blocks(own.splitlines()):
            yield _row(path, "body", block)
        attachments = [a for e in envelopes for a in e.attachments]
    else:
        attachments = [Attachment(path.name, "application/octet-stream", data)]
    for attachment in attachments:
        for result in read_attachments(attachment, draft, convert_legacy, limits=limits):
            if result.status == "error" or not result.blocks:
                yield {"file": str(path), "source": result.filename, "kind": result.status,
                       "text": result.error or "（未读出意见）", "author": "", "origin": "", "ref": "", "reason": "", "quote": "",
                       "page": None, "ocr_score": None}
            for block in (*result.blocks, *result.asides):
                yield _row(path, result.filename, block)
            for line in unused_lines(result):
                yield _row(path, result.filename, Block("text", line, "未作为意见的文字"))  # type: ignore[arg-type]  # "text" is no BlockKind: these rows are only listed, never mapped


def unused_lines(result: AttachmentResult) -> list[str]:
    """The lines read from a file that are in no block: the title, the greeting, a letterhead, a
    sentence no rule took for a comment, the draft's words a margin comment is anchored to.
    Shown, so "why was this comment not found?" has an answer: it was read, and here is what
    became of it. A text that comes twice (two rows saying 同意) is shown as often as a block
    does not hold it."""
    fields = [squash(f) for b in (*result.blocks, *result.asides) for f in (b.text, b.ref, b.reason, b.context)]
    taken = _Taken(Counter(f for f in fields if f), "\n".join(fields))
    out = []
    for line in result.text.splitlines():
        cells = [cell.strip() for cell in line.split(" | ")]  # a table row: its cells each
        unused = [cell for cell in cells if cell and not taken(squash(cell))]
        if unused:
            out.append(" | ".join(unused))
    return out


class _Taken:
    """Whether a block holds a text: the whole of one of its fields, or a long enough part of one
    (a short "1" or "是" found inside some comment proves nothing), each holding it only as often
    as it has it."""

    def __init__(self, fields: Counter[str], joined: str) -> None:
        self.fields, self.joined = fields, joined
        self.parts: Counter[str] = Counter()

    def __call__(self, probe: str) -> bool:
        if not probe:
            return False
        if self.fields[probe] > 0:
            self.fields[probe] -= 1
            return True
        if len(probe) < 6:
            return False
        if probe not in self.parts:
            self.parts[probe] = self.joined.count(probe)
        self.parts[probe] -= 1
        return self.parts[probe] >= 0


def _row(path: Path, source: str, block: Block) -> dict[str, Any]:
    return {"file": str(path), "source": source, "kind": block.kind, "text": block.text, "author": block.author,
            "origin": block.origin, "ref": block.ref, "reason": block.reason, "quote": block.quote, "page": block.page,
            "ocr_score": round(block.ocr_score, 3) if block.ocr_score is not None else None}


def as_text(row: dict[str, Any]) -> str:
    """kind, text, author, origin: tab-separated, one block a line."""
    text = " ".join(str(row["text"]).split())
    return "\t".join([row["kind"], text, row["author"], row["origin"] or row["source"]])


def as_json(row: dict[str, Any]) -> str:
    return json.dumps({k: row[k] for k in FIELDS}, ensure_ascii=False)
