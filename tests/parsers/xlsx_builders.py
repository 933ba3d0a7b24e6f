"""Builders for the Excel inputs of the parser tests: notes as Excel 365 writes them
(threaded comments beside their legacy copy) and Strict Open XML packages.

openpyxl writes legacy notes (Comment) and hidden sheets itself; what it cannot write
is made here by editing the package's parts, as Excel lays them out.
"""

from __future__ import annotations

import io
import zipfile

from parsers.files.ooxml import NAMESPACES, REL_TYPES

THREADED_NS = "http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments"
THREADED_REL = "http://schemas.microsoft.com/office/2017/10/relationships/threadedComment"
PACKAGE_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def edit_package(data: bytes, changes: dict[str, bytes]) -> bytes:
    """The package with parts replaced or added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            target.writestr(name, changes.get(name, source.read(name)))
        for name, content in changes.items():
            if name not in source.namelist():
                target.writestr(name, content)
    return out.getvalue()


def with_threaded_comments(data: bytes, items: list[tuple[str, str, str, str]], persons: dict[str, str]) -> bytes:
    """Excel 365's notes on the first sheet: items are (ref, id, parent id or "", text), persons
    id -> name. Each thread also gets Excel's legacy copy for older versions (author "tc=id")."""
    threads = "".join(
        f'<threadedComment ref="{ref}" dT="2024-05-06T09:00:00.00" personId="{{P{index % len(persons)}}}" id="{cid}"'
        + (f' parentId="{parent}"' if parent else "")
        + f"><text>{text}</text></threadedComment>"
        for index, (ref, cid, parent, text) in enumerate(items)
    )
    people = "".join(f'<person displayName="{name}" id="{pid}" userId="{name}" providerId="None"/>' for pid, name in persons.items())
    tops = [(ref, cid, text) for ref, cid, parent, text in items if not parent]
    legacy = "".join(
        f'<comment ref="{ref}" authorId="{i}"><text><t>[Threaded comment]\n\nYour version of Excel allows you to read '
        f"this threaded comment; however, any edits to it will get removed if the file is opened in a newer version "
        f"of Excel. Learn more: https://go.microsoft.com/fwlink/?linkid=870924\n\nComment:\n    {text}</t></text></comment>"
        for i, (ref, _, text) in enumerate(tops)
    )
    authors = "".join(f"<author>tc={cid}</author>" for _, cid, _ in tops)
    rels = (
        f'<Relationships xmlns="{PACKAGE_RELS_NS}">'
        f'<Relationship Id="rId8" Type="{THREADED_REL}" Target="../threadedComments/threadedComment1.xml"/>'
        '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" '
        'Target="/xl/comments1.xml"/></Relationships>'
    )
    return edit_package(data, {
        "xl/threadedComments/threadedComment1.xml": f'<ThreadedComments xmlns="{THREADED_NS}">{threads}</ThreadedComments>'.encode(),
        "xl/persons/person.xml": f'<personList xmlns="{THREADED_NS}">{people}</personList>'.encode(),
        "xl/comments1.xml": f'<comments xmlns="{SHEET_NS}"><authors>{authors}</authors><commentList>{legacy}</commentList></comments>'.encode(),
        "xl/worksheets/_rels/sheet1.xml.rels": rels.encode(),
    })


def to_strict(data: bytes) -> bytes:
    """A Transitional package saved as Strict Open XML: what Excel's "Strict Open XML
    Spreadsheet" writes, namespaces and relationship types renamed, conformance="strict"."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            content = source.read(name)
            if name.endswith((".xml", ".rels")):
                for strict_type, transitional_type in REL_TYPES.items():
                    content = content.replace(transitional_type, strict_type)
                for strict, transitional in NAMESPACES.items():
                    content = content.replace(transitional, strict)
                if name == "xl/workbook.xml":
                    content = content.replace(b"<workbook ", b'<workbook conformance="strict" ', 1)
            target.writestr(name, content)
    return out.getvalue()
