"""Every way a unit points at a clause, on a small draft of our own (not the campaign's)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.placing.mapping import map_block, resolve
from parsers.records import Block, Clause, Draft, Section
from parsers.comments.segment import text_blocks

CLAUSES = [
    (1, "明确社区养老服务的目标", "到2020年，城市社区养老服务设施覆盖率达到百分之百。"),
    (2, "健全养老服务网络", "依托街道综合服务中心建设日间照料站，发展助餐、助浴、助洁服务。"),
    (3, "加大财政投入", "各级财政每年安排专项资金，用于社区养老设施建设和运营补贴。"),
    (4, "落实用地保障", "新建住宅小区按每百户不少于二十平方米配建养老服务用房。"),
    (5, "加强人才队伍建设", "建立养老护理员职业技能等级认定制度，落实入职补贴。"),
    (6, "强化组织领导", "各级政府要把社区养老工作纳入民生实事项目，定期督查。"),
    (7, "营造良好氛围", "广泛宣传孝老爱亲典型，开展敬老月活动。"),
]
SECTIONS = [(1, "总体要求", (1, 2)), (2, "保障措施", (3, 4, 5)), (3, "组织实施", (6, 7))]


def _draft() -> Draft:
    by_number = {n: (h, t) for n, h, t in CLAUSES}
    sections = []
    for number, title, members in SECTIONS:
        clauses = tuple(Clause(n, number, by_number[n][0], f"{by_number[n][0]}。{by_number[n][1]}") for n in members)
        sections.append(Section(number, title, clauses))
    return Draft("关于推进社区养老服务的意见（征求意见稿）", tuple(sections))


DRAFT = _draft()


def where(text: str, **fields: str) -> tuple[str, int | None, int | None]:
    target = resolve(Block(kind="paragraph", text=text, origin="test", **fields), DRAFT)[0]
    return target.scope, target.clause, target.section


@pytest.mark.parametrize(
    "text",
    [
        "第3条：建议将“专项资金”改为“专项补助资金”。",
        "第三条，建议增加绩效评价的要求。",
        "3条“运营补贴”一句，建议写明补贴标准。",
        "第３条：建议明确资金来源。",
        "第3款中建议写明资金比例。",
        "(三)最后一句建议改为“纳入年度预算”。",
        "（三）建议明确专项资金的管理办法。",
        "关于第3条：建议增加资金监管的内容。",
    ],
)
def test_numbers_in_any_dress(text: str) -> None:
    assert where(text) == ("clause", 3, 2)


@pytest.mark.parametrize("ref", ["3", "3、", "第3条", "第三条", "（三）", "(3)", "第３条", "二、1", "第3点"])
def test_reference_cells(ref: str) -> None:
    assert where("建议写明补贴标准。", ref=ref) == ("clause", 3, 2)


def test_relative_numbering_counts_within_the_section() -> None:
    assert where("第二部分第2条：建议明确配建标准的验收主体。") == ("clause", 4, 2)
    assert where("第三部分第1条，建议增加考核的内容。") == ("clause", 6, 3)


def test_relative_number_that_is_itself_a_clause_of_that_section_reads_within_it_for_review() -> None:
    # Clause 3 lies in section 二 too, but "第二部分第3条" is counted as the notice's readers count:
    # 二's 3rd clause (5), the other reading named, below the confident mark.
    target = resolve(Block(kind="paragraph", text="第二部分第3条，建议增加考核的内容。", origin="t"), DRAFT)[0]
    assert (target.clause, target.section) == (5, 2) and target.confidence < 0.9 and "也可能指全文第3条" in target.evidence


def test_a_quote_settles_a_relative_number() -> None:
    assert where("第二部分第3条“建立养老护理员职业技能等级认定制度”，建议增加薪酬指引。") == ("clause", 5, 2)


def test_a_heading_beside_a_relative_number_settles_it() -> None:
    """"第二部分第3条（加强人才队伍建设）": the 3rd clause of 二 (5) is the one whose heading is written."""
    assert where("第二部分第3条（加强人才队伍建设），建议增加薪酬指引。") == ("clause", 5, 2)


def test_a_comments_own_count_is_no_clause_number() -> None:
    """"第二条意见：关于第5条。…" is the unit's second comment, on clause 5; "第一条意见：" alone names no clause."""
    assert where("第二条意见：关于第5条。建议增加薪酬指引。") == ("clause", 5, 2)
    assert where("第一点意见：第3条建议写明补贴标准。") == ("clause", 3, 2)
    assert where("第一条意见：建议行文再精简一些。")[1] != 1
    # the line above a table: "（以下第三条意见见表）" counts the comments; "第2条建议增加…" is clause 2
    assert where("修改为：各级政府把社区养老纳入民生实事。", context="（以下第三条意见见表）")[1] != 3
    assert where("第2条建议增加考核的内容。") == ("clause", 2, 1)


def test_the_original_line_above_a_rewrite_places_it_by_its_quoted_words() -> None:
    assert where("改为：“建立养老护理员等级认定和薪酬指引制度”", quote="1. 原文：“建立养老护理员职业技能等级认定制度”")[1] == 5


def test_one_sentence_naming_two_clauses_and_changing_them_respectively_is_two_comments() -> None:
    from parsers.placing.mapping import map_block

    block = Block(kind="paragraph", text="第3条要求“设立专项资金”，第4条要求“建设用房”，两处建议分别改为“设立并逐年增加专项资金”和“建设标准化用房”。",
                  origin="test")
    assert sorted(c.clause for c in map_block(block, DRAFT, "正文")) == [3, 4]


def test_a_heading_in_brackets_after_a_number_counted_within_its_part_places_it() -> None:
    """Under 第三部分, "第1条（强化组织领导）": the part's first clause (6), its heading written beside it."""
    assert where("第1条（强化组织领导）：建议增加考核的内容。") == ("clause", 6, 3)
    assert where("第6条（强化组织领导）：建议增加考核的内容。") == ("clause", 6, 3)


def test_heading_mentions() -> None:
    assert where("关于“落实用地保障”，建议明确老旧小区的补建办法。") == ("clause", 4, 2)
    assert where("“加强人才队伍建设”一条，建议增加志愿者队伍的内容。") == ("clause", 5, 2)


def test_loose_heading_mentions() -> None:
    assert where("人才队伍那一条，建议增加志愿者队伍的内容。") == ("clause", 5, 2)
    assert where("关于养老服务网络这一条，建议写明覆盖农村。") == ("clause", 2, 1)


def test_section_named_by_its_title() -> None:
    assert where("二、保障措施部分，建议增加社会资本参与的内容。") == ("section", None, 2)


def test_quoted_wording_with_no_number() -> None:
    assert where("原文“发展助餐、助浴、助洁服务”，建议增加助医服务。") == ("clause", 2, 1)
    assert where("“新建住宅小区……配建养老服务用房”一句，建议明确移交程序。") == ("clause", 4, 2)


def test_a_loosely_quoted_wording_is_matched_but_flagged() -> None:
    block = Block(kind="paragraph", text="“建立养老护理员职业技能等级评定制度并落实补贴”，建议增加薪酬指引。", origin="t")
    target = resolve(block, DRAFT)[0]
    assert (target.clause, target.needs_review) == (5, True)
    assert "相似度" in target.evidence


def test_section_and_general_comments() -> None:
    assert where("第二部分整体：建议增加对社会资本参与的保障。") == ("section", None, 2)
    assert where("建议全文统一使用“老年人”的提法。") == ("general", None, None)
    assert where("文件标题建议去掉“推进”二字。") == ("general", None, None)
    assert where("建议本意见印发后配套制定考核细则，便于各区对照落实。") == ("general", None, None)


@pytest.mark.parametrize("ref", ["其他", "全文", "总体", "—全文—"])
def test_a_reference_cell_meaning_the_whole_text(ref: str) -> None:
    assert where("建议增加附则。", ref=ref) == ("general", None, None)


def test_no_clue_is_general_and_needs_review() -> None:
    target = resolve(Block(kind="paragraph", text="建议再斟酌一下。", origin="t"), DRAFT)[0]
    assert target.scope == "general" and target.needs_review


def test_number_and_quote_that_disagree_are_flagged() -> None:
    """The number's own words copied after it, but another clause's: the copy places it, flagged."""
    target = resolve(Block(kind="paragraph", text="第2条“广泛宣传孝老爱亲典型”，建议增加家风建设。", origin="t"), DRAFT)[0]
    assert target.clause == 7 and target.needs_review
    assert "按原文归条" in target.evidence
    apart = resolve(Block(kind="paragraph", text="第2条建议增加家风建设，可参考“广泛宣传孝老爱亲典型”。", origin="t"), DRAFT)[0]
    assert apart.clause == 2 and apart.needs_review and "不一致" in apart.evidence


def test_a_number_inside_the_proposal_may_be_a_destination() -> None:
    target = resolve(Block(kind="paragraph", text="建议把督查的要求移至第6条。", origin="t"), DRAFT)[0]
    assert target.clause == 6 and target.needs_review


def test_one_row_on_two_clauses_is_two_comments() -> None:
    block = Block(kind="table_row", text="两处重复，建议第3条只写资金；第4条只写用地。", origin="t", ref="第3条、第4条")
    comments = map_block(block, DRAFT, "x.docx")
    assert [(c.clause, c.text) for c in comments] == [(3, "两处重复，建议第3条只写资金；"), (4, "第4条只写用地。")]
    both = map_block(Block(kind="paragraph", text="第3、5条建议合并表述。", origin="t"), DRAFT, "body")
    assert [c.clause for c in both] == [3, 5] and "多条" in both[0].evidence


def test_a_heading_passes_its_reference_to_the_items_under_it() -> None:
    lines = ["意见如下：", "一、关于第4条，有以下两点意见：", "（1）建议明确配建面积的计算口径。", "（2）建议增加验收环节。", "二、第6条建议增加年度考核。"]
    blocks = text_blocks(lines, "正文", "body")
    assert [resolve(b, DRAFT)[0].clause for b in blocks] == [4, 4, 6]


def test_anchor_of_a_tracked_change_wins() -> None:
    block = Block(kind="insertion", text="增加“并定期公布”", origin="t", anchor=6)
    assert resolve(block, DRAFT)[0].clause == 6


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=1, max_value=7))
def test_written_and_chinese_numbers_resolve_alike(n: int) -> None:
    chinese = "一二三四五六七"[n - 1]
    assert where(f"第{n}条建议修改。")[1] == where(f"第{chinese}条建议修改。")[1] == n


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_text_maps_somewhere_with_a_confidence(text: str) -> None:
    for comment in map_block(Block(kind="paragraph", text=text, origin="t"), DRAFT, "body"):
        assert comment.scope in ("clause", "section", "general")
        assert 0 <= comment.confidence <= 1 and comment.evidence


def test_outline_references_name_the_item_within_a_section() -> None:
    """"四、（三）" is the third clause of section 四, in quotes or in a reference cell."""
    from parsers.placing.draft import parse_draft
    from parsers.placing.mapping import resolve
    from parsers.records import Block

    draft = parse_draft((Path(__file__).resolve().parent.parent / "fixtures" / "campaign" / "draft.docx").read_bytes())
    in_text = resolve(Block("paragraph", "关于“四、（三）”，建议每年组织一次返乡包车。", "x"), draft)[0]
    in_cell = resolve(Block("table_row", "建议增加院务公开的内容。", "x", ref="“三、（三）”"), draft)[0]
    assert (in_text.clause, in_cell.clause) == (14, 9)
    quoted_cell = resolve(Block("table_row", "改为按行业分类命名。", "x", ref="“探索推广建立劳模工作室”"), draft)[0]
    assert quoted_cell.clause == 4


def test_a_bracketed_part_then_its_item_is_settled_by_the_quote_else_reviewed() -> None:
    """GIVEN "（三）第2款" in a reference cell (the draft numbers parts 一、 and clauses 1、): part 三's
    second clause (8), or clause 3
    WHEN the row's 原文 quotes clause 8's words / quotes nothing
    THEN clause 8, sure / clause 8 below the review threshold, the other reading named."""
    from parsers.placing.clauses import REVIEW_THRESHOLD
    from parsers.placing.draft import parse_draft
    from parsers.placing.mapping import resolve
    from parsers.records import Block

    draft = parse_draft((Path(__file__).resolve().parent.parent / "fixtures" / "campaign" / "draft.docx").read_bytes())
    settled = resolve(Block("table_row", "建议扩大覆盖面。", "x", ref="（三）第2款", quote="广泛开展“安康杯”竞赛活动"), draft)
    assert [(t.clause, t.confidence >= REVIEW_THRESHOLD) for t in settled] == [(8, True)]
    (unsure,) = resolve(Block("table_row", "建议扩大覆盖面。", "x", ref="（三）第2款"), draft)
    assert unsure.clause == 8 and unsure.confidence < REVIEW_THRESHOLD and "第3条" in unsure.evidence


def test_in_the_text_with_a_quote_is_the_quoted_place() -> None:
    """文中 says "in the text", not "the whole text": the quoted words say where."""
    assert where("文中“依托街道综合服务中心建设日间照料站”一句，建议改为“依托社区综合服务设施”。") == ("clause", 2, 1)
    assert where("建议文中“落实入职补贴”后增加“和岗位补贴”。") == ("clause", 5, 2)


def test_in_the_text_without_a_quote_goes_by_the_subject_or_stays_general() -> None:
    assert where("建议在文中补充养老护理员职业技能等级认定的具体办法。")[1] == 5
    assert where("文中多处表述不统一，建议通读修改。") == ("general", None, None)
    assert where("全文“养老服务”与“为老服务”混用，建议统一。") == ("general", None, None)  # the whole text, named


def test_a_quoted_item_number_is_that_item_not_its_style() -> None:
    assert where("对“3、”中的专项资金，建议明确由财政全额保障。") == ("clause", 3, 2)
    assert where("一级标题下直接用“1、”编号不规范，建议改为“（一）”。")[0] != "clause"


def test_a_shortened_heading_named_as_the_place_to_write_into() -> None:
    """"建议在……中提出": the heading shortened; a clue below the review threshold, not a reference."""
    target = resolve(Block(kind="paragraph", text="建议在人才队伍中提出护理员持证上岗的要求。", origin="test"), DRAFT)[0]
    assert (target.scope, target.clause) == ("clause", 5) and target.confidence < 0.8
    assert where("建议在实际工作中提出更具体的要求。")[0] == "general"


def test_a_reference_cell_holding_a_sections_heading_is_that_section() -> None:
    assert where("建议每年轮训一遍。", ref="二、保障措施") == ("section", None, 2)
    assert where("建议每年轮训一遍。", ref="保障措施") == ("section", None, 2)
    assert where("建议每年轮训一遍。", ref="二、") == ("section", None, 2)


def test_one_document_numbers_within_sections_throughout() -> None:
    """"第二部分第3条" alone is clause 3 (which is in 二) or 二's 3rd (clause 5); the same file's
    "第三部分第1条" can only be counted within its section (1 is not in 三), so both are."""
    from parsers.placing.mapping import settle_numbering

    def mapped(*refs: str, source: str = "意见.pdf") -> list[int | None]:
        blocks = [Block(kind="table_row", text="建议明确标准。", origin=f"表第{i}行", ref=ref) for i, ref in enumerate(refs)]
        return [c.clause for c in settle_numbering([c for b in blocks for c in map_block(b, DRAFT, source)], DRAFT)]

    assert mapped("第二部分第3条") == [5]
    assert mapped("第二部分第3条", "第三部分第1条") == [5, 6]
    assert mapped("第二部分第3条", "第一部分第2条") == [5, 2]  # nothing says how: within, as read alone
    assert mapped("第二部分第3条", "第三部分第7条") == [3, 7]  # 7 is no item of 三's two: this file counts through the text
    assert mapped("第二部分第3条", "第三部分第7条", "第三部分第1条", "第三部分第6条") == [3, 7, 6, 6]  # through, two to one
    assert mapped("二（3）", "三（1）") == [5, 6]  # a 条款 cell written 二（3）: the same, in short


def test_a_range_or_list_covering_a_whole_section_is_that_section() -> None:
    assert where("第三至五条建议统一说明牵头单位。") == ("section", None, 2)
    assert where("第6、7条建议合并。") == ("section", None, 3)
    assert where("第3、4条建议合并。")[0] == "clause"  # two of section 二's three: each clause


def test_this_section_under_a_sections_heading_is_that_section() -> None:
    assert where("本部分三条的体例不一，第3条、第4条写“加大”，建议统一。", context="关于第二部分：") == ("section", None, 2)


def test_clauses_named_by_bare_numbers_are_each_given_their_words() -> None:
    block = Block(kind="body", text="意见9：3、4条都涉及资金，建议第3条删去与第4条重复的表述，第4条则统一用地标准。", origin="t")
    comments = map_block(block, DRAFT, "body")
    assert [(c.clause, c.text[:3], c.text[-3:]) for c in comments] == [(3, "意见9", "表述，"), (4, "第4条", "标准。")]


@pytest.mark.parametrize(("text", "clause"), [
    ("第二部分最后一条建议写明补贴标准。", 5),
    ("第二部分最后一项中补贴，建议写明“按月发放”。", 5),
    ("第二部分的最末项建议写明补贴标准。", 5),
    ("第二部分倒数第2项建议写明资金来源。", 4),
    ("第三部分第一段建议补充督查频次。", 6),
    ("倒数第二条建议增加宣传内容。", 6),
    ("倒数第一条建议开展敬老月。", 7),
])
def test_a_clause_by_its_place(text: str, clause: int) -> None:
    assert where(text)[1] == clause


def test_the_drafts_points_are_its_clauses() -> None:
    assert where("意见稿第4点，建议明确用地标准。") == ("clause", 4, 2)


def test_a_three_character_term_quoted_is_the_one_clause_using_it() -> None:
    """“娘家人” occurs in clause 14 alone: a place, though a less sure one than a longer quote."""
    from parsers.placing.draft import parse_draft

    draft = parse_draft((Path(__file__).resolve().parent.parent / "fixtures" / "campaign" / "draft.docx").read_bytes())
    target = resolve(Block("paragraph", "“娘家人”的说法很好，建议在导语中也体现出来。", "x"), draft)[0]
    assert (target.clause, target.confidence < 0.9) == (14, True)
    assert resolve(Block("paragraph", "“好干部”的说法建议再斟酌。", "x"), draft)[0].clause is None  # not the draft's term


def test_a_clause_number_followed_by_another_clauses_words_goes_by_the_words() -> None:
    """"第16条“<clause 6's words verbatim>”，建议…": the number is the slip; flagged either way."""
    from parsers.placing.draft import parse_draft

    draft = parse_draft((Path(__file__).resolve().parent.parent / "fixtures" / "campaign" / "draft.docx").read_bytes())
    copied = resolve(Block("paragraph", "第16条“落实企业足额提取职工教育经费并确保60%用于一线职工培训的规定”，建议增加联合检查。", "x"), draft)[0]
    assert (copied.clause, copied.confidence < 0.9) == (6, True)
    moved = resolve(Block("paragraph", "第16条建议参照第6条“落实企业足额提取职工教育经费并确保60%用于一线职工培训的规定”的写法。", "x"), draft)[0]
    assert moved.clause == 16


def test_a_pasted_draft_line_answered_below_is_what_the_answer_is_about() -> None:
    """"> 11、……" quoted, then "本条……" under it: the quoted line places the answer."""
    from parsers.mail.body import split_body
    from parsers.placing.draft import parse_draft

    draft = parse_draft((Path(__file__).resolve().parent.parent / "fixtures" / "campaign" / "draft.docx").read_bytes())
    body = "宣教部：\n\n意见写在摘录下面。\n\n> 11、建立健全劳动关系协调和劳动法律监督检查联动机制，\n\n本条缺少标题句，建议加上一句作为本条标题。\n\n延吉市总工会\n"
    parts = split_body(body)
    assert ">" not in parts.own and "> 11、建立健全" in parts.answered
    blocks = text_blocks(parts.answered.splitlines(), "正文", "body")
    assert [b.text for b in blocks] == ["本条缺少标题句，建议加上一句作为本条标题。"]
    assert resolve(blocks[0], draft)[0].clause == 11


@pytest.mark.parametrize("text, section", [("关于“组织领导”部分，建议增加督查考核。", 5), ("关于稳定协调劳动关系部分，建议纳入编外人员。", 3),
                                           ("关于工会工作能力这一部分，建议加强轮训。", 4), ("“发挥工人阶级主力军作用”这一大块，建议增加机关职工。", 2)])
def test_a_section_named_by_some_of_its_headings_words(text: str, section: int) -> None:
    from parsers.placing.draft import parse_draft

    draft = parse_draft((Path(__file__).resolve().parent.parent / "fixtures" / "campaign" / "draft.docx").read_bytes())
    target = resolve(Block("paragraph", text, "x"), draft)[0]
    assert (target.scope, target.section) == ("section", section)


@pytest.mark.parametrize("line, clause", [("第拾贰条：建议推行商圈、市场联合建会。", 12), ("十一条：建议增加对超标企业进行通报。", 11),
                                          ("第四部分第二条：驾驶员心理疏导应列入帮扶服务项目。", 13)])
def test_clause_numbers_in_more_dresses(line: str, clause: int) -> None:
    from parsers.placing.draft import parse_draft

    draft = parse_draft((Path(__file__).resolve().parent.parent / "fixtures" / "campaign" / "draft.docx").read_bytes())
    [block] = text_blocks([line], "正文", "body")
    assert resolve(block, draft)[0].clause == clause


def test_adding_one_clause_is_no_reference_to_clause_one() -> None:
    from parsers.placing.draft import parse_draft

    draft = parse_draft((Path(__file__).resolve().parent.parent / "fixtures" / "campaign" / "draft.docx").read_bytes())
    [block] = text_blocks(["建议增加一条：各级工会每年开展一次职工满意度测评。"], "正文", "body")
    assert resolve(block, draft)[0].clause != 1


def test_sections_weighed_against_each_other_under_an_overall_heading_are_the_whole_text() -> None:
    from parsers.placing.draft import parse_draft

    draft = parse_draft((Path(__file__).resolve().parent.parent / "fixtures" / "campaign" / "draft.docx").read_bytes())
    blocks = text_blocks(["一、总体意见", "1.五个部分篇幅不均衡，第四部分和第五部分偏长，建议调整各部分篇幅。",
                          "二、具体意见", "1.第四部分和第五部分都建议增加考核内容。"], "正文", "body")
    assert [resolve(b, draft)[0].scope for b in blocks] == ["general", "section"]


def test_a_comment_on_the_preamble_is_on_the_whole_text() -> None:
    from parsers.placing.draft import parse_draft

    draft = parse_draft((Path(__file__).resolve().parent.parent / "fixtures" / "campaign" / "draft.docx").read_bytes())
    target = resolve(Block("paragraph", "前言部分引述中央精神，建议补入同全国劳动模范代表座谈时的讲话精神。", "x"), draft)[0]
    assert target.scope == "general"


def test_a_new_clause_after_a_clause_is_a_comment_on_that_clauses_section() -> None:
    assert where("在第四条之后增加一条，作为本部分的最后一条：建立养老服务质量评估制度。") == ("section", None, 2)
    assert where("第4条增加一句：建立养老服务质量评估制度。") == ("clause", 4, 2)


def test_a_section_named_then_its_clauses_words_quoted_is_that_clause() -> None:
    """"第二部分关于“<the draft's words>”的表述": the clause of that section holding the words."""
    assert where("第二部分关于“按每百户不少于二十平方米配建”的表述，建议提高标准。") == ("clause", 4, 2)
    assert where("第二部分，建议增加社会资本参与的内容。") == ("section", None, 2)
    assert where("第二部分，建议增加“专项资金”的监管内容。") == ("section", None, 2)  # a term, not a place


def test_an_items_own_number_under_a_part_heading_counts_within_the_part_unless_the_words_say_otherwise() -> None:
    def place(ref: str, text: str) -> tuple[int | None, float]:
        target = resolve(Block(kind="paragraph", text=text, origin="test", ref=ref, context="第二部分"), DRAFT)[0]
        return target.clause, target.confidence

    assert place("编号2", "建议增加社区食堂的内容。") == (4, 0.85)  # clause 2 is not in 二: its 2nd clause
    assert place("编号3", "建议增加社会资本参与的内容。") == (5, 0.7)  # 3 or 二's 3rd (5): within, for review
    assert place("编号3", "建议将“用于社区养老设施建设和运营补贴”改为“用于设施建设”。") == (3, 0.9)  # the words say 3


def test_the_nth_item_and_the_end_of_the_text() -> None:
    target = resolve(Block(kind="paragraph", text="第4项建议提高配建标准。", origin="t"), DRAFT)[0]
    assert (target.scope, target.clause, target.section) == ("clause", 4, 2) and target.confidence < 0.9
    assert where("建议在文末增加一段，写明本意见的施行日期。") == ("general", None, None)
    assert where("建议在文件最后增加一段，由州总工会每年对落实情况进行一次督查通报。") == ("general", None, None)


def test_two_places_in_one_part_named_once_are_both_counted_within_it() -> None:
    targets = resolve(Block(kind="paragraph", text="第二部分第1条和第3条内容交叉，建议合并。", origin="t"), DRAFT)
    assert [t.clause for t in targets] == [3, 5]


def test_an_item_headed_其他_is_on_the_whole_text() -> None:
    assert where("四、其他：附一份任务分工表，建议各条明确牵头部门。") == ("general", None, None)
    # "其他。" too, whatever words it quotes to show the inconsistency
    assert where("其他。文中“专项资金”“运营补贴”等处的括号用法前后不一致，建议全文统一。") == ("general", None, None)
    assert where("其他单位的做法，建议第4条参照。")[1] == 4
    assert where("其他：第4条建议提高配建标准。")[1] == 4


def test_a_comment_naming_the_clause_before_the_one_above_is_placed_there_for_review() -> None:
    from parsers.placing.mapping import settle_neighbours

    blocks = [Block(kind="paragraph", text="第5条建议落实入职补贴。", origin="t1"),
              Block(kind="paragraph", text="四、前一条中，建议写明补贴的资金来源。", origin="t2")]
    comments = settle_neighbours([c for b in blocks for c in map_block(b, DRAFT, "意见.docx")], DRAFT)
    assert [(c.clause, c.confidence < 0.9) for c in comments] == [(5, False), (4, True)]


def test_one_sentence_on_two_clauses_respectively_gives_each_its_part() -> None:
    """"前者……，后者……" after two quotations of two clauses; "（3）（4）两条，建议分别增加“A”和“B”"."""
    text = "“各级财政每年安排专项资金”和“按每百户不少于二十平方米配建”两处，前者建议写明比例，后者建议提高到三十平方米。"
    comments = map_block(Block(kind="paragraph", text=text, origin="t"), DRAFT, "x.docx")
    assert [(c.clause, "比例" in c.text, "三十" in c.text) for c in comments] == [(3, True, False), (4, False, True)]
    assert all(c.confidence < 0.9 for c in comments)
    paired = map_block(Block(kind="paragraph", text="（4）两条，建议分别增加“社区食堂”和“护理员持证”。", origin="t", ref="编号3"),
                       DRAFT, "x.docx")
    assert [(c.clause, c.text) for c in paired] == [(3, "（4）两条，建议分别增加“社区食堂”"), (4, "（4）两条，建议分别增加“护理员持证”")]


def test_a_reference_cell_holding_the_drafts_words_places_the_row_by_them() -> None:
    """A 涉及内容 column quoting the draft, with or without quotation marks."""
    from parsers.comments.tables import table_blocks

    rows = [["序号", "涉及内容", "意见", "理由"], ["1", "“各级财政每年安排专项资金”", "建议写明比例。", ""],
            ["2", "按每百户不少于二十平方米配建", "建议提高标准。", ""]]
    assert [resolve(b, DRAFT)[0].clause for b in table_blocks(rows, "表格1", "table_row")] == [3, 4]


def test_a_relative_number_read_both_ways_is_settled_by_a_short_quote_or_by_its_subject() -> None:
    """"第二部分第3条" is clause 3 (in 二) or the 3rd of 二 (5): a quotation too short to place a
    comment alone (“入职”) but held by one reading's clause settles it; so does the subject, unsure;
    the whole text's clause 3 when its subject is that clause's."""
    assert where("第二部分第3条中“入职”二字，建议改为“上岗”。") == ("clause", 5, 2)
    target = resolve(Block(kind="paragraph", text="第二部分第3条，建议把养老护理员职业技能等级与薪酬挂钩。", origin="t"), DRAFT)[0]
    assert (target.clause, target.confidence < 0.9) == (5, True)
    target = resolve(Block(kind="paragraph", text="第二部分第3条，建议社区养老设施运营补贴的专项资金按年度公开。", origin="t"), DRAFT)[0]
    assert (target.clause, target.confidence < 0.8) == (3, True) and "按内容" in target.evidence
    assert where("第二部分第3条，建议增加考核的内容。") == ("clause", 5, 2)  # nothing says otherwise: within the part


def test_a_heading_beside_the_number_in_the_reference_cell_places_the_row() -> None:
    """A sheet for each part, numbered within it: 条目 "第3条（加强人才队伍建设）" is clause 5."""
    assert where("建议增加薪酬指引。", ref="第3条（加强人才队伍建设）") == ("clause", 5, 2)


def test_a_label_over_the_item_does_not_hide_the_clause_it_opens_with() -> None:
    """"补充意见：第3条建议……": the clause the item opens with, not a number inside a proposal."""
    target = resolve(Block("paragraph", "补充意见：第3条建议写明补贴标准。", "t"), DRAFT)[0]
    assert (target.clause, target.confidence) == (3, 0.95)


def test_a_clause_named_as_the_place_to_write_is_the_comments() -> None:
    """"旺季临时用工多，建议在第3条中写入……": where to write, not a number inside the proposal."""
    target = resolve(Block("paragraph", "旺季临时用工多，建议在第3条中写入“临时工同样享有补贴”。", "t"), DRAFT)[0]
    assert (target.clause, target.confidence) == (3, 0.9)


def test_a_paragraph_counted_on_a_page_is_no_clause_counted_from_the_end() -> None:
    """"P3倒数第2段": the page's paragraph; the quotation beside it places the comment."""
    from parsers.placing.clauses import position_target

    assert position_target("P3倒数第2段", DRAFT) is None and position_target("第3页第2段", DRAFT) is None
    assert position_target("倒数第2条", DRAFT) is not None


def test_a_part_then_the_heading_of_one_of_its_clauses_is_that_clause() -> None:
    """"第四部分“实施倾情帮扶行动”，建议……": clause 13's heading, in part 四."""
    from pathlib import Path

    from parsers.placing.draft import parse_draft

    draft = parse_draft((Path(__file__).resolve().parent.parent / "fixtures" / "campaign" / "draft.docx").read_bytes())
    target = resolve(Block("paragraph", "第四部分“实施倾情帮扶行动”，建议开通网上帮扶申请。", "t"), draft)[0]
    assert (target.scope, target.clause) == ("clause", 13)


def test_a_part_then_words_of_one_of_its_clauses_headings_is_that_clause_for_review() -> None:
    """"第一部分“总体要求”中……": the part, then words only clause 2's heading holds in it."""
    from pathlib import Path

    from parsers.placing.draft import parse_draft

    draft = parse_draft((Path(__file__).resolve().parent.parent / "fixtures" / "campaign" / "draft.docx").read_bytes())
    target = resolve(Block("paragraph", "第一部分“总体要求”中，建议把竭诚服务职工群众作为工会工作生命线。", "t"), draft)[0]
    assert (target.scope, target.clause) == ("clause", 2) and target.confidence < 0.9
    several = resolve(Block("paragraph", "第十二至十四条分别提出“固本强基”“倾情帮扶”“助推民营经济”三个行动，建议统一说明牵头单位。", "t"), draft)
    assert [(t.scope, t.section) for t in several] == [("section", 4)]  # several headings quoted: the part


@pytest.mark.parametrize(("text", "context", "clause"), [
    ("第1项：建议写明补贴标准。", "一、关于第二部分", 3),  # the part's first item
    ("第2项：建议增加宣传内容。", "二、关于第三部分：", 7),
    ("第1条：建议写明补贴标准。", "关于第二部分", 3),  # clause 1 lies outside the part: counted within it
    ("第4条：建议写明补贴标准。", "关于第二部分", 4),  # clause 4 lies in the part: as written
])
def test_an_item_numbered_under_a_parts_heading_counts_within_the_part(text: str, context: str, clause: int) -> None:
    assert where(text, context=context) == ("clause", clause, 2 if clause < 6 else 3)


def test_a_rows_原文_cell_saying_全文_is_about_the_whole_text() -> None:
    assert where("文中“60%”与“千分之三”写法并存，建议统一。", quote="全文") == ("general", None, None)


def test_a_parts_clause_headings_in_the_proposal_leave_the_part() -> None:
    """"第一部分篇幅偏长，建议…总体要求…合并": the heading words are in the proposal, not the place."""
    assert where("第二部分篇幅偏长，建议压缩，加大财政投入和落实用地保障合并成一条。") == ("section", None, 2)


def test_who_added_a_point_before_its_label_does_not_hide_its_clause() -> None:
    target = resolve(Block("paragraph", "局领导补充：第3条建议写明补贴标准。", "t"), DRAFT)[0]
    assert (target.clause, target.confidence) == (3, 0.95)


@pytest.mark.parametrize("text,expected", [
    # the clause is the reason's example; the proposal names its part and no clause
    ("第二部分三条长短不一，第4条过长，建议第二部分压缩篇幅、合并同类表述。", ("section", None, 2)),
    # the proposal names a clause of its own: that clause stays
    ("第二部分三条长短不一，第4条过长，建议第二部分第3条写明补贴标准。", ("clause", 4, 2)),
    # the proposal names another part: the clause named stays
    ("第4条过长，建议第三部分也精简。", ("clause", 4, 2)),
])
def test_a_proposal_on_the_part_of_the_clause_named_as_its_reason_is_the_parts(
        text: str, expected: tuple[str, int | None, int | None]) -> None:
    assert where(text) == expected
    target = resolve(Block("paragraph", text, "t"), DRAFT)[0]
    assert target.confidence < 0.9 or expected[0] == "clause"


@pytest.mark.parametrize("text,clause", [
    ("第二部分末条“加强人才队伍建设”，建议写明补贴标准。", 5),
    ("第三部分首条，建议写明督查频次。", 6),
    ("第二部分的末项建议写明补贴标准。", 5),
])
def test_a_clause_named_first_or_last_of_its_part(text: str, clause: int) -> None:
    assert where(text)[1] == clause


def test_a_clauses_heading_words_before_一段_name_it() -> None:
    """"财政投入一段太长": the paragraph of that heading, a clause, for review."""
    target = resolve(Block("paragraph", "财政投入一段太长，建议压缩到三百字以内。", "t"), DRAFT)[0]
    assert (target.clause, target.confidence < 0.9) == (3, True)


def test_words_quoted_as_examples_of_a_habit_of_the_whole_text_are_no_place() -> None:
    """"（如“二十平方米”与“百分之百”），建议全文统一": examples of the whole text's habit."""
    assert where("文中数字写法不统一（如“二十平方米”与“百分之百”），建议全文按出版物数字用法统一。") == ("general", None, None)
    assert where("如“日间照料站”一句，建议改为“日间照料中心”。")[1] == 2  # no 全文: the words' clause


def test_a_part_and_an_item_typed_in_each_others_column() -> None:
    """部分 "5" and 条目 "二": there is no part 5, and clause 5 lies in part 二: clause 5, for review."""
    target = resolve(Block("table_row", "建议写明补贴标准。", "t", ref="第5部分第二条"), DRAFT)[0]
    assert (target.clause, target.section, target.confidence < 0.9) == (5, 2, True)


def test_a_part_cell_beside_an_item_cell_naming_a_clause_by_its_heading() -> None:
    """部分 "第二部分" and 条目 "落实用地保障": that clause of the part, not the part."""
    target = resolve(Block("table_row", "建议写明配建标准。", "t", ref="第二部分 落实用地保障"), DRAFT)[0]
    assert (target.scope, target.clause) == ("clause", 4)


def test_numbered_items_of_a_row_on_two_clauses_go_one_to_each_in_order() -> None:
    comments = map_block(Block("table_row", "①日间照料站增设助浴服务；②财政补贴按年拨付", "t", ref="第2、3条"), DRAFT, "意见.xlsx")
    assert [(c.clause, c.text) for c in comments] == [(2, "①日间照料站增设助浴服务；"), (3, "②财政补贴按年拨付")]


@pytest.mark.parametrize("text,clause", [("一是第5点，建议增加人才评价内容。", 5), ("二是第三点，建议写明用地标准。", 3)])
def test_the_drafts_nth_point_after_the_replys_own_item_marker(text: str, clause: int) -> None:
    target = resolve(Block("paragraph", text, "t"), DRAFT)[0]
    assert (target.clause, target.confidence < 0.9) == (clause, True)


@pytest.mark.parametrize("ref", ["第三部分 组织实施 第一项", "第三部分“组织实施”第一项", "三、组织实施 第一条"])
def test_a_parts_title_between_the_part_and_its_item_is_set_aside(ref: str) -> None:
    """GIVEN a 涉及内容 cell naming the part, its title, then the item WHEN placed THEN the item
    counts within the part (the 1st of 三 is clause 6), not as the draft's clause 1."""
    assert where("建议增加督查通报的内容。", ref=ref) == ("clause", 6, 3)


@pytest.mark.parametrize("ref", ["第三部分（组织）第一项", "第三部分“实施”第1项"])
def test_a_parts_title_shortened_in_brackets_is_set_aside(ref: str) -> None:
    """"第五部分（组织领导）第4项": the part's title cut short between the part and the item is
    set aside when every character of it is in the title; the item counts within the part."""
    assert where("建议增加督查通报的内容。", ref=ref) == ("clause", 6, 3)


def test_a_note_for_where_words_first_appear_goes_where_they_first_appear() -> None:
    """GIVEN a comment asking for a note where words first appear, naming no clause WHEN placed
    THEN the whole text's when the opening paragraph has them (no clause) or it says they recur
    (全文多处); else the clause they first appear in."""
    draft = Draft(DRAFT.title, DRAFT.sections, preamble="为落实“专项资金”部署，结合实际，提出如下意见。")
    first = resolve(Block("paragraph", "文中“专项资金”首次出现时建议加注释。", "t"), draft)[0]
    assert (first.scope, first.clause) == ("general", None)
    recurs = resolve(Block("paragraph", "“专项资金”全文多处出现，第一次出现时请写明全称。", "t"), DRAFT)[0]
    assert (recurs.scope, recurs.clause) == ("general", None)
    placed = resolve(Block("paragraph", "建议在“专项资金”首次出现处加注“含福彩公益金”。", "t"), DRAFT)[0]
    assert (placed.clause, placed.confidence < 0.9) == (3, True)


def test_a_lead_ins_general_word_gives_way_to_the_items_own_clause() -> None:
    """GIVEN a lead-in "现提出以下意见（含文字标点）：" over "建议第4条……" WHEN placed THEN clause 4,
    not the whole text for the lead-in's 标点."""
    assert where("老旧小区较多，建议第4条增加改造配建的要求。", context="现提出以下意见（含文字标点）：") == ("clause", 4, 2)


def test_a_lead_in_naming_punctuation_gives_way_to_the_items_quotation() -> None:
    """GIVEN "发现以下文字和标点问题：" over "第1页第12行：“……”，漏了一个顿号" WHEN placed THEN the
    clause the quotation is from, not the whole text."""
    assert where("第1页第12行：“依托街道综合服务中心建设日间照料站”，“中心”后面漏了一个顿号。",
                 context="我们在打印稿上逐字校对，发现以下文字和标点问题：") == ("clause", 2, 1)


def test_a_proposal_opening_on_its_clause_is_that_clauses() -> None:
    """"一是建议第3条……中明确……": the clause the proposal opens on, not a place to move words to."""
    target = resolve(Block(kind="body", text="一是建议第3条专项资金中明确绩效评价的内容。", origin="t"), DRAFT)[0]
    assert (target.clause, target.confidence >= 0.8) == (3, True)
    moved = resolve(Block(kind="body", text="建议把这句话移到第3条。", origin="t"), DRAFT)[0]
    assert moved.confidence < 0.8


def test_words_quoted_from_several_clauses_as_a_habit_of_the_text_are_the_whole_texts() -> None:
    """GIVEN "文中“日间照料站”“养老服务用房”等称谓较多，建议统一界定" (the words from clauses 2 and 4)
    WHEN placed THEN the whole text; one place quoted and the new word proposed stays that place's."""
    assert where("文中“日间照料站”“养老服务用房”等称谓较多，建议在文末统一界定。")[0] == "general"
    assert where("文中数字写法不统一（“百分之百”与“二十平方米”并存），建议统一。")[0] == "general"
    assert where("“养老服务用房”的称谓建议统一为“日间照料站”。") == ("clause", 4, 2)


def test_a_part_named_by_a_three_character_word_one_heading_holds() -> None:
    """"建议在农民工部分增加…": 农民工, a word of the heading of clause 14 alone (切实维护农民工的合法权益),
    names that clause, for review."""
    from parsers.placing.clauses import loose_heading_target
    from parsers.placing.draft import parse_draft

    campaign = parse_draft((Path(__file__).resolve().parent.parent / "fixtures" / "campaign" / "draft.docx").read_bytes())
    target = loose_heading_target("我公司装卸工夜班多，建议在农民工部分增加夜间作业津贴。", campaign)
    assert target is not None and (target.clause, target.confidence < 0.8) == (14, True)


def test_a_part_and_words_one_of_its_clauses_says_is_that_clause_for_review() -> None:
    """"第二部分关于安排专项资金，建议…": the part, then words clause 3 alone of that part holds."""
    target = resolve(Block(kind="body", text="第二部分关于安排专项资金，建议增加绩效评价。", origin="t"), DRAFT)[0]
    assert (target.scope, target.clause, target.confidence < 0.8) == ("clause", 3, True)


def test_a_rewrite_of_the_drafts_title_is_the_whole_texts() -> None:
    """GIVEN "标题建议改为“关于进一步推进社区养老服务的意见”" WHEN placed THEN the whole text's:
    the quoted words share a long run with the draft's title (not a clause sharing a word)."""
    target = resolve(Block("paragraph", "标题建议加上“进一步”，改为“关于进一步推进社区养老服务的意见”。", "t"), DRAFT)[0]
    assert (target.scope, "标题" in target.evidence) == ("general", True)
    assert where("第3条标题建议改为“加大财政投入力度”。") == ("clause", 3, 2)


def test_sentences_each_opening_on_a_clause_of_their_own_are_one_comment_each() -> None:
    """GIVEN one paragraph (or a cell with no clause column) "第五条中的…，建议…；第六条中的…，建议…"
    WHEN mapped THEN two comments, each on the clause its sentence opens with."""
    text = "第五条中的护理员补贴，建议按月发放；第六条中的督查，建议每半年通报一次。"
    comments = map_block(Block("paragraph", text, "t"), DRAFT, "意见.docx")
    assert [(c.clause, c.text) for c in comments] == [(5, "第五条中的护理员补贴，建议按月发放；"), (6, "第六条中的督查，建议每半年通报一次。")]
    # the same clause twice, or a sentence naming none: one comment, as before
    assert len(map_block(Block("paragraph", "第五条建议增加培训。第五条的补贴也应提高。", "t"), DRAFT, "意见.docx")) == 1


def test_a_heading_shortened_to_its_last_words_as_the_topic_names_the_clause() -> None:
    """"关于人才队伍建设，建议……": words of one clause's heading alone, whole, as the comment's topic."""
    target = resolve(Block("paragraph", "关于人才队伍建设，建议增加护理员轮岗培训。", "t"), DRAFT)[0]
    assert (target.clause, target.confidence < 0.8) == (5, True)


def _campaign_draft() -> Draft:
    from parsers.placing.draft import parse_draft

    return parse_draft((Path(__file__).resolve().parent.parent / "fixtures" / "campaign" / "draft.docx").read_bytes())


CAMPAIGN_DRAFT = _campaign_draft()


def test_a_clause_named_without_di_where_words_go_in() -> None:
    """"建议在十二条增加：……", "把十五条里的……": the clause; "在三条措施中" is a count."""
    assert resolve(Block("paragraph", "建议在十二条增加：合作社可以联合组建工会小组。", "t"), CAMPAIGN_DRAFT)[0].clause == 12
    assert resolve(Block("paragraph", "把十五条里的“每年”改为“每半年”。", "t"), CAMPAIGN_DRAFT)[0].clause == 15
    assert resolve(Block("paragraph", "建议在三条措施中选择一条重点推进。", "t"), CAMPAIGN_DRAFT)[0].scope == "general"


def test_a_term_of_the_text_named_after_wenzhong_is_its_clauses() -> None:
    """"文中的厂务公开……": the words as the text has them, in the one clause that has them (for review);
    "文中的表述不统一" stays the whole text's."""
    (target,) = resolve(Block("paragraph", "文中的厂务公开对我们这类单位不太贴切，建议同时写明站务公开。", "t"), CAMPAIGN_DRAFT)
    assert (target.clause, target.needs_review) == (9, True)
    assert resolve(Block("paragraph", "文中的表述不统一，建议统一。", "t"), CAMPAIGN_DRAFT)[0].scope == "general"


def test_words_of_the_title_quoted_after_biaoti_are_the_whole_texts() -> None:
    target = resolve(Block("paragraph", "标题中“延边工会工作”建议改为“全州工会工作”，与正文一致。", "t"), CAMPAIGN_DRAFT)[0]
    assert target.scope == "general" and "见于文件标题" in target.evidence
    part = resolve(Block("paragraph", "第三部分标题中“维护职工合法权益”建议改为“切实维护职工合法权益”。", "t"), CAMPAIGN_DRAFT)[0]
    assert (part.scope, part.section) == ("section", 3)


def test_a_topic_named_as_its_building_opens_the_comment() -> None:
    """"劳模工作室的建设，建议……": the topic's words decide, though the proposal's (开展技术) are another clause's."""
    (target,) = resolve(Block("paragraph", "劳模工作室的建设，建议向高校实验室延伸，由教学名师牵头开展技术攻关。", "t"), CAMPAIGN_DRAFT)
    assert target.clause == 4 and target.needs_review


def test_a_margin_comment_about_another_clauses_subject_goes_to_review() -> None:
    """"同意。另外，农场工会主席的待遇也请一并明确" in a thread on clause 12: where it sits says 12,
    what it says is clause 18's subject; it stays on 12, for review, with both said."""
    (target,) = resolve(Block("margin_comment", "同意。另外，农场工会主席的待遇也请一并明确。", "t", anchor=12), CAMPAIGN_DRAFT)
    assert (target.clause, target.needs_review) == (12, True) and "第18条" in target.evidence
    (kept,) = resolve(Block("margin_comment", "建议删去“进一步”。", "t", anchor=12), CAMPAIGN_DRAFT)
    assert (kept.clause, kept.confidence) == (12, 0.95)


def test_a_comment_under_a_line_quoting_the_draft_is_about_those_words() -> None:
    """"1、“建立和发展职工书屋”" then "建议补充：……" on the line below: the quoted words place it."""
    lines = ["我会意见：", "1、“完善促进就业，扶持创业的相关政策”", "建议补充：在林区转岗职工较多的县市开展就业援助月专项活动。"]
    (block,) = text_blocks(lines, "正文", "body")
    (target,) = resolve(block, CAMPAIGN_DRAFT)
    assert target.clause == 3 and "引文" in target.evidence


def test_a_note_on_where_many_words_of_a_kind_first_appear_is_the_whole_texts() -> None:
    """"“职工（代表）大会”等括注较多，建议首次出现时说明": words of a kind, not one place."""
    target = resolve(Block("paragraph", "文中“职工（代表）大会”等括注较多，建议首次出现时说明，后文统一简称。", "t"), CAMPAIGN_DRAFT)[0]
    assert target.scope == "general"
    assert resolve(Block("paragraph", "建议在“职工（代表）大会”首次出现处加注。", "t"), CAMPAIGN_DRAFT)[0].clause == 9


def test_review_cases_keep_their_places() -> None:
    """三条内容 is no clause; 很多职工不了解 is no recurrence; 全文 after 文中的… is the whole text;
    a lead-in quoting something places nothing below it."""
    assert resolve(Block("paragraph", "建议对三条内容进行合并精简。", "t"), CAMPAIGN_DRAFT)[0].scope == "general"
    assert resolve(Block("paragraph", "“安康杯”首次出现时建议加注释，很多职工不了解。", "t"), CAMPAIGN_DRAFT)[0].clause == 8
    assert resolve(Block("paragraph", "文中的职工代表大会一词，全文应统一简称为职代会。", "t"), CAMPAIGN_DRAFT)[0].scope == "general"
    lead = Block("paragraph", "建议加强宣传。", "t", context="对照“建立和发展职工书屋”的要求，提出以下意见：")
    assert resolve(lead, CAMPAIGN_DRAFT)[0].clause != 10 or "引文" not in resolve(lead, CAMPAIGN_DRAFT)[0].evidence
