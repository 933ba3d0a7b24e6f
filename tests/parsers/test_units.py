"""parsers.mail.units: the roster, and which unit a reply comes from."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.errors import CorruptFile
from parsers.records import Unit
from parsers.mail.units import identify_unit, load_roster, unit_by_address, unit_by_name, unlisted_name

CAMPAIGN = Path(__file__).resolve().parents[1] / "fixtures" / "campaign"

ROSTER_CSV = (
    "单位名称,类别,邮箱,别名,联系人\n"
    "青山大学工会,高校,QSDX@Uni.example;qsdx2@uni.example,青大工会；青山大学,李老师\n"
    "青山大学附属医院工会,医疗,fsyy@hospital.example,附院工会,王医生\n"
    "白河县总工会,县市总工会,bhx@baihe.example,白河县工会,\n"
    ",,,,\n"
)
HEADER = ["单位名称", "类别", "邮箱", "别名", "联系人"]


@pytest.fixture
def roster() -> list[Unit]:
    return load_roster(ROSTER_CSV.encode("utf-8"), "units.csv")


def _xlsx(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# -- load_roster ---------------------------------------------------------------


def test_csv_fields(roster: list[Unit]) -> None:
    assert roster[0] == Unit(
        "青山大学工会", "高校", ("qsdx@uni.example", "qsdx2@uni.example"), ("青大工会", "青山大学"), "李老师"
    )
    assert [u.name for u in roster] == ["青山大学工会", "青山大学附属医院工会", "白河县总工会"]
    assert roster[2].contact == ""


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030", "utf-8"])
def test_csv_encodings(encoding: str, roster: list[Unit]) -> None:
    assert load_roster(ROSTER_CSV.encode(encoding), "units.csv") == roster


def test_csv_with_crlf_and_padded_header() -> None:
    data = " 单位名称 , 邮箱 \r\n镕城工会 , A@B.example \r\n".encode("gb18030")
    assert load_roster(data, "u.csv") == [Unit("镕城工会", "", ("a@b.example",), ())]


@pytest.mark.parametrize("newline", ["\r", "\r\n", "\n"])
def test_csv_line_endings_and_quoted_newline(newline: str) -> None:
    data = f'单位名称,联系人{newline}甲工会,"张三{newline}李四"{newline}乙工会,{newline}'.encode()
    assert [(u.name, u.contact) for u in load_roster(data, "u.csv")] == [("甲工会", f"张三{newline}李四"), ("乙工会", "")]


def test_xlsx(roster: list[Unit]) -> None:
    rows: list[list[object]] = [HEADER]
    rows += [[u.name, u.category, ";".join(u.emails), "；".join(u.aliases), u.contact or None] for u in roster]
    rows.insert(2, [None] * 5)
    assert load_roster(_xlsx(rows), "名单.XLSX") == roster


def test_xlsx_title_row_above_header() -> None:
    data = _xlsx([["某某州工会单位名单"], HEADER, ["甲乙工会", None, "x@y.example", None, 13800000000]])
    assert load_roster(data, "units.xlsx") == [Unit("甲乙工会", "", ("x@y.example",), (), "13800000000")]


def test_fixture_roster_csv_and_xlsx_agree() -> None:
    from_csv = load_roster((CAMPAIGN / "units.csv").read_bytes(), "units.csv")
    from_xlsx = load_roster((CAMPAIGN / "units.xlsx").read_bytes(), "units.xlsx")
    assert from_csv == from_xlsx
    assert from_csv[0].name == "延吉市总工会"


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        ("名称,邮箱\n甲工会,a@b.example\n".encode(), "units.csv"),
        (b"", "units.csv"),
        (b"\n\n", "units.csv"),
        (b"\xff\xfe\x00\x81\x30", "units.csv"),
        (b'\xe5\x8d\x95"\r\x00', "units.csv"),
        (b"PK\x03\x04 not really", "units.xlsx"),
    ],
)
def test_unreadable_roster(data: bytes, filename: str) -> None:
    with pytest.raises(CorruptFile):
        load_roster(data, filename)


def test_xlsx_without_name_column() -> None:
    with pytest.raises(CorruptFile, match="单位名称"):
        load_roster(_xlsx([["名称", "邮箱"], ["甲工会", "a@b.example"]]), "units.xlsx")


@pytest.mark.parametrize("separator", [";", "；", ",", "，", " ", "; "])
def test_alias_and_email_separators(separator: str) -> None:
    data = f"单位名称,邮箱,别名\n甲工会,\"A@B.example{separator}c@d.example\",\"甲会{separator}甲单位工会\"\n"
    (unit,) = load_roster(data.encode(), "u.csv")
    assert unit.emails == ("a@b.example", "c@d.example")
    assert unit.aliases == ("甲会", "甲单位工会")


# -- matching ------------------------------------------------------------------


@pytest.mark.parametrize("address", ["qsdx@uni.example", "QSDX@UNI.EXAMPLE", " Qsdx2@Uni.Example "])
def test_unit_by_address_ignores_case(address: str, roster: list[Unit]) -> None:
    unit = unit_by_address(address, roster)
    assert unit is not None and unit.name == "青山大学工会"


@pytest.mark.parametrize("address", ["", "other@uni.example", "uni.example"])
def test_unit_by_address_no_match(address: str, roster: list[Unit]) -> None:
    assert unit_by_address(address, roster) is None


def test_unit_by_name_longest_wins(roster: list[Unit]) -> None:
    unit = unit_by_name("青山大学附属医院工会关于《意见》的修改建议", roster)
    assert unit is not None and unit.name == "青山大学附属医院工会"
    unit = unit_by_name("青山大学工会关于《意见》的修改建议", roster)
    assert unit is not None and unit.name == "青山大学工会"


def test_unit_by_name_alias(roster: list[Unit]) -> None:
    unit = unit_by_name("附院工会意见.docx", roster)
    assert unit is not None and unit.name == "青山大学附属医院工会"


def test_unit_by_name_none(roster: list[Unit]) -> None:
    assert unit_by_name("某某街道总工会", roster) is None
    assert unit_by_name("", roster) is None


def test_identify_address_before_text(roster: list[Unit]) -> None:
    match = identify_unit(
        [("转发的原邮件发件人", "nobody@qq.example"), ("发件人", "bhx@baihe.example")],
        [("主题", "青山大学工会的意见")],
        roster,
    )
    assert match.unit is not None and match.unit.name == "白河县总工会"
    assert match.evidence == "发件人地址 bhx@baihe.example"


def test_identify_texts_in_order(roster: list[Unit]) -> None:
    match = identify_unit(
        [("发件人", "someone@qq.example")],
        [("主题", "修改意见"), ("附件名", "附院工会意见.docx"), ("署名", "白河县总工会")],
        roster,
    )
    assert match.unit is not None and match.unit.name == "青山大学附属医院工会"
    assert match.evidence == "附件名中的单位名称"


def test_identify_unlisted(roster: list[Unit]) -> None:
    match = identify_unit(
        [("发件人", "someone@163.example")],
        [("主题", "回复：征求意见"), ("文档标题", "某某市某某街道总工会关于《意见》的修改意见\n一、")],
        roster,
    )
    assert (match.unit, match.unlisted) == (None, "某某市某某街道总工会")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("某某市某某街道总工会关于《意见》的修改意见", "某某市某某街道总工会"),
        ("州总工会宣教部：\n  无意见。\n某某县教育局工会\n2014年9月1日", "某某县教育局工会"),
        ("某某公司工会委员会关于意见的反馈", "某某公司工会委员会"),
        ("某某州总工会宣教部：\n我单位无意见。", ""),
        ("我单位工会对《意见》没有修改意见", ""),
        ("本会意见如下\n本溪市总工会", "本溪市总工会"),
        ("贵阳市某某区总工会\n2014年9月1日", "贵阳市某某区总工会"),
        ("关于某某县总工会的意见", ""),
        ("没有单位名称", ""),
    ],
)
def test_unlisted_name(text: str, name: str) -> None:
    assert unlisted_name([("文档标题", text)]) == name


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300), st.sampled_from(["u.csv", "u.xlsx"]))
def test_any_roster_bytes_give_units_or_corrupt_file(data: bytes, filename: str) -> None:
    try:
        units = load_roster(data, filename)
    except CorruptFile:
        return
    assert all(u.name for u in units)


def test_a_near_spelling_of_a_units_name_is_found_and_flagged() -> None:
    """"延边州建设系统工会" signs a reply: near enough to 州建设工会's alias to name it, never without a note."""
    from pathlib import Path

    from parsers.mail.units import identify_unit, load_roster, unit_near_name

    roster = load_roster((Path(__file__).resolve().parent.parent / "fixtures" / "campaign" / "units.csv").read_bytes(), "u.csv")
    assert unit_near_name("延吉市总工会机关", roster).name == "延吉市总工会"  # type: ignore[union-attr]
    assert unit_near_name("延吉高新技术产业开发区工会联合会", roster) is None
    match = identify_unit([("发件人", "x@qq.example")], [("署名", "延边州建设系统工会\n2014年9月20日")], roster)
    assert match.unit is not None and match.unit.name == "州建设工会" and match.near


TWO_UNITS_ROSTER = (
    "单位名称,类别,邮箱,别名,联系人\n"
    "州教育工会,产业,jy@x.example,,\n"
    "州第一中学工会,事业,yz@x.example,州一中工会;延边一中工会,\n"
    "州卫生工会,产业,ws@x.example,,\n"
)


@pytest.mark.parametrize("text, answered", [
    ("现将州教育工会和州第一中学工会（州一中工会委托我会一并报送）的修改意见报上：", ["州第一中学工会"]),
    ("州一中工会委托我会代为报送意见如下。", ["州第一中学工会"]),
    ("受州一中工会委托，一并报送其意见。", ["州第一中学工会"]),
    ("代州第一中学工会报送修改意见。", ["州第一中学工会"]),
    ("现将我会与延边一中工会的意见一并报上", ["州第一中学工会"]),
    ("一、我会意见\n1．第三条……\n二、州第一中学工会的意见\n1．第十条……", ["州第一中学工会"]),
    ("州教育工会、州一中工会修改意见", ["州第一中学工会"]),
    ("转报州一中工会修改意见", ["州第一中学工会"]),
    ("以上是州第一中学工会的意见。我会的意见另行报送。", ["州第一中学工会"]),
    # merely named, or answering for itself: not answered for
    ("州一中工会的意见另行报送。", []),
    ("州教育工会和州一中工会的意见将另行报送。", []),
    ("我会征求了州一中工会、州卫生工会的意见，汇总如下。", []),
    ("州第一中学工会的意见由其直接报送。", []),
    ("建议第十条增加州第一中学工会的做法。", []),
    ("一、州教育工会的意见\n1．第三条……", []),
])
def test_a_reply_answering_for_another_unit(text: str, answered: list[str]) -> None:
    from parsers.mail.units import units_answered_for

    roster = load_roster(TWO_UNITS_ROSTER.encode("utf-8"), "units.csv")
    assert [a.unit.name for a in units_answered_for(text, roster[0], roster)] == answered


def test_a_name_shortened_from_one_roster_units_is_that_unit_to_confirm(roster: list[Unit]) -> None:
    """"附属医院工会" signed from a personal mailbox: the one roster name holding its words."""
    match = identify_unit([("发件人", "someone@qq.example")], [("署名", "附属医院工会\n2014年9月20日")], roster)
    assert match.unit is not None and match.unit.name == "青山大学附属医院工会" and match.near
    assert "附属医院工会" in match.evidence
