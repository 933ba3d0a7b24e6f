"""parsers.placing.subjects: a comment that names no clause, mapped by what it talks about.

On the small draft of test_mapping (社区养老), not the campaign's."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.placing.clauses import REVIEW_THRESHOLD
from parsers.placing.draft import parse_draft
from parsers.placing.mapping import map_block, resolve
from parsers.records import Block
from parsers.placing.subjects import bigrams, rank, subject_targets
from tests.parsers.test_mapping import DRAFT


def test_bigrams_of_hanzi_runs_and_whole_numbers() -> None:
    assert bigrams("职工书屋，12351热线") == ["职工", "工书", "书屋", "12351", "热线"]


def test_a_comment_about_one_clauses_subject_is_mapped_there_for_review() -> None:
    """GIVEN a comment with no number, heading or quotation, about the day-care stations of clause 2
    WHEN it is resolved
    THEN it goes to clause 2, below the review threshold, and the evidence names the shared words."""
    (target,) = resolve(Block("paragraph", "日间照料站的助餐要延伸到农村，方便老人就近吃饭。", "t"), DRAFT)
    assert (target.scope, target.clause, target.section) == ("clause", 2, 1)
    assert 0.5 <= target.confidence < REVIEW_THRESHOLD and target.needs_review
    assert "内容涉及第2条" in target.evidence and "“日间照料站”" in target.evidence


def test_words_of_asking_are_not_a_subject() -> None:
    """建议, 明确, 加强 belong to the comment, not to a clause: nothing is left to match."""
    assert subject_targets("建议各部门加强协作，形成合力。", DRAFT) == []
    assert resolve(Block("paragraph", "建议再斟酌一下。", "t"), DRAFT)[0].scope == "general"


def test_two_clauses_close_together_are_left_general() -> None:
    """日间照料站 (clause 2) and 运营补贴 (clause 3) in one comment, no word of two places: no guess."""
    ranked = rank("建议明确日间照料站的运营补贴标准。", DRAFT)
    assert {ranked[0].clause.number, ranked[1].clause.number} == {2, 3}
    assert subject_targets("建议明确日间照料站的运营补贴标准。", DRAFT) == []


def test_a_comment_on_an_overlap_of_two_clauses_is_two_comments() -> None:
    comments = map_block(Block("paragraph", "专项资金和配建用房两处都讲保障，建议合并。", "t"), DRAFT, "body")
    assert [c.clause for c in comments] == [3, 4]
    assert all(c.confidence < REVIEW_THRESHOLD for c in comments)


def test_an_explicit_reference_always_wins_over_the_subject() -> None:
    """The words are clause 2's, but the unit wrote 第4条, or quoted clause 3's heading."""
    assert resolve(Block("paragraph", "第4条：日间照料站建设要加快。", "t"), DRAFT)[0].clause == 4
    assert resolve(Block("paragraph", "关于“加大财政投入”，日间照料站建设要加快。", "t"), DRAFT)[0].clause == 3
    whole = resolve(Block("paragraph", "全文的日间照料站统一称为日间照料中心。", "t"), DRAFT)[0]
    assert whole.scope == "general"


def test_the_reason_column_counts_too() -> None:
    block = Block("table_row", "建议提高标准。", "t", reason="护理员入职补贴偏低，留不住人。")
    assert resolve(block, DRAFT)[0].clause == 5


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120))
def test_any_text_gives_at_most_two_clauses_below_review(text: str) -> None:
    targets = subject_targets(text, DRAFT)
    assert len(targets) <= 2
    assert all(t.scope == "clause" and t.confidence < REVIEW_THRESHOLD for t in targets)


def test_a_reference_cell_that_names_the_subject_counts() -> None:
    """A 条款 cell holding no number or heading, only the subject's words."""
    block = Block("table_row", "建议提高标准。", "t", ref="关于入职补贴")
    assert resolve(block, DRAFT)[0].clause == 5


def test_the_lead_in_above_the_items_is_not_their_subject() -> None:
    """GIVEN a reply whose lead-in happens to use clause 5's words (人才队伍)
    WHEN its items are mapped
    THEN each item is mapped by its own words, not the lead-in's."""
    from parsers.comments.segment import text_blocks

    lines = ["我会组织人才队伍进行了认真讨论，提出以下意见：", "1. 日间照料站的助餐建议延伸到农村，方便老人就近吃饭。"]
    (block,) = text_blocks(lines, "正文", "body")
    assert block.context and resolve(block, DRAFT)[0].clause == 2


def test_the_subject_named_after_guanyu_decides_over_the_proposals_own_words() -> None:
    """"关于职工疗休养，建议……每年安排一定比例的一线职工参加疗休养": the campaign draft's clause 10 speaks
    of 疗休养, clause 14 of 一定比例 and 参加; the subject the writer names first places it."""
    from pathlib import Path

    from parsers.placing.draft import parse_draft

    draft = parse_draft((Path(__file__).resolve().parent.parent / "fixtures" / "campaign" / "draft.docx").read_bytes())
    (target,) = subject_targets("关于职工疗休养，建议在文中写明每年安排一定比例的一线职工参加疗休养。", draft)
    assert target.clause == 10 and target.confidence < REVIEW_THRESHOLD


def test_the_sentences_subject_before_what_it_should_do_decides() -> None:
    """"职工书屋要向基层班组延伸，配备电子阅读设备": clause 10 speaks of 职工书屋, clause 18 keeps saying
    配备; the thing the sentence says should do something places it."""
    from pathlib import Path

    from parsers.placing.draft import parse_draft

    draft = parse_draft((Path(__file__).resolve().parent.parent / "fixtures" / "campaign" / "draft.docx").read_bytes())
    (target,) = subject_targets("职工书屋要向基层班组延伸，配备电子阅读设备。", draft)
    assert target.clause == 10 and target.confidence < REVIEW_THRESHOLD


def test_a_long_term_only_one_clause_holds_outweighs_a_runner_up_of_common_words() -> None:
    """GIVEN a comment on 职工教育经费 (clause 6 alone holds those six characters) that also says
    企业工会 and 确保 (clause 12's words, found elsewhere too)
    WHEN it is placed by its words
    THEN it is clause 6, for review, and the evidence names the long term."""
    draft = parse_draft((Path(__file__).resolve().parent.parent / "fixtures" / "campaign" / "draft.docx").read_bytes())
    (target,) = subject_targets("职工教育经费建议由企业工会参与管理，确保大部分真正用在一线。", draft)
    assert (target.clause, target.section) == (6, 2)
    assert target.confidence < REVIEW_THRESHOLD and "“职工教育经费”" in target.evidence


def test_a_topic_sentence_ending_in_a_full_stop_names_the_subject() -> None:
    """"关于职工书屋。建议……": the topic stands as a sentence of its own."""
    draft = parse_draft((Path(__file__).resolve().parent.parent / "fixtures" / "campaign" / "draft.docx").read_bytes())
    (target,) = subject_targets("关于职工书屋。建议向倒班职工延长开放时间，并增加专业图书。", draft)
    assert target.clause == 10 and target.confidence < REVIEW_THRESHOLD


def test_a_topic_heading_over_an_item_places_it_by_the_topic() -> None:
    """Items grouped under "关于劳模工作" / "关于技能人才" with no number: the topic names the clause
    (4, 5), before the item's own words (一线职工 is clause 6's too); for review."""
    from parsers.records import Block

    draft = parse_draft((Path(__file__).resolve().parent.parent / "fixtures" / "campaign" / "draft.docx").read_bytes())
    (skills,) = resolve(Block("paragraph", "供电企业一线技能岗位多，建议对取得高级技师资格的一线职工按月发放技能津贴。", "x",
                              context="关于技能人才"), draft)
    assert skills.clause == 5 and skills.confidence < REVIEW_THRESHOLD
    assert resolve(Block("paragraph", "建议对省部级以上劳模实行年度健康体检。", "x", context="关于劳模工作"), draft)[0].clause == 4


@pytest.mark.parametrize(("text", "clause"), [
    ("外出务工人员维权方面，建议与劳务输出机构建立联系机制。", 14),  # the area it is in, without 关于
    ("职工书屋建设建议向乡村学校延伸，配备适合教职工阅读的图书。", 10),  # the subject before 建议
    ("二是建议把职工疗休养纳入企业年度福利计划，每年安排一线职工轮流疗养。", 10),  # what is to be put somewhere
    ("困难劳模帮扶建议设立专项资金，每年春节前集中走访慰问。", 4),  # 困难劳模 (4's alone) over 困难, 帮扶 (13's)
])
def test_the_subject_named_first_places_a_comment_naming_no_clause(text: str, clause: int) -> None:
    draft = parse_draft((Path(__file__).resolve().parent.parent / "fixtures" / "campaign" / "draft.docx").read_bytes())
    (target,) = subject_targets(text, draft)
    assert target.clause == clause and target.confidence < REVIEW_THRESHOLD


def test_a_heading_shortened_at_the_comments_start_is_its_place() -> None:
    """"三是总体要求中建议增加……": the last words of clause 2's heading (加强和创新工会工作的总体要求)."""
    draft = parse_draft((Path(__file__).resolve().parent.parent / "fixtures" / "campaign" / "draft.docx").read_bytes())
    (target,) = resolve(Block("paragraph", "三是总体要求中建议增加“推动工会工作改革创新”的表述。", "x"), draft)
    assert target.clause == 2 and target.confidence < REVIEW_THRESHOLD


@pytest.mark.parametrize(("text", "clause"), [
    ("在劳动竞赛中增加导游、景区服务技能大赛，打造特色竞赛品牌。", 3),  # the place the proposal goes in
    ("消防支队工会：职工疗休养建议向高风险岗位倾斜。", 10),  # who said it, before the subject
])
def test_the_place_or_the_speaker_before_the_subject_does_not_hide_it(text: str, clause: int) -> None:
    draft = parse_draft((Path(__file__).resolve().parent.parent / "fixtures" / "campaign" / "draft.docx").read_bytes())
    (target,) = subject_targets(text, draft)
    assert target.clause == clause


def test_the_items_own_number_before_a_topic_does_not_hide_it() -> None:
    """"二是关于职工疗休养，建议每年安排环卫一线职工……": 疗休养 (clause 10), not 一线职工 (4 and 6 alike)."""
    draft = parse_draft((Path(__file__).resolve().parent.parent / "fixtures" / "campaign" / "draft.docx").read_bytes())
    (target,) = subject_targets("二是关于职工疗休养，建议每年安排环卫一线职工分批参加疗休养。", draft)
    assert target.clause == 10
    (target,) = subject_targets("建议水利工程建设项目一并纳入安康杯竞赛。", draft)  # 安康杯, 8's alone, over 工程 and 竞赛
    assert target.clause == 8


def test_an_abbreviation_is_read_as_the_term_the_draft_writes_out() -> None:
    """职代会 for 职工（代表）大会: its characters in order in one stretch the draft uses again;
    州总工会 and 中小企业 are no abbreviations (their neighbours stand side by side in the draft)."""
    from parsers.placing.subjects import comment_words, expand_abbreviations, subject_index
    draft = parse_draft((Path(__file__).resolve().parent.parent / "fixtures" / "campaign" / "draft.docx").read_bytes())
    index = subject_index(draft)
    assert expand_abbreviations("企业改制方案须经职代会审议", index) == "企业改制方案须经职工代表大会审议"
    assert expand_abbreviations("由州总工会每两年表彰", index) == "由州总工会每两年表彰"
    assert expand_abbreviations(comment_words("我市中小企业多"), index) == comment_words("我市中小企业多")
    (target,) = subject_targets("建议推行区域性职代会，覆盖小微企业。", draft)
    assert target.clause == 9 and target.confidence < REVIEW_THRESHOLD and "“职代会”即“职工代表大会”" in target.evidence


def test_a_numbered_opinions_label_does_not_hide_the_area_named_first() -> None:
    draft = parse_draft((Path(__file__).resolve().parent.parent / "fixtures" / "campaign" / "draft.docx").read_bytes())
    (target,) = subject_targets("意见三：疗休养方面，建议明确一线医护人员每年可轮流参加。", draft)
    assert target.clause == 10 and target.confidence < REVIEW_THRESHOLD


def test_a_three_character_term_one_clause_alone_holds_places_the_comment() -> None:
    """"敬老月" is clause 7's alone; a comment ending on it names that subject (bench/subjects.py:
    11 more decided, 11 right); below review, the evidence saying which word."""
    (target,) = subject_targets("农村社区也要多搞几次敬老月", DRAFT)
    assert (target.clause, "“敬老月”" in target.evidence) == (7, True)
    assert target.confidence < REVIEW_THRESHOLD


def test_a_term_the_draft_sets_apart_in_quotation_marks_names_its_clause() -> None:
    """“小三级” is clause 12's alone and the draft quotes it as a word: "小三级工会组织建设，建议……"
    names that clause though the comment runs it into the next words."""
    draft = parse_draft((Path(__file__).resolve().parent.parent / "fixtures" / "campaign" / "draft.docx").read_bytes())
    (target,) = subject_targets("小三级工会组织建设，建议向村级合作社延伸。", draft)
    assert (target.clause, target.confidence < REVIEW_THRESHOLD) == (12, True)


def test_a_runner_up_sharing_only_pieces_of_the_best_term_does_not_contest_it() -> None:
    """"劳动法律监督检查联动" is clause 11's; clause 8 shares only "法律监督" inside it and the
    fragment "在劳动": the comment is 11's, for review."""
    draft = parse_draft((Path(__file__).resolve().parent.parent / "fixtures" / "campaign" / "draft.docx").read_bytes())
    (target,) = subject_targets("建议在劳动法律监督检查联动中把驾驶员营运时长作为检查内容。", draft)
    assert (target.clause, target.confidence < REVIEW_THRESHOLD) == (11, True)



def test_a_number_one_clause_alone_holds_names_it_against_common_words() -> None:
    """"12351热线……": the hotline's number is clause 13's alone; BM25 counts it as one token, so a
    runner-up sharing only common words (有人, 在工作) comes close in score, not in evidence."""
    draft = parse_draft((Path(__file__).resolve().parent.parent / "fixtures" / "campaign" / "draft.docx").read_bytes())
    (target,) = subject_targets("12351热线目前只在工作日上班时间有人接听，建议写明由律师轮值。", draft)
    assert (target.clause, target.confidence < REVIEW_THRESHOLD) == (13, True)


from tests.parsers.test_mapping import CAMPAIGN_DRAFT  # noqa: E402


def test_a_word_with_a_bracketed_middle_is_one_word() -> None:
    """The draft's 职工（代表）大会 is the comment's 职工代表大会 (and 职代会 written out)."""
    (target,) = subject_targets("建议每年至少召开一次职工代表大会", CAMPAIGN_DRAFT)
    assert target.clause == 9 and "“职工代表大会”" in target.evidence
    (short,) = subject_targets("职代会的提案落实情况应向职工公开", CAMPAIGN_DRAFT)
    assert short.clause == 9 and "“职代会”即“职工代表大会”" in short.evidence


def test_a_runner_up_holding_only_pieces_of_the_best_term_does_not_contest_it() -> None:
    """劳动竞赛 is clause 3's; clause 8 has only 竞赛 (and 安全): it matched a piece of the term."""
    (target,) = subject_targets("造纸车间高温高湿，建议劳动竞赛增设节能降耗和安全无事故项目。", CAMPAIGN_DRAFT)
    assert target.clause == 3 and target.needs_review


def test_a_term_one_clause_alone_holds_beats_two_characters_read_out_of_a_longer_word() -> None:
    """职工书屋 is clause 10's alone; clause 5 shares only 流动, a piece of 流动书箱."""
    (target,) = subject_targets("职工书屋为山场工队配送流动书箱", CAMPAIGN_DRAFT)
    assert target.clause == 10 and target.needs_review


def test_who_raised_it_is_no_subject() -> None:
    """A 理由 cell "东盛涌镇工会提出": 提出 is clause 18's word too, but says who, not what."""
    (target,) = subject_targets("建议职工书屋配备朝汉双语图书和期刊。。东盛涌镇工会提出", CAMPAIGN_DRAFT)
    assert target.clause == 10
