"""Render fake scanned pages and pack them the way 2014 offices sent them.

Used by tests/fixtures/make_scan_corpus.py and tests/test_scanmaker.py.

A page is described by a list of blocks (:class:`Title`, :class:`Para`,
:class:`Table`, :class:`Signature`, :class:`Spacer`) and drawn with the Noto
CJK SC faces at 200 dpi on A4 (1654x2339 px).  The same blocks can also be
written as a real Word document (:func:`word_document`) and turned into a
text-layer PDF by LibreOffice (:func:`docx_to_pdf`).

Degradations (skew, noise, blur, uneven light, seals, fax, rotation, EXIF
orientation, phone photos) are plain functions ``Image -> Image`` that take a
``seed`` wherever chance is involved, so every output is reproducible.
Writers turn pages into the bytes of JPEG, PNG, TIFF, image-only PDF, .docx
and .xlsx files, with fixed dates so that the same input gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import math
import os
import re
import shutil
import subprocess
import tempfile
import time
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.text.run import Run

DPI = 200
A4 = (1654, 2339)
FAX_WIDTH = 1728
FONT_DIR = "/usr/share/fonts/opentype/noto"
FACES = {
    ("serif", False): "NotoSerifCJK-Regular.ttc",
    ("serif", True): "NotoSerifCJK-Bold.ttc",
    ("sans", False): "NotoSansCJK-Regular.ttc",
    ("sans", True): "NotoSansCJK-Bold.ttc",
}
WHITE = (255, 255, 255)
INK = (20, 20, 20)
SEAL_RED = (214, 38, 45)
NO_LINE_START = set("，。、；：！？）》」』”’…%,.;:!?)]")
NO_LINE_END = set("（《「『“‘([")
EXIF_ORIENTATION = 274
#: Word fonts for documents LibreOffice turns into PDFs here: installed CJK faces everywhere.
LO_FONTS = ("Noto Serif CJK SC", "Noto Sans CJK SC", "Noto Serif CJK SC")


def pt(points: float, dpi: int = DPI) -> int:
    """Pixels of a font size or length given in points."""
    return round(points * dpi / 72)


def cm(length: float, dpi: int = DPI) -> int:
    """Pixels of a length given in centimetres."""
    return round(length / 2.54 * dpi)


@lru_cache(maxsize=64)
def font(size: int, face: str = "serif", bold: bool = False) -> ImageFont.FreeTypeFont:
    """The Simplified-Chinese face of a Noto CJK collection at `size` px."""
    path = os.path.join(FONT_DIR, FACES[(face, bold)])
    for index in range(10):
        candidate = ImageFont.truetype(path, size, index=index)
        if candidate.getname()[0].endswith("CJK SC"):
            return candidate
    raise LookupError(f"no SC face in {path}")


# --------------------------------------------------------------------- blocks


@dataclass
class Title:
    """A centred heading line (wraps if long)."""

    text: str
    size: int = pt(18)
    bold: bool = True
    face: str = "serif"
    align: str = "center"
    space_after: int = pt(14)


@dataclass
class Para:
    """A paragraph wrapped at the right margin, first line indented by `indent` characters."""

    text: str
    size: int = pt(14)
    indent: float = 2
    align: str = "left"
    face: str = "serif"
    bold: bool = False
    spacing: float = 1.55
    space_after: int = 0


@dataclass
class Table:
    """A ruled comment table; `widths` are fractions of the text width. A row of one cell is
    merged across the table."""

    header: Sequence[str]
    rows: Sequence[Sequence[str]]
    widths: Sequence[float]
    size: int = pt(12)
    face: str = "serif"
    pad: int = 12
    rule: int = 2
    centred: Sequence[int] = (0,)
    spacing: float = 1.4


@dataclass
class Signature:
    """Unit name and date at the right; a red seal over the unit name when `seal`."""

    unit: str
    date: str
    size: int = pt(14)
    seal: bool = True
    seal_text: str | None = None
    seal_seed: int = 0
    right_chars: float = 2


@dataclass
class Spacer:
    """Vertical space in pixels."""

    height: int


@dataclass
class PageBreak:
    """Start a new page."""


Block = Title | Para | Table | Signature | Spacer | PageBreak


@dataclass
class PageStyle:
    """Paper size, margins (top, right, bottom, left) and optional running lines."""

    size: tuple[int, int] = A4
    margins: tuple[int, int, int, int] = (cm(2.6), cm(2.4), cm(2.4), cm(2.6))
    background: tuple[int, int, int] = WHITE
    ink: tuple[int, int, int] = INK
    footer: str | None = None
    footer_size: int = pt(11)
    header: str | None = None
    header_size: int = pt(9)

    @property
    def text_width(self) -> int:
        return self.size[0] - self.margins[1] - self.margins[3]


# --------------------------------------------------------------------- wrapping


def _is_word_char(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in "%.-")


def wrap(text: str, fnt: ImageFont.FreeTypeFont, width: float, first_indent: float = 0) -> list[str]:
    """Break `text` into lines no wider than `width` px (CJK rules, ASCII runs kept whole)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, used, limit = "", 0.0, width - first_indent
        for ch in paragraph:
            w = fnt.getlength(ch)
            if used + w <= limit or not line:
                line, used = line + ch, used + w
                continue
            line, carry = _split_point(line, ch)
            lines.append(line)
            line = carry + ch
            used, limit = fnt.getlength(line), width
        lines.append(line)
    return lines


def _split_point(line: str, ch: str) -> tuple[str, str]:
    """Where to cut `line` when `ch` does not fit: returns (kept, carried to next line)."""
    cut = len(line)
    if ch in NO_LINE_START:
        cut -= 1
    while cut > 1 and line[cut - 1] in NO_LINE_END:
        cut -= 1
    if _is_word_char(ch):
        start = cut
        while start > 0 and _is_word_char(line[start - 1]):
            start -= 1
        if start > len(line) // 2:
            cut = start
    return line[:cut], line[cut:]


def table_cell_lines(table: Table, style: PageStyle, row: Sequence[str], column: int) -> list[str]:
    """The lines a table cell is drawn as (for checking where a cell wraps)."""
    widths = _column_widths(table, style)
    return wrap(row[column], font(table.size, table.face), widths[column] - 2 * table.pad)


def para_lines(para: Para, style: PageStyle) -> list[str]:
    """The lines a paragraph is drawn as."""
    fnt = font(para.size, para.face, para.bold)
    return wrap(para.text, fnt, style.text_width, para.indent * para.size)


# --------------------------------------------------------------------- layout


class _Writer:
    """Lays blocks out top to bottom, opening a new page when one is full."""

    def __init__(self, style: PageStyle) -> None:
        self.style = style
        self.pages: list[Image.Image] = []
        self.new_page()

    def new_page(self) -> None:
        self.page = Image.new("RGB", self.style.size, self.style.background)
        self.draw = ImageDraw.Draw(self.page)
        self.pages.append(self.page)
        self.y = self.style.margins[0]

    @property
    def left(self) -> int:
        return self.style.margins[3]

    @property
    def right(self) -> int:
        return self.style.size[0] - self.style.margins[1]

    def room(self) -> int:
        return self.style.size[1] - self.style.margins[2] - self.y

    def need(self, height: int) -> None:
        if height > self.room() and self.y > self.style.margins[0]:
            self.new_page()

    def text(self, xy: tuple[float, float], line: str, fnt: ImageFont.FreeTypeFont) -> None:
        self.draw.text(xy, line, font=fnt, fill=self.style.ink)


def _line_height(size: int, spacing: float) -> int:
    return round(size * spacing)


def _draw_lines(w: _Writer, lines: list[str], fnt: ImageFont.FreeTypeFont, align: str,
                line_h: int, first_indent: float = 0) -> None:
    for index, line in enumerate(lines):
        w.need(line_h)
        width = fnt.getlength(line)
        if align == "center":
            x = (w.left + w.right - width) / 2
        elif align == "right":
            x = w.right - width
        else:
            x = w.left + (first_indent if index == 0 else 0)
        w.text((x, w.y), line, fnt)
        w.y += line_h


def _render_title(w: _Writer, block: Title) -> None:
    fnt = font(block.size, block.face, block.bold)
    lines = wrap(block.text, fnt, w.style.text_width)
    _draw_lines(w, lines, fnt, block.align, _line_height(block.size, 1.45))
    w.y += block.space_after


def _render_para(w: _Writer, block: Para) -> None:
    fnt = font(block.size, block.face, block.bold)
    indent = block.indent * block.size if block.align == "left" else 0
    lines = wrap(block.text, fnt, w.style.text_width, indent)
    _draw_lines(w, lines, fnt, block.align, _line_height(block.size, block.spacing), indent)
    w.y += block.space_after


def _column_widths(table: Table, style: PageStyle) -> list[int]:
    total = sum(table.widths)
    widths = [round(style.text_width * f / total) for f in table.widths]
    widths[-1] = style.text_width - sum(widths[:-1])
    return widths


def _render_table(w: _Writer, block: Table) -> None:
    widths = _column_widths(block, w.style)
    _render_row(w, block, widths, block.header, font(block.size, block.face, True), header=True)
    for row in block.rows:
        _render_row(w, block, widths, row, font(block.size, block.face), header=False)
    w.y += block.size


def _render_row(w: _Writer, block: Table, widths: list[int], cells: Sequence[str],
                fnt: ImageFont.FreeTypeFont, header: bool) -> None:
    line_h = _line_height(block.size, block.spacing)
    if len(cells) == 1 and len(widths) > 1:  # one cell merged across the table (a part's heading)
        widths = [sum(widths)]
    wrapped = [wrap(text, fnt, width - 2 * block.pad) for text, width in zip(cells, widths)]
    height = max(len(lines) for lines in wrapped) * line_h + 2 * block.pad
    w.need(height)
    top, x = w.y, w.left
    for column, (lines, width) in enumerate(zip(wrapped, widths)):
        centred = header or column in block.centred
        text_h = len(lines) * line_h
        y = top + block.pad + ((height - 2 * block.pad - text_h) / 2 if centred else 0)
        for line in lines:
            lx = x + (width - fnt.getlength(line)) / 2 if centred else x + block.pad
            w.text((lx, y + (line_h - block.size) / 2 - block.size * 0.12), line, fnt)
            y += line_h
        w.draw.rectangle([x, top, x + width, top + height], outline=w.style.ink, width=block.rule)
        x += width
    w.y = top + height - block.rule


def _render_signature(w: _Writer, block: Signature) -> None:
    fnt = font(block.size, "serif")
    line_h = _line_height(block.size, 1.6)
    w.need(2 * line_h + block.size * 4)
    w.y += block.size * 2
    lines = [block.unit, block.date]
    widest = max(fnt.getlength(line) for line in lines)
    centre_x = w.right - block.right_chars * block.size - widest / 2
    unit_centre = (centre_x, w.y + block.size / 2)
    for line in lines:
        w.text((centre_x - fnt.getlength(line) / 2, w.y), line, fnt)
        w.y += line_h
    if block.seal:
        radius = cm(2.1)
        centre = (unit_centre[0] + radius * 0.15, unit_centre[1] + radius * 0.35)
        w.page.paste(seal(w.page, centre, radius, block.seal_text or block.unit, block.seal_seed))


def _render_block(w: _Writer, block: Block) -> None:
    if isinstance(block, Title):
        _render_title(w, block)
    elif isinstance(block, Para):
        _render_para(w, block)
    elif isinstance(block, Table):
        _render_table(w, block)
    elif isinstance(block, Signature):
        _render_signature(w, block)
    elif isinstance(block, PageBreak):
        w.new_page()
    else:
        w.need(block.height)
        w.y += block.height


def _running_lines(pages: list[Image.Image], style: PageStyle) -> None:
    """Draw the page-number footer and the fax-style header line on every page."""
    for number, page in enumerate(pages, start=1):
        draw = ImageDraw.Draw(page)
        if style.footer:
            text = style.footer.format(n=number, total=len(pages))
            fnt = font(style.footer_size, "serif")
            y = style.size[1] - style.margins[2] + style.margins[2] // 3
            draw.text(((style.size[0] - fnt.getlength(text)) / 2, y), text, font=fnt, fill=style.ink)
        if style.header:
            text = style.header.format(n=number, total=len(pages))
            draw.text((cm(0.6), cm(0.4)), text, font=font(style.header_size, "sans"), fill=style.ink)


def render_pages(blocks: Sequence[Block], style: PageStyle | None = None) -> list[Image.Image]:
    """Draw the blocks onto as many RGB pages as they need."""
    style = style or PageStyle()
    writer = _Writer(style)
    for block in blocks:
        _render_block(writer, block)
    _running_lines(writer.pages, style)
    return writer.pages


def render_page(blocks: Sequence[Block], style: PageStyle | None = None) -> Image.Image:
    """Draw the blocks onto one RGB page; raise ValueError if they do not fit."""
    pages = render_pages(blocks, style)
    if len(pages) != 1:
        raise ValueError(f"content needs {len(pages)} pages")
    return pages[0]


# --------------------------------------------------------------------- seal


def seal(page: Image.Image, centre: tuple[float, float], radius: int, text: str, seed: int = 0,
         colour: tuple[int, int, int] = SEAL_RED, opacity: float = 0.8) -> Image.Image:
    """`page` with a round red seal (ring, star, ring of text) pressed over it, ink multiplied in."""
    rng = np.random.default_rng(seed)
    mask = _seal_mask(radius, text, rng)
    mask = mask.rotate(float(rng.uniform(-18, 18)), resample=Image.Resampling.BICUBIC)
    alpha = np.asarray(mask, dtype=np.float32) / 255 * opacity
    alpha *= _mottle(mask.size, rng)
    box = (round(centre[0] - mask.width / 2), round(centre[1] - mask.height / 2))
    out = np.asarray(page.convert("RGB"), dtype=np.float32).copy()
    x0, y0 = max(box[0], 0), max(box[1], 0)
    x1, y1 = min(box[0] + mask.width, page.width), min(box[1] + mask.height, page.height)
    a = alpha[y0 - box[1]:y1 - box[1], x0 - box[0]:x1 - box[0], None]
    tint = np.array(colour, dtype=np.float32) / 255
    out[y0:y1, x0:x1] *= 1 - a * (1 - tint)
    return Image.fromarray(out.clip(0, 255).astype(np.uint8), "RGB")


def _seal_mask(radius: int, text: str, rng: np.random.Generator) -> Image.Image:
    size = 2 * radius + 16
    c = size / 2
    mask = Image.new("L", (size, size), 0)
    draw = ImageDraw.Draw(mask)
    ring = max(6, radius // 16)
    draw.ellipse([c - radius, c - radius, c + radius, c + radius], outline=255, width=ring)
    draw.polygon(_star(c, c, radius * 0.3), fill=255)
    _ring_text(mask, text, c, radius * 0.7, round(radius * 0.27))
    return mask


def _star(cx: float, cy: float, r: float) -> list[tuple[float, float]]:
    points = []
    for k in range(10):
        rr = r if k % 2 == 0 else r * 0.4
        angle = -math.pi / 2 + k * math.pi / 5
        points.append((cx + rr * math.cos(angle), cy + rr * math.sin(angle)))
    return points


def _ring_text(mask: Image.Image, text: str, c: float, r: float, size: int) -> None:
    """Set `text` round the top of the seal, each glyph upright towards the rim."""
    count = max(len(text), 1)
    step = max(size * 1.1 / r, math.radians(210) / count)
    if step * count > math.radians(290):
        step = math.radians(290) / count
        size = round(min(size, step * r / 1.05))
    fnt = font(size, "serif", True)
    span = step * count
    for index, ch in enumerate(text):
        theta = -math.pi / 2 - span / 2 + (index + 0.5) * step
        glyph = Image.new("L", (size * 2, size * 2), 0)
        ImageDraw.Draw(glyph).text((size / 2, size / 2 - size * 0.12), ch, font=fnt, fill=255)
        glyph = glyph.rotate(-math.degrees(theta + math.pi / 2), resample=Image.Resampling.BICUBIC)
        x, y = c + r * math.cos(theta) - size, c + r * math.sin(theta) - size
        mask.paste(255, (round(x), round(y)), glyph)


def _mottle(size: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
    small = rng.uniform(0.45, 1.0, (max(size[1] // 12, 2), max(size[0] // 12, 2)))
    field_ = Image.fromarray((small * 255).astype(np.uint8)).resize(size, Image.Resampling.BICUBIC)
    return np.asarray(field_, dtype=np.float32) / 255


# --------------------------------------------------------------------- degradations


def gray(img: Image.Image) -> Image.Image:
    """Greyscale copy."""
    return img.convert("L")


def skew(img: Image.Image, degrees: float) -> Image.Image:
    """Rotate by a small angle about the centre, filling the corners with paper white."""
    fill = 255 if img.mode == "L" else WHITE
    return img.rotate(degrees, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=fill)


def add_noise(img: Image.Image, sigma: float = 6.0, seed: int = 0) -> Image.Image:
    """Add gaussian sensor noise."""
    rng = np.random.default_rng(seed)
    arr = np.asarray(img, dtype=np.float32)
    grain = rng.normal(0, sigma, arr.shape[:2]).astype(np.float32)
    arr = arr + (grain[..., None] if arr.ndim == 3 else grain)
    return Image.fromarray(arr.clip(0, 255).astype(np.uint8), img.mode)


def specks(img: Image.Image, count: int = 300, seed: int = 0) -> Image.Image:
    """Scatter small dark dust specks, as on a dirty scanner glass."""
    rng = np.random.default_rng(seed)
    out = img.copy()
    draw = ImageDraw.Draw(out)
    fill = 90 if img.mode == "L" else (90, 90, 90)
    for _ in range(count):
        x, y = rng.uniform(0, img.width), rng.uniform(0, img.height)
        r = rng.uniform(0.5, 1.6)
        draw.ellipse([x - r, y - r, x + r, y + r], fill=fill)
    return out


def blur(img: Image.Image, radius: float = 1.0) -> Image.Image:
    """Gaussian blur (defocus, or a soft scanner)."""
    return img.filter(ImageFilter.GaussianBlur(radius))


def paper(img: Image.Image, tone: int = 238, seed: int = 0) -> Image.Image:
    """Make the white of the page a slightly grey, uneven paper tone."""
    rng = np.random.default_rng(seed)
    arr = np.asarray(img, dtype=np.float32)
    small = rng.uniform(-4, 4, (8, 6))
    wave = np.asarray(Image.fromarray(small.astype(np.float32), "F").resize(img.size, Image.Resampling.BICUBIC))
    scale = (tone + wave) / 255
    arr = arr * (scale[..., None] if arr.ndim == 3 else scale)
    return Image.fromarray(arr.clip(0, 255).astype(np.uint8), img.mode)


def uneven_light(img: Image.Image, strength: float = 0.35, seed: int = 0) -> Image.Image:
    """Darken the page away from a light source near one corner, as in a desk photo."""
    rng = np.random.default_rng(seed)
    h, w = img.height, img.width
    lx, ly = rng.uniform(-0.2, 0.5) * w, rng.uniform(-0.2, 0.4) * h
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    dist = np.hypot(xx - lx, yy - ly) / math.hypot(w, h)
    light = 1 - strength * np.clip(dist, 0, 1) ** 1.3
    arr = np.asarray(img, dtype=np.float32)
    arr = arr * (light[..., None] if arr.ndim == 3 else light)
    return Image.fromarray(arr.clip(0, 255).astype(np.uint8), img.mode)


def jpeg_artifacts(img: Image.Image, quality: int = 40) -> Image.Image:
    """Round-trip through JPEG at a low quality (as a re-saved or forwarded image)."""
    return Image.open(io.BytesIO(to_jpeg(img, quality=quality))).convert(img.mode)


def scanned(img: Image.Image, seed: int = 0, angle: float = 1.0, noise: float = 3.0,
            softness: float = 0.9, colour: bool = False) -> Image.Image:
    """A flatbed-scanner look: paper tone, sensor noise softened by the optics, skew, a few specks."""
    out = img.convert("RGB") if colour else gray(img)
    out = paper(out, seed=seed)
    out = add_noise(out, noise, seed=seed + 2)
    out = blur(out, softness)
    out = skew(out, angle)
    return specks(out, count=40, seed=seed + 1)


def bilevel(img: Image.Image, threshold: int = 160, dither: bool = False) -> Image.Image:
    """1-bit black and white, by threshold or Floyd-Steinberg dithering."""
    grey = gray(img)
    if dither:
        return grey.convert("1", dither=Image.Dither.FLOYDSTEINBERG)
    return grey.point(lambda v: 255 if v > threshold else 0).convert("1", dither=Image.Dither.NONE)


def fax_page(img: Image.Image, threshold: int = 150, seed: int = 0) -> Image.Image:
    """A G3 fax page: 200x100 dpi (squashed to half height), 1728 px wide, 1-bit."""
    grey = add_noise(blur(gray(img), 0.7), 10, seed)
    squashed = grey.resize((img.width, img.height // 2), Image.Resampling.LANCZOS)
    canvas = Image.new("L", (FAX_WIDTH, squashed.height), 255)
    canvas.paste(squashed, ((FAX_WIDTH - squashed.width) // 2, 0))
    page = bilevel(canvas, threshold)
    page.info["dpi"] = (200, 100)
    return page


def unsquash(img: Image.Image) -> Image.Image:
    """Stretch a page whose dpi differs across and down so its pixels are square."""
    dpi = img.info.get("dpi") or (1, 1)
    xdpi, ydpi = float(dpi[0]), float(dpi[1])
    if not ydpi or abs(xdpi - ydpi) < 1:
        return img
    return img.convert("L").resize((img.width, round(img.height * xdpi / ydpi)), Image.Resampling.LANCZOS)


def rotate_page(img: Image.Image, degrees: int) -> Image.Image:
    """Turn a page by 90, 180 or 270 degrees counter-clockwise (pixels really moved)."""
    turns = {90: Image.Transpose.ROTATE_90, 180: Image.Transpose.ROTATE_180, 270: Image.Transpose.ROTATE_270}
    return img.transpose(turns[degrees % 360])


def exif_sideways(img: Image.Image, orientation: int, make: str = "Xiaomi", model: str = "MI 3",
                  taken: str = "2014:09:16 20:31:05") -> tuple[Image.Image, Image.Exif]:
    """Pixels stored sideways plus EXIF whose Orientation (6 or 8) makes a viewer show `img` upright."""
    stored = {6: rotate_page(img, 90), 8: rotate_page(img, 270)}[orientation]
    exif = Image.Exif()
    exif[EXIF_ORIENTATION] = orientation
    exif[271], exif[272], exif[306] = make, model, taken
    return stored, exif


def _perspective_coeffs(src: Sequence[tuple[float, float]], dst: Sequence[tuple[float, float]]) -> list[float]:
    """Coefficients PIL's PERSPECTIVE transform needs to map output points `dst` to input points `src`."""
    rows, rhs = [], []
    for (x, y), (u, v) in zip(dst, src):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        rhs += [u, v]
    return list(np.linalg.solve(np.array(rows, dtype=float), np.array(rhs, dtype=float)))


def photograph(page: Image.Image, seed: int = 0, size: tuple[int, int] = (1536, 2048),
               fill: float = 0.9, light: float = 0.55, focus: float = 0.9) -> Image.Image:
    """An upright phone photo of `page` lying on a desk: tilt, shading, warm cast, blur, noise."""
    rng = np.random.default_rng(seed)
    w, h = size
    scale = fill * min(w / page.width, h / page.height)
    pw, ph = page.width * scale, page.height * scale
    x0, y0 = (w - pw) / 2, (h - ph) / 2
    corners = [(x0, y0), (x0 + pw, y0), (x0 + pw, y0 + ph), (x0, y0 + ph)]
    shifts = rng.uniform(-0.025, 0.025, (4, 2)) * w
    dst = [(x + float(dx), y + float(dy)) for (x, y), (dx, dy) in zip(corners, shifts)]
    src = [(0, 0), (page.width, 0), (page.width, page.height), (0, page.height)]
    warped = page.convert("RGB").transform(size, Image.Transform.PERSPECTIVE, _perspective_coeffs(src, dst),
                                           Image.Resampling.BICUBIC, fillcolor=(0, 0, 0))
    inside = Image.new("L", page.size, 255).transform(size, Image.Transform.PERSPECTIVE,
                                                      _perspective_coeffs(src, dst), Image.Resampling.BILINEAR)
    photo = Image.composite(warped, _desk(size, rng), inside)
    photo = _warm(uneven_light(photo, light, seed=seed + 1))
    return add_noise(blur(photo, focus), 4, seed=seed + 2)


def _desk(size: tuple[int, int], rng: np.random.Generator) -> Image.Image:
    base = np.array([120, 96, 70], dtype=np.float32)
    grain = rng.normal(0, 6, (size[1], size[0]))[..., None]
    streak = np.sin(np.linspace(0, 40, size[0]))[None, :, None] * 8
    return Image.fromarray((base + grain + streak).clip(0, 255).astype(np.uint8), "RGB")


def _warm(img: Image.Image) -> Image.Image:
    arr = np.asarray(img, dtype=np.float32) * np.array([1.0, 0.96, 0.86], dtype=np.float32)
    return Image.fromarray(arr.clip(0, 255).astype(np.uint8), "RGB")


def thumbnail(img: Image.Image, size: tuple[int, int] = (300, 200), radius: float = 1.2) -> Image.Image:
    """A tiny blurred preview of the page on a grey ground: nobody can read it."""
    small = img.convert("RGB")
    small.thumbnail((size[0] - 20, size[1] - 10), Image.Resampling.BILINEAR)
    canvas = Image.new("RGB", size, (92, 90, 88))
    canvas.paste(small, ((size[0] - small.width) // 2, (size[1] - small.height) // 2))
    return blur(canvas, radius)


def noise_image(size: tuple[int, int], seed: int = 0) -> Image.Image:
    """Pure grey noise (a scanner that sent garbage)."""
    rng = np.random.default_rng(seed)
    return Image.fromarray(rng.integers(0, 256, (size[1], size[0]), dtype=np.uint8), "L")


def screenshot_frame(img: Image.Image, clock: str = "10:24", carrier: str = "中国移动",
                     app_title: str = "备忘录") -> Image.Image:
    """Paint a 2014 phone status bar and an app title bar over the top of a screenshot page."""
    out = img.convert("RGB")
    draw = ImageDraw.Draw(out)
    bar, title_h = 40, 88
    draw.rectangle([0, 0, out.width, bar], fill=(0, 0, 0))
    small = font(22, "sans")
    draw.text((12, 7), carrier, font=small, fill=WHITE)
    draw.text(((out.width - small.getlength(clock)) / 2, 7), clock, font=small, fill=WHITE)
    draw.rectangle([out.width - 62, 12, out.width - 18, 30], outline=WHITE, width=2)
    draw.rectangle([out.width - 58, 16, out.width - 30, 26], fill=WHITE)
    draw.rectangle([0, bar, out.width, bar + title_h], fill=(250, 200, 60))
    big = font(34, "sans")
    draw.text(((out.width - big.getlength(app_title)) / 2, bar + 22), app_title, font=big, fill=(60, 40, 0))
    draw.text((20, bar + 18), "〈", font=big, fill=(60, 40, 0))
    return out


# --------------------------------------------------------------------- writers


def to_jpeg(img: Image.Image, quality: int = 75, exif: Image.Exif | None = None, dpi: int | None = DPI) -> bytes:
    """JPEG bytes (optionally with EXIF)."""
    buffer = io.BytesIO()
    params: dict[str, object] = {"quality": quality, "optimize": True}
    if exif is not None:
        params["exif"] = exif.tobytes()
    if dpi:
        params["dpi"] = (dpi, dpi)
    img.convert("L" if img.mode in ("L", "1") else "RGB").save(buffer, "JPEG", **params)
    return buffer.getvalue()


def to_png(img: Image.Image, dpi: int | None = None) -> bytes:
    """PNG bytes."""
    buffer = io.BytesIO()
    params: dict[str, object] = {"optimize": True}
    if dpi:
        params["dpi"] = (dpi, dpi)
    img.save(buffer, "PNG", **params)
    return buffer.getvalue()


def to_tiff(pages: Sequence[Image.Image], fax: bool = True, dpi: tuple[int, int] = (200, 100)) -> bytes:
    """A multi-page TIFF; with `fax`, 1-bit pages in CCITT G3 as a fax server stores them."""
    frames = [page if page.mode == "1" or not fax else bilevel(page) for page in pages]
    buffer = io.BytesIO()
    params: dict[str, object] = {"dpi": dpi, "save_all": True, "append_images": list(frames[1:])}
    params["compression"] = "group3" if fax else "tiff_deflate"
    frames[0].save(buffer, "TIFF", **params)
    return buffer.getvalue()


def to_image_pdf(pages: Sequence[Image.Image], dpi: int = DPI, quality: int = 72,
                 when: dt.datetime | None = None, producer: str = "Canon iR-ADV C5035 PDF",
                 title: str = "") -> bytes:
    """An image-only PDF: one JPEG (or CCITT for 1-bit) picture per page, no text layer."""
    when = when or dt.datetime(2014, 9, 15, 9, 30, tzinfo=dt.timezone.utc)
    stamp = time.gmtime(when.timestamp())
    frames = [page if page.mode in ("1", "L") else page.convert("RGB") for page in pages]
    buffer = io.BytesIO()
    params: dict[str, object] = {} if any(f.mode == "1" for f in frames) else {"quality": quality}
    frames[0].save(buffer, "PDF", save_all=True, append_images=list(frames[1:]), resolution=float(dpi),
                   title=title, producer=producer, creator=producer, creationDate=stamp, modDate=stamp, **params)
    return buffer.getvalue()


def pin_zip(data: bytes, when: dt.datetime) -> bytes:
    """Rewrite an OOXML zip with every member dated `when`, so the bytes are reproducible."""
    out = io.BytesIO()
    stamp = (when.year, when.month, when.day, when.hour, when.minute, when.second)
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=stamp)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o600 << 16
            dst.writestr(member, _pin_core(info.filename, src.read(info.filename), when))
    return out.getvalue()


def _pin_core(name: str, data: bytes, when: dt.datetime) -> bytes:
    if name != "docProps/core.xml":
        return data
    iso = when.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    return re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", lambda m: m.group(1) + iso, data)


def _new_word(when: dt.datetime, author: str) -> WordDocument:
    import docx
    from docx.shared import Cm

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.6)
    section.top_margin = section.bottom_margin = Cm(2.5)
    props = document.core_properties
    props.author = props.last_modified_by = author
    props.created = props.modified = when.replace(tzinfo=None)
    props.revision = 3
    props.title = ""
    return document


def docx_with_picture(img: Image.Image, when: dt.datetime, author: str = "Administrator",
                      width_cm: float = 15.8, quality: int = 70) -> bytes:
    """A .docx whose only content is the picture `img` (no text runs)."""
    from docx.shared import Cm

    document = _new_word(when, author)
    for paragraph in list(document.paragraphs):
        paragraph._element.getparent().remove(paragraph._element)
    document.add_picture(io.BytesIO(to_jpeg(img, quality=quality)), width=Cm(width_cm))
    buffer = io.BytesIO()
    document.save(buffer)
    return pin_zip(buffer.getvalue(), when)


def xlsx_with_picture(img: Image.Image, when: dt.datetime, author: str = "Administrator",
                      quality: int = 70, sheet: str = "Sheet1") -> bytes:
    """An .xlsx whose first sheet holds only the picture `img`, anchored at A1."""
    import openpyxl
    from openpyxl.drawing.image import Image as SheetImage

    book = openpyxl.Workbook()
    book.properties.creator = book.properties.lastModifiedBy = author
    book.properties.created = book.properties.modified = when.replace(tzinfo=None)
    page = book.active
    page.title = sheet
    picture = SheetImage(io.BytesIO(to_jpeg(img, quality=quality)))
    picture.width, picture.height = img.width * 0.45, img.height * 0.45
    page.add_image(picture, "A1")
    buffer = io.BytesIO()
    book.save(buffer)
    return pin_zip(buffer.getvalue(), when)


def _east_asian(run: Run, name: str, size_px: int, bold: bool = False,
                latin: str = "Times New Roman") -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = latin
    run.font.size = Pt(round(size_px * 72 / DPI * 2) / 2)
    run.font.bold = bold
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)
    fonts.set(qn("w:hint"), "eastAsia")


def word_document(blocks: Sequence[Block], when: dt.datetime, author: str = "Administrator",
                  fonts: tuple[str, str, str] = ("宋体", "黑体", "Times New Roman")) -> bytes:
    """The blocks as a real Word document (comment tables in style "Table Grid").

    `fonts` are the body, title and Latin faces; for a PDF made by LibreOffice
    pass installed faces (:data:`LO_FONTS`) so quotes and digits are set in the
    CJK font, as Word does on a Chinese Windows.
    """
    document = _new_word(when, author)
    for block in blocks:
        _word_block(document, block, fonts)
    buffer = io.BytesIO()
    document.save(buffer)
    return pin_zip(buffer.getvalue(), when)


def _word_block(document: WordDocument, block: Block, fonts: tuple[str, str, str]) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    aligns = {"center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT,
              "left": WD_ALIGN_PARAGRAPH.LEFT}
    face, title_face, latin = fonts
    if isinstance(block, Table):
        _word_table(document, block, face, latin)
    elif isinstance(block, Signature):
        for text in (block.unit, block.date):
            paragraph = document.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _east_asian(paragraph.add_run(text + "　" * round(block.right_chars)), face, block.size, latin=latin)
    elif isinstance(block, Spacer):
        document.add_paragraph()
    elif isinstance(block, PageBreak):
        document.add_page_break()
    else:
        for text in block.text.split("\n"):
            paragraph = document.add_paragraph()
            paragraph.alignment = aligns[block.align]
            if isinstance(block, Para) and block.align == "left" and block.indent:
                paragraph.paragraph_format.first_line_indent = Pt(block.indent * block.size * 72 / DPI)
            _east_asian(paragraph.add_run(text), title_face if isinstance(block, Title) else face, block.size,
                        block.bold, latin=title_face if isinstance(block, Title) else latin)


def _word_table(document: WordDocument, block: Table, face: str, latin: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    table = document.add_table(rows=1 + len(block.rows), cols=len(block.header))
    table.style = "Table Grid"
    table.autofit = False
    total = sum(block.widths)
    for c, column in enumerate(table.columns):
        column.width = Cm(15.8 * block.widths[c] / total)
    for r, cells in enumerate([block.header, *block.rows]):
        for c, text in enumerate(cells):
            cell = table.cell(r, c)
            cell.width = Cm(15.8 * block.widths[c] / total)
            paragraph = cell.paragraphs[0]
            if r == 0 or c in block.centred:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _east_asian(paragraph.add_run(text), face, block.size, bold=r == 0, latin=latin)
    document.add_paragraph()


# --------------------------------------------------------------------- LibreOffice


def docx_to_pdf(docx_bytes: bytes, when: dt.datetime, timeout: int = 180) -> bytes:
    """Convert a .docx to a text-layer PDF with LibreOffice, then pin its date and ID."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    profile = os.path.join(tempfile.gettempdir(), f"scanmaker-lo-{os.getuid()}")
    with tempfile.TemporaryDirectory() as work:
        source = os.path.join(work, "comments.docx")
        with open(source, "wb") as handle:
            handle.write(docx_bytes)
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                        "--convert-to", "pdf", "--outdir", work, source],
                       check=True, capture_output=True, timeout=timeout)
        with open(os.path.join(work, "comments.pdf"), "rb") as handle:
            pdf = handle.read()
    return pin_pdf(pdf, when, hashlib.md5(docx_bytes).hexdigest().upper())


def pin_pdf(pdf: bytes, when: dt.datetime, ident: str) -> bytes:
    """Overwrite a LibreOffice PDF's creation date, /ID and checksum in place (same lengths)."""
    stamp = when.astimezone(dt.timezone.utc).strftime("%Y%m%d%H%M%S").encode()
    pdf = re.sub(rb"(/(?:CreationDate|ModDate)\s*\(D:)\d{14}", lambda m: m.group(1) + stamp, pdf)
    pdf = re.sub(rb"<[0-9A-Fa-f]{32}>", lambda m: b"<" + ident.encode() + b">", pdf)
    pdf = re.sub(rb"(/DocChecksum\s*/)[0-9A-Fa-f]{32}", lambda m: m.group(1) + b"0" * 32, pdf)
    digest = hashlib.md5(pdf).hexdigest().upper().encode()
    return re.sub(rb"(/DocChecksum\s*/)[0-9A-Fa-f]{32}", lambda m: m.group(1) + digest, pdf)


# --------------------------------------------------------------------- PDF owner password (RC4, R3)

_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def rc4(key: bytes, data: bytes) -> bytes:
    """RC4 stream cipher (what PDF's standard security handler R2/R3 uses)."""
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def _rc4_rounds(key: bytes, data: bytes) -> bytes:
    for round_ in range(20):
        data = rc4(bytes(b ^ round_ for b in key), data)
    return data


def _owner_entry(owner: bytes, user: bytes) -> bytes:
    digest = hashlib.md5((owner + _PAD)[:32]).digest()
    for _ in range(50):
        digest = hashlib.md5(digest).digest()
    return _rc4_rounds(digest, (user + _PAD)[:32])


def _file_key(user: bytes, o_entry: bytes, permissions: int, first_id: bytes) -> bytes:
    digest = hashlib.md5((user + _PAD)[:32] + o_entry + permissions.to_bytes(4, "little", signed=True)
                         + first_id).digest()
    for _ in range(50):
        digest = hashlib.md5(digest).digest()
    return digest


def _object_key(key: bytes, number: int, generation: int) -> bytes:
    return hashlib.md5(key + number.to_bytes(3, "little") + generation.to_bytes(2, "little")).digest()


def encrypt_pdf_owner(pdf: bytes, owner_password: str, permissions: int = -3900, user_password: str = "") -> bytes:
    """Encrypt a classic-xref PDF (as LibreOffice writes) with an owner password only.

    Standard security handler V2/R3, 128-bit RC4, empty user password: every
    reader opens the file without asking, but the permissions forbid copying
    and editing (print allowed with the default -3900).
    """
    objects = list(_pdf_objects(pdf))
    ident = re.search(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>", pdf)
    if not ident:
        raise ValueError("PDF has no /ID")
    first_id = bytes.fromhex(ident.group(1).decode())
    user = user_password.encode("latin-1")  # non-empty: the file does not open without it
    o_entry = _owner_entry(owner_password.encode("latin-1"), user)
    key = _file_key(user, o_entry, permissions, first_id)
    u_entry = _rc4_rounds(key, hashlib.md5(_PAD + first_id).digest()) + bytes(16)
    out = bytearray(pdf[:pdf.index(b"\n") + 1] + b"%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    for number, generation, body, stream in objects:
        k = _object_key(key, number, generation)
        offsets[number] = len(out)
        out += b"%d %d obj\n" % (number, generation) + _encrypt_strings(body, k)
        if stream is not None:
            out += b"\nstream\n" + rc4(k, stream) + b"\nendstream"
        out += b"\nendobj\n\n"
    encrypt_number = max(offsets) + 1
    offsets[encrypt_number] = len(out)
    out += (b"%d 0 obj\n<</Filter/Standard/V 2/R 3/Length 128/P %d/O <%s>/U <%s>>>\nendobj\n\n"
            % (encrypt_number, permissions, o_entry.hex().upper().encode(), u_entry.hex().upper().encode()))
    return bytes(out + _xref_and_trailer(pdf, offsets, encrypt_number, len(out)))


def _xref_and_trailer(pdf: bytes, offsets: dict[int, int], encrypt_number: int, start: int) -> bytes:
    size = max(offsets) + 1
    lines = [b"xref", b"0 %d" % size, b"0000000000 65535 f "]
    for number in range(1, size):
        lines.append(b"%010d 00000 n " % offsets[number] if number in offsets else b"0000000000 65535 f ")
    trailer = re.search(rb"trailer\s*<<(.*?)>>\s*startxref", pdf, re.S)
    if not trailer:
        raise ValueError("PDF has no classic trailer")
    keep = [re.search(rb"/%s\s*[^/]*" % name, trailer.group(1)) for name in (b"Root", b"Info", b"ID")]
    parts = b"".join(m.group(0).strip() + b"\n" for m in keep if m)
    lines += [b"trailer", b"<</Size %d\n" % size + parts + b"/Encrypt %d 0 R\n>>" % encrypt_number,
              b"startxref", b"%d" % start, b"%%EOF", b""]
    return b"\n".join(lines)


def _pdf_objects(pdf: bytes) -> Iterator[tuple[int, int, bytes, bytes | None]]:
    """(number, generation, dictionary text, stream bytes or None) for each object of a classic PDF."""
    table = re.search(rb"\nxref\s*\n(\d+) (\d+)\s*\n", pdf)
    if not table or int(table.group(1)) != 0:
        raise ValueError("PDF has no single classic xref table")
    entries = pdf[table.end():].split(b"trailer")[0].split()
    offsets = {n: int(entries[3 * n]) for n in range(int(table.group(2))) if entries[3 * n + 2] == b"n"}
    direct = {n: _object_at(pdf, off) for n, off in offsets.items()}
    for number in sorted(offsets, key=lambda n: offsets[n]):
        generation, body = direct[number]
        head, marker, _ = body.partition(b"stream")
        if not marker or not head.rstrip().endswith(b">>"):
            yield number, generation, body.strip(), None
            continue
        yield number, generation, head.strip(), _stream_data(pdf, offsets[number], head, direct)


def _object_at(pdf: bytes, offset: int) -> tuple[int, bytes]:
    match = re.compile(rb"(\d+)\s+(\d+)\s+obj\b").match(pdf, offset)
    if not match:
        raise ValueError(f"no object at {offset}")
    end = pdf.index(b"endobj", match.end())
    stream_at = pdf.find(b"stream", match.end(), end)
    if stream_at != -1:
        end = pdf.index(b"endobj", pdf.index(b"endstream", stream_at))
    return int(match.group(2)), pdf[match.end():end]


def _stream_data(pdf: bytes, offset: int, head: bytes, direct: dict[int, tuple[int, bytes]]) -> bytes:
    length_ref = re.search(rb"/Length\s+(\d+)\s+(\d+)\s+R", head)
    if length_ref:
        length = int(direct[int(length_ref.group(1))][1].strip())
    else:
        direct_length = re.search(rb"/Length\s+(\d+)", head)
        if not direct_length:
            raise ValueError("stream without /Length")
        length = int(direct_length.group(1))
    start = pdf.index(b"stream", offset) + len(b"stream")
    start += 2 if pdf[start:start + 2] == b"\r\n" else 1
    return pdf[start:start + length]


def _encrypt_strings(body: bytes, key: bytes) -> bytes:
    """Replace every string of an object's text with its RC4 encryption, written as hex."""
    out = bytearray()
    i = 0
    while i < len(body):
        if body[i:i + 1] == b"(":
            i, raw = _literal_string(body, i)
            out += b"<" + rc4(key, raw).hex().upper().encode() + b">"
        elif body[i:i + 1] == b"<" and body[i + 1:i + 2] != b"<":
            end = body.index(b">", i)
            digits = re.sub(rb"\s", b"", body[i + 1:end])
            raw = bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode())
            out += b"<" + rc4(key, raw).hex().upper().encode() + b">"
            i = end + 1
        elif body[i:i + 2] == b"<<":
            out += b"<<"
            i += 2
        else:
            out.append(body[i])
            i += 1
    return bytes(out)


_ESCAPES = {ord("n"): b"\n", ord("r"): b"\r", ord("t"): b"\t", ord("b"): b"\b", ord("f"): b"\f"}


def _literal_string(body: bytes, i: int) -> tuple[int, bytes]:
    """Parse the literal string starting at body[i] == '('; return (index after it, its bytes)."""
    depth, i, raw = 1, i + 1, bytearray()
    while depth:
        c = body[i]
        if c == ord("\\"):
            nxt = body[i + 1]
            octal = re.match(rb"[0-7]{1,3}", body[i + 1:i + 4])
            if octal:
                raw.append(int(octal.group(0), 8) & 0xFF)
                i += 1 + len(octal.group(0))
                continue
            if nxt in (ord("\n"), ord("\r")):
                i += 3 if body[i + 1:i + 3] == b"\r\n" else 2
                continue
            raw += _ESCAPES.get(nxt, bytes([nxt]))
            i += 2
            continue
        depth += c == ord("(")
        depth -= c == ord(")")
        if depth:
            raw.append(c)
        i += 1
    return i, bytes(raw)
