"""The `mailbot` command: a thin shell over the library.

Each command loads the config, opens the store, calls one function and prints.
A handled error (MailbotError) becomes one line on stderr and exit status 1.
"""

from __future__ import annotations

import datetime
import functools
import json
import logging
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from mailbot.campaign.rounds import open_round_store
from mailbot.config import Config, load_config
from mailbot.errors import MailbotError
from mailbot.campaign.progress import missing_units, pending_units, progress
from mailbot.terminal import ProgressLine
from mailbot.campaign.status import status_json, status_lines
from mailbot.store import Store
from parsers.errors import ParseError

F = TypeVar("F", bound=Callable[..., Any])
EX_TEMPFAIL = 75  # sysexits.h: try again later
EX_DOWN = 2  # `status`: something is down (as a Nagios-style check says CRITICAL)


def handled(func: F) -> F:
    """Turn our own errors into one clear line and exit 1; bugs keep their traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (MailbotError, ParseError) as exc:
            raise click.ClickException(str(exc)) from exc

    return wrapper  # type: ignore[return-value]  # functools.wraps keeps func's signature, as F promises; mypy cannot follow it


class Context:
    """The config file and the round a command is for (--campaign NAME)."""

    def __init__(self, config_path: str, round_name: str | None = None) -> None:
        self.config_path = config_path
        self.round_name = round_name
        self._config: Config | None = None

    @property
    def mailbox_config(self) -> Config:
        """The whole config: every round (seen as the first), the mailbox, the store."""
        if self._config is None:
            self._config = load_config(self.config_path)
        return self._config

    @property
    def config(self) -> Config:
        """The config as the chosen round sees it (the only round when there is one)."""
        return self.mailbox_config.round(self.round_name)

    def store(self, *, create: bool = False) -> Store:
        """The chosen round's store."""
        return open_round_store(self.config, create=create)

    def mailbox_store(self) -> Store:
        """The first round's store, which also holds every message and the mailbox's position."""
        return open_round_store(self.mailbox_config)


pass_context = click.make_pass_decorator(Context)


def _choose_round(ctx: click.Context, _: click.Parameter, name: str | None) -> None:
    if name is not None:
        ctx.find_object(Context).round_name = name  # type: ignore[union-attr]  # cli() made the Context first


def campaign_option(command: F) -> F:
    """--campaign NAME on a command of one round (also accepted before the command)."""
    option = click.option("--campaign", default=None, expose_value=False, callback=_choose_round, is_eager=True,
                          help="The round (its [[campaign]] name); needed when several are configured.")
    return option(command)


@click.group()
@click.option("--config", "config_path", default="mailbot.toml", show_default=True, help="The config file (TOML).")
@click.option("--campaign", "round_name", default=None, help="The round (its [[campaign]] name) the command is for.")
@click.option("-v", "--verbose", is_flag=True, help="Log what happens, one line a step.")
@click.version_option(package_name="mailbot")
@click.pass_context
def cli(ctx: click.Context, config_path: str, round_name: str | None, verbose: bool) -> None:
    """Run a public-comment round (征求意见) by email."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    ctx.obj = Context(config_path, round_name)


@cli.command()
@pass_context
@handled
def init(context: Context) -> None:
    """Create the store (one a round); load each round's clause tree and roster."""
    from parsers.placing.draft import parse_draft
    from parsers.mail.units import load_roster

    for config in context.mailbox_config.each_round():
        draft = parse_draft(config.draft.read_bytes(), config.draft.name)
        if not draft.clauses:
            raise MailbotError(f"campaign.draft: found no numbered clauses in {config.draft.name} (expected 1、… or 第一条…)")
        roster = load_roster(config.roster.read_bytes(), config.roster.name)
        store = open_round_store(config, create=True)
        store.load_campaign(draft, roster)
        config.archive.mkdir(parents=True, exist_ok=True)
        store.log_event("info", "init", detail=f"{len(draft.clauses)} clauses, {len(roster)} units")
        named = f"round {config.round_name}: " if len(context.mailbox_config.rounds) > 1 else ""
        click.echo(f"{named}store {config.store_path}: draft “{draft.title}”: {len(draft.sections)} sections, "
                   f"{len(draft.clauses)} clauses; roster: {len(roster)} units")


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@pass_context
@handled
def ingest(context: Context, paths: tuple[Path, ...]) -> None:
    """Ingest .eml files, folders of them, a Maildir, or an mbox (idempotent)."""
    from mailbot.pipeline.ingest import IngestReport  # here, not at the top: reading replies is a heavy import
    from mailbot.runs import ingest_paths

    line = ProgressLine("ingest")
    try:
        report = ingest_paths(context.mailbox_config, context.mailbox_store(), paths, IngestReport(on_message=line))
    finally:
        line.close()
    click.echo(f"ingested: {report.line()}")


@cli.command()
@click.option("--once", is_flag=True, required=True, help="Poll once, then exit.")
@pass_context
@handled
def poll(context: Context, once: bool) -> None:
    """One poll of the configured mailbox, then exit."""
    from mailbot.pipeline.ingest import IngestReport
    from mailbot.runs import poll_once

    from mailbot.daemon import store_lock

    line = ProgressLine("poll")
    try:
        with store_lock(context.mailbox_config.store_path, "poll") as pulse:
            report = poll_once(context.mailbox_config, context.mailbox_store(), IngestReport(on_message=line), pulse)
    finally:
        line.close()
    click.echo(f"polled: {report.line()}")


@cli.command()
@click.option("--table", type=click.Choice(["comments", "messages"]), default="comments", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "xlsx"]), default="jsonl", show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write to FILE instead of standard output.")
@campaign_option
@pass_context
@handled
def export(context: Context, table: str, fmt: str, output: Path | None) -> None:
    """Export the comments (default) or the messages."""
    from mailbot.campaign.exporting import export_rows  # here: openpyxl is slow to import, and `status` needs none of it

    data = export_rows(context.store(), table, fmt)
    if output:
        output.write_bytes(data)
        click.echo(f"wrote {output}", err=True)
    elif fmt == "xlsx":
        raise click.UsageError("--format xlsx needs -o FILE")
    else:
        sys.stdout.buffer.write(data)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@campaign_option
@pass_context
@handled
def missing(context: Context, fmt: str) -> None:
    """Roster units with no reply yet."""
    units = missing_units(context.store())
    if fmt == "json":
        click.echo(json.dumps([u.name for u in units], ensure_ascii=False))
        return
    pending = set(pending_units(context.store()))
    for unit in units:
        if unit.name not in pending:
            click.echo(f"{unit.name}\t{unit.category}\t{unit.contact}\t{', '.join(unit.emails)}")
    if pending:
        click.echo("待确认（有来信，可能是回复，请在审阅台确认或用 mailbot confirm）:")
        for unit in units:
            if unit.name in pending:
                click.echo(f"{unit.name}\t{unit.category}\t{unit.contact}\t{', '.join(unit.emails)}")
    click.echo(f"{len(units)} of {len(progress(context.store()))} units have not replied"
               + (f" ({len(pending)} of them 待确认)" if pending else ""), err=True)


@cli.command()
@click.option("-o", "--output", "folder", type=click.Path(path_type=Path), default=Path("report"), show_default=True,
              help="Folder for 意见汇总表.xlsx and 未报送单位.txt.")
@click.option("--send", is_flag=True, help="Also mail them to reports.recipients.")
@campaign_option
@pass_context
@handled
def report(context: Context, folder: Path, send: bool) -> None:
    """Build the consolidated workbook and the missing-units list."""
    store = context.store()
    from mailbot.campaign.report import write_report

    for path in write_report(context.config, store, folder, datetime.date.today()):
        click.echo(str(path))
    if send:
        from mailbot.outbox.notices import queue_digest
        from mailbot.outbox import Outbox

        if not context.config.recipients:
            raise MailbotError("report --send: reports.recipients is empty in the config; add who gets the digest")
        from mailbot.daemon import store_lock

        outbox = Outbox(store, context.config.smtp)
        queue_digest(context.config, store, outbox, datetime.date.today())
        try:
            with store_lock(context.mailbox_config.store_path, "report --send"):
                sent = outbox.deliver_due().sent
        except MailbotError:  # the daemon runs: it delivers the outbox, this one must not as well
            click.echo(f"digest to {', '.join(context.config.recipients)}: queued; the running daemon sends it")
            return
        click.echo(f"digest to {', '.join(context.config.recipients)}: " + ("sent" if sent else "queued (delivery failed: see `mailbot status`)"))


@cli.command()
@pass_context
@handled
def run(context: Context) -> None:
    """The daemon: watch the mailbox, acknowledge each reply, send the scheduled reports."""
    from mailbot.daemon import Daemon

    logging.getLogger().setLevel(logging.INFO)
    try:
        Daemon(context.mailbox_config, context.mailbox_store()).run()
    except (sqlite3.Error, OSError) as exc:
        # Operational, not a bug: one line, and EX_TEMPFAIL so systemd's Restart=on-failure
        # tries again (a full disk never gets here: the daemon waits for room instead).
        logging.getLogger("mailbot").error("mailbot run: stopped: %s: %s (store %s)", type(exc).__name__, exc,
                                           context.mailbox_config.store_path)
        sys.exit(EX_TEMPFAIL)


@cli.command()
@pass_context
@handled
def retry(context: Context) -> None:
    """Re-process the messages whose processing failed, from the archive."""
    from mailbot.pipeline.ingest import IngestReport
    from mailbot.runs import retry_failed

    from mailbot.daemon import store_lock

    line = ProgressLine("retry")
    try:
        with store_lock(context.mailbox_config.store_path, "retry"):
            click.echo(retry_failed(context.mailbox_config, context.mailbox_store(), IngestReport(on_message=line)))
    finally:
        line.close()


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@campaign_option
@pass_context
@handled
def status(context: Context, fmt: str) -> None:
    """Units replied / missing, comments to review, and whether the service works.
    Exit status 2 when something is down (a monitor can use it)."""
    whole = context.mailbox_config
    several = len(whole.rounds) > 1 and context.round_name is None
    config = whole if several else context.config
    store = open_round_store(config)
    rounds = [_round_figures(c, config, store) for c in whole.each_round()] if several else None
    if fmt == "json":
        found = status_json(config, store, rounds)
        click.echo(json.dumps(found, ensure_ascii=False, indent=2, default=str))
        down = bool(found["down"])
    else:
        lines, down = status_lines(config, store, rounds)
        for line in lines:
            click.echo(line)
    if down:
        sys.exit(EX_DOWN)


def _round_figures(config: Config, first: Config, first_store: Store) -> Any:
    """A round's line in `status`: its own store's figures (the first round's store is open already)."""
    from mailbot.campaign.status import round_figures

    if config.round_name == first.round_name:
        return round_figures(config, first_store, datetime.date.today())
    store = open_round_store(config)
    try:
        return round_figures(config, store, datetime.date.today())
    finally:
        store.close()


@cli.command()
@click.argument("comment_id")
@click.argument("target")
@campaign_option
@pass_context
@handled
def assign(context: Context, comment_id: str, target: str) -> None:
    """Set a comment's clause by hand (3, 第3条), or 第二部分 / 全文; kept across re-processing."""
    from mailbot.campaign.assigning import assign_comment

    click.echo(assign_comment(context.store(), comment_id, target))


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "jsonl"]), default="text", show_default=True)
@campaign_option
@pass_context
@handled
def read(context: Context, files: tuple[Path, ...], fmt: str) -> None:
    """What mailbot reads from files (.eml, .docx, .pdf, a scan…) before any mapping: one block a line."""
    from mailbot.pipeline.reading_files import as_json, as_text, read_files

    for row in read_files(list(files), context.config.draft, context.config.limits):
        click.echo(as_json(row) if fmt == "jsonl" else as_text(row))


@cli.command()
@click.argument("message_id")
@click.option("--not", "not_reply", is_flag=True, help="It is not a reply to this round.")
@campaign_option
@pass_context
@handled
def confirm(context: Context, message_id: str, not_reply: bool) -> None:
    """Decide a possible reply (待确认): it answers this round, or (--not) it does not."""
    from mailbot.campaign.confirming import confirm_message, settle_rivals

    click.echo(confirm_message(context.store(), message_id, not not_reply))
    if not not_reply:
        for name in settle_rivals(context.config, message_id):
            click.echo(f"{message_id}: not a reply to round {name} (it waited there too)")


@cli.command()
@click.option("--host", default=None, help="Address to listen on (default: [web] host, else 127.0.0.1).")
@click.option("--port", type=click.IntRange(1, 65535), default=None, help="Port (default: [web] port, else 8080).")
@campaign_option
@pass_context
@handled
def serve(context: Context, host: str | None, port: int | None) -> None:
    """The review desk in a browser: progress, by clause, review queue, adoption decisions, messages.
    With several rounds: every round (a switcher on each page), or the one --campaign names."""
    from mailbot.web.server import serve_desk

    serve_desk(context.mailbox_config, host, port, click.echo, context.round_name)


@cli.command()
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="FILE.docx or FILE.xlsx.")
@campaign_option
@pass_context
@handled
def adoption(context: Context, output: Path) -> None:
    """Write the adoption table (意见采纳情况表: 序号, 条款, 提出单位, 意见内容, 是否采纳, 说明)."""
    from mailbot.campaign.decisions import adoption_table

    store = context.store()
    try:
        data = adoption_table(store, context.config.title, output.suffix)
    finally:
        store.close()
    output.write_bytes(data)
    click.echo(str(output))


@cli.command()
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="FILE.docx to write.")
@click.option("--adopted", is_flag=True, help="The revised draft (修改稿): what the desk decided 采纳, as tracked changes.")
@campaign_option
@pass_context
@handled
def annotate(context: Context, output: Path, adopted: bool) -> None:
    """The draft with every comment in its margin (批注稿), exact wording as tracked changes."""
    from mailbot.campaign.annotating import write_annotated

    if output.suffix.lower() != ".docx":
        raise MailbotError(f"annotate: cannot write {output.name}: use FILE.docx")
    store = context.store()
    try:
        click.echo(str(write_annotated(context.config, store, output, adopted)))
    finally:
        store.close()
