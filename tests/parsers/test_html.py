"""parsers.mail.html: HTML mail bodies to the text a reader sees."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.mail.html import html_to_text


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def test_paragraphs_and_divs_are_lines() -> None:
    html = "<p>宣教部：</p><div>我单位无修改意见。</div><div>某某工会</div>"
    assert _lines(html_to_text(html)) == ["宣教部：", "我单位无修改意见。", "某某工会"]


def test_br_is_a_single_line_break() -> None:
    assert html_to_text("第一行<br>第二行<br/>第三行") == "第一行\n第二行\n第三行"


def test_blank_lines_collapse_to_one() -> None:
    assert html_to_text("甲<br><br><br><br>乙") == "甲\n\n乙"
    assert html_to_text("<p>甲</p>\n\n\n<p></p><p>乙</p>") == "甲\n\n乙"


def test_nbsp_becomes_space() -> None:
    assert html_to_text("<div>&nbsp;&nbsp;某某工会&nbsp;张三</div>") == "某某工会 张三"
    assert html_to_text("<p>甲</p><div>&nbsp;&nbsp;缩进</div>").splitlines()[-1] == "  缩进"


def test_entities_decoded() -> None:
    assert html_to_text("&lt;条例&gt; &amp; &#20013;&#x6587;") == "<条例> & 中文"


def test_table_cells_joined() -> None:
    html = (
        "<table><tr><th>条款</th><th>修改意见</th><th>理由</th></tr>"
        "<tr><td>第三条</td><td>删除“一律”</td><td>过于绝对</td></tr></table>"
    )
    assert _lines(html_to_text(html)) == ["条款 | 修改意见 | 理由", "第三条 | 删除“一律” | 过于绝对"]


def test_pretty_printed_word_table_keeps_rows_on_one_line() -> None:
    """GIVEN a table pasted from Word (whitespace between tags, <p> inside cells, a source line break
    inside a word, an unclosed last row) THEN each row is one line of cells joined by " | "."""
    html = (
        "<table>\n <tr>\n  <td><p class=MsoNormal>第十\r\n八条</p></td>\n"
        "  <td><p>建议修改为：</p><p>删除“一律”。</p></td>\n </tr>\n"
        " <tr><td>第五条<td>同意\n</table><p>以上意见</p>"
    )
    assert _lines(html_to_text(html)) == ["第十八条 | 建议修改为： 删除“一律”。", "第五条 | 同意", "以上意见"]


def test_single_cell_layout_table_keeps_its_paragraphs() -> None:
    html = "<table width=640><tr><td><p>简报标题</p><p>第一条消息</p><p>第二条消息</p></td></tr></table>"
    assert _lines(html_to_text(html)) == ["简报标题", "第一条消息", "第二条消息"]


def test_table_nested_in_layout_cell() -> None:
    html = "<table><tr><td><p>说明</p><table><tr><td>甲</td><td>乙</td></tr></table><p>落款</p></td></tr></table>"
    assert _lines(html_to_text(html)) == ["说明", "甲 | 乙", "落款"]


def test_cells_without_row() -> None:
    assert html_to_text("<td>甲</td><td>乙</td>") == "甲 | 乙"


@pytest.mark.parametrize("tag", ["script", "style", "title", "SCRIPT"])
def test_script_style_title_dropped(tag: str) -> None:
    html = f"<html><head></head><{tag}>var a = '<p>不要</p>';</{tag}><body><p>正文</p></body></html>"
    assert html_to_text(html) == "正文"


def test_unclosed_script_drops_rest() -> None:
    assert html_to_text("<p>正文</p><script>bad") == "正文"


def test_source_line_breaks_are_not_text() -> None:
    assert html_to_text("<p>建议将第\n三条删除\n（see the\r\nnote）</p>") == "建议将第三条删除（see the note）"


def test_pre_keeps_its_lines() -> None:
    assert html_to_text("<pre>第一条\n  保留缩进</pre>") == "第一条\n  保留缩进"


def test_list_items_are_lines() -> None:
    assert _lines(html_to_text("<ul><li>一</li><li>二</li></ul>")) == ["一", "二"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([*"<>/&;#tdrpbx=\"' \n中文", "<td>", "</tr>", "<table>", "<br>", "&nbsp;"])).map("".join))
def test_any_markup_gives_text(html: str) -> None:
    text = html_to_text(html)
    assert text == text.strip()
    assert "\n\n\n" not in text


# -- quoted mail in <blockquote> ------------------------------------------------------------

REPLY_163 = (
    "<div>第三条建议删除。</div>"
    '<div>在 2014-09-12 10:00:00，"州总工会"&lt;office@zgh.example&gt; 写道：</div>'
    '<blockquote id="isReplyContent" style="PADDING-LEFT: 1ex; BORDER-LEFT: #ccc 1px solid">'
    "<div>各单位：</div><div>请于9月25日前反馈。</div></blockquote><div>某某县总工会</div>"
)


def test_blockquote_is_plain_text_by_default() -> None:
    assert _lines(html_to_text(REPLY_163))[2:4] == ["各单位：", "请于9月25日前反馈。"]


def test_mark_quotes_prefixes_quoted_lines() -> None:
    assert _lines(html_to_text(REPLY_163, mark_quotes=True)) == [
        "第三条建议删除。",
        '在 2014-09-12 10:00:00，"州总工会"<office@zgh.example> 写道：',
        "> 各单位：",
        "> 请于9月25日前反馈。",
        "某某县总工会",
    ]


@pytest.mark.parametrize(
    "opening",
    ['<blockquote type="cite">', '<blockquote class="gmail_quote" style="margin:0 0 0 .8ex;border-left:1px #ccc solid">',
     "<BLOCKQUOTE>"],
)
def test_quote_styles_are_marked(opening: str) -> None:
    html = f"<p>同意</p>{opening}<p>原通知</p></blockquote>"
    assert _lines(html_to_text(html, mark_quotes=True)) == ["同意", "> 原通知"]


def test_nested_quotes_are_marked_by_depth() -> None:
    html = "<p>同意</p><blockquote><p>二稿</p><blockquote><p>一稿<br>第二行</p></blockquote><p>二稿尾</p></blockquote><p>落款</p>"
    assert _lines(html_to_text(html, mark_quotes=True)) == ["同意", "> 二稿", ">> 一稿", ">> 第二行", "> 二稿尾", "落款"]


def test_indent_blockquote_is_the_sender_s_own_text() -> None:
    """Gmail's and QQ Mail's indent button writes <blockquote style="…border:none…">: not a quote."""
    html = '<p>意见如下：</p><blockquote style="margin:0 0 0 40px;border:none;padding:0px"><p>一、第三条建议删除。</p></blockquote>'
    assert _lines(html_to_text(html, mark_quotes=True)) == ["意见如下：", "一、第三条建议删除。"]


def test_nul_in_text_is_not_taken_for_a_mark() -> None:
    assert html_to_text("<p>甲\x00>乙</p><blockquote>丙</blockquote>", mark_quotes=True).splitlines() == ["甲>乙", "", "> 丙"]


def test_unclosed_blockquote_quotes_to_the_end() -> None:
    assert _lines(html_to_text("<p>同意</p><blockquote><p>原文", mark_quotes=True)) == ["同意", "> 原文"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([*"<>/ \n中文", "<blockquote>", "</blockquote>", "<td>", "</tr>", "<table>", "<br>", "\x00"])).map("".join))
def test_any_markup_with_quotes_gives_text(html: str) -> None:
    text = html_to_text(html, mark_quotes=True)
    assert "\x00" not in text and text == text.strip() and "\n\n\n" not in text


def test_merged_cells_are_laid_on_the_tables_columns() -> None:
    """A two-row header (修改意见 over 原文 | 建议修改为), a part's row across all columns and a
    clause cell spanning two rows: each row's cells in their columns, the clause repeated."""
    html = ("<table><tr><td rowspan=2>序号</td><td rowspan=2>条款</td><td colspan=2>修改意见</td><td rowspan=2>理由</td></tr>"
            "<tr><td>原文</td><td>建议修改为</td></tr><tr><td colspan=5>二、发挥作用</td></tr>"
            "<tr><td>1</td><td rowspan=2>第十三条</td><td>原话</td><td>建议甲</td><td>因为</td></tr>"
            "<tr><td>2</td><td>原话二</td><td>建议乙</td><td>所以</td></tr></table>")
    assert [line for line in html_to_text(html).splitlines() if line] == [
        "序号 | 条款 | 修改意见 |  | 理由", "序号 | 条款 | 原文 | 建议修改为 | 理由", "二、发挥作用 |  |  |  |",
        "1 | 第十三条 | 原话 | 建议甲 | 因为", "2 | 第十三条 | 原话二 | 建议乙 | 所以"]


def test_a_silly_span_is_read_as_one() -> None:
    assert html_to_text('<table><tr><td colspan="100000">甲</td><td rowspan="-3">乙</td></tr></table>') == "甲 | 乙"
