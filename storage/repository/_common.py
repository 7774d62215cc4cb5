"""Helpers shared by the repository modules: validation, unique-violation detection, versioned appends."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel, select

from storage.errors import InvalidValue, NotFound, StorageError
from storage.models import Process

Row = TypeVar("Row", bound=SQLModel)

APPEND_ATTEMPTS = 10
BACKOFF_SECONDS = 0.005
_JITTER = random.Random()  # its own generator: writers' back-off never moves the global random state


def check_choice(value: str, allowed: tuple[str, ...], what: str) -> None:
    if value not in allowed:
        raise InvalidValue(f"«{value}» är inte en giltig {what}. Välj en av: {', '.join(allowed)}.",
                           detail=f"{what}={value!r} not in {allowed}")


def require_process(session: Session, process_id: int) -> Process:
    process = session.get(Process, process_id)
    if process is None:
        raise NotFound("Processen finns inte (längre). Kontrollera namnet eller välj en annan process.",
                       detail=f"process id {process_id} not found")
    return process


def lock_process(session: Session, process_id: int) -> None:
    """Serialise versioned appends to one process for the rest of the transaction.

    PostgreSQL: a FOR NO KEY UPDATE row lock (inserts referencing the process are not blocked).
    SQLite ignores it; there BEGIN IMMEDIATE already serialises writers. Without it, retries alone
    starve under heavy contention; the unique constraint and retry below remain the guarantee.
    """
    # key_share=True renders FOR NO KEY UPDATE on PostgreSQL.
    statement = select(Process.id).where(Process.id == process_id).with_for_update(key_share=True)
    if session.exec(statement).first() is None:
        require_process(session, process_id)


def is_unique_violation(exc: IntegrityError) -> bool:
    """True for a unique-constraint violation (PostgreSQL SQLSTATE 23505, SQLite 'UNIQUE constraint')."""
    sqlstate = getattr(exc.orig, "sqlstate", None)
    if sqlstate is not None:
        return sqlstate == "23505"
    return "unique constraint" in str(exc.orig).lower()


def insert_unique(session: Session, row: Row) -> bool:
    """Insert `row` in a SAVEPOINT. False (and nothing stored) when a unique constraint says it exists."""
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError as exc:
        if not is_unique_violation(exc):
            raise
        return False
    return True


def append_versioned(session: Session, *, current_max: Callable[[], int | None],
                     build: Callable[[int], Row]) -> Row:
    """Insert build(max + 1); when a concurrent writer took that version, re-read the max and retry."""
    for attempt in range(APPEND_ATTEMPTS):
        row = build((current_max() or 0) + 1)
        if insert_unique(session, row):
            return row
        time.sleep(_JITTER.uniform(0, BACKOFF_SECONDS * (attempt + 1)))  # de-synchronise the writers
    raise StorageError("Många sparade samtidigt och svaret kunde inte sparas. Försök igen om en stund.",
                       en="Many saved at once and the answer could not be saved. Try again in a moment.",
                       detail=f"gave up after {APPEND_ATTEMPTS} version conflicts")
