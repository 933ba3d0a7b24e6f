"""The floor: fetch every message of a folder with imapclient and parse it with mail-parser,
python-docx and openpyxl, doing nothing more. mailbot's drain is measured against this.

    python bench/floor.py HOST PORT USER FOLDER [WORKERS]   (password in BENCH_IMAP_PASSWORD)

With WORKERS > 1 the parsing is spread over that many processes as mailbot spreads its
reading (the main process fetches; one batch is parsed while the next is fetched), so
mailbot's time can be set against the floor on the same cores.
"""

from __future__ import annotations

import io
import os
import sys
import warnings
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor

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


def parse(data: bytes) -> int:
    mail = mailparser.parse_from_bytes(data)
    pieces = 0
    for part in mail.message.walk():
        payload = part.get_payload(decode=True) if not part.is_multipart() else None
        if isinstance(payload, bytes) and part.get_filename():
            pieces += touch_attachment(payload)
    return pieces


def main() -> None:
    host, port, user, folder = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    workers = int(sys.argv[5]) if len(sys.argv) > 5 else 1
    client = IMAPClient(host, port=port, ssl=False)
    client.login(user, os.environ["BENCH_IMAP_PASSWORD"])
    client.select_folder(folder, readonly=True)
    uids = sorted(client.search(["ALL"]))
    pool = ProcessPoolExecutor(workers) if workers > 1 else None
    in_flight: deque[list[Future[int]]] = deque()
    for start in range(0, len(uids), BATCH):
        batch = [data[b"BODY[]"] for data in client.fetch(uids[start : start + BATCH], ["BODY.PEEK[]"]).values()]
        if pool is None:
            for data in batch:
                parse(data)
            continue
        in_flight.append([pool.submit(parse, data) for data in batch])
        if len(in_flight) > 1:  # one batch parsed while the next is fetched, as mailbot does
            [f.result() for f in in_flight.popleft()]
    for futures in in_flight:
        [f.result() for f in futures]
    if pool is not None:
        pool.shutdown()
    client.logout()


if __name__ == "__main__":
    main()
