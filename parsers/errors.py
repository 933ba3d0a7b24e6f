"""Errors the parsers raise. Each message says what failed and on which file."""


class ParseError(Exception):
    """A message or file could not be read; `code` is stored on the row."""

    code = "parse_error"


class CorruptFile(ParseError):
    """The file is damaged or is not what its name says."""

    code = "corrupt"


class EncryptedFile(ParseError):
    """A password-protected Office file (加密文件，无法读取)."""

    code = "encrypted"


class TooLarge(ParseError):
    """The file, or what it unpacks to, is over the configured limit."""

    code = "too_large"


class UnsupportedFormat(ParseError):
    """A file type mailbot does not read."""

    code = "unsupported"
