"""Storage errors: a polite Swedish `message` for people, the technical cause in `detail`."""

from __future__ import annotations

from flows.errors import UserFacingError


class StorageError(UserFacingError):
    """Something went wrong with the database. `message` (Swedish, `en=` English) is shown, `detail` is logged."""


class AlreadyExists(StorageError):
    """A row with the same natural key exists (process name, member, …)."""


class NotFound(StorageError):
    """The process (or member) referred to does not exist."""


class InvalidValue(StorageError):
    """A value outside the allowed set (role, via) was given."""


class ImportFormatError(StorageError):
    """An export file that cannot be imported: not JSON, wrong marker, missing or bad fields."""
