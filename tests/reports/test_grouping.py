"""reports.draft.grouping: like proposals, and the 批注稿 with a group read back by mailbot's own reader."""

from __future__ import annotations

import io
import json
from pathlib import Path

import docx
import pytest

from parsers.files.docx import read_docx
from parsers.placing.draft import parse_draft
from parsers.files.revisions import change_blocks, comment_blocks, original_text, paragraphs
from reports.draft.annotate import annotated_draft
from reports.draft.grouping import NEAR_DUPLICATE, Said, clusters, group_id, group_of, like_groups, likeness
from reports.draft.proposals import Edit, Remark, exact_edit

PAIRS = json.loads((Path(__file__).parent.parent / "fixtures" / "grouping" / "pairs.json").read_text(encoding="utf-8"))


def said(cid: str, unit: str, text: str, clause: int = 3, original: str = "") -> Said:
    return Said(cid, unit, ("clause", clause), text, original)


def test_the_same_edit_in_other_words_is_one_group() -> None:
    """GIVEN 将“A”改为“B” and “A”宜修改为“B”。 on one clause WHEN grouped THEN one group, sure."""
    (group,) = like_groups([said("c1", "延吉市总工会", "建议将“推动者”改为“推动者和实践者”。"),
                            said("c2", "州教育工会", "第3条：“推动者”一词宜修改为“推动者和实践者。”"),
                            said("c3", "图们市总工会", "建议写得更具体。")])
    assert (group.members, group.units) == (("c1", "c2"), ("延吉市总工会", "州教育工会"))
    assert group.reason == "相同修改：将“推动者”修改为“推动者和实践者”" and group.confidence == 1.0
    assert group.edit == Edit("replace", "推动者", "推动者和实践者") and group.place == ("clause", 3)


def test_near_duplicate_words_are_one_group_whatever_the_clause_reference_and_the_unit_speaking_of_itself() -> None:
    (group,) = like_groups([said("c1", "延吉市总工会", "我市建议：第三条增加服务农民工的内容。"),
                            said("c2", "珲春市总工会", "珲春市总工会认为，应补充服务农民工的内容"),
                            said("c3", "州教育工会", "建议增加服务职工的内容。")])
    assert group.members == ("c1", "c2") and group.edit is None
    assert group.reason == f"文字相近 {group.confidence:.2f}" and group.confidence >= NEAR_DUPLICATE / 100


def test_different_clauses_are_never_one_group() -> None:
    text = "建议将“推动者”改为“推动者和实践者”。"
    assert like_groups([said("c1", "甲", text, clause=3), said("c2", "乙", text, clause=4)]) == []
    assert like_groups([said("c1", "甲", "建议增加服务职工的内容。", clause=1),
                        said("c2", "乙", "建议增加服务职工的内容。", clause=2)]) == []


def test_different_proposals_on_the_same_words_are_not_one_group() -> None:
    """Rival rewrites of the same words, a rewrite and a deletion of them, and an exact edit
    beside a vague remark in the same words: the drafter must see each."""
    comments = [said("a", "甲", "将“推动者”改为“实践者”"), said("b", "乙", "将“推动者”改为“生力军”"),
                said("c", "丙", "删除“推动者”"), said("d", "丁", "“推动者”建议改为更准确的说法")]
    assert clusters(comments) == [[0], [1], [2], [3]] and like_groups(comments) == []
    alike = [said("e", "戊", "全文“职工（代表）大会”写法不统一，建议统一为“职工代表大会”。"),
             said("f", "己", "“职工（代表）大会”全文写法不统一，建议全文统一为职工代表大会。")]
    assert likeness(*alike) >= NEAR_DUPLICATE / 100 and like_groups(alike) == []


def test_opposite_proposals_in_alike_words_are_not_one_group() -> None:
    assert like_groups([said("a", "甲", "建议提高专职工会干部配备比例。"), said("b", "乙", "建议降低专职工会干部配备比例。")]) == []


def test_the_threshold_keeps_the_labelled_pairs_apart() -> None:
    """Hand-labelled pairs (tests/fixtures/grouping/pairs.json): every same pair is above the
    line, every different pair below it."""
    def score(pair: list[str]) -> float:
        return likeness(said("a", pair[0], pair[1]), said("b", pair[2], pair[3]))

    assert min(score(p) for p in PAIRS["same"]) >= NEAR_DUPLICATE / 100 > max(score(p) for p in PAIRS["different"])
    for pair in PAIRS["same"]:
        one, two = said("a", pair[0], pair[1]), said("b", pair[2], pair[3])
        # An exact edit beside a remark without one stays apart however alike (its own test).
        if (exact_edit(one.text) is None) == (exact_edit(two.text) is None):
            assert len(like_groups([one, two])) == 1, pair
    for pair in PAIRS["different"]:
        assert like_groups([said("a", pair[0], pair[1]), said("b", pair[2], pair[3])]) == [], pair


def test_a_group_id_is_stable_and_a_single_comment_is_no_group() -> None:
    a, b = said("c1", "甲", "删除“逐步”", clause=15), said("c2", "乙", "建议删去“逐步”。", clause=15)
    assert like_groups([a, b])[0].id == like_groups([b, a])[0].id == group_id(["c2", "c1"]) == group_of([a, b]).id
    assert group_id(["c1", "c2"]) != group_id(["c1", "c3"]) and like_groups([a]) == []


def test_clusters_keep_every_comment_once_in_first_seen_order() -> None:
    comments = [said("a", "甲", "建议增加服务职工的内容。"), said("b", "乙", "删除“逐步”"), said("c", "丙", "建议补充服务职工的内容"),
                said("d", "丁", "建议删去“逐步”")]
    assert clusters(comments) == [[0, 2], [1, 3]]


CLAUSE_15 = 15


def test_a_group_in_the_annotated_draft_reads_back_as_one_comment_naming_both_units(campaign_dir: Path) -> None:
    """GIVEN the sample draft and two units saying the same of clause 15 in other words, and a
    third alone WHEN annotated and read back by mailbot's own .docx reader THEN one margin comment
    by both units with each one's words, anchored where the first would be; the third its own;
    the draft's text intact."""
    source = (campaign_dir / "draft.docx").read_bytes()
    draft = parse_draft(source)
    first = "建议将“逐步”删去，表述更明确。"
    second = "第十五条：删除“逐步”"
    remarks = [Remark("c1", "和龙市总工会", "2014-09-12T10:00:00+08:00", "clause", CLAUSE_15, 5, first),
               Remark("c2", "延边医院工会", "2014-09-13T10:00:00+08:00", "clause", CLAUSE_15, 5, second, reason="避免拖延"),
               Remark("c3", "州直机关工会", "2014-09-13T10:00:00+08:00", "clause", 2, 1, "建议增加服务职工的内容。")]
    data = annotated_draft(source, draft, remarks)
    document = read_docx(data, "批注稿.docx").document
    notes = {(b.author, b.anchor): (b.quote, b.text) for b in comment_blocks(document, draft, "")}
    assert notes.keys() == {("和龙市总工会、延边医院工会", CLAUSE_15), ("州直机关工会", 2)}
    quote, text = notes[("和龙市总工会、延边医院工会", CLAUSE_15)]
    assert quote == "逐步" and text == (f"和龙市总工会：{first}\n延边医院工会：{second}（理由：避免拖延）"
                                        "\n（2个单位：相同修改：删除“逐步”）")
    changes = [(b.author.split(" ")[0], b.text, b.anchor) for b in change_blocks(document, draft, "")]
    assert changes == [("和龙市总工会、延边医院工会", "删除“逐步”", CLAUSE_15)]
    assert [original_text(p) for p in paragraphs(document)] == [original_text(p) for p in paragraphs(docx.Document(io.BytesIO(source)))]


@pytest.mark.parametrize("count", [300])
def test_many_comments_on_one_clause_each_get_their_margin_comment(campaign_dir: Path, count: int) -> None:
    """Runs are split in one walk a paragraph and comments numbered by our own counter: many
    comments on the same words still each get theirs, on those words, ids unique."""
    source = (campaign_dir / "draft.docx").read_bytes()
    draft = parse_draft(source)
    remarks = [Remark(f"c{n}", f"单位{n}", "2014-09-12T10:00:00+08:00", "clause", CLAUSE_15, 5,
                      f"关于“纳入党委工作的重要议事日程”，第{n}种意见。") for n in range(count)]
    document = read_docx(annotated_draft(source, draft, remarks), "批注稿.docx").document
    notes = comment_blocks(document, draft, "")
    assert len(notes) == count and {b.quote for b in notes} == {"纳入党委工作的重要议事日程"} and {b.anchor for b in notes} == {CLAUSE_15}
    ids = [c.comment_id for c in document.comments]
    assert len(set(ids)) == len(ids) == count
