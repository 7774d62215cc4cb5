"""Storage errors: a polite Swedish `message` for people, the technical cause in `detail`."""

from __future__ import annotations


class StorageError(Exception):
    """Something went wrong with the database. `message` is shown to users, `detail` is logged."""

    def __init__(self, message: str, *, detail: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail

    def __str__(self) -> str:
        return self.message


class AlreadyExists(StorageError):
    """A row with the same natural key exists (process name, member, …)."""


class NotFound(StorageError):
    """The process (or member) referred to does not exist."""


class InvalidValue(StorageError):
    """A value outside the allowed set (role, via) was given."""


class ImportFormatError(StorageError):
    """An export file that cannot be imported: not JSON, wrong marker, missing or bad fields."""
