"""TLS for the mailbox and the SMTP server alike: certificates are always verified."""

from __future__ import annotations

import ssl
from pathlib import Path


def tls_context(ca_file: Path | None) -> ssl.SSLContext:
    """Certificates are verified; a CA file may be given for a private CA."""
    return ssl.create_default_context(cafile=str(ca_file) if ca_file else None)
