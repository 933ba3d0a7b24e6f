"""PDF sticky notes and chat-bubble boxes (parsers.printed.pdf.page_notes, parsers.printed.pages): notes on a PDF
of the draft are the comments, the draft's own text none; text in boxes that make no table is prose."""
from __future__ import annotations

import io
from pathlib import Path

import pdfplumber

from parsers.files.attachments import _pdf_of_the_draft
from parsers.placing.draft import parse_draft
from parsers.printed.layout import Paragraph, TableCells
from parsers.printed.pages import PageContent, page_blocks
from parsers.printed.pdf import page_notes
from parsers.records import AttachmentResult, Block

DRAFT = parse_draft((Path(__file__).resolve().parent.parent / "fixtures" / "campaign" / "draft.docx").read_bytes())


def _pdf_with_a_note(note: str) -> bytes:
    """One page, two lines of text, and a sticky note level with the second line."""
    contents = b"BT /F1 12 Tf 72 700 Td (First line of the page) Tj 0 -40 Td (Second line with the note) Tj ET"
    hexed = "FEFF" + note.encode("utf-16-be").hex().upper()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> /Annots [6 0 R] >>",
        b"<< /Length %d >>\nstream\n" % len(contents) + contents + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /Annot /Subtype /Text /Rect [540 655 560 675] /Contents <" + hexed.encode() + b"> >>",
    ]
    out = io.BytesIO(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % o for o in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def test_a_sticky_note_is_read_with_the_line_level_with_it() -> None:
    with pdfplumber.open(io.BytesIO(_pdf_with_a_note("建议明确民办学校工会主席也参照执行。"))) as pdf:
        notes = page_notes(pdf.pages[0])
    assert notes == (("建议明确民办学校工会主席也参照执行。", "Secondlinewiththenote"),)


def test_the_draft_as_a_pdf_gives_only_its_notes() -> None:
    lines = [c.heading + "。" + c.text for c in DRAFT.clauses[:6]]
    note = Block("margin_comment", "建议把教师师德师风建设写进去。", "批注1", quote=DRAFT.clauses[5].text[:30])
    prose = Block("paragraph", DRAFT.clauses[2].text, "第1段")
    result = AttachmentResult("稿.pdf", "pdf", "read", (prose, note), text="\n".join(lines))
    assert _pdf_of_the_draft(result, DRAFT).blocks == (note,)
    plain = AttachmentResult("意见.pdf", "pdf", "read", (prose,), text="第3条建议增加奖励。\n第5条建议明确培训经费来源。")
    assert _pdf_of_the_draft(plain, DRAFT) is plain


def test_boxes_that_make_no_table_are_read_as_lines() -> None:
    """A chat screenshot: each bubble a box of one cell; the comments in them are found."""
    bubbles = TableCells((("小南，征求意见稿我看完了，提三点意见：",), ("1.第十六条医院工会经费要单独核算",), ("好的主席",)),
                         (0.99, 0.99, 0.99), ((0, 0, 10, 10), (0, 20, 10, 30), (0, 40, 10, 50)))
    page = PageContent(1, (Paragraph("金主席", 0, 0, 10, 10, 0.99),), (bubbles,), ocr=True)
    blocks, _ = page_blocks(page, "附件")
    assert [b.text for b in blocks] == ["第十六条医院工会经费要单独核算"] and blocks[0].box == (0, 20, 10, 30)


def test_a_pdf_whose_info_pdfminer_refuses_is_read_from_pdfiums_copy() -> None:
    """/Author<gdgs17>: a hex string that is no hex (a converter's slip). pdfminer refuses the whole
    file; PDFium opens it, and its copy is read. A file neither opens stays corrupt."""
    import pytest

    from parsers.errors import CorruptFile
    from parsers.printed.pdf import read_pdf

    contents = b"BT /F1 12 Tf 72 700 Td (Line one of a reply with enough words) Tj ET"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n" % len(contents) + contents + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>", b"<</Author<gdgs17>\n/Creator<FEFF0057>>>"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    never = lambda image, number: None  # noqa: E731  # no page needs OCR here
    reading = read_pdf(bytes(out), "意见.pdf", never, 3)  # type: ignore[arg-type]
    assert "Line one of a reply" in reading.pages[0].text
    with pytest.raises(CorruptFile):
        read_pdf(b"%PDF-1.4\nnothing here\n", "坏.pdf", never, 3)  # type: ignore[arg-type]
