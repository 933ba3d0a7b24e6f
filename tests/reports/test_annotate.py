"""The marked-up draft (批注稿) and the revised draft (修改稿), read back by mailbot's own readers."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from docx.document import Document

from parsers.files.docx import read_docx
from parsers.placing.draft import parse_draft
from parsers.records import Draft
from parsers.files.revisions import change_blocks, comment_blocks, original_text, paragraphs
from reports.draft.annotate import Decision, annotated_draft, revised_draft, text_draft_docx, word_date
from reports.draft.proposals import Edit, Remark, exact_edit

CLAUSE_3 = "3、激发广大职工的劳动热情和创造活力。教育引导广大职工发扬主人翁精神，做改革创新的推动者。"
CLAUSE_4 = "4、用劳模精神引领职工群众。探索推广建立劳模工作室，关心劳模生活。"


def small_draft() -> bytes:
    """A title, two sections, clauses 1-4; clause 3's heading bold in a run of its own, the rest
    of its text in one run with a font of its own (so splits must keep both)."""
    document = docx.Document()
    document.add_paragraph("关于加强工会工作的意见（征求意见稿）")
    document.add_paragraph("一、总体要求")
    document.add_paragraph("1、坚持党的领导。全面加强党对工会工作的领导。")
    document.add_paragraph("2、坚持以职工为中心。切实维护职工合法权益。")
    document.add_paragraph("二、发挥主力军作用")
    third = document.add_paragraph()
    third.add_run("3、激发广大职工的劳动热情和创造活力。").bold = True
    rest = third.add_run("教育引导广大职工发扬主人翁精神，做改革创新的推动者。")
    rest.font.name = "仿宋"
    document.add_paragraph(CLAUSE_4)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture
def source() -> bytes:
    return small_draft()


@pytest.fixture
def draft_of(source: bytes) -> Draft:
    return parse_draft(source)


def remark(cid: str, unit: str, text: str, clause: int | None = 3, scope: str = "clause", **more: object) -> Remark:
    section = {1: 1, 2: 1, 3: 2, 4: 2}.get(clause or 0) if scope == "clause" else more.pop("section", None)
    return Remark(cid, unit, str(more.pop("date", "2014-09-10T10:23:00+08:00")), scope, clause if scope == "clause" else None,  # type: ignore[arg-type]
                  section, text, **more)  # type: ignore[arg-type]


def read_back(data: bytes, draft: Draft) -> tuple[Document, list[tuple[str, str, str, int | None]], list[tuple[str, str, int | None]]]:
    """(document, margin comments as (author, quote, text, clause), changes as (author, text, clause))."""
    document = docx.Document(io.BytesIO(data))
    notes = [(b.author, b.quote, b.text, b.anchor) for b in comment_blocks(document, draft, "")]
    changes = [(b.author.split(" ")[0], b.text, b.anchor) for b in change_blocks(document, draft, "")]
    return document, notes, changes


def draft_text(data: bytes) -> list[str]:
    """The draft's words as they were: deletions restored, insertions dropped."""
    return [original_text(p) for p in paragraphs(docx.Document(io.BytesIO(data)))]


def test_a_comment_sits_on_the_words_it_quotes_and_splits_keep_the_formatting(source: bytes, draft_of: Draft) -> None:
    """GIVEN a comment quoting words inside a run of its own font WHEN annotated THEN its margin
    comment is anchored on exactly those words, by its unit, and every piece keeps its font."""
    quoted = "发扬主人翁精神"
    data = annotated_draft(source, draft_of, [remark("c1", "延吉市总工会", f"关于“{quoted}”，建议写得更具体。")])
    document, notes, changes = read_back(data, draft_of)
    assert notes == [("延吉市总工会", quoted, f"关于“{quoted}”，建议写得更具体。", 3)]
    assert changes == [] and draft_text(data) == draft_text(source)
    runs = [r for r in document.paragraphs[5].runs if r.text]
    assert [r.text for r in runs] == ["3、激发广大职工的劳动热情和创造活力。", "教育引导广大职工", quoted, "，做改革创新的推动者。"]
    assert runs[0].bold and all(r.font.name == "仿宋" for r in runs[1:])


def test_without_a_quote_the_comment_sits_on_the_clause_heading_the_section_heading_or_the_title(
        source: bytes, draft_of: Draft) -> None:
    remarks = [remark("c1", "州教育工会", "建议增加服务职工的内容。", clause=2),
               remark("c2", "图们市总工会", "第二部分整体偏重企业职工。", clause=None, scope="section", section=2),
               Remark("c3", "进学街道总工会", "2014-09-24T15:12:00+08:00", "general", None, None, "建议统一数字写法。")]
    _, notes, _ = read_back(annotated_draft(source, draft_of, remarks), draft_of)
    assert [(author, quote) for author, quote, _, _ in notes] == [
        ("进学街道总工会", "关于加强工会工作的意见（征求意见稿）"), ("州教育工会", "坚持以职工为中心"), ("图们市总工会", "二、发挥主力军作用")]


def test_an_exact_proposal_is_also_the_units_tracked_change(source: bytes, draft_of: Draft) -> None:
    """GIVEN 将“A”改为“B” WHEN annotated THEN a tracked change by the unit, dated as its reply,
    which mailbot reads back as the same proposal; the draft's own words are all still there."""
    text = "将“探索推广建立劳模工作室”修改为“广泛开展劳模创新工作室创建活动”"
    data = annotated_draft(source, draft_of, [remark("c1", "敦化市总工会", text, clause=4, date="2014-09-12T16:48:00+08:00")])
    document, notes, changes = read_back(data, draft_of)
    assert changes == [("敦化市总工会", text, 4)]
    assert notes == [("敦化市总工会", "探索推广建立劳模工作室", text, 4)]
    assert draft_text(data) == draft_text(source)
    assert document.element.body.xpath("string(.//w:del/@w:date)") == "2014-09-12T16:48:00Z"
    assert next(iter(document.comments)).timestamp is not None


@pytest.mark.parametrize("text, kind", [("删去“，关心劳模生活”", "deletion"),
                                        ("建议在“探索推广建立劳模工作室”后增加“和创新工作室”", "insertion")])
def test_deletions_and_insertions_read_back_as_written(source: bytes, draft_of: Draft, text: str, kind: str) -> None:
    """An insertion reads back as 在“…A”后增加“B” (the reader quotes the 12 characters before it)."""
    data = annotated_draft(source, draft_of, [remark("c1", "和龙市总工会", text, clause=4)])
    (block,) = change_blocks(docx.Document(io.BytesIO(data)), draft_of, "")
    proposed, read = exact_edit(text), exact_edit(block.text)
    assert block.kind == kind and proposed is not None and read is not None
    assert (read.kind, read.new) == (proposed.kind, proposed.new) and read.old.endswith(proposed.old[-12:])
    assert draft_text(data) == draft_text(source)


def test_rival_rewrites_of_the_same_words_make_one_change_and_a_comment_naming_the_other(
        source: bytes, draft_of: Draft) -> None:
    """GIVEN two units rewriting the same words differently WHEN annotated THEN one tracked change
    on them (the earlier reply's), the other unit's wording in a margin comment on the same words,
    and the text unbroken."""
    first = "建议将“推动者”改为“推动者和实践者”"
    second = "“改革创新的推动者”建议改为“改革创新的生力军”"
    data = annotated_draft(source, draft_of, [
        remark("c2", "州财贸工会", second, date="2014-09-23T14:45:00+08:00"),
        remark("c1", "延边大学工会", first, date="2014-09-22T11:20:00+08:00"),
    ])
    _, notes, changes = read_back(data, draft_of)
    assert changes == [("延边大学工会", "将“推动者”修改为“推动者和实践者”", 3)]
    by_unit = {author: (quote, text) for author, quote, text, _ in notes}
    assert by_unit["延边大学工会"][0] == "推动者"
    assert by_unit["州财贸工会"][0] == "改革创新的推动者"
    assert "此改法未标：将“改革创新的推动者”修改为“改革创新的生力军”" in by_unit["州财贸工会"][1]
    assert draft_text(data) == draft_text(source)


def test_like_proposals_share_one_margin_comment_keeping_each_units_words(source: bytes, draft_of: Draft) -> None:
    """GIVEN two units proposing the same edit, and two near-duplicate comments WHEN annotated THEN
    one margin comment for each pair, naming both units with their own words; one tracked change."""
    data = annotated_draft(source, draft_of, [
        remark("c1", "延吉市总工会", "建议将“推动者”改为“推动者和实践者”。", reason="更完整。"),
        remark("c2", "州教育工会", "第3条：将“推动者”改为“推动者和实践者”", date="2014-09-15T11:02:00+08:00"),
        remark("c3", "图们市总工会", "建议增加职工技能竞赛的内容。", clause=4),
        remark("c4", "珲春市总工会", "第4条：建议增加职工技能竞赛内容。", clause=4),
    ])
    _, notes, changes = read_back(data, draft_of)
    assert len(notes) == 2 and len(changes) == 1
    (author3, _, text3, _), (author4, _, text4, _) = notes
    assert author3 == "延吉市总工会、州教育工会" and changes[0][0] == "延吉市总工会、州教育工会"
    assert text3 == ("延吉市总工会：建议将“推动者”改为“推动者和实践者”。（理由：更完整。）\n州教育工会：第3条：将“推动者”改为“推动者和实践者”"
                     "\n（2个单位：相同修改：将“推动者”修改为“推动者和实践者”）")
    assert author4 == "图们市总工会、珲春市总工会" and "珲春市总工会：第4条：建议增加职工技能竞赛内容。" in text4


def test_margin_comments_follow_the_draft_and_tag_what_needs_review(source: bytes, draft_of: Draft) -> None:
    data = annotated_draft(source, draft_of, [
        remark("c1", "州卫生工会", "关于“关心劳模生活”，建议具体化。", clause=4, confidence=0.7, needs_review=True),
        remark("c2", "和龙市总工会", "关于“坚持党的领导”，建议补充。", clause=1, confidence=0.85),
    ])
    _, notes, _ = read_back(data, draft_of)
    assert [(n[0], n[2][:10]) for n in notes] == [("和龙市总工会", "【识别把握0.85】"), ("州卫生工会", "【待复核】关于“关心")]


def test_the_revised_draft_applies_what_was_adopted(source: bytes, draft_of: Draft) -> None:
    """GIVEN 采纳 on an exact proposal and on a vague one, 不采纳 on a third WHEN the revised draft
    is written THEN the first is the department's tracked change, the second a note for the
    drafter at its anchor, the third is nowhere."""
    remarks = [remark("c1", "敦化市总工会", "将“探索推广建立劳模工作室”修改为“广泛开展劳模创新工作室创建活动”", clause=4),
               remark("c2", "州教育工会", "关于“发扬主人翁精神”，建议写得更具体。"),
               remark("c3", "图们市总工会", "建议删去“关心劳模生活，”", clause=4)]
    decided = {"c1": Decision("采纳", "", "2014-10-08T09:00:00+08:00"), "c2": Decision("采纳", "吸收到第3条"),
               "c3": Decision("不采纳", "保留原文")}
    data = revised_draft(source, draft_of, remarks, decided, "延边州总工会宣传教育部")
    _, notes, changes = read_back(data, draft_of)
    assert changes == [("延边州总工会宣传教育部", "将“探索推广建立劳模工作室”修改为“广泛开展劳模创新工作室创建活动”", 4)]
    assert [(n[0], n[1], n[2].split("\n")[0]) for n in notes] == [
        ("延边州总工会宣传教育部", "发扬主人翁精神", "采纳，待起草人修改"), ("延边州总工会宣传教育部", "探索推广建立劳模工作室", "采纳")]
    assert "说明：吸收到第3条" in notes[0][2] and all("图们市总工会" not in n[2] for n in notes)
    assert draft_text(data) == draft_text(source)


def test_a_text_draft_is_laid_out_as_a_docx_that_reads_as_the_same_draft(campaign_dir: Path) -> None:
    text = (campaign_dir / "draft.txt").read_text(encoding="utf-8")
    from_text = parse_draft(text.encode("utf-8"), "draft.txt")
    laid_out = text_draft_docx(text, from_text)
    assert parse_draft(laid_out) == from_text
    data = annotated_draft(laid_out, from_text, [remark("c1", "延吉市总工会", "建议增加一句。", clause=5)])
    assert read_back(data, from_text)[1][0][3] == 5


def test_the_sample_draft_round_trips_through_mailbots_own_reader(campaign_dir: Path) -> None:
    """GIVEN the sample draft and proposals of every kind WHEN annotated and read back as a
    returned draft (parsers.files.docx) THEN mailbot reads the same changes and comments."""
    source = (campaign_dir / "draft.docx").read_bytes()
    draft = parse_draft(source)
    proposals = {"延吉市总工会": (1, "将“服务维护职工合法权益”修改为“服务职工和维护职工合法权益”"),
                 "敦化市总工会": (4, "将“探索推广建立劳模工作室”修改为“广泛开展劳模创新工作室创建活动”"),
                 "和龙市总工会": (15, "删除“逐步”"),
                 "州直机关工会": (2, "在“职工信赖”后增加“会员满意、作用明显”")}
    remarks = [remark(f"c{n}", unit, text, clause=clause) for n, (unit, (clause, text)) in enumerate(proposals.items())]
    data = annotated_draft(source, draft, remarks)
    assert draft_text(data) == draft_text(source)
    document = read_docx(data, "批注稿.docx").document
    changes = {(b.author.split(" ")[0], b.anchor) for b in change_blocks(document, draft, "")}
    notes = {(b.author, b.text, b.anchor) for b in comment_blocks(document, draft, "")}
    assert changes == {(unit, clause) for unit, (clause, _) in proposals.items()}
    assert notes == {(unit, text, clause) for unit, (clause, text) in proposals.items()}


@pytest.mark.parametrize("text, original, edit", [
    ("将“A甲乙”修改为“B丙丁”", "", Edit("replace", "A甲乙", "B丙丁")),
    ("“实施并建立”语序颠倒，宜改为“建立并落实《工会法》贯彻实施情况督查制度”。", "实施并建立《工会法》督查制度",
     Edit("replace", "实施并建立《工会法》督查制度", "建立并落实《工会法》贯彻实施情况督查制度")),
    ("“一定比例”建议明确为“不低于农民工占职工总数的比例”。", "吸纳一定比例的农民工参加职工（代表）大会",
     Edit("replace", "一定比例", "不低于农民工占职工总数的比例")),
    ("建议改为“研究解决重大问题”。", "解决重大问题", Edit("replace", "解决重大问题", "研究解决重大问题")),
    ("引号使用有误，建议改为以创建“工人先锋号”为载体。", "", None),
    ("建议增加“维护民族团结”的内容。", "", None),
])
def test_exact_edits(text: str, original: str, edit: Edit | None) -> None:
    assert exact_edit(text, original) == edit


def test_word_dates() -> None:
    assert word_date("2014-09-10T10:23:00+08:00") == "2014-09-10T10:23:00Z"
    assert word_date("") == ""
