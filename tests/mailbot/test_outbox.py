"""The outbox (mailbot/outbox/queue.py): queued once by ref, delivered to a folder or a real SMTP
server, refusals retried then given up, dead senders' claims taken back, outages told once."""

from __future__ import annotations

import datetime
import email
import email.policy
import os
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from servers import SmtpServer, free_port

from mailbot.config import SmtpConfig
from mailbot.outbox import Outbox
from mailbot.outbox.queue import MAX_REFUSALS
from mailbot.store import Store

SENDER = "延边州总工会宣传教育部 <xcjyb@ybgh.example>"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = Store(tmp_path / "mailbot.db", create=True)
    yield store
    store.close()


def smtp(port: int) -> SmtpConfig:
    return SmtpConfig(kind="smtp", host="127.0.0.1", port=port, tls="none", sender=SENDER)


def mail(n: int, to: str = "") -> tuple[str, list[str], str, bytes, str]:
    """queue()'s arguments for receipt number n."""
    return "receipt", [to or f"unit{n}@units.example"], f"回执 {n}", f"Subject: receipt {n}\n\nok {n}\n".encode(), f"r{n}"


def rows(store: Store) -> list[dict[str, Any]]:
    return list(store.db["outbox"].rows_where(order_by="id"))


def subjects(server: SmtpServer) -> list[str]:
    return [str(email.message_from_bytes(data, policy=email.policy.default)["Subject"]) for _, _, data in server.messages]


def refuse(server: SmtpServer, address: str, reply: str = "550 5.1.1 no such user") -> None:
    """Make the server refuse RCPT TO:<address> (aiosmtpd takes hooks from its handler's attributes
    on each connection)."""

    async def handle_RCPT(smtp: Any, session: Any, envelope: Any, rcpt: str, options: list[str]) -> str:
        if rcpt == address:
            return reply
        envelope.rcpt_tos.append(rcpt)
        return "250 OK"

    server._recorder.handle_RCPT = handle_RCPT  # type: ignore[attr-defined]


def later_than_now(stamp: str) -> bool:
    return datetime.datetime.fromisoformat(stamp) > datetime.datetime.now(datetime.timezone.utc)


def test_queue_is_idempotent_by_ref(store: Store, tmp_path: Path) -> None:
    """GIVEN a queued mail WHEN a mail with the same ref is queued again, before or after it is
    sent THEN it is refused (False) and only one row exists."""
    outbox = Outbox(store, SmtpConfig(kind="folder", path=tmp_path / "out"))
    assert outbox.queue(*mail(1)) is True
    assert outbox.queue(*mail(1)) is False
    outbox.deliver_due()
    assert outbox.queue(*mail(1)) is False
    assert [(r["ref"], r["status"]) for r in rows(store)] == [("r1", "sent")]


def test_folder_delivery_writes_each_mail_once_in_order(store: Store, tmp_path: Path) -> None:
    """GIVEN three queued mails and `[smtp] kind = "folder"` WHEN delivered (twice) THEN the folder
    holds one .eml per mail, named in queue order, with its bytes, and every row is sent."""
    folder = tmp_path / "out"
    outbox = Outbox(store, SmtpConfig(kind="folder", path=folder))
    for n in range(3):
        outbox.queue(*mail(n))
    assert outbox.deliver_due().sent == 3
    assert outbox.deliver_due().sent == 0
    assert [p.name for p in sorted(folder.iterdir())] == ["000001.eml", "000002.eml", "000003.eml"]
    assert [p.read_bytes() for p in sorted(folder.iterdir())] == [mail(n)[3] for n in range(3)]
    assert {(r["status"], r["attempts"]) for r in rows(store)} == {("sent", 1)}
    assert all(r["sent_at"] for r in rows(store))


def test_smtp_delivery_sends_each_row_once_and_marks_it_sent(store: Store, smtp_server: SmtpServer) -> None:
    """GIVEN three queued mails and a real SMTP server WHEN delivered twice THEN the server got
    each once, in order, from our address to its recipient, CRLF-ended, and every row is sent."""
    outbox = Outbox(store, smtp(smtp_server.port))
    for n in range(3):
        outbox.queue(*mail(n))
    first, second = outbox.deliver_due(), outbox.deliver_due()
    assert (first.sent, first.error, second.sent) == (3, "", 0)
    assert smtp_server.wait_for(3)
    assert subjects(smtp_server) == ["receipt 0", "receipt 1", "receipt 2"]
    assert [(sender, to) for sender, to, _ in smtp_server.messages] == [
        ("xcjyb@ybgh.example", [f"unit{n}@units.example"]) for n in range(3)]
    assert all(b"\r\n" in data for _, _, data in smtp_server.messages)
    assert [(r["status"], r["attempts"], r["claimed_by"]) for r in rows(store)] == [("sent", 1, "")] * 3
    assert outbox.due_count() == 0


def test_a_refused_recipient_waits_alone_and_is_given_up_after_max_refusals(store: Store, smtp_server: SmtpServer) -> None:
    """GIVEN a server that refuses one recipient (550) WHEN the outbox is delivered THEN the other
    mail is sent, the refused one counts an attempt, keeps its error and waits until later;
    after MAX_REFUSALS permanent refusals it is 'failed' and never tried again."""
    refuse(smtp_server, "nobody@units.example")
    outbox = Outbox(store, smtp(smtp_server.port))
    outbox.queue(*mail(0, to="nobody@units.example"))
    outbox.queue(*mail(1))
    result = outbox.deliver_due()
    assert (result.sent, result.refused, result.error) == (1, 1, "")
    refused, sent = rows(store)
    assert sent["status"] == "sent" and subjects(smtp_server) == ["receipt 1"]
    assert (refused["status"], refused["attempts"]) == ("queued", 1)
    assert "SMTPRecipientsRefused" in refused["last_error"] and "550" in refused["last_error"]
    assert later_than_now(refused["next_attempt_at"])
    assert outbox.due_count() == 0 and outbox.deliver_due().refused == 0  # it waits: not tried at once
    for attempt in range(2, MAX_REFUSALS + 1):
        store.db.execute("update outbox set next_attempt_at = '' where ref = 'r0'")  # its wait is over
        assert outbox.deliver_due().refused == 1
        assert rows(store)[0]["attempts"] == attempt
    assert rows(store)[0]["status"] == "failed"
    assert outbox.due_count() == 0 and outbox.deliver_due().refused == 0
    assert subjects(smtp_server) == ["receipt 1"]
    assert [e["what"] for e in store.recent_events("error")] == ["outbox"]


def test_a_temporary_refusal_is_never_given_up(store: Store, smtp_server: SmtpServer) -> None:
    """GIVEN a server that answers 450 (try later) to one recipient WHEN refused more than
    MAX_REFUSALS times THEN the mail is still queued: only permanent refusals give it up."""
    refuse(smtp_server, "busy@units.example", "450 4.2.1 mailbox busy")
    outbox = Outbox(store, smtp(smtp_server.port))
    outbox.queue(*mail(0, to="busy@units.example"))
    for _ in range(MAX_REFUSALS + 1):
        store.db.execute("update outbox set next_attempt_at = ''")
        assert outbox.deliver_due().refused == 1
    assert (rows(store)[0]["status"], rows(store)[0]["attempts"]) == ("queued", MAX_REFUSALS + 1)


def test_a_claim_held_by_a_dead_process_is_released_and_sent(store: Store, smtp_server: SmtpServer) -> None:
    """GIVEN a row claimed (status sending, lease not ended) by a process of this host that no
    longer runs, and one claimed by this live process WHEN the outbox delivers THEN the dead one's
    row is taken back and sent once; the live claim is left alone."""
    outbox = Outbox(store, smtp(smtp_server.port))
    outbox.queue(*mail(0))
    outbox.queue(*mail(1))
    lease = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=5)).isoformat(timespec="seconds")
    host = socket.gethostname()
    for ref, owner in (("r0", f"{host}:999999:x"), ("r1", f"{host}:{os.getpid()}:y")):
        store.db.execute("update outbox set status = 'sending', claimed_by = ?, lease_until = ? where ref = ?",
                         [owner, lease, ref])
    assert outbox.due_count() == 0  # neither lease has ended
    assert outbox.deliver_due().sent == 1
    assert subjects(smtp_server) == ["receipt 0"]
    assert [(r["ref"], r["status"]) for r in rows(store)] == [("r0", "sent"), ("r1", "sending")]


def test_a_connection_failure_keeps_the_queue_and_the_first_success_rearms_it(store: Store) -> None:
    """GIVEN two due mails and one waiting after a refusal, and no SMTP server WHEN delivered THEN
    the pass ends with the connection error, the rows stay queued in order, untouched, and the
    outage is down (told once); WHEN the server is back THEN the two are sent in order, the outage
    is recovered, and the waiting mail is due again."""
    port = free_port()
    outbox = Outbox(store, smtp(port))
    for n in range(3):
        outbox.queue(*mail(n))
    store.db.execute("update outbox set next_attempt_at = '2999-01-01T00:00:00+00:00', attempts = 1 where ref = 'r2'")
    for _ in range(2):
        result = outbox.deliver_due()
        assert result.sent == 0 and result.error.startswith("ConnectionRefusedError"), result
    assert [(r["ref"], r["status"], r["attempts"]) for r in rows(store)] == [("r0", "queued", 0), ("r1", "queued", 0),
                                                                            ("r2", "queued", 1)]
    assert outbox.outage.down and outbox.outage.state.failures == 2
    assert "2 waiting" in outbox.outage.state.detail
    server = SmtpServer(port=port)
    server.start()
    try:
        result = outbox.deliver_due()
        assert (result.sent, result.error) == (2, "")
        assert subjects(server) == ["receipt 0", "receipt 1"]
        assert not outbox.outage.down
        assert rows(store)[2]["next_attempt_at"] == "" and outbox.due_count() == 1
        assert outbox.deliver_due().sent == 1
        assert subjects(server) == ["receipt 0", "receipt 1", "receipt 2"]
    finally:
        server.stop()
