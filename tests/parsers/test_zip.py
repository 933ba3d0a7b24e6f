"""A .zip of replies is opened and each file read; names in GBK come out right."""

from __future__ import annotations

import io
import zipfile

from parsers.files.attachments import read_attachments, zip_members
from parsers.records import Attachment, Clause, Draft, Section

DRAFT = Draft("稿", (Section(1, "总则", (Clause(1, 1, "目标", "目标。"), Clause(2, 1, "网络", "网络。"))),))


def _zip(files: dict[str, bytes], *, utf8: bool = True) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            if utf8:
                archive.writestr(name, data)
            else:  # a same-length ASCII stand-in, swapped for the GBK bytes below
                archive.writestr("x" * len(name.encode("gbk")), data)
    raw = buffer.getvalue()
    if not utf8:  # as Chinese Windows archivers write: GBK bytes and no UTF-8 flag
        for name in files:
            raw = raw.replace(b"x" * len(name.encode("gbk")), name.encode("gbk"))
    return raw


def test_members_are_read_one_by_one() -> None:
    data = _zip({"意见.txt": "第2条：建议增加网络覆盖的目标。".encode(), "图片.png": b"\x89PNG\r\n\x1a\nxxxx"})
    results = read_attachments(Attachment("材料.zip", "application/zip", data), DRAFT)
    assert [(r.filename, r.status) for r in results] == [("材料.zip/意见.txt", "read"), ("材料.zip/图片.png", "error")]
    assert results[0].blocks[0].text.startswith("第2条")


def test_gbk_member_names() -> None:
    members = zip_members(_zip({"修改意见.txt": b"x"}, utf8=False), "a.zip")
    assert members[0].filename == "a.zip/修改意见.txt"


def test_nested_zip_stops_at_two_levels() -> None:
    inner = _zip({"c.zip": _zip({"d.txt": b"x"})})
    results = read_attachments(Attachment("a.zip", "application/zip", _zip({"b.zip": inner})), DRAFT)
    assert results[0].status == "error" and "嵌套" in results[0].error


def test_a_broken_zip_is_an_error_not_a_crash() -> None:
    results = read_attachments(Attachment("a.zip", "application/zip", b"PK\x03\x04broken"), DRAFT)
    assert len(results) == 1 and results[0].status in ("error", "skipped")
