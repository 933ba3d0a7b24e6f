"""`mailbot status`: where the campaign stands, in a few lines."""

from __future__ import annotations

from mailbot.progress import progress
from mailbot.store import Store


def status_lines(store: Store) -> list[str]:
    rows = progress(store)
    counts = {s: sum(1 for r in rows if r["status"] == s) for s in ("已报送", "已更正", "无意见", "未报送", "待确认")}
    missing = counts["未报送"] + counts["待确认"]  # a possible reply is not counted until confirmed
    messages = store.messages()
    kinds = {k: sum(1 for m in messages if m["kind"] == k) for k in ("submission", "no_comment", "ignore")}
    active = store.comments("status = 'active'")
    review = sum(1 for c in active if c["needs_review"])
    failed_attachments = store.db.execute("select count(*) from attachments where status = 'error'").fetchone()[0]
    failed_messages = sum(1 for m in messages if m["status"] == "error")
    queued = store.db.execute("select count(*) from outbox where status != 'sent'").fetchone()[0]
    sent = store.db.execute("select count(*) from outbox where status = 'sent'").fetchone()[0]
    retrying = store.db.execute("select count(*) from outbox where status != 'sent' and attempts > 0").fetchone()[0]
    positions = [f"{r['folder']} uidvalidity {r['uidvalidity']} last uid {r['last_uid']}" for r in store.db["state"].rows]
    lines = [
        f"units       {len(rows)} on the roster: replied {len(rows) - missing} "
        f"(已报送 {counts['已报送']}, 已更正 {counts['已更正']}, 无意见 {counts['无意见']}), missing {missing}"
        + (f" ({counts['待确认']} with a possible reply to confirm: 待确认)" if counts["待确认"] else ""),
        f"messages    {len(messages)}: submission {kinds['submission']}, no_comment {kinds['no_comment']}, "
        f"ignore {kinds['ignore']}, failed {failed_messages}",
        f"comments    {len(active)} active, {review} need review",
        f"errors      {failed_attachments} attachments could not be read",
        f"outbox      {queued} queued ({retrying} after failed attempts), {sent} sent",
        f"last poll   {store.meta('last_poll') or 'never'}" + (f"; {'; '.join(positions)}" if positions else ""),
    ]
    for event in store.recent_events("error", limit=5):
        lines.append(f"  error {event['at']} {event['what']} {event['message_id']}: {event['detail']}")
    return lines
