"""One attachment to Blocks, or a recorded reason why not.

The type is decided from the bytes, not the name or the declared MIME type: a
ZIP holding word/document.xml is a .docx whatever it is called. A file that is
the draft itself sent back unchanged yields nothing.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import os
import unicodedata
import zipfile
import zlib
from collections.abc import Callable
from typing import TypeVar

from parsers.placing.clauses import squash
from parsers.files.docbook import read_docbook
from parsers.files.docx import DocxContent, read_docx
from parsers.mail.envelope import decode_bytes
from parsers.errors import ParseError, TooLarge
from parsers.guard import Limits, check_package
from parsers.files.archives import archive_kind, archive_members, tnef_members
from parsers.files.silent import silent_changes
from parsers.files.revisions import is_bare_move, clause_of, is_resolved, remark_blocks, revision_blocks, says_nothing_to_change, unremarked_lines
from parsers.printed.pdf import embedded_files
from parsers.printed.scans import read_pasted_scans, read_pdf_file, read_picture_file
from parsers.records import Attachment, AttachmentResult, Block, Draft
from parsers.comments.segment import AGREEMENT_RE, is_remark_note, praises_only, strip_enum, text_blocks
from parsers.files.webpage import read_webpage, webpage_kind
from parsers.files.xlsx import read_workbook

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")  # the stream name, in the OLE directory
DRAFT_COPY_SHARE = 0.6
ZIP_MAX_DEPTH = 2
LEGACY_WORD = ("doc", "wps", "odt", "rtf")  # read through LibreOffice (mailbot's converter)
LEGACY_SHEETS = ("ods",)  # the same, into .xlsx

T = TypeVar("T")

# Turns a legacy Word file (.doc, .wps) into ("docx", bytes), ("docbook", bytes) or ("txt", bytes); raises
# ParseError when it cannot. Supplied by mailbot (it runs LibreOffice or antiword).
Converter = Callable[[bytes, str, str], tuple[str, bytes]]


MAIN_PART_KINDS = {
    "wordprocessingml.document.main+xml": "docx", "ms-word.document.macroEnabled.main+xml": "docx",
    "wordprocessingml.template.main+xml": "docx", "ms-word.template.macroEnabledTemplate.main+xml": "docx",
    "spreadsheetml.sheet.main+xml": "xlsx", "ms-excel.sheet.macroEnabled.main+xml": "xlsx",
    "spreadsheetml.template.main+xml": "xlsx",
}


def archive_types(data: bytes) -> str:
    """The package's [Content_Types].xml as text ("" when it cannot be read)."""
    return archive_member(data, "[Content_Types].xml", 200_000).decode("utf-8", "replace")  # no more unpacked (a bomb)


def _main_part_kind(types: str) -> str | None:
    """docx or xlsx, from the content type its main part declares."""
    for suffix, kind in MAIN_PART_KINDS.items():
        if suffix in types:
            return kind
    return None


def sniff(data: bytes, filename: str) -> str:
    """docx, xlsx, xls, doc, txt, html, mht, zip, pdf, image, empty or other."""
    ext = os.path.splitext(filename.lower())[1].lstrip(".")
    if not data:
        return "empty"
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = {name.replace("\\", "/") for name in archive.namelist()}  # some writers use backslashes
        except (zipfile.BadZipFile, NotImplementedError, ValueError, OSError, EOFError):
            return ext or "zip"  # damaged directory (zipfile also raises these); the reader says so
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        main = _main_part_kind(archive_types(data)) if "[Content_Types].xml" in names else None
        if main:  # an Office package whose main part is not at the usual path (it may be anywhere)
            return main
        if "mimetype" in names and "content.xml" in names:  # OpenDocument: a document, not an archive
            if ext in ("ods", "ots") or _opendocument_type(archive_member(data, "mimetype")) == "spreadsheet":
                return "ods"
            return "odt" if ext in ("", "odt", "ott") else (ext or "odf")
        return "zip"
    if data[:8] == OLE_MAGIC:
        return _ole_kind(data, ext)
    if data[:5] == b"%PDF-":
        return "pdf"
    if _is_picture(data):
        return "image"
    if data[:5] == b"{\\rtf":
        return "rtf"
    if packed := archive_kind(data):
        return packed
    if page := webpage_kind(data, ext):  # Word's 网页 (.htm, .mht), a web system's "Excel" that is an HTML table
        return page
    if ext in ("txt", "text", "csv"):
        return "txt"
    return ext or "other"


def archive_member(data: bytes, member: str, limit: int = 200) -> bytes:
    """The first bytes of one member of a zip ("" when it cannot be read: damaged, the reader says so)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open(member) as part:
            return part.read(limit)
    except (zipfile.BadZipFile, KeyError, NotImplementedError, ValueError, OSError, EOFError, zlib.error):
        return b""


def _opendocument_type(mimetype: bytes) -> str:
    """"spreadsheet" for application/vnd.oasis.opendocument.spreadsheet, and so on."""
    return mimetype.decode("ascii", "replace").rpartition(".")[2].strip()


PICTURE_MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF8", b"II*\x00", b"MM\x00*", b"BM")


def _is_picture(data: bytes) -> bool:
    """JPEG, PNG, GIF, TIFF (faxes), BMP, WebP."""
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return True
    return data.startswith(PICTURE_MAGIC) and (data[:2] != b"BM" or len(data) > 26)


def _ole_kind(data: bytes, ext: str) -> str:
    """A password-protected .docx/.xlsx is an OLE file holding an EncryptionInfo stream;
    without one, a .docx/.xlsx name on an OLE file is a renamed legacy .doc/.xls."""
    if ext in ("docx", "xlsx"):
        return ext if ENCRYPTION_INFO in data else {"docx": "doc", "xlsx": "xls"}[ext]
    return ext if ext in ("xls", "doc", "wps", "et", "ppt") else "ole"


ARCHIVES = ("zip", "rar", "7z", "tnef")


def read_attachments(
    attachment: Attachment, draft: Draft, convert: Converter | None = None, depth: int = 0, limits: Limits = Limits(),
    budget: list[int] | None = None,
) -> list[AttachmentResult]:
    """One result per file: a .zip, .rar, .7z or winmail.dat gives one for each member (nested up
    to two levels). `budget`: the bytes the attachment may still unpack to, shared by every
    archive inside it (a .zip of forty .7z bombs stops at the limit, not at forty times it)."""
    name = attachment.filename or "(无文件名)"
    kind = sniff(attachment.data, name)
    if kind == "pdf" and depth < ZIP_MAX_DEPTH:  # a PDF may carry the reply's files inside it
        inside = [Attachment(f"{name}/{member}", "application/octet-stream", data)
                  for member, data in embedded_files(attachment.data, name, limits.attachment_bytes)]
        return [read_attachment(attachment, draft, convert, limits, kind=kind)] + [
            result for member in inside for result in read_attachments(member, draft, convert, depth + 1, limits, budget)]
    if kind not in ARCHIVES:
        return [read_attachment(attachment, draft, convert, limits, kind=kind)]
    if depth >= ZIP_MAX_DEPTH:
        return [AttachmentResult(display_name(name), kind, "error", error=f"too_large: {name}: 压缩包嵌套过深，请人工查看")]
    budget = budget if budget is not None else [limits.attachment_bytes]
    left = dataclasses.replace(limits, attachment_bytes=max(0, budget[0]))
    try:
        if kind == "zip":
            check_package(attachment.data, name, left)
            members = zip_members(attachment.data, name)
        elif kind == "tnef":
            members = tnef_members(attachment.data, name, left)
        else:
            members = archive_members(attachment.data, name, left)
    except ParseError as exc:
        return [AttachmentResult(display_name(name), kind, "error", error=f"{exc.code}: {exc}")]
    budget[0] -= sum(len(m.data) for m in members)
    results: list[AttachmentResult] = []
    pictures = 0
    for member in members:
        if sniff(member.data, member.filename) == "image":
            pictures += 1
            if pictures > limits.ocr_pages:  # the OCR page limit holds for the archive, not each picture
                results.append(AttachmentResult(display_name(member.filename), "image", "skipped",
                                                error=f"too_large: {name}: 图片超过{limits.ocr_pages}张，其余未识别，请人工查看"))
                continue
        results += read_attachments(member, draft, convert, depth + 1, limits, budget)
    empty = "Outlook 格式信息（winmail.dat），不含附件" if kind == "tnef" else "空压缩包"
    return results or [AttachmentResult(display_name(name), kind, "skipped", error=empty)]


def zip_members(data: bytes, name: str) -> list[Attachment]:
    """The files in a .zip, names decoded (GBK where the archiver did not flag UTF-8)."""
    from parsers.errors import CorruptFile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = [i for i in archive.infolist() if not i.is_dir() and not i.filename.startswith("__MACOSX/")]
            return [Attachment(f"{name}/{_member_name(i)}", "application/octet-stream", archive.read(i)) for i in infos]
    except (zipfile.BadZipFile, NotImplementedError, ValueError, OSError, EOFError, RuntimeError) as exc:
        encrypted = isinstance(exc, RuntimeError) and "encrypted" in str(exc)
        reason = "加密文件，无法读取" if encrypted else f"not a readable .zip ({exc})"
        raise CorruptFile(f"{name}: {reason}") from exc


def _member_name(info: zipfile.ZipInfo) -> str:
    name = info.filename
    if not info.flag_bits & 0x800:  # not flagged UTF-8: Chinese Windows archivers write GBK
        try:
            name = name.encode("cp437").decode("gb18030")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    return os.path.basename(name.replace("\\", "/")) or name


def read_attachment(
    attachment: Attachment, draft: Draft, convert: Converter | None = None, limits: Limits = Limits(),
    *, kind: str | None = None,
) -> AttachmentResult:
    """Read one file; the result carries its sha256 and a displayable name (the name is
    data only: nothing is ever written to disk under a name a sender chose). `kind`: what
    sniff() already said of it."""
    name = attachment.filename or "(无文件名)"
    result = _read_one(attachment, kind or sniff(attachment.data, name), draft, convert, limits)
    return dataclasses.replace(result, filename=display_name(result.filename), sha256=hashlib.sha256(attachment.data).hexdigest())


def display_name(name: str, limit: int = 255) -> str:
    """The sender's name without control characters (NUL included), NFC, at most `limit` characters."""
    cleaned = unicodedata.normalize("NFC", "".join(ch for ch in name if unicodedata.category(ch)[0] != "C" or ch == " "))
    return cleaned if len(cleaned) <= limit else cleaned[: limit - 1] + "…"


def _read_one(attachment: Attachment, kind: str, draft: Draft, convert: Converter | None, limits: Limits) -> AttachmentResult:
    name = attachment.filename or "(无文件名)"
    try:
        if len(attachment.data) > limits.attachment_bytes:
            raise TooLarge(f"{name}: {len(attachment.data) // (1024 * 1024)} MB，超过附件上限，已拒绝读取")
        if kind in ("docx", "xlsx"):
            check_package(attachment.data, name, limits)
        if kind in LEGACY_WORD + LEGACY_SHEETS and convert is not None:
            return _from_converted(convert(attachment.data, name, kind), name, kind, draft)
        if kind == "docx":
            typed = _from_docx(read_docx(attachment.data, name), name, draft)
            return typed if typed.blocks else _with_pasted_scans(typed, attachment.data, "word/media/", limits)
        if kind in ("xlsx", "xls", "et"):  # WPS's .et is an Excel 97 workbook under its own name
            typed = read_workbook(attachment.data, name, "xls" if kind == "et" else kind)
            return typed if typed.blocks or kind != "xlsx" else _with_pasted_scans(typed, attachment.data, "xl/media/", limits)
        if kind == "pdf":
            return _pdf_of_the_draft(_scan_guard(lambda: read_pdf_file(attachment.data, name, limits), name, kind), draft)
        if kind == "image":
            return _scan_guard(lambda: read_picture_file(attachment.data, name, kind, limits), name, kind)
        if kind in ("html", "mht"):
            return read_webpage(attachment.data, name, kind)
        if kind == "txt":
            text = decode_bytes(attachment.data, None)
            blocks = text_blocks(text.splitlines(), f"附件“{name}”", "paragraph")
            return AttachmentResult(name, kind, "read", tuple(blocks), text=text)
    except ParseError as exc:
        return AttachmentResult(name, kind, "error", error=f"{exc.code}: {exc}")
    if kind == "empty":
        return AttachmentResult(name, kind, "skipped", error="空文件")
    if attachment.content_type.startswith("image/"):  # declared a picture, but none we can open (EMF, WMF…)
        return AttachmentResult(name, kind, "skipped", error="不含文字意见的文件")
    return AttachmentResult(name, kind, "error", error=f"unsupported: {name}: 暂不能读取此类文件（{kind}），请人工查看")


def _scan_guard(read: Callable[[], T], name: str, kind: str) -> T | AttachmentResult:
    """PDF and OCR libraries fail in their own ways (a missing system library, a model error, a
    page pdfium cannot render): the attachment is recorded as unreadable, the message goes on."""
    try:
        return read()
    except ParseError:
        raise
    except ImportError as exc:  # libGL or GLib missing under OpenCV, a broken install
        return AttachmentResult(name, kind, "error", error=f"unsupported: {name}: 本机无法进行文字识别（{exc}），"
                                "请安装 libgl1 与 libglib2.0-0 后运行 mailbot retry")
    except Exception as exc:  # onnxruntime, OpenCV, pdfminer: their own exception kinds
        return AttachmentResult(name, kind, "error", error=f"unreadable: {name}: 识别失败（{type(exc).__name__}: {exc}），请人工查看")


def _with_pasted_scans(typed: AttachmentResult, data: bytes, folder: str, limits: Limits) -> AttachmentResult:
    """A Word or Excel file whose typed text holds no comment ("意见见下图") but which carries
    pictures of pages: the pictures are read by OCR, the typed text kept beside them."""
    if typed.status == "draft_copy":
        return typed
    scanned = _scan_guard(lambda: read_pasted_scans(data, typed.filename, typed.type, folder, limits), typed.filename, typed.type)
    if scanned is None or (scanned.status == "error" and typed.text.strip()):
        return typed
    text = "\n".join(t for t in (typed.text.strip(), scanned.text) if t)
    return dataclasses.replace(scanned, text=text)


def _from_converted(converted: tuple[str, bytes], name: str, kind: str, draft: Draft) -> AttachmentResult:
    """A legacy file read through its conversion; the result keeps the original type."""
    new_kind, data = converted
    if new_kind == "xlsx":
        result = read_workbook(data, name, "xlsx")
    elif new_kind == "docx":
        result = _from_docx(read_docx(data, name), name, draft)
    elif new_kind == "docbook":
        result = read_docbook(data, name)
    else:
        text = decode_bytes(data, "utf-8")
        result = AttachmentResult(name, kind, "read", tuple(text_blocks(text.splitlines(), f"附件“{name}”", "paragraph")), text=text)
    return dataclasses.replace(result, type=kind)


def _moves_aside(blocks: list[Block]) -> tuple[list[Block], list[Block]]:
    """A sentence of the draft moved, no word of it changed and no note saying why, is how the
    reviewer rearranged: kept as read beside the file's proposals, not one of them; the one change
    of a file, it is the proposal."""
    moves = [b for b in blocks if b.kind == "insertion" and is_bare_move(b.text)]
    if len(moves) == len(blocks):
        return blocks, []
    return [b for b in blocks if b not in moves], moves


def _from_docx(content: DocxContent, name: str, draft: Draft) -> AttachmentResult:
    """A returned draft gives only its tracked changes and margin comments; a
    comment document gives its paragraphs and tables (and any margin comments)."""
    origin = f"附件“{name}”"
    revisions = revision_blocks(content.document, draft, origin)
    # kept as read, never a comment: 无意见 in a note, a note marked resolved, a note only agreeing ("同意此条。")
    said_none = [b for b in revisions if says_nothing_to_change(b) or is_resolved(b)
                 or (b.kind == "margin_comment" and (AGREEMENT_RE.match(b.text) or praises_only(b.text)))]
    revisions = [b for b in revisions if b not in said_none]
    revisions, remarks = _remarks_on_changes(revisions)
    said_none += remarks
    text = "\n".join([content.text, *(b.text for b in said_none)])
    if is_draft_copy(content, draft):
        revisions += remark_blocks(content.document, draft, origin) + _note_remarks(content, draft, origin)
        if not revisions and not said_none:  # no mark left: its changes accepted before it was sent, perhaps
            clause_lines = [(at, number, text) for at, (text, _) in enumerate(content.paragraphs, start=1)
                            if (number := clause_of(text, draft)) is not None]
            revisions = silent_changes(clause_lines, draft, origin)
        if revisions:
            revisions, moves = _moves_aside(revisions)
            return AttachmentResult(name, "docx", "read", tuple(revisions), text=text, asides=tuple(said_none + moves))
        return AttachmentResult(name, "docx", "draft_copy", (), text=text, asides=tuple(said_none))
    # In a unit's own document, its tracked changes are its own editing: its words as they now
    # read are the comments (a row deleted with tracking is withdrawn), unless a change is made
    # to a paragraph of the draft pasted in; its margin comments still count.
    revisions = [b for b in revisions if b.kind == "margin_comment" or b.anchor is not None or b.ref]
    lines = [text for text, _ in content.paragraphs]
    list_items = {i for i, (_, is_list) in enumerate(content.paragraphs) if is_list}
    notes = [dataclasses.replace(b, context=b.context or anchor)  # a note means what its citing paragraph names
             for anchor, note in content.note_anchors for b in text_blocks(list(note), f"{origin}脚注", "paragraph")]
    blocks, moves = _moves_aside(text_blocks(lines, origin, "paragraph", list_items) + list(content.table_blocks) + notes + revisions)
    asides = tuple(Block("page_header", text, f"{origin}页眉页脚") for text in content.page_texts) + tuple(said_none + moves)
    asides += tuple(Block("template_example", text, f"{origin}控件占位文字") for text in content.placeholders)
    return AttachmentResult(name, "docx", "read", tuple(blocks), text=text, asides=asides)


def _remarks_on_changes(revisions: list[Block]) -> tuple[list[Block], list[Block]]:
    """A margin comment saying whose a change is or who decides it ("此条由生产部工会提出",
    "请领导定"), not what to change, is no comment: the remark of the changes in its clause
    (kept with them as their reason), and kept as read. Returns the blocks and those remarks."""
    remarks = [b for b in revisions if b.kind == "margin_comment" and is_remark_note(b.text)]
    kept = [b for b in revisions if b not in remarks]
    for remark in remarks:
        kept = [dataclasses.replace(b, reason="；".join(filter(None, [b.reason, f"批注：{remark.text.strip()}"])))
                if b.kind != "margin_comment" and b.anchor is not None and b.anchor == remark.anchor else b
                for b in kept]
    return kept, remarks


def _note_remarks(content: DocxContent, draft: Draft, origin: str) -> list[Block]:
    """Footnotes and endnotes (尾注) put into a returned draft: each one that proposes is a
    comment on the clause whose paragraph cites it (the draft's own notes, a law cited,
    propose nothing)."""
    out = []
    for citing, note in content.note_anchors:
        for block in text_blocks(list(note), f"{origin}脚注/尾注", "paragraph"):
            out.append(dataclasses.replace(block, anchor=clause_of(citing, draft) if citing else None))
    return out


def is_draft_copy(content: DocxContent, draft: Draft) -> bool:
    """Most of its long paragraphs are the draft's own words (remarks typed into them aside)."""
    return mostly_draft(unremarked_lines(content.document), draft)


def _pdf_of_the_draft(result: AttachmentResult, draft: Draft) -> AttachmentResult:
    """The draft as a PDF with sticky notes or marked-up words (WPS PDF, Acrobat): its notes are
    the comments, its own text none (no clause of it is a unit's proposal)."""
    if result.status != "read" or not mostly_draft(result.text.splitlines(), draft):
        return result
    notes = tuple(b for b in result.blocks if b.kind == "margin_comment")
    return dataclasses.replace(result, blocks=notes, status="read" if notes else "draft_copy")


def mostly_draft(lines: list[str], draft: Draft) -> bool:
    draft_text = squash("\n".join([draft.preamble] + [c.text for c in draft.clauses]))
    long_lines = [text for text in lines if len(text) >= 20]
    if len(long_lines) < 3:
        return False
    # A clause's line, numbered "一、" or "第一条" (by hand or by Word), or the preamble's.
    inside = sum(1 for line in long_lines if squash(strip_enum(line))[:40] in draft_text or clause_of(line, draft))
    return inside / len(long_lines) >= DRAFT_COPY_SHARE
