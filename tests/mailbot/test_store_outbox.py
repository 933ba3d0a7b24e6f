"""The outbox's rows (mailbot/store/outbox.py) through its functions: queued once per ref,
claimed one at a time while due, sent, refused, released; and the figures read from them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from mailbot.outbox import outbox_row
from mailbot.store import Store, outbox

NOW = "2014-09-20T02:00:00+00:00"
LATER = "2014-09-20T03:00:00+00:00"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store(tmp_path / "mailbot.db", create=True)
    yield opened
    opened.close()


def _queue(store: Store, ref: str, kind: str = "receipt", to: str = "a@a.example") -> bool:
    return outbox.add(store, outbox_row(kind, [to], "回执", b"Subject: x\n\nbody\n", ref))


def test_a_ref_is_queued_once(store: Store) -> None:
    assert _queue(store, "receipt:<m1>")
    assert not _queue(store, "receipt:<m1>")
    assert outbox.due_count(store, NOW) == 1


def test_a_claim_takes_the_oldest_due_mail_once(store: Store) -> None:
    _queue(store, "r1")
    _queue(store, "r2")
    first = outbox.claim(store, "me", LATER, NOW)
    assert first is not None and (first.ref, first.attempts) == ("r1", 0)
    assert outbox.message_bytes(store, first.id) == b"Subject: x\n\nbody\n"
    second = outbox.claim(store, "other", LATER, NOW)
    assert second is not None and second.ref == "r2"
    assert outbox.claim(store, "me", LATER, NOW) is None
    assert sorted(outbox.claimants(store)) == ["me", "other"]
    # A lease that ran out makes the mail due again (its sender died).
    assert outbox.claim(store, "third", "2014-09-20T05:00:00+00:00", "2014-09-20T04:00:00+00:00") is not None


def test_sent_refused_and_released_mail_are_counted(store: Store) -> None:
    for ref in ("r1", "r2", "r3", "r4"):
        _queue(store, ref)
    sent, refused, given_up, failed = (outbox.claim(store, "me", LATER, NOW) for _ in range(4))
    assert sent and refused and given_up and failed
    outbox.mark_sent(store, sent, NOW)
    outbox.mark_refused(store, refused.id, given_up=False, attempts=1, error="450 later", retry_at=LATER)
    outbox.mark_refused(store, given_up.id, given_up=True, attempts=5, error="550 no", retry_at=LATER)
    outbox.release_failed(store, "me", "connection lost")
    assert outbox.figures(store) == outbox.Figures(queued=2, retrying=2, sent=1, failed=1)
    assert outbox.last_sent(store) == NOW
    assert outbox.due_count(store, NOW) == 1  # the released one; the refused one waits until LATER
    outbox.due_now(store)
    assert outbox.due_count(store, NOW) == 2


def test_claims_of_dead_senders_are_released(store: Store) -> None:
    _queue(store, "r1")
    assert outbox.claim(store, "host:1:a", LATER, NOW) is not None
    outbox.release_claims(store, [])
    assert outbox.due_count(store, NOW) == 0
    outbox.release_claims(store, ["host:1:a"])
    assert outbox.due_count(store, NOW) == 1 and outbox.claimants(store) == []


def test_receipts_and_reminders_are_counted_apart(store: Store) -> None:
    _queue(store, "receipt:<m1>", to="a@a.example")
    _queue(store, "receipt:<m2>", to="b@b.example")
    _queue(store, "reminder-manual:甲单位:2014-09-20", kind="reminder")
    _queue(store, "reminder:乙单位:2014-09-20", kind="reminder")
    assert outbox.receipts_since(store, '["a@a.example"]', "2000-01-01") == 1
    assert outbox.receipts_since(store, '["a@a.example"]', "2999-01-01") == 0
    assert outbox.reminder_counts(store) == {"queued": 2, "sent": 0}
    assert [r["ref"] for r in outbox.manual_reminders(store, 30)] == ["reminder-manual:甲单位:2014-09-20"]
