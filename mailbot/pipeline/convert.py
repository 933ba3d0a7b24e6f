"""Legacy Word files (.doc, Kingsoft .wps, .odt, .rtf) and OpenDocument sheets (.ods) through
LibreOffice, or antiword for text.

Runs in a throwaway folder with its own LibreOffice profile (so two conversions
never fight over a lock), under a time limit. Parsers stay pure: they are handed
this function and never run a program themselves.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import tempfile
from pathlib import Path

from parsers.errors import CorruptFile, UnsupportedFormat

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
        if soffice:
            converted = _libreoffice(soffice, source, work, target)
            if converted is not None:
                return target, converted
        antiword = shutil.which("antiword")
        if antiword and kind == "doc":
            return "txt", _antiword(antiword, source, name)
    if not soffice and not antiword:
        raise UnsupportedFormat(f"{name}: 旧版Word文件需要 LibreOffice 或 antiword 才能读取，请安装后运行 `mailbot retry`")
    raise CorruptFile(f"{name}: 无法转换此{kind}文件（可能已损坏或加密），请人工查看")


def _libreoffice(soffice: str, source: Path, work: Path, target: str) -> bytes | None:
    command = [
        soffice, "--headless", "--norestore", "--nologo", f"-env:UserInstallation=file://{work / 'profile'}",
        "--convert-to", target, "--outdir", str(work / "out"), str(source),
    ]
    try:
        subprocess.run(command, capture_output=True, timeout=TIMEOUT_SECONDS, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        log.warning("libreoffice conversion failed: %s", exc)
        return None
    converted = work / "out" / f"input.{target}"
    return converted.read_bytes() if converted.exists() and converted.stat().st_size else None


def _antiword(antiword: str, source: Path, name: str) -> bytes:
    try:
        done = subprocess.run([antiword, "-m", "UTF-8.txt", str(source)], capture_output=True, timeout=TIMEOUT_SECONDS)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise CorruptFile(f"{name}: antiword failed ({exc})") from exc
    if done.returncode != 0 or not done.stdout.strip():
        raise CorruptFile(f"{name}: 无法读取此.doc文件（{done.stderr.decode('utf-8', 'replace').strip()[:100]}）")
    return done.stdout
