"""Scheduled mail: the digest, the final report after the deadline, and opt-in reminders (催报)."""

from __future__ import annotations

import datetime
import email
import email.policy
from pathlib import Path

from click.testing import CliRunner

from helpers import write_config
from mailbot.cli import cli
from mailbot.config import load_config
from mailbot.outbox.delivery import Delivery
from mailbot.health import Disks


def _setup(tmp_path: Path, campaign_dir: Path, corpus_dir: Path, reports: str, deadline: datetime.date) -> Delivery:
    config_path = write_config(tmp_path, campaign_dir, extra=reports)
    text = config_path.read_text(encoding="utf-8").replace("deadline = 2014-09-25", f"deadline = {deadline.isoformat()}")
    config_path.write_text(text, encoding="utf-8")
    runner = CliRunner()
    runner.invoke(cli, ["--config", str(config_path), "init"], catch_exceptions=False)
    runner.invoke(cli, ["--config", str(config_path), "ingest", str(corpus_dir / "m005.eml")], catch_exceptions=False)
    config = load_config(config_path)
    delivery = Delivery(config, None, Disks(config.store_path, config.archive), lambda: False)
    delivery.open()  # on this thread: the scheduled jobs run here instead of in the daemon's
    return delivery


def _sent(folder: Path) -> list[email.message.EmailMessage]:
    return [email.message_from_bytes(p.read_bytes(), policy=email.policy.default) for p in sorted(folder.glob("*.eml"))]


def test_after_the_deadline_the_final_report_goes_once(tmp_path: Path, campaign_dir: Path, corpus_dir: Path) -> None:
    daemon = _setup(tmp_path, campaign_dir, corpus_dir, '[reports]\nrecipients = ["leader@x.example"]\nschedule = ["08:30"]\n',
                    datetime.date.today() - datetime.timedelta(days=1))
    daemon.scheduled_reports("08:30")
    daemon.scheduled_reports("08:30")
    subjects = [str(m["Subject"]) for m in _sent(tmp_path / "var" / "outbox")]
    assert len(subjects) == 2
    assert "最终汇总" in subjects[0] and "最终" not in subjects[1]


def test_digest_before_the_deadline_once_per_scheduled_time(tmp_path: Path, campaign_dir: Path, corpus_dir: Path) -> None:
    daemon = _setup(tmp_path, campaign_dir, corpus_dir, '[reports]\nrecipients = ["leader@x.example"]\nschedule = ["08:30"]\n',
                    datetime.date.today() + datetime.timedelta(days=10))
    daemon.scheduled_reports("08:30")
    daemon.scheduled_reports("08:30")
    sent = _sent(tmp_path / "var" / "outbox")
    assert len(sent) == 1 and sent[0]["Auto-Submitted"] == "auto-generated"
    assert sent[0].get_body(("plain",)).get_content().count("未报送单位") == 1


def test_reminders_are_opt_in_and_go_to_missing_units(tmp_path: Path, campaign_dir: Path, corpus_dir: Path) -> None:
    reports = '[reports]\nrecipients = []\nschedule = ["08:30"]\nreminders_days_before = [3]\n'
    daemon = _setup(tmp_path, campaign_dir, corpus_dir, reports, datetime.date.today() + datetime.timedelta(days=3))
    daemon.scheduled_reports("08:30")
    daemon.scheduled_reports("08:30")
    sent = _sent(tmp_path / "var" / "outbox")
    assert len(sent) == 23  # 24 units, one has replied; once each
    assert all("yjszgh@yanji.example" not in str(m["To"]) for m in sent)
    quiet = _setup(tmp_path / "b", campaign_dir, corpus_dir, '[reports]\nrecipients = []\n', datetime.date.today() + datetime.timedelta(days=3))
    quiet.scheduled_reports("08:30")
    assert not (tmp_path / "b" / "var" / "outbox").exists()
