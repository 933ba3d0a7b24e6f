"""Reports: records in, bytes or text out (no disk, network, clock or logging).

    workbook.py    意见汇总表.xlsx, the consolidated sheet; adoption.py its 采纳情况 sheet
    missing.py     未报送单位: who has not replied; mail.py receipts, reminders, digests
    export.py      the comments as CSV / JSON lines; placement.py how places and units sort
    draft/         the draft marked up: 批注稿.docx and 修改稿.docx
    spreadsheet/   what every workbook is made of: sheets, cells, widths, page setup
"""
