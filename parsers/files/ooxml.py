"""Strict Office Open XML, read as Transitional.

Office 2013 and later can save "Strict Open XML" (.xlsx/.docx, ISO/IEC 29500 Strict):
the same package with other namespace URIs (http://purl.oclc.org/ooxml/… instead of
http://schemas.openxmlformats.org/…/2006/…) and other relationship types. openpyxl and
python-docx know only the Transitional names: they find no sheet or no body and the
file looks empty or corrupt. The content is the same, so renaming the URIs in every
XML part is enough for them to read it. (Strict also writes dates as ISO 8601 text,
t="d", which openpyxl reads already.)
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile

from lxml import etree

STRICT = b"http://purl.oclc.org/ooxml/"
_TRANSITIONAL = "http://schemas.openxmlformats.org/"

# Strict URI -> Transitional URI. The relationships namespace is also the prefix of every
# relationship type (…/relationships/officeDocument, …/worksheet), so one entry renames both.
NAMESPACES: dict[bytes, bytes] = {
    (STRICT.decode() + strict).encode(): (_TRANSITIONAL + transitional).encode()
    for strict, transitional in {
        "spreadsheetml/main": "spreadsheetml/2006/main",
        "wordprocessingml/main": "wordprocessingml/2006/main",
        "presentationml/main": "presentationml/2006/main",
        "officeDocument/relationships": "officeDocument/2006/relationships",
        "officeDocument/math": "officeDocument/2006/math",
        "officeDocument/sharedTypes": "officeDocument/2006/sharedTypes",
        "officeDocument/extendedProperties": "officeDocument/2006/extended-properties",
        "officeDocument/customProperties": "officeDocument/2006/custom-properties",
        "officeDocument/docPropsVTypes": "officeDocument/2006/docPropsVTypes",
        "officeDocument/customXml": "officeDocument/2006/customXml",
        "officeDocument/bibliography": "officeDocument/2006/bibliography",
        "officeDocument/characteristics": "officeDocument/2006/characteristics",
        "schemaLibrary/main": "schemaLibrary/2006/main",
        "drawingml/main": "drawingml/2006/main",
        "drawingml/chart": "drawingml/2006/chart",
        "drawingml/chartDrawing": "drawingml/2006/chartDrawing",
        "drawingml/diagram": "drawingml/2006/diagram",
        "drawingml/lockedCanvas": "drawingml/2006/lockedCanvas",
        "drawingml/picture": "drawingml/2006/picture",
        "drawingml/spreadsheetDrawing": "drawingml/2006/spreadsheetDrawing",
        "drawingml/wordprocessingDrawing": "drawingml/2006/wordprocessingDrawing",
        "drawingml/compatibility": "drawingml/2006/compatibility",
    }.items()
}
# Relationship types whose last word is spelt differently in Strict.
REL_TYPES = {
    b"/2006/relationships/extendedProperties": b"/2006/relationships/extended-properties",
    b"/2006/relationships/customProperties": b"/2006/relationships/custom-properties",
}
XML_PARTS = (".xml", ".rels", ".vml")


def is_strict(data: bytes) -> bool:
    """The package's top relationships (always written) point to its main part with a Strict type."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return STRICT in archive.read("_rels/.rels")
    except (zipfile.BadZipFile, KeyError, NotImplementedError, ValueError, OSError, EOFError):
        return False  # not a package, or no top relationships: the reader says what is wrong


def strict_to_transitional(data: bytes) -> bytes:
    """The same package with Strict namespace URIs and relationship types renamed to their
    Transitional names, so openpyxl and python-docx read it. A Transitional package (or
    bytes that are no package) comes back unchanged. The caller has checked the package's
    size (parsers.guard.check_package): every XML part is read into memory once."""
    if not is_strict(data):
        return data
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename.lower().endswith(XML_PARTS):
                content = transitional_part(content)
            target.writestr(info.filename, content)
    return out.getvalue()


def transitional_part(xml: bytes) -> bytes:
    """One XML part with its Strict names renamed (byte for byte: the URIs are ASCII and sit in
    attribute values, so the part's encoding does not matter for UTF-8, the only one Office writes)."""
    if STRICT not in xml:
        return xml.replace(b' conformance="strict"', b"")
    for strict, transitional in sorted(NAMESPACES.items(), key=lambda kv: -len(kv[0])):
        xml = xml.replace(strict, transitional)
    for strict, transitional in REL_TYPES.items():
        xml = xml.replace(strict + b'"', transitional + b'"')
    return xml.replace(b' conformance="strict"', b"")


def with_names_as_referenced(data: bytes) -> bytes:
    """The package with its members named as its relationships and [Content_Types].xml name them.
    Some writers store "xl\\worksheets\\sheet1.xml" (backslashes) or "xl/SharedStrings.xml" where
    the relationships say sharedStrings.xml; Excel forgives both (ZIP names compare without case
    in OPC), openpyxl does not. A package whose names already match comes back unchanged."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            wanted = _referenced_names(archive, names)
            renames = {n: wanted.get(n.replace("\\", "/").lower(), n.replace("\\", "/")) for n in names}
            if all(old == new for old, new in renames.items()):
                return data
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
                for info in archive.infolist():
                    target.writestr(renames[info.filename], archive.read(info))
            return out.getvalue()
    except (zipfile.BadZipFile, NotImplementedError, ValueError, OSError, EOFError):
        return data  # the reader says what is wrong with it


_TARGET_RE = re.compile(rb'\bTarget="([^"]+)"')
_PART_NAME_RE = re.compile(rb'\bPartName="/([^"]+)"')


def _referenced_names(archive: zipfile.ZipFile, names: list[str]) -> dict[str, str]:
    """lower-case path -> the path as the package's relationships and content types write it."""
    wanted: dict[str, str] = {}
    for name in names:
        clean = name.replace("\\", "/")
        if clean.endswith(".rels"):
            folder = posixpath.dirname(posixpath.dirname(clean))  # xl/_rels/workbook.xml.rels -> xl
            for target in _TARGET_RE.findall(archive.read(name)):
                path = target.decode("utf-8", "replace")
                path = path.lstrip("/") if path.startswith("/") else posixpath.normpath(posixpath.join(folder, path))
                wanted.setdefault(path.lower(), path)
        elif clean == "[Content_Types].xml":
            for part in _PART_NAME_RE.findall(archive.read(name)):
                path = part.decode("utf-8", "replace")
                wanted.setdefault(path.lower(), path)
    return wanted


# Packages Word opens although they break the rules a strict reader keeps --------------------

_RELATIONSHIP_RE = re.compile(rb"<Relationship\b[^>]*?/>|<Relationship\b[^>]*?>.*?</Relationship>", re.S)
_DEFAULT_RE = re.compile(rb'<Default\b[^>]*\bExtension="([^"]+)"[^>]*\bContentType="([^"]+)"')
_OVERRIDE_RE = re.compile(rb'<Override\b[^>]*\bPartName="([^"]+)"[^>]*\bContentType="([^"]+)"')
OPAQUE = b"application/octet-stream"


def mended_package(data: bytes) -> bytes:
    """The package as Word reads it, for readers (python-docx) that give up on the whole file:
    - a relationship to a part that is not in the zip (a picture left out by the program that
      wrote the file) is dropped, as Word shows the file without the picture;
    - a part declared XML that is not XML (an embedded .docx chunk, w:altChunk, whose extension
      the content types map to the main document's type) is declared opaque bytes;
    - an XML part its writer damaged (an attribute or namespace declared twice, a tag left
      open) is read as Word's repair reads it: as much of it as parses.
    A package needing none comes back unchanged; bytes that are no package too."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = {info.filename: info for info in archive.infolist()}
            changes = _dangling_relationships(archive, names) | _opaque_parts(archive, names) | _repaired_parts(archive, names)
            if not changes:
                return data
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
                for info in archive.infolist():
                    target.writestr(info.filename, changes.get(info.filename) or archive.read(info))
            return out.getvalue()
    except (zipfile.BadZipFile, NotImplementedError, ValueError, OSError, EOFError, KeyError):
        return data  # the reader says what is wrong with it


def _dangling_relationships(archive: zipfile.ZipFile, names: dict[str, zipfile.ZipInfo]) -> dict[str, bytes]:
    """.rels part -> its text without the relationships to internal parts that are missing."""
    present = {name.lower() for name in names}
    changed: dict[str, bytes] = {}
    for name in (n for n in names if n.endswith(".rels")):
        folder = posixpath.dirname(posixpath.dirname(name))  # word/_rels/document.xml.rels -> word
        xml = archive.read(name)

        def keep(match: re.Match[bytes]) -> bytes:
            rel = match.group(0)
            target = _TARGET_RE.search(rel)
            if b'TargetMode="External"' in rel or target is None:
                return rel
            path = target.group(1).decode("utf-8", "replace")
            path = path.lstrip("/") if path.startswith("/") else posixpath.normpath(posixpath.join(folder, path))
            return rel if path.lower() in present else b""

        mended = _RELATIONSHIP_RE.sub(keep, xml)
        if mended != xml:
            changed[name] = mended
    return changed


def _opaque_parts(archive: zipfile.ZipFile, names: dict[str, zipfile.ZipInfo]) -> dict[str, bytes]:
    """[Content_Types].xml with an opaque type for each part declared XML that does not start as XML."""
    if "[Content_Types].xml" not in names:
        return {}
    types = archive.read("[Content_Types].xml")
    defaults = {ext.lower(): kind for ext, kind in _DEFAULT_RE.findall(types)}
    overrides = {part.lstrip(b"/").decode("utf-8", "replace"): kind for part, kind in _OVERRIDE_RE.findall(types)}
    opaque = []
    for name in names:
        kind = overrides.get(name) or defaults.get(name.rsplit(".", 1)[-1].lower().encode(), b"")
        if kind.endswith(b"+xml") and not _looks_like_xml(archive, name):
            opaque.append(name)
    if not opaque:
        return {}
    for name in opaque:
        types = re.sub(rb'<Override\b[^>]*\bPartName="/' + re.escape(name.encode()) + rb'"[^>]*/>', b"", types)
    added = b"".join(b'<Override PartName="/' + name.encode() + b'" ContentType="' + OPAQUE + b'"/>' for name in opaque)
    return {"[Content_Types].xml": types.replace(b"</Types>", added + b"</Types>")}


# No entities, no network, no huge trees: a repaired part is read as safely as a sound one.
_REPAIRING = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)
_MAIN_TEXT_RE = re.compile(r"word/document\d*\.xml$|xl/worksheets/|\[Content_Types\]\.xml$", re.I)
_STRICT = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def _repaired_parts(archive: zipfile.ZipFile, names: dict[str, zipfile.ZipInfo]) -> dict[str, bytes]:
    """XML part -> what a recovering parse keeps of it, for each part that does not parse; not the
    main text (word/document.xml, a sheet): damaged, the file is reported corrupt and goes to review."""
    repaired: dict[str, bytes] = {}
    for name in names:
        if not name.lower().endswith((".xml", ".rels")) or _MAIN_TEXT_RE.match(name) or not _looks_like_xml(archive, name):
            continue
        xml = archive.read(name)
        try:
            etree.fromstring(xml, _STRICT)
        except etree.XMLSyntaxError:
            root = etree.fromstring(xml, _REPAIRING)
            if root is not None:
                repaired[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return repaired


def _looks_like_xml(archive: zipfile.ZipFile, name: str) -> bool:
    with archive.open(name) as part:
        head = part.read(64)
    for bom in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"):
        head = head.removeprefix(bom)
    return head.lstrip()[:1] in (b"<", b"") or head[:2] in (b"<\x00", b"\x00<")


OPENPYXL_STYLES = "xl/styles.xml"
_STYLES_REL_RE = re.compile(rb'<Relationship\b[^>]*\bType="[^"]*/styles"[^>]*>')
_OFFICE_REL_RE = re.compile(rb'<Relationship\b[^>]*\bType="[^"]*/officeDocument"[^>]*>')


def with_styles_where_openpyxl_looks(data: bytes) -> bytes:
    """The package with its workbook's styles part also at xl/styles.xml. openpyxl reads the
    styles from there whatever the workbook's relationships say; a workbook kept elsewhere (at
    the package's root, as some writers put it) loses its number formats, and its dates read
    as serial numbers. A package with styles at the usual place comes back unchanged."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if OPENPYXL_STYLES in names:
                return data
            styles = _workbook_styles(archive, names)
            if styles is None:
                return data
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
                for info in archive.infolist():  # by name: writestr(info) would move the source's offsets
                    target.writestr(info.filename, archive.read(info))
                target.writestr(OPENPYXL_STYLES, archive.read(styles))
            return out.getvalue()
    except (zipfile.BadZipFile, NotImplementedError, ValueError, OSError, EOFError, KeyError):
        return data  # the reader says what is wrong with it


def _workbook_styles(archive: zipfile.ZipFile, names: set[str]) -> str | None:
    """The path of the styles part the main workbook's relationships name, when it exists."""
    office = _OFFICE_REL_RE.search(archive.read("_rels/.rels")) if "_rels/.rels" in names else None
    top = _TARGET_RE.search(office.group(0)) if office else None
    if top is None:
        return None
    main = top.group(1).decode("utf-8", "replace").lstrip("/")
    folder, base = posixpath.split(main)
    rels = posixpath.join(folder, "_rels", base + ".rels")
    found = _STYLES_REL_RE.search(archive.read(rels)) if rels in names else None
    target = _TARGET_RE.search(found.group(0)) if found else None
    if target is None:
        return None
    path = target.group(1).decode("utf-8", "replace")
    path = path.lstrip("/") if path.startswith("/") else posixpath.normpath(posixpath.join(folder, path))
    return path if path in names else None
