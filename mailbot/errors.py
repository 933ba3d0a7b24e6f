"""Errors the service raises. The CLI turns each into one line on stderr and exit 1."""


class MailbotError(Exception):
    """Base: a handled failure whose message tells the operator what to do."""


class ConfigError(MailbotError):
    """The config file is missing, malformed, or names something that is not there."""


class SourceError(MailbotError):
    """A mailbox or input path could not be read."""


class StoreError(MailbotError):
    """The store is missing, locked or not initialised."""


class ResourceError(MailbotError):
    """A disk is full (the store's or the archive's): nothing is wrong with the mail or the
    servers, and the work resumes by itself once space is freed."""


# SQLite says "database or disk is full" (SQLITE_FULL = 13) both for a full disk and for a store
# that reached its max_page_count; ENOSPC is a full disk, EDQUOT a quota.
SQLITE_FULL = 13


def is_disk_full(exc: BaseException) -> bool:
    """Whether an error means "no space left", whatever layer raised it."""
    import errno
    import sqlite3

    if isinstance(exc, OSError) and exc.errno in {errno.ENOSPC, getattr(errno, "EDQUOT", 122)}:
        return True
    if isinstance(exc, sqlite3.Error):
        code = getattr(exc, "sqlite_errorcode", None)
        return code == SQLITE_FULL or "disk is full" in str(exc)
    cause = exc.__cause__ or exc.__context__
    return cause is not None and cause is not exc and is_disk_full(cause)
