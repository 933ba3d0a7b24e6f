"""Raw messages on disk, named by their sha256, written before anything else.

A write goes to a temporary file, is flushed to disk, then renamed into place,
so a crash never leaves half a message under a real name.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path


def sha256_of(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


class Archive:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path_for(self, digest: str) -> Path:
        return self.root / digest[:2] / f"{digest}.eml"

    def keep(self, raw: bytes) -> str:
        """Store the bytes (once) and return their sha256."""
        digest = sha256_of(raw)
        target = self.path_for(digest)
        if target.exists():
            return digest
        temporary = target.with_suffix(f".tmp{os.getpid()}")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(temporary, "wb") as handle:
                handle.write(raw)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, target)
        except OSError as exc:
            # No half file left behind (on a full disk it holds the space that is missing), and
            # the error names the archive file, whichever call failed (a write names none).
            temporary.unlink(missing_ok=True)
            raise OSError(exc.errno, exc.strerror, str(target)) from exc
        return digest

    def read(self, digest: str) -> bytes:
        return self.path_for(digest).read_bytes()
