"""Smoke tests for the real test servers (tests/servers.py): what the integration tests rely on."""

from __future__ import annotations

import re
import smtplib
import ssl
from collections.abc import Callable
from email.message import EmailMessage

import imapclient
import pytest
from servers import Certificate, DovecotServer, SmtpServer

RAW = (
    "From: 延吉市总工会 <yj@example.org>\r\n"
    "To: xcjyb@ybgh.example\r\n"
    "Subject: =?UTF-8?B?5oSP6KeB5Y+N6aaI?=\r\n"
    "Message-ID: <smoke-1@example.org>\r\n"
    "\r\n"
    "第3条 建议修改。\r\n"
).encode("utf-8")


def append_uid(client: imapclient.IMAPClient, folder: str, raw: bytes) -> int:
    """APPEND `raw` and return its UID from the APPENDUID (UIDPLUS) response."""
    response = client.append(folder, raw)
    match = re.search(rb"APPENDUID \d+ (\d+)", response)
    assert match, response
    return int(match.group(1))


def message(subject: str) -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = "xcjyb@ybgh.example"
    mail["To"] = "yj@example.org"
    mail["Subject"] = subject
    mail.set_content("请于9月25日前反馈意见。")
    return mail


def test_append_then_fetch_by_uid(dovecot: DovecotServer, imap_user: tuple[str, str]) -> None:
    with dovecot.client(*imap_user) as client:
        uid = append_uid(client, "INBOX", RAW)
        client.select_folder("INBOX", readonly=True)
        fetched = client.fetch([uid], ["BODY.PEEK[]", "FLAGS"])
    assert fetched[uid][b"BODY[]"] == RAW
    assert b"\\Seen" not in fetched[uid][b"FLAGS"]


def test_capabilities_we_rely_on(dovecot: DovecotServer, imap_user: tuple[str, str]) -> None:
    with dovecot.client(*imap_user) as client:
        for name in ("IDLE", "UIDPLUS", "MOVE"):
            assert client.has_capability(name), name


def test_move_to_chinese_folder(dovecot: DovecotServer, imap_user: tuple[str, str]) -> None:
    with dovecot.client(*imap_user) as client:
        uid = append_uid(client, "INBOX", RAW)
        client.create_folder("已处理")
        assert client.folder_exists("已处理")
        client.select_folder("INBOX")
        client.move([uid], "已处理")
        assert client.search("ALL") == []
        client.select_folder("已处理", readonly=True)
        [moved] = client.search("ALL")
        assert client.fetch([moved], ["BODY.PEEK[]"])[moved][b"BODY[]"] == RAW
        names = [name for _flags, _delimiter, name in client.list_folders()]
    assert "已处理" in names


def test_imaps_verifies_certificate(dovecot: DovecotServer, imap_user: tuple[str, str]) -> None:
    context = ssl.create_default_context(cafile=str(dovecot.ca_file))
    with imapclient.IMAPClient(dovecot.host, dovecot.tls_port, ssl=True, ssl_context=context, timeout=5) as client:
        client.login(*imap_user)
        assert client.select_folder("INBOX")[b"EXISTS"] == 0


def test_imaps_refuses_untrusted_certificate(dovecot: DovecotServer) -> None:
    context = ssl.create_default_context()  # system CAs only: our self-signed cert is unknown
    with pytest.raises(ssl.SSLCertVerificationError):
        imapclient.IMAPClient(dovecot.host, dovecot.tls_port, ssl=True, ssl_context=context, timeout=5)


def test_starttls_on_plain_port(dovecot: DovecotServer, imap_user: tuple[str, str]) -> None:
    context = ssl.create_default_context(cafile=str(dovecot.ca_file))
    with imapclient.IMAPClient(dovecot.host, dovecot.port, ssl=False, timeout=5) as client:
        assert client.has_capability("STARTTLS")
        client.starttls(context)
        client.login(*imap_user)
        assert client.select_folder("INBOX")[b"EXISTS"] == 0


def test_restart_keeps_mail_and_port(dovecot: DovecotServer, imap_user: tuple[str, str]) -> None:
    port, tls_port = dovecot.port, dovecot.tls_port
    with dovecot.client(*imap_user) as client:
        uid = append_uid(client, "INBOX", RAW)
        validity = client.select_folder("INBOX")[b"UIDVALIDITY"]
    dovecot.restart()
    assert (dovecot.port, dovecot.tls_port) == (port, tls_port)
    with dovecot.client(*imap_user, tls=True) as client:
        assert client.select_folder("INBOX", readonly=True)[b"UIDVALIDITY"] == validity
        assert client.fetch([uid], ["BODY.PEEK[]"])[uid][b"BODY[]"] == RAW


def test_smtp_receives_then_refuses_when_stopped(smtp_server: SmtpServer) -> None:
    with smtplib.SMTP(smtp_server.host, smtp_server.port, timeout=5) as smtp:
        smtp.send_message(message("催报：尚未反馈"))
    assert smtp_server.wait_for(1, timeout=5)
    mail_from, rcpt_tos, content = smtp_server.messages[0]
    assert (mail_from, rcpt_tos) == ("xcjyb@ybgh.example", ["yj@example.org"])
    assert b"Subject: =?utf-8?b?" in content

    smtp_server.stop()
    with pytest.raises(OSError):  # ConnectionRefusedError: "SMTP is down"
        smtplib.SMTP(smtp_server.host, smtp_server.port, timeout=2)

    smtp_server.start()
    with smtplib.SMTP(smtp_server.host, smtp_server.port, timeout=5) as smtp:
        smtp.send_message(message("第二次"))
    assert smtp_server.wait_for(2, timeout=5)
    assert not smtp_server.wait_for(3, timeout=0.05)


def test_smtp_auth_required(make_smtp_server: Callable[..., SmtpServer]) -> None:
    server = make_smtp_server(require_auth=("xcjyb@ybgh.example", "right"))
    with smtplib.SMTP(server.host, server.port, timeout=5) as smtp:
        with pytest.raises(smtplib.SMTPSenderRefused) as refused:
            smtp.send_message(message("no auth"))
        assert refused.value.smtp_code == 530
        with pytest.raises(smtplib.SMTPAuthenticationError):
            smtp.login("xcjyb@ybgh.example", "wrong")
        smtp.login("xcjyb@ybgh.example", "right")
        smtp.send_message(message("with auth"))
    assert server.wait_for(1, timeout=5)
    assert len(server.messages) == 1


def test_smtp_starttls_and_auth(
    make_smtp_server: Callable[..., SmtpServer], certificate: Certificate
) -> None:
    server = make_smtp_server(require_auth=("bot", "pw"), starttls=True)
    context = ssl.create_default_context(cafile=str(certificate.cert_file))
    with smtplib.SMTP(server.host, server.port, timeout=5) as smtp:
        smtp.starttls(context=context)
        smtp.login("bot", "pw")
        smtp.send_message(message("over TLS"))
    assert server.wait_for(1, timeout=5)
