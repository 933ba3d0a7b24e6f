"""The store: one SQLite file through sqlite-utils, every table and every query.

No module outside this package runs SQL (tests/test_architecture.py checks it). `database`
holds the schema of every table (SCHEMA, DESK_SCHEMA) and the pipeline's reads and writes;
the others are one room each, typed functions over a Store:

- `comments`, `messages`: one comment or message as the desk and the CLI ask for it
- `decisions`: the desk's decisions, the audit log (changes) and remembered edits
- `sessions`: the desk's logins (desk_keys, desk_sessions, desk_login_failures)
- `outbox`: the outgoing mail's rows
- `positions`: where reading an IMAP folder got to (state)
- `progress`, `counts`: who replied and the round's figures, counted in SQL
- `listing`: the paged queries of the desk (one page, one comment, never a whole table)
"""

from mailbot.store.database import DESK_SCHEMA, SCHEMA, UNCOUNTED, Store, comment_id, now

__all__ = ["DESK_SCHEMA", "SCHEMA", "UNCOUNTED", "Store", "comment_id", "now"]
