"""`mailbot annotate`: the draft with the comments in its margin, read from the store and config.

reports.draft.annotate does the work on bytes; this module only gathers them: the draft file named
in the config (a .txt draft laid out as a .docx first), the clause tree and the active comments
with their replies' dates from the store, the desk's decisions, and who the department is.
"""

from __future__ import annotations

from email.utils import parseaddr
from typing import cast
from pathlib import Path

from mailbot.campaign.groups import groups_now
from mailbot.config import Config
from mailbot.store import Store, comments
from mailbot.store import decisions as stored
from reports.draft.annotate import Decision, annotated_draft, revised_draft, text_draft_docx
from parsers.records import Scope
from reports.draft.proposals import Remark

ANNOTATED_NAME = "批注稿.docx"
REVISED_NAME = "修改稿.docx"
DEPARTMENT = "起草部门"  # when the config names no sender



def remarks(store: Store) -> list[Remark]:
    """Every active comment, with the date of the reply it came in (the unit as the margin
    names it: the roster's name, an unlisted unit by its own name)."""
    return [Remark(r.id, r.unit, r.date, cast(Scope, r.scope), r.clause, r.section, r.text, r.reason, r.original,
                   r.confidence, r.needs_review) for r in comments.margin_rows(store)]


def decisions(store: Store) -> dict[str, Decision]:
    """The desk's decisions by comment id ({} before the desk made any)."""
    return {cid: Decision(r["decision"] or "", r["reason"] or "", r["decided_at"] or "")
            for cid, r in stored.decisions(store).items()}


def department(config: Config) -> str:
    """Who signs the revised draft's changes: the display name of [smtp] from."""
    name, _address = parseaddr(config.smtp.sender)
    return name.strip() or DEPARTMENT


def draft_docx(config: Config, store: Store) -> bytes:
    data = config.draft.read_bytes()
    if config.draft.suffix.lower() != ".txt":
        return data
    from parsers.placing.draft import _decode_text  # noqa: PLC2701 - the draft reader's own decoding

    return text_draft_docx(_decode_text(data), store.draft())


def annotated_file(config: Config, store: Store, adopted: bool) -> bytes:
    """The 批注稿, or (adopted) the 修改稿, as .docx bytes."""
    draft, found, groups = store.draft(), remarks(store), groups_now(store)  # the desk's groups, a clerk's changes in
    if adopted:
        return revised_draft(draft_docx(config, store), draft, found, decisions(store), department(config), groups)
    return annotated_draft(draft_docx(config, store), draft, found, groups)


def write_annotated(config: Config, store: Store, output: Path, adopted: bool) -> Path:
    """Write the file whole or not at all (a half-written .docx does not open)."""
    data = annotated_file(config, store, adopted)
    temporary = output.with_name(f".{output.name}.tmp")
    temporary.write_bytes(data)
    temporary.replace(output)
    return output


def annotated_files(config: Config, store: Store) -> dict[str, bytes]:
    """Both drafts by file name, for `mailbot report -o DIR` (beside the workbook)."""
    return {ANNOTATED_NAME: annotated_file(config, store, False), REVISED_NAME: annotated_file(config, store, True)}
