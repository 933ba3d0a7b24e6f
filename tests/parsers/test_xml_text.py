"""The yardstick of bench/real_files.py (bench/xml_text.py, bench/text_coverage.py) on small made files.

GIVEN a Word or Excel file made here with python-docx or openpyxl (and a little raw XML for what
they cannot write), WHEN the yardstick reads it, THEN it finds the text a reader of the file sees,
each piece labelled with where it sits, and nothing that was deleted or hidden.
"""

from __future__ import annotations

import datetime
import io
import sys
import zipfile
from pathlib import Path

import docx
import openpyxl
from docx.oxml import parse_xml
from openpyxl.comments import Comment

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from text_coverage import coverage, key_label  # noqa: E402
from xml_text import Piece, date_text, duration_text, number_text, read_office_text  # noqa: E402

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
MC = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
STRICT = {
    b"http://schemas.openxmlformats.org/wordprocessingml/2006/main": b"http://purl.oclc.org/ooxml/wordprocessingml/main",
    b"http://schemas.openxmlformats.org/officeDocument/2006/relationships": b"http://purl.oclc.org/ooxml/officeDocument/relationships",
}


def _word_file(tmp_path: Path) -> Path:
    """Body text, a nested table, a header, a tracked change, a content control, a text box."""
    document = docx.Document()
    document.add_paragraph("正文第一段")
    outer = document.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "外表格"
    outer.cell(0, 1).add_table(rows=1, cols=1).cell(0, 0).text = "内表格"
    document.sections[0].header.paragraphs[0].text = "页眉文字"
    body = document.element.body
    body.append(parse_xml(f'<w:p {W}><w:r><w:t>保留</w:t></w:r><w:ins w:id="1" w:author="a"><w:r><w:t>新增</w:t></w:r></w:ins>'
                          f'<w:del w:id="2" w:author="a"><w:r><w:delText>删去</w:delText></w:r></w:del></w:p>'))
    body.append(parse_xml(f'<w:sdt {W}><w:sdtContent><w:p><w:r><w:t>控件里的字</w:t></w:r></w:p></w:sdtContent></w:sdt>'))
    box = f'<w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent>'
    body.append(parse_xml(f'<w:p {W} {MC}><w:r><mc:AlternateContent><mc:Choice Requires="wps">{box}</mc:Choice>'
                          f'<mc:Fallback>{box}</mc:Fallback></mc:AlternateContent></w:r></w:p>'))
    path = tmp_path / "made.docx"
    document.save(str(path))
    return path


def test_word_text_as_it_reads_now_with_labels(tmp_path: Path) -> None:
    pieces = read_office_text(_word_file(tmp_path)).pieces
    labels = {p.text: p.labels for p in pieces}
    assert labels["正文第一段"] == ()
    assert labels["外表格"] == ("table",)
    assert labels["内表格"] == ("table", "nested w:tbl")
    assert labels["页眉文字"] == ("header/footer",)
    assert labels["保留"] == () and labels["新增"] == ("w:ins",)
    assert labels["控件里的字"] == ("w:sdt (block)",)
    assert labels["文本框"] == ("text box",)
    text = "".join(p.text for p in pieces)
    assert "删去" not in text
    assert text.count("文本框") == 1  # the mc:Fallback copy is not read twice


def test_strict_word_file_is_read(tmp_path: Path) -> None:
    made = _word_file(tmp_path)
    strict = tmp_path / "strict.docx"
    with zipfile.ZipFile(made) as source, zipfile.ZipFile(strict, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            for old, new in STRICT.items():
                data = data.replace(old, new)
            target.writestr(info, data)
    assert "正文第一段" in read_office_text(strict).text


def test_workbook_visible_cells_notes_and_dates(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "意见"
    sheet.append(["条款", "修改意见", 3, 0.5, True])
    sheet["A2"] = datetime.datetime(2024, 3, 1)
    sheet["B2"].comment = Comment("批注里的话", "审核人")
    hidden = book.create_sheet("模板")
    hidden["A1"] = "隐藏页的字"
    hidden.sheet_state = "hidden"
    buffer = io.BytesIO()
    book.save(buffer)
    path = tmp_path / "made.xlsx"
    path.write_bytes(buffer.getvalue())
    reading = read_office_text(path)
    texts = {p.text: p.labels for p in reading.pieces}
    assert texts["修改意见"] == ("sheet cell", "inline string")  # openpyxl writes inline strings
    assert texts["3"] == ("sheet cell", "number") and "0.5" in texts and texts["TRUE"] == ("sheet cell", "boolean")
    assert texts["2024-03-01"] == ("sheet cell", "date cell")
    assert any("批注里的话" in t and labels == ("cell note",) for t, labels in texts.items())
    assert "隐藏页的字" not in reading.text
    assert [p.text for p in reading.hidden] == ["隐藏页的字"]


def test_coverage_finds_split_text_and_names_what_is_missing() -> None:
    pieces = [Piece("第一条 建议删除“一律”二字", (), "word/document.xml"),
              Piece("文本框里的意见很长很长", ("text box",), "word/document.xml")]
    output = "第一条\n建议删除“一律”\n二字"  # the body paragraph, cut in lines; the text box lost
    result = coverage(pieces, output)
    assert result.by_key == {"text box": 11}
    assert round(result.share, 2) == round(13 / 24, 2)
    assert result.worst[0].key == "text box"


def test_coverage_counts_read_but_not_printed_apart() -> None:
    pieces = [Piece("一段不是意见的正文文字", (), "word/document.xml")]
    result = coverage(pieces, "", fallback="一段不是意见的正文文字")
    assert result.share == 0 and result.by_key == {"read, not printed": 11}


def test_key_label_names_a_change_inside_a_container() -> None:
    assert key_label(("table", "w:sdt (inline)", "w:ins")) == "w:ins in w:sdt (inline)"
    assert key_label(("table",)) == "table"
    assert key_label(()) == "body text"


def test_numbers_dates_and_durations_as_excel_shows_them() -> None:
    epoch = datetime.datetime(1899, 12, 30)
    assert number_text(3.0) == "3" and number_text(0.1) == "0.1"
    assert date_text(43831.0, epoch) == "2020-01-01"
    assert date_text(43831.5, epoch) == "2020-01-01 12:00"  # mailbot's form: the seconds when there are any
    assert date_text(43831.5 + 15 / 86400, epoch) == "2020-01-01 12:00:15"
    assert date_text(0.25, epoch) == "06:00"
    assert date_text(1.0, epoch) == "1900-01-01"  # before Excel's 1900-02-29 that never was
    assert duration_text(10 + (15 * 3600 + 10 * 60 + 10) / 86400) == "255:10:10"


def test_a_note_separator_typed_as_text_is_not_counted(tmp_path: Path) -> None:
    """Word draws a notes part's separator entries as the rule above the notes: not words."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from test_wordml import p, r, raw_docx

    notes = ('<w:footnote w:type="separator" w:id="-1">' + p(r("_______________")) + "</w:footnote>"
             '<w:footnote w:id="1">' + p(r("脚注的话")) + "</w:footnote>")
    path = tmp_path / "n.docx"
    path.write_bytes(raw_docx(p(r("正文")), footnotes=notes))
    assert [(x.text, x.labels) for x in read_office_text(path).pieces] == [("正文", ()), ("脚注的话", ("footnotes",))]


def test_antiword_note_marks_and_undecodable_characters_are_not_text() -> None:
    from xml_text import _without_note_marks

    text = "Paragraph 1[1]\nParagraph 2[i] and [3] kept\n[1] This is a footnote\n[i] This is an endnote\n"
    assert _without_note_marks(text) == "Paragraph 1\nParagraph 2 and [3] kept\nThis is a footnote\nThis is an endnote\n"


def test_a_package_with_backslashed_names_is_measured(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "反斜杠"
    buffer = io.BytesIO()
    workbook.save(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            target.writestr(name.replace("/", "\\") if name.startswith("xl/") else name, source.read(name))
    path = tmp_path / "b.xlsx"
    path.write_bytes(out.getvalue())
    assert [x.text for x in read_office_text(path).pieces] == ["反斜杠"]


def test_iso_date_cells_in_the_same_form_as_serials() -> None:
    from xml_text import iso_date_text

    assert [iso_date_text(v) for v in ("2021-01-01T00:00:00Z", "2021-01-01T10:10:10", "2021-01-01T10:10:00")] == [
        "2021-01-01", "2021-01-01 10:10:10", "2021-01-01 10:10"]
