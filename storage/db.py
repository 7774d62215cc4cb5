"""One engine per process: SQLite (WAL) by default, PostgreSQL via psycopg 3; migrations; sessions."""

from __future__ import annotations

import importlib
import pkgutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, OperationalError
from sqlalchemy.pool import StaticPool
from sqlmodel import Session

from storage.errors import StorageError

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
DEFAULT_BUSY_TIMEOUT_MS = 5000

LOCKED = ("Databasen är upptagen just nu – någon annan skriver till den. "
          "Vänta en liten stund och försök igen.")
UNREACHABLE = ("Det går inte att nå databasen. Kontrollera att databasservern är igång "
               "och att adressen i DATABASE_URL stämmer.")
MISSING_DB = ("Databasen finns inte. Kontrollera databasnamnet i DATABASE_URL "
              "eller be den som sköter servern att skapa databasen.")
AUTH = "Databasen nekade inloggningen. Kontrollera användarnamn och lösenord i DATABASE_URL."
READONLY = ("Det går inte att skriva till databasfilen. Kontrollera behörigheterna "
            "för filen och katalogen den ligger i.")
NOT_A_DB = "Filen är ingen databas som Processcoach kan läsa. Kontrollera sökvägen."
GENERIC = "Något gick fel i kontakten med databasen. Försök igen, och kontakta ansvarig om felet består."
BAD_URL = ("Databasadressen känns inte igen. Använd sqlite:///sökväg/till/fil.db "
           "eller postgresql://användare@värd/databas.")

NOT_MIGRATED = ("Databasen saknar tabeller som Processcoach behöver. "
                "Kör databasmigreringen och försök igen.")

ENGLISH = {
    LOCKED: "The database is busy right now – someone else is writing to it. Wait a moment and try again.",
    UNREACHABLE: "The database cannot be reached. Check that the database server is running and that the "
                 "address in DATABASE_URL is right.",
    MISSING_DB: "The database does not exist. Check the database name in DATABASE_URL or ask whoever runs the "
                "server to create it.",
    AUTH: "The database refused the login. Check the user name and password in DATABASE_URL.",
    READONLY: "The database file cannot be written. Check the permissions of the file and its directory.",
    NOT_A_DB: "The file is not a database Processcoach can read. Check the path.",
    GENERIC: "Something went wrong talking to the database. Try again, and tell whoever is responsible if it "
             "persists.",
    BAD_URL: "The database address is not recognised. Use sqlite:///path/to/file.db or "
             "postgresql://user@host/database.",
    NOT_MIGRATED: "The database lacks tables Processcoach needs. Run the database migration and try again.",
}


def database_error(message: str, detail: str | None) -> StorageError:
    """A StorageError with one of the messages above, in Swedish and English."""
    return StorageError(message, en=ENGLISH.get(message), detail=detail)


# (substrings that must all occur in the driver's message, Swedish message) — first match wins.
_KNOWN_CAUSES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("database is locked",), LOCKED),
    (("database table is locked",), LOCKED),
    (("lock timeout",), LOCKED),  # PostgreSQL lock_timeout (wait_at_most)
    (("readonly database",), READONLY),
    (("unable to open database file",), READONLY),
    (("file is not a database",), NOT_A_DB),
    (("no such table",), NOT_MIGRATED),
    (("relation", "does not exist"), NOT_MIGRATED),
    (("password authentication failed",), AUTH),
    (("no pg_hba.conf entry",), AUTH),
    (("database", "does not exist"), MISSING_DB),
    (("connection refused",), UNREACHABLE),
    (("could not connect",), UNREACHABLE),
    (("could not translate host name",), UNREACHABLE),
    (("name or service not known",), UNREACHABLE),
    (("timeout expired",), UNREACHABLE),
    (("connection failed",), UNREACHABLE),
    (("server closed the connection",), UNREACHABLE),
)


def storage_error(exc: DBAPIError) -> StorageError | None:
    """The user-facing error for a driver error, or None when it is not a known operational problem."""
    text = str(exc.orig).lower()
    for needles, message in _KNOWN_CAUSES:
        if all(needle in text for needle in needles):
            return database_error(message, str(exc.orig))
    if isinstance(exc, OperationalError):
        return database_error(GENERIC, str(exc.orig))
    return None


@contextmanager
def translated_errors() -> Iterator[None]:
    """Turn connection/lock/permission failures from the driver into StorageError."""
    try:
        yield
    except DBAPIError as exc:
        error = storage_error(exc)
        if error is None:
            raise
        raise error from exc


def normalize_url(url: str) -> URL:
    """Parse a database URL; plain `postgresql://` (and psycopg2) becomes psycopg 3."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise database_error(BAD_URL, str(exc)) from exc
    if parsed.get_backend_name() == "postgresql" and parsed.drivername != "postgresql+psycopg":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


_deadline: ContextVar[float | None] = ContextVar("coach_db_deadline", default=None)


@contextmanager
def wait_at_most(seconds: float) -> Iterator[None]:
    """Every database lock wait of this thread inside the block ends `seconds` from now (SQLite busy
    timeout, PostgreSQL lock_timeout, set per transaction): a request Slack drops after 3 s is answered
    honestly in time — "busy, nothing was saved" (StorageError LOCKED) — instead of being stored unseen."""
    token = _deadline.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _deadline.reset(token)


def stop_waiting_at_most() -> None:
    """End the `wait_at_most` limit early (a modal answered: what follows may wait as usual)."""
    _deadline.set(None)


def lock_wait_ms() -> int | None:
    """Milliseconds left to wait for a lock inside `wait_at_most` (at least 1: try once), else None."""
    deadline = _deadline.get()
    return None if deadline is None else max(1, int((deadline - time.monotonic()) * 1000))


def is_busy(error: BaseException) -> bool:
    """True for the error a lock wait that ran out of time becomes."""
    return isinstance(error, StorageError) and str(error) == LOCKED


def make_engine(url: str, *, busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS, echo: bool = False) -> Engine:
    """The one engine for `url`. SQLite gets WAL, foreign keys and a busy timeout on every connection."""
    parsed = normalize_url(url)
    backend = parsed.get_backend_name()
    try:
        if backend == "sqlite":
            return _sqlite_engine(parsed, busy_timeout_ms=busy_timeout_ms, echo=echo)
        if backend == "postgresql":
            engine = create_engine(parsed, pool_pre_ping=True, echo=echo)
            _configure_postgresql(engine)
            return engine
    except NoSuchModuleError as exc:
        raise database_error(BAD_URL, str(exc)) from exc
    raise database_error(BAD_URL, f"unsupported backend {backend!r}")


def _sqlite_engine(url: URL, *, busy_timeout_ms: int, echo: bool) -> Engine:
    database = url.database or ""
    in_memory = database in ("", ":memory:") or database.startswith("file::memory:")
    if not in_memory:
        _ensure_directory(Path(database).expanduser().parent)
    extra: dict[str, Any] = {"poolclass": StaticPool} if in_memory else {}
    engine = create_engine(url, echo=echo, connect_args={"timeout": busy_timeout_ms / 1000,
                                                         "check_same_thread": False}, **extra)
    _configure_sqlite(engine, busy_timeout_ms=busy_timeout_ms)
    return engine


def _ensure_directory(directory: Path) -> None:
    message = (f"Det går inte att skapa eller skriva i datakatalogen {directory}. "
               "Kontrollera behörigheterna eller välj en annan katalog (COACH_DATA_DIR).")
    english = (f"The data directory {directory} cannot be created or written. "
               "Check the permissions or choose another directory (COACH_DATA_DIR).")
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(message, en=english, detail=f"{type(exc).__name__}: {exc}") from exc
    probe = directory / ".processcoach-write-test"
    try:
        probe.touch()
        probe.unlink()
    except OSError as exc:
        raise StorageError(message, en=english, detail=f"{type(exc).__name__}: {exc}") from exc


def _configure_sqlite(engine: Engine, *, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # We emit BEGIN ourselves (see "begin" below); sqlite3's implicit transactions break SAVEPOINT.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute("PRAGMA journal_mode = WAL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        wait = lock_wait_ms() or busy_timeout_ms  # inside wait_at_most: what is left of its time
        info = connection.connection.info
        if info.get("busy_timeout") != wait:
            connection.exec_driver_sql(f"PRAGMA busy_timeout = {int(wait)}")
            info["busy_timeout"] = wait
        # IMMEDIATE takes the write lock up front: writers queue on busy_timeout instead of
        # failing later when a read snapshot turns out to be stale.
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def _configure_postgresql(engine: Engine) -> None:
    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        wait = lock_wait_ms()
        if wait is not None:  # only inside wait_at_most; SET LOCAL ends with the transaction
            connection.exec_driver_sql(f"SET LOCAL lock_timeout = '{int(wait)}ms'")


def load_table_modules() -> None:
    """Import every table module (`storage/models.py` and `storage/*_models.py`) so that
    SQLModel.metadata is complete for Alembic autogenerate and schema comparisons."""
    import storage.models  # noqa: F401

    for module in pkgutil.iter_modules([str(Path(__file__).resolve().parent)]):
        if module.name.endswith("_models"):
            importlib.import_module(f"storage.{module.name}")


def alembic_config() -> Config:
    """Alembic configuration built in code; works from an installed package, no alembic.ini needed."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    return config


MIGRATION_LOCK = 0x636F6163  # "coac": the advisory lock key replicas migrate under, one at a time


def migrate(engine: Engine, *, revision: str = "head") -> None:
    """Bring the database schema up to `revision` (default: the newest). On PostgreSQL under an advisory
    lock: replicas starting together migrate one after the other (the later ones find nothing to do)."""
    config = alembic_config()
    with translated_errors(), engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session in one transaction: committed on success, rolled back on any exception.

    Objects stay usable after the block (expire_on_commit=False). Lock, connection and
    permission problems surface as StorageError.
    """
    with translated_errors(), Session(engine, expire_on_commit=False) as session, session.begin():
        yield session
