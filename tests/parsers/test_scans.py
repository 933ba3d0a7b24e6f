"""Scans, photos, faxes and PDFs: OCR and page layout give the same comments as typed files.

Pages are made here (tests/scanmaker.py: Noto CJK text rendered, then skewed, stamped,
photographed); nothing is read from outside the repository."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import scanmaker as sm

from parsers.files.attachments import read_attachment
from parsers.placing.draft import parse_draft
from parsers.guard import Limits
from parsers.placing.mapping import map_block
from parsers.records import Attachment, AttachmentResult, Draft
from parsers.printed.scans import page_crop

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "campaign"
WHEN = dt.datetime(2014, 9, 18, 10, 0)
ROWS = [
    ("1", "第十二条", "建议把新建园区工会组建情况纳入年度目标考核，按季度通报进度。", "园区企业分散"),
    ("2", "第五部分第2条", "建议明确工会经费收缴比例由税务部门代收后全额划转。", "保证经费到位"),
    ("3", "第3条", "建议增加评选表彰优秀班组长的内容，激发一线职工积极性。", ""),
]
FORM = [
    sm.Title("和平街道总工会修改意见反馈表"),
    sm.Table(["序号", "条款", "修改意见", "理由"], ROWS, [0.08, 0.17, 0.5, 0.25]),
    sm.Signature("和平街道总工会", "2014年9月18日"),
]


@pytest.fixture(scope="module")
def draft() -> Draft:
    return parse_draft((FIXTURES / "draft.docx").read_bytes())


@pytest.fixture(scope="module")
def stamped_scan() -> bytes:
    page = sm.scanned(sm.render_page(FORM), seed=3, angle=1.2)
    return sm.to_image_pdf([page])


def read(data: bytes, name: str, draft: Draft, content_type: str = "application/octet-stream") -> AttachmentResult:
    return read_attachment(Attachment(name, content_type, data), draft, limits=Limits())


def clauses(result: AttachmentResult, draft: Draft) -> list[int | None]:
    return [c.clause for b in result.blocks for c in map_block(b, draft, result.filename)]


def test_a_stamped_scanned_table_reads_row_by_row(stamped_scan: bytes, draft: Draft) -> None:
    """GIVEN a printed comment table, stamped and scanned skewed as an image-only PDF WHEN read
    THEN each row is one comment with its clause cell, page and box, read by OCR."""
    result = read(stamped_scan, "反馈表（盖章）.pdf", draft)
    assert (result.type, result.status, result.ocr_pages) == ("pdf", "read", 1)
    assert clauses(result, draft) == [12, 16, 3]
    first = result.blocks[0]
    assert "纳入年度目标考核" in first.text and first.reason.startswith("园区")
    assert first.page == 1 and first.box is not None and first.ocr_score is not None
    assert "和平街道总工会" in result.text  # the title line names the unit


def test_a_sideways_phone_photo_is_turned_upright(draft: Draft) -> None:
    """GIVEN a photo stored sideways with EXIF orientation 6 WHEN read THEN EXIF is honoured."""
    page = sm.render_page([sm.Title("意见"), sm.Para("一、第十三条，建议把职工心理健康服务纳入帮扶内容。")])
    stored, exif = sm.exif_sideways(page, 6)
    result = read(sm.to_jpeg(sm.uneven_light(stored), exif=exif), "IMG_0001.jpg", draft, "image/jpeg")
    assert clauses(result, draft) == [13]
    stored, exif = sm.exif_sideways(page, 8)
    result = read(sm.to_jpeg(stored, exif=exif), "IMG_0002.jpg", draft, "image/jpeg")
    assert clauses(result, draft) == [13]


@pytest.mark.parametrize("degrees", [90, 180, 270])
def test_a_page_turned_in_the_scanner_is_found(degrees: int, draft: Draft) -> None:
    page = sm.rotate_page(sm.render_page([sm.Para("第十三条建议把职工心理健康服务纳入帮扶内容，每年组织一次心理疏导。")]), degrees)
    result = read(sm.to_png(page), "scan.png", draft)
    assert "心理健康服务纳入帮扶内容" in result.text.replace("\n", "")
    assert clauses(result, draft) == [13]


def test_a_fax_tiff_of_two_pages(draft: Draft) -> None:
    pages = sm.render_pages([sm.Title("关于《意见》的修改意见"), sm.Para("1.第3条建议增加劳动竞赛的奖励经费保障。"),
                             sm.PageBreak(), sm.Para("2.第16条建议明确联席会议每半年召开一次。")])
    result = read(sm.to_tiff([sm.fax_page(p) for p in pages]), "fax.tif", draft, "image/tiff")
    assert result.ocr_pages == 2
    assert clauses(result, draft) == [3, 16]


def test_a_word_file_holding_only_a_pasted_scan(draft: Draft) -> None:
    scan = sm.scanned(sm.render_page(FORM), seed=5, angle=0.6)
    result = read(sm.docx_with_picture(scan, WHEN), "意见.docx", draft)
    assert (result.type, result.status) == ("docx", "read")
    assert clauses(result, draft) == [12, 16, 3]


def test_a_blurred_thumbnail_is_unreadable_not_dropped(draft: Draft) -> None:
    tiny = sm.thumbnail(sm.scanned(sm.render_page(FORM)), (300, 210), 2.5)
    result = read(sm.to_jpeg(tiny), "扫描0001.jpg", draft, "image/jpeg")
    assert result.status == "error" and result.error.startswith("unreadable: 扫描0001.jpg")


def test_an_icon_is_decoration(draft: Draft) -> None:
    from PIL import Image

    result = read(sm.to_png(Image.new("RGB", (120, 40), "red")), "logo.png", draft, "image/png")
    assert result.status == "skipped"


def test_ocr_pages_are_limited(draft: Draft) -> None:
    pages = [sm.render_page([sm.Para(f"第{n}条建议补充相关内容。")]) for n in (1, 2, 3)]
    result = read_attachment(Attachment("多页.tif", "image/tiff", sm.to_tiff(pages, fax=False)), draft,
                             limits=Limits(ocr_pages=2))
    assert result.ocr_pages == 2 and "ocr_pages" in result.error


def test_the_crop_shows_the_comments_place(stamped_scan: bytes, draft: Draft) -> None:
    import io

    from PIL import Image

    result = read(stamped_scan, "scan.pdf", draft)
    comment = map_block(result.blocks[1], draft, result.filename)[0]
    assert comment.box is not None
    box = " ".join([",".join(f"{v:.0f}" for v in comment.box), comment.view])
    png = page_crop(stamped_scan, "pdf", 1, box)
    crop = Image.open(io.BytesIO(png))
    assert 0 < crop.height < 600 and crop.width > 800  # one table row, not the page


def _corpus_pdf(name: str) -> bytes:
    from parsers.mail.envelope import parse_envelope

    corpus = Path(__file__).resolve().parent.parent / "fixtures" / "corpus-scans"
    return next(a.data for a in parse_envelope((corpus / name).read_bytes()).attachments if a.data[:5] == b"%PDF-")


def test_a_pdf_with_only_an_owner_password_opens(draft: Draft) -> None:
    result = read(_corpus_pdf("s013.eml"), "意见.pdf", draft)
    assert result.status == "read" and result.ocr_pages == 0 and len(result.blocks) == 3


def test_a_pdf_that_needs_a_password_is_a_recorded_error(draft: Draft) -> None:
    import re

    locked = re.sub(rb"/U <[0-9A-F]+>", b"/U <" + b"AB" * 32 + b">", _corpus_pdf("s013.eml"))
    result = read(locked, "加密意见.pdf", draft)
    assert result.status == "error" and result.error.startswith("encrypted: 加密意见.pdf") and "密码" in result.error


def test_a_word_file_with_a_cover_line_and_a_pasted_scan(draft: Draft) -> None:
    """"意见见下图" typed, the stamped table pasted as a picture: the picture is read too."""
    import io

    import docx
    from docx.shared import Cm

    document = docx.Document()
    document.add_paragraph("和平街道总工会：我会意见见下图（盖章件）。")
    picture = io.BytesIO(sm.to_jpeg(sm.scanned(sm.render_page(FORM), seed=7, angle=0.4)))
    document.add_picture(picture, width=Cm(15))
    out = io.BytesIO()
    document.save(out)
    result = read(out.getvalue(), "意见.docx", draft)
    assert clauses(result, draft) == [12, 16, 3]
    assert "意见见下图" in result.text


def test_an_ocr_failure_is_an_unreadable_attachment_not_a_failed_message(draft: Draft, monkeypatch: pytest.MonkeyPatch) -> None:
    import parsers.printed.ocr

    def broken(image: object) -> object:
        raise RuntimeError("onnxruntime: bad allocation")

    monkeypatch.setattr(parsers.printed.ocr, "read_picture", broken)
    result = read(sm.to_png(sm.render_page(FORM)), "scan.png", draft)
    assert result.status == "error" and result.error.startswith("unreadable: scan.png: 识别失败（RuntimeError")

    def missing(image: object) -> object:
        raise ImportError("libGL.so.1: cannot open shared object file")

    monkeypatch.setattr(parsers.printed.ocr, "read_picture", missing)
    result = read(sm.to_png(sm.render_page(FORM)), "scan.png", draft)
    assert result.error.startswith("unsupported: scan.png: 本机无法进行文字识别") and "libgl1" in result.error


def test_a_slip_saying_only_none_is_read_not_unreadable() -> None:
    """GIVEN a picture whose only printed words are 无意见 (the rest a scrawl) WHEN read THEN it
    is read (too few words for a page, but they say none), so the reply is the unit's 无意见."""
    import io

    from PIL import Image, ImageDraw

    from parsers.comments.segment import says_no_comment
    from parsers.printed.scans import read_picture_file

    image = Image.new("RGB", (900, 500), "white")
    draw = ImageDraw.Draw(image)
    draw.text((300, 200), "无意见", font=sm.font(60), fill="black")
    draw.line([(80, 380), (300, 400), (420, 360)], fill="navy", width=4)  # a signature's scrawl
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    result = read_picture_file(buffer.getvalue(), "slip.png", "image", Limits())
    assert result.status == "read" and not result.blocks and says_no_comment(result.text)


def test_a_parts_heading_merged_across_a_scanned_table_heads_its_rows(draft: Draft) -> None:
    """"五、加强和创新工会工作的组织领导" in one cell across the table is no comment (its words are
    not cut into the columns below), and the row under it saying 本部分 is that part's."""
    form = [sm.Title("州交通工会修改意见"),
            sm.Table(["序号", "条款", "修改意见"], [
                ("二、发挥工人阶级主力军作用",),
                ("1", "第5条", "建议把公路养护机械操作工纳入技能人才培养计划。"),
                ("五、加强和创新工会工作的组织领导",),
                ("2", "本部分", "建议本部分增加交通主管部门支持行业工会工作的要求。")], [0.1, 0.2, 0.7], pad=24),
            sm.Signature("州交通工会", "2014年9月20日")]
    result = read(sm.to_image_pdf([sm.scanned(sm.render_page(form), seed=5)]), "交通工会.pdf", draft)
    assert [b.text[:6] for b in result.blocks] == ["建议把公路养", "建议本部分增"]
    assert [(c.scope, c.clause, c.section) for b in result.blocks for c in map_block(b, draft, result.filename)] == [
        ("clause", 5, 2), ("section", None, 5)]


def test_a_clause_cell_merged_down_over_two_rows_places_both(draft: Draft) -> None:
    """The 条款 cell "第8条" covers two rows (the rule across stops short of that column): both
    rows' comments are clause 8's."""
    import numpy as np
    from PIL import ImageDraw

    from parsers.printed.ocr import find_grids

    form = [sm.Title("财贸工会修改意见"),
            sm.Table(["序号", "条款", "修改意见"], [
                ("1", "", "建议把夜班津贴标准列为集体协商内容。"),
                ("2", "第8条", "建议大型商场设立劳动争议调解室。"),
                ("3", "第17条", "建议将商业街区作为区域性工会组建重点。")], [0.1, 0.2, 0.7], pad=24),
            sm.Signature("州财贸工会", "2014年9月21日")]
    page = sm.render_page(form)
    (grid,) = find_grids(np.array(page.convert("L")))
    edge, left, right = grid.rows[2], grid.columns[1], grid.columns[2]  # the rule between rows 1 and 2, column 条款
    ImageDraw.Draw(page).rectangle([left + 4, edge - 4, right - 4, edge + 4], fill="white")
    result = read(sm.to_image_pdf([sm.scanned(page, seed=4)]), "财贸工会.pdf", draft)
    assert clauses(result, draft) == [8, 8, 17]


def test_a_scanners_16_bit_grey_png_is_read(draft: Draft) -> None:
    """A scanner saving 16-bit grey (PIL mode I;16): brought to 8 bits, not clipped to white."""
    import io

    import numpy as np
    from PIL import Image

    grey = np.asarray(sm.scanned(sm.render_page(FORM), seed=3).convert("L"), dtype=np.uint16) * 257
    out = io.BytesIO()
    Image.fromarray(grey).save(out, "PNG")  # a uint16 array: mode I;16
    result = read(out.getvalue(), "scan0018.png", draft)
    assert result.status == "read" and clauses(result, draft) == [12, 16, 3]
