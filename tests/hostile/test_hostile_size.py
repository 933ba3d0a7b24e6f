"""Hostile input, case 1: archive bombs and sizes. Each is refused with a reason, the good
workbook beside it is still read, and memory stays bounded."""

from __future__ import annotations

import io
import random
import struct
import zipfile
import zlib
from pathlib import Path

import pytest

from hostile_harness import MB, MEMORY_BOUND, UNIT, W_NS, Bot, comment_docx, part, reply, rezip, start, zip_of

COMMENT_LINE = "第16条中“每年至少召开一次联席会议”，建议改为“每半年至少召开一次联席会议”，以便及时协调解决问题。"


@pytest.fixture
def bot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Bot:
    return start(tmp_path, monkeypatch)


Member = tuple[bytes, int, int]  # deflated bytes, CRC-32, unpacked size


def deflated(data: bytes) -> Member:
    packer = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    return packer.compress(data) + packer.flush(), zlib.crc32(data), len(data)


def deflated_filler(megabytes: int, head: bytes = b"", tail: bytes = b"", fill: bytes = b" ") -> Member:
    """`head`, `megabytes` of `fill`, `tail`, deflated without deflating it all: after a full
    flush every further megabyte of one byte value packs to the same ~1 KB."""
    chunk = fill * MB
    packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    first = packer.compress(head) + packer.flush(zlib.Z_FULL_FLUSH) + packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    repeated = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    crc = zlib.crc32(head)
    for _ in range(megabytes):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(tail, crc)
    stream = first + repeated * (megabytes - 1) + packer.compress(tail) + packer.flush()
    return stream, crc, len(head) + megabytes * MB + len(tail)


def raw_zip(members: dict[str, Member], *, claimed_size: int | None = None) -> bytes:
    """A ZIP written by hand, so a member can claim any unpacked size (`claimed_size`)."""
    local, central = bytearray(), bytearray()
    for name, (data, crc, size) in members.items():
        encoded, size = name.encode(), size if claimed_size is None else claimed_size
        central += struct.pack("<4s6H3I5H2I", b"PK\x01\x02", 20, 20, 0x800, 8, 0, 0x21, crc, len(data), size,
                               len(encoded), 0, 0, 0, 0, 0, len(local)) + encoded
        local += struct.pack("<4s5H3I2H", b"PK\x03\x04", 20, 0x800, 8, 0, 0x21, crc, len(data), size, len(encoded), 0)
        local += encoded + data
    end = struct.pack("<4s4H2IH", b"PK\x05\x06", 0, 0, len(members), len(members), len(central), len(local), 0)
    return bytes(local + central + end)


def inflating_docx(megabytes: int, *, claimed_size: int | None = None) -> bytes:
    """A real .docx whose word/document.xml is `megabytes` of spaces, a few KB deflated."""
    base = comment_docx(paragraphs=["意见"])
    with zipfile.ZipFile(io.BytesIO(base)) as archive:
        members = {i.filename: deflated(archive.read(i)) for i in archive.infolist()}
    head = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>'.encode()
    members["word/document.xml"] = deflated_filler(megabytes, head, b"</w:t></w:r></w:p></w:body></w:document>")
    return raw_zip(members, claimed_size=claimed_size)


def zip_bomb(megabytes: int, *, claimed_size: int | None = None) -> bytes:
    return raw_zip({"意见.txt": deflated_filler(megabytes, fill=b"\0")}, claimed_size=claimed_size)


def nested_bomb() -> bytes:
    """42.zip in small: a zip of ten zips, each holding 100 MB of zeros."""
    inner = zip_bomb(100)
    return zip_of({f"{i}.zip": inner for i in range(10)})


BAD_ATTACHMENTS = {
    "docx_over_50mb": ("膨胀.docx", lambda: inflating_docx(60), "超过上限50 MB"),
    "zip_bomb": ("炸弹.zip", lambda: zip_bomb(200), "压缩炸弹"),
    "zip_bomb_lying_sizes": ("说谎.zip", lambda: zip_bomb(1000, claimed_size=1000), "伪装的压缩炸弹"),
    "docx_lying_sizes": ("说谎.docx", lambda: inflating_docx(1000, claimed_size=1000), "伪装的压缩炸弹"),
    "docx_lying_after_junk": ("前缀.docx", lambda: b"junk" + inflating_docx(1000, claimed_size=1000), "伪装的压缩炸弹"),
    "zip_of_zip_bombs": ("套娃.zip", nested_bomb, "压缩炸弹"),
    "zip_2001_members": ("多文件.zip", lambda: zip_of({f"{i}.txt": b"x" for i in range(2001)}), "2001个文件，超过上限2000个"),
}


@pytest.mark.parametrize("case", sorted(BAD_ATTACHMENTS))
def test_archive_bomb_is_refused_and_the_rest_is_read(bot: Bot, case: str) -> None:
    """GIVEN a reply carrying an archive bomb beside m007's good workbook
    WHEN it is ingested THEN the run completes, the bomb's row says why it was refused,
    and the workbook's 7 comments count."""
    name, build, reason = BAD_ATTACHMENTS[case]
    raw = reply((name, build()))
    bot.ingest(raw)
    errors = [a for a in bot.message("<hostile@wangqing.example>")["attachments"] if a["filename"].startswith(name)]
    assert errors and all(a["status"] == "error" for a in errors), errors
    assert any(reason in a["error"] for a in errors), errors
    bot.assert_good_attachment_read()


def test_message_over_the_size_limit_is_archived_and_listed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """GIVEN [limits] message_mb = 1 WHEN a 2 MB reply arrives
    THEN it is archived and listed as an error saying it is too large, unread."""
    bot = start(tmp_path, monkeypatch, extra="[limits]\nmessage_mb = 1\n")
    raw = reply(("大附件.bin", random.Random(1).randbytes(3 * MB // 2)))
    assert len(raw) > 2 * MB
    bot.ingest(raw)
    message = bot.message("<hostile@wangqing.example>")
    assert message["error"].startswith("too_large") and "超过1 MB" in message["error"], message
    assert message["sender"] == "wqxzgh@wangqing.example" and message["comments"] == 0


def big_media_docx(megabytes: int) -> bytes:
    """One real comment paragraph plus an incompressible picture of `megabytes`, linked from
    the document so python-docx loads it."""
    data = comment_docx(paragraphs=["汪清县总工会修改意见", COMMENT_LINE])
    rels = part(data, "word/_rels/document.xml.rels").replace(
        b"</Relationships>",
        b'<Relationship Id="rIdBig" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"'
        b' Target="media/big.png"/></Relationships>',
    )
    types = part(data, "[Content_Types].xml").replace(
        b"<Default ", b'<Default Extension="png" ContentType="image/png"/><Default ', 1
    )
    picture = b"\x89PNG\r\n\x1a\n" + random.Random(2).randbytes(megabytes * MB)
    replace = {"[Content_Types].xml": types, "word/_rels/document.xml.rels": rels, "word/media/big.png": picture}
    return rezip(data, replace, level=0)


def test_25_mb_attachment_is_read_within_the_memory_bound(bot: Bot) -> None:
    """GIVEN a 25 MB .docx (an incompressible picture and one comment) WHEN ingested
    THEN its comment is read and tracemalloc's peak stays under 300 MB."""
    attachment = big_media_docx(25)
    assert len(attachment) > 25 * MB
    measured = bot.ingest(reply(("大文件意见.docx", attachment)))
    assert measured.peak < MEMORY_BOUND, f"peak {measured.peak // MB} MB"
    assert bot.attachment("<hostile@wangqing.example>", "大文件意见.docx")["status"] == "read"
    assert [c["clause"] for c in bot.unit_comments() if c["source"] == "大文件意见.docx"] == [16]
    bot.assert_good_attachment_read()


def test_10_mb_body_is_read_within_the_memory_bound(bot: Bot) -> None:
    """GIVEN a 10 MB plain-text body WHEN ingested THEN the message is stored with a note
    that only the first part was read, its first comment counts, and the peak stays under 300 MB."""
    filler = "本单位认真组织学习讨论了征求意见稿。\n" * (10 * MB // 57 + 1)
    body = f"宣教部：\n1. {COMMENT_LINE}\n{filler}{UNIT}\n"
    raw = reply(body=body, with_good=False)
    assert len(raw) > 10 * MB
    measured = bot.ingest(raw)
    assert measured.peak < MEMORY_BOUND, f"peak {measured.peak // MB} MB"
    message = bot.message("<hostile@wangqing.example>")
    assert message["kind"] == "submission" and message["unit"] == UNIT
    assert "正文过长" in message["review"]
    assert 16 in [c["clause"] for c in bot.unit_comments()]
