"""Engines on fresh databases at the newest schema, for the tests' fixtures.

A file SQLite database is a copy of one migrated once per test process: running Alembic's revisions took
0.17 s a database (building and compiling every table in Python), a copy takes a millisecond, and the
file is the same. A PostgreSQL schema (one per test, found through search_path) gets the statements the
first migration in the process sent, sent again in one transaction: the same statements on the same
empty schema (0.4 s of Alembic before). Tests of the migrations themselves call `storage.db.migrate` on
their own databases."""

from __future__ import annotations

import atexit
import shutil
import tempfile
import threading
from pathlib import Path

from sqlalchemy import Engine, event

from storage.db import make_engine, migrate, normalize_url

_lock = threading.Lock()
_template: Path | None = None
_postgres_script: list[tuple[str, object, bool]] | None = None  # (statement, parameters, executemany)


def _sqlite_template() -> Path:
    """The migrated SQLite file this process copies (made on first use, removed at exit)."""
    global _template
    with _lock:
        if _template is None:
            folder = Path(tempfile.mkdtemp(prefix="coach-template-"))
            atexit.register(shutil.rmtree, folder, ignore_errors=True)
            engine = make_engine(f"sqlite:///{folder / 'coach.db'}")
            migrate(engine)
            engine.dispose()  # the last connection closed: the WAL is checkpointed into the file and removed
            assert not (folder / "coach.db-wal").exists()
            _template = folder / "coach.db"
        return _template


def migrated_engine(url: str) -> Engine:
    """`make_engine(url)` on its database at the newest schema: a new one as above, one that exists by
    Alembic (a test restarting on the same database)."""
    parsed = normalize_url(url)
    database = parsed.database or ""
    if parsed.get_backend_name() == "sqlite" and database not in ("", ":memory:") \
            and not database.startswith("file:"):
        target = Path(database).expanduser()
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(_sqlite_template(), target)
            return make_engine(url)
    engine = make_engine(url)
    if engine.dialect.name == "postgresql":
        _postgres_migrate(engine)
    else:
        migrate(engine)
    return engine


def _postgres_migrate(engine: Engine) -> None:
    global _postgres_script
    with engine.connect() as connection:
        new = connection.exec_driver_sql("SELECT to_regclass('alembic_version')").scalar() is None
    with _lock:
        script = _postgres_script
    if not new:  # a test "restarting" on its schema: Alembic decides, as the app would
        migrate(engine)
        return
    if script is None:  # the first new schema of this process: migrated, and what was sent recorded
        recorded: list[tuple[str, object, bool]] = []

        def record(_conn, _cursor, statement, parameters, _context, executemany) -> None:  # noqa: ANN001
            recorded.append((statement, parameters, executemany))

        event.listen(engine, "before_cursor_execute", record)
        try:
            migrate(engine)
        finally:
            event.remove(engine, "before_cursor_execute", record)
        with _lock:
            _postgres_script = recorded
        return
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        for statement, parameters, many in script:
            (cursor.executemany if many else cursor.execute)(statement, parameters)
        connection.commit()
    finally:
        connection.close()
