"""The road a message travels: archived raw (`archive`), read in worker processes (`reading`,
legacy Word through LibreOffice in `convert`), settled into the store (`ingest`), batch after
batch with one in flight (`draining`). `reading_files` is the same reading for `mailbot read`."""
