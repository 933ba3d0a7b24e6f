"""workbook: 意见汇总表.xlsx, its sheets, order, groups and print setup."""

from __future__ import annotations

import datetime
import io
import zipfile
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from parsers.records import Draft, Unit
from reports.workbook import build_workbook

SHEETS = ["按条款汇总", "按单位", "未报送单位", "待复核", "报送进度"]


def _comment(cid: int, unit: str | None, scope: str, clause: int | None, section: int | None,
             text: str, **extra: Any) -> dict[str, Any]:
    base = {
        "id": cid, "unit": unit, "unlisted_unit": None, "message_id": f"<m{cid}@x>",
        "source": "body", "scope": scope, "clause": clause, "section": section, "text": text,
        "reason": "", "confidence": 0.9, "needs_review": False, "evidence": "表格条款列",
        "status": "active", "origin": "段落1",
    }
    return base | extra


COMMENTS = [
    _comment(1, "图们市总工会", "general", None, None, "总体赞同"),
    _comment(2, "图们市总工会", "clause", 3, 2, "=1+1"),
    _comment(3, "延吉市总工会", "clause", 3, 2, "@SUM(A1)", confidence=0.5, needs_review=True),
    _comment(4, "延吉市总工会", "clause", 1, 1, "-2+3", reason="理由一"),
    _comment(5, None, "section", None, 2, "第二部分整体偏长", unlisted_unit="州妇联"),
    _comment(6, "延吉市总工会", "clause", 2, 2, "旧意见", status="superseded"),
]
PROGRESS = [
    {"unit": "延吉市总工会", "category": "县市", "status": "已报送", "comments": 2, "date": "2014-09-20"},
    {"unit": "图们市总工会", "category": "县市", "status": "已报送", "comments": 2, "date": None},
    {"unit": "州教育工会", "category": "产业", "status": "未报送", "comments": 0, "date": None},
]
REVIEW = [{"unit": "延吉市总工会", "subject": "回复", "source": "意见.docx", "problem": "条款不明",
           "text": "+cmd", "evidence": None, "confidence": 0.4}, {"problem": "无法识别单位"}]


@pytest.fixture
def book(draft: Draft, units: list[Unit]) -> tuple[bytes, Workbook]:
    data = build_workbook(draft=draft, comments=COMMENTS, progress=PROGRESS, missing=units[2:],
                          review=REVIEW, campaign_title="关于加强工会工作的意见（征求意见稿）")
    return data, load_workbook(io.BytesIO(data))


def _rows(wb: Workbook, sheet: str) -> list[list[Any]]:
    return [list(r) for r in wb[sheet].iter_rows(values_only=True)]


def test_sheets_and_order(book: tuple[bytes, Workbook]) -> None:
    assert book[1].sheetnames == SHEETS


def test_by_clause_order_groups_and_labels(book: tuple[bytes, Workbook]) -> None:
    rows = _rows(book[1], "按条款汇总")
    assert rows[0] == ["序号", "条款", "条款标题", "单位", "意见内容", "理由", "来源", "识别依据", "置信度", "需复核", "单位数"]
    assert [r[:5] for r in rows[1:]] == [
        ["第一部分 总体要求", None, None, None, None],
        [1, "第1条", "坚持党的领导", "延吉市总工会", "-2+3"],
        ["第二部分 发挥工人阶级主力军作用", None, None, None, None],
        [2, "第3条", "加强职工技能培训", "延吉市总工会", "@SUM(A1)"],
        [3, "第3条", "加强职工技能培训", "图们市总工会", "=1+1"],
        ["各部分整体意见", None, None, None, None],
        [4, "第二部分（整体）", "发挥工人阶级主力军作用", "州妇联（名单外）", "第二部分整体偏长"],
        ["全文意见", None, None, None, None],
        [5, "全文", "（全文/总体意见）", "图们市总工会", "总体赞同"],
    ]
    assert rows[4][8:] == [0.5, "是", 1] and rows[5][9] is None


def test_like_proposals_are_one_by_clause_row_naming_their_units(draft: Draft, units: list[Unit]) -> None:
    """GIVEN two units proposing the same edit of clause 3 in other words, two near-duplicate
    remarks on clause 2, and the same edit on clause 1 WHEN the workbook is built THEN each pair
    is one row with 单位数 2, every unit named with its own words; clause 1's stays its own row."""
    comments = [
        _comment(1, "延吉市总工会", "clause", 3, 2, "建议将“技能培训”改为“技能培训和竞赛”。", reason="更完整"),
        _comment(2, "州教育工会", "clause", 3, 2, "第3条：“技能培训”宜修改为“技能培训和竞赛”", confidence=0.7, source="意见.docx"),
        _comment(3, "图们市总工会", "clause", 2, 2, "建议增加服务职工的内容。"),
        _comment(4, "延吉市总工会", "clause", 2, 2, "第2条：建议补充服务职工的内容"),
        _comment(5, "图们市总工会", "clause", 1, 1, "建议将“技能培训”改为“技能培训和竞赛”。"),
    ]
    data = build_workbook(draft=draft, comments=comments, progress=PROGRESS, missing=[], review=[], campaign_title="t")
    rows = [r for r in _rows(load_workbook(io.BytesIO(data)), "按条款汇总")[1:] if isinstance(r[0], int)]
    assert [(r[1], r[3], r[10]) for r in rows] == [
        ("第1条", "图们市总工会", 1), ("第2条", "延吉市总工会、图们市总工会", 2), ("第3条", "延吉市总工会、州教育工会", 2)]
    assert rows[2][4] == ("延吉市总工会：建议将“技能培训”改为“技能培训和竞赛”。\n州教育工会：第3条：“技能培训”宜修改为“技能培训和竞赛”"
                          "\n（2个单位：相同修改：将“技能培训”修改为“技能培训和竞赛”）")
    assert rows[2][5:10] == ["延吉市总工会：更完整", "延吉市总工会：body\n州教育工会：意见.docx",
                             "延吉市总工会：表格条款列\n州教育工会：表格条款列", 0.7, None]
    assert rows[1][4].endswith("（2个单位：文字相近 1.00）")


def test_group_rows_are_bold_and_cells_styled(book: tuple[bytes, Workbook]) -> None:
    ws = book[1]["按条款汇总"]
    assert ws["A2"].font.b and not ws["A3"].font.b
    assert ws["E3"].font.name == "宋体" and ws["E3"].alignment.wrap_text
    assert ws["I3"].number_format == "0.00"
    widths = {c: ws.column_dimensions[c].width for c in "ABCDEFGHIJ"}
    assert max(widths, key=lambda c: widths[c]) == "E"  # the comment takes what the page leaves


def test_formula_looking_comments_stay_text(book: tuple[bytes, Workbook]) -> None:
    data, wb = book
    ws = wb["按条款汇总"]
    assert [(ws[c].value, ws[c].data_type) for c in ("E3", "E5", "E6")] == [
        ("-2+3", "s"), ("@SUM(A1)", "s"), ("=1+1", "s")]
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        sheets = [n for n in zf.namelist() if n.startswith("xl/worksheets/sheet")]
        assert sheets and all(b"<f>" not in zf.read(n) and b"<f " not in zf.read(n) for n in sheets)


def test_print_setup_on_every_sheet(book: tuple[bytes, Workbook]) -> None:
    for ws in book[1].worksheets:
        assert ws.page_setup.orientation == "landscape"
        assert ws.page_setup.paperSize == int(ws.PAPERSIZE_A4)
        assert ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight == 0  # 1 is the default
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == "$1:$1"
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:")
        assert ws["A1"].font.b


def test_by_unit_blocks_in_roster_order(book: tuple[bytes, Workbook]) -> None:
    rows = _rows(book[1], "按单位")
    assert rows[0] == ["单位", "条款", "意见内容", "理由", "来源"]
    assert [r[:3] for r in rows[1:]] == [
        ["延吉市总工会（2 条）", None, None],
        ["延吉市总工会", "第1条", "-2+3"],
        ["延吉市总工会", "第3条", "@SUM(A1)"],
        ["图们市总工会（2 条）", None, None],
        ["图们市总工会", "第3条", "=1+1"],
        ["图们市总工会", "全文", "总体赞同"],
        ["州妇联（名单外）（1 条）", None, None],
        ["州妇联（名单外）", "第二部分（整体）", "第二部分整体偏长"],
    ]


def test_missing_review_and_progress(book: tuple[bytes, Workbook]) -> None:
    wb = book[1]
    assert _rows(wb, "未报送单位") == [["序号", "单位名称", "类别", "联系人", "邮箱"], [1, "州教育工会", "产业", None, None]]
    review = _rows(wb, "待复核")
    assert review[0] == ["序号", "单位", "邮件主题", "来源", "问题", "意见内容", "识别依据", "置信度"]
    assert review[1] == [1, "延吉市总工会", "回复", "意见.docx", "条款不明", "+cmd", None, 0.4]
    assert review[2] == [2, None, None, None, "无法识别单位", None, None, None]
    progress = _rows(wb, "报送进度")
    assert progress[0] == ["序号", "单位", "类别", "状态", "意见条数", "报送日期"]
    assert progress[1] == [1, "延吉市总工会", "县市", "已报送", 2, datetime.datetime(2014, 9, 20)]
    assert progress[2][5] is None and wb["报送进度"]["F2"].number_format == "yyyy-mm-dd hh:mm"
    assert wb["待复核"]["F2"].data_type == "s"


def test_empty_inputs_still_build(draft: Draft) -> None:
    data = build_workbook(draft=draft, comments=[], progress=[], missing=[], review=[], campaign_title="T")
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == SHEETS
    assert wb["按条款汇总"].max_row == 1
