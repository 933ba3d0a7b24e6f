"""Pages and filters on 采纳, 待复核, 来件 and 按条款; the store asked for one page; error pages
and stored error codes in Chinese."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from desk_helpers import HOSTILE_ID, desk_copy

from mailbot.campaign import decisions
from mailbot.store import listing
from mailbot.config import Config
from mailbot.store.listing import Filters, comment_page, message_page
from mailbot.store import Store
from mailbot.web.app import create_app
from mailbot.web.context import error_text


@pytest.fixture
def desk(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Config:
    return desk_copy(tmp_path_factory.getbasetemp(), tmp_path / "desk", password=False)


@pytest.fixture
def store(desk: Config) -> Iterator[Store]:
    opened = Store(desk.store_path)
    decisions.ensure_tables(opened)
    yield opened
    opened.close()


@pytest.fixture
def client(desk: Config) -> Iterator[Any]:
    with create_app(desk, desk.store_path).test_client() as test_client:
        yield test_client


def test_comment_pages_cover_the_table_once_in_order(store: Store) -> None:
    everything = decisions.adoption_records(store)
    first = comment_page(store, Filters(), 1, numbered=True)
    assert first.total == len(everything) and first.pages == -(-len(everything) // listing.PAGE_SIZE)
    seen = [r["id"] for n in range(1, first.pages + 1) for r in comment_page(store, Filters(), n, numbered=True).items]
    assert seen == [r.comment_id for r in everything]
    last = comment_page(store, Filters(), first.pages + 5, numbered=True)
    assert last.number == first.pages, "a page past the end is the last page"


def test_filters_by_unit_place_and_decision(store: Store) -> None:
    rows = decisions.adoption_records(store)
    unit = rows[0].unit
    cid = rows[0].comment_id
    decisions.set_decision(store, cid, "采纳", "", "张三")
    by_unit = comment_page(store, Filters(unit=unit), 1, numbered=True)
    assert by_unit.total == sum(1 for r in rows if r.unit == unit) and {r["unit_label"] for r in by_unit.items} == {unit}
    clause3 = comment_page(store, Filters(place="clause-3"), 1)
    assert clause3.total == sum(1 for r in rows if r.place == "第3条")
    assert comment_page(store, Filters(decision="采纳"), 1).total == 1
    assert comment_page(store, Filters(decision="未决定"), 1).total == len(rows) - 1
    assert comment_page(store, Filters(place="nonsense"), 1).total == 0
    outside = comment_page(store, Filters(unit="进学街道总工会（名单外）"), 1, numbered=True)
    assert outside.total > 0 and [r["number"] for r in outside.items] == [r.number for r in rows if r.unit.endswith("（名单外）")]


def test_the_adoption_page_pages_with_its_filters(client: Any, store: Store) -> None:
    rows = decisions.adoption_records(store)
    size = listing.PAGE_SIZE
    html = client.get("/adoption?page=2").get_data(as_text=True)
    assert len(rows) > 2 * size and f"第 2/{-(-len(rows) // size)} 页" in html
    numbers = [int(n) for n in re.findall(r'<td class="num">(\d+)</td>', html)]
    assert numbers == list(range(size + 1, 2 * size + 1))
    html = client.get("/adoption", query_string={"decision": "未决定", "page": "2"}).get_data(as_text=True)
    assert f"符合条件的 {len(rows)} 条" in html
    assert 'href="/adoption?decision=%E6%9C%AA%E5%86%B3%E5%AE%9A&amp;page=3" rel="next"' in html  # the pager keeps the filter


def test_a_decision_click_redraws_its_row_with_its_number(client: Any, store: Store) -> None:
    row = decisions.adoption_records(store)[7]
    html = client.get("/adoption").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]
    answer = client.post(f"/comments/{row.comment_id}/decision", headers={"HX-Request": "true"},
                         data={"csrf_token": token, "decision": "部分采纳", "reason": "吸收一半", "mode": "row", "number": "8"})
    text = answer.get_data(as_text=True)
    assert answer.status_code == 200 and f'id="row-{row.comment_id}"' in text
    assert '<td class="num">8</td>' in text and "吸收一半" in text and 'id="undecided-count"' in text
    assert decisions.decision_of(store, row.comment_id)["decision"] == "部分采纳"


def test_review_and_messages_page_and_filter(client: Any, store: Store) -> None:
    review = client.get("/review", query_string={"unit": "安图县总工会"}).get_data(as_text=True)
    assert "待复核 <span class=\"count\">（1 条）" in review
    assert "没有符合条件的待复核意见" in client.get("/review?unit=没有这个单位").get_data(as_text=True)
    everything = message_page(store, Filters(), 1)
    assert everything.total == len(store.messages())
    assert message_page(store, Filters(kind="no_comment"), 1).total == len(store.messages("kind = 'no_comment'"))
    html = client.get("/messages", query_string={"unit": "安图县总工会"}).get_data(as_text=True)
    assert "（1 封）" in html and HOSTILE_ID.strip("<>") in html


def test_one_clause_with_all_its_comments(client: Any, store: Store) -> None:
    rows = decisions.adoption_records(store)
    html = client.get("/clauses?place=clause-8").get_data(as_text=True)
    assert html.count('class="who-said"') == sum(1 for r in rows if r.place == "第8条")
    assert 'id="clause-7"' not in html and 'id="clause-8"' in html
    assert client.get("/clauses?place=clause-x").status_code == 404


def test_error_pages_are_in_chinese(client: Any) -> None:
    missing = client.get("/no-such-page")
    assert missing.status_code == 404 and "找不到这一页" in missing.get_data(as_text=True)
    assert "Not Found" not in missing.get_data(as_text=True)
    assert client.get("/comments/c0000000000").status_code == 404
    wrong = client.get("/remind")
    assert wrong.status_code == 405 and "不支持的操作" in wrong.get_data(as_text=True)
    htmx = client.get("/no-such-page", headers={"HX-Request": "true"})
    assert htmx.get_data(as_text=True).startswith("找不到这一页：")


def test_stored_error_codes_are_shown_in_chinese() -> None:
    assert error_text("unsupported: a.bin: 暂不能读取此类文件（bin），请人工查看") == "不支持的文件：a.bin: 暂不能读取此类文件（bin），请人工查看"
    assert error_text("corrupt: 意见.docx: not a readable Word file (BadZipFile)") == "文件损坏或无法读取：意见.docx: 不是可读取的Word文件 (BadZipFile)"
    assert error_text("附件读出了文字，但未识别出意见") == "附件读出了文字，但未识别出意见"
    assert error_text(None) == ""
