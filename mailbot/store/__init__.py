"""The store: one SQLite file through sqlite-utils, every table and every query.

`database` holds the tables and the reads and writes of the pipeline; `listing` the paged
queries the desk asks (one page, one comment, never a whole table).
"""

from mailbot.store.database import DESK_SCHEMA, SCHEMA, UNCOUNTED, Store, comment_id, now

__all__ = ["DESK_SCHEMA", "SCHEMA", "UNCOUNTED", "Store", "comment_id", "now"]
