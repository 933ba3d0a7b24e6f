"""`mailbot confirm` and the desk: the clerk decides whether a message answers this round.

A possible reply (and a message judged not to be one) keeps its comments aside; once the
clerk says it is a reply, the message counts as what it would have been (submission or
无意见), its comments become active and the unit's submissions are settled again.
"""

from __future__ import annotations

from mailbot.campaign.rounds import open_round_store
from mailbot.config import Config
from mailbot.errors import MailbotError
from mailbot.pipeline.ingest import settle_unit
from mailbot.store import Store, comments, messages
from parsers.mail.rounds import UNDECIDED


def confirm_message(store: Store, message_id: str, is_reply: bool, by: str = "") -> str:
    message = store.message(message_id)
    if message is None:
        raise MailbotError(f"confirm: no message {message_id} (see `mailbot export --table messages`)")
    if message["status"] == "error":
        raise MailbotError(f"confirm: {message_id} could not be read ({message['error']}); run `mailbot retry` first")
    who = f"（{by}）" if by else ""
    with store.writing():
        store.confirm(message_id, "reply" if is_reply else "not", by)
        if is_reply:
            kind = message["proposed_kind"] or ("submission" if comments.has_comments(store, message_id) else "no_comment")
            messages.confirm_reply(store, message_id, kind, f"人工确认为回复{who}")
            settle_unit(store, message["unit"] or message["unlisted_unit"])
        else:
            kind = "ignore"
            messages.confirm_not_reply(store, message_id, f"人工确认不是回复{who}")
            settle_unit(store, message["unit"] or message["unlisted_unit"])
        store.log_event("info", "confirm", message_id, f"{'reply' if is_reply else 'not a reply'} {by}".strip())
    unit = message["unit"] or message["unlisted_unit"] or message["sender"]
    return f"{message_id}: {unit}: {kind}"


def settle_rivals(config: Config, message_id: str, by: str = "") -> list[str]:
    """A message that waited under several rounds, confirmed as a reply to this one, is no
    reply to the others: each other round's copy is set so (and says why). Returns their names."""
    settled = []
    for other in config.each_round():
        if other.round_name == config.round_name or other.round_state == "archived":
            continue
        store = open_round_store(other)
        try:
            found = store.message(message_id)
            if found is not None and found["kind_reason"] == UNDECIDED:
                confirm_message(store, message_id, False, f"{by}，已确认属于《{config.title}》".lstrip("，"))
                settled.append(other.round_name)
        finally:
            store.close()
    return settled
