"""Legacy Word files (.doc, Kingsoft .wps, .odt, .rtf) and OpenDocument sheets (.ods) through
LibreOffice, or antiword for text.

A .doc whose tables LibreOffice does not bring back (one ending in a table, as some form
generators save it, comes back as one paragraph of every cell) is taken from antiword's
DocBook instead, which keeps the cells (parsers.files.docbook).

Runs in a throwaway folder under a time limit, with a LibreOffice profile of this process's
own (so two processes never fight over its lock), kept between conversions: making a fresh
profile costs about 0.6 s of each 2 s conversion. A conversion that fails (not by time) is
tried once more with a fresh profile, in case the kept one is what broke. Parsers stay pure:
they are handed this function and never run a program themselves.
"""

from __future__ import annotations

import io
import logging
import multiprocessing.util
import os
import shutil
import subprocess
import tempfile
import threading
import zipfile
from dataclasses import dataclass
from pathlib import Path

from parsers.errors import CorruptFile, UnsupportedFormat
from parsers.files.docbook import has_table

log = logging.getLogger(__name__)
TIMEOUT_SECONDS = 90


SPREADSHEETS = ("ods",)  # turned into .xlsx; every other kind into .docx


def convert_legacy(data: bytes, name: str, kind: str) -> tuple[str, bytes]:
    """("docx", bytes) from LibreOffice (("xlsx", bytes) for a spreadsheet), else ("txt", bytes)
    from antiword for a .doc."""
    target = "xlsx" if kind in SPREADSHEETS else "docx"
    with tempfile.TemporaryDirectory(prefix="mailbot-convert-") as folder:
        work = Path(folder)
        source = work / f"input.{kind}"
        source.write_bytes(data)
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        antiword = shutil.which("antiword")
        if soffice:
            converted = _with_kept_profile(soffice, source, work, target)
            if converted is not None:
                if kind == "doc" and antiword and not _docx_has_table(converted):
                    docbook = _antiword_docbook(antiword, source)
                    if docbook is not None and has_table(docbook):
                        return "docbook", docbook
                return target, converted
        if antiword and kind == "doc":
            return "txt", _antiword(antiword, source, name)
    if not soffice and not antiword:
        raise UnsupportedFormat(f"{name}: 旧版Word文件需要 LibreOffice 或 antiword 才能读取，请安装后运行 `mailbot retry`")
    raise CorruptFile(f"{name}: 无法转换此{kind}文件（可能已损坏或加密），请人工查看")


@dataclass
class _Profile:
    pid: int
    folder: Path


_profile: _Profile | None = None
_profile_lock = threading.Lock()  # one conversion at a time on a profile


def _with_kept_profile(soffice: str, source: Path, work: Path, target: str) -> bytes | None:
    with _profile_lock:
        converted, timed_out = _libreoffice(soffice, source, work, target, _kept_profile())
        if converted is None:
            _drop_profile()  # a hung LibreOffice may still hold it
            if not timed_out:
                converted, _ = _libreoffice(soffice, source, work, target, work / "profile")
    return converted


def _kept_profile() -> Path:
    """This process's profile folder, made on first use (a forked reader makes its own), removed
    when the process ends (multiprocessing's finalizers also run in pool workers, which skip atexit)."""
    global _profile
    if _profile is None or _profile.pid != os.getpid():
        folder = Path(tempfile.mkdtemp(prefix="mailbot-libreoffice-profile-"))
        multiprocessing.util.Finalize(None, shutil.rmtree, args=(str(folder), True), exitpriority=0)
        _profile = _Profile(os.getpid(), folder)
    return _profile.folder


def _drop_profile() -> None:
    global _profile
    if _profile is not None and _profile.pid == os.getpid():
        shutil.rmtree(_profile.folder, ignore_errors=True)
    _profile = None


def _libreoffice(soffice: str, source: Path, work: Path, target: str, profile: Path) -> tuple[bytes | None, bool]:
    """The converted file (None when LibreOffice gave nothing), and whether it ran out of time."""
    command = [
        soffice, "--headless", "--norestore", "--nologo", f"-env:UserInstallation={profile.as_uri()}",
        "--convert-to", target, "--outdir", str(work / "out"), str(source),
    ]
    try:
        subprocess.run(command, capture_output=True, timeout=TIMEOUT_SECONDS, check=False)
    except subprocess.TimeoutExpired as exc:
        log.warning("libreoffice conversion ran out of time: %s", exc)
        return None, True
    except OSError as exc:
        log.warning("libreoffice conversion failed: %s", exc)
        return None, False
    converted = work / "out" / f"input.{target}"
    return (converted.read_bytes() if converted.exists() and converted.stat().st_size else None), False


def _docx_has_table(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return b"<w:tbl>" in archive.read("word/document.xml")
    except (zipfile.BadZipFile, KeyError, OSError):
        return True  # not ours to judge: the docx reader reports it


def _antiword_docbook(antiword: str, source: Path) -> bytes | None:
    """antiword's DocBook of the file, or None when it cannot read it (it refuses some files
    LibreOffice reads well: "the text stream of this file is too small")."""
    try:
        done = subprocess.run([antiword, "-x", "db", str(source)], capture_output=True, timeout=TIMEOUT_SECONDS)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 and done.stdout.strip() else None


def _antiword(antiword: str, source: Path, name: str) -> bytes:
    try:
        done = subprocess.run([antiword, "-m", "UTF-8.txt", str(source)], capture_output=True, timeout=TIMEOUT_SECONDS)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise CorruptFile(f"{name}: antiword failed ({exc})") from exc
    if done.returncode != 0 or not done.stdout.strip():
        raise CorruptFile(f"{name}: 无法读取此.doc文件（{done.stderr.decode('utf-8', 'replace').strip()[:100]}）")
    return done.stdout
