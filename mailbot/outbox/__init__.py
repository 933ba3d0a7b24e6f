"""Everything mailbot sends: the queue in the store (`queue`), the notices it queues (receipts,
digests, reminders: `notices`), and the daemon's delivery thread (`delivery`)."""

from mailbot.outbox.queue import Outbox, outbox_row

__all__ = ["Outbox", "outbox_row"]
