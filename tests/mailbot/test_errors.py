"""Mistakes an operator makes give one clear line and exit 1, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers import write_config
from mailbot.cli import cli


def invoke(config: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--config", str(config), *args])
    return result.exit_code, result.output


def test_missing_config_file(tmp_path: Path) -> None:
    code, out = invoke(tmp_path / "nope.toml", "init")
    assert code == 1
    assert out.strip().splitlines() == [f"Error: config: no such file: {tmp_path / 'nope.toml'} (pass --config FILE, or copy config/example.toml)"]


@pytest.mark.parametrize(
    ("replace", "message"),
    [
        (('draft = "', 'draft = "missing/'), "config: campaign.draft: no such file: missing/"),
        (("deadline = 2014-09-25", 'deadline = "soon"'), "config: campaign.deadline: must be a date like 2014-09-25, not 'soon'"),
        (('kind = "maildir"', 'kind = "pop3"'), "config: mailbox.kind: must be one of imap, maildir, not 'pop3'"),
        (("[store]", "[store]\ncolour = 1"), "config: store.colour: unknown key"),
        (("[store]", "[stor]"), "config: [stor]: unknown section"),
        (("title =", "titel ="), "config: campaign.titel: unknown key"),
        (('path = "var/mailbot.db"', "path = 5"), "config: store.path: must be a string, not 5"),
    ],
)
def test_config_mistakes_name_the_key(tmp_path: Path, campaign_dir: Path, replace: tuple[str, str], message: str) -> None:
    config = write_config(tmp_path, campaign_dir)
    text = config.read_text(encoding="utf-8").replace(*replace, 1)
    config.write_text(text, encoding="utf-8")
    code, out = invoke(config, "init")
    assert code == 1
    lines = out.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {message}"), out


def test_not_toml(tmp_path: Path) -> None:
    config = tmp_path / "bad.toml"
    config.write_text("[campaign\n", encoding="utf-8")
    code, out = invoke(config, "init")
    assert code == 1 and "not valid TOML" in out and "Traceback" not in out


def test_commands_before_init_say_so(config_file: Path) -> None:
    code, out = invoke(config_file, "status")
    assert code == 1 and "run `mailbot init` first" in out


def test_ingest_missing_path(config_file: Path, tmp_path: Path) -> None:
    invoke(config_file, "init")
    code, out = invoke(config_file, "ingest", str(tmp_path / "none.eml"))
    assert code == 1 and "no such file or folder" in out


def test_bad_usage_exits_2(config_file: Path) -> None:
    assert invoke(config_file, "export", "--format", "pdf")[0] == 2


def test_an_unreadable_attachment_never_stops_the_message_or_the_run(config_file: Path, corpus_dir: Path, tmp_path: Path) -> None:
    """GIVEN a reply with a broken .docx beside a good .xlsx, and a message that is not mail at all
    WHEN ingested THEN the good attachment's comments count, the bad one is recorded, the run goes on."""
    from email.message import EmailMessage

    good = next(p for p in corpus_dir.glob("m007.eml"))
    from parsers.mail.envelope import parse_envelope

    xlsx = parse_envelope(good.read_bytes()).attachments[0]
    message = EmailMessage()
    message["From"] = "汪清县总工会 <wqxzgh@wangqing.example>"
    message["To"] = "xcjyb@ybgh.example"
    message["Subject"] = "修改意见"
    message["Message-ID"] = "<broken-attachment@test>"
    message.set_content("宣教部：修改意见见附件。")
    message.add_attachment(b"PK\x03\x04 this is not a zip", maintype="application", subtype="octet-stream", filename="意见.docx")
    message.add_attachment(xlsx.data, maintype="application", subtype="octet-stream", filename=xlsx.filename)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.eml").write_bytes(bytes(message))
    (tmp_path / "in" / "b.eml").write_bytes(b"This is not a valid eml.")
    invoke(config_file, "init")
    code, out = invoke(config_file, "ingest", str(tmp_path / "in"))
    assert code == 0, out
    _, exported = invoke(config_file, "export", "--table", "messages")
    assert '"status": "error"' in exported and "意见.docx" in exported
    _, comments = invoke(config_file, "export")
    assert len(comments.strip().splitlines()) == 7
    _, status = invoke(config_file, "status")
    assert "(1 attachments, " in status
