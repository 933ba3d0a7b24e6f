"""Hostile input, case 6: mail loops and spoofing, through `mailbot poll --once` on the
Maildir (receipts are queued and delivered to the folder outbox, var/outbox/*.eml)."""

from __future__ import annotations

import email
import email.policy
from pathlib import Path

import openpyxl
import pytest

from hostile_harness import OUR_ADDRESS, SENDER, UNIT, Bot, reply, start


@pytest.fixture
def bot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Bot:
    return start(tmp_path, monkeypatch)


def outbox_status(bot: Bot) -> str:
    return next(line for line in bot.cli("status").output.splitlines() if line.startswith("outbox"))


NO_RECEIPT = {
    "auto_submitted": {"headers": {"Auto-Submitted": "auto-replied"}},
    "precedence_bulk": {"headers": {"Precedence": "bulk"}},
    "list_id": {"headers": {"List-Id": "工会通知 <tongzhi.wangqing.example>"}},
    "mailer_daemon": {"sender": "Mail Delivery System <MAILER-DAEMON@wangqing.example>"},
    "our_own_address": {"sender": f"宣教部 <{OUR_ADDRESS}>"},
}


@pytest.mark.parametrize("case", sorted(NO_RECEIPT))
def test_no_receipt_to_robots_lists_or_ourselves(bot: Bot, case: str) -> None:
    """GIVEN a reply carrying the 7 comments but sent by a robot, a list or ourselves
    WHEN polled THEN it is stored and listed, and no receipt is queued or sent."""
    bot.poll(reply(**NO_RECEIPT[case]))  # type: ignore[arg-type]
    assert bot.message("<hostile@wangqing.example>")
    assert bot.outbox_mails() == []
    assert ": 0 waiting (0 after failed attempts), 0 sent" in outbox_status(bot), outbox_status(bot)


def test_a_real_reply_gets_one_receipt(bot: Bot) -> None:
    """The control: the same reply from the unit itself gets exactly one receipt."""
    bot.poll(reply())
    mails = [email.message_from_bytes(m, policy=email.policy.default) for m in bot.outbox_mails()]
    assert [m["To"] for m in mails] == ["wqxzgh@wangqing.example"]
    assert mails[0]["Auto-Submitted"] == "auto-replied"


def test_receipts_are_capped_per_sender_per_hour(bot: Bot) -> None:
    """GIVEN 8 replies from one sender within the hour (a loop with another robot, or a
    flood) WHEN polled THEN at most receipts_per_hour (default 5) receipts go back, and all
    8 messages are stored."""
    replies = [reply(message_id=f"<flood-{i}@wangqing.example>", subject=f"修改意见（第{i}次）") for i in range(8)]
    bot.poll(*replies)
    assert len([m for m in bot.messages() if m["message_id"].startswith("<flood-")]) == 8
    receipts = bot.outbox_mails()
    assert len(receipts) == 5, len(receipts)
    assert all(b"wqxzgh@wangqing.example" in r for r in receipts)


def test_failed_authentication_from_a_roster_address_is_flagged(bot: Bot, tmp_path: Path) -> None:
    """GIVEN a reply claiming a roster address whose Authentication-Results say DMARC and
    SPF failed WHEN polled THEN it is stored with a review note, and the report puts it on
    the 待复核 sheet."""
    headers = {"Authentication-Results": "mx.ybgh.example; dmarc=fail (p=none) header.from=wangqing.example; spf=fail"}
    bot.poll(reply(sender=SENDER, headers=headers))
    message = bot.message("<hostile@wangqing.example>")
    assert message["unit"] == UNIT and "认证失败" in message["review"] and "dmarc=fail" in message["review"]
    result = bot.cli("report", "-o", str(bot.root / "var" / "report"))
    assert result.exit_code == 0, result.output
    workbook = openpyxl.load_workbook(bot.root / "var" / "report" / "意见汇总表.xlsx", read_only=True)
    try:
        review = [row for row in workbook["待复核"].iter_rows(values_only=True)]
    finally:
        workbook.close()
    assert any(any("认证失败" in str(cell) for cell in row if cell) for row in review), review
