"""Sources of mail (mailbot/sources/): batching, a Maildir as the mailbox, and the paths given to
`mailbot ingest` (.eml files, folders, a Maildir, an mbox)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from mailbot.errors import SourceError
from mailbot.sources.base import BATCH, batched
from mailbot.sources.files import read_paths
from mailbot.sources.maildir import MaildirSource


def raw(n: int) -> bytes:
    return f"Message-ID: <m{n}@test>\nSubject: {n}\n\nbody {n}\n".encode()


def maildir(root: Path) -> Path:
    for sub in ("cur", "new", "tmp"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    return root


def mbox(*numbers: int) -> bytes:
    return b"".join(b"From sender@test Sat Sep 20 10:00:00 2014\n" + raw(n) + b"\n" for n in numbers)


def test_batched_yields_lists_of_the_size_and_the_rest() -> None:
    """GIVEN 7 items WHEN batched by 3 THEN [3, 3, 1]; nothing gives no batch; the default is BATCH."""
    assert list(batched(range(7), 3)) == [[0, 1, 2], [3, 4, 5], [6]]
    assert list(batched([], 3)) == []
    assert [len(b) for b in batched(range(BATCH + 1))] == [BATCH, 1]


def test_batched_reads_lazily() -> None:
    """GIVEN an endless source WHEN the first batch is taken THEN only that batch was read from it."""
    read: list[int] = []

    def endless() -> Iterator[int]:
        n = 0
        while True:
            read.append(n)
            yield n
            n += 1

    batches = batched(endless(), 4)
    assert next(batches) == [0, 1, 2, 3]
    assert read == [0, 1, 2, 3]
    assert next(batches) == [4, 5, 6, 7]


def test_a_folder_that_is_not_a_maildir_is_refused(tmp_path: Path) -> None:
    """GIVEN a folder without cur/ and new/ WHEN opened as the mailbox THEN a SourceError says so."""
    with pytest.raises(SourceError, match=r"is not a Maildir \(it needs cur/ and new/ folders\)"):
        MaildirSource(tmp_path)


def test_maildir_yields_new_and_unseen_mail_in_batches(tmp_path: Path) -> None:
    """GIVEN 26 messages in new/, one unseen (replied) and one seen in cur/, a dot-file and a tmp/
    file WHEN batches are read THEN new/ then unseen cur/ come, BATCH at a time, each with its
    bytes and where it came from; the seen one, the dot-file and tmp/ never."""
    box = maildir(tmp_path / "inbox")
    for n in range(26):
        (box / "new" / f"14100{n:05d}.host").write_bytes(raw(n))
    (box / "cur" / "1409.host:2,R").write_bytes(raw(100))
    (box / "cur" / "1408.host:2,RS").write_bytes(raw(101))
    (box / "new" / ".hidden").write_bytes(raw(102))
    (box / "tmp" / "1411.host").write_bytes(raw(103))
    with MaildirSource(box) as source:
        batches = list(source.batches())
    assert [len(b) for b in batches] == [BATCH, 2]
    keys = [key for batch in batches for key, _, _ in batch]
    assert keys == [f"new/14100{n:05d}.host" for n in range(26)] + ["cur/1409.host:2,R"]
    assert batches[1][1] == ("cur/1409.host:2,R", raw(100), "maildir:cur/1409.host:2,R")
    assert batches[0][0][1] == raw(0)


def test_maildir_done_marks_mail_seen_and_it_is_not_yielded_again(tmp_path: Path) -> None:
    """GIVEN two new messages and an unseen one in cur/ WHEN each batch is stored (one key stored,
    one failed) and `done` is told THEN each is in cur/ with the Seen flag (its other flags kept),
    new/ is empty, and the next read yields nothing; a message arriving later is yielded alone."""
    box = maildir(tmp_path / "inbox")
    (box / "new" / "1.host").write_bytes(raw(1))
    (box / "new" / "2.host").write_bytes(raw(2))
    (box / "cur" / "3.host:2,R").write_bytes(raw(3))
    source = MaildirSource(box)
    for batch in source.batches():
        keys = [key for key, _, _ in batch]
        source.done(keys[:-1], keys[-1:])
    assert sorted(p.name for p in (box / "cur").iterdir()) == ["1.host:2,S", "2.host:2,S", "3.host:2,RS"]
    assert list((box / "new").iterdir()) == []
    assert (box / "cur" / "2.host:2,S").read_bytes() == raw(2)
    assert list(source.batches()) == []
    (box / "new" / "4.host").write_bytes(raw(4))
    assert [[key for key, _, _ in batch] for batch in source.batches()] == [["new/4.host"]]


def test_maildir_not_told_done_yields_the_mail_again(tmp_path: Path) -> None:
    """GIVEN a batch read but never told done (a crash before it was stored) WHEN read again THEN
    the same mail comes again: it is marked seen only after it is stored."""
    box = maildir(tmp_path / "inbox")
    (box / "new" / "1.host").write_bytes(raw(1))
    source = MaildirSource(box)
    assert [k for b in source.batches() for k, _, _ in b] == ["new/1.host"]
    assert [k for b in source.batches() for k, _, _ in b] == ["new/1.host"]


def test_read_paths_reads_eml_files_folders_a_maildir_and_an_mbox(tmp_path: Path) -> None:
    """GIVEN an .eml file, a folder of .eml files (and a note that is not mail), a Maildir and an
    mbox WHEN read THEN every message comes, once, with where it came from, in the order given."""
    single = tmp_path / "single.eml"
    single.write_bytes(raw(1))
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "b.eml").write_bytes(raw(3))
    (folder / "a.EML").write_bytes(raw(2))
    (folder / "notes.txt").write_text("not mail", encoding="utf-8")
    box = maildir(tmp_path / "box")
    (box / "new" / "n1").write_bytes(raw(4))
    (box / "cur" / "c1:2,S").write_bytes(raw(5))
    archive = tmp_path / "archive.mbox"
    archive.write_bytes(mbox(6, 7))
    found = list(read_paths([single, folder, box, archive]))
    assert [where for where, _ in found] == [
        str(single), str(folder / "a.EML"), str(folder / "b.eml"), str(box / "new" / "n1"), str(box / "cur" / "c1:2,S"),
        f"{archive}#0", f"{archive}#1",
    ]
    assert [data for _, data in found[:5]] == [raw(n) for n in range(1, 6)]
    assert [data.replace(b"\r\n", b"\n").rstrip(b"\n") for _, data in found[5:]] == [raw(6).rstrip(b"\n"), raw(7).rstrip(b"\n")]


def test_read_paths_splits_an_mbox_inside_a_folder_and_one_with_a_byte_order_mark(tmp_path: Path) -> None:
    """GIVEN a folder holding an mbox named .eml, and an mbox starting with a UTF-8 byte-order mark
    WHEN read THEN each is split into its messages, named by the file given."""
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "export.eml").write_bytes(mbox(1, 2))
    marked = tmp_path / "marked.mbox"
    marked.write_bytes(b"\xef\xbb\xbf" + mbox(3, 4))
    found = list(read_paths([folder, marked]))
    assert [where for where, _ in found] == [f"{folder / 'export.eml'}#0", f"{folder / 'export.eml'}#1",
                                              f"{marked}#0", f"{marked}#1"]
    assert [b"<m%d@test>" % n in data for n, (_, data) in zip((1, 2, 3, 4), found)] == [True] * 4


def test_read_paths_refuses_a_path_that_is_not_there(tmp_path: Path) -> None:
    """GIVEN a path that does not exist WHEN read THEN one SourceError naming it."""
    with pytest.raises(SourceError) as raised:
        list(read_paths([tmp_path / "none.eml"]))
    assert str(raised.value) == f"ingest: no such file or folder: {tmp_path / 'none.eml'}"
