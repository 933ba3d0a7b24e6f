"""`mailbot assign`: an operator sets a comment's clause, section or whole-text scope."""

from __future__ import annotations

from mailbot.errors import MailbotError
from mailbot.store import Store, comments
from parsers.placing.clauses import general_target, number_targets, section_target


def assign_comment(store: Store, comment_id: str, target: str) -> str:
    if not comments.exists(store, comment_id):
        raise MailbotError(f"assign: no comment {comment_id} (see `mailbot export` for ids)")
    draft = store.draft()
    text = target if not target.strip().isdigit() else f"第{target.strip()}条"
    clauses = number_targets(text, draft, cell=True)
    if len(clauses) == 1:
        store.assign(comment_id, "clause", clauses[0].clause, clauses[0].section)
        return f"{comment_id}: 第{clauses[0].clause}条"
    section = section_target(text, draft)
    if section:
        store.assign(comment_id, "section", None, section.section)
        return f"{comment_id}: 第{section.section}部分"
    if general_target(text) or text in ("全文", "general"):
        store.assign(comment_id, "general", None, None)
        return f"{comment_id}: 全文"
    raise MailbotError(f"assign: {target!r} is not a clause of the draft (1..{len(draft.clauses)}), 第N部分 or 全文")
