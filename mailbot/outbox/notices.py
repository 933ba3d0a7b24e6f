"""The mail mailbot sends on its own: receipts, the digest, the final report, reminders.

This module stamps the Date and Message-ID (clock and host) and decides who gets
what; the bytes are built by reports.mail. Everything goes through the outbox.
"""

from __future__ import annotations

import datetime
import email.utils
from typing import TYPE_CHECKING, Any

from mailbot.config import Config
from mailbot.outbox import Outbox, outbox_row
from mailbot.campaign.counts import counts
from mailbot.campaign.progress import active_comments, missing_units, units_to_remind
from mailbot.campaign.report import WORKBOOK_NAME, build_report_files
from mailbot.store import Store
from parsers.records import Envelope
from reports.mail import DigestFigures, Headers, build_digest, build_receipt, build_reminder

if TYPE_CHECKING:  # reading replies is a heavy import that `report` and `status` do without
    from parsers.reply import Reading

NO_REPLY_LOCALS = ("mailer-daemon", "postmaster", "noreply", "no-reply", "donotreply", "do-not-reply")


def headers(config: Config, to: list[str], subject: str, *, auto: str = "auto-generated", in_reply_to: str = "") -> Headers:
    domain = email.utils.parseaddr(config.smtp.sender)[1].partition("@")[2] or "mailbot.invalid"
    return Headers(
        sender=config.smtp.sender or config.own_address, to=to, subject=subject,
        date=email.utils.formatdate(localtime=True), message_id=email.utils.make_msgid("mailbot", domain),
        auto=auto, in_reply_to=in_reply_to,
    )


def wants_receipt(config: Config, envelope: Envelope, reading: Reading) -> bool:
    """Only real replies get one: never auto-replies, bulk mail, daemons or ourselves."""
    sender = envelope.sender
    if not config.receipts or reading.kind not in ("submission", "no_comment") or envelope.auto_submitted:
        return False
    if not sender or "@" not in sender or sender == config.own_address:
        return False
    if envelope.auth_failure:  # a forged sender: a receipt would be backscatter to a stranger
        return False
    return sender.partition("@")[0] not in NO_REPLY_LOCALS


def receipt_row(config: Config, envelope: Envelope, reading: Reading) -> dict[str, Any] | None:
    if not wants_receipt(config, envelope, reading):
        return None
    unit = reading.unit.unit.name if reading.unit.unit else (reading.unit.unlisted or envelope.sender_name or envelope.sender)
    comments = [{"scope": c.scope, "clause": c.clause, "section": c.section} for c in reading.comments]
    h = headers(config, [envelope.sender], f"回执：{envelope.subject}"[:200], auto="auto-replied", in_reply_to=envelope.message_id)
    message = build_receipt(
        h, unit=unit, kind=reading.kind, original_subject=envelope.subject, received=envelope.date[:16].replace("T", " "),
        comments=comments, campaign_title=config.title, department=config.smtp.sender or config.own_address,
    )
    return outbox_row("receipt", [envelope.sender], h.subject, message, f"receipt:{envelope.message_id}")


def queue_digest(
    config: Config, store: Store, outbox: Outbox, today: datetime.date, *, final: bool = False, ref: str | None = None
) -> bool:
    """The digest (or the final report) to reports.recipients. `ref` makes it once-only
    (one per scheduled time; the final report once); without it, it is always queued."""
    if not config.recipients:
        return False
    files = build_report_files(config, store, today)
    figures = digest_figures(config, store, today, final=final)
    label = "最终汇总" if final else "汇总"
    subject = f"【征求意见{label}】{config.title}：已回复{figures.replied}/{figures.total_units}（{today.isoformat()}）"
    h = headers(config, list(config.recipients), subject)
    message = build_digest(h, figures, files[WORKBOOK_NAME], WORKBOOK_NAME)
    kind = "final" if final else "digest"
    return outbox.queue(kind, list(config.recipients), subject, message, ref or f"{kind}:{h.message_id}")


def digest_figures(config: Config, store: Store, today: datetime.date, *, final: bool = False) -> DigestFigures:
    """The digest's figures, each as mailbot.campaign.counts defines it (the desk and `status` show the same)."""
    figures = counts(store)
    return DigestFigures(
        campaign_title=config.title, today=today.isoformat(), deadline=config.deadline.isoformat() if config.deadline else "",
        total_units=figures.roster, replied=figures.replied, missing=[u.name for u in missing_units(store)],
        comments=active_comments(store), review=figures.needs_review, errors=figures.read_errors, final=final,
    )


def queue_reminders(config: Config, store: Store, outbox: Outbox, today: datetime.date) -> int:
    """催报 to each missing unit's roster addresses, once a day, on the configured days."""
    if not config.deadline or (config.deadline - today).days not in config.reminder_days:
        return 0
    queued = 0
    for unit in units_to_remind(store):
        if not unit.emails:
            continue
        subject = f"提醒：请于{config.deadline.isoformat()}前报送对《{config.title}》的意见"
        h = headers(config, list(unit.emails), subject)
        message = build_reminder(h, unit=unit.name, campaign_title=config.title, deadline=config.deadline.isoformat(),
                                 department=config.smtp.sender or config.own_address)
        queued += outbox.queue("reminder", list(unit.emails), subject, message, f"reminder:{today.isoformat()}:{unit.name}")
    return queued
