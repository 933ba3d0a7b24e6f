"""意见采纳情况表: each comment, who made it, and whether (and why) it was adopted.

Pure: records in, bytes out. The .docx is printable as is (A4 landscape, a
table whose header row repeats on every page, 仿宋 body); the .xlsx writes its
cells through reports.spreadsheet.cells so comment text can never become a formula.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table
from parsers.records import Draft
from reports.spreadsheet.cells import safe_cell
from reports.spreadsheet.layout import Column
from reports.spreadsheet.sheets import Line, new_workbook, write_table
from reports.placement import place_key, place_label, unit_key, unit_label, unit_ranker

TITLE = "意见采纳情况表"
COLUMNS = (("序号", 6), ("条款", 14), ("提出单位", 20), ("意见内容", 60), ("是否采纳", 12), ("说明", 36))
# The .xlsx: the comment takes what the page leaves, the others their content's width up to COLUMNS'.
XLSX_COLUMNS = tuple(Column(name, 4, width, flex=name == "意见内容") for name, width in COLUMNS)
DOCX_WIDTHS_CM = (1.4, 2.4, 3.6, 11.0, 2.2, 6.1)  # 26.7 cm: A4 landscape less 1.5 cm margins
BODY_FONT = "仿宋"
TITLE_FONT = "黑体"


@dataclass(frozen=True)
class AdoptionRow:
    """One line of the table.

    :ivar place: 第3条, 第二部分（整体） or 全文
    :ivar text: the comment, with its reason (理由) on a new line when it gave one
    :ivar decision: 采纳 / 部分采纳 / 不采纳 / 已有相关表述, or "" while undecided
    :ivar note: the reason for the decision (说明)
    """

    number: int
    place: str
    unit: str
    text: str
    decision: str
    note: str
    comment_id: str = ""


def adoption_rows(
    *, draft: Draft, comments: Sequence[Mapping[str, Any]], decisions: Mapping[str, Mapping[str, Any]],
    roster: Sequence[str],
) -> list[AdoptionRow]:
    """Rows ordered by clause (then sections, then whole text), then by roster order."""
    ranks = unit_ranker(roster)
    ordered = sorted(comments, key=lambda c: (place_key(c), unit_key(unit_label(c), ranks)))
    return [adoption_row(n, c, decisions.get(str(c.get("id")), {}), draft) for n, c in enumerate(ordered, start=1)]


def adoption_row(number: int, comment: Mapping[str, Any], decided: Mapping[str, Any], draft: Draft) -> AdoptionRow:
    """One comment's line: its text with its reason (理由), its decision and the decision's reason."""
    text = str(comment.get("text") or "")
    if comment.get("reason"):
        text += f"\n理由：{comment['reason']}"
    return AdoptionRow(
        number, place_label(comment, draft)[0], unit_label(comment), text, str(decided.get("decision") or ""),
        str(decided.get("reason") or ""), str(comment.get("id") or ""),
    )


def _values(row: AdoptionRow) -> list[object]:
    return [row.number, row.place, row.unit, row.text, row.decision, row.note]


# .xlsx ------------------------------------------------------------------------
def adoption_xlsx(rows: Sequence[AdoptionRow], campaign_title: str) -> bytes:
    out = io.BytesIO()
    workbook, styles = new_workbook(out, f"{campaign_title} {TITLE}")
    write_table(workbook, styles, title=TITLE, columns=XLSX_COLUMNS, lines=[Line(_values(row)) for row in rows],
                page_heading=f"{campaign_title} {TITLE}")
    workbook.close()
    return out.getvalue()


# .docx ------------------------------------------------------------------------
def adoption_docx(rows: Sequence[AdoptionRow], campaign_title: str) -> bytes:
    document = Document()
    _landscape_a4(document)
    _fonts(document)
    _heading(document, TITLE, size=18, font=TITLE_FONT)
    _heading(document, f"《{_clean(campaign_title)}》", size=12, font=BODY_FONT)
    table = document.add_table(rows=1, cols=len(COLUMNS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for cell, (name, _width) in zip(table.rows[0].cells, COLUMNS):
        cell.paragraphs[0].add_run(name).bold = True
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _repeat_header(table)
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, _values(row)):
            cell.paragraphs[0].add_run(_clean(value))
    _column_widths(table)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _clean(value: object) -> str:
    """Text without the control characters XML cannot hold (mail can carry them)."""
    clean = safe_cell(value)
    return "" if clean is None else str(clean)


def _landscape_a4(document: Any) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(1.5))
    section.top_margin = section.bottom_margin = Cm(1.8)


def _set_font(run_or_style_font: Any, element: Any, name: str) -> None:
    """Latin and East Asian font both, or Word shows Chinese in its default CJK font."""
    run_or_style_font.name = name
    rpr = element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.append(rfonts)
    rfonts.set(qn("w:eastAsia"), name)


def _fonts(document: Any) -> None:
    normal = document.styles["Normal"]
    _set_font(normal.font, normal.element, BODY_FONT)
    normal.font.size = Pt(12)


def _heading(document: Any, text: str, *, size: int, font: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    _set_font(run.font, run._r, font)  # noqa: SLF001 - python-docx has no API for w:eastAsia


def _repeat_header(table: Table) -> None:
    """w:tblHeader on the first row: Word repeats it at the top of every page."""
    tr_pr = table.rows[0]._tr.get_or_add_trPr()  # noqa: SLF001 - no public API for this
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    tr_pr.append(flag)


def _column_widths(table: Table) -> None:
    """Widths on the grid, the table and every cell: Word and LibreOffice each read a different one."""
    tbl_w = table._tbl.tblPr.find(qn("w:tblW"))  # noqa: SLF001 - no public API for the table's width
    tbl_w.set(qn("w:type"), "dxa")
    tbl_w.set(qn("w:w"), str(sum(Cm(w).twips for w in DOCX_WIDTHS_CM)))
    for column, width in zip(table.columns, DOCX_WIDTHS_CM):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)
