"""The floor: fetch every message of a folder with imapclient and parse it with mail-parser,
python-docx and openpyxl, doing nothing more. mailbot's drain is measured against this.

    python bench/floor.py HOST PORT USER FOLDER   (password in BENCH_IMAP_PASSWORD)
"""

from __future__ import annotations

import io
import os
import sys
import warnings

import docx
import mailparser
import openpyxl
from imapclient import IMAPClient

BATCH = 25


def touch_attachment(data: bytes) -> int:
    """Open a Word or Excel attachment and read all its text; return how many pieces."""
    if data[:4] != b"PK\x03\x04":
        return 0
    try:
        document = docx.Document(io.BytesIO(data))
        return len([p.text for p in document.paragraphs]) + sum(len(t.rows) for t in document.tables)
    except Exception:  # not a .docx: try it as a workbook
        pass
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        rows = sum(1 for sheet in book.worksheets for _ in sheet.iter_rows(values_only=True))
        book.close()
        return rows
    except Exception:
        return 0


def main() -> None:
    host, port, user, folder = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    client = IMAPClient(host, port=port, ssl=False)
    client.login(user, os.environ["BENCH_IMAP_PASSWORD"])
    client.select_folder(folder, readonly=True)
    uids = sorted(client.search(["ALL"]))
    for start in range(0, len(uids), BATCH):
        batch = uids[start : start + BATCH]
        for data in client.fetch(batch, ["BODY.PEEK[]"]).values():
            mail = mailparser.parse_from_bytes(data[b"BODY[]"])
            for part in mail.message.walk():
                payload = part.get_payload(decode=True) if not part.is_multipart() else None
                if isinstance(payload, bytes) and part.get_filename():
                    touch_attachment(payload)
    client.logout()


if __name__ == "__main__":
    main()
