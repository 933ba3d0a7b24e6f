"""Errors the service raises. The CLI turns each into one line on stderr and exit 1."""


class MailbotError(Exception):
    """Base: a handled failure whose message tells the operator what to do."""


class ConfigError(MailbotError):
    """The config file is missing, malformed, or names something that is not there."""


class SourceError(MailbotError):
    """A mailbox or input path could not be read."""


class StoreError(MailbotError):
    """The store is missing, locked or not initialised."""
