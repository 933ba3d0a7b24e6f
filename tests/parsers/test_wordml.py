"""Word files as they are really written: every place Word keeps text reaches the reading.

Each test builds a small .docx from raw WordprocessingML (as Word, WPS or LibreOffice write
it) with one feature: content controls, text boxes, nested tables, fields, smart tags, moved
text, equations, automatic numbering, footnotes, page headers.
"""

from __future__ import annotations

import io
import zipfile

from office_builders import ARTICLE_DRAFT, small_draft

from parsers.files.attachments import read_attachments
from parsers.files.docx import read_docx
from parsers.placing.draft import parse_draft
from parsers.records import Attachment
from parsers.files.revisions import change_blocks
from parsers.files.wordml import chinese_number, format_number

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NAMESPACES = (
    f'xmlns:w="{W}" xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)
MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def raw_docx(body: str, *, numbering: str = "", footnotes: str = "", header: str = "") -> bytes:
    """A .docx package written by hand: document.xml with `body`, and the optional parts."""
    parts = {"word/document.xml": f'<w:document {NAMESPACES}><w:body>{body}</w:body></w:document>'}
    types = [f'<Override PartName="/word/document.xml" ContentType="{MAIN}.document.main+xml"/>']
    rels = []
    for name, inner, kind, root in (("numbering", numbering, "numbering", "numbering"),
                                    ("footnotes", footnotes, "footnotes", "footnotes"),
                                    ("header1", header, "header", "hdr")):
        if inner:
            parts[f"word/{name}.xml"] = f"<w:{root} {NAMESPACES}>{inner}</w:{root}>"
            types.append(f'<Override PartName="/word/{name}.xml" ContentType="{MAIN}.{kind}+xml"/>')
            rels.append(f'<Relationship Id="r{name}" Type="{RELS}/{kind}" Target="{name}.xml"/>')
    parts["[Content_Types].xml"] = (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>' + "".join(types) + "</Types>")
    parts["_rels/.rels"] = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{RELS}/officeDocument" Target="word/document.xml"/></Relationships>')
    parts["word/_rels/document.xml.rels"] = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' + "".join(rels) + "</Relationships>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name, xml in parts.items():
            package.writestr(name, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' + xml)
    return buffer.getvalue()


def p(*inner: str, props: str = "") -> str:
    return f"<w:p>{f'<w:pPr>{props}</w:pPr>' if props else ''}{''.join(inner)}</w:p>"


def r(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def cell(*paragraphs: str) -> str:
    return f"<w:tc>{''.join(paragraphs) or p()}</w:tc>"


def row(*cells: str) -> str:
    return f"<w:tr>{''.join(cells)}</w:tr>"


def table(*rows: str) -> str:
    return f"<w:tbl>{''.join(rows)}</w:tbl>"


def sdt(content: str) -> str:
    return f'<w:sdt><w:sdtPr><w:alias w:val="意见"/></w:sdtPr><w:sdtContent>{content}</w:sdtContent></w:sdt>'


def texts(data: bytes) -> list[str]:
    return [text for text, _ in read_docx(data, "意见.docx").paragraphs]


def test_content_controls_around_paragraphs_runs_rows_and_cells_are_read() -> None:
    body = (sdt(p(r("建议第三条增加身体健康的具体标准。")))
            + p(r("建议第四条"), sdt(r("明确经费来源")), r("。"))
            + table(row(cell(p(r("条款"))), cell(p(r("修改意见")))),
                    sdt(row(cell(p(r("第五条"))), sdt(cell(p(r("删去“原则上”三字。"))))))))
    content = read_docx(raw_docx(body), "意见.docx")
    assert [t for t, _ in content.paragraphs] == ["建议第三条增加身体健康的具体标准。", "建议第四条明确经费来源。"]
    assert [(b.ref, b.text) for b in content.table_blocks] == [("第五条", "删去“原则上”三字。")]


def test_a_content_control_still_showing_its_placeholder_is_no_text() -> None:
    """A form's empty rows keep Word's prompt (单击此处输入文字。, w:showingPlcHdr), in a block or
    inline control or a run in the placeholder style: the form's words, not the unit's."""
    prompt = ('<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>'
              '<w:r><w:rPr><w:rStyle w:val="PlaceholderText"/></w:rPr><w:t>单击此处输入文字。</w:t></w:r></w:sdtContent></w:sdt>')
    styled = '<w:r><w:rPr><w:rStyle w:val="PlaceholderText"/></w:rPr><w:t>Click or tap here to enter text.</w:t></w:r>'
    body = table(row(cell(p(r("条款"))), cell(p(r("修改意见")))),
                 row(cell(p(r("第五条"))), cell(p(r("删去“原则上”三字。")))),
                 row(cell(p(prompt)), cell(p(prompt))),
                 row(cell(p(styled)), cell(p(styled))))
    content = read_docx(raw_docx(body + p(r("填报人："), prompt)), "意见.docx")
    assert [(b.ref, b.text) for b in content.table_blocks] == [("第五条", "删去“原则上”三字。")]
    assert "单击此处" not in content.text and "Click" not in content.text
    assert "单击此处输入文字。" in content.placeholders  # still shown by `mailbot read`, as the form's, not a comment
    assert "Click or tap here to enter text." in content.placeholders  # the styled run outside a control too


def test_a_content_control_whose_placeholder_flag_is_off_holds_the_units_words() -> None:
    """WPS leaves <w:showingPlcHdr w:val="0"/> in a control the unit filled: off, so its text is read."""
    filled = ('<w:sdt><w:sdtPr><w:showingPlcHdr w:val="0"/></w:sdtPr><w:sdtContent>'
              + p(r("建议增加带电作业人员的劳动保护内容。")) + "</w:sdtContent></w:sdt>")
    body = table(row(cell(p(r("条款"))), cell(p(r("修改意见")))), row(cell(p(r("第八条"))), "<w:tc>" + filled + "</w:tc>"))
    content = read_docx(raw_docx(body), "意见.docx")
    assert [(b.ref, b.text) for b in content.table_blocks] == [("第八条", "建议增加带电作业人员的劳动保护内容。")]
    assert content.placeholders == ()


def test_fields_smart_tags_hyperlinks_and_equations_are_read() -> None:
    body = p(r("依据"), '<w:fldSimple w:instr=" REF x "><w:r><w:t>第八条</w:t></w:r></w:fldSimple>',
             '<w:smartTag w:uri="urn:x" w:element="place">' + r("延吉市") + "</w:smartTag>",
             '<w:hyperlink r:id="x">' + r("网页") + "</w:hyperlink>",
             '<m:oMath><m:r><m:t>x+1</m:t></m:r></m:oMath>', r("。"))
    assert texts(raw_docx(body)) == ["依据第八条延吉市网页x+1。"]


def test_a_text_box_is_read_once_not_its_fallback_copy() -> None:
    box = p(r("建议第十条增加职工书屋建设内容。"))
    drawing = ('<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>'
               f"{box}</w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>"
               f"<w:txbxContent>{box}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>")
    assert texts(raw_docx(p(r("修改意见："), drawing))) == ["修改意见：", "建议第十条增加职工书屋建设内容。"]


def test_a_table_inside_a_cell_is_read_as_a_table_of_its_own() -> None:
    inner = table(row(cell(p(r("条款"))), cell(p(r("修改意见"))), cell(p(r("理由")))),
                  row(cell(p(r("第二条"))), cell(p(r("建议将“统筹协调”改为“统筹指导”。"))), cell(p(r("更准确。")))))
    frame = table(row(cell(p(r("延吉市总工会反馈意见")), inner)))
    content = read_docx(raw_docx(frame), "意见.docx")
    rows = [(b.ref, b.text, b.reason) for b in content.table_blocks]
    assert ("第二条", "建议将“统筹协调”改为“统筹指导”。", "更准确。") in rows
    assert "延吉市总工会反馈意见" in content.text


def test_merged_cells_repeat_their_text() -> None:
    span = '<w:tcPr><w:gridSpan w:val="2"/></w:tcPr>'
    start, cont = '<w:tcPr><w:vMerge w:val="restart"/></w:tcPr>', "<w:tcPr><w:vMerge/></w:tcPr>"
    body = table(row(cell(p(r("条款"))), cell(p(r("修改意见")))),
                 row(f"<w:tc>{start}{p(r('第六条'))}</w:tc>", cell(p(r("建议一。")))),
                 row(f"<w:tc>{cont}{p()}</w:tc>", cell(p(r("建议二。")))),
                 row(f"<w:tc>{span}{p(r('总体意见：无。'))}</w:tc>"))
    content = read_docx(raw_docx(body), "意见.docx")
    assert [(b.ref, b.text) for b in content.table_blocks][:2] == [("第六条", "建议一。"), ("第六条", "建议二。")]


def test_moved_and_nested_changes_read_as_the_text_now_is() -> None:
    moved = ('<w:moveFrom w:id="1" w:author="李明"><w:r><w:t>旧位置的话</w:t></w:r></w:moveFrom>'
             '<w:moveTo w:id="2" w:author="李明"><w:r><w:t>新位置的话</w:t></w:r></w:moveTo>')
    nested = '<w:ins w:id="3" w:author="王芳">' + r("留下") + '<w:del w:id="4" w:author="王芳"><w:r><w:delText>撤回</w:delText></w:r></w:del></w:ins>'
    assert texts(raw_docx(p(r("甲"), moved, nested))) == ["甲新位置的话留下"]


def test_a_change_inside_a_content_control_is_a_tracked_change() -> None:
    draft = small_draft()
    change = p(r("第二条 街道办事处负责本辖区志愿服务的"), sdt(
        '<w:del w:id="1" w:author="李明"><w:r><w:delText>统筹协调</w:delText></w:r></w:del>'
        '<w:ins w:id="2" w:author="李明"><w:r><w:t>统筹指导</w:t></w:r></w:ins>'), r("和监督管理工作。"))
    from parsers.files.docx import open_docx

    blocks = change_blocks(open_docx(raw_docx(change), "稿.docx"), draft, "附件")
    assert [(b.text, b.anchor) for b in blocks] == [("将“统筹协调”修改为“统筹指导”", 2)]


def test_a_tracked_move_is_told_where_the_words_now_stand_and_words_typed_into_it_apart() -> None:
    """A sentence moved (w:moveFrom / w:moveTo) with words typed after it: the move, told at its
    new place, and the typed words, an insertion of their own (they stay a proposal when the move
    is only a rearrangement); the place it left is no deletion of its own."""
    draft = small_draft()
    gone = '<w:moveFrom w:id="1" w:author="李明" w:name="move1"><w:r><w:t>和监督管理</w:t></w:r></w:moveFrom>'
    came = ('<w:moveTo w:id="2" w:author="李明" w:name="move1"><w:r><w:t>和监督管理</w:t></w:r></w:moveTo>'
            '<w:ins w:id="3" w:author="李明"><w:r><w:t>（含年度考核）</w:t></w:r></w:ins>')
    change = p(r("第二条 街道办事处负责本辖区志愿服务的"), came, r("统筹协调"), gone, r("工作。"))
    from parsers.files.docx import open_docx

    blocks = change_blocks(open_docx(raw_docx(change), "稿.docx"), draft, "附件")
    assert [(b.kind, b.text, b.anchor) for b in blocks] == [
        ("insertion", "将“和监督管理”移至“事处负责本辖区志愿服务的”后", 2),
        ("insertion", "在“和监督管理”后增加“（含年度考核）”", 2)]


def numbering(fmt: str, text: str, *, levels: str = "") -> str:
    return (f'<w:abstractNum w:abstractNumId="7"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/></w:lvl>{levels}</w:abstractNum><w:num w:numId="3"><w:abstractNumId w:val="7"/></w:num>')


def listed(text: str, level: int = 0) -> str:
    return p(r(text), props=f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="3"/></w:numPr>')


def test_word_numbers_are_written_out_as_the_writer_sees_them() -> None:
    second = '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="（%2）"/></w:lvl>'
    data = raw_docx(listed("关于总则") + listed("建议增加目的。", 1) + listed("建议删去。", 1) + listed("关于保障")
                    + listed("建议明确经费。", 1), numbering=numbering("chineseCountingThousand", "%1、", levels=second))
    assert texts(data) == ["一、 关于总则", "（1） 建议增加目的。", "（2） 建议删去。", "二、 关于保障", "（1） 建议明确经费。"]


def test_a_draft_whose_clause_numbers_word_draws_is_read() -> None:
    lines = ["第一章 总则", "为规范社区志愿服务活动，制定本办法。", "街道办事处负责统筹协调工作。", "第二章 保障", "志愿者应当年满十六周岁。"]
    body = p(r(lines[0])) + listed(lines[1]) + listed(lines[2]) + p(r(lines[3])) + listed(lines[4])
    draft = parse_draft(raw_docx(body, numbering=numbering("chineseCounting", "第%1条")), "稿.docx")
    assert [(c.number, c.section) for c in draft.clauses] == [(1, 1), (2, 1), (3, 2)]


def test_number_formats() -> None:
    assert [chinese_number(n) for n in (1, 10, 11, 20, 105)] == ["一", "十", "十一", "二十", "一百零五"]
    assert [format_number(n, f) for n, f in ((3, "upperLetter"), (28, "lowerLetter"), (4, "upperRoman"),
                                             (2, "ideographTraditional"), (3, "decimalEnclosedCircle"), (12, "decimalFullWidth"))] \
        == ["C", "bb", "IV", "乙", "③", "１２"]


def test_footnotes_are_comments_and_page_headers_are_read_but_not_comments() -> None:
    notes = ('<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
             '<w:footnote w:id="1">' + p(r("第三条的“身体健康”建议以体检合格为准。")) + "</w:footnote>")
    data = raw_docx(p(r("意见如下：建议第三条修改。")), footnotes=notes, header=p(r("延吉市总工会")))
    result = read_attachments(Attachment("意见.docx", "application/octet-stream", data), small_draft())[0]
    assert any("体检合格" in b.text and "脚注" in b.origin for b in result.blocks)
    assert [(a.kind, a.text) for a in result.asides] == [("page_header", "延吉市总工会")]
    assert all("延吉市总工会" != b.text for b in result.blocks) and "延吉市总工会" in result.text


def test_proposals_added_after_a_returned_drafts_end_go_by_the_clause_they_name_and_a_colour_key_is_none() -> None:
    blue = '<w:r><w:rPr><w:color w:val="0000FF"/></w:rPr><w:t>说明：蓝色字为我会建议增加的内容。</w:t></w:r>'
    body = (p(r("社区志愿服务管理办法")) + p(blue) + p(r("一、总体要求"))
            + p(r("1、为规范社区志愿服务活动，促进志愿服务事业健康发展，制定本办法。"))
            + p(r("2、街道办事处负责本辖区志愿服务的统筹协调和监督管理工作。")) + p(r("二、保障措施"))
            + p(r("3、志愿者应当年满十六周岁，身体健康，自愿参加志愿服务。"))
            + p(r("4、区财政每年安排志愿服务专项经费，用于志愿者培训和表彰。"))
            + p(r("1．第二条：建议增加街道年度考核的要求。")))
    result = read_attachments(Attachment("稿.docx", "application/octet-stream", raw_docx(body)), small_draft())[0]
    assert [(b.text, b.anchor) for b in result.blocks] == [("1．第二条：建议增加街道年度考核的要求。", None)]


def test_notes_put_into_a_returned_draft_are_comments_of_the_clause_citing_them_and_the_drafts_own_are_not() -> None:
    """The draft sent back with the unit's proposals in notes (Word writes endnotes the same way):
    each one that proposes is a comment on the clause whose paragraph cites it; a law cited proposes nothing."""
    notes = ('<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
             '<w:footnote w:id="1">' + p(r("建议降低为十四周岁，与团章衔接。")) + "</w:footnote>"
             '<w:footnote w:id="2">' + p(r("《志愿服务条例》第十条。")) + "</w:footnote>")
    cite = '<w:r><w:footnoteReference w:id="{}"/></w:r>'
    body = (p(r("一、总体要求")) + p(r("1、为规范社区志愿服务活动，促进志愿服务事业健康发展，制定本办法。"), cite.format(2))
            + p(r("2、街道办事处负责本辖区志愿服务的统筹协调和监督管理工作。")) + p(r("二、保障措施"))
            + p(r("3、志愿者应当年满十六周岁，身体健康，自愿参加志愿服务。"), cite.format(1))
            + p(r("4、区财政每年安排志愿服务专项经费，用于志愿者培训和表彰。")))
    result = read_attachments(Attachment("稿.docx", "application/octet-stream", raw_docx(body, footnotes=notes)), small_draft())[0]
    assert [(b.text, b.anchor) for b in result.blocks] == [("建议降低为十四周岁，与团章衔接。", 3)]


def test_remarks_typed_into_a_returned_draft_without_track_changes_are_comments_of_their_clause() -> None:
    red = '<w:r><w:rPr><w:color w:val="FF0000"/></w:rPr><w:t>此处应明确由谁监督</w:t></w:r>'
    yellow = '<w:r><w:rPr><w:highlight w:val="yellow"/></w:rPr><w:t>年龄要求偏高，建议降低</w:t></w:r>'
    body = (p(r("第一章 总则")) + p(r("第一条 为规范社区志愿服务活动，促进志愿服务事业健康发展，制定本办法。【建议写明上位法依据】"))
            + p(r("建议增加一条，规定志愿服务记录制度。"))
            + p(r("第二条 街道办事处负责本辖区志愿服务的统筹协调和监督管理工作。"), red)
            + p(r("第二章 保障")) + p(r("第三条 志愿者应当年满十六周岁，"), yellow, r("身体健康，自愿参加志愿服务。")))
    result = read_attachments(Attachment("稿.docx", "application/octet-stream", raw_docx(body)), small_draft())[0]
    assert result.status == "read"
    assert [(b.text, b.anchor) for b in result.blocks] == [
        ("建议写明上位法依据", 1), ("建议增加一条，规定志愿服务记录制度。", 1), ("此处应明确由谁监督", 2),
        ("年龄要求偏高，建议降低", 3)]


def test_a_returned_draft_with_nothing_added_is_still_a_copy() -> None:
    body = "".join(p(r(line)) for line in (
        "第一章 总则", "第一条 为规范社区志愿服务活动，促进志愿服务事业健康发展，制定本办法。",
        "第二条 街道办事处负责本辖区志愿服务的统筹协调和监督管理工作。", "第二章 保障",
        '第三条 志愿者应当年满十六周岁，身体健康，自愿参加志愿服务。'))
    result = read_attachments(Attachment("稿.docx", "application/octet-stream", raw_docx(body)), small_draft())[0]
    assert result.status == "draft_copy" and not result.blocks


def test_a_package_whose_main_part_is_elsewhere_is_still_a_word_file() -> None:
    """The main part is wherever the package's relationships say ("word/main.xml" here)."""
    source = zipfile.ZipFile(io.BytesIO(raw_docx(p(r("建议第三条增加具体标准。")))))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name in source.namelist():
            data = source.read(name).replace(b"word/document.xml", b"word/main.xml").replace(b"/word/document.xml", b"/word/main.xml")
            package.writestr("word/main.xml" if name == "word/document.xml" else name, data)
    result = read_attachments(Attachment("意见.docx", "application/octet-stream", buffer.getvalue()), small_draft())[0]
    assert result.type == "docx" and [b.text for b in result.blocks] == ["建议第三条增加具体标准。"]


def test_a_strict_open_xml_word_file_is_read() -> None:
    """Word's "Strict Open XML" save: the same parts under the ISO namespaces."""
    from parsers.files.ooxml import NAMESPACES

    source = zipfile.ZipFile(io.BytesIO(raw_docx(p(r("建议第三条增加具体标准。")))))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name in source.namelist():
            data = source.read(name)
            for strict, transitional in NAMESPACES.items():
                data = data.replace(transitional, strict)
            package.writestr(name, data)
    assert texts(buffer.getvalue()) == ["建议第三条增加具体标准。"]


def test_a_red_remark_opening_with_a_bracketed_label_is_one_comment() -> None:
    """GIVEN "【总体意见】建议……" typed in red above the draft's first clause, and a red 【建议增加：…】
    inside a clause WHEN read THEN one comment each, the label kept as "总体意见：", never alone."""
    red = '<w:r><w:rPr><w:color w:val="FF0000"/></w:rPr><w:t>{}</w:t></w:r>'
    body = (p(red.format("【总体意见】建议全文压缩篇幅，删去重复的表述。")) + p(r("第一章 总则"))
            + p(r("第一条 为规范社区志愿服务活动，促进志愿服务事业健康发展，制定本办法。"))
            + p(r("第二条 街道办事处负责本辖区志愿服务的统筹协调和"), red.format("【建议增加：民政部门】"), r("监督管理工作。"))
            + p(r("第二章 保障")) + p(r("第三条 志愿者应当年满十六周岁，身体健康，自愿参加志愿服务。")))
    result = read_attachments(Attachment("稿.docx", "application/octet-stream", raw_docx(body)), small_draft())[0]
    assert [b.text for b in result.blocks] == ["总体意见：建议全文压缩篇幅，删去重复的表述。", "建议增加：民政部门"]


def test_words_one_reviewer_added_and_another_took_out_are_no_change() -> None:
    """GIVEN a returned draft where the chair deleted (w:del inside w:ins) one reviewer's whole
    insertion, and part of another WHEN read THEN the first is no comment; the second is what is left."""
    ins = '<w:ins w:id="{0}" w:author="李秀英" w:date="2024-05-06T09:00:00Z">{1}</w:ins>'
    gone = '<w:del w:id="9{0}" w:author="张主席" w:date="2024-05-07T09:00:00Z"><w:r><w:delText>{1}</w:delText></w:r></w:del>'
    body = (p(r("第一章 总则")) + p(r("第一条 为规范社区志愿服务活动，促进志愿服务事业健康发展，制定本办法。"),
                                     ins.format(1, gone.format(1, "建议每年评选表彰优秀志愿者。")))
            + p(r("第二条 街道办事处负责本辖区志愿服务的统筹协调和监督管理工作。"),
                ins.format(2, r("社区居委会协助") + gone.format(2, "做好登记、") + r("开展培训。")))
            + p(r("第二章 保障")) + p(r("第三条 志愿者应当年满十六周岁，身体健康，自愿参加志愿服务。")))
    result = read_attachments(Attachment("稿.docx", "application/octet-stream", raw_docx(body)), small_draft())[0]
    assert [(b.text, b.anchor) for b in result.blocks] == [("在“统筹协调和监督管理工作。”后增加“社区居委会协助开展培训。”", 2)]


def test_tracked_changes_in_a_units_own_form_are_its_editing_not_proposals() -> None:
    """GIVEN a unit's comment table whose cells the chair edited with track changes (a word
    replaced, a row deleted) WHEN read THEN the rows as they now read are the comments; the
    deleted row and the changes are none of their own."""
    ins = '<w:ins w:id="{0}" w:author="主席" w:date="2024-05-06T09:00:00Z">{1}</w:ins>'
    dele = '<w:del w:id="{0}" w:author="主席" w:date="2024-05-06T09:00:00Z"><w:r><w:delText>{1}</w:delText></w:r></w:del>'
    row = lambda *cells: "<w:tr>" + "".join(cell(p(c)) for c in cells) + "</w:tr>"  # noqa: E731
    gone_row = ('<w:tr><w:trPr><w:del w:id="30" w:author="主席" w:date="2024-05-06T09:00:00Z"/></w:trPr>'
                + "".join(cell(p(dele.format(31 + i, t))) for i, t in enumerate(("2", "第二条", "建议删去本条。"))) + "</w:tr>")
    table = ("<w:tbl>" + row(r("序号"), r("条款"), r("修改意见"))
             + row(r("1"), r("第三条"), r("建议") + dele.format(10, "每年") + ins.format(11, r("每两年")) + r("组织一次志愿者体检。"))
             + gone_row + "</w:tbl>")
    result = read_attachments(Attachment("意见.docx", "application/octet-stream", raw_docx(p(r("修改意见表")) + table)), small_draft())[0]
    assert [b.text for b in result.blocks] == ["建议每两年组织一次志愿者体检。"]


def test_a_remark_of_its_own_paragraph_under_a_section_heading_is_that_sections() -> None:
    """"【修改意见】本部分建议增加一条……" typed as a paragraph right under 第二章's heading: section 2."""
    red = '<w:r><w:rPr><w:color w:val="FF0000"/></w:rPr><w:t>{}</w:t></w:r>'
    body = (p(r("第一章 总则")) + p(r("第一条 为规范社区志愿服务活动，促进志愿服务事业健康发展，制定本办法。"))
            + p(r("第二条 街道办事处负责本辖区志愿服务的统筹协调和监督管理工作。")) + p(r("第二章 保障"))
            + p(red.format("【修改意见】本部分建议增加一条，规定志愿者保险。"))
            + p(r("第三条 志愿者应当年满十六周岁，身体健康，自愿参加志愿服务。")))
    result = read_attachments(Attachment("稿.docx", "application/octet-stream", raw_docx(body)), small_draft(ARTICLE_DRAFT))[0]
    assert [(b.text, b.anchor, b.ref) for b in result.blocks] == [("修改意见：本部分建议增加一条，规定志愿者保险。", None, "第2部分")]


def test_a_remark_saying_there_is_nothing_to_change_is_no_comment() -> None:
    """The draft pasted into a new file, "修改意见：……" typed in blue after each clause: "修改意见：无。"
    after one says there is nothing to change there."""
    blue = '<w:r><w:rPr><w:color w:val="0000FF"/></w:rPr><w:t>{}</w:t></w:r>'
    body = (p(r("一、总体要求")) + p(r("1、为规范社区志愿服务活动，促进志愿服务事业健康发展，制定本办法。"))
            + p(blue.format("修改意见：无。"))
            + p(r("2、街道办事处负责本辖区志愿服务的统筹协调和监督管理工作。"))
            + p(blue.format("修改意见：建议增加街道年度考核的要求。")) + p(r("二、保障措施"))
            + p(r("3、志愿者应当年满十六周岁，身体健康，自愿参加志愿服务。"))
            + p(r("4、区财政每年安排志愿服务专项经费，用于志愿者培训和表彰。")))
    result = read_attachments(Attachment("稿.docx", "application/octet-stream", raw_docx(body)), small_draft())[0]
    assert [(b.text, b.anchor) for b in result.blocks] == [("修改意见：建议增加街道年度考核的要求。", 2)]


def test_a_table_laying_out_a_cells_words_is_read_as_the_cells_lines() -> None:
    """条款 | 意见 with 第8条's cell holding "原文与修改：" over a small table (原文 | … / 修改为 | …):
    that table gives no comments of its own, so its rows are the cell's words, on 第8条. A table
    in a cell with a header of its own (条款 | 修改意见) stays a table."""
    layout = table(row(cell(p(r("原文"))), cell(p(r("积极推行平等协商集体合同")))),
                   row(cell(p(r("修改为"))), cell(p(r("在客运行业推行行业性工资集体协商")))))
    body = table(row(cell(p(r("条款"))), cell(p(r("意见")))),
                 row(cell(p(r("第8条"))), cell(p(r("原文与修改：")), layout, p(r("")))))
    content = read_docx(raw_docx(body), "意见.docx")
    assert [(b.ref, b.text) for b in content.table_blocks] == [
        ("第8条", "原文与修改：\n原文：积极推行平等协商集体合同\n修改为：在客运行业推行行业性工资集体协商")]
    inner = table(row(cell(p(r("条款"))), cell(p(r("修改意见")))), row(cell(p(r("第五条"))), cell(p(r("删去“原则上”三字。")))))
    content = read_docx(raw_docx(table(row(cell(p(r("（可加行）")), inner, p(r("")))))), "意见.docx")
    assert [(b.ref, b.text) for b in content.table_blocks] == [("第五条", "删去“原则上”三字。")]


def test_a_table_numbering_items_inside_a_rows_cell_keeps_the_rows_clause() -> None:
    """"第十三条 | 两点： | 理由" over "① | 建议…" / "② | 建议…" in the cell: both on 13, ① ② number items."""
    items = table(row(cell(p(r("①"))), cell(p(r("建议服务项目中增加职工健康体检指导。")))),
                  row(cell(p(r("②"))), cell(p(r("建议设立心理咨询室并配备专业人员。")))))
    body = table(row(cell(p(r("序号"))), cell(p(r("条目"))), cell(p(r("修改建议"))), cell(p(r("理由")))),
                 row(cell(p(r("1"))), cell(p(r("第十三条"))), cell(p(r("两点：")), items, p(r(""))), cell(p(r("夜班多")))))
    content = read_docx(raw_docx(body), "意见.docx")
    assert [(b.ref, b.text, b.reason) for b in content.table_blocks] == [
        ("第十三条", "建议服务项目中增加职工健康体检指导。", "夜班多"), ("第十三条", "建议设立心理咨询室并配备专业人员。", "夜班多")]
