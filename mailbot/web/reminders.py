"""催报 on demand: the desk's button queues a reminder to every unit that has not replied.

Unlike notices.queue_reminders (the daemon's, only on the configured days before
the deadline), this runs whenever an operator asks; the ref
"reminder-manual:<date>:<unit>" keeps it to one a unit a day however often the
button is pressed. Mail goes through the outbox like all mail mailbot sends.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from mailbot.config import Config
from mailbot.outbox.notices import headers
from mailbot.outbox import Outbox
from mailbot.campaign.progress import pending_units, units_to_remind
from mailbot.store import Store
from reports.mail import build_reminder

NO_DEADLINE = "通知要求的时间"


@dataclass
class ReminderResult:
    queued: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    no_address: list[str] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)


def queue_manual_reminders(config: Config, store: Store, outbox: Outbox, today: datetime.date) -> ReminderResult:
    result = ReminderResult()
    deadline = config.deadline.isoformat() if config.deadline else NO_DEADLINE
    department = config.smtp.sender or config.own_address
    result.pending = pending_units(store)
    for unit in units_to_remind(store):
        if not unit.emails:
            result.no_address.append(unit.name)
            continue
        subject = f"提醒：请于{deadline}前报送对《{config.title}》的意见"
        h = headers(config, list(unit.emails), subject)
        message = build_reminder(h, unit=unit.name, campaign_title=config.title, deadline=deadline, department=department)
        ref = f"reminder-manual:{today.isoformat()}:{unit.name}"
        queued = outbox.queue("reminder", list(unit.emails), subject, message, ref)
        (result.queued if queued else result.already).append(unit.name)
    return result
