"""parsers.comments.segment: closing lines and requests to the department are not comments; proposals are."""

from __future__ import annotations

import pytest

from parsers.comments.segment import AGREEMENT_RE, SUGGEST_RE, is_choice_line, is_closing, is_comment, says_no_comment, text_blocks, ticked_choice

CLOSINGS = [
    "以上意见请一并汇总",
    "以上意见，请酌。",
    "请予采纳",
    "联系人：张三，电话：0433-1234567",
    "联系人：李建议  手机：13900000000",  # 建议 in a name
    "特此函复",
    "此致 敬礼",
    "妥否，请批示",
    "以上建议请予采纳。",
    "以上修改建议，请酌。",
    "以上是我单位的建议，请审阅。",
    "以上意见如有不妥之处，请批评指正。",
    "以上建议仅供参考。",
    "以上意见如有不妥，敬请指正，谢谢！",
    "如有其他建议，我们将另行报送。",
    "上述建议请一并汇总。",
    "恳请采纳我单位建议。",
    "望采纳本单位的修改意见，谢谢。",
    "我单位的修改建议已汇总如上，妥否，请批示。",
    "四、以上建议，请予考虑。",
    "以上两条建议请予采纳。",
    "以上几点意见妥否，请批示。",
]

PROPOSALS = [
    "建议将第三条中“一律”改为“原则上”，请予采纳。",
    "第五条建议删除，以上意见请酌。",
    "建议在第十条增加联系人及联系电话。",
    "建议第八条与第九条合并，妥否，请批示。",
    "以上第三条建议删除“一律”二字。",
    "请予考虑增加第五款。",
    "第12条“应当”建议改为“可以”，谢谢。",
    "建议删除第八条中“妥否，请批示”的表述。",
    "建议增加“此致敬礼”的格式要求。",
    "上述第七条表述不准确，建议修改为“县级以上工会”。",
    "2. 第16条建议补充“每半年至少召开一次”，以上建议仅供参考。",
    "以上两条建议合并为一条。",
    "对于第五条的上述建议，我们认为应当删除第二款。",
]


@pytest.mark.parametrize("line", CLOSINGS)
def test_closing_lines_are_not_comments(line: str) -> None:
    assert not is_comment(line)
    assert text_blocks([line], "正文", "body") == []


@pytest.mark.parametrize("line", PROPOSALS)
def test_proposals_with_closing_words_are_comments(line: str) -> None:
    assert is_comment(line)
    (block,) = text_blocks([line], "正文", "body")
    assert block.origin == "正文第1段"


@pytest.mark.parametrize("line", [c for c in CLOSINGS if SUGGEST_RE.search(c)])
def test_closings_with_proposal_words_are_closings(line: str) -> None:
    """The hard ones: 建议, 不妥 or 补充 in them, yet they propose nothing."""
    assert is_closing(line)


def test_a_whole_reply_gives_only_its_proposals() -> None:
    lines = [
        "宣教部：",
        "  我单位对征求意见稿提出以下修改建议：",
        "一、第三条“一律”一词过于绝对，建议删去。",
        "二、第十二条建议增加“县级以上”。",
        "以上建议如有不妥之处，请批评指正。",
        "妥否，请批示。",
        "联系人：王建议，电话：0433-1234567",
        "某某县总工会",
        "2014年9月12日",
    ]
    assert [b.text for b in text_blocks(lines, "正文", "body")] == [
        "第三条“一律”一词过于绝对，建议删去。",
        "第十二条建议增加“县级以上”。",
    ]


BARE_PROPOSALS = ["建议删除第三条。", "第五条“一律”改为“原则上”。", "第十二条表述不准确，应当写明主体。"]


@pytest.mark.parametrize("proposal", BARE_PROPOSALS)
@pytest.mark.parametrize("closing", CLOSINGS)
def test_a_closing_in_the_same_line_never_hides_a_proposal(proposal: str, closing: str) -> None:
    """Taking the closing phrases out never takes the proposal with them, either side of it."""
    assert not is_closing(proposal + closing)
    assert not is_closing(closing + proposal)


def test_a_section_numeral_item_marker_carries_the_clause() -> None:
    """"三、7建议…": 三 is the section, 7 the clause; the reference goes with the comment."""
    from parsers.comments.segment import section_item

    assert section_item("三、7建议把“政府主导”改为“政府负责”。") == ("三、7", "建议把“政府主导”改为“政府负责”。")
    assert section_item("四、14 建议增加农民工夜校。") == ("四、14", "建议增加农民工夜校。")
    assert section_item("二、10条建议删去。")[0] == ""  # 10条 is an ordinary reference, left to the mapper
    assert section_item("一、2014年以来建议…")[0] == ""


def test_saying_there_is_nothing_to_change_is_not_a_comment() -> None:
    from parsers.comments.segment import is_comment, says_no_comment

    for line in ("同意该稿，无其他修改建议。", "经研究，无补充意见。", "我单位没有其他修改意见"):
        assert says_no_comment(line) and not is_comment(line), line
    assert is_comment("第3条建议增加劳动竞赛的内容，其他无意见。")


def test_a_lead_in_with_a_clause_between_is_not_a_comment() -> None:
    from parsers.comments.segment import is_comment

    assert not is_comment("我会组织会员进行了讨论，提出以下建议，仅供参考：")


def test_questions_to_the_department_are_not_comments() -> None:
    from parsers.comments.segment import is_comment, says_no_comment

    assert not is_comment("2. 目前收到多少条意见建议？")
    assert not is_comment("意见建议是用Word还是PDF报送？")
    assert is_comment("建议第3条是否可以增加“劳模”的内容？")
    assert says_no_comment("我会原则同意。")


WORDING_FIXES = [
    "此处句号应为逗号",
    "此处句号应为逗号。",
    "第三条“工做”应为“工作”",
    "“的”字多余。",
    "第5条漏了一个“的”字。",
    "句末加句号",
    "“及”改“和”",
    "个别句子的顿号应为逗号，请一并校对。",
    "改“的”为“地”。",
    "侵占挪用工会资产的行为，要写明追究责任的具体办法。",
]


@pytest.mark.parametrize("line", WORDING_FIXES)
def test_a_short_wording_or_punctuation_fix_is_a_comment(line: str) -> None:
    """GIVEN a reply whose item is one short line on a word or a mark, with no 建议 in it
    WHEN the reply is cut into blocks
    THEN the line is a comment, kept whole."""
    lines = ["宣教部：", "我单位意见如下：", f"1. {line}", "某某县总工会", "2014年9月12日"]
    assert [b.text for b in text_blocks(lines, "正文", "body")] == [line]


def test_wording_words_in_a_long_paragraph_are_prose() -> None:
    """"应为" in an essay's long paragraph proposes nothing: only a short line is a wording fix."""
    essay = ("劳动是财富的源泉，也是幸福的源泉。我们认为，新时代的产业工人应是知识型、技能型、创新型的劳动者，"
             "在各自岗位上争当先锋，用辛勤劳动创造美好生活，为实现中国梦贡献力量，这正是我们开展本次征文活动的初衷。")
    assert not is_comment(essay)


def test_a_contact_line_with_a_wording_word_in_a_name_is_not_a_comment() -> None:
    assert not is_comment("联系人：王应为，电话：0433-1234567")


@pytest.mark.parametrize("line", [
    "第2条“为实现”前句号改逗号。",
    "第3、4条：劳动竞赛应包括技能竞赛；劳模评选应给一线职工留出名额。",
    "第10条职工书屋要向基层倾斜。",
    "第十条理赔材料应允许由职工本人直接报送。",
])
def test_short_lines_that_open_with_a_clause_and_say_what_it_should_do_are_comments(line: str) -> None:
    assert is_comment(line)


@pytest.mark.parametrize("line", ["现将我会意见报送你部。", "第3条。", "意见见附件。"])
def test_cover_lines_and_bare_references_are_not(line: str) -> None:
    assert not is_comment(line)


def test_items_listed_inside_one_paragraph_are_each_a_comment() -> None:
    blocks = text_blocks(["我会提两条意见，一是第2条，建议增加“助浴”；二是第5条，建议落实入职补贴标准。"], "正文", "body")
    assert [b.text[:4] for b in blocks] == ["一是第2", "二是第5"]
    assert len(text_blocks(["工会既是桥梁也是纽带，建议写明。"], "正文", "body")) == 1


@pytest.mark.parametrize("line", ["填报人：赵永军", "负责人：张三 电话：0433-1234567", "填报日期：2014年9月20日"])
def test_a_forms_signature_lines_are_not_comments(line: str) -> None:
    assert not is_comment(line)


def test_a_place_named_with_a_colon_heads_the_paragraphs_under_it() -> None:
    """"关于第2条：" then plain paragraphs: each is about clause 2 until the next heading."""
    blocks = text_blocks(["关于第2条：", "本条建议增加助浴服务。", "第一段列举的项目很多。", "建议写明由谁提供。",
                          "关于第5条：", "建议落实入职补贴。"], "附件", "paragraph")
    assert [(b.context, b.text[:4]) for b in blocks] == [("关于第2条：", "本条建议"), ("关于第2条：", "建议写明"),
                                                         ("关于第5条：", "建议落实")]


def test_an_item_opening_on_a_clause_without_a_proposal_heads_what_follows() -> None:
    blocks = text_blocks(["一、第3条讲财政投入，各地差别很大。", "建议本条写明最低比例。", "二、第5条。", "1）建议落实入职补贴。"],
                         "正文", "body")
    assert [b.context[:4] for b in blocks] == ["第3条讲", "第5条。"]


def test_a_reason_line_is_the_reason_of_the_comment_above() -> None:
    blocks = text_blocks(["第7条建议增加三方会议制度。", "理由：三方机制是基本制度。", "第9条建议删去“逐步”。"], "正文", "body")
    assert [(b.text, b.reason) for b in blocks] == [("第7条建议增加三方会议制度。", "三方机制是基本制度。"),
                                                    ("第9条建议删去“逐步”。", "")]


@pytest.mark.parametrize("text", ["没有需要修改的地方。", "我们看过了，没什么意见。", "各基层工会均未提出修改意见，特此回复。", "无需修改。"])
def test_no_comment_in_other_words(text: str) -> None:
    from parsers.comments.segment import says_no_comment

    assert says_no_comment(text)


def test_items_numbered_by_the_clauses_they_are_about() -> None:
    """(3) (12) (13): the numbers jump, so they are the draft's clauses; 1) 2) 3) is a list."""
    jumping = text_blocks(["(3) 建议增加奖励。", "(12) 建议补充新形式。", "(13) 建议改为疏导。"], "正文", "body")
    assert [b.ref for b in jumping] == ["编号3", "编号12", "编号13"]  # inferred: read as those clauses, to be checked
    listed = text_blocks(["一、关于第二部分", "(1) 建议增加奖励。", "(2) 建议补充。", "二、关于第三部分", "(1) 建议删去。"], "正文", "body")
    assert [b.ref for b in listed] == ["", "", ""]
    told = text_blocks(["按条款序号提出意见如下：", "(8) 建议每年开展一次。"], "正文", "body")
    assert [b.ref for b in told] == ["第8条"]


def test_a_rewrite_under_a_line_pasted_from_the_draft() -> None:
    blocks = text_blocks(["把需要修改的原文贴在前面：", "建立和发展职工书屋", "改：建立和发展职工书屋，到2016年全覆盖。"], "正文", "body")
    assert [(b.text, b.quote) for b in blocks] == [("改：建立和发展职工书屋，到2016年全覆盖。", "建立和发展职工书屋")]


def test_a_form_typed_as_text_on_one_line_or_three() -> None:
    one = text_blocks(["1.条目：第3条；意见：建议每年举办一次技能大赛；理由：需要固定周期。"], "正文", "body")
    assert [(b.ref, b.text, b.reason) for b in one] == [("第3条", "建议每年举办一次技能大赛", "需要固定周期。")]
    three = text_blocks(["（1）条目：第十二条", "意见：建筑工地项目部应单独建立工会组织", "理由：流动性大。"], "正文", "body")
    assert [(b.context, b.text, b.reason) for b in three] == [("第十二条", "建筑工地项目部应单独建立工会组织", "流动性大。")]


def test_a_replys_own_category_headings_are_no_comments() -> None:
    assert not is_comment("二、内容补充") and not is_comment("三、结构调整：")
    assert is_comment("二、建议补充培训内容。")


def test_points_named_by_the_drafts_numbers_are_its_clauses() -> None:
    """第15点、第16点 jump in from the draft's numbering: its clauses; 第1点、第2点 count the reply's own."""
    drafts = text_blocks(["第15点：建议把工运理论列入初任培训。", "第16点：活动经费建议列入部门预算。"], "正文", "body")
    assert [b.ref for b in drafts] == ["编号15", "编号16"]
    own = text_blocks(["第1点：建议增加培训内容。", "第2点：建议经费列入预算。"], "正文", "body")
    assert [b.ref for b in own] == ["", ""]


@pytest.mark.parametrize("line", ["（请在下表中逐条填写修改意见，行数不够可自行增加）", "注：请按条款顺序填报修改意见。",
                                  "请各单位于9月25日前填写本表并反馈意见。"])
def test_a_forms_instructions_are_not_comments(line: str) -> None:
    assert not is_comment(line)


def test_a_proposal_about_filling_in_is_still_a_comment() -> None:
    assert is_comment("第12条建议增加“困难职工档案每年填报一次”的要求。")


@pytest.mark.parametrize("text", ["没有不同看法，不提修改意见。", "挑不出需要改的地方，就按这个稿子定吧。", "我们既无需补充，也无需修改。",
                                  "同意。", "各单位均表示认同，我会不再另提修改意见。"])
def test_saying_there_is_nothing_to_change_in_other_words(text: str) -> None:
    from parsers.comments.segment import says_no_comment

    assert says_no_comment(text) and not is_comment(text)


def test_a_comment_naming_what_a_clause_lacks_is_still_a_comment() -> None:
    assert is_comment("第5条没有对修改程序作出规定，建议补充。")


def test_items_naming_other_clauses_than_their_numbers_are_a_list() -> None:
    """1．第一条… 2．4条… 3．（十一）… 4．第12条、第13条…: the numbers count the reply's items
    (item 4 names clauses 12 and 13), whatever the gaps; "2．4条" is item 2 on clause 4."""
    blocks = text_blocks(["1．第一条，建议增加一句表述。", "2．4条，建议评选表彰时给困难行业留出名额。",
                          "3．（十一），停产期间的职工生活费发放问题建议写进来。",
                          "4．第12条、第13条：第12条建议增加一句；第13条建议列为帮扶重点。"], "附件", "paragraph")
    assert [b.ref for b in blocks] == ["", "", "", ""]
    assert blocks[1].text.startswith("4条")


@pytest.mark.parametrize("line", ["注：本表不够可另附页。"])
def test_a_note_under_a_form_is_not_a_comment(line: str) -> None:
    assert not is_comment(line)


def test_nothing_to_add_or_remove_is_no_comment() -> None:
    from parsers.comments.segment import says_no_comment

    assert says_no_comment("内容完整、符合实际，没有需要增删的内容。")


def test_a_title_calling_the_sheet_意见建议_proposes_nothing() -> None:
    assert not is_comment("龙井市总工会对《意见》征求意见稿的意见建议反馈单位：龙井市总工会联系人：崔英爱电话：0433-3222145")
    assert is_comment("第5条建议增加职工文化站免费开放的要求。")


@pytest.mark.parametrize("line", ["我会的修改直接在稿子上用修订模式做了，两人改的颜色不同；删掉的一句加了批注。",
                                  "意见在附件里用修订和批注标出，其中新加了两段。"])
def test_a_cover_note_on_how_the_attachment_is_marked_is_not_a_comment(line: str) -> None:
    assert not is_comment(line)


@pytest.mark.parametrize("text", ["大家都觉得写得很到位，一个字都不用改。", "经研究，我会对文稿无增补、无删改，同意报批。"])
def test_more_ways_of_saying_nothing_to_change(text: str) -> None:
    from parsers.comments.segment import says_no_comment

    assert says_no_comment(text)


def test_a_replacement_explained_is_not_a_comment() -> None:
    assert not is_comment("前面那份是初稿误发了，请用这份定稿替换。给您添麻烦了。")


def test_a_clause_inferred_from_an_items_number_is_mapped_below_the_confident_mark() -> None:
    from pathlib import Path

    from parsers.placing.draft import parse_draft
    from parsers.placing.mapping import resolve

    draft = parse_draft((Path(__file__).resolve().parent.parent / "fixtures" / "campaign" / "draft.docx").read_bytes())
    jumping = text_blocks(["(3) 建议增加奖励。", "(12) 建议补充新形式。", "(13) 建议改为疏导。"], "正文", "body")
    targets = [resolve(b, draft)[0] for b in jumping]
    assert [t.clause for t in targets] == [3, 12, 13] and all(0.8 <= t.confidence < 0.9 for t in targets)


@pytest.mark.parametrize("line", ["第十六条 制定涉及职工的政策时听取工会意见 建议写成必须书面征求工会意见",
                                  "全文 “进一步”用得太多了 好几段都有 可以删几个",
                                  "13 心理咨询可以搞个网上预约 方便年轻职工",
                                  "劳模工作室要有挂牌标准和考核办法，不能一挂了之。【第4条】",
                                  "似可于部分开头增写一段，阐明发挥主力军作用与维护职工权益相辅相成之理。"])
def test_comments_written_without_the_usual_punctuation_or_words(line: str) -> None:
    assert is_comment(line)


@pytest.mark.parametrize("line", ["关于对征求意见稿的修改建议", "同时，文稿中若干提法尚可斟酌，兹将具体修改意见附后，谨供参酌。",
                                  "上午发去的意见中一条表述不准确，现将修改后的完整意见重新发送，请以此为准。"])
def test_titles_and_cover_lines_stay_out(line: str) -> None:
    assert not is_comment(line)


def test_bracketed_numbers_leading_paragraphs_are_markers() -> None:
    blocks = text_blocks(["【6】建议机关干部每年参加培训。", "【10】建议职工书屋晚间开放。", "【13】建议困难职工纳入帮扶。"], "正文", "body")
    assert [b.ref for b in blocks] == ["编号6", "编号10", "编号13"]


def test_a_report_of_the_situation_is_no_comment() -> None:
    """Fault found in a long paragraph naming no clause, with nothing asked: a report."""
    assert not is_comment("基本情况。近年来，我市非公企业数量增长较快，全市已建工会的企业达到1260家。但小微企业建会后工作不够规范、"
                          "职工入会后参与活动少的问题仍较突出。")
    assert is_comment("第5条的表述过于笼统，各地执行起来标准不一，基层反映较多。")
    assert not is_comment("公司工会围绕生产经营开展了技术比武、合理化建议和职工书屋建设等工作，职工参与热情很高。")


def test_bracketed_clause_items_run_together_in_one_paragraph_are_each_a_comment() -> None:
    blocks = text_blocks(["经研究，提出以下意见：【第5条】建议增加技术能手；【第十条】建议建设网上职工书屋；【第十八条】建议配备比例参照千分之二。"],
                         "正文", "body")
    assert len(blocks) == 3 and blocks[2].text.startswith("【第十八条】")


def test_a_heading_on_the_whole_text_ends_the_clause_heading_above() -> None:
    blocks = text_blocks(["关于第十五条", "建议增加述职时专项报告会员服务。", "关于全文", "建议压缩篇幅，便于基层学习。"], "附件", "paragraph")
    assert [b.context for b in blocks] == ["关于第十五条", "关于全文"]


@pytest.mark.parametrize(
    ("line", "ticked"),
    [
        ("□有修改意见（附修改意见表）    ☑无意见", "无"),
        ("☑有修改意见（见附表） □无意见", "有"),
        ("口有修改意见(附修改意见表)无意见", "无"),  # OCR: the empty box read as 口, the ticked one lost
        ("有修改意见 口无意见", "有"),
        ("√无意见  □有意见", "无"),
        ("□有意见 □没有意见", ""),  # nothing ticked: a person looks
        ("☑有修改意见 ☑无意见", ""),
    ],
)
def test_a_receipts_choice_line_says_which_box_is_ticked(line: str, ticked: str) -> None:
    assert is_choice_line(line) and ticked_choice(line) == ticked
    assert not is_comment(line)
    assert says_no_comment(f"单位名称：某县总工会\n{line}\n联系人：王芳") == (ticked == "无")


@pytest.mark.parametrize("line", ["我单位无意见", "有意见请于9月25日前报送，无意见的也请回复", "建议第3条增加“有意见可以直接反映”的渠道"])
def test_lines_that_only_mention_both_choices_are_no_choice_lines(line: str) -> None:
    assert not is_choice_line(line)


def test_a_no_across_a_space_is_no_none() -> None:
    """Chat-like lines use spaces for punctuation: "提了没人管 建议…" is a complaint, then a
    proposal; the 没 belongs to the words before the space."""
    assert is_comment("3条 合理化建议 提了没人管 建议规定多长时间内必须答复")
    assert not says_no_comment("3条 合理化建议 提了没人管 建议规定多长时间内必须答复")


def test_a_line_detailing_a_cover_note_is_no_comment_but_a_comment_after_it_is() -> None:
    lines = ["我会的修改意见已在原文中用“修订”方式标出，请审阅。", "其中第十五条是把最后一句调到前面，并补充了一句。",
             "另外，建议第三条增加职工书屋的内容。"]
    assert [b.text for b in text_blocks(lines, "正文", "body")] == ["另外，建议第三条增加职工书屋的内容。"]
    assert [b.text for b in text_blocks(["其中第十五条建议把最后一句调到前面。"], "正文", "body")] == ["其中第十五条建议把最后一句调到前面。"]


def test_a_cover_line_saying_the_photos_are_below_is_no_comment() -> None:
    line = "我公司工会对征求意见稿的修改意见共三条。前两条经委员会讨论通过，打印件拍照附在下面；第三条是今天上午补充的："
    assert not is_comment(line)
    assert [b.text for b in text_blocks([line, "三、第3条：建议开展网络建设劳动竞赛。"], "正文", "body")] == ["第3条：建议开展网络建设劳动竞赛。"]


@pytest.mark.parametrize("line", ["与会同志结合企业改制的实际情况，提出了不少好的建议。", "大家踊跃发言，提了很多宝贵建议。"])
def test_suggestions_reported_or_praised_are_no_proposal(line: str) -> None:
    assert not is_comment(line)


def test_none_with_two_things_joined_and_a_signatures_notice_are_no_comments() -> None:
    assert says_no_comment("我校工会委员会对征求意见稿进行了学习，无补充和修改意见。")
    assert not is_comment("我校工会委员会对征求意见稿进行了学习，无补充和修改意见。")
    assert not is_comment("保密声明：本邮件及其附件可能包含保密信息，仅限于发送给上面地址中列出的个人使用，请勿转发。")
    assert not is_comment("本邮件及其附件仅供收件人使用，如误收请删除并通知发件人。")


def test_a_rewrite_lead_takes_the_new_text_in_the_paragraph_below() -> None:
    lines = ["二、第十条修改为：", "10、维护和实现好职工的精神文化权益。每年举办全州职工文化艺术节。", "三、建议删除第十五条。"]
    assert [b.text for b in text_blocks(lines, "附件", "paragraph")] == [
        "第十条修改为：10、维护和实现好职工的精神文化权益。每年举办全州职工文化艺术节。", "建议删除第十五条。"]


def test_a_paragraph_drawing_the_conclusion_of_the_item_above_is_the_same_comment() -> None:
    lines = ["3．第13条“建立困难职工帮扶中心”，我市帮扶中心建在市区，建议关注偏远乡镇的职工。", "为此建议增加“在乡镇设立帮扶服务站”的内容。",
             "4．第15条建议写明考核办法。"]
    assert [b.text for b in text_blocks(lines, "附件", "paragraph")] == [
        "第13条“建立困难职工帮扶中心”，我市帮扶中心建在市区，建议关注偏远乡镇的职工。为此建议增加“在乡镇设立帮扶服务站”的内容。",
        "第15条建议写明考核办法。"]


def test_a_comment_after_a_cover_sentence_and_items_announced_by_a_lead_in_are_comments() -> None:
    line = "我会的修改意见附后，表格里是3条具体意见。另外有一条总体意见在这里补充：篇幅较长，建议压缩到八千字以内。"
    assert [b.text for b in text_blocks([line], "正文", "body")] == ["另外有一条总体意见在这里补充：篇幅较长，建议压缩到八千字以内。"]
    items = "我会提三点意见：一是在竞赛中增设安全专项赛（第8条）；二是人工费分账管理要写进去（第14条）。"
    assert [b.text for b in text_blocks([items], "正文", "body")] == ["一是在竞赛中增设安全专项赛（第8条）；", "二是人工费分账管理要写进去（第14条）。"]


def test_an_item_offering_what_could_be_done_under_a_lead_in_is_a_comment() -> None:
    """"返乡活动，可与铁路部门联合组织包车" asks in no proposal word, but says what could be done; under
    a lead-in announcing points it is one. Without the lead-in, or as a question, it is not."""
    lines = ["结合我们的情况说几点想法：", "春节返乡活动，可与铁路、客运部门联合组织包车。", "联系人：王某"]
    assert [b.text for b in text_blocks(lines, "正文", "body")] == ["春节返乡活动，可与铁路、客运部门联合组织包车。"]
    assert text_blocks(lines[1:], "正文", "body") == []
    assert text_blocks([lines[0], "春节返乡活动，可与铁路部门联合组织包车吗？"], "正文", "body") == []
    # a numbered item saying what should be, though it asks in no proposal word
    items = ["提出如下修改意见：", "三是职工书屋建设要向乡村学校倾斜，每年配送图书。", "职工书屋建设要向乡村学校倾斜，每年配送图书。",
             "我们将认真学习贯彻，并结合实际抓好落实。"]
    assert [b.text for b in text_blocks(items, "正文", "body")] == items[1:3]


def test_the_drafts_words_set_out_under_a_lead_in_are_no_comment_unless_a_proposal_follows() -> None:
    """"第十条原文：…" lines quote the draft (the notes on them are the comments); one that goes on to
    propose ("…。建议改为…") is a comment."""
    lines = ["现将意见以脚注形式标注在相关条款原文处，原文摘录如下：", "第十条原文：建立和发展职工书屋，满足职工需要。",
             "第六条原文：深入实施职工素质建设工程，满足职工成长成才需要。",
             "第十八条原文：工会主席一般由单位副职兼任。建议改为“由专职人员担任”。"]
    assert [b.text for b in text_blocks(lines, "附件", "paragraph")] == [lines[3]]


def test_a_place_label_after_the_items_own_label_heads_the_item_below() -> None:
    """A form typed in content controls: "意见一 涉及条款：第十七条", the proposal in the paragraph below."""
    lines = ["意见一 涉及条款：第十七条", "建议增加对口岸企业工会组建的支持。", "意见二 涉及条款：第十四条", "建议扩展到境外务工人员。"]
    assert [(b.text, b.context) for b in text_blocks(lines, "附件", "paragraph")] == [
        ("建议增加对口岸企业工会组建的支持。", "第十七条"), ("建议扩展到境外务工人员。", "第十四条")]


@pytest.mark.parametrize("line", ["之后部分基层分会又反映了一些想法，现再补充两点：", "经再征求部分基层工会的意见，现补充两条："])
def test_a_line_announcing_more_points_is_a_lead_in(line: str) -> None:
    assert not is_comment(line)


def test_a_clause_heading_under_a_lead_in_is_no_announced_comment() -> None:
    lines = ["我会意见如下：", "第五条　用技能人才推动创新发展", "建议增加职业院校教师的内容。"]
    assert [b.text for b in text_blocks(lines, "附件", "paragraph")] == ["建议增加职业院校教师的内容。"]


@pytest.mark.parametrize("line", ["我会对收到的意见进行了汇总梳理，形成五条修改意见，详见附表。",
                                  "讨论中，有的同志提出职工需求较高；还有的同志对考核评价提出了建议。"])
def test_a_pointer_to_the_table_and_a_report_of_the_discussion_are_no_comments(line: str) -> None:
    assert not is_comment(line)


def test_a_meeting_reported_with_its_many_concrete_suggestions_is_no_comment() -> None:
    assert not is_comment("9月15日，我们召开了座谈会，对征求意见稿进行了逐条研究，大家谈了很多好的想法，提出了不少具体建议。")


@pytest.mark.parametrize("text", ["二是如果有的单位讨论后没有意见，是否也要回复？", "没有意见也要回复吗？", "若无意见，也请告知。"])
def test_a_question_or_a_case_supposed_is_no_saying_none(text: str) -> None:
    assert not says_no_comment(text)


@pytest.mark.parametrize("text", ["交通工会无意见", "我单位意见如下：无意见。", "我单位无意见，不知是否需要盖章？"])
def test_none_said_beside_a_question_is_still_said(text: str) -> None:
    assert says_no_comment(text)


@pytest.mark.parametrize("line", ["王主席审稿时补充：", "另外：", "此外，还有："])
def test_a_label_over_the_item_below_is_no_comment(line: str) -> None:
    """"王主席审稿时补充：" then "第十七条建议……": the label says who added the item, it proposes nothing."""
    assert not is_comment(line)
    blocks = text_blocks([line, "第十七条建议在开发区组建园区工会联合会。"], "正文", "paragraph")
    assert [b.text for b in blocks] == ["第十七条建议在开发区组建园区工会联合会。"]


@pytest.mark.parametrize("line", ["修改建议PDF一份；签字盖章件拍了照片，一并附上。", "意见请写明涉及的部分和条目，并简要说明理由；没有意见的单位也请回复。",
                                  "二、意见请按条目顺序填写。"])
def test_what_is_attached_and_the_notices_own_instructions_are_no_comments(line: str) -> None:
    """A cover line counting what is attached; the notice's instructions on a scan of the notice sent back."""
    assert not is_comment(line)


def test_an_items_label_naming_its_clause_in_brackets_heads_the_proposal_below() -> None:
    """"意见二（第12条）" on a line (a text box's first line), the proposal on the next: its clause."""
    blocks = text_blocks(["意见一（第3条）", "建议增加创新成果转化的内容。", "意见二（针对第12条）", "建议按属地原则建会。"], "x", "paragraph")
    assert [(b.context, b.text) for b in blocks] == [("意见一（第3条）", "建议增加创新成果转化的内容。"),
                                                     ("意见二（针对第12条）", "建议按属地原则建会。")]


def test_a_part_named_after_guanyu_on_its_own_line_heads_the_proposal_below() -> None:
    """Word's numbering lost in a paste: "关于第十条" then "关于第三部分", each over its proposal."""
    blocks = text_blocks(["关于第十条", "建议文化宫场地免费开放。", "关于第三部分", "建议在本部分增加一条女职工保护的内容。"], "x", "paragraph")
    assert [b.context for b in blocks] == ["关于第十条", "关于第三部分"]


def test_what_the_unit_did_to_the_form_and_the_forms_rule_for_units_with_none_say_nothing() -> None:
    assert not is_comment("我们在表后加了一列“提出单位”，便于你们了解意见来源。")
    assert not says_no_comment("注：3．无修改意见的单位请在“修改意见”栏填写“无”。")


def test_a_list_of_corrections_has_its_lead_in_and_subheads_set_apart() -> None:
    """"…发现以下文字和标点问题，建议定稿时一并修改（…）：", "一、错别字、漏字", "二、标点符号": the items are the comments."""
    lines = ["我会学习了征求意见稿，内容方面没有不同意见，发现以下文字和标点问题，建议定稿时一并修改（行数按打印稿计算）：",
             "一、错别字、漏字", "1．第3条倒数第4行“创造力”应为“创造活力”。", "二、标点符号", "2．第14条末尾“娘家人”之后缺少句号。"]
    assert [b.text for b in text_blocks(lines, "x", "paragraph")] == ["第3条倒数第4行“创造力”应为“创造活力”。", "第14条末尾“娘家人”之后缺少句号。"]


def test_a_topic_on_its_own_line_heads_its_items() -> None:
    blocks = text_blocks(["关于劳模工作", "建议对省部级劳模实行年度体检。", "关于技能人才", "建议按月发放技能津贴。"], "x", "paragraph")
    assert [b.context for b in blocks] == ["关于劳模工作", "关于技能人才"]


def test_a_cover_note_counting_the_comments_and_explaining_added_columns_is_none() -> None:
    assert not is_comment("我分公司工会汇总了各部门的意见，共5条，见附件。表中“提出部门”“采纳建议”两列是我们内部汇总时加的，供参考。")


def test_a_paragraph_telling_how_the_draft_was_discussed_is_no_comment() -> None:
    assert not is_comment("讨论中，各单位对征求意见稿总体给予充分肯定，认为内容全面。同时，大家也提出了一些修改建议。")
    assert not is_comment("讨论中，大家总体表示赞同，有的同志还建议，今后制定配套文件时进一步细化措施。")
    assert is_comment("讨论中，大家认为第5条的津贴标准偏低，建议提高。")


def test_a_cover_line_saying_the_notes_are_on_the_pdf_is_no_comment() -> None:
    assert not is_comment("我会意见用 Adobe Reader 的注释工具直接标在PDF原文上了，请查看。")
    from parsers.comments.segment import AGREEMENT_RE

    assert AGREEMENT_RE.match("同意，请一并报送。") and AGREEMENT_RE.match("同意。") and not AGREEMENT_RE.match("同意，另建议增加培训。")


@pytest.mark.parametrize(("line", "comment"), [("（征求意见稿）》修改建议汇总表填报单位：延边州卫生工会（盖章）", False),
                                               ("建议表彰先进个人。", True), ("建议汇总各地经验。", True)])
def test_a_forms_title_naming_its_suggestions_proposes_nothing(line: str, comment: bool) -> None:
    assert is_comment(line) is comment


def test_a_mark_said_to_be_wrong_is_a_comment() -> None:
    assert is_comment("第3条，首席职工“活动，前一个引号方向反了。")


def test_clauses_set_out_under_a_key_to_marked_changes_are_comments() -> None:
    """"红字为增加的内容：" then "第三条：……<the draft's words, with words added>……": each a comment."""
    lines = ["我会意见直接在原文上改了，红字为增加的内容：", "第三条：……合理化建议活动，对采纳的建议给予物质奖励……",
             "第十七条：……私营企业、营业厅等网点分散的企业……", "林宏伟"]
    assert [b.text for b in text_blocks(lines, "正文", "body")] == lines[1:3]


def test_a_note_on_how_the_table_is_laid_out_is_no_comment() -> None:
    assert not is_comment("说明：左栏为征求意见稿原文，右栏为我会建议的修改稿，未修改的条目标注“不作修改”。")
    assert is_comment("说明：建议第3条增加劳动竞赛的奖励经费。")


def test_a_wish_about_a_named_clause_is_a_comment() -> None:
    assert is_comment("第十七条希望对小微企业建立联合工会作出规定。")
    assert not is_comment("希望州总工会多给予指导。")
    # the wish opening on its clause, numbered "二是": under a forwarded unit's lead-in
    assert is_comment("二是希望第十七条对小微企业建立联合工会作出规定，单独建会成本太高。")
    assert is_comment("能否在第9条中写明职工书屋的年度经费，各县市标准不一。")


def test_a_question_asking_a_named_clause_to_change_is_a_comment() -> None:
    assert is_comment("第十八条“工会主席一般由单位副职兼任”，可否单独写一句“机关工会主席由党组成员兼任”？")


def test_the_notices_own_numbered_instruction_under_its_lead_in_is_no_comment() -> None:
    lines = ["各县市总工会，州直各产业工会：", "一、请于2014年9月25日前将意见通过电子邮件反馈。",
             "二、意见请写明涉及的部分和条目，并简要说明理由；没有意见的单位也请回复。"]
    assert text_blocks(lines, "附件", "paragraph") == []


def test_a_clause_labelled_statement_is_a_comment() -> None:
    """"第三部分第5条：出租车驾驶员超时劳动纳入联动执法检查。": the clause as the label of what is
    said of it. A label over a quotation alone, or a heading, is none."""
    assert is_comment("第三部分第5条：出租车驾驶员超时劳动纳入联动执法检查。")
    assert is_comment("第12条：推进出租汽车和物流行业工会联合会建设；")
    assert not is_comment("第5条：“用技能人才推动创新发展”")
    assert not is_comment("第5条：无修改意见。")
    assert not is_comment("第五条　用技能人才推动创新发展")
    assert is_comment("第十条，广播电视台可开设职工文化专题栏目，宣传职工书屋和职工文化。")


def test_a_request_made_of_the_drafts_words_is_a_comment() -> None:
    assert is_comment("★请将“工会干部维权保障机制”具体化，明确受打击报复的工会干部可申请法律援助。")
    assert not is_comment("请将我会意见一并汇总。")


def test_comments_grouped_by_what_they_do_under_their_own_heads() -> None:
    """"建议增加的内容" / "建议删除的内容" over the items: the reply's own heads, no comments."""
    lines = ["建议增加的内容", "第五条：增加“在供电行业推行技能人才岗位津贴制度”。", "建议删除的内容",
             "第十八条“探索推行在乡镇建立总工会组织体制”一句，建议删去。"]
    assert [b.text for b in text_blocks(lines, "正文", "body")] == [lines[1], lines[3]]


def test_a_remark_said_to_be_unrelated_to_the_text_is_no_comment() -> None:
    lines = ["我会意见如下：", "1、第3条建议增加劳动竞赛奖励经费。",
             "另外提个小建议，和文件内容无关：今后征求意见能否给基层多留一周时间，时间比较紧。"]
    assert [b.text for b in text_blocks(lines, "正文", "body")] == ["第3条建议增加劳动竞赛奖励经费。"]


def test_a_form_typed_in_the_body_saying_none_is_no_comment() -> None:
    from parsers.comments.segment import says_no_comment

    lines = ["单位：延边烟草公司工会", "联系人：姜秀兰", "修改意见：无", "报送日期：2014年9月22日"]
    assert text_blocks(lines, "正文", "body") == [] and says_no_comment("\n".join(lines))


def test_a_reviewers_nod_to_a_named_colleagues_note_is_no_comment() -> None:
    from parsers.comments.segment import AGREEMENT_RE

    assert AGREEMENT_RE.match("同意李主任的意见。") and AGREEMENT_RE.match("同意王丽娜的修改")
    assert not AGREEMENT_RE.match("同意李主任的意见，另建议增加培训。")


def test_two_clauses_changed_in_one_line_under_a_part_label_are_two_items() -> None:
    from parsers.comments.segment import inline_items

    line = "第四部分：第十二条建议增加“推动互联网企业建会”；第十三条建议在开通热线的同时开通微信公众号。"
    assert inline_items(line) == ["第四部分：第十二条建议增加“推动互联网企业建会”；", "第十三条建议在开通热线的同时开通微信公众号。"]


def test_a_phone_gallerys_menu_in_a_screenshot_is_no_comment() -> None:
    assert not is_comment("分享 编辑 收藏删除") and not is_comment("分享  编辑  收藏  删除  更多")
    assert is_comment("建议删除“原则上”三字。")


@pytest.mark.parametrize(("note", "remark"), [
    ("此条由生产部工会提出", True), ("此条为校党委办公室意见，已经校工会常委会讨论。", True), ("请领导定夺。", True),
    ("情况详见上半年统计表。", True), ("经研究，建议删除此条。", False), ("建议增加疗休养内容，详见附件。", False),
    ("此处句号应为逗号", False),
])
def test_a_note_is_a_remark_only_when_every_piece_of_it_is(note: str, remark: bool) -> None:
    from parsers.comments.segment import is_remark_note

    assert is_remark_note(note) is remark


def test_an_item_opening_on_a_number_is_still_the_lists_next_item() -> None:
    """"2.12351职工法律援助热线，建议……" between 1. and 3.: item 2 (not the decimal 2.12351), so the
    list counts up and its numbers are no clause numbers."""
    lines = ["1.建议第二部分增加口岸物流职工队伍建设的内容。", "2.12351职工法律援助热线，建议提供朝鲜语服务。",
             "3.外出务工人员维权方面，建议与劳务输出机构建立联系机制。"]
    blocks = text_blocks(lines, "正文", "body")
    assert [(b.ref, b.text) for b in blocks] == [
        ("", "建议第二部分增加口岸物流职工队伍建设的内容。"), ("", "12351职工法律援助热线，建议提供朝鲜语服务。"),
        ("", "外出务工人员维权方面，建议与劳务输出机构建立联系机制。")]


def test_headings_numbered_in_a_list_of_their_own_leave_the_items_a_list() -> None:
    """Word's List Number for the headings, List Number 2 for the items (which goes on counting):
    "1. 关于第四部分 / 1. … / 2. … / 2. 关于第二部分 / 3. …": the items count 1, 2, 3, no clause numbers."""
    lines = ["1. 关于第四部分", "1. 建议将口岸企业作为非公企业建会的重点。", "2. 帮扶资金筹集渠道建议增加专项补助。",
             "2. 关于第二部分", "3. 劳动竞赛建议突出边境地区特色。"]
    blocks = text_blocks(lines, "附件", "paragraph")
    assert [b.ref for b in blocks] == ["", "", ""]


@pytest.mark.parametrize("line", [
    "龙井市总工会意见直接在原文中用红字标注了，黄色底纹处为建议增加的内容。",
    "我们的意见用红色字体标在稿子里，高亮部分为建议补充。",
])
def test_a_line_telling_how_the_returned_draft_marks_the_comments_is_none(line: str) -> None:
    assert not is_comment(line)


def test_a_place_label_with_its_value_on_the_line_below_places_the_proposal() -> None:
    """A form of content controls, one paragraph each: "意见1 涉及条款：" / "第10条" / "修改意见：" / the proposal."""
    lines = ["反馈单位：", "延边广播电视台工会", "意见1 涉及条款：", "第10条", "修改意见：",
             "建议把媒体单位的职工文化活动纳入职工文化建设规划。", "意见2 涉及条款：", "第11条", "修改意见：", "建议加强舆论监督。"]
    assert [(b.context, b.text) for b in text_blocks(lines, "附件", "paragraph")] == [
        ("第10条", "建议把媒体单位的职工文化活动纳入职工文化建设规划。"), ("第11条", "建议加强舆论监督。")]


@pytest.mark.parametrize("line", [
    "第7条：“政府主导、工会主抓” → “政府主导、工会积极参与”",  # old words, an arrow, new ones
    "全文多处“职工”的表述，能否在第一次出现时注明“含教职工”。",  # the whole text as the place, asked as a question
])
def test_an_arrow_between_quotations_or_a_question_on_the_whole_text_is_a_comment(line: str) -> None:
    assert is_comment(line)


def test_agreeing_with_a_named_colleague_is_a_nod() -> None:
    from parsers.comments.segment import AGREEMENT_RE

    assert AGREEMENT_RE.match("同意王红同志意见。") and not AGREEMENT_RE.match("同意增加此项内容，建议写明标准。")


@pytest.mark.parametrize("line", ["转发珲春港务有限公司工会的修改建议，请一并汇总。我会其余意见已电话报告。"])
def test_a_line_sending_a_sub_units_comments_on_is_none(line: str) -> None:
    assert not is_comment(line)


def test_agreeing_with_a_colleague_by_name_alone_is_a_nod() -> None:
    from parsers.comments.segment import AGREEMENT_RE

    assert AGREEMENT_RE.match("同意张丽意见。")


def test_a_footnote_saying_what_a_word_means_is_none() -> None:
    assert not is_comment("①“三育人”指教书育人、管理育人、服务育人，是高校师德建设的传统提法。")
    assert is_comment("“小三级”指的是什么，建议明确。")


@pytest.mark.parametrize("line", ["另外，野外作业补助标准，希望在维护权益那一条里写上。", "恳请把环卫工人的高温补助纳入。"])
def test_a_wish_to_see_words_put_in_is_a_comment(line: str) -> None:
    assert is_comment(line)


@pytest.mark.parametrize("line", ["希望以上意见对你们有所帮助。", "希望尽快印发。"])
def test_a_wish_that_puts_nothing_in_is_no_comment(line: str) -> None:
    assert not is_comment(line)


@pytest.mark.parametrize("line", ["“实施并建立督查制度”语序颠倒，改作“建立并实施”较妥。", "“关心关爱”语序不当。", "“职工之家”改作“职工服务阵地”。"])
def test_a_word_order_fix_is_a_comment(line: str) -> None:
    assert is_comment(line)


def test_calling_a_passage_sound_is_no_comment() -> None:
    assert not is_comment("该段落较妥，无需修改。")


def test_a_wish_for_the_text_to_reflect_a_trade_is_no_comment() -> None:
    assert not is_comment("工程项目流动性大，维权难的问题比较突出。各单位希望意见中能够更多体现建设行业的特点。")


@pytest.mark.parametrize("line", ["市总工会其他意见已无补充。", "其中第二部分第4项另有一条补充写在批注里。",
                                  "说明：修改部分在“修改为”栏中用下划线标出。"])
def test_a_forwarders_none_a_pointer_to_the_note_and_a_columns_key_are_no_comments(line: str) -> None:
    assert not is_comment(line)


def test_a_place_label_and_its_value_on_one_line_head_the_proposal_below() -> None:
    blocks = text_blocks(["意见2 涉及条目：第16条", "修改意见：建议对各单位工会经费拨缴情况实行年度公示。"], "附件", "paragraph")
    assert [(b.context, b.text) for b in blocks] == [("第16条", "建议对各单位工会经费拨缴情况实行年度公示。")]


def test_a_supplement_counting_its_items_above_them_is_a_lead_in() -> None:
    assert not is_comment("今天上午报的意见再补充两条，接着上次的序号：")


@pytest.mark.parametrize("note", ["同意李主席意见，一并上报。", "同意张丽意见。", "同意此条，请办公室汇总。"])
def test_a_note_only_agreeing_and_passing_it_on_agrees(note: str) -> None:
    assert AGREEMENT_RE.match(note)


def test_a_note_agreeing_and_adding_a_proposal_does_not_only_agree() -> None:
    assert not AGREEMENT_RE.match("同意李主席意见，并建议一年开两次。")


@pytest.mark.parametrize("line", ["一、“加强工会干部队伍建设”一条中，中小学校工会主席人选应优先从一线教师中产生。",
                                  "意见一：医护人员夜班多，心理咨询服务应覆盖医疗卫生行业职工。",
                                  "二、第8页倒数第4行“单位副职兼任”，机关工会主席宜由党组成员兼任。",
                                  "三、涉及的法规名称统一加书名号。"])
def test_a_line_opening_on_a_quoted_heading_a_page_or_a_numbered_label_and_saying_what_should_be(line: str) -> None:
    assert is_comment(line)


@pytest.mark.parametrize("line", ["意见一：我们认真学习了文件。", "“职工书屋”一条中写得很好。"])
def test_such_a_line_saying_nothing_should_change_is_no_comment(line: str) -> None:
    assert not is_comment(line)


@pytest.mark.parametrize("line", ["第一部分：重要性和总体要求两条合并为一条，避免内容空泛。", "第12条内容较多，可拆成两条。",
                                  "第9条和第10条合成一条。"])
def test_joining_or_splitting_clauses_is_a_comment(line: str) -> None:
    assert is_comment(line)


@pytest.mark.parametrize("line", ["现将延边啤酒有限公司工会的修改意见转报你部，我会无其他补充。",
                                  "州建设工会对《意见》（征求意见稿）修改建议表", "我会无其他补充。"])
def test_a_forwarding_line_a_forms_title_and_nothing_to_add_are_no_comments(line: str) -> None:
    assert not is_comment(line)


@pytest.mark.parametrize("line", ["建议第5条增加职工诉求转报有关部门的程序。", "第3条建议表述为“职工之家”。"])
def test_the_same_words_in_a_proposal_still_propose(line: str) -> None:
    assert is_comment(line)


def test_a_rewrite_saying_报上级_is_no_cover_note() -> None:
    """"修改为：…，确需调整的应报上级工会备案。": the text rewritten, not the reply sent on."""
    assert is_comment("修改为：不得随意撤销工会机构，企业工会机构确需调整的应报上级工会备案。")
    assert not is_comment("现将我会意见报上，请审阅。")


def test_a_place_and_words_said_to_disagree_is_a_comment() -> None:
    assert is_comment("第9页第1行“工会主席按同级副职配备”前后表述不一，请核实。")


@pytest.mark.parametrize("line", ["关于“加强职工队伍建设”：医院职工教育经费使用应向规培医师、护士倾斜。",
                                  "第五部分第三项中“新社会组织”宜举例说明，如社会办医疗机构、民办养老院。"])
def test_a_line_opening_on_a_quoted_heading_or_a_parts_item_saying_what_should_be(line: str) -> None:
    assert is_comment(line)


def test_another_two_points_announced_is_a_lead_in() -> None:
    from parsers.comments.segment import LEAD_IN_RE

    assert LEAD_IN_RE.search("另有两点：") and not is_comment("另有两点：")


@pytest.mark.parametrize("note", ["已与信息技术部确认，技术上可以实现。", "已与财务部核对，可行。"])
def test_a_note_saying_a_point_was_checked_is_a_remark(note: str) -> None:
    from parsers.comments.segment import is_remark_note

    assert is_remark_note(note)


@pytest.mark.parametrize("line", ["答复 崔英爱：同意。", "建设工会修改建议（odt格式，可用WPS或LibreOffice打开）"])
def test_an_agreeing_answer_and_how_to_open_the_file_are_no_comments(line: str) -> None:
    assert not is_comment(line)
    assert is_comment("建议第5条增加用手机打开服务平台的内容")


def test_a_numbered_item_on_the_drafts_own_numbers_is_no_lead_in() -> None:
    """GIVEN a list 1．… 4． whose last item asks for the draft's 条目序号 to change WHEN read THEN
    the list stays a list: its numbers name no clause (they were 第1条 … 第4条)."""
    lines = ["现将意见反馈如下：", "1．第三部分，建议本部分增加一条“建立诉求直通车制度”。",
             "2．第8条中“调解委员会”建议改为“调解委员会和调解信息员”。", "3．第11条，建议增加专项监督。",
             "4．此外，全文条目序号“1、2、3”建议改为“（一）（二）（三）”的公文格式。"]
    assert [b.ref for b in text_blocks(lines, "附件", "paragraph")] == ["", "", "", ""]


def test_a_rewrite_under_its_original_a_blank_line_apart_carries_it() -> None:
    """GIVEN an HTML body's 原文：/修改为： pairs, each paragraph a blank line apart WHEN read
    THEN each 修改为 carries the draft's words above it, without its number, label and marks."""
    lines = ["修改意见如下：", "", "1.原文：“积极推行厂务公开民主管理控制程序”", "",
             "修改为：“积极推行厂务公开民主管理控制程序，每季度公开一次”"]
    assert [b.quote for b in text_blocks(lines, "正文", "body")] == ["积极推行厂务公开民主管理控制程序"]


@pytest.mark.parametrize("note, remark", [("营销部建议", True), ("（三车间提出）", True), ("王主席的意见", True),
                                          ("营销部建议删除此句", False), ("劳动保护部建议增设", False)])
def test_a_note_naming_only_who_proposed_the_row_is_a_remark(note: str, remark: bool) -> None:
    from parsers.comments.segment import is_remark_note

    assert is_remark_note(note) is remark


def test_a_forms_labels_each_on_a_line_of_its_own_give_the_opinion_below() -> None:
    """GIVEN a form of content controls, "意见一 条款：" / "第十条" / "意见内容：" / its words, and a
    third item left empty WHEN read THEN one comment per filled item, on its clause, none from the
    empty one (nor the signature under it)."""
    lines = ["修改意见反馈单", "意见一 条款：", "第十条", "意见内容：", "疗休养院应向一线医务人员开放",
             "意见二 条款：", "第十八条", "意见内容：", "专职工作人员按职工人数千分之二配备",
             "意见三 条款：", "意见内容：", "延边医院工会"]
    blocks = text_blocks(lines, "附件", "paragraph")
    assert [(b.context, b.text[:5]) for b in blocks] == [("第十条", "疗休养院应"), ("第十八条", "专职工作人")]


def test_each_point_a_lead_in_counts_is_a_comment() -> None:
    """GIVEN "经汇总，提出三点意见：" over 一是/二是/三是, the second a statement without a proposal
    word WHEN read THEN all three are comments, the closing line is not."""
    lines = ["经汇总，提出三点意见：", "一是建议第3条明确心理疏导的内容。", "二是“安康杯”竞赛活动延伸至医疗卫生行业，把医疗安全纳入竞赛内容。",
             "三是第9条建议明确每年召开职代会不少于一次。", "以上意见妥否，请酌。"]
    assert [b.text[:2] for b in text_blocks(lines, "正文", "body")] == ["一是", "二是", "三是"]


@pytest.mark.parametrize("line", ["附件：和龙市总工会修改建议.xls", "附件1：关于征求意见稿的修改建议"])
def test_a_line_naming_the_attachment_is_no_comment(line: str) -> None:
    assert not is_comment(line)


@pytest.mark.parametrize("line", ["发去我会修改建议，请收。", "座谈会上大家还希望州总工会在文件出台后加强对基层的培训指导，及时总结推广好经验。"])
def test_a_cover_line_and_a_wish_for_after_the_paper_is_out_are_no_comments(line: str) -> None:
    assert not is_comment(line)  # 后加强 is no "后加" (add after); 发去…请收 sends the file


def test_a_request_to_consider_adding_words_to_a_named_clause_is_a_comment() -> None:
    """"第十四条请考虑加上“…”": 请考虑 is no closing courtesy when what is to be added follows."""
    assert is_comment("④第十四条请考虑加上“保障客运、物流行业驾驶员的休息权利”。")


def test_a_reply_agreeing_and_saying_it_was_checked_and_a_contact_offer_are_no_comments() -> None:
    from parsers.comments.segment import AGREEMENT_RE

    assert AGREEMENT_RE.match("回复邮政工会-李：同意，已与财务部沟通。")
    assert not is_comment("别的没有了。歌舞团下周下乡演出，如需补充请联系池英哲（13904331156）。")


def test_the_item_after_a_comment_in_its_list_saying_what_to_do_is_one_too() -> None:
    """GIVEN （一）建议… / （二）寒暑假期间组织乡村教师到疗休养基地轮休。 / （三）我会组织了两次座谈。
    WHEN read THEN （二） is a comment (the list's next item, saying what to do), （三） is not."""
    lines = ["州教育工会对征求意见稿的意见", "（一）建议学校教职工书屋与校图书馆资源共享，避免重复建设。",
             "（二）寒暑假期间组织乡村教师到疗休养基地轮休。", "（三）我会组织了两次座谈，大家意见较为一致。"]
    assert [b.text[:4] for b in text_blocks(lines, "附件", "paragraph")] == ["建议学校", "寒暑假期"]


def test_a_remark_asking_two_spellings_made_one_is_a_comment() -> None:
    assert is_comment("三、全文“非公企业”“非公有制企业”两种写法并存，请统稿时统一成后一种。")


def test_a_phone_number_in_brackets_ending_a_line_names_no_clause() -> None:
    """"如需补充请联系池英哲（13904331156）。" under "大家提了两点意见：": a contact, not "（第N条）"."""
    lines = ["大家提了两点意见：", "1. 第8条《劳动法》与《劳动合同法》之间的顿号可删去。",
             "别的没有了。歌舞团下周下乡演出，如需补充请联系池英哲（13904331156）。"]
    assert [b.text[:4] for b in text_blocks(lines, "正文", "body")] == ["第8条《"]


def test_a_wish_after_a_long_opening_of_when_is_a_comment() -> None:
    """"评选劳动模范和五一劳动奖章时希望给……留出名额": the wish follows fourteen characters saying when."""
    assert is_comment("我们行业好人好事很多，评选劳动模范和五一劳动奖章时希望给一线驾驶员留出名额。")


def test_a_cover_word_inside_what_is_to_be_written_does_not_make_a_cover_note() -> None:
    """"建议写明……未经职代会表决不得上报": 上报 is in the proposal, not said of the mail."""
    assert is_comment("改制企业问题，建议写明职工安置方案未经职代会表决不得上报。")
    assert not is_comment("现将我单位修改意见上报。")


def test_a_reply_agreeing_and_leaving_the_clause_to_the_department_is_no_comment() -> None:
    assert not is_comment("回复朴志勇：同意，此条请宣教部酌定。")


def test_a_pointer_to_the_attachment_with_how_to_read_it_is_no_comment() -> None:
    """"修改建议见附件表格（“部分”“条”两列按…填写）": the quotes name the form's columns; a
    proposal after the pointer is still one."""
    assert not is_comment("建设工会修改建议见附件表格（“部分”“条”两列按征求意见稿各部分内的条序填写）。")
    assert is_comment("修改建议见附表，另建议将“县市”统一为“县（市）”。")


def test_a_forward_covering_line_is_no_comment() -> None:
    assert not is_comment("转上公路桥梁养护中心工会的修改建议（WPS文档）。")
    assert not is_comment("转去天桥岭牧场工会的建议，县总工会没有另外的意见。")


def test_a_label_over_a_text_box_is_no_comment() -> None:
    assert not any(is_comment(t) for t in ("建议1", "建议二：", "意见3", "修改建议"))


def test_no_changes_and_a_wish_to_see_it_issued_is_no_comment() -> None:
    """"无修改意见，建议尽快印发实施": agreement, not a change."""
    assert not is_comment("对征求意见稿无修改意见，建议尽快印发实施。")
    assert says_no_comment("你部通知收悉。我委组织传达学习，对征求意见稿无修改意见，建议尽快印发实施。")


def test_a_subject_that_can_add_a_section_is_a_comment() -> None:
    assert is_comment("安康杯竞赛可以增设投递员道路交通安全专项。")


def test_items_naming_their_clauses_keep_them_under_a_lead_in_on_clause_order() -> None:
    """"意见如下（按条目顺序排列）：" over Word-numbered items 1.-4. that each open on 第N条:
    the numbers are the list's, the clauses the items' own."""
    lines = ["我会意见如下（按条目顺序排列前后有调整）：", "1. 第十三条：帮扶资金建议加上福利彩票公益金。",
             "2. 第3条中“首席职工“活动”，前面那个引号应为左引号。", "3. 第十七条：建议对新建小区物业企业提出建会时限。"]
    assert [b.ref for b in text_blocks(lines, "附件", "paragraph")] == ["", "", ""]


def test_a_caption_saying_who_added_the_proposal_is_no_comment() -> None:
    assert not is_comment("（市总工会主席审阅时补充）")
    assert is_comment("（此处顿号多余，请删去）")


def test_a_line_saying_where_in_the_file_a_comment_stands_is_no_comment() -> None:
    assert not is_comment("右侧文本框内是铁路工会补充的一条。")
    assert is_comment("右侧建议增加“职工书屋”的内容")


def test_a_forward_saying_it_adds_nothing_is_no_comment() -> None:
    """"图们日报社工会的意见转去，我会无补充。": the sub-unit's comments go on; the line says none of its own."""
    assert not is_comment("图们日报社工会的意见转去，我会无补充。")


def test_a_note_only_praising_the_words_is_no_comment() -> None:
    from parsers.comments.segment import praises_only

    assert praises_only("这里列举的项目较全。") and praises_only("此处表述很到位")
    assert not praises_only("这里列举的项目不够全面") and not praises_only("建议写得更全面")


def test_review_cases_stay_comments() -> None:
    """What the narrow rules of session 16 must not catch: a note asking for a change in few words,
    a proposal after 无修改意见, 代表 (not 表格), an item on its own number naming another clause."""
    from parsers.comments.segment import praises_only, says_only_none

    assert not praises_only("改为“职工之家”更准确。") and not praises_only("如能列举具体项目会更全面。")
    assert not says_only_none("无修改意见，建议尽快出台配套实施细则。")
    assert is_comment("建议明确职工代表是由职工民主选举提出的。")
    lines = ["我会按条款序号提出意见如下：", "7. 本条与第8条内容重复，建议合并。"]
    assert [b.ref for b in text_blocks(lines, "正文", "body")] == ["第7条"]
