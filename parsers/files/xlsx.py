"""Excel workbooks (.xlsx with openpyxl, legacy .xls with xlrd) to comment Blocks.

Each sheet is a grid; merged cells are filled from their top-left value so a
位置 cell merged over three comment rows gives each row its clause. A sheet with
no header row (an instructions sheet such as 填表说明) yields nothing; an
instructions sheet with a header yields its rows as the template's examples.
A note (批注) on a cell is a comment of its row (Block kind "cell_note"). A hidden
sheet (a template's lookup list, an old version) is read but flagged, never taken
as comments. Strict OOXML is read as Transitional (parsers.files.ooxml).
"""

from __future__ import annotations

import dataclasses
import datetime
import io
import re
import warnings
import zipfile
from typing import Any
from dataclasses import dataclass

from parsers.files.cellnotes import Note, sheet_notes, without_signer
from parsers.errors import CorruptFile, EncryptedFile
from parsers.files.ooxml import strict_to_transitional, with_names_as_referenced, with_styles_where_openpyxl_looks
from parsers.records import AttachmentResult, Block
from parsers.comments.segment import CLAUSE_LEAD_RE, MODAL_RE, REASON_LINE_RE, WEAK_RE, is_remark_note, proposes, text_blocks
from parsers.comments.tables import TableReading, cell_text, read_table, row_ref, transpose

MAX_ROWS = 5000
MAX_COLS = 40
Grid = list[list[str]]


@dataclass(frozen=True)
class Sheet:
    """One worksheet: its title, its cells as text, whether it is hidden, its notes, and its
    hidden columns (0-based: last round's notes kept out of sight are no comments)."""

    title: str
    grid: Grid
    hidden: bool = False
    notes: tuple[Note, ...] = ()
    hidden_columns: tuple[int, ...] = ()

    @property
    def has_content(self) -> bool:
        return bool(self.notes) or any(c for row in self.grid for c in row)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime.date, datetime.time, datetime.timedelta)):
        return date_text(value)
    return str(value).strip()


def date_text(value: datetime.date | datetime.time | datetime.timedelta) -> str:
    """2014-09-23 for a date (or a date-time at midnight), 2014-09-23 10:30 with a time, 10:30 alone."""
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0):
            return value.date().isoformat()
        return value.strftime("%Y-%m-%d %H:%M:%S" if value.second else "%Y-%m-%d %H:%M")
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M:%S" if value.second else "%H:%M")
    if isinstance(value, datetime.timedelta):
        return duration_text(value)
    return value.isoformat()


def duration_text(value: datetime.timedelta) -> str:
    """Elapsed time as Excel's [h]:mm:ss shows it: "255:10:10", not Python's "10 days, 15:10:10"."""
    seconds = round(value.total_seconds())
    sign, seconds = ("-" if seconds < 0 else ""), abs(seconds)
    return f"{sign}{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def xlsx_sheets(data: bytes, filename: str) -> list[Sheet]:
    """Read-only and values-only (no formulas, no external links): openpyxl then streams the
    sheet XML through defusedxml, and a dimension claiming a million rows costs nothing."""
    import openpyxl

    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise EncryptedFile(f"{filename}: 加密文件，无法读取 (password-protected workbook)")
    try:
        # "Strict Open XML" as Excel 2013+ may save it; parts named unlike their references
        data = with_styles_where_openpyxl_looks(strict_to_transitional(with_names_as_referenced(data)))
        with warnings.catch_warnings():  # openpyxl warns on unsupported extensions, missing styles
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
            try:
                return [_sheet(workbook, sheet) for sheet in workbook.worksheets]
            finally:
                workbook.close()
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise CorruptFile(f"{filename}: not a readable Excel file ({exc})") from exc
    except Exception as exc:  # broken part XML: lxml/ElementTree parse errors, TypeError, …
        raise CorruptFile(f"{filename}: not a readable Excel file ({type(exc).__name__}: {exc})") from exc


def _sheet(workbook: object, sheet: object) -> Sheet:
    grid: Grid = []
    for row in sheet.iter_rows(max_col=MAX_COLS, values_only=True):  # type: ignore[attr-defined]  # an untyped openpyxl/xlrd object, typed as object here
        if len(grid) >= MAX_ROWS:
            break
        grid.append([_text(v) for v in row])
    # Read-only rows come padded to max_col: keep the columns up to the last one with text.
    width = max((max((i + 1 for i, v in enumerate(r) if v), default=0) for r in grid), default=0)
    grid = [(r + [""] * width)[:width] for r in grid]
    path = getattr(sheet, "_worksheet_path", None)
    archive = getattr(workbook, "_archive", None)
    notes: list[Note] = []
    if path and archive is not None:
        for r0, r1, c0, c1 in merged_ranges(archive, path):
            _fill(grid, r0, r1, c0, c1)
        notes = sheet_notes(archive, path)
    hidden = getattr(sheet, "sheet_state", "visible") != "visible"  # "hidden" or "veryHidden"
    columns = hidden_columns(archive, path) if path and archive is not None else ()
    return Sheet(sheet.title, grid, hidden, tuple(notes), columns)  # type: ignore[attr-defined]  # an untyped openpyxl/xlrd object, typed as object here


COL_RE = re.compile(rb"<(?:\w+:)?col\b[^>]*>")
SHEET_DATA_RE = re.compile(rb"<(?:\w+:)?sheetData\b")


def hidden_columns(archive: zipfile.ZipFile, path: str) -> tuple[int, ...]:
    """The columns the sheet hides (<col min max hidden="1">, before its cells), 0-based."""
    with archive.open(path.lstrip("/")) as part:
        head = part.read(256 * 1024)
    head = head[: m.start()] if (m := SHEET_DATA_RE.search(head)) else head
    found: set[int] = set()
    for col in COL_RE.findall(head):
        attrs = dict(re.findall(rb'\b(min|max|hidden)="([^"]*)"', col))
        if attrs.get(b"hidden") in (b"1", b"true") and attrs.get(b"min", b"").isdigit() and attrs.get(b"max", b"").isdigit():
            found.update(range(int(attrs[b"min"]) - 1, min(int(attrs[b"max"]), MAX_COLS)))
    return tuple(sorted(found))


MERGE_RE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*\bref="([A-Z]{1,3})(\d{1,7}):([A-Z]{1,3})(\d{1,7})"')
MAX_MERGES = 10_000


def merged_ranges(archive: zipfile.ZipFile, path: str) -> list[tuple[int, int, int, int]]:
    """Merged ranges (0-based, inclusive) read from the sheet XML in chunks; read-only
    openpyxl does not load them. Bounded in number; clamped to the grid by _fill."""
    found: list[tuple[int, int, int, int]] = []
    tail = b""
    with archive.open(path.lstrip("/")) as part:
        while (chunk := part.read(1024 * 1024)) and len(found) < MAX_MERGES:
            window = tail + chunk
            last = 0
            for m in MERGE_RE.finditer(window):
                found.append((int(m.group(2)) - 1, int(m.group(4)) - 1, _column(m.group(1)), _column(m.group(3))))
                last = m.end()
            tail = window[max(last, len(window) - 200):]
    return found[:MAX_MERGES]


def _column(letters: bytes) -> int:
    number = 0
    for ch in letters.decode("ascii"):
        number = number * 26 + ord(ch) - 64
    return number - 1


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
HTML_RE = re.compile(r"<(?:html|table|tr|td|meta|body)\b", re.I)


def xls_sheets(data: bytes, filename: str) -> list[Sheet]:
    import xlrd

    if data[:8] != OLE_MAGIC and data[:1] != b"\x09":  # neither a compound file nor a bare BIFF stream
        disguised = web_or_text_sheets(data, filename)
        if disguised is not None:
            return disguised

    try:  # xlrd writes warnings to stdout unless given a log of its own
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, logfile=io.StringIO())
    except xlrd.compdoc.CompDocError:
        # A compound file whose sector chains overlap ("seen[2] == 4"): Excel and LibreOffice
        # open it, and so does xlrd when told to read the workbook stream as it is.
        book = _damaged_xls(data, filename)
    except Exception as exc:  # xlrd raises XLRDError and struct/compdoc errors
        raise CorruptFile(f"{filename}: not a readable .xls file ({exc})") from exc
    sheets = []
    for sheet in book.sheets():
        rows, cols = min(sheet.nrows, MAX_ROWS), min(sheet.ncols, MAX_COLS)
        grid = [[_xls_text(book, sheet.cell(r, c)) for c in range(cols)] for r in range(rows)]
        for rlo, rhi, clo, chi in sheet.merged_cells:
            _fill(grid, rlo, rhi - 1, clo, chi - 1)
        notes = [Note(r, c, f"{_letters(c)}{r + 1}", without_signer(n.text or ""), (n.author or "").strip())
                 for (r, c), n in sorted(sheet.cell_note_map.items()) if (n.text or "").strip()]
        sheets.append(Sheet(sheet.name, grid, sheet.visibility != 0, tuple(notes)))
    return sheets


def web_or_text_sheets(data: bytes, filename: str) -> list[Sheet] | None:
    """An ".xls" that is a web page or text: many systems export their tables as HTML (or
    tab-separated text) under an .xls name, and Excel and LibreOffice open them as sheets.
    The page's table rows become the sheet's rows; None when the bytes are not text."""
    from parsers.mail.envelope import decode_bytes
    from parsers.mail.html import html_to_text

    head = data[:65536]
    controls = sum(head.count(bytes([b])) for b in range(32) if b not in b"\t\n\r\f")
    if not head.strip() or controls > len(head) // 200:  # binary (a damaged workbook), or nothing at all
        return None
    text = decode_bytes(data, None)
    if text.count("\ufffd") > len(text) // 100:
        return None
    if HTML_RE.search(text[:100_000]):
        rows = [line.split(" | ") for line in html_to_text(text).splitlines()]
    else:
        rows = [line.split("\t") for line in text.splitlines()]
    grid = [[cell.strip() for cell in row[:MAX_COLS]] for row in rows[:MAX_ROWS]]
    width = max((len(row) for row in grid), default=0)
    return [Sheet(filename.rsplit("/", 1)[-1], [row + [""] * (width - len(row)) for row in grid])]


def _damaged_xls(data: bytes, filename: str) -> object:
    import xlrd

    try:
        return xlrd.open_workbook(file_contents=data, formatting_info=True, logfile=io.StringIO(),
                                  ignore_workbook_corruption=True)
    except Exception as exc:  # as damaged as it looked
        raise CorruptFile(f"{filename}: not a readable .xls file ({exc})") from exc


def _xls_text(book: Any, cell: Any) -> str:  # xlrd's Book and Cell (xlrd is untyped)
    """A date cell (a number whose format, by its XF record, is a date) as a date, not a serial."""
    import xlrd

    if cell.ctype == xlrd.XL_CELL_DATE:
        return _xls_date(book, cell.value, _format_code(book, cell))
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return "TRUE" if cell.value else "FALSE"
    if cell.ctype == xlrd.XL_CELL_ERROR:
        return str(xlrd.error_text_from_code.get(cell.value, ""))
    return _text(cell.value)


DURATION_CODE_RE = re.compile(r"\[(h+|m+|s+)\]", re.I)  # [h]:mm:ss, [mm]:ss: elapsed time, not a time of day


def _format_code(book: Any, cell: Any) -> str:
    """The cell's number format ("yyyy-mm-dd", "[h]:mm:ss"), "" when xlrd kept no formatting."""
    try:
        xf = book.xf_list[cell.xf_index]
        return str(book.format_map[xf.format_key].format_str)
    except (AttributeError, IndexError, KeyError, TypeError):
        return ""


def _xls_date(book: object, serial: float, code: str) -> str:
    """A date serial as a date, a date and time, a time of day, or (an [h]:mm:ss format) a
    duration. Serials before 1900-03-01 are converted here: xlrd refuses them as ambiguous
    (Excel counts a 1900-02-29 that never was), Excel shows them as dates all the same."""
    if DURATION_CODE_RE.search(code):
        return duration_text(datetime.timedelta(days=serial))
    try:
        epoch = datetime.datetime(1904, 1, 1) if getattr(book, "datemode", 0) else datetime.datetime(1899, 12, 30)
        shift = 1 if epoch.year == 1899 and 1 <= serial < 61 else 0
        moment = epoch + datetime.timedelta(days=serial + shift)
    except (OverflowError, ValueError, TypeError):
        return _text(serial)
    moment = (moment + datetime.timedelta(microseconds=500_000)).replace(microsecond=0)
    return date_text(moment.time() if 0 <= serial < 1 else moment)


def _letters(col: int) -> str:
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _fill(grid: Grid, r0: int, r1: int, c0: int, c1: int) -> None:
    if r0 >= len(grid) or c0 >= len(grid[r0]):
        return
    value = grid[r0][c0]
    for r in range(r0, min(r1, len(grid) - 1) + 1):
        for c in range(c0, min(c1, len(grid[r]) - 1) + 1):
            grid[r][c] = value


# Sheets a template gives for reading, not for comments ("填表说明", "示例", "说明 (2)").
INSTRUCTIONS_TITLE_RE = re.compile(r"^(?:填表|填写|填报|使用|编制)?(?:说明|要求|须知|示例|样例|范例|样表|注意事项)(?:\s*[(（]?\d+[)）]?)?$")


@dataclass(frozen=True)
class WorkbookReading:
    """comments: Blocks that are comments; asides: read, shown, not comments (hidden sheets,
    a template's examples); text: the visible sheets' words and notes; note: why nothing
    was taken although the workbook has words ("" otherwise)."""

    comments: tuple[Block, ...]
    asides: tuple[Block, ...]
    text: str
    note: str = ""


def read_sheets(sheets: list[Sheet], filename: str = "") -> WorkbookReading:
    comments: list[Block] = []
    aside: list[Block] = []
    for sheet in sheets:
        found, apart = sheet_reading(sheet)
        comments += found
        aside += apart
    visible = [s for s in sheets if not s.hidden]
    hidden = [s.title for s in sheets if s.hidden and s.has_content]
    note, text = "", sheets_text(visible)
    if hidden and not any(s.has_content for s in visible):
        names = "、".join(f"“{t}”" for t in hidden)
        note = (f"hidden_only: {filename}: 有内容的工作表都是隐藏的（{names}），未作为意见读取；"
                "请在Excel中取消隐藏后人工查看，确属意见的请在审阅台录入")
        text = sheets_text([s for s in sheets if s.hidden])
    return WorkbookReading(tuple(comments), tuple(aside), text, note)


def is_instructions_sheet(title: str) -> bool:
    return bool(INSTRUCTIONS_TITLE_RE.match(re.sub(r"\s+", "", title)))


def sheet_reading(sheet: Sheet) -> tuple[list[Block], list[Block]]:
    """A sheet's comment Blocks, and its Blocks set aside."""
    if sheet.hidden:
        return [], _hidden_blocks(sheet)
    origin = f"工作表“{sheet.title}”"
    grid = [[c if i not in sheet.hidden_columns else "" for i, c in enumerate(row)] for row in sheet.grid]
    table = read_table(grid, origin, "sheet_row")
    if table.header is None and not table.comments and all(sum(1 for c in row if c.strip()) <= 1 for row in grid):
        table = _typed_lines(grid, origin)
    examples = [b for _, b in table.examples]
    notes, template_notes = _note_blocks(sheet, table, origin)
    commented = {i for i, _ in table.comments}
    rows_at = dict(table.comments)
    kept = [(line, note) for line, note in notes if line in commented and (note_role(note) or _pointed_to(rows_at[line]))]
    rows = [_noted(b, [note for line, note in kept if line == i]) for i, b in table.comments]
    comments = rows + [note for line, note in notes if (line, note) not in kept]
    if PART_TITLE_RE.match(sheet.title):  # a sheet a part ("第三部分"): its rows sit under that heading
        comments = [b if b.context else dataclasses.replace(b, context=sheet.title.strip()) for b in comments]
    if is_instructions_sheet(sheet.title):  # a 填表说明 sheet with a table: its rows show how to fill it
        return [], examples + template_notes + [_as_example(b) for b in comments]
    return comments, examples + template_notes


ASKS_RE = re.compile(r"建议|改为|修改为|增加|增设|删除|删去|补充|写明|调整为")  # asking in so many words


def _typed_lines(grid: Grid, origin: str) -> TableReading:
    """A sheet used as paper: a paragraph a cell down one column, no table (一、关于第六条：建议……).
    Read as lines of prose, each block on its row."""
    lines = [next((c for c in row if c.strip()), "") for row in grid]
    # a proposal's own word in each: the draft's clauses put in a sheet ("应当…") are no comments
    blocks = [b for b in text_blocks(lines, origin, "sheet_row") if ASKS_RE.search(b.text)]
    rows = [int(m.group(1)) - 1 if (m := re.search(r"第(\d+)段$", b.origin)) else 0 for b in blocks]
    return TableReading(None, tuple(zip(rows, (dataclasses.replace(b, origin=f"{origin}第{r + 1}行") for r, b in zip(rows, blocks)))))


PART_TITLE_RE = re.compile(r"^\s*(?:第\s*[一二三四五六七八九十0-9]{1,2}\s*(?:部分|章)|[一二三四五六七八九十]{1,2}\s*[、.．])")


# A note that only says which clause the row means ("指第13条（实施倾情帮扶行动）", "即第十三条"):
# the row's place, where its 条款 cell says only the part.
PLACE_NOTE_RE = re.compile(r"^(?:指|即|系|是|对应|针对|涉及)?(?:原稿|原文|意见稿)?第\s*[0-9一二三四五六七八九十]{1,3}\s*条(?:[(（][^()（）]{0,30}[)）])?[。.]?$")


_SPEAKER_ADDS_RE = re.compile(r"^[\u4e00-\u9fff]{0,10}?补充(?:说明|一下|一句)?[:：]")
ON_REASON_CELL = "理由栏"  # a note's context when it is on the row's 理由 cell


def note_role(note: Block) -> str:
    """What a note on a commented row is to that row: its "remark", its "reason" (理由：……, or
    words on the 理由 cell proposing nothing: "电力行业安全风险高"), its "place" (指第13条), or ""
    (a comment of its own, about the row's clause)."""
    text = re.sub(r"\s+", "", note.text)
    if is_remark_note(text):
        return "remark"
    # "院工会朴主席补充：去年我院有两名护士因焦虑离职。": who added it, then what; the label's 补充 asks for nothing
    said = _SPEAKER_ADDS_RE.sub("", text, count=1) or text
    if REASON_LINE_RE.match(text) or (note.context == ON_REASON_CELL and not proposes(said)):
        return "reason"
    if PLACE_NOTE_RE.match(text):
        return "place"
    if _BUILDS_ON_RE.fullmatch(text):
        return "reason"  # "公司已有网上大学平台，可以依托。": what the row's proposal can build on
    # on a row that proposes, a note asking for nothing ("已与市委组织部沟通。", "经常有朝方务工人员来会咨询。",
    # "口岸工会提出") says how the row came about: its remark. A note finding fault is a comment.
    asks = proposes(said) or MODAL_RE.search(said) or re.search(r"可(?![能是见靠作供行])", said)  # "也可参照团章规定"; not "可作经验推广", "可供参考"
    return "" if asks or FAULT_RE.search(text) else "remark"


_BUILDS_ON_RE = re.compile(r"[^，。；]{0,16}已(?:有|建|开通)[^，。；]{1,16}[，,](?:也|均)?(?:可以?|能够?)(?:依托|借助|利用|共享)[。.]?")


# What finds fault without a proposal word: "表述太笼统", "提法模糊", "比例偏高".
FAULT_RE = re.compile(WEAK_RE.pattern + r"|太|笼统|模糊|空泛|不清|不明确|偏[高低多少重轻]|过[高低多少宽窄重轻]|不合适|不合理|错|[?？]")


# "建议补充体育场馆开放的内容，详见批注。": the row's proposal goes on in its note.
POINTS_TO_NOTE_RE = re.compile(r"(?:详|具体)?见(?:单元格)?批注")


def _pointed_to(row: Block) -> bool:
    return bool(POINTS_TO_NOTE_RE.search(row.text))


def _noted(row: Block, notes: list[Block]) -> Block:
    """The row with its notes that are no comments of their own: the reason, the remark, the place;
    and the note the row points to (详见批注), which is the rest of the row's proposal."""
    for note in notes:
        role = note_role(note)
        if role in ("", "remark") and _pointed_to(row):
            row = dataclasses.replace(row, text=f"{row.text}（批注：{note.text.strip()}）")
        elif role == "reason":
            row = dataclasses.replace(row, reason="；".join(filter(None, [row.reason, REASON_LINE_RE.sub("", note.text).strip()])))
        elif role == "remark":
            row = dataclasses.replace(row, reason=f"{row.reason}（批注：{note.text}）" if row.reason else f"批注：{note.text}")
        elif role == "place":
            row = dataclasses.replace(row, ref=note.text.strip())
    return row


def _as_example(block: Block) -> Block:
    return Block("template_example", block.text, block.origin, block.ref, block.reason, block.quote, author=block.author)


def _note_blocks(sheet: Sheet, table: TableReading, origin: str) -> tuple[list[tuple[int, Block]], list[Block]]:
    """Each note is a comment of its row (of its column, in a form laid across): on the 条款 or
    proposal cell, about the row's clause; on a cell of the draft's words (a 原文 cell, or a sheet
    that is the draft itself), about those words. A note on the header or the title above it, or
    on an example row, is the template's."""
    comments: list[tuple[int, Block]] = []
    aside: list[Block] = []
    header, examples = table.header, {i for i, _ in table.examples}
    grid = transpose(sheet.grid) if table.transposed else sheet.grid
    for note in sheet.notes:
        line, col = (note.col, note.row) if table.transposed else (note.row, note.col)
        row = grid[line] if line < len(grid) else []
        where = f"{origin}{note.cell}单元格批注"
        if header is not None and (line <= header.row or line in examples):
            aside.append(Block("template_example", note.text, where, author=note.author))
            continue
        own = names_own_clause(note.text)  # its own place, not its row's: neither the row's clause nor its quotation
        ref = row_ref(row, header) if header is not None and not own else ""
        quote = cell_text(row, header.quote) if header is not None and not own else ""
        if not quote and not own and (header is None or col not in (header.proposal, header.ref, header.reason, header.section)):
            quote = cell_text(row, col)  # the noted cell holds words of the draft
        on_reason = header is not None and col == header.reason
        comments.append((line, Block("cell_note", note.text, where, ref=ref, quote=quote, author=note.author,
                                     context=ON_REASON_CELL if on_reason else "")))
    return comments, aside


# "补充：第16条联席会议建议……": a note opening on a clause of its own is about that clause, not its row's.
# "局领导补充：第6条…": who added it, before the label.
_ADDED_LABEL_RE = re.compile(r"^\s*(?:[\u4e00-\u9fff]{0,6}?(?:补充(?:意见|一点)?)|另外|此外|另|又|再)?\s*[:：，,]?\s*")


def names_own_clause(text: str) -> bool:
    return bool(CLAUSE_LEAD_RE.match(_ADDED_LABEL_RE.sub("", text, count=1)))


def _hidden_blocks(sheet: Sheet) -> list[Block]:
    """Every row with words, and every note, of a hidden sheet, shown for what it is."""
    origin = f"隐藏工作表“{sheet.title}”"
    blocks = [Block("hidden_sheet", " | ".join(c for c in row if c), f"{origin}第{i + 1}行")
              for i, row in enumerate(sheet.grid) if any(row)]
    blocks += [Block("hidden_sheet", n.text, f"{origin}{n.cell}单元格批注", author=n.author) for n in sheet.notes]
    return blocks


def sheet_blocks(sheets: list[Sheet]) -> list[Block]:
    """The comment Blocks of a workbook's sheets."""
    return list(read_sheets(sheets).comments)


def sheets_text(sheets: list[Sheet]) -> str:
    """The sheets' words, a row a line (cells joined by " | ", the empty ones between kept so a
    column stays a column, as a Word table's), then their notes."""
    lines = [" | ".join(row[: max((i + 1 for i, c in enumerate(row) if c), default=0)]) for sheet in sheets for row in sheet.grid]
    lines += [f"批注 {n.cell}：{n.text}" for sheet in sheets for n in sheet.notes]
    return "\n".join(lines)


def read_workbook(data: bytes, filename: str, kind: str) -> AttachmentResult:
    """An .xlsx or .xls attachment read: its comments, what was set aside, its text."""
    sheets = xlsx_sheets(data, filename) if kind == "xlsx" else xls_sheets(data, filename)
    book = read_sheets(sheets, filename)
    return AttachmentResult(filename, kind, "read", book.comments, error=book.note, text=book.text, asides=book.asides)
