"""Pure reading: bytes in, records out (no network, disk or clock).

    mail/      the message: envelope, body, unit, does it answer this round
    files/     its attachments: Word, Excel, WPS, archives
    printed/   PDFs and pictures of pages: text layer, OCR, layout
    comments/  comments cut out of text and tables
    placing/   the draft, and each comment placed on its clause
    reply.py   all of it for one message (a Reading); records.py, errors.py, guard.py are shared
"""
