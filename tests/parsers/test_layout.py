"""Boxes on a page to lines, paragraphs and table cells (parsers.printed.layout, parsers.printed.pages)."""

from __future__ import annotations

from parsers.printed.layout import Box, Grid, Line, Paragraph, cells_of, column_grid, header_cuts, lines_of, paragraphs_of
from parsers.printed.pages import HEADER_WORDS, PageContent, joined_pages

W = 30  # one character's width in these made-up pages


def box(text: str, x: float, y: float) -> Box:
    return Box(text, x, y, x + W * len(text), y + 36)


def test_wrapped_lines_join_and_a_numbered_item_starts_anew() -> None:
    lines = lines_of([box("一、第3条建议增加劳动竞赛的奖励经费保障内容，", 100, 100), box("每年评选一次。", 100, 150),
                      box("二、第5条建议删去“原则上”三字，使表述明确。", 100, 200)])
    assert [p.text for p in paragraphs_of(lines)] == [
        "一、第3条建议增加劳动竞赛的奖励经费保障内容，每年评选一次。", "二、第5条建议删去“原则上”三字，使表述明确。"]


def test_a_header_box_holding_two_cells_is_split_at_its_words() -> None:
    header = Line((box("序号条款", 100, 100), box("修改意见", 400, 100), box("理由", 1000, 100)))
    cuts = header_cuts(header, HEADER_WORDS)
    assert cuts is not None and len(cuts) == 5  # 序号 | 条款 | 修改意见 | 理由
    prose = Line((box("接到《关于征求意见的通知》后", 100, 100), box("修改意见", 700, 100), box("理由如下", 1000, 100)))
    assert header_cuts(prose, HEADER_WORDS) is None


def test_a_table_without_rules_rows_by_their_gaps_and_cells_cut_at_column_edges() -> None:
    lines = lines_of([
        box("序号", 100, 100), box("条款", 250, 100), box("修改意见", 600, 100), box("理由", 1000, 100),
        box("第8条", 250, 180), box("建议设立劳动争议调解小组，及时化解", 400, 180), box("争议多", 950, 180),
        box("1", 120, 222), box("工资纠纷。", 400, 222),
        box("第11条", 250, 320),
        # the OCR read a row's proposal and reason as one line across the narrow gap between them
        Box("建议把工资保证金制度列入检查重点。年底欠薪仍突出。", 400, 320, 400 + 17 * W + 40 + 8 * W, 356),
    ])
    grid = column_grid(lines, HEADER_WORDS)
    assert grid is not None and len(grid.rows) == 4
    cells = cells_of(grid, [b for ln in lines for b in ln.boxes]).cells
    assert cells[1][1:3] == ("第8条", "建议设立劳动争议调解小组，及时化解工资纠纷。")
    assert cells[2][2].startswith("建议把工资保证金制度列入检查重点。") and cells[2][3].startswith("年底")


def test_a_paragraph_cut_by_a_page_break_is_joined_and_page_numbers_dropped() -> None:
    def page(number: int, *texts: str) -> PageContent:
        return PageContent(number, tuple(Paragraph(t, 0, i * 50, 100, i * 50 + 40, 1.0) for i, t in enumerate(texts)), ())

    pages = joined_pages([page(1, "意见汇总", "（四）第10条建议职工书屋每年", "— 1 —"),
                          page(2, "意见汇总", "更新不少于百分之十。", "（五）第18条建议…。", "— 2 —")])
    assert [p.text for p in pages[0].above] == ["（四）第10条建议职工书屋每年更新不少于百分之十。"]
    assert [p.text for p in pages[1].above] == ["（五）第18条建议…。"]


def test_a_table_row_cut_by_a_page_break_is_made_whole_on_the_page_before() -> None:
    """The page opens under no header with a row whose number and clause cells are empty: the
    rest of the last row of the page before (each cell joined to its first part)."""
    from parsers.printed.layout import TableCells

    def page(number: int, rows: tuple[tuple[str, ...], ...]) -> PageContent:
        boxes = tuple((0.0, 0.0, 1.0, 1.0) for _ in rows)
        return PageContent(number, (), (TableCells(rows, tuple(1.0 for _ in rows), boxes),))

    pages = joined_pages([
        page(1, (("序号", "条款", "修改意见", "理由"), ("1", "第7条", "建议每季度召开一次例会，专题", "三方机制"))),
        page(2, (("", "", "研究企业欠薪问题。", "不够经常"), ("2", "第9条", "建议……。", ""))),
    ])
    assert pages[0].tables[0].cells[-1] == ("1", "第7条", "建议每季度召开一次例会，专题研究企业欠薪问题。", "三方机制不够经常")
    assert pages[1].tables[0].cells == (("2", "第9条", "建议……。", ""),)


def test_the_column_rules_of_a_table_cut_at_the_foot_of_the_page_close_its_last_row() -> None:
    from parsers.printed.ocr import _grid

    rows = [(100.0, 50.0, 950.0, 900.0), (160.0, 50.0, 950.0, 900.0), (300.0, 50.0, 950.0, 900.0)]  # no rule at the cut (y=560)
    columns = [(50.0, 100.0, 560.0, 460.0), (150.0, 100.0, 560.0, 460.0), (600.0, 100.0, 560.0, 460.0), (950.0, 100.0, 560.0, 460.0)]
    grid = _grid(rows, columns)
    assert grid is not None and grid.rows == (100.0, 160.0, 300.0, 560.0)
    columns = [(x, 40.0, 300.0, 260.0) for x, _, _, _ in columns]  # the next page: the rules start above the first rule across
    assert (g := _grid(rows, columns)) is not None and g.rows == (40.0, 100.0, 160.0, 300.0)


def test_a_grid_gives_cells_row_by_row() -> None:
    grid = Grid((0.0, 50.0, 150.0), (0.0, 200.0, 800.0))
    cells = cells_of(grid, [box("条款", 10, 5), box("修改意见", 300, 5), box("第3条", 10, 60), box("建议增加。", 300, 60)])
    assert cells.cells == (("条款", "修改意见"), ("第3条", "建议增加。"))


def _pieces(text: str, x0: float, x1: float, y: float) -> Box:
    return Box(text, x0, y, x1, y + 14)


def test_a_page_in_two_columns_reads_down_the_left_then_the_right() -> None:
    """A title across both, then lines side by side: the left column's lines, then the right's."""
    from parsers.printed.layout import columns_of
    from parsers.printed.pages import content_of_boxes

    boxes = [_pieces("州卫生工会修改意见", 208, 388, 75)]
    for row in range(6):
        y = 147 + 18 * row
        boxes.append(_pieces(f"左栏第{row + 1}行建议增加一些内容文字", 62, 282, y))
        boxes.append(_pieces(f"右栏第{row + 1}行建议增加另外内容文字", 308, 528, y))
    columns = columns_of(boxes)
    assert [len(c) for c in columns] == [1, 6, 6]
    page = content_of_boxes(boxes, (), 1, ocr=False)
    text = page.text
    assert text.index("左栏第6行") < text.index("右栏第1行")


def test_a_table_of_two_columns_is_no_page_of_two_columns() -> None:
    from parsers.printed.layout import columns_of

    boxes = [_pieces(f"第{n}条", 62, 100, 100 + 18 * n) for n in range(1, 8)]
    boxes += [_pieces("建议增加内容" * 4, 120, 528, 100 + 18 * n) for n in range(1, 8)]
    assert len(columns_of(boxes)) == 1


def test_an_item_whose_numeral_the_ocr_lost_starts_a_paragraph() -> None:
    lines = [Line((_pieces("对《意见》（征求意见稿）的修改意见", 62, 400, 50),)),
             Line((_pieces("、第3条：建议把林区职工技能竞赛纳入全州劳动竞赛序列。", 62, 528, 70),)),
             Line((_pieces("、第14款：建议对返乡农民工创业给予贷款贴息。", 62, 400, 88),))]
    assert len(paragraphs_of(lines)) == 3


def test_strokes_the_ocr_lost_in_a_cell_are_counted_and_marked_unsure() -> None:
    """A 章节 cell holding only 二 (two level bars) and one holding only 一: the detector finds
    no line in them; counted, they read 二 and 一 at an unsure score. Dust is no stroke."""
    import numpy as np

    from parsers.printed.layout import Box, Grid
    from parsers.printed.ocr import STROKES_SCORE, lost_strokes

    grey = np.full((300, 400), 255, np.uint8)
    grid = Grid((0.0, 100.0, 200.0, 299.0), (0.0, 100.0, 399.0))
    grey[40:44, 35:60] = 0  # 二: a short bar over a longer one
    grey[58:62, 30:68] = 0
    grey[150:154, 30:66] = 0  # 一
    grey[170:172, 90:92] = 0  # a speck of dust
    text = (Box("建议增加培训内容", 110, 30, 380, 66), Box("建议压缩篇幅", 110, 130, 320, 166))
    found = lost_strokes(grey, grid, text)
    assert [(b.text, b.score) for b in found] == [("二", STROKES_SCORE), ("一", STROKES_SCORE)]
    grey[240:270, 40:50] = 0  # a digit's upright stroke in the empty cell: no bar
    assert [b.text for b in lost_strokes(grey, grid, text)] == ["二", "一"]


def test_a_ditto_mark_alone_in_a_cell_reads_as_one_and_is_marked_unsure() -> None:
    """A 条款 cell holding only 〃 (two short slanted ticks): the detector reads nothing; the
    ticks read 〃, what the row above says, at an unsure score. A digit's tall strokes are no ditto."""
    import cv2
    import numpy as np

    from parsers.printed.ocr import DITTO, STROKES_SCORE, lost_strokes

    grey = np.full((300, 400), 255, np.uint8)
    grid = Grid((0.0, 100.0, 200.0, 299.0), (0.0, 100.0, 399.0))
    cv2.line(grey, (48, 58), (42, 42), 0, 3)
    cv2.line(grey, (58, 58), (52, 42), 0, 3)
    grey[130:166, 40:44] = 0  # "11" written tall: no ditto
    grey[130:166, 52:56] = 0
    text = (Box("建议增加培训内容", 110, 30, 380, 66), Box("建议压缩篇幅", 110, 130, 320, 166),
            Box("第3条", 10, 230, 90, 266))
    assert [(b.text, b.score) for b in lost_strokes(grey, grid, text)] == [(DITTO, STROKES_SCORE)]


def test_a_bar_in_a_column_of_numbers_is_a_dash() -> None:
    from parsers.printed.layout import TableCells
    from parsers.printed.pages import _dashes_among_numbers

    rows = (("序号", "章节", "条目"), ("1", "三", "2"), ("2", "二", "4"), ("3", "一", "一"))
    table = _dashes_among_numbers(TableCells(rows, (1.0,) * 4, ((0.0, 0.0, 1.0, 1.0),) * 4))
    assert table.cells[-1] == ("3", "一", "—")


def test_two_pages_photographed_side_by_side_read_the_left_then_the_right_even_when_the_right_is_short() -> None:
    """A letter's two pages in one photo, the second holding only its last items and the
    signature: the left page read first, then the right one, each line whole."""
    from parsers.printed.layout import columns_of

    left = [box(f"左页第{n}行的文字，说明本单位讨论的情况", 100, 100 + 50 * n) for n in range(14)]
    right = [box(f"右页第{n}行：建议增加的内容写在这一行里", 1300, 100 + 50 * n) for n in range(4)]
    parts = columns_of(left + right)
    assert [len(part) for part in parts] == [14, 4]


def test_a_three_rule_table_gives_each_numbered_row_its_own_row() -> None:
    """三线表: rules at the top, under the header and at the bottom only; each 序号 starts a row."""
    from parsers.printed.pages import _numbered_rows

    grid = Grid((100.0, 160.0, 460.0), (50.0, 120.0, 300.0, 900.0))
    boxes = [box("1", 60, 180), box("建议甲", 310, 180), box("2", 60, 260), box("建议乙", 310, 260), box("续行", 310, 300),
             box("3第15条", 60, 360), box("建议丙", 310, 360)]
    assert _numbered_rows(grid, boxes).rows == (100.0, 160.0, 258.0, 358.0, 460.0)


def test_a_row_number_read_twice_on_one_line_cuts_no_row() -> None:
    """GIVEN a ruled row whose 序号 the OCR found twice, a pixel apart (the line lay on the cut
    between the detector's two strips) WHEN the rows are cut THEN the row stays one; and the
    detector's twin boxes are one box."""
    import numpy as np

    from parsers.printed.ocr import _without_twins
    from parsers.printed.pages import _numbered_rows

    grid = Grid((100.0, 160.0, 360.0), (50.0, 120.0, 300.0, 900.0))
    boxes = [box("4", 60, 180), box("4", 61, 181), box("建议甲", 310, 180), box("续行", 310, 230)]
    assert _numbered_rows(grid, boxes).rows == (100.0, 160.0, 360.0)
    quad = np.array([[203, 1148], [236, 1148], [236, 1184], [203, 1184]], dtype=float)
    twin, other = quad + [[2, 1]] * 4, quad + [[0, 60]] * 4
    assert len(_without_twins([[quad], [twin, other]])) == 2
    assert len(_without_twins([[quad, twin]])) == 2  # within one strip: two lines, however close


def test_a_clause_cells_word_cut_at_the_column_edge_is_put_back() -> None:
    from parsers.comments.tables import table_blocks

    rows = [["序号", "条款", "修改意见"], ["3", "第15", "条建议州委每年召开一次座谈会。"]]
    assert [(b.ref, b.text) for b in table_blocks(rows, "表格1", "table_row")] == [("第15条", "建议州委每年召开一次座谈会。")]


def test_a_sheets_reason_column_printed_alone_on_the_next_page_goes_back_beside_its_rows() -> None:
    from parsers.printed.layout import TableCells

    def table(rows: tuple[tuple[str, ...], ...]) -> TableCells:
        return TableCells(rows, tuple(1.0 for _ in rows), tuple((0.0, 0.0, 1.0, 1.0) for _ in rows))

    title = (Paragraph("某公司工会的修改意见", 0, 0, 100, 40, 1.0),)
    pages = joined_pages([
        PageContent(1, title, (table((("序号", "条款", "修改意见"), ("1", "第3条", "建议单列名额。"))),)),
        PageContent(2, title, (table((("理由",), ("评优机会少",))),)),
    ])
    assert pages[0].tables[0].cells == (("序号", "条款", "修改意见", "理由"), ("1", "第3条", "建议单列名额。", "评优机会少"))
    assert pages[1].tables == ()


def test_a_copiers_text_layer_short_of_a_line_gives_way_to_our_reading_of_the_scan() -> None:
    from parsers.printed.pdf import _lines_missing

    def page(*texts: str) -> PageContent:
        return PageContent(1, tuple(Paragraph(t, 0, i * 50, 100, i * 50 + 40, 1.0) for i, t in enumerate(texts)), ())

    layer = page("3．第10条：建议把职工书屋建设作为重点工作，", "刊，方便一线职工就近借阅。")
    seen = page("3．第10条：建议把职工书屋建设作为重点工作，逐步把书屋延伸到林场的职工宿舍，配备图书和报刊，方便一线职工就近借阅。")
    assert _lines_missing(layer, seen)
    assert not _lines_missing(page("3．第10条：建议把职工书屋建设作为重点工作。"), page("3．第1O条：建议把职工书屋建设作为重点工作。"))


def test_lines_at_a_scans_line_pitch_with_small_type_still_join_into_paragraphs() -> None:
    """A copier's hidden text: 13-point type at a 31-point pitch, every gap wider than a line."""
    lines = lines_of([Box("1．第4条：建议对市级以上劳模工作室每年给予工作经费补助两万", 68, 273, 450, 286),
                      Box("元，由市财政列支。", 68, 304, 185, 317),
                      Box("2．第7条：建议建立由市委分管领导牵头的劳动关系三方联席会", 68, 336, 437, 349),
                      Box("议，每季度召开一次。", 68, 367, 198, 380)])
    assert [p.text for p in paragraphs_of(lines)] == ["1．第4条：建议对市级以上劳模工作室每年给予工作经费补助两万元，由市财政列支。",
                                                     "2．第7条：建议建立由市委分管领导牵头的劳动关系三方联席会议，每季度召开一次。"]


def test_characters_upright_strokes_stacked_row_under_row_are_no_column_rule() -> None:
    """GIVEN three column rules inked all down the table, and at x=300 the upright strokes of
    one character in each of three rows (merged into one line, most of it blank)
    WHEN the grid is made THEN x=300 is gappy, and, running through the words of those rows, no
    column (a screenshot's text cut in two otherwise); a gappy edge cutting no words (a chat
    bubble's) stays."""
    from parsers.printed.ocr import _grid, _merge
    from parsers.printed.pages import _without_stroke_columns

    rows = [(0.0, 0.0, 800.0, 800.0), (50.0, 0.0, 800.0, 800.0), (200.0, 0.0, 800.0, 800.0)]
    rules = [(0.0, 0.0, 200.0, 200.0), (400.0, 0.0, 200.0, 200.0), (800.0, 0.0, 200.0, 200.0)]
    characters = [(300.0, 60.0, 75.0, 15.0), (302.0, 110.0, 125.0, 15.0), (300.0, 165.0, 180.0, 15.0)]
    grid = _grid(rows, _merge(sorted(rules + characters)))
    assert grid is not None and grid.gappy == (301.0,)
    words = [box("建议将通信网络维护岗位纳入", 280, 60), box("建议在分公司推行网上平台", 280, 110)]
    assert _without_stroke_columns(grid, words).columns == (0.0, 400.0, 800.0)
    assert _without_stroke_columns(grid, [box("网络部", 500, 60)]).columns == (0.0, 301.0, 400.0, 800.0)
