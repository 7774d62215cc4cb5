"""Engines on fresh databases at the newest schema, for the tests' fixtures.

A file SQLite database is a copy of one migrated once per test process: running Alembic's revisions took
0.17 s a database (building and compiling every table in Python), a copy takes a millisecond, and the
file is the same. PostgreSQL (one schema per test) is migrated as before. Tests of the migrations
themselves call `storage.db.migrate` on their own databases."""

from __future__ import annotations

import atexit
import shutil
import tempfile
import threading
from pathlib import Path

from sqlalchemy import Engine

from storage.db import make_engine, migrate, normalize_url

_lock = threading.Lock()
_template: Path | None = None


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
    """`make_engine(url)` on a new database at the newest schema."""
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
    migrate(engine)
    return engine
