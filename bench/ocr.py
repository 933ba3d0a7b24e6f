"""OCR of a page: seconds per page, peak RSS of the reading process, characters read right,
on four pages the script draws itself, and the two knobs of parsers/printed/ocr.py on the dense page.

    python bench/ocr.py [--repeat 3] [--rounds 2] [--workers N] [--pages dense,seal,form,photo] [--no-knobs]

The pages (deterministic; the same bytes on every run on the same Pillow):
  dense  an A4 page at 200 dpi (1654 x 2339), 38 lines of 34 characters of the draft's body
         text (tests/fixtures/campaign/draft.txt) in Noto Serif CJK SC; PNG.
  seal   the same page scanned: grey paper and ink, turned 1 degree, noise, a red seal (ring,
         star, ring of text) pressed over the last lines; colour JPEG.
  form   a comment-table form: ruled grid of 序号/条款/修改意见/理由 and 5 rows of wrapped text; PNG.
  photo  a phone photo of the dense page lying on its side on a desk, unevenly lit; stored the
         way a phone stores it: pixels sideways plus EXIF Orientation 6 (4032 x 3024 once turned
         by the EXIF, the page then still lies 90 degrees counter-clockwise: rotation 90 to find).

Each page is read in a fresh child process (through bench/_rss.py, for its peak RSS): the file
is opened as mailbot opens an attachment (parsers.printed.ocr.open_pictures: decode, EXIF), then
read_picture once with the engine cold ("first s": includes importing rapidocr and loading the
models, "load s" alone), then --repeat more times warm (their median is "s/page"), then once
the whole attachment road (parsers.printed.scans.read_picture_file: decode + OCR + layout, "road s").
"chars right" is 1 - normalised Levenshtein distance between the page's true text and
OcrPage.text, both NFKC with all whitespace removed; the seal's own text is not part of the
truth (mailbot takes the seal's red ink off before reading); the form's truth runs line by line
across the cells (they are top-aligned), as OcrPage.text does. "any order" is the share of the
true characters read in any order. "cpu s" is the CPU seconds of a warm read, all threads: a
busy shared machine stretches the wall time far more than this.

Then one child reads all the pages in turn, --rounds times round, as a long-lived reading
worker does: its peak RSS is the figure a worker settles at (a fresh process's peak, above, is
lower: the heap grows over the first few pages).

The knobs, on the dense page, each setting in --rounds fresh children taken in interleaved
order (the machine may be shared): DETECT_SIDE (module attribute, set before the first read)
in 960 / 1280 / 1600 x MAILBOT_OCR_THREADS 1 / 2. And, as the daemon reads, --workers readers
at once (default min(4, cores), mailbot's [limits] workers default) at 1 and at 2 threads each.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import io
import json
import math
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

from benchlib import CAMPAIGN, PYTHON, ROOT, machine, measure, save, table

FONT_DIR = Path("/usr/share/fonts/opentype/noto")
A4 = (1654, 2339)
LINES, PER_LINE = 38, 34
LEFT, TOP, PITCH, BODY_PX = 205, 190, 51, 36  # 36 px = 13 pt at 200 dpi
PAGES = ("dense", "seal", "form", "photo")
DETECT_SIDES = (960, 1280, 1600)
THREADS = (1, 2)


# --------------------------------------------------------------------------- drawing the pages
@lru_cache(maxsize=32)
def font(size: int, bold: bool = False) -> Any:
    """The Simplified-Chinese face of the Noto Serif CJK collection."""
    from PIL import ImageFont

    path = FONT_DIR / ("NotoSerifCJK-Bold.ttc" if bold else "NotoSerifCJK-Regular.ttc")
    for index in range(10):
        face = ImageFont.truetype(str(path), size, index=index)
        if face.getname()[0] == "Noto Serif CJK SC":
            return face
    raise LookupError(f"no SC face in {path}")


def body_lines() -> list[str]:
    """38 lines of 34 characters from the draft's body paragraphs, whitespace removed."""
    paragraphs = [line.strip() for line in (CAMPAIGN / "draft.txt").read_text(encoding="utf-8").splitlines()]
    text = re.sub(r"\s", "", "".join(p for p in paragraphs if len(p) >= 40))
    return [text[i * PER_LINE:(i + 1) * PER_LINE] for i in range(LINES)]


def dense_page(scale: float = 1.0, ink: tuple[int, int, int] = (0, 0, 0),
               paper: tuple[int, int, int] = (255, 255, 255)) -> Any:
    from PIL import Image, ImageDraw

    page = Image.new("RGB", (round(A4[0] * scale), round(A4[1] * scale)), paper)
    draw = ImageDraw.Draw(page)
    face = font(round(BODY_PX * scale))
    for number, line in enumerate(body_lines()):
        draw.text((LEFT * scale, (TOP + number * PITCH) * scale), line, font=face, fill=ink)
    return page


def seal_mask(radius: int, text: str) -> Any:
    """A round seal's ink as an L mask: ring, five-pointed star, the unit's name round the top."""
    from PIL import Image, ImageDraw

    size = 2 * radius + 20
    c = size / 2
    mask = Image.new("L", (size, size), 0)
    draw = ImageDraw.Draw(mask)
    draw.ellipse([c - radius, c - radius, c + radius, c + radius], outline=255, width=max(6, radius // 16))
    star = []
    for k in range(10):
        r = radius * (0.3 if k % 2 == 0 else 0.12)
        angle = -math.pi / 2 + k * math.pi / 5
        star.append((c + r * math.cos(angle), c + r * math.sin(angle)))
    draw.polygon(star, fill=255)
    glyph_px = round(radius * 0.26)
    face = font(glyph_px, bold=True)
    span = math.radians(250)
    step = span / len(text)
    for index, ch in enumerate(text):
        theta = -math.pi / 2 - span / 2 + (index + 0.5) * step
        glyph = Image.new("L", (glyph_px * 2, glyph_px * 2), 0)
        ImageDraw.Draw(glyph).text((glyph_px / 2, glyph_px / 2 - glyph_px * 0.12), ch, font=face, fill=255)
        glyph = glyph.rotate(-math.degrees(theta + math.pi / 2), resample=Image.Resampling.BICUBIC)
        x = c + radius * 0.72 * math.cos(theta) - glyph_px
        y = c + radius * 0.72 * math.sin(theta) - glyph_px
        mask.paste(255, (round(x), round(y)), glyph)
    return mask


def press_seal(page: Any, centre: tuple[float, float], radius: int, text: str, seed: int) -> Any:
    """The page with red seal ink multiplied over it (black text under the seal stays black)."""
    import numpy as np
    from PIL import Image

    rng = np.random.default_rng(seed)
    mask = seal_mask(radius, text).rotate(12, resample=Image.Resampling.BICUBIC)
    alpha = np.asarray(mask, dtype=np.float32) / 255 * 0.85
    alpha *= rng.uniform(0.7, 1.0, alpha.shape).astype(np.float32)  # uneven ink
    x0, y0 = round(centre[0] - mask.width / 2), round(centre[1] - mask.height / 2)
    out = np.asarray(page, dtype=np.float32).copy()
    tint = np.array([214, 38, 45], dtype=np.float32) / 255
    region = out[y0:y0 + mask.height, x0:x0 + mask.width]
    region *= 1 - alpha[..., None] * (1 - tint)
    return Image.fromarray(out.clip(0, 255).astype(np.uint8), "RGB")


def noisy(image: Any, sigma: float, seed: int) -> Any:
    import numpy as np
    from PIL import Image

    pixels = np.asarray(image, dtype=np.float32)
    grain = np.random.default_rng(seed).normal(0, sigma, pixels.shape[:2]).astype(np.float32)
    return Image.fromarray((pixels + grain[..., None]).clip(0, 255).astype(np.uint8), "RGB")


def seal_scan() -> Any:
    from PIL import Image, ImageFilter

    paper = (226, 226, 224)
    page = dense_page(ink=(40, 40, 40), paper=paper)
    last = TOP + (LINES - 2) * PITCH  # over the last three lines, right of the middle
    page = press_seal(page, (LEFT + 0.68 * PER_LINE * BODY_PX, last), 165, "延边朝鲜族自治州总工会", seed=5)
    page = page.rotate(1.0, resample=Image.Resampling.BICUBIC, fillcolor=paper)
    page = page.filter(ImageFilter.GaussianBlur(0.7))
    return noisy(page, 7, seed=11)


FORM_TITLE = "《关于进一步加强和创新延边工会工作的意见》修改意见反馈表"
FORM_INFO = "填报单位：延吉市总工会　联系人：金明　电话：0433-2512345"
FORM_HEADER = ("序号", "条款", "修改意见", "理由")
FORM_ROWS = (
    ("1", "第一部分第1条", "建议将“是实现中华民族伟大复兴中国梦的主力军”改为“是实现中国梦的主力军”。", "表述更加简洁，与上级文件一致。"),
    ("2", "第一部分第2条", "建议在“围绕实现中华民族伟大复兴”之前增加“坚持以职工为本”的表述。", "突出工会工作的根本出发点。"),
    ("3", "第二部分第4条", "“推进厂务公开民主管理”一句建议补充非公有制企业的具体要求和时间安排。", "非公企业覆盖面不足，需要明确。"),
    ("4", "第三部分第7条", "建议将“困难职工帮扶中心”统一改为“职工服务中心”。", "全州已统一更名，便于执行。"),
    ("5", "第五部分第12条", "建议增加工会经费收缴和使用情况定期公开的内容，接受职工群众监督。", "加强经费管理，提高透明度。"),
)
FORM_WIDTHS = (0.09, 0.21, 0.40, 0.30)


def wrap(text: str, face: Any, width: float) -> list[str]:
    lines, line = [], ""
    for ch in text:
        if line and face.getlength(line + ch) > width:
            lines.append(line)
            line = ""
        line += ch
    return [*lines, line]


def form_page() -> tuple[Any, str]:
    """The ruled form and its true text in reading order: line by line across the cells (cells
    are top-aligned, so the k-th lines of a row's cells stand on one line of the page)."""
    from PIL import Image, ImageDraw

    page = Image.new("RGB", A4, (255, 255, 255))
    draw = ImageDraw.Draw(page)
    title, info, cell, bold = font(44, bold=True), font(32), font(32), font(32, bold=True)
    text_width = A4[0] - LEFT - 189
    truth: list[str] = []
    y = TOP
    for line in wrap(FORM_TITLE, title, text_width):
        draw.text(((A4[0] - title.getlength(line)) / 2, y), line, font=title, fill=(0, 0, 0))
        truth.append(line)
        y += 66
    y += 24
    draw.text((LEFT, y), FORM_INFO, font=info, fill=(0, 0, 0))
    truth.append(FORM_INFO)
    y += 70
    widths = [round(text_width * w) for w in FORM_WIDTHS]
    widths[-1] = text_width - sum(widths[:-1])
    pad, pitch = 16, 48
    for r, row in enumerate((FORM_HEADER, *FORM_ROWS)):
        face = bold if r == 0 else cell
        wrapped = [wrap(text, face, width - 2 * pad) for text, width in zip(row, widths)]
        height = max(len(lines) for lines in wrapped) * pitch + 2 * pad
        x = LEFT
        for lines, width in zip(wrapped, widths):
            for k, line in enumerate(lines):
                lx = x + (width - face.getlength(line)) / 2 if r == 0 else x + pad
                draw.text((lx, y + pad + k * pitch + 4), line, font=face, fill=(0, 0, 0))
            draw.rectangle([x, y, x + width, y + height], outline=(0, 0, 0), width=2)
            x += width
        for k in range(max(len(lines) for lines in wrapped)):
            truth.append("".join(lines[k] for lines in wrapped if k < len(lines)))
        y += height - 2
    return page, "\n".join(truth)


def phone_photo() -> tuple[bytes, Any]:
    """A 12-megapixel phone photo of the dense page lying on its side; JPEG bytes whose pixels
    are stored sideways with EXIF Orientation 6, and the picture as a viewer shows it."""
    import numpy as np
    from PIL import Image, ImageFilter

    page = dense_page(scale=1.5).transpose(Image.Transpose.ROTATE_90)  # top of the page at the left
    size = (4032, 3024)
    rng = np.random.default_rng(21)
    desk = np.array([118, 96, 74], dtype=np.float32) + rng.normal(0, 6, (size[1], size[0], 1)).astype(np.float32)
    shown = Image.fromarray(desk.clip(0, 255).astype(np.uint8), "RGB")
    shown.paste(page, ((size[0] - page.width) // 2, (size[1] - page.height) // 2))
    yy, xx = np.mgrid[0:size[1], 0:size[0]].astype(np.float32)
    distance = np.hypot(xx - 0.1 * size[0], yy - 0.05 * size[1]) / math.hypot(*size)
    light = (1 - 0.5 * np.clip(distance, 0, 1) ** 1.2)[..., None] * np.array([1.0, 0.96, 0.86], dtype=np.float32)
    shown = Image.fromarray((np.asarray(shown, dtype=np.float32) * light).clip(0, 255).astype(np.uint8), "RGB")
    del yy, xx, distance, light
    shown = noisy(shown.filter(ImageFilter.GaussianBlur(1.0)), 4, seed=22)
    stored = shown.transpose(Image.Transpose.ROTATE_90)  # what the sensor wrote: Orientation 6 turns it back
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x010F], exif[0x0110] = "Xiaomi", "MI 3"
    buffer = io.BytesIO()
    stored.save(buffer, "JPEG", quality=85, exif=exif.tobytes())
    return buffer.getvalue(), shown


def encode(image: Any, kind: str) -> bytes:
    buffer = io.BytesIO()
    if kind == "png":
        image.save(buffer, "PNG", dpi=(200, 200))
    else:
        image.save(buffer, "JPEG", quality=72, dpi=(200, 200))
    return buffer.getvalue()


def make_pages(folder: Path, names: list[str]) -> dict[str, dict[str, Any]]:
    """Write each page's file and its truth; return {name: {file, truth, rotation, picture}}."""
    from PIL import Image, ImageOps

    dense_truth = "\n".join(body_lines())
    pages: dict[str, dict[str, Any]] = {}
    for name in names:
        if name == "dense":
            data, truth, rotation, suffix = encode(dense_page(), "png"), dense_truth, 0, "png"
        elif name == "seal":
            data, truth, rotation, suffix = encode(seal_scan(), "jpg"), dense_truth, 0, "jpg"
        elif name == "form":
            image, truth = form_page()
            data, rotation, suffix = encode(image, "png"), 0, "png"
        elif name == "photo":
            data, shown = phone_photo()
            opened = ImageOps.exif_transpose(Image.open(io.BytesIO(data)))
            assert opened.size == shown.size, "EXIF Orientation 6 does not turn the stored pixels back"
            truth, rotation, suffix = dense_truth, 90, "jpg"
        else:
            raise SystemExit(f"unknown page {name!r}; pages are {', '.join(PAGES)}")
        path = folder / f"{name}.{suffix}"
        path.write_bytes(data)
        with Image.open(io.BytesIO(data)) as picture:
            described = f"{suffix.upper()} {picture.width}x{picture.height} {picture.mode}"
            if picture.getexif().get(0x0112):
                described += f" EXIF{picture.getexif()[0x0112]}"
        pages[name] = {"file": str(path), "truth": truth, "rotation": rotation, "picture": described,
                       "kb": round(len(data) / 1024)}
    return pages


# --------------------------------------------------------------------------- the reading child
def normalised(text: str) -> str:
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", text))


def chars_right(truth: str, read: str) -> float:
    from rapidfuzz.distance import Levenshtein

    return 1 - Levenshtein.normalized_distance(normalised(truth), normalised(read))


def chars_found(truth: str, read: str) -> float:
    """Share of the true characters read, in any order (the table's reading order aside)."""
    from collections import Counter

    want, got = Counter(normalised(truth)), Counter(normalised(read))
    return sum((want & got).values()) / max(sum(want.values()), 1)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed_stages(ocr: Any) -> dict[str, float]:
    """Wrap the steps of read_picture (grey page, detection, direction, recognition, ruling
    lines) with timers; returns the dict their seconds add up in."""
    seconds: dict[str, float] = {"prepare": 0.0, "detect": 0.0, "classify": 0.0, "recognise": 0.0, "grids": 0.0}

    def timed(name: str, function: Any) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                seconds[name] += time.perf_counter() - started
        return wrapper

    engine = ocr.engine()
    engine.text_det = timed("detect", engine.text_det)
    engine.text_cls = timed("classify", engine.text_cls)
    engine.text_rec = timed("recognise", engine.text_rec)
    ocr.prepared = timed("prepare", ocr.prepared)
    ocr.find_grids = timed("grids", ocr.find_grids)
    return seconds


def resident_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def worker_child(args: argparse.Namespace) -> None:
    """A reading worker's life: every page file in turn, --repeat times round; the peak and
    the resident set after each page."""
    import parsers.printed.ocr as ocr

    ocr.engine()
    reads = []
    for _ in range(args.repeat):
        for file in args.worker.split(","):
            image = next(ocr.open_pictures(Path(file).read_bytes(), Path(file).name, 1))
            started = time.perf_counter()
            ocr.read_picture(image)
            del image
            reads.append({"page": Path(file).stem, "s": round(time.perf_counter() - started, 3),
                          "peak_mb": round(peak_mb(), 1), "resident_mb": round(resident_mb(), 1)})
    Path(args.out).write_text(json.dumps({"reads": reads}), encoding="utf-8")


def child(args: argparse.Namespace) -> None:
    """Read one page file as mailbot does; write the figures to args.out as JSON."""
    import parsers.printed.ocr as ocr
    from parsers.guard import Limits
    from parsers.printed.scans import read_picture_file

    if args.detect_side:
        ocr.DETECT_SIDE = args.detect_side
    data = Path(args.child).read_bytes()
    name = Path(args.child).name
    image = next(ocr.open_pictures(data, name, 1))
    started = time.perf_counter()
    ocr.engine()
    loaded = time.perf_counter()
    page = ocr.read_picture(image)
    first = time.perf_counter()
    rss_first = peak_mb()
    stages = timed_stages(ocr)
    walls, cpus = [], []
    for _ in range(args.repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        page = ocr.read_picture(image)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    stage_s = {name: round(seconds / max(args.repeat, 1), 3) for name, seconds in stages.items()}
    rss_repeats = peak_mb()
    road = time.perf_counter()
    result = read_picture_file(data, name, "image", Limits())
    road_s = time.perf_counter() - road
    truth = json.loads(Path(args.truth).read_text(encoding="utf-8"))
    Path(args.out).write_text(json.dumps({
        "load_s": round(loaded - started, 3), "first_s": round(first - started, 3),
        "s_per_page": round(statistics.median(walls), 3), "all_s": [round(s, 3) for s in walls],
        "cpu_s_per_page": round(statistics.median(cpus), 3), "road_s": round(road_s, 3),
        "road_status": result.status, "road_blocks": len(result.blocks),
        "stage_s": stage_s, "rss_first_page_mb": round(rss_first, 1), "rss_after_repeats_mb": round(rss_repeats, 1),
        "chars_right": round(chars_right(truth["text"], page.text), 4),
        "chars_found": round(chars_found(truth["text"], page.text), 4),
        "true_chars": len(normalised(truth["text"])), "read_chars": len(normalised(page.text)),
        "rotation": page.rotation, "true_rotation": truth["rotation"], "skew": page.skew,
        "boxes": len(page.boxes), "grids": [[len(g.rows) - 1, len(g.columns) - 1] for g in page.grids],
        "upright_size": [page.width, page.height], "detect_side": ocr.DETECT_SIDE, "threads": ocr.ocr_threads(),
        "text": page.text,
    }, ensure_ascii=False), encoding="utf-8")


# --------------------------------------------------------------------------- the parent
def child_command(page: dict[str, Any], folder: Path, repeat: int, detect_side: int = 0, threads: int = 0,
                  out_name: str = "child.json") -> tuple[list[str], dict[str, str], Path]:
    truth = folder / f"{Path(page['file']).stem}.truth.json"
    truth.write_text(json.dumps({"text": page["truth"], "rotation": page["rotation"]}, ensure_ascii=False),
                     encoding="utf-8")
    out = folder / out_name
    out.unlink(missing_ok=True)
    env = dict(os.environ)
    if threads:
        env["MAILBOT_OCR_THREADS"] = str(threads)
    command = [PYTHON, str(Path(__file__).resolve()), "--child", page["file"], "--truth", str(truth),
               "--out", str(out), "--repeat", str(repeat)]
    if detect_side:
        command += ["--detect-side", str(detect_side)]
    return command, env, out


def run_child(page: dict[str, Any], folder: Path, repeat: int, detect_side: int = 0,
              threads: int = 0) -> dict[str, Any]:
    command, env, out = child_command(page, folder, repeat, detect_side, threads)
    process = measure(command, env)
    figures = json.loads(out.read_text(encoding="utf-8"))
    return {**figures, "rss_mb": process["rss_mb"], "process_s": process["seconds"]}


def parallel_runs(page: dict[str, Any], folder: Path, repeat: int, rounds: int, workers: int) -> list[dict[str, Any]]:
    """`workers` readers at once (mailbot's [limits] workers default: min(4, cores)), each a
    fresh child reading the dense page, at 1 and 2 onnxruntime threads each; rounds alternate."""
    runs: dict[int, list[dict[str, Any]]] = {threads: [] for threads in THREADS}
    for number in range(rounds):
        for threads in THREADS if number % 2 == 0 else tuple(reversed(THREADS)):
            started, processes = time.perf_counter(), []
            for worker in range(workers):
                command, env, out_file = child_command(page, folder, repeat, threads=threads,
                                                       out_name=f"parallel{worker}.json")
                processes.append((subprocess.Popen([PYTHON, str(ROOT / "bench" / "_rss.py"), *command], env=env,
                                                   stdout=subprocess.PIPE, text=True), out_file))
            for process, out_file in processes:
                stdout, _ = process.communicate()
                if process.returncode != 0:
                    raise RuntimeError(f"parallel reader failed ({process.returncode})")
                rss = json.loads(stdout.strip().splitlines()[-1])["rss_mb"]
                runs[threads].append({**json.loads(out_file.read_text(encoding="utf-8")), "rss_mb": rss})
            print(json.dumps({"parallel": f"{workers}x{threads}", "round": number + 1,
                              "wall_s": round(time.perf_counter() - started, 2),
                              "s_per_page": [r["s_per_page"] for r in runs[threads][-workers:]]}), flush=True)
    rows = []
    for threads, done in runs.items():
        per_read = statistics.median(s for f in done for s in f["all_s"])
        rows.append({"workers": workers, "threads_each": done[0]["threads"], "s_per_page_each": round(per_read, 3),
                     "pages_per_minute": round(60 * workers / per_read, 1),
                     "cpu_s_per_page": round(statistics.median(f["cpu_s_per_page"] for f in done), 3),
                     "rss_mb_each": max(f["rss_mb"] for f in done),
                     "all_s": [s for f in done for s in f["all_s"]]})
    return rows


def run_worker(pages: dict[str, dict[str, Any]], folder: Path, rounds: int) -> dict[str, Any]:
    out = folder / "worker.json"
    files = ",".join(page["file"] for page in pages.values())
    process = measure([PYTHON, str(Path(__file__).resolve()), "--worker", files, "--out", str(out),
                       "--repeat", str(rounds)])
    reads = json.loads(out.read_text(encoding="utf-8"))["reads"]
    return {"rounds": rounds, "pages": list(pages), "rss_mb": process["rss_mb"],
            "resident_after_last_mb": reads[-1]["resident_mb"], "reads": reads}


def knob_runs(page: dict[str, Any], folder: Path, repeat: int, rounds: int) -> list[dict[str, Any]]:
    """Every DETECT_SIDE x threads setting, each round a fresh child per setting; the rounds
    take the settings in alternating order, so a busy spell of a shared machine is spread
    over all of them. s/page is the median of all their warm reads, RSS the highest peak."""
    settings = [(side, threads) for side in DETECT_SIDES for threads in THREADS]
    runs: dict[tuple[int, int], list[dict[str, Any]]] = {setting: [] for setting in settings}
    for number in range(rounds):
        for side, threads in settings if number % 2 == 0 else reversed(settings):
            figures = run_child(page, folder, repeat, detect_side=side, threads=threads)
            runs[(side, threads)].append(figures)
            print(json.dumps({"knob": f"{side}/{threads}", "round": number + 1,
                              **{k: v for k, v in figures.items() if k != "text"}}, ensure_ascii=False), flush=True)
    rows = []
    for (side, threads), done in runs.items():
        rows.append({
            "detect_side": side, "threads": done[0]["threads"],
            "first_s": round(statistics.median(f["first_s"] for f in done), 3),
            "s_per_page": round(statistics.median(s for f in done for s in f["all_s"]), 3),
            "cpu_s_per_page": round(statistics.median(f["cpu_s_per_page"] for f in done), 3),
            "detect_s": round(statistics.median(f["stage_s"]["detect"] for f in done), 3),
            "recognise_s": round(statistics.median(f["stage_s"]["recognise"] for f in done), 3),
            "rss_mb": max(f["rss_mb"] for f in done),
            "rss_first_page_mb": max(f["rss_first_page_mb"] for f in done),
            "chars_right": min(f["chars_right"] for f in done), "boxes": done[0]["boxes"],
            "all_s": [s for f in done for s in f["all_s"]],
        })
    return rows


def versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for package in ("rapidocr-onnxruntime", "onnxruntime", "opencv-python", "numpy", "pillow", "rapidfuzz"):
        try:
            out[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            out[package] = "-"
    return out


def cpu_model() -> str:
    try:
        return next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        return platform.processor()


def load() -> list[float]:
    return [round(v, 2) for v in os.getloadavg()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="warm reads per page (their median is s/page)")
    parser.add_argument("--pages", default=",".join(PAGES))
    parser.add_argument("--no-knobs", action="store_true", help="skip the DETECT_SIDE x threads and parallel runs")
    parser.add_argument("--workers", type=int, default=min(4, os.cpu_count() or 1),
                        help="readers at once in the parallel runs (default: mailbot's [limits] workers default)")
    parser.add_argument("--rounds", type=int, default=2,
                        help="fresh processes per knob setting, interleaved (and rounds of the all-pages worker)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--truth", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument("--detect-side", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    if args.worker:
        worker_child(args)
        return

    import parsers.printed.ocr as ocr

    start_load = load()
    facts = {"cpu_count": os.cpu_count(), "cpus_usable": len(os.sched_getaffinity(0)), "cpu_model": cpu_model(),
             **versions(), "MAILBOT_OCR_THREADS": os.environ.get("MAILBOT_OCR_THREADS", ""),
             "DETECT_SIDE_default": ocr.DETECT_SIDE, "threads_default": ocr.ocr_threads()}
    print(f"{machine()}; load average at start {start_load}", flush=True)
    names = [n.strip() for n in args.pages.split(",") if n.strip()]
    pages_out: dict[str, Any] = {}
    knobs_out: list[dict[str, Any]] = []
    parallel_out: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="mailbot-ocr-") as work:
        folder = Path(work)
        pages = make_pages(folder, sorted(set(names) | ({"dense"} if not args.no_knobs else set()), key=PAGES.index))
        for name in names:
            figures = run_child(pages[name], folder, args.repeat)
            pages_out[name] = {"picture": pages[name]["picture"], "file_kb": pages[name]["kb"], **figures}
            shown = {k: v for k, v in figures.items() if k != "text"}
            print(json.dumps({"page": name, **shown}, ensure_ascii=False), flush=True)
        worker = run_worker({name: pages[name] for name in names}, folder, args.rounds)
        print(json.dumps({k: v for k, v in worker.items() if k != "reads"}, ensure_ascii=False), flush=True)
        if not args.no_knobs:
            knobs_out = knob_runs(pages["dense"], folder, args.repeat, args.rounds)
            parallel_out = parallel_runs(pages["dense"], folder, args.repeat, args.rounds, args.workers)
    end_load = load()

    print()
    print(f"OCR per page (rapidocr {facts['rapidocr-onnxruntime']}, onnxruntime {facts['onnxruntime']}, "
          f"DETECT_SIDE {ocr.DETECT_SIDE}, {facts['threads_default']} threads; "
          f"s/page = median of {args.repeat} warm reads)")
    headers = ["page", "picture", "first s", "load s", "s/page", "cpu s", "road s", "peak RSS MB", "chars right",
               "any order", "rotation", "boxes"]
    rows = [[name, p["picture"], p["first_s"], p["load_s"], p["s_per_page"], p["cpu_s_per_page"], p["road_s"],
             p["rss_mb"], f"{p['chars_right']:.3f}", f"{p['chars_found']:.3f}", f"{p['rotation']}/{p['true_rotation']}",
             p["boxes"]]
            for name, p in pages_out.items()]
    print(table(headers, rows))
    print()
    print("Where a warm read's time goes (s), and the whole attachment road's result")
    stages = ["prepare", "detect", "classify", "recognise", "grids"]
    print(table(["page", *stages, "grid found", "road", "road blocks"],
                [[name, *[p["stage_s"][s] for s in stages], " ".join(f"{r}x{c}" for r, c in p["grids"]) or "-",
                  p["road_status"], p["road_blocks"]] for name, p in pages_out.items()]))
    print()
    print(f"One reading worker, the pages above in turn, {worker['rounds']} rounds: peak RSS {worker['rss_mb']} MB, "
          f"resident after the last page {worker['resident_after_last_mb']} MB")
    if knobs_out:
        print()
        print(f"Knobs on the dense page ({args.rounds} fresh processes per setting, interleaved; "
              f"s/page = median of their {args.rounds * args.repeat} warm reads, RSS = highest peak)")
        headers = ["DETECT_SIDE", "threads", "first s", "s/page", "cpu s", "detect s", "recognise s", "peak RSS MB",
                   "chars right", "boxes"]
        print(table(headers, [[k["detect_side"], k["threads"], k["first_s"], k["s_per_page"], k["cpu_s_per_page"],
                               k["detect_s"], k["recognise_s"], k["rss_mb"], f"{k['chars_right']:.3f}", k["boxes"]]
                              for k in knobs_out]))
    if parallel_out:
        print()
        print(f"{args.workers} readers at once on the dense page ({args.rounds} rounds; "
              "s/page = median of each reader's warm reads)")
        headers = ["readers", "threads each", "s/page each", "pages/min", "cpu s", "peak RSS MB each"]
        print(table(headers, [[p["workers"], p["threads_each"], p["s_per_page_each"], p["pages_per_minute"],
                               p["cpu_s_per_page"], p["rss_mb_each"]] for p in parallel_out]))
    print(f"\nload average: start {start_load}, end {end_load} (1, 5, 15 min; {os.cpu_count()} cores)")
    print("saved", save("ocr", {"facts": facts, "repeat": args.repeat, "load_average_start": start_load,
                                "load_average_end": end_load, "pages": pages_out, "worker": worker,
                                "knob_rounds": args.rounds, "knobs": knobs_out, "parallel": parallel_out}))


if __name__ == "__main__":
    main()
