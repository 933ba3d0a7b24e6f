"""Plain helpers the tests import (`from helpers import write_config, deliver`)."""

from __future__ import annotations

import shutil
from pathlib import Path


def write_config(folder: Path, campaign: Path, *, extra: str = "") -> Path:
    """A config for a campaign in `folder`, with a Maildir inbox at folder/inbox."""
    for sub in ("cur", "new", "tmp"):
        (folder / "inbox" / sub).mkdir(parents=True, exist_ok=True)
    path = folder / "mailbot.toml"
    path.write_text(
        "[campaign]\n"
        'title = "关于进一步加强和创新延边工会工作的意见（征求意见稿）"\n'
        f'draft = "{campaign / "draft.docx"}"\n'
        f'roster = "{campaign / "units.csv"}"\n'
        "deadline = 2014-09-25\n"
        '[store]\npath = "var/mailbot.db"\narchive = "var/archive"\n'
        '[mailbox]\nkind = "maildir"\npath = "inbox"\naddress = "xcjyb@ybgh.example"\n'
        '[smtp]\nkind = "folder"\npath = "var/outbox"\n' + extra,
        encoding="utf-8",
    )
    return path


def write_smtp_config(folder: Path, campaign: Path, port: int, *, store: Path | None = None,
                      archive: Path | None = None, receipts_per_hour: int = 5000) -> Path:
    """write_config's campaign with a real SMTP server on loopback, a Maildir polled every second,
    and optionally the store or the archive elsewhere (a small disk)."""
    path = write_config(folder, campaign)
    text = path.read_text(encoding="utf-8")
    text = text.replace('[smtp]\nkind = "folder"\npath = "var/outbox"\n',
                        f'[smtp]\nkind = "smtp"\nhost = "127.0.0.1"\nport = {port}\ntls = "none"\n'
                        'from = "延边州总工会宣传教育部 <xcjyb@ybgh.example>"\n')
    text = text.replace('address = "xcjyb@ybgh.example"\n', 'address = "xcjyb@ybgh.example"\npoll_seconds = 1\n')
    if store is not None:
        text = text.replace('path = "var/mailbot.db"', f'path = "{store}"')
    if archive is not None:
        text = text.replace('archive = "var/archive"', f'archive = "{archive}"')
    path.write_text(text + f"[reports]\nreceipts_per_hour = {receipts_per_hour}\n", encoding="utf-8")
    return path


def deliver(inbox: Path, sources: list[Path]) -> None:
    """Put messages into a Maildir's new/ as a mail server would."""
    for index, source in enumerate(sources):
        shutil.copyfile(source, inbox / "new" / f"{1410000000 + index}.{source.stem}.test")
