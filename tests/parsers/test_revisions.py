"""parsers.revisions: tracked changes (w:ins/w:del) and margin comments of a returned draft."""

from __future__ import annotations

import io

import docx
import pytest

from parsers.records import Draft
from parsers.revisions import change_blocks, clause_of, comment_blocks, original_text

from office_builders import (
    ARTICLE_DRAFT,
    del_xml,
    ins_xml,
    reload,
    run_xml,
    set_paragraph_xml,
    small_draft,
    tracked_docx,
)


@pytest.fixture(scope="module")
def draft() -> Draft:
    return small_draft()


def _changes(paragraphs: list[str], draft: Draft) -> list[tuple[str, str, int | None]]:
    document = docx.Document(io.BytesIO(tracked_docx(paragraphs)))
    return [(b.kind, b.text, b.anchor) for b in change_blocks(document, draft, "附件“办法.docx”")]


def test_deletion_then_insertion_is_a_replacement(draft: Draft) -> None:
    paragraph = run_xml("1、为规范社区志愿服务活动，") + del_xml("促进") + ins_xml("推动") + run_xml("志愿服务事业健康发展，制定本办法。")
    assert _changes([paragraph], draft) == [("replacement", "将“促进”修改为“推动”", 1)]


def test_insertion_names_the_words_before_it(draft: Draft) -> None:
    """The place is the last 12 characters kept before the insertion."""
    paragraph = run_xml("2、街道办事处负责本辖区志愿服务的统筹协调") + ins_xml("、指导培训") + run_xml("和监督管理工作。")
    assert _changes([paragraph], draft) == [("insertion", "在“本辖区志愿服务的统筹协调”后增加“、指导培训”", 2)]


def test_insertion_at_paragraph_start_has_no_place(draft: Draft) -> None:
    paragraph = ins_xml("（新增）") + run_xml("3、志愿者应当年满十六周岁，身体健康，自愿参加志愿服务。")
    assert _changes([paragraph], draft) == [("insertion", "增加“（新增）”", 3)]


def test_deletion(draft: Draft) -> None:
    paragraph = run_xml("3、志愿者应当年满十六周岁") + del_xml("，身体健康") + run_xml("，自愿参加志愿服务。")
    assert _changes([paragraph], draft) == [("deletion", "删除“，身体健康”", 3)]


def test_several_runs_of_one_insertion_are_one_change(draft: Draft) -> None:
    paragraph = (
        run_xml("4、区财政每年安排志愿服务专项经费，")
        + ins_xml("并", "逐年", "适当增加，", change_id=5)
        + ins_xml("纳入预算", change_id=6)
        + run_xml("用于志愿者培训和表彰。")
    )
    assert _changes([paragraph], draft) == [
        ("insertion", "在“年安排志愿服务专项经费，”后增加“并逐年适当增加，纳入预算”", 4)
    ]


def test_separate_changes_in_one_paragraph_and_across_paragraphs(draft: Draft) -> None:
    first = run_xml("1、为规范") + del_xml("社区") + run_xml("志愿服务活动，促进志愿服务事业健康发展，") + ins_xml("特") + run_xml("制定本办法。")
    unchanged = run_xml("2、街道办事处负责本辖区志愿服务的统筹协调和监督管理工作。")
    last = run_xml("4、区财政每年安排志愿服务专项经费") + del_xml("，用于志愿者培训和表彰") + run_xml("。")
    assert _changes([first, unchanged, last], draft) == [
        ("deletion", "删除“社区”", 1),
        ("insertion", "在“进志愿服务事业健康发展，”后增加“特”", 1),
        ("deletion", "删除“，用于志愿者培训和表彰”", 4),
    ]


def test_origin_names_paragraph_and_author(draft: Draft) -> None:
    paragraphs = [
        run_xml("标题行"),
        run_xml("1、为规范社区志愿服务活动，") + ins_xml("切实", author="王芳") + run_xml("促进志愿服务事业健康发展，制定本办法。"),
        run_xml("2、街道办事处负责本辖区志愿服务的统筹协调") + '<w:ins w:id="9"><w:r><w:t>和指导</w:t></w:r></w:ins>',
    ]
    document = docx.Document(io.BytesIO(tracked_docx(paragraphs)))
    blocks = change_blocks(document, draft, "附件“办法.docx”")
    assert [b.origin for b in blocks] == [
        "附件“办法.docx”修订（第2段，王芳 2024-05-06）",
        "附件“办法.docx”修订（第3段，未署名）",
    ]


def test_paragraph_not_in_the_draft_has_no_anchor(draft: Draft) -> None:
    paragraph = run_xml("以上意见供参考，请酌情采纳") + ins_xml("。")
    assert _changes([paragraph], draft) == [("insertion", "在“上意见供参考，请酌情采纳”后增加“。”", None)]


def test_article_style_paragraph_finds_its_clause() -> None:
    """Fixed: a "第二条 …" paragraph found no clause, since Clause.text has no number."""
    draft = small_draft(ARTICLE_DRAFT)
    paragraph = run_xml("第二条 街道办事处负责本辖区志愿服务的统筹协调") + del_xml("和监督管理") + run_xml("工作。")
    assert _changes([paragraph], draft) == [("deletion", "删除“和监督管理”", 2)]
    assert clause_of("第三条　志愿者应当年满十六周岁，身体健康。", draft) == 3


def test_clause_of(draft: Draft) -> None:
    assert clause_of("2、街道办事处负责本辖区志愿服务的统筹协调和监督管理工作。", draft) == 2
    assert clause_of("区财政每年安排志愿服务专项经费", draft) == 4
    assert clause_of("短句", draft) is None
    assert clause_of("这句话不在征求意见稿里面出现过", draft) is None


def test_original_text_drops_insertions_and_keeps_deletions() -> None:
    document = docx.Document(io.BytesIO(tracked_docx([run_xml("甲") + del_xml("乙") + ins_xml("丙") + run_xml("丁")])))
    paragraph = document.paragraphs[0]
    assert original_text(paragraph._p) == "甲乙丁"
    assert paragraph.text == "甲丁"  # python-docx sees neither: the reason revisions.py exists


def _commented_document() -> docx.document.Document:
    document = docx.Document()
    document.add_paragraph("1、为规范社区志愿服务活动，促进志愿服务事业健康发展，制定本办法。")
    paragraph = document.add_paragraph()
    paragraph.add_run("2、街道办事处负责")
    anchored = paragraph.add_run("本辖区志愿服务")
    paragraph.add_run("的统筹协调和监督管理工作。")
    document.add_comment(anchored, text="建议明确“本辖区”的范围", author="王芳")
    document.add_comment(document.paragraphs[0].runs, text="  ", author="王芳")
    tail = document.add_paragraph("以上为征求意见稿全文。")
    document.add_comment(tail.runs, text="此句可删", author="")
    return reload(document)


def test_margin_comment_gives_text_quote_and_anchor(draft: Draft) -> None:
    blocks = comment_blocks(_commented_document(), draft, "附件“办法.docx”")
    assert [(b.kind, b.text, b.quote, b.anchor, b.origin) for b in blocks] == [
        ("margin_comment", "建议明确“本辖区”的范围", "本辖区志愿服务", 2, "附件“办法.docx”批注（王芳）"),
        ("margin_comment", "此句可删", "以上为征求意见稿全文。", None, "附件“办法.docx”批注（未署名）"),
    ]


def test_comment_quote_leaves_out_tracked_insertions(draft: Draft) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph()
    first = paragraph.add_run("3、志愿者应当年满十六周岁，")
    last = paragraph.add_run("身体健康，自愿参加志愿服务。")
    document.add_comment([first, last], text="年龄要求偏高", author="王芳")
    p = paragraph._p
    inserted = docx.Document(io.BytesIO(tracked_docx([ins_xml("原则上")]))).paragraphs[0]._p[0]
    p.insert(p.index(last._r), inserted)
    [block] = comment_blocks(reload(document), draft, "附件")
    assert block.quote == "3、志愿者应当年满十六周岁，身体健康，自愿参加志愿服务。"
    assert block.anchor == 3


def test_document_without_comments_or_changes_gives_nothing(draft: Draft) -> None:
    document = docx.Document()
    set_paragraph_xml(document.add_paragraph(), run_xml("1、为规范社区志愿服务活动，促进志愿服务事业健康发展，制定本办法。"))
    document = reload(document)
    assert comment_blocks(document, draft, "附件") == []
    assert change_blocks(document, draft, "附件") == []


def test_a_margin_comment_on_a_section_heading_is_about_that_section(draft: Draft) -> None:
    """GIVEN a returned draft with a margin comment on the heading 二、保障措施 WHEN read and
    mapped THEN it is that section's comment, whatever its words resemble."""
    from parsers.mapping import resolve

    document = docx.Document()
    heading = document.add_paragraph()
    run = heading.add_run("二、保障措施")
    document.add_comment([run], text="标题建议改为“组织保障”", author="王芳")
    [block] = comment_blocks(reload(document), draft, "附件“办法.docx”")
    assert block.anchor is None and block.ref == "第2部分"
    [target] = resolve(block, draft)
    assert (target.scope, target.section) == ("section", 2)
