"""Cell notes (Excel's 批注) of an .xlsx sheet, read from the package's XML.

openpyxl's read-only mode skips them, so the parts are read here. A sheet's
relationships (xl/worksheets/_rels/sheetN.xml.rels) name its notes:
  - legacy comments (xl/commentsN.xml; Excel before 365, WPS, LibreOffice):
    <comment ref="C5" authorId="0"><text><r><t>张三:</t></r><r><t>\n此处…</t></r></text>;
    Excel starts the text with the author's name and a colon, in bold;
  - threaded comments (Excel 365, xl/threadedComments/threadedCommentN.xml):
    <threadedComment ref="C5" personId="{…}" id="{…}" [parentId="{…}"]><text>…</text>,
    the people in xl/persons/person.xml. Excel also writes a legacy copy of each
    thread ("[Threaded comment] Your version of Excel…", author "tc={…}") for older
    versions: it is dropped when the thread itself is there, else its text is kept.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass
from xml.etree.ElementTree import Element

from defusedxml.ElementTree import fromstring

MAX_NOTES = 2000  # per sheet; a form with a note on every cell is read up to here
COMMENTS_REL = "/comments"
THREADED_REL = "/threadedComment"


@dataclass(frozen=True)
class Note:
    """A note on one cell. row, col: 0-based; cell: as Excel shows it ("C5")."""

    row: int
    col: int
    cell: str
    text: str
    author: str = ""


def sheet_notes(archive: zipfile.ZipFile, sheet_path: str) -> list[Note]:
    """The notes on the sheet stored at `sheet_path` ("xl/worksheets/sheet1.xml"), in sheet order."""
    targets = _related(archive, sheet_path.lstrip("/"))
    threaded: list[Note] = []
    for target in targets.get(THREADED_REL, []):
        threaded += _threaded_notes(_xml(archive, target), _persons(archive))
    legacy: list[Note] = []
    for target in targets.get(COMMENTS_REL, []):
        legacy += _legacy_notes(_xml(archive, target))
    covered = {n.cell for n in threaded}
    notes = threaded + [n for n in legacy if n.cell not in covered and n.text]
    return sorted(notes, key=lambda n: (n.row, n.col))[:MAX_NOTES]


def _related(archive: zipfile.ZipFile, part: str) -> dict[str, list[str]]:
    """The part's internal relationships: type suffix ("/comments") -> package paths."""
    folder, name = posixpath.split(part)
    rels = _xml(archive, posixpath.join(folder, "_rels", name + ".rels"))
    found: dict[str, list[str]] = {}
    for rel in rels.iter() if rels is not None else ():
        if _local(rel.tag) != "Relationship" or rel.get("TargetMode") == "External":
            continue
        kind = "/" + (rel.get("Type") or "").rsplit("/", 1)[-1]
        target = rel.get("Target") or ""
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        found.setdefault(kind, []).append(path)
    return found


def _xml(archive: zipfile.ZipFile, path: str) -> Element | None:
    """The part's root element; None when it is missing. A damaged notes part costs its notes
    only, not the sheet: defusedxml raises on any DTD or entity, like a parse error."""
    try:
        return fromstring(archive.read(path))  # type: ignore[no-any-return]  # defusedxml is untyped: it returns an ElementTree Element
    except KeyError:
        return None
    except Exception:  # ParseError, defusedxml's DTDForbidden/EntitiesForbidden
        return None


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1]


def _children(element: Element, name: str) -> list[Element]:
    return [child for child in element if _local(child.tag) == name]


CELL_RE = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})")


def cell_position(ref: str) -> tuple[int, int] | None:
    """ "C5" -> (4, 2); the first cell of a range ("C5:D6")."""
    match = CELL_RE.match(ref or "")
    if not match:
        return None
    col = 0
    for ch in match.group(1).upper():
        col = col * 26 + ord(ch) - 64
    return int(match.group(2)) - 1, col - 1


def _note(ref: str, text: str, author: str) -> Note | None:
    position = cell_position(ref)
    if position is None:
        return None
    return Note(position[0], position[1], ref.split(":")[0].replace("$", "").upper(), without_signer(text), author.strip())


_SIGNER_LINE = re.compile(r"^\s*[\u4e00-\u9fffA-Za-z·.\s]{1,12}[:：]\s*\n")


def without_signer(text: str) -> str:
    """A note's words without the name Excel (or WPS, in an .xls) writes on its first line
    ("许光日:" then the note): who wrote it is the note's author, not its words."""
    return _SIGNER_LINE.sub("", text.strip(), count=1).strip()


def _legacy_notes(root: Element | None) -> list[Note]:
    if root is None:
        return []
    authors = [a.text or "" for e in _children(root, "authors") for a in _children(e, "author")]
    notes = []
    for comment_list in _children(root, "commentList"):
        for comment in _children(comment_list, "comment")[:MAX_NOTES]:
            index = int(comment.get("authorId") or 0) if (comment.get("authorId") or "0").isdigit() else 0
            author = authors[index] if index < len(authors) else ""
            text = _rich_text(comment)
            if author.startswith("tc="):  # Excel's copy of a threaded comment for older versions
                text, author = _threaded_copy(text), ""
            else:
                text = re.sub(rf"^\s*{re.escape(author)}\s*[:：]\s*", "", text) if author.strip() else text
            note = _note(comment.get("ref") or "", text, author)
            if note:
                notes.append(note)
    return notes


def _rich_text(comment: Element) -> str:
    """The note's words: <text><t>, or <text><r><t> runs; phonetic guides (<rPh>) left out."""
    parts = []
    for text in _children(comment, "text"):
        for child in text:
            if _local(child.tag) == "t":
                parts.append(child.text or "")
            elif _local(child.tag) == "r":
                parts += [t.text or "" for t in _children(child, "t")]
    return "".join(parts)


# "[Threaded comment]\n\nYour version of Excel … Learn more: https://go.microsoft.com/fwlink/…\n\nComment:\n    …"
# (localised: "[线程批注]…了解详细信息: https://go.microsoft.com/fwlink/…\n\n注释:\n    …")
THREAD_LABEL_RE = re.compile(r"^\s*(?:Comment|Reply|注释|批注|答复|回复)\s*[:：]\s*$")


def _threaded_copy(text: str) -> str:
    """The words of a thread from Excel's legacy copy: what follows the fwlink line, labels out."""
    _, found, after = text.partition("fwlink")
    body = after.split("\n", 1)[1] if found and "\n" in after else text
    lines = [line.strip() for line in body.splitlines()]
    return "\n".join(line for line in lines if line and not THREAD_LABEL_RE.match(line))


def _persons(archive: zipfile.ZipFile) -> dict[str, str]:
    """Threaded comments' people: id -> display name (xl/persons/person.xml)."""
    names: dict[str, str] = {}
    for path in (n for n in archive.namelist() if n.startswith("xl/persons/") and n.endswith(".xml")):
        root = _xml(archive, path)
        for person in root.iter() if root is not None else ():
            if _local(person.tag) == "person" and person.get("id"):
                names[person.get("id") or ""] = person.get("displayName") or ""
    return names


def _threaded_notes(root: Element | None, persons: dict[str, str]) -> list[Note]:
    """One note per thread: the first comment, then each reply on a line of its own."""
    if root is None:
        return []
    threads: dict[str, list[tuple[str, str, str]]] = {}  # thread id -> (ref, author, text)
    for item in _children(root, "threadedComment")[:MAX_NOTES]:
        text = "".join((t.text or "") for t in _children(item, "text")).strip()
        author = persons.get(item.get("personId") or "", "")
        thread = item.get("parentId") or item.get("id") or str(len(threads))
        threads.setdefault(thread, []).append((item.get("ref") or "", author, text))
    notes = []
    for items in threads.values():
        ref, first_author, _ = items[0]
        authors = list(dict.fromkeys(a for _, a, _ in items if a))
        text = "\n".join(t if i == 0 or not a else f"{a}：{t}" for i, (_, a, t) in enumerate(items) if t)
        note = _note(ref, text, "、".join(authors) or first_author)
        if note:
            notes.append(note)
    return notes
