"""Messages from paths given on the command line: .eml files, folders of them,
a Maildir (cur/ and new/), or an mbox file. Each is yielded as (where, raw bytes)."""

from __future__ import annotations

import mailbox
from collections.abc import Iterator
from pathlib import Path

from mailbot.errors import SourceError


def is_maildir(path: Path) -> bool:
    return path.is_dir() and (path / "cur").is_dir() and (path / "new").is_dir()


def is_mbox(path: Path) -> bool:
    """An mbox starts with a "From " line (after a UTF-8 byte-order mark, if an editor wrote one)."""
    if not path.is_file():
        return False
    with open(path, "rb") as handle:
        start = handle.read(8)
    return start.removeprefix(b"\xef\xbb\xbf")[:5] == b"From "


def read_paths(paths: list[Path]) -> Iterator[tuple[str, bytes]]:
    for path in paths:
        if not path.exists():
            raise SourceError(f"ingest: no such file or folder: {path}")
        if is_maildir(path):
            yield from read_maildir(path)
        elif path.is_dir():
            for child in sorted(path.iterdir()):
                if is_mbox(child) and child.suffix.lower() in (".eml", ".mbox", ".mbx", ".txt", ""):
                    yield from read_mbox(child)  # a mailbox of several messages, whatever its name
                elif child.is_file() and child.suffix.lower() == ".eml":
                    yield str(child), child.read_bytes()
                elif is_maildir(child):
                    yield from read_maildir(child)
        elif is_mbox(path):
            yield from read_mbox(path)
        else:
            yield str(path), path.read_bytes()


def read_maildir(path: Path) -> Iterator[tuple[str, bytes]]:
    for folder in ("new", "cur"):
        for child in sorted((path / folder).iterdir()):
            if child.is_file() and not child.name.startswith("."):
                yield str(child), child.read_bytes()


def read_mbox(path: Path) -> Iterator[tuple[str, bytes]]:
    if path.read_bytes()[:3] == b"\xef\xbb\xbf":  # the stdlib's mbox would not see the first "From "
        import tempfile

        with tempfile.TemporaryDirectory(prefix="mailbot-mbox-") as folder:
            plain = Path(folder) / "mbox"
            plain.write_bytes(path.read_bytes()[3:])
            for where, raw in read_mbox(plain):
                yield where.replace(str(plain), str(path)), raw
        return
    box = mailbox.mbox(str(path), create=False)
    try:
        for key in box.keys():
            yield f"{path}#{key}", box.get_bytes(key)
    finally:
        box.close()
