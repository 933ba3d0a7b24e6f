"""`mailbot read FILE...`: what mailbot reads from a file before any mapping, one block a line.

For an operator checking a reply by hand: a scan's OCR, a PDF's table, a Word file's tracked
changes, a message's body and attachments, exactly as the mapping will see them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from mailbot.pipeline.convert import convert_legacy
from parsers.attachments import read_attachments
from parsers.draft import parse_draft
from parsers.envelope import parse_envelope
from parsers.guard import Limits
from parsers.clauses import squash
from parsers.records import Attachment, AttachmentResult, Block, Draft
from parsers.reply import body_blocks, own_texts

FIELDS = ("file", "source", "kind", "text", "author", "origin", "ref", "reason", "page", "ocr_score")


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
                       "text": result.error or "（未读出意见）", "author": "", "origin": "", "ref": "", "reason": "",
                       "page": None, "ocr_score": None}
            for block in (*result.blocks, *result.asides):
                yield _row(path, result.filename, block)
            for line in unused_lines(result):
                yield _row(path, result.filename, Block("text", line, "未作为意见的文字"))  # type: ignore[arg-type]  # "text" is no BlockKind: these rows are only listed, never mapped


def unused_lines(result: AttachmentResult) -> list[str]:
    """The lines read from a file that are in no block: the title, the greeting, a letterhead, a
    sentence no rule took for a comment. Shown, so "why was this comment not found?" has an
    answer: it was read, and here is what became of it."""
    fields = {squash(f) for b in (*result.blocks, *result.asides) for f in (b.text, b.ref, b.reason, b.quote, b.context)}
    joined = "\n".join(fields)
    out = []
    for line in result.text.splitlines():
        cells = [cell.strip() for cell in line.split(" | ")]  # a table row: its cells each
        # (a merged cell's text fills each column it spans: once is enough here)
        cells = [cell for i, cell in enumerate(cells) if i == 0 or cell != cells[i - 1]]
        unused = [cell for cell in cells if cell and not _taken(squash(cell), fields, joined)]
        if unused:
            out.append(" | ".join(unused))
    return out


def _taken(probe: str, fields: set[str], joined: str) -> bool:
    """In a block already: the whole of one of its fields, or a long enough part of one (a
    short "1" or "是" found inside some comment proves nothing)."""
    return bool(probe) and (probe in fields or (len(probe) >= 6 and probe in joined))


def _row(path: Path, source: str, block: Block) -> dict[str, Any]:
    return {"file": str(path), "source": source, "kind": block.kind, "text": block.text, "author": block.author,
            "origin": block.origin, "ref": block.ref, "reason": block.reason, "page": block.page,
            "ocr_score": round(block.ocr_score, 3) if block.ocr_score is not None else None}


def as_text(row: dict[str, Any]) -> str:
    """kind, text, author, origin: tab-separated, one block a line."""
    text = " ".join(str(row["text"]).split())
    return "\t".join([row["kind"], text, row["author"], row["origin"] or row["source"]])


def as_json(row: dict[str, Any]) -> str:
    return json.dumps({k: row[k] for k in FIELDS}, ensure_ascii=False)
