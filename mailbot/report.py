"""Build the report files (意见汇总表.xlsx, 未报送单位.txt) from the store."""

from __future__ import annotations

import datetime
from pathlib import Path

from mailbot.config import Config
from mailbot.progress import active_comments, missing_units, pending_units, progress, review_items
from mailbot.store import Store
from reports.missing import missing_text
from reports.workbook import build_workbook

WORKBOOK_NAME = "意见汇总表.xlsx"
MISSING_NAME = "未报送单位.txt"


def build_report_files(config: Config, store: Store, today: datetime.date) -> dict[str, bytes]:
    rows = progress(store)
    missing = missing_units(store)
    workbook = build_workbook(
        draft=store.draft(), comments=active_comments(store), progress=rows, missing=missing,
        review=review_items(store), campaign_title=config.title,
    )
    text = missing_text(
        missing, campaign_title=config.title, total=len(rows), replied=len(rows) - len(missing),
        deadline=config.deadline, today=today, pending=frozenset(pending_units(store)),
    )
    return {WORKBOOK_NAME: workbook, MISSING_NAME: text.encode("utf-8")}


def write_report(config: Config, store: Store, folder: Path, today: datetime.date) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in build_report_files(config, store, today).items():
        path = folder / name
        temporary = path.with_name(f".{name}.tmp")
        temporary.write_bytes(data)
        temporary.replace(path)
        written.append(path)
    return written
