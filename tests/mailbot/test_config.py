"""The config file (mailbot/config.py): a good one loads with its paths resolved against its own
folder; every mistake is one ConfigError line naming the key."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest

from mailbot.config import load_config
from mailbot.errors import ConfigError

GOOD = """\
[campaign]
title = "关于进一步加强和创新延边工会工作的意见（征求意见稿）"
draft = "../campaign/draft.docx"
roster = "../campaign/units.csv"
deadline = 2014-09-25

[store]
path = "var/mailbot.db"
archive = "ARCHIVE"

[mailbox]
kind = "maildir"
path = "inbox"
address = "xcjyb@ybgh.example"

[smtp]
kind = "folder"
path = "../outbox"
from = "延边州总工会宣传教育部 <xcjyb@ybgh.example>"

[reports]
recipients = ["xcjyb@ybgh.example"]
schedule = ["08:30", "16:30"]
reminders_days_before = [3, 1]

[web]
password_env = "MAILBOT_WEB_PASSWORD"
"""


def write(tmp_path: Path, campaign_dir: Path, text: str = GOOD) -> Path:
    """The config at tmp_path/etc/mailbot.toml, the campaign's files at tmp_path/campaign/."""
    (tmp_path / "campaign").mkdir(exist_ok=True)
    for name in ("draft.docx", "units.csv"):
        shutil.copyfile(campaign_dir / name, tmp_path / "campaign" / name)
    (tmp_path / "etc").mkdir(exist_ok=True)
    path = tmp_path / "etc" / "mailbot.toml"
    path.write_text(text.replace("ARCHIVE", str(tmp_path / "archive")), encoding="utf-8")
    return path


def error(path: Path) -> str:
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    message = str(raised.value)
    assert "\n" not in message, message
    return message


def test_a_good_config_loads_with_paths_resolved_against_its_folder(tmp_path: Path, campaign_dir: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """GIVEN a config in etc/ with relative and absolute paths WHEN loaded from another working
    folder, by a relative name THEN every relative path is under etc/, the absolute one kept, and
    the other settings read (a real date, times, days; defaults where nothing is said)."""
    write(tmp_path, campaign_dir)
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    config = load_config("../etc/mailbot.toml")
    etc = tmp_path / "etc"
    assert config.path == (etc / "mailbot.toml").resolve()
    assert config.draft.resolve() == (tmp_path / "campaign" / "draft.docx").resolve()
    assert config.roster.resolve() == (tmp_path / "campaign" / "units.csv").resolve()
    assert config.store_path.resolve() == (etc / "var" / "mailbot.db").resolve()
    assert config.archive == tmp_path / "archive"
    assert config.mailbox is not None and config.mailbox.path is not None
    assert config.mailbox.path.resolve() == (etc / "inbox").resolve()
    assert config.smtp.path is not None and config.smtp.path.resolve() == (tmp_path / "outbox").resolve()
    assert config.deadline == datetime.date(2014, 9, 25)
    assert (config.schedule, config.reminder_days, config.receipts) == (("08:30", "16:30"), (3, 1), True)
    assert config.own_address == "xcjyb@ybgh.example" and config.smtp.sender.startswith("延边州总工会")
    assert (config.web.password_env, config.web.port) == ("MAILBOT_WEB_PASSWORD", 8080)


def test_a_config_without_store_smtp_or_mailbox_takes_the_defaults(tmp_path: Path, campaign_dir: Path) -> None:
    """GIVEN only [campaign] WHEN loaded THEN the store, archive and outbox folder default beside the
    config, there is no mailbox, and no deadline."""
    text = GOOD.split("[store]")[0].replace("deadline = 2014-09-25\n", "")
    config = load_config(write(tmp_path, campaign_dir, text))
    etc = tmp_path / "etc"
    assert (config.store_path, config.archive, config.smtp.path) == (
        etc / "var/mailbot.db", etc / "var/archive", etc / "var/outbox")
    assert config.mailbox is None and config.deadline is None and config.smtp.kind == "folder"


def test_a_missing_config_file_says_how_to_get_one(tmp_path: Path) -> None:
    """GIVEN no file WHEN loaded THEN one line naming it and the way out."""
    assert error(tmp_path / "nope.toml") == (
        f"config: no such file: {tmp_path / 'nope.toml'} (pass --config FILE, or copy config/example.toml)")


def test_a_toml_syntax_error_names_the_file_and_the_place(tmp_path: Path, campaign_dir: Path) -> None:
    """GIVEN a table header without its closing bracket WHEN loaded THEN one line: the file, and
    where TOML stopped."""
    path = write(tmp_path, campaign_dir, "[campaign\n")
    assert error(path) == (f"config: {path}: not valid TOML: Expected ']' at the end of a table declaration "
                           "(at line 1, column 10)")


KNOWN = "(known: campaign, store, mailbox, smtp, reports, web, limits)"


@pytest.mark.parametrize(
    ("replace", "message"),
    [
        (("[store]", "[stor]"), f"config: [stor]: unknown section {KNOWN}"),
        (('[web]\npassword_env', "[web]\npasword_env"),
         "config: web.pasword_env: unknown key (did you mean password_env?) (known: host, hosts, idle_minutes, password_env, port)"),
        (("title =", "titel ="), "config: campaign.titel: unknown key (did you mean title?) "
                                 "(known: deadline, draft, name, notice_message_ids, recipients, roster, state, title)"),
        (("[store]", "[store]\ncolour = 1"), "config: store.colour: unknown key (known: archive, path)"),
        (('title = "关于进一步加强和创新延边工会工作的意见（征求意见稿）"\n', ""), "config: campaign.title: missing"),
        (('kind = "maildir"', 'kind = "pop3"'), "config: mailbox.kind: must be one of imap, maildir, not 'pop3'"),
        (('schedule = ["08:30", "16:30"]', 'schedule = ["8.30"]'),
         "config: reports.schedule: '8.30' is not a time of day like \"08:30\""),
    ],
    ids=["unknown-section", "did-you-mean-password_env", "did-you-mean-title", "unknown-key", "missing-key",
         "bad-choice", "bad-time"],
)
def test_a_mistake_is_one_line_naming_the_key(tmp_path: Path, campaign_dir: Path, replace: tuple[str, str],
                                              message: str) -> None:
    """GIVEN a good config with one mistake WHEN loaded THEN a ConfigError whose one line names
    the key (or section) and what is wrong, with a did-you-mean for a misspelt key."""
    assert error(write(tmp_path, campaign_dir, GOOD.replace(*replace, 1))) == message


@pytest.mark.parametrize(
    ("section", "key"), [("mailbox", "password"), ("smtp", "smtp_secret"), ("web", "Password")])
def test_a_password_in_the_file_is_refused_without_echoing_it(tmp_path: Path, campaign_dir: Path, section: str,
                                                             key: str) -> None:
    """GIVEN a key naming a password or secret, with a value WHEN loaded THEN one line naming the
    key and password_env, and the value appears nowhere in it."""
    path = write(tmp_path, campaign_dir, GOOD.replace(f"[{section}]\n", f'[{section}]\n{key} = "hunter2-value"\n', 1))
    message = error(path)
    assert message.startswith(
        f"config: {section}.{key}: passwords must not be written in the config file; put it in an environment "
        f"variable and name that variable with {section}.password_env (known: "), message
    assert "hunter2" not in message


def test_the_mailbox_password_message_is_the_readmes(tmp_path: Path, campaign_dir: Path) -> None:
    """GIVEN `password = …` in [mailbox] WHEN loaded THEN the line README shows, word for word."""
    path = write(tmp_path, campaign_dir, GOOD.replace("[mailbox]\n", '[mailbox]\npassword = "x"\n'))
    assert error(path) == (
        "config: mailbox.password: passwords must not be written in the config file; put it in an environment "
        "variable and name that variable with mailbox.password_env (known: address, ca_file, failed_folder, folder, "
        "host, kind, password_env, path, poll_seconds, port, processed_folder, tls, username)")


@pytest.mark.parametrize(
    ("replace", "message"),
    [
        (("../campaign/draft.docx", "../campaign/missing.docx"), "config: campaign.draft: no such file: ../campaign/missing.docx"),
        (("../campaign/units.csv", "units.csv"), "config: campaign.roster: no such file: units.csv"),
        (("../campaign/units.csv", "../campaign/draft.docx"), "config: campaign.roster: must be a .csv or .xlsx file, not draft.docx"),
    ],
    ids=["draft", "roster", "roster-type"],
)
def test_a_campaign_file_that_is_not_there_is_named_as_written(tmp_path: Path, campaign_dir: Path,
                                                               replace: tuple[str, str], message: str) -> None:
    """GIVEN the draft or roster missing (or of the wrong kind) WHEN loaded THEN one line naming the
    key and the path as the file writes it."""
    assert error(write(tmp_path, campaign_dir, GOOD.replace(*replace, 1))) == message


@pytest.mark.parametrize(
    ("deadline", "shown"),
    [('"soon"', "'soon'"), ('"2014-13-01"', "'2014-13-01'"), ("20140925", "20140925"),
     ("18:00:00", "datetime.time(18, 0)")],
    ids=["word", "no-such-date", "number", "time-of-day"],
)
def test_a_bad_deadline_is_named(tmp_path: Path, campaign_dir: Path, deadline: str, shown: str) -> None:
    """GIVEN a deadline that is not a date WHEN loaded THEN one line naming campaign.deadline and
    showing what was written."""
    path = write(tmp_path, campaign_dir, GOOD.replace("deadline = 2014-09-25", f"deadline = {deadline}"))
    assert error(path) == f"config: campaign.deadline: must be a date like 2014-09-25, not {shown}"


def test_a_deadline_as_a_quoted_date_is_read(tmp_path: Path, campaign_dir: Path) -> None:
    """GIVEN deadline = "2014-09-25" (a string) WHEN loaded THEN the date."""
    path = write(tmp_path, campaign_dir, GOOD.replace("deadline = 2014-09-25", 'deadline = "2014-09-25"'))
    assert load_config(path).deadline == datetime.date(2014, 9, 25)


def test_a_deadline_with_a_time_of_day_is_a_date_or_refused(tmp_path: Path, campaign_dir: Path) -> None:
    """GIVEN deadline = 2014-09-25T18:00:00 (TOML reads a date-time) WHEN loaded THEN either a
    ConfigError naming campaign.deadline, or a deadline usable as the date it is (days to it)."""
    path = write(tmp_path, campaign_dir, GOOD.replace("deadline = 2014-09-25", "deadline = 2014-09-25T18:00:00"))
    try:
        config = load_config(path)
    except ConfigError as exc:
        assert str(exc).startswith("config: campaign.deadline: ")
        return
    assert config.deadline is not None
    assert (config.deadline - datetime.date(2014, 9, 22)).days == 3


def test_an_smtp_port_beyond_65535_is_named(tmp_path: Path, campaign_dir: Path) -> None:
    """GIVEN [smtp] port = 70000 WHEN loaded THEN one line naming smtp.port, as for web.port."""
    smtp = '[smtp]\nkind = "smtp"\nhost = "smtp.example.org"\nport = 70000\n'
    path = write(tmp_path, campaign_dir, GOOD.replace('[smtp]\nkind = "folder"\npath = "../outbox"\n', smtp))
    assert error(path).startswith("config: smtp.port: must be a port number")


TWO_ROUNDS = GOOD.replace("""[campaign]
title = "关于进一步加强和创新延边工会工作的意见（征求意见稿）"
draft = "../campaign/draft.docx"
roster = "../campaign/units.csv"
deadline = 2014-09-25
""", """[[campaign]]
name = "union"
title = "关于进一步加强和创新延边工会工作的意见（征求意见稿）"
draft = "../campaign/draft.docx"
roster = "../campaign/units.csv"
deadline = 2014-09-25

[[campaign]]
name = "mutual"
title = "延边州职工互助保障活动实施办法（征求意见稿）"
draft = "../campaign/draft.docx"
roster = "../campaign/units.csv"
deadline = 2014-10-10
recipients = ["hzbz@ybgh.example"]
state = "closed"
""")


def test_one_campaign_table_is_one_round_named_default(tmp_path: Path, campaign_dir: Path) -> None:
    config = load_config(write(tmp_path, campaign_dir))
    assert [r.name for r in config.rounds] == ["default"]
    assert config.round() is config and config.round("default").title == config.title


def test_several_rounds_each_with_its_own_draft_deadline_and_recipients(tmp_path: Path, campaign_dir: Path) -> None:
    """GIVEN two [[campaign]] tables WHEN loaded THEN each round is chosen by name, with its own deadline,
    state and digest recipients (the [reports] ones where it names none)."""
    config = load_config(write(tmp_path, campaign_dir, TWO_ROUNDS))
    assert [r.name for r in config.rounds] == ["union", "mutual"]
    union, mutual = config.round("union"), config.round("mutual")
    assert (union.deadline, union.recipients, union.round_name) == (datetime.date(2014, 9, 25), ("xcjyb@ybgh.example",), "union")
    assert (mutual.deadline, mutual.recipients, mutual.rounds[1].state) == (datetime.date(2014, 10, 10), ("hzbz@ybgh.example",), "closed")
    with pytest.raises(ConfigError, match="choose one with --campaign NAME \\(union, mutual\\)"):
        config.round()
    with pytest.raises(ConfigError, match="no round named 'other' \\(configured: union, mutual\\)"):
        config.round("other")


@pytest.mark.parametrize(("replace", "message"), [
    (('name = "mutual"\n', ''), "config: [[campaign]] number 2: every round needs a name"),
    (('name = "mutual"', 'name = "union"'), "config: [[campaign]]: two rounds are named 'union'"),
    (('name = "mutual"', 'name = "互助 保障"'), "config: campaign.name: '互助 保障' must be a short word"),
    (('state = "closed"', 'state = "done"'), "config: campaign.state: must be one of open, closed, archived"),
])
def test_a_rounds_mistake_is_one_line(tmp_path: Path, campaign_dir: Path, replace: tuple[str, str], message: str) -> None:
    assert error(write(tmp_path, campaign_dir, TWO_ROUNDS.replace(*replace, 1))).startswith(message)

