"""What people decide about comments: adoption decisions, corrections, and the audit log.

The review desk lets an operator re-map a comment, split one into two, mark one
"not a comment" and record whether it is adopted (采纳). Each of these is a row
here and every change is also written to `changes` (who, when, before, after),
so the history of a comment can be shown beside it. The rows are mailbot.store.decisions'
(its tables are made with the store's).

Splits and rejections live on the comment rows (status "split" / "rejected",
which active-comment queries exclude), so re-processing a message would undo
them; `comment_edits` remembers them and `reapply_edits` puts them back.
Comment ids are stable across re-processing, so decisions stay with their comment.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable, Sequence
from typing import Any

from mailbot.campaign.assigning import assign_comment
from mailbot.categories import DECISIONS as DECISIONS  # the decision words (Adoption), where the desk finds them
from mailbot.categories import UNDECIDED as UNDECIDED
from mailbot.errors import MailbotError
from mailbot.store import Store, comment_id, comments, now
from mailbot.store import decisions as stored
from mailbot.store.decisions import Edit
from mailbot.store.listing import comment_row, numbered_comments
from parsers.records import Draft
from reports.adoption import AdoptionRow, adoption_docx, adoption_row, adoption_xlsx
from reports.placement import place_label

FIELD_LABELS = {"place": "条款", "decision": "是否采纳", "reason": "说明", "status": "状态", "split": "拆分",
                "group": "归组"}
STATUS_LABELS = {"active": "有效", "superseded": "已被更正稿替代", "split": "已拆分", "rejected": "非意见",
                 "corrected": "文字已改正", "pending": "待确认是否回复", "ignored": "非本稿回复"}
HAND_ENTERED = "人工录入"  # the source of a comment a clerk typed from a reply nobody could read


def ensure_tables(store: Store) -> None:
    """The tables made now on a Store just made by `init` (opening one makes them)."""
    store.create_missing_tables()


# reading ----------------------------------------------------------------------
def comment(store: Store, cid: str) -> dict[str, Any]:
    row = comments.comment(store, cid)
    if row is None:
        raise MailbotError(f"no comment {cid}")
    return row


def decisions(store: Store, ids: Iterable[str] | None = None) -> dict[str, dict[str, Any]]:
    """Decisions by comment id; `ids` asks for those comments' only (by primary key)."""
    return stored.decisions(store, ids)


def decision_of(store: Store, cid: str) -> dict[str, Any]:
    """One comment's decision, {} while there is none."""
    return decisions(store, [cid]).get(cid, {})


def changes(store: Store, ids: Iterable[str] | None = None) -> dict[str, list[dict[str, Any]]]:
    """The audit log by comment id, oldest first; `ids` limits it to those comments (by index)."""
    return stored.changes(store, ids)


def place_text(store: Store, row: dict[str, Any]) -> str:
    return place_label(row, store.draft())[0]


# changing ---------------------------------------------------------------------
def record_change(store: Store, cid: str, who: str, field: str, before: str, after: str) -> None:
    stored.add_change(store, cid, who, now(), field, before, after)


class StaleEdit(MailbotError):
    """A change made from a page that showed an older version of it: someone changed it since.
    The message (in Chinese, for the desk) names who and when; nothing was written."""


def set_decision(store: Store, cid: str, decision: str, reason: str, who: str, version: int | None = None) -> None:
    """Record 采纳 / 部分采纳 / 不采纳 / 已有相关表述 (or clear it) and why.

    `version` is the decision's version the clerk's page showed (None: not checked): a save
    made over a newer one raises StaleEdit instead of silently overwriting it."""
    if decision not in DECISIONS and decision != "":
        raise MailbotError(f"decision: {decision!r} is not one of {'、'.join(DECISIONS)}")
    comment(store, cid)
    reason = reason.strip()
    with store.writing():  # read, check and write under one lock: no save slips in between
        old = stored.decided(store, cid)
        if version is not None and version != old.version:
            by, at = old.decided_by or "他人", _local_time(old.decided_at)
            raise StaleEdit(f"此条已被{by}于{at}修改，请刷新后再定。")
        if (old.decision, old.reason) == (decision, reason):
            return  # nothing changed: the version stays, so nobody else's page goes stale
        stored.save_decision(store, cid, decision, reason, who, now(), old.version + 1)
        if old.decision != decision:
            record_change(store, cid, who, "decision", old.decision or UNDECIDED, decision or UNDECIDED)
        if old.reason != reason:
            record_change(store, cid, who, "reason", old.reason, reason)


def _local_time(stamp: str) -> str:
    """2014-09-10T02:23:00+00:00 as 2014-09-10 10:23 on a desk in UTC+8."""
    try:
        return datetime.datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
    except (TypeError, ValueError):
        return str(stamp or "此前")


def assign_place(store: Store, cid: str, target: str, who: str) -> str:
    """The same override as `mailbot assign` (kept across re-processing), logged."""
    before = place_text(store, comment(store, cid))
    result = assign_comment(store, cid, target)
    after = place_text(store, comment(store, cid))
    record_change(store, cid, who, "place", before, after)
    return result


def reject_comment(store: Store, cid: str, who: str) -> None:
    """Mark a piece of text that is not a comment (a greeting, a signature line)."""
    row = comment(store, cid)
    if row["status"] != "active":
        raise MailbotError(f"comment {cid} is {STATUS_LABELS.get(row['status'], row['status'])}, not active")
    with store.writing():
        _remember_edit(store, cid, "rejected", [], who)
        comments.set_status(store, cid, "rejected")
        record_change(store, cid, who, "status", STATUS_LABELS["active"], STATUS_LABELS["rejected"])


def restore_comment(store: Store, cid: str, who: str) -> None:
    """Undo "not a comment"."""
    row = comment(store, cid)
    if row["status"] != "rejected":
        raise MailbotError(f"comment {cid} is not marked as not a comment")
    with store.writing():
        stored.forget_edit(store, cid)
        comments.set_status(store, cid, "active")
        record_change(store, cid, who, "status", STATUS_LABELS["rejected"], STATUS_LABELS["active"])


def split_comment(store: Store, cid: str, first: str, second: str, who: str) -> list[str]:
    """One comment that holds two proposals becomes two; the original is kept as "split"."""
    parts = [first.strip(), second.strip()]
    row = comment(store, cid)
    if row["status"] != "active":
        raise MailbotError(f"comment {cid} is {STATUS_LABELS.get(row['status'], row['status'])}, not active")
    if not all(parts) or parts[0] == parts[1]:
        raise MailbotError("split: both parts must be given, and differ")
    with store.writing():
        _remember_edit(store, cid, "split", parts, who)
        ids = _insert_parts(store, row, parts)
        comments.set_status(store, cid, "split")
        record_change(store, cid, who, "split", row["text"], " ｜ ".join(f"{i}：{p}" for i, p in zip(ids, parts)))
        for new_id, part in zip(ids, parts):
            record_change(store, new_id, who, "split", f"{cid}：{row['text']}", part)
    return ids


def correct_text(store: Store, cid: str, text: str, who: str) -> str:
    """The clerk's reading of a comment's words (an OCR slip, a typo in the scan's reading).
    The read text is kept as "corrected"; the new row carries place, source and page."""
    text = text.strip()
    row = comment(store, cid)
    if row["status"] != "active":
        raise MailbotError(f"comment {cid} is {STATUS_LABELS.get(row['status'], row['status'])}, not active")
    if not text or text == row["text"]:
        raise MailbotError("correct: give the comment's right wording (it is unchanged)")
    with store.writing():
        _remember_edit(store, cid, "corrected", [text], who)
        (new_id,) = _insert_parts(store, row, [text])
        comments.set_status(store, cid, "corrected")
        record_change(store, cid, who, "text", row["text"], f"{new_id}：{text}")
        record_change(store, new_id, who, "text", f"{cid}：{row['text']}", text)
    return new_id


def enter_comment(store: Store, message_id: str, text: str, target: str, reason: str, who: str) -> str:
    """A comment typed by the clerk from a reply that could not be read (a blurred scan, a
    locked PDF). It is a comment like any other, its source says it was entered by hand,
    and it survives re-processing of the message."""
    message = store.message(message_id)
    if message is None:
        raise MailbotError(f"enter: no message {message_id}")
    if not text.strip():
        raise MailbotError("enter: the comment's text is empty")
    seq = comments.next_hand_entered_seq(store, message_id)
    row = {
        "id": comment_id(message_id, seq, text.strip()), "message_id": message_id, "seq": seq, "unit": message["unit"],
        "unlisted_unit": message["unlisted_unit"], "source": HAND_ENTERED, "origin": f"{who or '审阅人'}录入",
        "scope": "general", "clause": None, "section": None, "text": text.strip(), "reason": reason.strip(),
        "original": "", "clause_ref": target, "confidence": 1.0, "needs_review": 0,
        "evidence": "人工录入", "status": "active" if message["kind"] == "submission" else "pending",
    }
    with store.writing():
        comments.put(store, row)
        _remember_edit(store, row["id"], "entered", [json.dumps(row, ensure_ascii=False)], who)
        record_change(store, row["id"], who, "text", "", row["text"])
    if target.strip():
        assign_place(store, row["id"], target, who)
    return str(row["id"])


def _remember_edit(store: Store, cid: str, action: str, parts: Sequence[str], who: str) -> None:
    stored.remember_edit(store, cid, action, json.dumps(list(parts), ensure_ascii=False), who, now())


def _insert_parts(store: Store, row: dict[str, Any], parts: Sequence[str]) -> list[str]:
    """Rows for a split's parts: the original's place and provenance, their own text and id.

    An operator override made on a part is applied again, by the store's own rule."""
    ids = []
    for part in parts:
        new_id = comment_id(row["message_id"], row["seq"], part)
        child = store.with_override({**row, "id": new_id, "text": part})
        comments.put(store, child)
        ids.append(new_id)
    return ids


def reapply_edits(store: Store, message_id: str | None = None) -> int:
    """After re-processing, mark split / rejected comments again (idempotent)."""
    applied = 0
    for edit in stored.edits(store):
        found = comments.comment(store, edit.comment_id)
        if edit.action == "entered":
            applied += _enter_again(store, edit, found, message_id)
            continue
        if found is None or (message_id and found["message_id"] != message_id) or found["status"] != "active":
            continue
        with store.writing():
            if edit.action in ("split", "corrected"):
                _insert_parts(store, found, json.loads(edit.parts))
                comments.set_status(store, edit.comment_id, edit.action)
            else:
                comments.set_status(store, edit.comment_id, "rejected")
        applied += 1
    return applied


def _enter_again(store: Store, edit: Edit, found: dict[str, Any] | None, message_id: str | None) -> int:
    """A hand-entered comment, put back after its message was read again."""
    row = json.loads(json.loads(edit.parts)[0])
    if found or (message_id and row["message_id"] != message_id) or not store.has_message(row["message_id"]):
        return 0
    message = store.message(row["message_id"]) or {}
    row["status"] = "active" if message.get("kind") == "submission" else "pending"
    comments.put(store, store.with_override(row))
    return 1


# the adoption table -------------------------------------------------------------
def adoption_records(store: Store) -> list[AdoptionRow]:
    """Every active comment with its decision, ordered by clause then roster order."""
    draft = store.draft()
    return [adoption_record(r, draft) for r in numbered_comments(store)]


def adoption_record(row: dict[str, Any], draft: Draft) -> AdoptionRow:
    """The adoption table's line for a comment row of mailbot.store.listing (number and decision joined)."""
    return adoption_row(row["number"], row, {"decision": row["decision"], "reason": row["decision_reason"]}, draft)


def adoption_record_of(store: Store, cid: str, number: int) -> AdoptionRow | None:
    """One comment's line, as a decision click redraws it: read by its id alone. Its number
    (序号) is the one the page showed: a decision does not move a comment in the table."""
    row = comment_row(store, cid)
    return adoption_record({**row, "number": number}, store.draft()) if row and row["status"] == "active" else None


ADOPTION_FORMATS = {".docx": adoption_docx, ".xlsx": adoption_xlsx}


def adoption_table(store: Store, campaign_title: str, suffix: str) -> bytes:
    """The adoption table as a .docx or .xlsx file's bytes."""
    build = ADOPTION_FORMATS.get(suffix.lower())
    if build is None:
        raise MailbotError(f"adoption: cannot write {suffix or 'a file without extension'}: use FILE.docx or FILE.xlsx")
    return build(adoption_records(store), campaign_title)
