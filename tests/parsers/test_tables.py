"""parsers.comments.tables: find a comment table's header row and read its rows as Blocks."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.comments.tables import Header, find_header, read_table, row_ref, table_blocks


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (["序号", "条款", "原文", "修改意见", "理由"], Header(0, proposal=3, ref=1, section=None, reason=4, quote=2)),
        (["序号", "章节", "条目", "修改建议", "说明"], Header(0, proposal=3, ref=2, section=1, reason=4, quote=None)),
        (["条目", "原文表述", "意见建议", "备注"], Header(0, proposal=2, ref=0, section=None, reason=3, quote=1)),
        (["位置", "修改意见", "说明"], Header(0, proposal=1, ref=0, section=None, reason=2, quote=None)),
        (["序 号", "条 款", "修 改 意 见"], Header(0, proposal=2, ref=1, section=None, reason=None, quote=None)),
    ],
)
def test_find_header_recognises_the_usual_wordings(header: list[str], expected: Header) -> None:
    assert find_header([header, ["1", "第3条", "甲", "乙", "丙"]]) == expected


def test_standard_table_row_gives_ref_quote_proposal_and_reason() -> None:
    rows = [
        ["序号", "条款", "原文", "修改意见", "理由"],
        ["1", "第3条", "每年组织一次体检", "建议改为“每年至少组织一次体检”", "表述更周全"],
    ]
    [block] = table_blocks(rows, "表格1", "table_row")
    assert block.kind == "table_row"
    assert block.text == "建议改为“每年至少组织一次体检”"
    assert (block.ref, block.quote, block.reason) == ("第3条", "每年组织一次体检", "表述更周全")
    assert block.origin == "表格1第2行"


def test_section_and_item_columns_make_a_relative_ref() -> None:
    rows = [
        ["序号", "章节", "条目", "修改建议", "说明"],
        ["1", "二", "3", "建议增加社区食堂的内容", "老人就餐难"],
        ["2", "三", "", "建议本部分整体压缩篇幅", ""],
        ["3", "第四部分", "第2条", "建议删除“原则上”", ""],
    ]
    blocks = table_blocks(rows, "表格2", "table_row")
    assert [b.ref for b in blocks] == ["第二部分第3条", "第三部分", "第四部分第2条"]
    assert blocks[0].reason == "老人就餐难"


def test_item_quote_proposal_remark_table() -> None:
    rows = [["条目", "原文表述", "意见建议", "备注"], ["第七条", "定期开展巡查", "建议明确为每月巡查一次", "无"]]
    [block] = table_blocks(rows, "工作表“意见”", "sheet_row")
    assert (block.kind, block.ref, block.quote, block.text, block.reason) == (
        "sheet_row", "第七条", "定期开展巡查", "建议明确为每月巡查一次", "无",
    )


def test_position_proposal_note_table() -> None:
    rows = [["位置", "修改意见", "说明"], ["第十二条第二款", "建议补充夜间值守要求", "安全需要"]]
    [block] = table_blocks(rows, "表格1", "table_row")
    assert (block.ref, block.text, block.reason, block.quote) == ("第十二条第二款", "建议补充夜间值守要求", "安全需要", "")


def test_header_below_title_rows() -> None:
    rows = [
        ["河东街道办事处对《社区志愿服务管理办法》的修改意见", "", "", ""],
        ["填报单位：河东街道", "", "联系人：赵六", ""],
        ["序号", "条款", "修改意见", "理由"],
        ["1", "4", "建议将年龄下限调整为十四周岁", "与中学生社会实践衔接"],
    ]
    header = find_header(rows)
    assert header is not None and header.row == 2
    [block] = table_blocks(rows, "表格1", "table_row")
    assert (block.ref, block.origin) == ("4", "表格1第4行")


def test_merged_title_row_repeating_a_short_title_is_not_the_header() -> None:
    rows = [["修改意见表"] * 3, ["条款", "修改意见", "理由"], ["第1条", "建议甲", ""]]
    header = find_header(rows)
    assert header is not None and header.row == 1


def test_rows_with_empty_proposal_and_repeated_header_are_skipped() -> None:
    rows = [
        ["序号", "条款", "修改意见", "理由"],
        ["1", "第2条", "建议甲", ""],
        ["2", "第3条", "", "只写了理由"],
        ["", "", "  ", ""],
        ["序号", "条款", "修改意见", "理由"],
        ["3", "第5条", "建议乙", ""],
    ]
    blocks = table_blocks(rows, "表格1", "table_row")
    assert [(b.text, b.origin) for b in blocks] == [("建议甲", "表格1第2行"), ("建议乙", "表格1第6行")]


def test_short_rows_do_not_break_reading() -> None:
    rows = [["条款", "原文", "修改意见", "理由"], ["第1条"], ["第2条", "原句", "建议丙"]]
    [block] = table_blocks(rows, "表格1", "table_row")
    assert (block.ref, block.text, block.reason) == ("第2条", "建议丙", "")


@pytest.mark.parametrize(
    "rows",
    [
        [["日期", "值班人员"], ["2024-10-01", "张三"], ["2024-10-02", "李四"]],
        [["姓名", "单位", "电话"], ["王五", "河东街道", "12345"]],
        [["修改意见"], ["建议甲"]],  # a proposal column alone, nothing else named
        [["序号", "内容"], ["1", "开展秋季运动会"]],  # 内容 with no clause column: any list
        [],
    ],
)
def test_table_without_a_comment_header_yields_nothing(rows: list[list[str]]) -> None:
    assert find_header(rows) is None
    assert table_blocks(rows, "表格1", "table_row") == []


def test_header_is_only_searched_near_the_top() -> None:
    rows = [[f"说明文字第{n}行", ""] for n in range(12)] + [["条款", "修改意见"], ["第1条", "建议甲"]]
    assert table_blocks(rows, "表格1", "table_row") == []


cells = st.one_of(st.sampled_from(["条款", "修改意见", "理由", "原文", "章节", "二", "3", ""]), st.text(max_size=15))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(cells, max_size=6), max_size=8))
def test_any_grid_gives_blocks_with_text(rows: list[list[str]]) -> None:
    for block in table_blocks(rows, "表格1", "table_row"):
        assert block.text.strip()


@pytest.mark.parametrize(
    "row",
    [
        ["示例", "第3条", "建议甲", ""],
        ["例：", "第3条", "建议甲", ""],
        ["（示范）", "第3条", "建议甲", ""],
        ["1", "第X条", "建议甲", ""],
        ["1", "第3条", "建议将“……”修改为“……”", ""],
        ["1", "第3条", "建议甲", "此行为填写示例，报送时请删除"],
        ["填表说明：每条意见单列一行", "填表说明：每条意见单列一行", "填表说明：每条意见单列一行", ""],
    ],
)
def test_template_rows_are_set_apart(row: list[str]) -> None:
    rows = [["序号", "条款", "修改意见", "理由"], row, ["2", "第4条", "建议乙", ""]]
    reading = read_table(rows, "表格1", "table_row")
    assert [b.text for _, b in reading.comments] == ["建议乙"]
    assert [(i, b.kind) for i, b in reading.examples] == [(1, "template_example")]
    assert table_blocks(rows, "表格1", "table_row") == [b for _, b in reading.comments]


@pytest.mark.parametrize(
    "row",
    [
        ["1", "第3条", "例如第3条，建议增加夜间值守", ""],
        ["1", "第3条", "建议增加填写示例", ""],  # about the draft's own forms
        ["1", "示范区建设", "建议扩大范围", ""],
        ["1", "第3条", "此处句号应为逗号", "仅供参考"],
        ["1", "第3条", "错别字：“工做”应为“工作”", "请酌"],
    ],
)
def test_unit_rows_that_only_look_like_templates_are_comments(row: list[str]) -> None:
    rows = [["序号", "条款", "修改意见", "理由"], row]
    assert [b.text for b in table_blocks(rows, "表格1", "table_row")] == [row[2]]


def test_contact_lines_under_a_table_are_still_no_rows() -> None:
    rows = [["序号", "条款", "修改意见", "理由"], ["1", "第3条", "建议甲", ""], ["联系人：张三", "", "电话：0433-1234567", ""]]
    assert [b.text for b in table_blocks(rows, "表格1", "table_row")] == ["建议甲"]


def test_a_reason_about_the_drafts_own_examples_is_no_marker() -> None:
    rows = [["序号", "条款", "修改意见", "理由"], ["1", "第3条", "建议附表格", "现稿缺少填写示例"], ["2", "第4条", "建议乙", "填写示例"]]
    assert [b.text for b in table_blocks(rows, "表格1", "table_row")] == ["建议附表格"]


def test_a_header_of_two_rows_is_read_as_one() -> None:
    """位置 merged over 部分 | 条 (the merged cells' text fills each column, as the readers give it)."""
    rows = [
        ["征求意见反馈表（州卫生工会）", "", "", "", ""],
        ["序号", "位置", "位置", "修改意见", "说明"],
        ["序号", "部分", "条", "修改意见", "说明"],
        ["1", "三", "3", "建议增加对绩效分配方案的审议", "该部分第3条"],
        ["2", "五", "", "本部分建议增加对产业工会领导体制的表述", ""],
    ]
    header = find_header(rows)
    assert header is not None and (header.row, header.section, header.ref, header.proposal) == (2, 1, 2, 3)
    refs = [b.ref for b in table_blocks(rows, "表", "table_row")]
    assert refs == ["第三部分第3条", "第五部分"]


def test_a_first_data_row_is_not_taken_for_a_second_header_row() -> None:
    rows = [["条款", "修改意见"], ["第3条", "建议删除"], ["部分", "全文统一用语"]]
    assert find_header(rows).row == 0  # type: ignore[union-attr]  # a header is found


def test_a_form_that_places_comments_by_page_and_line_is_a_comment_table() -> None:
    rows = [["页码", "行数", "意见"], ["第1页", "第12行", "“专项资金”建议改为“专项补助资金”。"]]
    assert [b.text for b in table_blocks(rows, "表", "table_row")] == ["“专项资金”建议改为“专项补助资金”。"]


def test_two_columns_without_a_header_the_drafts_words_and_the_proposals() -> None:
    rows = [["第三条 各级财政每年安排专项资金。", "建议修改为：各级财政每年安排专项补助资金。"],
            ["第五条 建立护理员等级认定制度。", "建议增加：落实持证上岗。"]]
    blocks = table_blocks(rows, "表", "table_row")
    assert [(b.ref[:3], b.text[:5]) for b in blocks] == [("第三条", "建议修改为"), ("第五条", "建议增加：")]
    assert table_blocks([["单位名称", "延吉市总工会"], ["联系人", "金明哲"]], "表", "table_row") == []


def test_a_rows_last_characters_cut_by_a_page_break_join_it() -> None:
    rows = [["条款", "修改意见"], ["第3条", "建议把文体经费纳入年度预算并单独列"], ["", "支。"], ["第5条", "建议落实补贴。"]]
    assert [b.text for b in table_blocks(rows, "表", "table_row")] == ["建议把文体经费纳入年度预算并单独列支。", "建议落实补贴。"]


def test_a_form_of_labels_and_values_one_block_a_comment() -> None:
    rows = [["条款", "第3条"], ["修改意见", "建议写明补贴标准。"], ["理由", "各地差别大"],
            ["条款", "第5条"], ["修改意见", "建议落实持证上岗。"]]
    assert [(b.ref, b.text, b.reason) for b in table_blocks(rows, "表", "table_row")] == [
        ("第3条", "建议写明补贴标准。", "各地差别大"), ("第5条", "建议落实持证上岗。", "")]
    listed = [["单位名称", "州交通工会"], ["修改意见", "1.第3条：建议开展技能竞赛。\n2.第5条：建议落实补贴。"], ["备注", ""]]
    assert [b.text[:7] for b in table_blocks(listed, "表", "table_row")] == ["第3条：建议开", "第5条：建议落"]


def test_a_headers_own_note_and_an_original_that_names_its_clause() -> None:
    rows = [["原文", "具体意见和建议（请逐条填写）"], ["第八条“广泛开展‘安康杯’竞赛活动”", "增加危化企业巡查。"]]
    blocks = table_blocks(rows, "表", "table_row")
    assert [(b.ref, b.text) for b in blocks] == [("第八条", "增加危化企业巡查。")]


def test_a_sections_cell_listing_each_clauses_comment_gives_one_comment_each() -> None:
    """GIVEN a row per section whose cell lists 第8条：……；第9条：…… (and a row saying 无)
    WHEN read and mapped THEN one comment per item, each in its clause; the 无 row is none."""
    from pathlib import Path

    from parsers.placing.draft import parse_draft
    from parsers.placing.mapping import resolve

    draft = parse_draft((Path(__file__).resolve().parent.parent / "fixtures" / "campaign" / "draft.docx").read_bytes())
    rows = [["部分", "修改意见和建议"],
            ["三、建立稳定协调的劳动关系", "第8条：建议明确集体协商的建制率目标；\n第9条：建议将院务公开、校务公开一并写入。"],
            ["四、提升工会工作能力", "无"],
            ["五、加强和创新工会工作的组织领导", "本部分：建议增加争取党委支持的表述；第12条：建议补充乡镇工会经费。"]]
    blocks = table_blocks(rows, "表格1", "table_row")
    places = [(t.scope, t.clause, t.section) for b in blocks for t in resolve(b, draft)]
    assert places == [("clause", 8, 3), ("clause", 9, 3), ("section", None, 5), ("section", None, 5)]


def test_a_section_column_and_an_item_column_in_brackets_make_the_drafts_clause() -> None:
    from pathlib import Path

    from parsers.placing.draft import parse_draft
    from parsers.placing.mapping import resolve

    draft = parse_draft((Path(__file__).resolve().parent.parent / "fixtures" / "campaign" / "draft.docx").read_bytes())
    rows = [["部分", "条", "意见"], ["三、建立稳定协调的劳动关系", "（五）", "建议增加对欠薪企业列入失信名单的内容"]]
    [block] = table_blocks(rows, "表格1", "table_row")
    assert resolve(block, draft)[0].clause == 11


def test_a_form_whose_every_proposal_says_none_says_no_comment() -> None:
    from parsers.comments.tables import says_none

    assert says_none([["序号", "条款", "修改意见", "理由"], ["1", "/", "无", "/"]])
    assert not says_none([["序号", "条款", "修改意见", "理由"], ["1", "第3条", "建议增加", ""], ["2", "/", "无", "/"]])
    assert not says_none([["序号", "条款", "修改意见", "理由"]])


def test_a_unit_and_date_line_caught_in_a_table_without_rules_is_no_row() -> None:
    rows = [["序号", "条目", "意见建议"], ["1", "第3条", "建议增加职工文化站免费开放的要求。"], ["", "", "龙井市总工会 二〇一四年九月十八日"]]
    assert [b.text for b in table_blocks(rows, "表格1", "table_row")] == ["建议增加职工文化站免费开放的要求。"]


def test_a_section_cell_with_some_words_of_its_heading() -> None:
    from pathlib import Path

    from parsers.placing.clauses import section_cell_target
    from parsers.placing.draft import parse_draft

    draft = parse_draft((Path(__file__).resolve().parent.parent / "fixtures" / "campaign" / "draft.docx").read_bytes())
    target = section_cell_target("五、组织领导", draft)
    assert target is not None and target.section == 5
    assert section_cell_target("五、劳动关系", draft) is None  # words of another section's heading


def test_a_row_of_two_clauses_numbering_one_comment_each_gives_each_its_clause() -> None:
    from pathlib import Path

    from parsers.placing.draft import parse_draft
    from parsers.placing.mapping import resolve

    draft = parse_draft((Path(__file__).resolve().parent.parent / "fixtures" / "campaign" / "draft.docx").read_bytes())
    rows = [["条款", "修改意见"], ["第6条\n第10条", "1.第6条：建议删去重复的内容；\n2.第10条：建议每年举办一次职工文化艺术节。"],
            ["汇总人：李秀英　2014年9月16日", "汇总人：李秀英　2014年9月16日"]]
    blocks = table_blocks(rows, "表格1", "sheet_row")
    assert [resolve(b, draft)[0].clause for b in blocks] == [6, 10]


def test_a_header_in_chinese_and_english_and_a_部位_column() -> None:
    header = find_header([["No.", "条款 Clause", "修改建议 Suggestion"], ["1", "第5条", "建议增加"]])
    assert header is not None and (header.ref, header.proposal) == (1, 2)
    header = find_header([["序号", "部位", "原文", "修改意见", "理由"]])
    assert header is not None and header.ref == 1


def test_article_numbers_written_in_english() -> None:
    from pathlib import Path

    from parsers.placing.clauses import number_targets
    from parsers.placing.draft import parse_draft

    draft = parse_draft((Path(__file__).resolve().parent.parent / "fixtures" / "campaign" / "draft.docx").read_bytes())
    assert [t.clause for t in number_targets("Art. 3", draft, cell=True)] == [3]
    assert [t.clause for t in number_targets("Article 12", draft, cell=True)] == [12]


def test_a_form_laid_across_is_read_a_column_a_comment() -> None:
    """条款 / 修改意见 / 理由 down the first column, one comment in each column after it."""
    rows = [
        ["某县总工会意见（横排）", "某县总工会意见（横排）", "某县总工会意见（横排）"],
        ["条款", "第5条", "全文"],
        ["修改意见", "建议把乡镇工会干部轮训写进本条。", "建议统一全文的标点用法。"],
        ["理由", "基层需要", "规范"],
        ["填报人：张敏", "", ""],
    ]
    reading = read_table(rows, "工作表“意见”", "sheet_row")
    assert reading.transposed
    assert [(b.ref, b.text, b.reason, b.origin) for _, b in reading.comments] == [
        ("第5条", "建议把乡镇工会干部轮训写进本条。", "基层需要", "工作表“意见”第2列"),
        ("全文", "建议统一全文的标点用法。", "规范", "工作表“意见”第3列"),
    ]


def test_a_table_of_labels_in_its_first_column_but_no_proposal_label_is_no_form() -> None:
    rows = [["姓名", "张三", "李四"], ["单位", "河东街道", "河西街道"], ["电话", "1", "2"]]
    assert table_blocks(rows, "表格1", "table_row") == []


def test_a_receipt_form_of_one_value_column_is_not_read_across() -> None:
    rows = [["单位名称", "某县总工会"], ["联系人", "王芳"], ["意见情况", "□有修改意见 ☑无意见"], ["备注", ""]]
    assert not read_table(rows, "表格1", "table_row").transposed


def test_a_form_of_labels_whose_proposal_says_none_is_the_units_none() -> None:
    from parsers.comments.tables import says_none

    rows = [["单位名称", "某医院工会"], ["联系人", "王芳"], ["修改意见", "无"], ["备注", ""]]
    assert table_blocks(rows, "表格1", "table_row") == [] and says_none(rows)
    rows[2][1] = "建议第3条增加医务人员的内容。"
    assert not says_none(rows) and [b.text for b in table_blocks(rows, "表格1", "table_row")] == ["建议第3条增加医务人员的内容。"]


def test_a_cells_clause_items_joined_into_one_line_by_a_scan_are_still_split() -> None:
    from parsers.comments.tables import cell_items

    joined = "第7条：建议由住建部门牵头建立协调机制。第11条：建议把人工费单独列账。"
    assert cell_items(joined) == ["第7条：建议由住建部门牵头建立协调机制。", "第11条：建议把人工费单独列账。"]
    assert cell_items("1.第6条：建议删去重复的内容；\n2.第10条：建议每年举办一次艺术节。") == [
        "1.第6条：建议删去重复的内容；", "2.第10条：建议每年举办一次艺术节。"]


def test_a_clause_cell_listing_bare_numbers_gives_each_comment_its_own_clause() -> None:
    """条款 "15、17" and a proposal "第15条建议…；第17条建议…": one comment each, on its clause."""
    from pathlib import Path

    from parsers.placing.draft import parse_draft
    from parsers.placing.mapping import resolve

    draft = parse_draft((Path(__file__).resolve().parent.parent / "fixtures" / "campaign" / "draft.docx").read_bytes())
    rows = [["序号", "条款", "修改建议"], ["1", "15、17", "第15条建议增加半年报告一次的要求；第17条建议增加分厂同步建会的内容。"]]
    assert [resolve(b, draft)[0].clause for b in table_blocks(rows, "表格1", "table_row")] == [15, 17]
    rows[1][2] = "建议两条合并。"
    assert [t.clause for t in resolve(table_blocks(rows, "表格1", "table_row")[0], draft)] == [15, 17]
    rows[1][1:] = ["第7条第11条", "第7条：建议由住建部门牵头。第11条：建议把人工费单独列账。"]  # a scan ran the lines together
    assert [resolve(b, draft)[0].clause for b in table_blocks(rows, "表格1", "table_row")] == [7, 11]


def test_a_clause_cell_saying_同上_takes_the_row_aboves_clause() -> None:
    rows = [["序号", "条款", "修改意见"], ["1", "第八条", "建议增加集体协商要约的内容。"], ["2", "同上", "建议明确协商的时限。"]]
    assert [b.ref for b in table_blocks(rows, "表格1", "table_row")] == ["第八条", "第八条"]


def test_a_clause_cell_saying_本部分_in_brackets_is_the_rows_part() -> None:
    rows = [["部分", "条款", "修改意见"], ["四、提升工会工作能力", "（本部分）", "建议标题改为“提升工会履职服务能力”。"]]
    assert [b.ref for b in table_blocks(rows, "表格1", "table_row")] == ["第四、提升工会工作能力部分"]  # the section, as row_ref writes it


def test_a_forms_own_note_left_in_the_comment_cell_is_no_comment() -> None:
    """"意见建议 | （可加行）" above a nested table of the comments: the form's note to the unit."""
    from parsers.comments.tables import labelled_blocks, table_blocks

    rows = [["单位", "延边大学工会"], ["意见建议", "（可加行）\n\n"], ["单位审核意见", "同意报送。"]]
    assert labelled_blocks(rows, "表格1", "table_row") == []
    listed = [["序号", "条款", "修改意见"], ["1", "第3条", "建议增加体育场馆开放的内容。"], ["（可增加行）", "", "（可增加行）"]]
    assert [b.text for b in table_blocks(listed, "表格2", "table_row")] == ["建议增加体育场馆开放的内容。"]


def test_a_footer_counting_the_rows_is_no_comment() -> None:
    """"合计 | 共3条意见" under the rows: the form's tally, not a comment on clause 3."""
    rows = [["序号", "条款", "修改意见"], ["1", "第3条", "建议增加体育场馆开放的内容。"], ["合计", "", "共3条意见"],
            ["总计：", "", "见上"], ["", "", "共计5项"]]
    assert [b.text for b in table_blocks(rows, "表格1", "table_row")] == ["建议增加体育场馆开放的内容。"]


def test_a_form_saying_none_with_its_signature_row_under_the_columns_is_still_none() -> None:
    """"填表人：全东旭 | | 2014年9月24日": the date falls in the 修改意见 column; the form still says 无."""
    from parsers.comments.tables import says_none

    rows = [["序号", "条款", "修改意见", "理由"], ["1", "/", "无", "/"], ["填表人：全东旭", "", "2014年9月24日"]]
    assert says_none(rows)


def test_a_parts_heading_merged_across_the_form_is_no_comment() -> None:
    """"二、保障措施" in one cell merged across the row (its text in every column once read) heads the
    rows of that part; a merged row that proposes ("总体：建议压缩篇幅") is still a comment."""
    rows = [["部分/条款", "修改意见", "备注"], ["二、保障措施", "二、保障措施", "二、保障措施"],
            ["资金保障", "建议写明补贴标准。", ""],
            ["总体：建议压缩篇幅。", "总体：建议压缩篇幅。", "总体：建议压缩篇幅。"]]
    assert [(b.ref, b.text) for b in table_blocks(rows, "表", "table_row")] == [
        ("资金保障", "建议写明补贴标准。"), ("总体：建议压缩篇幅。", "总体：建议压缩篇幅。")]


def test_a_labelled_form_whose_proposal_says_none_in_a_sentence_says_none() -> None:
    from parsers.comments.tables import says_none

    rows = [["单位", "州教育工会"], ["修改意见", "经征求各学校工会意见，无修改意见。"], ["备注", ""]]
    assert table_blocks(rows, "表", "table_row") == [] and says_none(rows)


def test_numbered_comments_a_scan_joined_in_one_box_are_one_each() -> None:
    """A form's 修改意见 box holding "1.第10条：…。2.第3条：…" whose lines the OCR joined: one comment each."""
    rows = [["反馈单位", "某工会"], ["修改意见", "1.第10条：建议提供演播厅。2.第3条：建议纳入表彰范围。3.第9条：建议推行列席制度。"]]
    assert [b.text for b in table_blocks(rows, "表", "table_row")] == [
        "第10条：建议提供演播厅。", "第3条：建议纳入表彰范围。", "第9条：建议推行列席制度。"]


def test_a_clause_typed_into_the_number_column_places_its_row() -> None:
    """The 部分 and 条目 cells left empty, "第15条" typed into 序号: that clause."""
    rows = [["序号", "部分", "条目", "修改意见", "理由"], ["第15条", "", "", "建议纳入年度目标责任考核。", ""]]
    assert [(b.ref, b.text) for b in table_blocks(rows, "表", "table_row")] == [("第15条", "建议纳入年度目标责任考核。")]


def test_a_proof_readers_table_and_a_reason_alone_in_a_cell() -> None:
    """条目 | 位置 | 问题及修改: each row a comment; a 意见 cell holding only "理由：……" (the change itself set
    out in a table inside the cell, read with that table) is no comment of its own."""
    rows = [["条目", "位置", "问题及修改"], ["第3条", "“金牌工人”后", "引号错位，应补前引号。"],
            ["第14条", "本条末尾", "“娘家人”后缺少句号，应补上。"]]
    assert [(b.ref, b.text) for b in table_blocks(rows, "表", "table_row")] == [
        ("第3条", "引号错位，应补前引号。"), ("第14条", "“娘家人”后缺少句号，应补上。")]
    rows = [["序号", "条目", "修改意见及理由"], ["1", "第16条", "理由：一年一次不能及时解决问题。"]]
    assert table_blocks(rows, "表", "table_row") == []


def test_a_clause_typed_into_another_column_and_a_heading_over_a_table_in_the_cell() -> None:
    """条款 left empty, "第6条" alone in the 原文 cell or in the 提出单位 cell: that clause; a 意见 cell
    holding only "三、关于第十三条：" (its comment in a table inside the cell) is no comment."""
    rows = [["所在部分", "条款序号", "原文", "修改意见", "提出单位"],
            ["二", "", "第6条", "建议明确学校参照执行。", ""], ["第三部分", "", "", "建议每年发布行业工资指导线。", "第8条"],
            ["", "", "", "三、关于第十三条：", ""]]
    assert [(b.ref, b.text) for b in table_blocks(rows, "表", "table_row")] == [
        ("第二部分第6条", "建议明确学校参照执行。"), ("第三部分第8条", "建议每年发布行业工资指导线。")]


def test_a_cell_kept_for_a_comment_not_written_yet_is_none() -> None:
    rows = [["条款", "修改意见"], ["第6条", "（待各医院工会反馈后汇总）"], ["第8条", "待补充"]]
    assert table_blocks(rows, "表", "table_row") == []


def test_a_dash_the_ocr_read_as_yi_in_a_row_about_its_part() -> None:
    """部分 三 | 条款 "一" (a dash, as the OCR reads it) | 原文 （本部分） | 建议本部分增加……: the part, not its first clause."""
    rows = [["部分", "条款", "原文", "修改意见"], ["三", "一", "（本部分）", "建议本部分增加女职工权益的内容。"],
            ["三", "一", "", "建议写明协商的时限。"]]
    assert [b.ref for b in table_blocks(rows, "表", "table_row")] == ["第三部分", "第三部分第一条"]


def test_a_table_without_a_header_its_columns_known_by_their_cells() -> None:
    """A ruled table carried on to a picture of its own (no header row): the column proposing in
    every row is the proposal, the one left of it naming clauses (第15条, 同上) the reference, the
    one right of it the reason. A table of other things gives nothing."""
    rows = [["3", "第8条", "建议明确津贴的发放标准。", "部分企业长期未发放"], ["4", "第15条", "建议每年专题研究一次。", "确保落实"]]
    assert [(b.ref, b.text, b.reason) for b in table_blocks(rows, "表", "table_row")] == [
        ("第8条", "建议明确津贴的发放标准。", "部分企业长期未发放"), ("第15条", "建议每年专题研究一次。", "确保落实")]
    assert table_blocks([["1", "张三", "办公室主任"], ["2", "李四", "科员"]], "表", "table_row") == []


def test_a_form_laid_across_under_a_title_merged_over_it() -> None:
    rows = [["某工会修改意见"] * 3, ["条款", "第3条", "第9条"], ["修改意见", "建议增加创新竞赛。", "建议扩展为司务公开。"],
            ["理由", "行业特点", "分公司制"]]
    assert [(b.ref, b.text, b.reason) for b in table_blocks(rows, "表", "table_row")] == [
        ("第3条", "建议增加创新竞赛。", "行业特点"), ("第9条", "建议扩展为司务公开。", "分公司制")]


def test_a_lead_in_label_alone_in_a_cell_over_a_table_inside_it_is_no_comment() -> None:
    rows = [["序号", "条款", "修改意见"], ["1", "第9条", "建议修改为："]]
    assert table_blocks(rows, "表", "table_row") == []
    inner = [["现表述", "建议表述"], ["推行厂务公开民主管理控制程序", "推行厂务公开和司务公开民主管理工作程序"]]
    assert [(b.quote, b.text) for b in table_blocks(inner, "表", "table_row")] == [
        ("推行厂务公开民主管理控制程序", "推行厂务公开和司务公开民主管理工作程序")]


@pytest.mark.parametrize("pointer", ["（详见下表）", "见附表", "（待汇总）", "详见附件。"])
def test_a_cell_only_pointing_elsewhere_or_not_yet_written_is_no_comment(pointer: str) -> None:
    """An outer layout table: "修改意见 | （详见下表）" over the comment table inside the cell."""
    rows = [["报送单位", "汪清县总工会"], ["修改意见", pointer], ["修改意见", "建议建立困难劳模专项帮扶台账。"]]
    assert [b.text for b in table_blocks(rows, "表格1", "table_row")] == ["建议建立困难劳模专项帮扶台账。"]


def test_a_同上_opening_a_table_takes_the_last_row_of_the_picture_before() -> None:
    """A table photographed page by page: the second picture's first row says 同上, the row above
    it being the last row of the first picture; a row with no clause breaks the chain."""
    from parsers.comments.tables import carried_ditto
    from parsers.records import Block

    first = [Block("table_row", "建议增加集体协商要约。", "图1表格1第2行", ref="第8条")]
    second = [Block("table_row", "建议明确协商时限。", "图2表格1第1行", ref="同上"),
              Block("table_row", "建议每年研究一次。", "图2表格1第2行", ref="第15条")]
    blocks, above = carried_ditto(first)
    assert above == "第8条"
    blocks, above = carried_ditto(second, above)
    assert [b.ref for b in blocks] == ["第8条", "第15条"] and above == "第15条"
    assert carried_ditto([Block("table_row", "建议……", "表", ref="同上")])[0][0].ref == "同上"  # nothing before: left for review


def test_a_table_of_numbers_and_comments_only_is_read() -> None:
    """序号 | 意见 and nothing else (the numbers Word's automatic numbering, so empty as text): the
    comments, placed later by their words."""
    rows = [["序号", "意见"], ["", "“违规使用劳务派遣工等问题”，建议明确派遣用工比例。"], ["", "“一般”与“不低于”语义重复，建议删去“一般”。"]]
    assert [b.text for b in table_blocks(rows, "表", "table_row")] == [
        "“违规使用劳务派遣工等问题”，建议明确派遣用工比例。", "“一般”与“不低于”语义重复，建议删去“一般”。"]


@pytest.mark.parametrize(("cell", "items"), [
    ("13条：建议元旦春节集中开展；14条：建议增加包车接送。", ["13条：建议元旦春节集中开展；", "14条：建议增加包车接送。"]),
    ("1.第6条建议增加师德师风内容。2.第10条建议增加教师疗休养。", ["1.第6条建议增加师德师风内容。", "2.第10条建议增加教师疗休养。"]),
    ("第3条和第5条建议合并。理由是两条重复。", ["第3条和第5条建议合并。理由是两条重复。"]),
])
def test_a_cell_listing_comments_on_two_clauses_is_two(cell: str, items: list[str]) -> None:
    """Numbered without a colon after the clause, or the clause a bare number (13条：), on one line."""
    from parsers.comments.tables import cell_items

    assert cell_items(cell) == items


def test_a_section_column_and_an_item_column_make_a_relative_reference() -> None:
    """部分 | 项 | 修改意见: "三、建立稳定协调的劳动关系" (merged down) and "第4项": the 4th of part 三."""
    rows = [["部分", "项", "修改意见", "备注"], ["三、建立稳定协调的劳动关系", "第2项", "建议扩大集体协商覆盖范围。", ""],
            ["三、建立稳定协调的劳动关系", "第4项", "农村职工书屋建议配送技术类图书。", ""]]
    assert [b.ref for b in table_blocks(rows, "表", "sheet_row")] == ["第三部分第2项", "第三部分第4项"]
    header = find_header([["项目", "意见一", "意见二"], ["条款", "第4条", "第16条"]])  # 项目 is no 项 column
    assert header is None or header.ref != 0


def test_a_reason_cell_holding_only_a_clause_is_the_rows_place() -> None:
    """条款 empty, "第17条" typed into 备注: where the row belongs."""
    rows = [["序号", "条款", "修改意见", "备注"], ["1", "", "建议对外包施工人员入会作出专门规定", "第17条"]]
    assert [b.ref for b in table_blocks(rows, "表", "sheet_row")] == ["第17条"]


def test_a_row_on_a_part_as_a_whole_says_总体_under_the_parts_cell() -> None:
    """部分 | 条目 | 修改建议, 部分 二 merged down, 条目 总体: that part, not the whole text."""
    rows = [["部分", "条目", "修改建议"], ["二", "总体", "本部分标题建议改为“发挥主力军作用”。"], ["二", "第6条", "建议增加青年教师内容。"]]
    assert [b.ref for b in table_blocks(rows, "表", "table_row")] == ["第二部分", "第二部分第6条"]


@pytest.mark.parametrize("item", ["本部分总体", "该部分整体意见", "本章内容", "整体", "本部分的总体意见"])
def test_an_item_cell_naming_its_whole_part_in_other_words_is_that_part(item: str) -> None:
    rows = [["章节", "条目", "修改建议"], ["四", item, "本部分应增加教职工权益保障的内容。"]]
    assert [b.ref for b in table_blocks(rows, "表", "table_row")] == ["第四部分"]


def test_a_parts_column_and_a_项目_column_make_a_relative_reference() -> None:
    rows = [["部分", "项目", "修改意见"], ["第二部分", "第4项", "建议增加定期培训。"]]
    assert [b.ref for b in table_blocks(rows, "表", "table_row")] == ["第二部分第4项"]


def test_a_proposal_typed_into_the_reason_column_is_the_rows_comment() -> None:
    rows = [["序号", "条款", "修改意见", "理由"], ["2", "第十七条", "", "建议对人参种植合作社单独建会。"]]
    assert [(b.ref, b.text, b.reason) for b in table_blocks(rows, "表", "sheet_row")] == [("第十七条", "建议对人参种植合作社单独建会。", "")]


def test_numbered_items_in_a_cell_one_naming_its_own_clause() -> None:
    """"1.建议将…写入；2.第17条也应写明…" in the row of 第14条: the first on 14, the second on 17."""
    rows = [["条款", "修改意见"], ["第14条", "1.建议将农民工实名制管理写入；2.第17条也应写明项目工会的组建要求"]]
    assert [b.ref for b in table_blocks(rows, "表", "sheet_row")] == ["第14条", "第17条"]


def test_a_forms_bracketed_instruction_and_a_lead_in_value_are_no_comments() -> None:
    from parsers.comments.tables import labelled_blocks

    assert labelled_blocks([["单位", "某工会"], ["修改意见", "经分公司工会委员会研究，意见如下："]], "表", "table_row") == []
    assert table_blocks([["条款", "修改意见"], ["", "（按页码、行数列出）"]], "表", "table_row") == []


def test_a_forms_numbered_comment_boxes_are_each_a_comment() -> None:
    """反馈单位 | …, 意见一 | …, 意见二 | …, 意见三 left with its placeholder: two comments."""
    rows = [["反馈单位", "州建设工会"], ["联系人", "单击此处输入文字。"], ["意见一", "建议写明推行工资专用账户制度。"],
            ["意见二", "第三部分第三项，建议增加“项目部可召开职工代表小组会议”。"], ["意见三", ""]]
    assert [b.text[:6] for b in table_blocks(rows, "表", "table_row")] == ["建议写明推行", "第三部分第三"]


def test_a_存在问题_column_is_the_rows_reason() -> None:
    rows = [["意见稿条目", "存在问题", "修改建议"], ["（七）", "缺少惩戒措施", "拖欠工资企业列入诚信黑名单"]]
    assert [(b.ref, b.text, b.reason) for b in table_blocks(rows, "表", "table_row")] == [("（七）", "拖欠工资企业列入诚信黑名单", "缺少惩戒措施")]


@pytest.mark.parametrize("ref", ["10", "第10条", "第三部分第10条"])
def test_circled_items_in_a_cell_one_naming_its_own_clause_each_on_its_place(ref: str) -> None:
    rows = [["条款", "原文", "修改意见"], [ref, "职工书屋", "①职工书屋建议延伸到乡镇；\n②第6条职工教育经费的规定，建议增加专项培训。"]]
    assert [(b.ref, b.quote) for b in table_blocks(rows, "表", "table_row")] == [(ref, "职工书屋"), ("第6条", "")]


def test_one_column_of_the_quotation_and_the_proposal_is_the_proposals() -> None:
    rows = [["序号", "页码/行次", "原文及修改意见"], ["1", "P3第5行", "原文“每年至少听取一次”，建议改为每半年听取一次。"]]
    assert [b.text for b in table_blocks(rows, "表", "table_row")] == ["原文“每年至少听取一次”，建议改为每半年听取一次。"]


@pytest.mark.parametrize("cell", ["①建议单列一款；②另，第十一条中“法制意识”应统一为“法治意识”。",
                                  "建议待遇与等级挂钩；另第11条的规定应加强检查。"])
def test_a_further_point_in_a_cell_opening_on_its_own_clause_is_that_clauses(cell: str) -> None:
    rows = [["条款", "修改意见"], ["第9条", cell]]
    assert [b.ref for b in table_blocks(rows, "表", "table_row")] == ["第9条", "第十一条" if "十一" in cell else "第11条"]


def test_a_lead_in_and_a_stamp_line_around_a_table_in_the_cell_are_no_comment() -> None:
    """"修改意见 | 经公司工会委员会研究，意见如下：[table]（公司工会 盖章）": the inner table holds
    the comments; the cell's own lines are its lead-in and where the stamp goes."""
    from parsers.comments.tables import labelled_blocks

    rows = [["单位", "延边烟草公司工会"], ["修改意见", "经公司工会委员会研究，意见如下：\n（公司工会 盖章）"]]
    assert labelled_blocks(rows, "表格1", "table_row") == []
    kept = [["单位", "延边烟草公司工会"], ["修改意见", "经研究，意见如下：\n职工书屋向班组延伸"]]
    assert [b.text for b in labelled_blocks(kept, "表格1", "table_row")] == ["经研究，意见如下：\n职工书屋向班组延伸"]


def test_a_proposal_naming_a_phone_app_is_no_contact_line() -> None:
    """"手机" is a contact label only as a label ("手机：139…"), not in "搭建手机客户端"."""
    rows = [["序号", "条目", "修改意见", "理由"], ["1", "第13条", "职工服务中心可依托运营商搭建手机客户端", ""],
            ["", "联系人：林宏伟", "手机：13904432211", ""]]
    assert [b.text for b in table_blocks(rows, "表格1", "table_row")] == ["职工服务中心可依托运营商搭建手机客户端"]


def test_a_row_filled_in_the_wrong_columns_is_read_as_meant() -> None:
    """The proposal typed under 条款 and "第13条" under 修改意见: the proposal on clause 13."""
    rows = [["序号", "条款", "修改意见"], ["1", "第10条", "建议为职工书屋开通数字阅读平台账号。"],
            ["2", "建议将“12351”热线与企业服务号对接", "第13条"]]
    assert [(b.ref, b.text) for b in table_blocks(rows, "表格1", "table_row")] == [
        ("第10条", "建议为职工书屋开通数字阅读平台账号。"), ("第13条", "建议将“12351”热线与企业服务号对接")]


def test_a_form_sent_back_with_its_example_row_and_无_says_none() -> None:
    from parsers.comments.tables import says_none

    rows = [["序号", "条款", "修改意见", "理由"], ["示例", "第3条", "建议将“……”修改为“……”", "……"], ["1", "无", "无", "无"]]
    assert says_none(rows)


def test_items_of_a_cell_pair_with_the_clauses_its_item_cell_lists() -> None:
    """部分 三 | 条目 9、10 | ①…；②…: the row is on both; the pairing is mapping's (test_mapping)."""
    rows = [["序号", "部分", "条目", "修改意见"], ["1", "三", "9、10", "①厂务公开应增加向退休职工公开的事项；②文体活动建议每年列出计划"],
            ["2", "第8条", "", "建议增加夜班津贴的内容"]]
    assert [b.ref for b in table_blocks(rows, "表格1", "table_row")] == ["第三部分第9、10条", "第8条"]


def test_a_swapped_row_whose_proposal_has_no_proposal_word() -> None:
    rows = [["序号", "条款", "修改意见"], ["1", "入会率按季度通报并纳入乡镇年度考核", "第12条"]]
    assert [(b.ref, b.text) for b in table_blocks(rows, "表格1", "table_row")] == [("第12条", "入会率按季度通报并纳入乡镇年度考核")]


@pytest.mark.parametrize("words", ["例：此行为填写示例，请勿修改", "（此行为示例，填写时请删除）建议……"])
def test_an_example_row_marked_only_in_its_proposal_cell_is_no_comment(words: str) -> None:
    """GIVEN a form's example row whose 条款 cell names a real clause and whose proposal cell
    says it is the example WHEN read THEN it is the form's, not a comment."""
    rows = [["条款", "修改意见", "联系人"], ["第6条", words, "某某"], ["第8条", "建议增加带电作业比赛", "马俊峰"]]
    assert [b.text for b in table_blocks(rows, "表格1", "table_row")] == ["建议增加带电作业比赛"]


def test_a_column_of_comments_naming_their_clauses_stands_for_the_clause_column() -> None:
    """GIVEN 报送单位 | 日期 | 意见 over rows whose 意见 opens with 第N条 WHEN read THEN each row is
    a comment (the form has no clause column: its comments name their clauses)."""
    rows = [["报送单位", "日期", "意见"], ["福利院工会", "2014-09-15", "第12条：建议吸纳护工入会。"],
            ["福利院工会", "2014-09-16", "第14条：建议增加异地参保接续的表述。"]]
    assert [b.text for b in table_blocks(rows, "表格1", "table_row")] == ["第12条：建议吸纳护工入会。", "第14条：建议增加异地参保接续的表述。"]


def test_a_clause_typed_without_第_in_the_原文_cell_is_the_rows_clause() -> None:
    """GIVEN 部分 四, 条目 empty and "14条" typed under 原文 WHEN read THEN the row is clause 14's."""
    rows = [["序号", "部分", "条目", "原文", "修改意见", "理由"], ["2", "四", "", "14条", "建议增加按月拨付人工费的内容", ""]]
    assert [b.ref for b in table_blocks(rows, "表格1", "table_row")] in (["14条"], ["四 14条"])


def test_a_sentence_before_a_cells_numbered_items_stays_with_the_first() -> None:
    """GIVEN a cell "夜班多。①第10条建议…；②第6条建议…" WHEN read THEN two comments, one on each
    clause, the opening sentence kept with the first."""
    from parsers.comments.tables import cell_items

    cell = "收费站实行四班三运转，夜班多。①第10条建议增加夜间文体场所；②第6条岗位练兵建议错开倒班。"
    assert cell_items(cell) == ["收费站实行四班三运转，夜班多。①第10条建议增加夜间文体场所；", "②第6条岗位练兵建议错开倒班。"]


def test_a_content_column_beside_a_clause_column_holds_the_comments() -> None:
    """条目 | 内容, a table nested in a form's 意见建议 cell: its header row is no comment."""
    rows = [["条目", "内容"], ["第3条", "建议增加运营补贴标准。"], ["—", "建议写明资金来源。"]]
    assert [b.text for b in table_blocks(rows, "表格2", "table_row")] == ["建议增加运营补贴标准。", "建议写明资金来源。"]


def test_an_item_cell_in_brackets_about_its_whole_part_is_the_part() -> None:
    """章节 五 | 条目 （本部分整体）: the part, not a clause guessed from the words."""
    header = find_header([["章节", "条目", "修改意见"]])
    assert header is not None
    assert row_ref(["五", "（本部分整体）", "本部分各条表述重复，建议合并。"], header) == "第五部分"


def test_a_row_on_two_items_of_a_part_reads_each_item_within_the_part() -> None:
    """章节 五 | 条目 第1、2条 | "第1条建议……；第2条建议……": the 1st and 2nd of part 五, as the row counts."""
    rows = [["章节", "条目", "修改建议", "说明"],
            ["五", "第1、2条", "第1条建议增加常委会每年专题听取工会工作；第2条建议写明议定事项由督查室跟踪落实。", ""],
            ["三", "第3条", "建议补充区域性职代会。", ""]]
    blocks = table_blocks(rows, "表格1", "table_row")
    assert [b.ref for b in blocks] == ["第五部分第1条", "第五部分第2条", "第三部分第3条"]
    header = find_header(rows)
    assert header is not None and row_ref(["五", "第1、2条", "x", ""], header) == "第五部分第1、2条"
