"""The package guard: a DTD anywhere in an XML part's prolog is refused, whatever pushes it
down or however the bytes fall; markup after the root element is only text."""

from __future__ import annotations

import io
import zipfile

import pytest

from parsers.errors import CorruptFile, TooLarge
from parsers.guard import MB, Limits, Prolog, check_package

DOCTYPE = b'<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
ROOT = b'<w:document xmlns:w="urn:w"><w:body/></w:document>'


def _zip(part: bytes, name: str = "word/document.xml", *, stored: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, part)
    return buffer.getvalue()


def _refused(part: bytes, **kwargs: bool) -> bool:
    try:
        check_package(_zip(part, **kwargs), "a.docx", Limits())
    except CorruptFile as exc:
        assert "DTD" in str(exc) and "a.docx" in str(exc)
        return True
    return False


@pytest.mark.parametrize("stored", [False, True])
def test_a_dtd_behind_a_long_comment_is_found(stored: bool) -> None:
    """A 3 MB comment pushes the DOCTYPE past the first inflated steps."""
    part = b'<?xml version="1.0"?><!--' + b"x" * (3 * MB) + b"-->" + DOCTYPE + ROOT
    assert _refused(part, stored=stored)


def test_a_dtd_split_across_two_chunks_is_found() -> None:
    prolog = Prolog()
    whole = b'<?xml version="1.0"?>' + DOCTYPE + ROOT
    cut = whole.index(b"DOCTYPE") + 3
    assert prolog.feed(whole[:cut]) is False
    assert prolog.feed(whole[cut:]) is True


def test_utf16_and_unknown_encodings_are_still_checked() -> None:
    utf16 = ('<?xml version="1.0" encoding="UTF-16"?>' + DOCTYPE.decode() + ROOT.decode()).encode("utf-16")
    assert _refused(utf16)
    gbk = '<?xml version="1.0" encoding="GBK"?>'.encode() + DOCTYPE + "<a>意见</a>".encode("gbk")
    assert _refused(gbk)  # expat has no GBK: the bytes are searched instead


def test_doctype_text_after_the_root_element_is_only_text() -> None:
    """A comment quoting markup inside CDATA (or a later part of the body) is not a DTD."""
    part = b'<?xml version="1.0"?><w:document xmlns:w="urn:w"><w:t><![CDATA[' + DOCTYPE + b"]]></w:t></w:document>"
    assert not _refused(part)


def test_a_dtd_in_a_comment_is_not_a_dtd() -> None:
    assert not _refused(b'<?xml version="1.0"?><!-- <!DOCTYPE x> -->' + ROOT)


def test_a_member_larger_than_it_claims_is_refused() -> None:
    data = bytearray(_zip(b"<a>" + b"x" * MB + b"</a>"))
    # Lower the declared size in the central directory (what zipfile trusts).
    central = data.rindex(b"PK\x01\x02")
    data[central + 24 : central + 28] = (100).to_bytes(4, "little")
    with pytest.raises(CorruptFile, match="压缩炸弹"):
        check_package(bytes(data), "a.docx", Limits())


def test_declared_sizes_over_the_limit_are_refused_unread() -> None:
    with pytest.raises(TooLarge):
        check_package(_zip(b"<a>" + b"x" * (2 * MB) + b"</a>"), "a.docx", Limits(attachment_bytes=MB))
