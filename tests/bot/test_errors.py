"""One root for every error a person may see: UserFacingError, with its message in each language."""

from __future__ import annotations

import pytest

from bot.errors import AccessDenied, CoachError
from bot.import_check import ImportRefused, refusal
from flows.errors import UserFacingError
from storage.db import LOCKED, make_engine, storage_error
from storage.errors import AlreadyExists, NotFound, StorageError


@pytest.mark.parametrize("kind", [CoachError, AccessDenied, StorageError, AlreadyExists, NotFound, ImportRefused])
def test_every_polite_error_shares_the_root(kind) -> None:
    assert issubclass(kind, UserFacingError)


def test_the_message_in_each_language_falls_back_to_the_one_given() -> None:
    error = StorageError("Databasen är upptagen.", en="The database is busy.", detail="locked")
    assert (error.in_language("sv"), error.in_language("en"), str(error)) == (
        "Databasen är upptagen.", "The database is busy.", "Databasen är upptagen.")
    assert CoachError("Bara koordinatorer.").in_language("en") == "Bara koordinatorer."  # raised in Swedish


def test_database_errors_come_in_swedish_and_english() -> None:
    from sqlite3 import OperationalError as DriverError

    from sqlalchemy.exc import OperationalError

    error = storage_error(OperationalError("INSERT", {}, DriverError("database is locked")))
    assert error is not None and error.message == LOCKED
    assert error.in_language("en").startswith("The database is busy right now")
    with pytest.raises(StorageError) as bad_url:
        make_engine("mysql+nosuchdriver://x/y")
    assert bad_url.value.in_language("en").startswith("The database address is not recognised")


def test_an_import_refusal_lists_every_problem() -> None:
    error = refusal(["a › b: ska vara text", "c: saknas"])
    assert error.message.splitlines()[1:] == ["  • a › b: ska vara text", "  • c: saknas"]
    assert error.problems == ["a › b: ska vara text", "c: saknas"]
