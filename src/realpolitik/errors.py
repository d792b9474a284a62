"""Every error realpolitik raises on purpose, with stable messages and exit codes.

The CLI turns these into exit codes (and later the REST API into HTTP statuses); nothing else
in the package should raise bare exceptions at users.
"""
from __future__ import annotations


class RealpolitikError(Exception):
    """Base class: `code` is the CLI exit status, `http_status` the REST status."""

    code = 1
    http_status = 500

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None):
        self.path = path
        self.line = line
        where = ""
        if path:
            where = f"{path}:{line}: " if line else f"{path}: "
        super().__init__(where + message)
        self.reason = message


class InputError(RealpolitikError):
    """An input file could not be read or parsed."""

    code = 2
    http_status = 400


class RegistryError(RealpolitikError):
    """An actor registry file is malformed."""

    code = 3
    http_status = 400


class RuleError(RealpolitikError):
    """A rule, lexicon or confidence file is malformed, or a rule's pattern does not compile."""

    code = 3
    http_status = 500


class StoreError(RealpolitikError):
    """The database could not be opened, migrated or written."""

    code = 4
    http_status = 500


class ModelError(RealpolitikError):
    """The spaCy model named in the settings is not installed."""

    code = 5
    http_status = 500


class NotFoundError(RealpolitikError):
    """An actor, document or record asked for does not exist."""

    code = 6
    http_status = 404
