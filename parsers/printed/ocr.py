"""Pictures of pages (scans, phone photos, faxes, image-only PDF pages) to boxes of text.

rapidocr-onnxruntime 1.4.4 reads the text offline (its PP-OCRv4 Chinese models ship
in the wheel). Around it, what a scanned reply needs: EXIF orientation, pages turned
90/180/270 degrees, the red seal (公章) taken off before reading so the black text
under it stays whole, the small skew of a scan, and the table's ruling lines so a
scanned comment table reads as cells (parsers.printed.layout).
"""

from __future__ import annotations

import dataclasses

import io
import math
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from parsers.errors import CorruptFile
from parsers.printed.layout import Box, Grid

# A page is read at about 200 dpi: an A4 scan is 1654 x 2339. Phone photos (4000 px)
# are scaled down to this; detection runs on the page scaled to DETECT_SIDE.
PAGE_SIDE = 2339
DETECT_SIDE = 1280
MIN_TEXT_SCORE = 0.5
RED_MARGIN = 50  # a pixel this much redder than its green and blue is the seal's ink


@dataclass(frozen=True, slots=True)
class OcrPage:
    """What was read off one picture, in the upright page's pixels.

    :ivar rotation: degrees the picture was turned (clockwise) to make it upright
    :ivar skew: degrees the text lines slope; boxes and grid are given deskewed
    """

    width: int
    height: int
    boxes: tuple[Box, ...]
    grids: tuple[Grid, ...]
    rotation: int = 0
    skew: float = 0.0

    @property
    def text(self) -> str:
        from parsers.printed.layout import lines_of

        return "\n".join(line.text for line in lines_of(list(self.boxes)))


_engine: Any = None
_engine_lock = threading.Lock()


_threads = 0  # set by share_cores in a reading worker; 0: every core


def share_cores(workers: int) -> None:
    """Readers that read at once share the cores: each OCR gets cores // workers threads
    (2 workers on 2 cores, 2 threads each, read 15% fewer pages a minute than 1 each)."""
    global _threads
    _threads = max(1, (os.cpu_count() or 1) // max(1, workers))


def ocr_threads() -> int:
    """onnxruntime threads for this process: MAILBOT_OCR_THREADS, else its share of the cores."""
    wanted = int(os.environ.get("MAILBOT_OCR_THREADS", "0") or 0) or _threads or (os.cpu_count() or 1)
    return max(1, min(wanted, 4))


def engine() -> Any:
    """One RapidOCR per process, made on first use (loading the models takes ~0.2 s)."""
    global _engine
    with _engine_lock:
        if _engine is None:
            _engine = _make_engine()
        return _engine


_inherited: list[Any] = []


def forget_engine() -> None:
    """Set aside this process's engine: a forked reading worker must make its own
    (onnxruntime's thread pools do not survive fork). The inherited one is kept, never
    freed: its destructor would wait for threads that exist only in the parent."""
    global _engine
    if _engine is not None:
        _inherited.append(_engine)
    _engine = None


def _make_engine() -> Any:
    from rapidocr_onnxruntime import RapidOCR
    from rapidocr_onnxruntime.utils import infer_engine

    _no_spinning(infer_engine)
    threads = ocr_threads()
    return RapidOCR(
        intra_op_num_threads=threads, inter_op_num_threads=1,
        det_limit_side_len=DETECT_SIDE, det_limit_type="max", rec_batch_num=1, cls_batch_num=8,
    )


def _no_spinning(infer_engine: Any) -> None:
    """onnxruntime's threads spin while they wait: a whole core burnt between pages and
    beside the other reading worker. rapidocr builds the session options itself, so its
    builder is wrapped to turn spinning off."""
    original = infer_engine.OrtInferSession._init_sess_opts
    if getattr(original, "_mailbot", False):
        return

    def init_sess_opts(config: dict[str, Any]) -> Any:
        options = original(config)
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.add_session_config_entry("session.inter_op.allow_spinning", "0")
        return options

    init_sess_opts._mailbot = True  # type: ignore[attr-defined]  # a mark on the function: patched once, not twice
    infer_engine.OrtInferSession._init_sess_opts = staticmethod(init_sess_opts)


# pictures ------------------------------------------------------------------------------------
def open_pictures(data: bytes, name: str, max_pages: int) -> Iterator[Any]:
    """Each page of a picture file (a TIFF fax has several) as an upright RGB PIL image,
    EXIF orientation applied. Raises CorruptFile when the bytes are no picture."""
    from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = 60_000_000  # a decompression bomb is refused, not rendered
    try:
        picture = Image.open(io.BytesIO(data))
        if picture.format == "JPEG" and max(picture.size) > 1.5 * PAGE_SIDE:
            # A 12-megapixel phone photo is decoded at half or a quarter size: the page needs no more.
            scale = 0.85 * PAGE_SIDE / max(picture.size)
            picture.draft("RGB", (round(picture.width * scale), round(picture.height * scale)))
        for number, frame in enumerate(ImageSequence.Iterator(picture)):
            if number >= max_pages:
                return
            yield ImageOps.exif_transpose(frame.copy()) if number == 0 else frame.copy()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError, SyntaxError) as exc:
        raise CorruptFile(f"{name}: not a readable picture ({type(exc).__name__}: {exc})") from exc


def sized(image: Any) -> Any:
    """The page as RGB at most PAGE_SIDE on its long side, a fine-mode fax's aspect fixed:
    the pixels every box is measured in."""
    from PIL import Image

    dpi = image.info.get("dpi")
    try:  # TIFF gives IFDRationals; a damaged tag gives anything
        across, down = (float(v) for v in dpi)
    except (TypeError, ValueError, ZeroDivisionError):
        across, down = 0.0, 0.0
    if across > 0 and down > 0 and abs(across / down - 2) < 0.2:
        image = image.resize((image.width, image.height * 2))  # a fine-mode fax: 204 x 98 dpi
    if image.mode.startswith(("I", "F")):  # a scanner's 16-bit grey (I;16), or 32-bit: its range down to 8 bits
        import numpy as np

        values = np.asarray(image, dtype=np.float32)
        top = 65535.0 if image.mode.startswith("I;16") else max(float(values.max()), 1.0)
        image = Image.fromarray(np.clip(values * (255.0 / top), 0, 255).astype(np.uint8), "L")
    if image.mode in ("P", "PA", "LA", "RGBA"):
        background = Image.new("RGB", image.size, "white")
        rgba = image.convert("RGBA")
        background.paste(rgba, mask=rgba.getchannel("A"))
        image = background
    image = image.convert("RGB")
    scale = PAGE_SIDE / max(image.size)
    if scale < 1:
        image = image.resize((round(image.width * scale), round(image.height * scale)), Image.Resampling.LANCZOS)
    return image


def prepared(image: Any) -> Any:
    """The page as a BGR array for the reader (see sized), the red seal's ink turned white, grey."""
    import numpy as np

    page = sized(image)
    pixels = np.asarray(page)
    red = pixels[..., 0].astype(np.int16)  # one channel at a time: a float copy of an A4 page is 90 MB
    seal = (red - np.maximum(pixels[..., 1], pixels[..., 2]) > RED_MARGIN) & (red > 110)
    grey = np.array(page.convert("L"))
    grey[seal] = 255
    return np.ascontiguousarray(np.stack([grey, grey, grey], axis=-1))


# reading -------------------------------------------------------------------------------------
def read_picture(image: Any) -> OcrPage:
    """OCR one page: find its orientation, read its lines, find its table's rules."""
    import numpy as np

    ocr = engine()
    page = prepared(image)
    rotation = 0
    quads = _detect(ocr, page)
    if _mostly_upright_columns(quads):  # text runs top to bottom: the page lies on its side
        page, rotation = np.ascontiguousarray(np.rot90(page, k=-1)), 90
        quads = _detect(ocr, page)
    crops = ocr.get_crop_img_list(page, quads) if quads else []
    if crops:
        _, labels, _ = ocr.text_cls([c.copy() for c in crops])
        if _upside_down(labels):
            page, rotation = np.ascontiguousarray(np.rot90(page, k=2)), (rotation + 180) % 360
            quads = _detect(ocr, page)
            crops = ocr.get_crop_img_list(page, quads) if quads else []
    results, _ = ocr.text_rec(crops) if crops else ([], 0.0)
    height, width = page.shape[:2]
    skew = _skew(quads)
    boxes = tuple(
        box for quad, (text, score) in zip(quads, results)
        if text.strip() and float(score) >= MIN_TEXT_SCORE
        for box in [_deskewed_box(quad, text.strip(), float(score), skew, width, height)]
    )
    grey = _deskewed_grey(page, skew)
    grids = find_grids(grey)
    boxes += tuple(box for grid in grids for box in lost_strokes(grey, grid, boxes))
    return OcrPage(width, height, boxes, grids, rotation, round(skew, 2))


def _detect(ocr: Any, page: Any) -> list[Any]:
    """Text lines' corners in the page's pixels. The detector runs on the page scaled to
    DETECT_SIDE (rapidocr itself would take any page up to 2000 px: 4 times the time and
    memory for no line more); the lines are then cut from the full page for reading."""
    import cv2
    import numpy as np

    height, width = page.shape[:2]
    scale = min(1.0, DETECT_SIDE / max(height, width))
    small = cv2.resize(page, (round(width * scale), round(height * scale)), interpolation=cv2.INTER_AREA) if scale < 1 else page
    found = _without_twins(list(_strips(small)))
    if not found:
        return []
    return list(ocr.sorted_boxes(np.array(found) / scale))


TWIN_OVERLAP = 0.5  # a line found by both strips: its two boxes cover mostly the same pixels


def _without_twins(strips: list[list[Any]]) -> list[Any]:
    """The strips' lines, each once: one near the cut between the strips may be found in both,
    its middle a pixel above the cut in one and below it in the other ("4" read twice, a row
    cut in two by its second 序号). Lines of one strip are never twins (a photo's slanted lines
    overlap their neighbours' boxes)."""
    kept: list[Any] = []
    for strip in strips:
        earlier = list(kept)
        kept += [quad for quad in strip if not any(_overlap(quad, other) > TWIN_OVERLAP for other in earlier)]
    return kept


def _overlap(a: Any, b: Any) -> float:
    """Intersection over union of the two quads' bounding boxes."""
    ax0, ay0, ax1, ay1 = float(a[:, 0].min()), float(a[:, 1].min()), float(a[:, 0].max()), float(a[:, 1].max())
    bx0, by0, bx1, by1 = float(b[:, 0].min()), float(b[:, 1].min()), float(b[:, 0].max()), float(b[:, 1].max())
    inter = max(0.0, min(ax1, bx1) - max(ax0, bx0)) * max(0.0, min(ay1, by1) - max(ay0, by0))
    union = (ax1 - ax0) * (ay1 - ay0) + (bx1 - bx0) * (by1 - by0) - inter
    return inter / union if union > 0 else 0.0


STRIP_OVERLAP = 64  # pixels of the scaled page two strips share: more than a line of text is tall


def _strips(small: Any) -> Iterator[list[Any]]:
    """The detector's text lines, found in two overlapping strips (top and bottom half): the
    detector's memory grows with the area it sees, and one strip needs half of it. A line is
    taken from the strip that holds its middle."""
    import numpy as np

    ocr = engine()
    height = small.shape[0]
    if height < 4 * STRIP_OVERLAP:
        quads, _ = ocr.text_det(small)
        yield [] if quads is None else list(quads)
        return
    cut = height // 2
    for top, bottom in ((0, cut + STRIP_OVERLAP), (cut - STRIP_OVERLAP, height)):
        quads, _ = ocr.text_det(np.ascontiguousarray(small[top:bottom]))
        kept = []
        for quad in [] if quads is None else quads:
            middle = float(quad[:, 1].mean()) + top
            if (top == 0 and middle < cut) or (top > 0 and middle >= cut):
                shifted = quad.copy()
                shifted[:, 1] += top
                kept.append(shifted)
        yield kept


def _mostly_upright_columns(quads: list[Any]) -> bool:
    sizes = [(_dist(q[0], q[1]), _dist(q[0], q[3])) for q in quads]
    long = [(w, h) for w, h in sizes if max(w, h) > 2.5 * min(w, h)]
    return bool(long) and sum(1 for w, h in long if h > w) > 0.6 * len(long)


def _upside_down(labels: list[Any]) -> bool:
    sure = [str(label) for label, score in labels if float(score) >= 0.8]
    return bool(sure) and sum(1 for label in sure if label == "180") > 0.6 * len(sure)


def _dist(a: Any, b: Any) -> float:
    return math.hypot(float(a[0]) - float(b[0]), float(a[1]) - float(b[1]))


def _skew(quads: list[Any]) -> float:
    """The median slope (degrees) of the long text lines' top edges."""
    angles = sorted(
        math.degrees(math.atan2(float(q[1][1]) - float(q[0][1]), float(q[1][0]) - float(q[0][0])))
        for q in quads if _dist(q[0], q[1]) > 6 * max(_dist(q[0], q[3]), 1)
    )
    return angles[len(angles) // 2] if angles else 0.0


def _rotate_point(x: float, y: float, degrees: float, width: int, height: int) -> tuple[float, float]:
    angle = math.radians(-degrees)
    cx, cy = width / 2, height / 2
    dx, dy = x - cx, y - cy
    return cx + dx * math.cos(angle) - dy * math.sin(angle), cy + dx * math.sin(angle) + dy * math.cos(angle)


def _deskewed_box(quad: Any, text: str, score: float, skew: float, width: int, height: int) -> Box:
    points = [_rotate_point(float(x), float(y), skew, width, height) for x, y in quad]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return Box(text, min(xs), min(ys), max(xs), max(ys), score)


def upright(image: Any, rotation: int, skew: float) -> Any:
    """The page as the reader saw it (sized, turned, deskewed), in colour: boxes index into it."""
    import cv2
    import numpy as np
    from PIL import Image

    pixels = np.rot90(np.asarray(sized(image)), k=-(rotation // 90) % 4)
    if abs(skew) > 0.1:
        height, width = pixels.shape[:2]
        matrix = cv2.getRotationMatrix2D((width / 2, height / 2), skew, 1.0)
        pixels = cv2.warpAffine(np.ascontiguousarray(pixels), matrix, (width, height), borderValue=(255, 255, 255))
    return Image.fromarray(np.ascontiguousarray(pixels))


# ruling lines ---------------------------------------------------------------------------------
def _deskewed_grey(page: Any, skew: float) -> Any:
    """The page's grey channel turned so its text lines run level (as the boxes are given)."""
    import cv2

    grey = page[..., 0]
    height, width = grey.shape
    if abs(skew) > 0.1:
        matrix = cv2.getRotationMatrix2D((width / 2, height / 2), skew, 1.0)
        grey = cv2.warpAffine(grey, matrix, (width, height), borderValue=255)
    return grey


def find_grids(grey: Any) -> tuple[Grid, ...]:
    """The ruled table on the (deskewed, grey) page, if any: long horizontal and vertical
    strokes found by morphology."""
    import cv2

    height, width = grey.shape
    ink = cv2.adaptiveThreshold(grey, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 15)
    horizontal = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (max(width // 20, 20), 1)))
    vertical = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(height // 40, 20))))
    rows = _strokes(horizontal, axis=0, min_length=width // 4)
    columns = _strokes(vertical, axis=1, min_length=height // 30)
    grid = _grid(rows, columns)
    if grid is None:
        return ()
    return (dataclasses.replace(grid, open_rows=_open_rows(grid, _pieces(vertical, axis=1, min_length=10)),
                                joined=_joined_cells(grid, _pieces(horizontal, axis=0, min_length=10))),)


Stroke = tuple[float, float, float, float]  # position, start, end, and the length inked between them


def _open_rows(grid: Grid, pieces: list[Stroke]) -> tuple[float, ...]:
    """The rows of a ruled table (three columns or more, its inner rules solid) that no inner
    column rule crosses at their middle: a cell merged across the table (a part's heading over its rows)."""
    inner = grid.columns[1:-1]
    if len(grid.columns) < 4 or not inner or any(x in grid.gappy for x in inner):
        return ()  # a chat's bubbles or characters' strokes lined up: edges that break off are no rules

    def ruled(x: float, y: float) -> bool:
        return any(abs(px - x) <= 8 and y0 <= y <= y1 for px, y0, y1, _ in pieces)

    return tuple(top for top, bottom in zip(grid.rows, grid.rows[1:])
                 if not any(ruled(x, (top + bottom) / 2) for x in inner))


def _joined_cells(grid: Grid, pieces: list[Stroke]) -> tuple[tuple[float, int], ...]:
    """(row edge, column) where a ruled table's rule across is missing over that column only
    (ruled over the others): the cells above and below are one cell merged down."""
    if len(grid.columns) < 4 or any(x in grid.gappy for x in grid.columns[1:-1]):
        return ()

    def ruled(y: float, x: float) -> bool:
        return any(abs(py - y) <= 8 and x0 <= x <= x1 for py, x0, x1, _ in pieces)

    out = []
    for edge in grid.rows[1:-1]:
        middles = [(left + right) / 2 for left, right in zip(grid.columns, grid.columns[1:])]
        gaps = [c for c, x in enumerate(middles) if not ruled(edge, x)]
        if gaps and len(gaps) < len(middles):  # ruled over some columns: a merged cell, not a missing rule
            out += [(edge, c) for c in gaps]
    return tuple(out)


def _strokes(mask: Any, axis: int, min_length: int) -> list[Stroke]:
    """Long strokes as (position, start, end, inked): y and x-range for horizontal ones (axis 0),
    x and y-range for vertical ones."""
    return _merge(_pieces(mask, axis, min_length))


def _pieces(mask: Any, axis: int, min_length: int) -> list[Stroke]:
    """The strokes as found, each piece of a broken rule on its own."""
    import cv2

    count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    out = []
    for i in range(1, count):
        x, y, w, h, area = (int(v) for v in stats[i])
        length, thickness = (w, h) if axis == 0 else (h, w)
        # a long thin rule a little aslant spans more rows of pixels than it is thick; a solid bar
        # (a window's toolbar in a photo of a screen) fills its box
        aslant = thickness <= max(12, length // 60) and area <= 0.5 * w * h
        if length >= min_length and (thickness <= 12 or aslant):
            out.append((y + h / 2, x, x + w, w) if axis == 0 else (x + w / 2, y, y + h, h))
    return sorted(out)


def _merge(strokes: list[Stroke], near: float = 8) -> list[Stroke]:
    """Strokes at one position are one line; how much of its length is inked is kept: the
    upright strokes of characters stacked row under row (建 over 建 over 建) line up too, but
    leave most of the height blank, as a rule does not."""
    merged: list[Stroke] = []
    for position, start, end, inked in strokes:
        if merged and position - merged[-1][0] <= near:
            p, s, e, i = merged[-1]
            merged[-1] = ((p + position) / 2, min(s, start), max(e, end), i + inked)
        else:
            merged.append((position, start, end, inked))
    return merged


def _grid(rows: list[Stroke], columns: list[Stroke]) -> Grid | None:
    """A table of at least two columns and two rows; a frame around the page (the paper's
    edge in a photo, a border) is no table. Rules only across (no vertical ones) give a grid of
    one column: parsers.printed.pages finds its columns from its header line."""
    if len(rows) < 3:
        return None
    if len(columns) < 3:
        widest = max(x1 - x0 for _, x0, x1, _ in rows)
        across = [(y, x0, x1) for y, x0, x1, _ in rows if x1 - x0 >= 0.6 * widest]
        if len(across) < 3:
            return None
        return Grid(tuple(y for y, _, _ in across), (min(x0 for _, x0, _ in across), max(x1 for _, _, x1 in across)))
    left = min(c[0] for c in columns)
    right = max(c[0] for c in columns)
    row_edges = [y for y, x0, x1, _ in rows if x0 <= left + 20 and x1 >= right - 20 or (x1 - x0) >= 0.6 * (right - left)]
    if len(row_edges) < 2:
        return None
    top, bottom = row_edges[0], row_edges[-1]
    spanning = [(x, y0, y1) for x, y0, y1, _ in columns if y1 - y0 >= 0.5 * (bottom - top)]
    gappy = tuple(x for x, y0, y1, inked in columns if y1 - y0 >= 0.5 * (bottom - top) and inked < 0.5 * (y1 - y0))
    if len(spanning) < 3 or len(row_edges) < 3 or len(spanning) > MOST_COLUMNS + 1:
        return None  # twenty squares a row: a manuscript paper's grid (稿纸), one character a square
    return Grid(tuple(_cut_rows(row_edges, spanning)), tuple(x for x, _, _ in spanning), gappy)


MOST_COLUMNS = 12  # a comment table has a handful of columns
CUT_ROW = 20  # pixels the column rules run past the last (or before the first) rule across


def _cut_rows(edges: list[float], columns: list[tuple[float, float, float]]) -> list[float]:
    """A table cut by a page break has no rule across at the cut: its column rules run on to
    the foot of the page (or start at its head). Where they do, they end (or start) a row."""
    starts = sorted(y0 for _, y0, _ in columns)
    ends = sorted(y1 for _, _, y1 in columns)
    head, foot = starts[len(starts) // 2], ends[len(ends) // 2]
    if edges[0] - head > CUT_ROW:
        edges = [head, *edges]
    if foot - edges[-1] > CUT_ROW:
        edges = [*edges, foot]
    return edges


# A cell holding only 一 or 二 (a 章节 column: 一 | 二 | 三): the detector finds no text line in one
# or two thin strokes, and the recogniser, given the cell alone, reads them as 一, —, = or ! by
# turns. Counted instead: level bars stacked in the cell, each about a character wide, are that
# many strokes. The reading is marked unsure (its score) so what it places is checked.
STROKES_SCORE = 0.6
STROKE_NUMERALS = "一二三"
INK = 200  # grey below this is ink (a pale scan's strokes included)


def lost_strokes(grey: Any, grid: Grid, boxes: tuple[Box, ...]) -> list[Box]:
    """A Box for each cell of the grid with no text read but one to three level bars in it."""
    found = []
    for top, bottom in zip(grid.rows, grid.rows[1:]):
        for left, right in zip(grid.columns, grid.columns[1:]):
            if any(top <= b.cy < bottom and left <= b.cx < right for b in boxes):
                continue
            text_height = _text_height(boxes)
            marks = _marks(grey[int(top) + 3:int(bottom) - 3, int(left) + 3:int(right) - 3], text_height)
            bars = _bars(marks, text_height)
            read = STROKE_NUMERALS[len(bars) - 1] if 1 <= len(bars) <= len(STROKE_NUMERALS) else ""
            if not read and _ditto(marks, text_height):
                read, bars = DITTO, marks
            if read:
                x0, x1 = left + 3 + min(b[0] for b in bars), left + 3 + max(b[2] for b in bars)
                y0, y1 = top + 3 + min(b[1] for b in bars), top + 3 + max(b[3] for b in bars)
                found.append(Box(read, x0, y0, x1, y1, STROKES_SCORE))
    return found


def _text_height(boxes: tuple[Box, ...]) -> float:
    heights = sorted(b.y1 - b.y0 for b in boxes)
    return heights[len(heights) // 2] if heights else 0.0


Mark = tuple[int, int, int, int]  # a blot of ink in a cell: left, top, right, bottom


def _marks(cell: Any, text_height: float) -> list[Mark]:
    """The cell's ink: what touches its edges is the rules' left-overs, specks are dust."""
    import cv2
    import numpy as np

    if text_height <= 0 or cell.size == 0:
        return []
    count, _, stats, _ = cv2.connectedComponentsWithStats((cell < INK).astype(np.uint8), connectivity=8)
    height, width = cell.shape
    return [(int(x), int(y), int(x + w), int(y + h)) for x, y, w, h, area in stats[1:count]
            if area >= 0.02 * text_height ** 2 and x > 0 and y > 0 and x + w < width and y + h < height]


def _bars(marks: list[Mark], text_height: float) -> list[Mark]:
    """The marks if they are nothing but level bars of about a character's width, stacked within
    a character's height, top first."""
    if not marks:
        return []
    level = all(m[2] - m[0] >= 0.35 * text_height and m[3] - m[1] <= 0.25 * text_height for m in marks)
    span = max(m[3] for m in marks) - min(m[1] for m in marks)
    wide = max(m[2] - m[0] for m in marks)
    if not level or span > 1.2 * text_height or wide > 1.5 * text_height:
        return []
    return sorted(marks, key=lambda m: m[1])


# A ditto mark (〃) alone in a cell: the OCR reads nothing there. Two short ticks side by side,
# each taller than wide and under a character's height, close together: what the row above says.
DITTO = "〃"


def _ditto(marks: list[Mark], text_height: float) -> bool:
    if len(marks) != 2:
        return False
    first, second = sorted(marks)
    ticks = all(0.15 * text_height <= m[3] - m[1] <= 0.75 * text_height and m[2] - m[0] <= 0.45 * text_height
                and m[3] - m[1] >= 1.2 * (m[2] - m[0]) for m in marks)
    level = min(first[3], second[3]) - max(first[1], second[1]) >= 0.5 * min(first[3] - first[1], second[3] - second[1])
    close = -0.15 * text_height <= second[0] - first[2] <= 0.5 * text_height  # slanted ticks overlap a little
    return ticks and level and close
