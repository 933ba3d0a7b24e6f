"""One figure for each count: the desk's pages, the digest and the workbook read the same
numbers from mailbot.campaign.counts, on the sample store, whose replies include one from a unit
outside the roster (进学街道总工会)."""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from desk_helpers import desk_copy

from mailbot.campaign import decisions
from mailbot.config import Config
from mailbot.campaign.counts import Counts, counts
from mailbot.outbox.notices import digest_figures
from mailbot.campaign.progress import missing_units
from mailbot.campaign.report import WORKBOOK_NAME, build_report_files
from mailbot.store import Store
from mailbot.web.app import create_app
from reports.adoption import adoption_rows
from reports.mail import digest_text

UNLISTED = "进学街道总工会（名单外）"
TODAY = datetime.date(2014, 9, 20)


@pytest.fixture
def desk(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Config:
    return desk_copy(tmp_path_factory.getbasetemp(), tmp_path / "desk", password=False)


@pytest.fixture
def store(desk: Config) -> Iterator[Store]:
    opened = Store(desk.store_path)
    decisions.ensure_tables(opened)
    first, second = [r["id"] for r in opened.comments("status = 'active'")[:2]]
    decisions.set_decision(opened, first, "采纳", "已改", "张三")
    decisions.set_decision(opened, second, "不采纳", "", "张三")
    yield opened
    opened.close()


@pytest.fixture
def figures(store: Store) -> Counts:
    found = counts(store)
    assert found.unlisted == 1 and found.unlisted_comments > 0, "the sample has a reply from outside the roster"
    return found


def number(pattern: str, html: str) -> int:
    found = re.search(pattern, html, re.S)
    assert found, pattern
    return int(found.group(1))


def pages(desk: Config, *paths: str) -> list[str]:
    app = create_app(desk, desk.store_path)
    with app.test_client() as client:
        return [client.get(path).get_data(as_text=True) for path in paths]


def test_the_desk_pages_show_the_counts(desk: Config, store: Store, figures: Counts) -> None:
    """GIVEN the sample store WHEN 报送进度, 按条款, 采纳 and 待复核 are opened
    THEN each shows the same comment count, and 报送进度's lines (the unit outside the roster
    on its own line) add up to it."""
    progress, clauses, adoption, review = pages(desk, "/", "/clauses", "/adoption", "/review")
    assert number(r'id="comment-count">(\d+)<', progress) == figures.comments
    assert f"{figures.replied}/{figures.roster}" in progress
    table = progress[progress.index('id="units"'):progress.index("</table>", progress.index('id="units"'))]
    column = [int(n) for n in re.findall(r'<td>[^<]*</td>\s*<td class="num">(\d+)</td>\s*<td class="no-print">', table)]
    assert sum(column) == figures.comments
    assert UNLISTED in table
    assert number(r"有效意见共 (\d+) 条", clauses) == figures.comments
    assert number(r'<span class="figure">(\d+)</span>条有效意见', adoption) == figures.comments
    assert number(r'id="undecided-count">(\d+)<', adoption) == figures.decisions["未决定"] == figures.comments - 2
    assert number(r"待复核 <span class=\"count\">（(\d+) 条）", review) == figures.needs_review
    others = review[review.index("其他待处理"):] if "其他待处理" in review else ""
    assert others.count("<tr><td>") == figures.to_check


def test_the_digest_shows_the_counts(desk: Config, store: Store, figures: Counts) -> None:
    digest = digest_figures(desk, store, TODAY)
    assert (digest.total_units, digest.replied, len(digest.missing)) == (figures.roster, figures.replied, figures.missing)
    assert (len(digest.comments), digest.review, digest.errors) == (figures.comments, figures.needs_review, figures.read_errors)
    assert f"意见 {figures.comments} 条，待复核 {figures.needs_review} 条，读取出错 {figures.read_errors} 处" in digest_text(digest)


def test_the_workbook_shows_the_counts(desk: Config, store: Store, figures: Counts) -> None:
    """Every active comment is a row of 按条款汇总 and of 按单位; 报送进度 lists the roster
    and then the unit outside it, and its 意见条数 add up to the same figure."""
    book = openpyxl.load_workbook(io.BytesIO(build_report_files(desk, store, TODAY)[WORKBOOK_NAME]), read_only=True)
    by_clause = [r for r in book["按条款汇总"].iter_rows(min_row=2, values_only=True) if isinstance(r[0], int)]
    assert len(by_clause) == figures.comments
    by_unit = [r for r in book["按单位"].iter_rows(min_row=2, values_only=True) if r[1]]
    assert len(by_unit) == figures.comments
    progress = list(book["报送进度"].iter_rows(min_row=2, values_only=True))
    assert sum(int(r[4] or 0) for r in progress) == figures.comments
    assert len(progress) == figures.roster + figures.unlisted and progress[-1][1] == UNLISTED
    review = [r for r in book["待复核"].iter_rows(min_row=2, values_only=True) if r[4] == "条款识别不确定"]
    assert len(review) == figures.needs_review
    assert len(list(book["未报送单位"].iter_rows(min_row=2))) == figures.missing == len(missing_units(store))


def test_the_adoption_order_in_sql_is_the_reports_order(store: Store) -> None:
    """The desk pages the table in SQL; the order (clause, roster, then outside the roster) is reports.adoption's."""
    draft = store.draft()
    expected = adoption_rows(draft=draft, comments=store.comments("status = 'active'"), decisions=decisions.decisions(store),
                             roster=[u.name for u in store.roster()])
    assert decisions.adoption_records(store) == expected
