"""parsers.placing.draft: a draft (.docx or .txt) to its sections and numbered clauses."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from parsers.placing.draft import parse_draft, parse_draft_lines
from parsers.errors import CorruptFile
from parsers.records import Draft

from office_builders import ARTICLE_DRAFT, OLE_MAGIC, docx_bytes


@pytest.fixture(scope="module")
def campaign_draft(campaign_dir: Path) -> Draft:
    return parse_draft((campaign_dir / "draft.docx").read_bytes(), "draft.docx")


def _draft_docx(lines: list[str]) -> bytes:
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    return docx_bytes(document)


def test_campaign_draft_has_five_sections_and_eighteen_clauses(campaign_draft: Draft) -> None:
    assert [s.number for s in campaign_draft.sections] == [1, 2, 3, 4, 5]
    assert [c.number for c in campaign_draft.clauses] == list(range(1, 19))
    assert [[c.number for c in s.clauses] for s in campaign_draft.sections] == [
        [1, 2], [3, 4, 5, 6], [7, 8, 9, 10, 11], [12, 13, 14], [15, 16, 17, 18],
    ]


def test_campaign_draft_titles_and_headings(campaign_draft: Draft) -> None:
    assert campaign_draft.title == "关于进一步加强和创新延边工会工作的意见（征求意见稿）"
    assert campaign_draft.preamble.startswith("为深入贯彻党的十八大")
    assert campaign_draft.sections[2].title == "建立稳定协调的劳动关系"
    clause4 = campaign_draft.clause(4)
    assert clause4 is not None and clause4.heading == "用劳模精神引领职工群众"
    assert clause4.section == 2
    assert all(c.section == s.number for s in campaign_draft.sections for c in s.clauses)


def test_clause_text_keeps_its_continuation_paragraph(campaign_draft: Draft) -> None:
    clause13 = campaign_draft.clause(13)
    assert clause13 is not None
    assert clause13.text.startswith("实施倾情帮扶行动。")
    assert "加强工会职工服务中心的信息化、网络化、社会化、规范化建设" in clause13.text
    assert "开通12351职工法律援助热线" in clause13.text
    clause18 = campaign_draft.clause(18)
    assert clause18 is not None and "推行基层工会主席直选" in clause18.text


def test_clause_text_has_no_leading_number(campaign_draft: Draft) -> None:
    assert all(not c.text.startswith(f"{c.number}、") for c in campaign_draft.clauses)


def test_txt_draft_gives_the_same_draft(campaign_dir: Path, campaign_draft: Draft) -> None:
    from_txt = parse_draft((campaign_dir / "draft.txt").read_bytes(), "draft.txt")
    assert from_txt == campaign_draft


def test_txt_draft_in_gb18030(campaign_dir: Path, campaign_draft: Draft) -> None:
    text = (campaign_dir / "draft.txt").read_text(encoding="utf-8")
    assert parse_draft(text.encode("gb18030"), "DRAFT.TXT") == campaign_draft


ARTICLE_LINES = """社区志愿服务管理办法
（征求意见稿）
为规范本市社区志愿服务，结合各区街道多年来开展志愿服务工作的实际情况，起草本办法，现公开征求意见。
第一章 总则
第一条 为规范社区志愿服务活动，制定本办法。
第二条 本办法所称社区志愿服务，包括下列活动：
（一）助老助残服务；
（二）环境保护宣传。
第二章 志愿者管理
第三条 志愿服务组织应当履行以下义务：
1. 建立志愿者档案；
2. 开展岗前培训。
志愿者档案应当保存五年。
第四条 志愿者应当年满十六周岁。""".splitlines()


def test_article_style_draft_from_docx() -> None:
    draft = parse_draft(_draft_docx(ARTICLE_LINES), "办法.docx")
    assert draft.title == "社区志愿服务管理办法（征求意见稿）"
    assert draft.preamble.startswith("为规范本市社区志愿服务")
    assert [(s.number, s.title) for s in draft.sections] == [(1, "总则"), (2, "志愿者管理")]
    assert [[c.number for c in s.clauses] for s in draft.sections] == [[1, 2], [3, 4]]
    assert [c.heading for c in draft.clauses] == [
        "为规范社区志愿服务活动，制定本办法",
        "本办法所称社区志愿服务，包括下列活动：",
        "志愿服务组织应当履行以下义务：",
        "志愿者应当年满十六周岁",
    ]


def test_article_sub_items_stay_inside_their_clause() -> None:
    draft = parse_draft_lines(ARTICLE_LINES)
    clause2, clause3 = draft.clause(2), draft.clause(3)
    assert clause2 is not None and clause3 is not None
    assert clause2.text == "本办法所称社区志愿服务，包括下列活动：\n（一）助老助残服务；\n（二）环境保护宣传。"
    assert clause3.text.splitlines() == [
        "志愿服务组织应当履行以下义务：", "1. 建立志愿者档案；", "2. 开展岗前培训。", "志愿者档案应当保存五年。",
    ]


def test_cn_numbered_sub_items_under_chapters_are_not_sections() -> None:
    """GIVEN a 第N条 draft with 第N章 sections and 一、/二、 sub-items inside a clause
    THEN the sub-items stay in the clause (fixed: they used to open new sections)."""
    draft = parse_draft_lines(
        ["第一章 总则", "第一条 社区服务应当坚持以下原则：", "一、便民利民", "二、因地制宜",
         "第二章 附则", "第二条 本办法自印发之日起施行。"]
    )
    assert [s.title for s in draft.sections] == ["总则", "附则"]
    clause1 = draft.clause(1)
    assert clause1 is not None and clause1.text.endswith("一、便民利民\n二、因地制宜")


def test_sub_item_ending_with_semicolon_is_not_a_section() -> None:
    draft = parse_draft_lines(
        ["一、总体要求", "1、社区服务应当坚持以下原则：", "一、便民利民；", "二、因地制宜；", "2、加强经费保障。"]
    )
    assert len(draft.sections) == 1
    clause1 = draft.clause(1)
    assert clause1 is not None and "二、因地制宜；" in clause1.text


def test_draft_without_section_headings_has_one_section() -> None:
    draft = parse_draft_lines(
        ["关于做好社区垃圾分类工作的通知", "1、各社区要设立分类投放点。", "2、物业企业负责日常管理。", "3、街道每季度检查一次。"]
    )
    assert len(draft.sections) == 1
    assert draft.sections[0].number == 1 and draft.sections[0].title == ""
    assert [c.number for c in draft.clauses] == [1, 2, 3]
    assert {c.section for c in draft.clauses} == {1}
    assert draft.title == "关于做好社区垃圾分类工作的通知"


def test_article_draft_without_chapters_has_one_section() -> None:
    draft = parse_draft_lines(ARTICLE_DRAFT.splitlines()[0:1] + [ln for ln in ARTICLE_DRAFT.splitlines() if "条" in ln])
    assert len(draft.sections) == 1
    assert [c.number for c in draft.clauses] == [1, 2, 3]


def test_clause_numbers_must_be_consecutive() -> None:
    """A "1." or "1、" sub-item inside clause 5 is not clause 1, and a stray "9、" is not clause 9."""
    lines = ["一、总体要求"] + [f"{n}、第{n}项工作要求。" for n in range(1, 6)] + [
        "1.建立工作台账；", "1、每月报送一次；", "9、见附表。", "6、第6项工作要求。",
    ]
    draft = parse_draft_lines(lines)
    assert [c.number for c in draft.clauses] == [1, 2, 3, 4, 5, 6]
    clause1, clause5 = draft.clause(1), draft.clause(5)
    assert clause1 is not None and clause1.text == "第1项工作要求。"
    assert clause5 is not None
    assert clause5.text.splitlines() == ["第5项工作要求。", "1.建立工作台账；", "1、每月报送一次；", "9、见附表。"]


def test_article_draft_with_part_sections_and_fullwidth_space() -> None:
    draft = parse_draft_lines(["第一部分　总则", "第一条　为了规范管理，制定本办法。", "第二部分　附则", "第二条　本办法自发布之日起施行。"])
    assert [(s.title, [c.number for c in s.clauses]) for s in draft.sections] == [("总则", [1]), ("附则", [2])]
    assert draft.clause(2) is not None and draft.clause(2).text == "本办法自发布之日起施行。"  # type: ignore[union-attr]


@pytest.mark.parametrize("data", [b"", b"not a docx at all", OLE_MAGIC + b"\x00" * 64, b"PK\x03\x04broken"])
def test_unreadable_docx_draft_raises_corrupt_file(data: bytes) -> None:
    with pytest.raises(CorruptFile, match="draft.docx"):
        parse_draft(data, "draft.docx")
