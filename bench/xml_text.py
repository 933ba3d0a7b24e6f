"""The yardstick of bench/real_files.py: an Office file's text read straight from its XML.

Independent of mailbot (no import of `parsers` or `mailbot`, no python-docx, no openpyxl):
plain zipfile and lxml for .docx/.docm/.dotx and .xlsx/.xlsm, xlrd for .xls, antiword for .doc.
Each piece of text carries labels saying where in the file it sits (inside a content control,
a text box, a nested table, a footnote, a cell note…), so a reading that misses it can be told
what it missed.

    python bench/xml_text.py FILE...      prints each piece: its labels, where, its text

What counts as a file's text:
- WordprocessingML: every w:t and m:t of the main document, footnotes, endnotes, headers,
  footers and comments, and the words of the body's SmartArt diagrams (their data parts), as the document reads now: w:ins and w:moveTo kept, w:del,
  w:moveFrom, w:delText and w:instrText left out; text boxes once (the mc:Fallback copy skipped).
- SpreadsheetML: the cells of the visible sheets (shared and inline strings, numbers, dates as
  ISO dates, booleans, errors, formula results) plus the sheets' cell notes and threaded
  comments. Hidden sheets' cells are kept apart (`Reading.hidden`), not counted.
- Strict OOXML (http://purl.oclc.org/ooxml/...) is read like the transitional kind.
"""

from __future__ import annotations

import datetime
import io
import posixpath
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
W_NS = {"http://schemas.openxmlformats.org/wordprocessingml/2006/main", "http://purl.oclc.org/ooxml/wordprocessingml/main"}
M_NS = {"http://schemas.openxmlformats.org/officeDocument/2006/math", "http://purl.oclc.org/ooxml/officeDocument/math"}
S_NS = {"http://schemas.openxmlformats.org/spreadsheetml/2006/main", "http://purl.oclc.org/ooxml/spreadsheetml/main"}
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True, recover=False)
Element = Any  # an lxml element


class Unreadable(Exception):
    """The yardstick itself cannot read the file (a broken zip, no main part, antiword failed)."""


@dataclass(frozen=True)
class Piece:
    """A run of text with the same labels inside one paragraph or cell.

    :ivar labels: where it sits ("w:sdt (block)", "text box", "cell note", …); () for plain body text
    :ivar where: the part and place ("word/footnotes.xml", "sheet 'Data' B3")
    """

    text: str
    labels: tuple[str, ...]
    where: str


@dataclass
class Reading:
    kind: str  # wml, sml, xls, doc
    pieces: list[Piece] = field(default_factory=list)
    hidden: list[Piece] = field(default_factory=list)  # hidden sheets' cells: not counted

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.pieces)


def read_office_text(path: Path) -> Reading:
    """The file's text, decided from its bytes: an OOXML zip, an OLE .xls or .doc."""
    data = path.read_bytes()
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(_with_slashes(data)) as archive:
                return _ooxml_reading(archive)
        except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, ValueError, EOFError, OSError) as exc:
            raise Unreadable(f"{type(exc).__name__}: {exc}") from exc
    if path.suffix.lower().startswith(".xl"):
        return xls_reading(data)  # OLE, or a bare BIFF stream as Excel 2-4 wrote it
    if data[:8] == OLE_MAGIC:
        return doc_reading(path)
    raise Unreadable("neither a zip nor an OLE file")


# --- package plumbing -------------------------------------------------------------------


def _with_slashes(data: bytes) -> io.BytesIO:
    """The zip, its members named with "/" where a writer put "xl\\workbook.xml" (Excel opens those)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if not any("\\" in name for name in archive.namelist()):
            return io.BytesIO(data)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as target:
            for info in archive.infolist():
                target.writestr(info.filename.replace("\\", "/"), archive.read(info))
    return io.BytesIO(out.getvalue())


def _local(el: Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _ns(el: Element) -> str:
    return etree.QName(el).namespace or "" if isinstance(el.tag, str) else ""


def _xml(archive: zipfile.ZipFile, name: str) -> Element:
    return etree.fromstring(archive.read(name), PARSER)


def _rels(archive: zipfile.ZipFile, part: str) -> list[tuple[str, str, str]]:
    """(id, type's last word, target part name) of a part's relationships (internal only)."""
    folder, base = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", base + ".rels")
    if rels_name not in archive.namelist():
        return []
    out = []
    for rel in _xml(archive, rels_name):
        if _local(rel) != "Relationship" or rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target") or ""
        name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        out.append((rel.get("Id") or "", (rel.get("Type") or "").rsplit("/", 1)[-1], name))
    return out


def _main_part(archive: zipfile.ZipFile) -> str:
    for _, kind, name in _rels(archive, ""):
        if kind == "officeDocument" and name in archive.namelist():
            return name
    for name in ("word/document.xml", "xl/workbook.xml"):
        if name in archive.namelist():
            return name
    raise Unreadable("no main document part")


def _ooxml_reading(archive: zipfile.ZipFile) -> Reading:
    main = _main_part(archive)
    root = _xml(archive, main)
    if _local(root) == "document" and _ns(root) in W_NS:
        reading = wml_reading(archive, main, root)
    elif _local(root) == "workbook" and _ns(root) in S_NS:
        reading = sml_reading(archive, main, root)
    else:
        raise Unreadable(f"main part {main} is a {root.tag}")
    whole: tuple[str, ...] = ("Strict OOXML",) if _ns(root).startswith("http://purl.oclc.org/") else ()
    whole += ("main part elsewhere",) if main not in ("word/document.xml", "xl/workbook.xml") else ()
    if whole:  # what the whole file is: put first, it explains a loss of everything
        reading.pieces = [Piece(p.text, (*whole, *p.labels), p.where) for p in reading.pieces]
    return reading


# --- WordprocessingML -------------------------------------------------------------------

WML_PARTS = {"footnotes": "footnotes", "endnotes": "endnotes", "header": "header/footer", "footer": "header/footer",
             "comments": "comments part"}
SKIP_W = {"del", "moveFrom", "delText", "instrText", "delInstrText", "rPr", "pPr", "sdtPr", "sdtEndPr", "tblPr",
          "trPr", "tcPr", "sectPr", "tblGrid", "fldData"}
WRAPPER_LABELS = {"txbxContent": "text box", "fldSimple": "w:fldSimple", "smartTag": "w:smartTag",
                  "customXml": "w:customXml", "hyperlink": "w:hyperlink", "ins": "w:ins", "moveTo": "w:moveTo",
                  "dir": "w:dir/w:bdo", "bdo": "w:dir/w:bdo", "ruby": "ruby"}
LABEL_ONLY_RE = re.compile(r"^(?:[(（\[][0-9０-９一二三四五六七八九十a-zA-Z]{1,4}[)）\]]|[0-9０-９一二三四五六七八九十a-zA-Z]{1,3}[、.．)）:：]|[①-⑳•·▪■●◆])$")


# A notes part's first entries (w:type separator, continuationSeparator, continuationNotice)
# are the rule Word draws between the body and the notes, not notes. Word normally writes an
# empty w:separator run there; some writers type the rule as text ("_______________"), which
# Word shows as the rule: page furniture, not a word of the document, so it is not counted.
NOTE_FURNITURE = {"separator", "continuationSeparator", "continuationNotice"}


def wml_reading(archive: zipfile.ZipFile, main: str, root: Element) -> Reading:
    reading = Reading("wml", wml_pieces(root, main, ()))
    for _, kind, name in _rels(archive, main):
        if kind in WML_PARTS and name in archive.namelist():
            part = _xml(archive, name)
            for note in [n for n in part if _local(n) in ("footnote", "endnote") and _attr(n, "type") in NOTE_FURNITURE]:
                part.remove(note)
            reading.pieces += wml_pieces(part, name, (WML_PARTS[kind],))
        elif kind == "diagramData" and name in archive.namelist():
            reading.pieces += _smartart_pieces(_xml(archive, name), name)
    return reading


def _smartart_pieces(model: Element, where: str) -> list[Piece]:
    """A SmartArt diagram's words: the a:t of its content points (dgm:pt without a type, or of
    type node/asst), a piece a drawing paragraph; transitions and presentation points hold none."""
    pieces = []
    for point in (el for el in model.iter() if _local(el) == "pt"):
        if (point.get("type") or "node") not in ("node", "asst"):
            continue
        for para in (el for el in point.iter() if _local(el) == "p"):
            text = "".join(t.text or "" for t in para.iter() if _local(t) == "t" and t is not para)
            if text.strip():
                pieces.append(Piece(text, ("SmartArt",), where))
    return pieces


def wml_pieces(root: Element, where: str, labels: tuple[str, ...]) -> list[Piece]:
    """The part's text as pieces: consecutive text of one paragraph with the same labels."""
    raw = list(_wml_walk(root, labels, paragraph=0, tables=0, counter=[0]))
    pieces: list[Piece] = []
    last: tuple[int, tuple[str, ...]] | None = None
    paragraphs: dict[int, str] = {}
    owners: list[int] = []
    for paragraph, piece_labels, text in raw:
        paragraphs[paragraph] = paragraphs.get(paragraph, "") + text
        if last == (paragraph, piece_labels):
            pieces[-1] = Piece(pieces[-1].text + text, piece_labels, where)
        else:
            pieces.append(Piece(text, piece_labels, where))
            owners.append(paragraph)
        last = (paragraph, piece_labels)
    return [_mark_label_only(p, paragraphs[o]) for p, o in zip(pieces, owners)]


def _mark_label_only(piece: Piece, paragraph: str) -> Piece:
    """A paragraph that is nothing but a list label ("1.", "（三）", "•") typed as text."""
    if LABEL_ONLY_RE.match("".join(paragraph.split())):
        return Piece(piece.text, (*piece.labels, "numbering-only label"), piece.where)
    return piece


def _wml_walk(el: Element, labels: tuple[str, ...], paragraph: int, tables: int,
              counter: list[int]) -> Iterator[tuple[int, tuple[str, ...], str]]:
    """(paragraph number, labels, text) for every w:t and m:t under `el`, in document order."""
    for child in el:
        local, ns = _local(child), _ns(child)
        if not local or (ns == MC_NS and local == "Fallback"):
            continue
        if ns in M_NS:
            if local == "t":
                yield paragraph, _with(labels, "m:oMath"), child.text or ""
            else:
                yield from _wml_walk(child, _with(labels, "m:oMath"), paragraph, tables, counter)
            continue
        if ns in W_NS and local in SKIP_W:
            continue
        if ns in W_NS and local == "t":
            yield paragraph, labels, child.text or ""
            continue
        inner_labels, inner_paragraph, inner_tables = labels, paragraph, tables
        if ns in W_NS:
            inner_labels, inner_tables = _element_labels(child, local, labels, tables)
            if local == "p":
                counter[0] += 1
                inner_paragraph = counter[0]
        yield from _wml_walk(child, inner_labels, inner_paragraph, inner_tables, counter)


def _element_labels(el: Element, local: str, labels: tuple[str, ...], tables: int) -> tuple[tuple[str, ...], int]:
    """The labels an element adds for what is inside it, and the table depth inside it."""
    if local == "tbl":
        tables += 1
        return _with(labels, "nested w:tbl" if tables > 1 else "table"), tables
    if local == "sdt":
        return _with(labels, _sdt_label(el)), tables
    if local == "r" and _is_vanished(el):
        return _with(labels, "hidden text (w:vanish)"), tables
    if local in WRAPPER_LABELS:
        return _with(labels, WRAPPER_LABELS[local]), tables
    return labels, tables


def _sdt_label(sdt: Element) -> str:
    content = next((c for c in sdt if _local(c) == "sdtContent"), None)
    kinds = {_local(c) for c in content} if content is not None else set()
    if kinds & {"p", "tbl"}:
        return "w:sdt (block)"
    if kinds & {"tr", "tc"}:
        return "w:sdt (row/cell)"
    return "w:sdt (inline)"


def _is_vanished(run: Element) -> bool:
    for prop in run:
        if _local(prop) == "rPr":
            for item in prop:
                if _local(item) == "vanish":
                    return (_attr(item, "val") or "true") not in ("0", "false", "off")
    return False


def _attr(el: Element, local: str) -> str | None:
    for name, value in el.attrib.items():
        if etree.QName(name).localname == local:
            return str(value)
    return None


def _with(labels: tuple[str, ...], label: str) -> tuple[str, ...]:
    return labels if label in labels else (*labels, label)


# --- SpreadsheetML ----------------------------------------------------------------------

MAX_ROWS, MAX_COLS = 5000, 40  # where mailbot's reader stops: cells beyond are labelled
DATE_FORMAT_IDS = set(range(14, 23)) | set(range(27, 37)) | {45, 47} | set(range(50, 59))
DURATION_FORMAT_IDS = {46}  # [h]:mm:ss: elapsed time, shown as hours past 24


@dataclass
class _Book:
    archive: zipfile.ZipFile
    strings: list[str]
    date_styles: set[int]
    duration_styles: set[int]
    epoch: datetime.datetime


def sml_reading(archive: zipfile.ZipFile, main: str, root: Element) -> Reading:
    parts = {rid: (kind, name) for rid, kind, name in _rels(archive, main)}
    dates, durations = _date_styles(archive, parts)
    book = _Book(archive, _shared_strings(archive, parts), dates, durations, _epoch(root))
    reading = Reading("sml")
    for sheet in (el for el in root.iter() if _local(el) == "sheet" and _ns(el) in S_NS):
        kind, name = parts.get(_attr(sheet, "id") or "", ("", ""))
        if kind != "worksheet" or name not in archive.namelist():
            continue
        title = sheet.get("name") or name
        cells = list(_sheet_cells(book, name, title))
        visible = (sheet.get("state") or "visible") == "visible"
        if visible:
            reading.pieces += cells + list(_sheet_notes(archive, name, title))
        else:
            reading.hidden += cells
    return reading


def _s_children(el: Element, local: str) -> list[Element]:
    return [c for c in el if _local(c) == local and _ns(c) in S_NS]


def _string_item(si: Element) -> str:
    """A shared or inline string's text: its t and rich-text runs, not the phonetic guide (rPh)."""
    parts = [t.text or "" for t in _s_children(si, "t")]
    for run in _s_children(si, "r"):
        parts += [t.text or "" for t in _s_children(run, "t")]
    return "".join(parts)


def _shared_strings(archive: zipfile.ZipFile, parts: dict[str, tuple[str, str]]) -> list[str]:
    name = next((n for k, n in parts.values() if k == "sharedStrings"), "")
    if name not in archive.namelist():
        return []
    return [_string_item(si) for si in _s_children(_xml(archive, name), "si")]


def _date_styles(archive: zipfile.ZipFile, parts: dict[str, tuple[str, str]]) -> tuple[set[int], set[int]]:
    """Indexes of the cell formats (cellXfs) that show a number as a date or time, and as a duration."""
    name = next((n for k, n in parts.values() if k == "styles"), "")
    if name not in archive.namelist():
        return set(), set()
    root = _xml(archive, name)
    custom = {int(f.get("numFmtId") or -1): f.get("formatCode") or "" for f in root.iter() if _local(f) == "numFmt"}
    xfs = next((el for el in root.iter() if _local(el) == "cellXfs"), None)
    dates, durations = set(), set()
    for index, xf in enumerate(_s_children(xfs, "xf") if xfs is not None else []):
        fmt = int(xf.get("numFmtId") or 0)
        if fmt in DURATION_FORMAT_IDS or re.match(r"\[(h+|m+|s+)\]", custom.get(fmt, ""), re.I):
            durations.add(index)
        elif fmt in DATE_FORMAT_IDS or (fmt in custom and _is_date_code(custom[fmt])):
            dates.add(index)
    return dates, durations


def _is_date_code(code: str) -> bool:
    bare = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.', "", code.split(";")[0])
    return bool(re.search(r"[dmyhsDMYHS]", bare)) and "General" not in bare


def _epoch(workbook: Element) -> datetime.datetime:
    for el in workbook.iter():
        if _local(el) == "workbookPr" and (_attr(el, "date1904") or "0") in ("1", "true"):
            return datetime.datetime(1904, 1, 1)
    return datetime.datetime(1899, 12, 30)


CELL_RE = re.compile(r"([A-Z]{1,3})(\d+)")


def _sheet_cells(book: _Book, part: str, title: str) -> Iterator[Piece]:
    row_number = 0
    for row in (el for el in _xml(book.archive, part).iter() if _local(el) == "row" and _ns(el) in S_NS):
        row_number = int(row.get("r") or row_number + 1)
        column = 0
        for cell in _s_children(row, "c"):
            match = CELL_RE.fullmatch(cell.get("r") or "")
            column = _column(match.group(1)) if match else column + 1
            value = _cell_text(book, cell)
            if value is not None and value[0].strip():
                labels = value[1:] + (("beyond column 40",) if column > MAX_COLS else ()) \
                    + (("beyond row 5000",) if row_number > MAX_ROWS else ())
                yield Piece(value[0], ("sheet cell", *labels), f"sheet '{title}' {cell.get('r') or ''}")


def _column(letters: str) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ord(ch) - 64
    return number


def _cell_text(book: _Book, cell: Element) -> tuple[str, ...] | None:
    """(text, labels…) of a cell, or None when it holds nothing."""
    kind = cell.get("t") or "n"
    formula = ("formula",) if _s_children(cell, "f") else ()
    if kind == "inlineStr":
        inline = _s_children(cell, "is")
        return (_string_item(inline[0]), "inline string", *formula) if inline else None
    v = _s_children(cell, "v")
    if not v or v[0].text is None:
        return None
    raw = v[0].text
    if kind == "s":
        index = int(raw)
        return (book.strings[index], "shared string") if 0 <= index < len(book.strings) else None
    if kind == "b":
        return ("TRUE" if raw.strip() in ("1", "true") else "FALSE", "boolean", *formula)
    if kind in ("str", "e"):
        return (raw, "formula text" if kind == "str" else "error value", *formula)
    if kind == "d":  # an ISO 8601 date written as text: shown as date_text shows a serial
        return (iso_date_text(raw), "date cell", *formula)
    style = int(cell.get("s") or 0)
    if style in book.duration_styles:
        return (duration_text(float(raw)), "duration cell", *formula)
    if style in book.date_styles:
        return (date_text(float(raw), book.epoch), "date cell", *formula)
    return (number_text(float(raw)), "number", *formula)


def number_text(value: float) -> str:
    """A number as Python writes it, an integral one without ".0"."""
    return str(int(value)) if value.is_integer() and abs(value) < 1e21 else repr(value)


def date_text(serial: float, epoch: datetime.datetime) -> str:
    """A date serial as an ISO date ("2020-01-31"), a date and time ("2020-01-31 12:05"), or a
    time of day ("06:00", "06:00:15").

    A date cell holds a number; any text for it is a convention. This one is ISO 8601's with a
    space for the "T" and the seconds only when there are any: the form mailbot shows, so a date
    read right is found and a date read wrong (a serial, another day, another hour) is not. An
    earlier "2020-01-31T12:05:00" counted the "T" and ":00" as text mailbot lost."""
    shift = 1 if epoch.year == 1899 and 1 <= serial < 61 else 0  # Excel's 1900-02-29 that never was
    moment = epoch + datetime.timedelta(days=serial + shift)
    moment = (moment + datetime.timedelta(microseconds=500_000)).replace(microsecond=0)
    clock = moment.strftime("%H:%M:%S" if moment.second else "%H:%M")
    if serial < 1:
        return clock
    return moment.date().isoformat() if serial.is_integer() else f"{moment.date().isoformat()} {clock}"


def iso_date_text(raw: str) -> str:
    """A t="d" cell's ISO 8601 text in date_text's form ("2020-01-31 12:05")."""
    try:
        moment = datetime.datetime.fromisoformat(raw.strip().rstrip("Z"))
    except ValueError:
        return raw
    clock = moment.strftime("%H:%M:%S" if moment.second else "%H:%M")
    return moment.date().isoformat() + (f" {clock}" if moment.time() != datetime.time(0) else "")


def duration_text(days: float) -> str:
    """Elapsed time as Excel's [h]:mm:ss shows it ("255:10:10")."""
    seconds = round(days * 86400)
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def _sheet_notes(archive: zipfile.ZipFile, sheet_part: str, title: str) -> Iterator[Piece]:
    """Cell notes (comments*.xml) and threaded comments of a sheet; a threaded comment's
    legacy copy ("[Threaded comment] Your version of Excel…") is skipped."""
    for _, kind, name in _rels(archive, sheet_part):
        if name not in archive.namelist():
            continue
        if kind == "comments":
            for comment in (el for el in _xml(archive, name).iter() if _local(el) == "comment"):
                text = "".join(_string_item(t) for t in _s_children(comment, "text"))
                if text.strip() and not text.startswith("[Threaded comment]"):
                    yield Piece(text, ("cell note",), f"sheet '{title}' {comment.get('ref') or ''} ({name})")
        elif kind == "threadedComment":
            for comment in (el for el in _xml(archive, name).iter() if _local(el) == "threadedComment"):
                text = "".join(t.text or "" for t in comment if _local(t) == "text")
                if text.strip():
                    yield Piece(text, ("threaded comment",), f"sheet '{title}' {comment.get('ref') or ''} ({name})")


# --- legacy .xls and .doc ---------------------------------------------------------------


def xls_reading(data: bytes) -> Reading:
    import os

    import xlrd

    quiet = open(os.devnull, "w")  # xlrd writes its warnings to stdout
    try:
        try:
            book = xlrd.open_workbook(file_contents=data, formatting_info=True, logfile=quiet)
        except xlrd.compdoc.CompDocError:  # overlapping sector chains: Excel and LibreOffice read on
            book = xlrd.open_workbook(file_contents=data, formatting_info=True, logfile=quiet, ignore_workbook_corruption=True)
        except (NotImplementedError, xlrd.XLRDError, IndexError, KeyError, AssertionError):
            book = xlrd.open_workbook(file_contents=data, logfile=quiet)
    except Exception as exc:  # xlrd raises its own kinds and struct errors on damage
        raise Unreadable(f"xlrd: {type(exc).__name__}: {exc}") from exc
    reading = Reading("xls")
    for sheet in book.sheets():
        cells = list(_xls_cells(book, sheet))
        if sheet.visibility == 0:
            reading.pieces += cells + [Piece(note.text, ("cell note",), f"sheet '{sheet.name}' note")
                                       for note in getattr(sheet, "cell_note_map", {}).values() if note.text.strip()]
        else:
            reading.hidden += cells
    return reading


def _xls_cells(book: Any, sheet: Any) -> Iterator[Piece]:
    import xlrd

    for r in range(sheet.nrows):
        for c in range(sheet.ncols):
            cell = sheet.cell(r, c)
            labels = ("sheet cell",) + (("beyond column 40",) if c >= MAX_COLS else ()) + (("beyond row 5000",) if r >= MAX_ROWS else ())
            if cell.ctype == xlrd.XL_CELL_TEXT and cell.value.strip():
                yield Piece(cell.value, (*labels, "text"), f"sheet '{sheet.name}' R{r + 1}C{c + 1}")
            elif cell.ctype == xlrd.XL_CELL_NUMBER:
                yield Piece(number_text(float(cell.value)), (*labels, "number"), f"sheet '{sheet.name}' R{r + 1}C{c + 1}")
            elif cell.ctype == xlrd.XL_CELL_DATE and _xls_is_duration(book, cell):
                yield Piece(duration_text(float(cell.value)), (*labels, "duration cell"), f"sheet '{sheet.name}' R{r + 1}C{c + 1}")
            elif cell.ctype == xlrd.XL_CELL_DATE:
                epoch = datetime.datetime(1904, 1, 1) if book.datemode else datetime.datetime(1899, 12, 30)
                yield Piece(date_text(float(cell.value), epoch), (*labels, "date cell"), f"sheet '{sheet.name}' R{r + 1}C{c + 1}")
            elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                yield Piece("TRUE" if cell.value else "FALSE", (*labels, "boolean"), f"sheet '{sheet.name}' R{r + 1}C{c + 1}")
            elif cell.ctype == xlrd.XL_CELL_ERROR:
                text = xlrd.error_text_from_code.get(cell.value, "#ERR")
                yield Piece(text, (*labels, "error value"), f"sheet '{sheet.name}' R{r + 1}C{c + 1}")


def _xls_is_duration(book: Any, cell: Any) -> bool:
    """A number format of elapsed time ([h]:mm:ss), as the .xlsx reading tells durations apart."""
    try:
        code = book.format_map[book.xf_list[cell.xf_index].format_key].format_str
    except (AttributeError, IndexError, KeyError, TypeError):
        return False
    return bool(re.search(r"\[(h+|m+|s+)\]", code, re.I))


def doc_reading(path: Path) -> Reading:
    """A legacy Word file through antiword (mailbot tries LibreOffice first: another reader)."""
    antiword = shutil.which("antiword")
    if not antiword:
        raise Unreadable("antiword is not installed")
    try:
        done = subprocess.run([antiword, "-w", "0", "-m", "UTF-8.txt", str(path)], capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise Unreadable(f"antiword: {exc}") from exc
    if done.returncode != 0:
        raise Unreadable(f"antiword: {done.stderr.decode('utf-8', 'replace').strip()[:120]}")
    text = done.stdout.decode("utf-8", "replace").replace("[pic]", "")
    text = text.replace("\ufffd", "")  # characters antiword could not decode (emoji, surrogate pairs): not the file's
    text = _without_note_marks(text)
    cells = [cell.strip() for line in text.splitlines() for cell in line.split("|")]  # a table row: | a | b |
    return Reading("doc", [Piece(c, ("doc text",), "antiword") for c in cells if c and not RULE_RE.fullmatch(c)])


RULE_RE = re.compile(r"[-=_─━]{3,}")  # antiword's rules around text boxes and tables
NOTE_MARK_RE = re.compile(r"^\[(\d{1,4}|[ivxlc]{1,6})\] ", re.M)


def _without_note_marks(text: str) -> str:
    """antiword writes a footnote's or endnote's reference mark as "[1]" or "[i]", in the body
    and before the note at the end; Word draws it as a superscript number (w:footnoteReference,
    no text in the .docx reading either). Only marks that begin a note line are taken out."""
    marks = set(NOTE_MARK_RE.findall(text))
    if not marks:
        return text
    text = NOTE_MARK_RE.sub("", text)
    return re.sub(r"\[(\d{1,4}|[ivxlc]{1,6})\]", lambda m: "" if m.group(1) in marks else m.group(0), text)


def main(argv: list[str]) -> int:
    for name in argv:
        try:
            reading = read_office_text(Path(name))
        except Unreadable as exc:
            print(f"{name}: unreadable: {exc}")
            continue
        for piece in reading.pieces:
            print(f"{','.join(piece.labels) or '-'}\t{piece.where}\t{' '.join(piece.text.split())}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
