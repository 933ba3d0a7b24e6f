"""Fast checks of tests/scanmaker.py, the page renderer behind tests/fixtures/corpus-scans."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import docx
import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
import pytest
import scanmaker as sm
from PIL import Image, ImageOps

WHEN = dt.datetime(2014, 9, 15, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
ROWS = [["1", "第3条", "建议增加职工合理化建议奖励办法，按产生的效益给予适当奖励。", "激发职工参与热情。"]]


def _page(seal: bool = True) -> Image.Image:
    return sm.render_page([sm.Title("某某工会关于征求意见稿的修改意见"),
                           sm.Table(["序号", "条款", "修改意见", "理由"], ROWS, [0.08, 0.13, 0.49, 0.3]),
                           sm.Signature("某某工会", "二〇一四年九月十五日", seal=seal)])


@pytest.fixture(scope="module")
def page() -> Image.Image:
    return _page()


def test_page_is_a4_at_200_dpi(page: Image.Image) -> None:
    assert page.size == sm.A4 == (1654, 2339)
    assert page.mode == "RGB"


def test_sc_face_is_chosen() -> None:
    assert sm.font(30).getname()[0] == "Noto Serif CJK SC"
    assert sm.font(30, "sans", bold=True).getname()[0] == "Noto Sans CJK SC"


def test_wrap_keeps_lines_inside_width_and_punctuation_off_line_starts() -> None:
    fnt = sm.font(33)
    lines = sm.wrap("建议增加职工合理化建议奖励办法，按产生的效益给予适当奖励。" * 3, fnt, 400)
    assert len(lines) > 3
    assert all(fnt.getlength(line) <= 400 for line in lines)
    assert not any(line[0] in sm.NO_LINE_START for line in lines)


def test_long_content_flows_onto_more_pages() -> None:
    pages = sm.render_pages([sm.Para("工会工作" * 40) for _ in range(30)], sm.PageStyle(footer="第 {n} 页"))
    assert len(pages) >= 2
    with pytest.raises(ValueError):
        sm.render_page([sm.Para("工会工作" * 40) for _ in range(30)])


def test_seal_is_red_and_only_with_seal(page: Image.Image) -> None:
    def red(img: Image.Image) -> int:
        rgb = np.asarray(img, dtype=np.int32)
        return int(((rgb[..., 0] > 150) & (rgb[..., 1] < 120) & (rgb[..., 2] < 120)).sum())

    assert red(page) > 2000
    assert red(_page(seal=False)) == 0


def test_exif_orientation_is_written_and_restores_upright(page: Image.Image) -> None:
    small = page.resize((400, 566))
    for orientation in (6, 8):
        stored, exif = sm.exif_sideways(small, orientation)
        assert stored.size == (566, 400)
        shown = Image.open(io.BytesIO(sm.to_jpeg(stored, exif=exif)))
        assert shown.getexif()[sm.EXIF_ORIENTATION] == orientation
        upright = ImageOps.exif_transpose(shown)
        assert upright.size == small.size
        diff = np.abs(np.asarray(upright.convert("L"), np.int32) - np.asarray(small.convert("L"), np.int32))
        assert diff.mean() < 8


def test_fax_tiff_is_multipage_one_bit_and_squashed(page: Image.Image) -> None:
    faxed = [sm.fax_page(page), sm.fax_page(page, seed=1)]
    tiff = Image.open(io.BytesIO(sm.to_tiff(faxed)))
    assert tiff.n_frames == 2
    assert tiff.mode == "1"
    assert tiff.size == (sm.FAX_WIDTH, sm.A4[1] // 2)
    assert tuple(tiff.info["dpi"]) == (200, 100)
    assert tiff.info["compression"] == "group3"
    assert sm.unsquash(tiff).height == 2 * tiff.height


def test_image_pdf_has_pages_and_no_text_layer(page: Image.Image) -> None:
    data = sm.to_image_pdf([sm.gray(page), sm.rotate_page(page, 270)], when=WHEN)
    document = pdfium.PdfDocument(data)
    assert len(document) == 2
    assert [round(x) for x in document[0].get_size()] == [595, 842]
    assert [round(x) for x in document[1].get_size()] == [842, 595]
    assert all(document[i].get_textpage().get_text_range() == "" for i in range(2))
    assert data == sm.to_image_pdf([sm.gray(page), sm.rotate_page(page, 270)], when=WHEN)


def test_degradations_keep_size_and_are_reproducible(page: Image.Image) -> None:
    first = sm.scanned(page, seed=5, angle=1.5)
    assert first.size == page.size and first.mode == "L"
    assert np.array_equal(np.asarray(first), np.asarray(sm.scanned(page, seed=5, angle=1.5)))
    assert sm.photograph(page.resize((413, 584)), seed=1, size=(300, 400)).size == (300, 400)
    assert sm.thumbnail(page).size == (300, 200)
    assert sm.bilevel(page).mode == "1"


def test_docx_with_picture_has_no_text_and_is_reproducible(page: Image.Image) -> None:
    small = page.resize((827, 1170))
    data = sm.docx_with_picture(small, WHEN)
    document = docx.Document(io.BytesIO(data))
    assert len(document.inline_shapes) == 1
    assert "".join(p.text for p in document.paragraphs) == ""
    assert not document.tables
    assert data == sm.docx_with_picture(small, WHEN)


def test_xlsx_with_picture_holds_one_image(page: Image.Image) -> None:
    data = sm.xlsx_with_picture(page.resize((413, 584)), WHEN)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert [n for n in archive.namelist() if n.startswith("xl/media/")]


def test_word_document_has_a_grid_table() -> None:
    data = sm.word_document([sm.Title("修改意见"), sm.Table(["序号", "条款", "修改意见", "理由"], ROWS,
                                                          [0.08, 0.13, 0.49, 0.3])], WHEN)
    table = docx.Document(io.BytesIO(data)).tables[0]
    assert table.style.name == "Table Grid"
    assert table.cell(1, 2).text == ROWS[0][2]


def _tiny_pdf(text: str) -> bytes:
    """A one-page classic-xref PDF with /ID, as LibreOffice would lay it out."""
    content = f"BT /F1 24 Tf 72 700 Td ({text}) Tj ET".encode()
    bodies = [b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
              b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources<</Font<</F1 5 0 R>>>>/Contents 4 0 R>>",
              b"<</Length %d>>\nstream\n%s\nendstream" % (len(content), content),
              b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>", b"<</Producer(test \\(tiny\\))/Title<FEFF0041>>>"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(bodies, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += (b"trailer\n<</Size %d/Root 1 0 R/Info 6 0 R/ID[<0123456789ABCDEF0123456789ABCDEF>"
            b"<0123456789ABCDEF0123456789ABCDEF>]>>\nstartxref\n%d\n%%%%EOF\n" % (len(bodies) + 1, xref))
    return bytes(out)


def test_owner_password_pdf_opens_without_password_and_keeps_text() -> None:
    plain = _tiny_pdf("Hello owner")
    assert pdfium.PdfDocument(plain)[0].get_textpage().get_text_range() == "Hello owner"
    locked = sm.encrypt_pdf_owner(plain, "secret")
    assert b"/Encrypt" in locked and b"Hello owner" not in locked
    document = pdfium.PdfDocument(locked)
    assert document[0].get_textpage().get_text_range() == "Hello owner"
    assert pdfium_raw.FPDF_GetSecurityHandlerRevision(document.raw) == 3
    assert pdfium_raw.FPDF_GetDocPermissions(document.raw) & 0xFFFFFFFF == (-3900) & 0xFFFFFFFF
    assert document.get_metadata_dict()["Producer"] == "test (tiny)"
