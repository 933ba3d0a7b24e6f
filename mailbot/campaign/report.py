"""Build the report files (意见汇总表.xlsx, 未报送单位.txt) from the store."""

from __future__ import annotations

import datetime
from pathlib import Path

from mailbot.config import Config
from mailbot.campaign.counts import counts
from mailbot.campaign.groups import groups_now
from mailbot.campaign.progress import active_comments, missing_units, pending_units, progress, review_items, unlisted_lines
from mailbot.store import Store, comments
from reports.missing import missing_text
from reports.workbook import build_workbook

WORKBOOK_NAME = "意见汇总表.xlsx"
MISSING_NAME = "未报送单位.txt"


def build_report_files(config: Config, store: Store, today: datetime.date) -> dict[str, bytes]:
    figures = counts(store)
    missing = missing_units(store)
    # 报送进度 lists the roster, then the senders outside it on lines of their own: every
    # active comment is on one line, and the lines add up to the comments of the other sheets.
    workbook = build_workbook(
        draft=store.draft(), comments=active_comments(store), progress=progress(store) + unlisted_lines(store),
        missing=missing, review=review_items(store), campaign_title=config.title,
        groups=groups_now(store),  # the desk's groups: a clerk's 单独处理 and 并入 are in the sheet too
    )
    text = missing_text(
        missing, campaign_title=config.title, total=figures.roster, replied=figures.replied,
        deadline=config.deadline, today=today, pending=frozenset(pending_units(store)),
    )
    return {WORKBOOK_NAME: workbook, MISSING_NAME: text.encode("utf-8")}


# Far beyond a real round (24 units send a few hundred comments): the drafts of 5,000 comments add
# about 1 s, and a larger store keeps the report within its 10,000-comment target of 2 s.
ANNOTATE_LIMIT = 5000


def write_report(config: Config, store: Store, folder: Path, today: datetime.date) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    from mailbot.campaign.annotating import annotated_files  # the drafts go beside the workbook, not into the digest

    files = build_report_files(config, store, today)
    # The marked-up drafts grow with the comments (10,000: 1.4-2.9 s for the 批注稿), so a store
    # larger than any real round gets the sheet only and `mailbot annotate` writes the drafts on
    # request; the report stays within its targets (10,000 comments 2 s, 100,000 20 s).
    if comments.active_count(store) <= ANNOTATE_LIMIT:
        files.update(annotated_files(config, store))
    for name, data in files.items():
        path = folder / name
        temporary = path.with_name(f".{name}.tmp")
        temporary.write_bytes(data)
        temporary.replace(path)
        written.append(path)
    return written
