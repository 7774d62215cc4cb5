"""Engine, migrations and the Swedish StorageError messages."""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel, select

from storage import StorageError, create_process, make_engine, migrate, session_scope
from storage.db import MIGRATIONS_DIR, alembic_config, load_table_modules, normalize_url
from storage.models import Member, Process

TABLES = {"workspace", "process", "member", "answer_version", "gate_decision", "audit_event",
          "slack_delivery"}


def test_migrations_match_models(engine: Engine) -> None:
    load_table_modules()
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, SQLModel.metadata) == []


def test_initial_revision_creates_exactly_the_core_tables(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        migrate(engine, revision="0001")
        with engine.connect() as connection:
            assert set(inspect(connection).get_table_names()) == TABLES | {"alembic_version"}
    finally:
        engine.dispose()


def test_migrate_twice_is_harmless(engine: Engine) -> None:
    migrate(engine)
    with session_scope(engine) as session:
        create_process(session, name="A", flow_id="sju_steg", flow_version=1, created_by="U1")


def test_migrations_need_no_alembic_ini() -> None:
    config = alembic_config()
    assert config.config_file_name is None
    assert Path(config.get_main_option("script_location") or "") == MIGRATIONS_DIR
    assert (MIGRATIONS_DIR / "env.py").is_file()


def test_foreign_keys_are_enforced(engine: Engine) -> None:
    with pytest.raises(IntegrityError), Session(engine) as session:
        session.add(Member(process_id=4711, user_id="U1", display_name="A", role="medlem", added_by="U1"))
        session.commit()


def test_session_scope_commits_and_rolls_back(engine: Engine) -> None:
    with session_scope(engine) as session:
        create_process(session, name="Kept", flow_id="f", flow_version=1, created_by="U1")
    with pytest.raises(RuntimeError), session_scope(engine) as session:
        create_process(session, name="Lost", flow_id="f", flow_version=1, created_by="U1")
        raise RuntimeError("boom")
    with session_scope(engine) as session:
        assert [p.name for p in session.exec(select(Process)).all()] == ["Kept"]


def test_unmigrated_database_gives_storage_error(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        with pytest.raises(StorageError, match="migreringen") as caught, session_scope(engine) as session:
            session.exec(select(Process)).all()
        assert caught.value.detail
    finally:
        engine.dispose()


# ---------------------------------------------------------------- SQLite specifics

def test_sqlite_pragmas_and_directory(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "coach.db"
    engine = make_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
        assert path.is_file()
    finally:
        engine.dispose()


def test_unwritable_directory_gives_swedish_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x")
    with pytest.raises(StorageError) as caught:
        make_engine(f"sqlite:///{blocker / 'data' / 'coach.db'}")
    assert "datakatalogen" in caught.value.message
    assert caught.value.detail and "Error" in caught.value.detail


def test_locked_sqlite_gives_swedish_error(tmp_path: Path) -> None:
    path = tmp_path / "coach.db"
    setup = make_engine(f"sqlite:///{path}")
    migrate(setup)
    setup.dispose()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    engine = make_engine(f"sqlite:///{path}", busy_timeout_ms=50)
    try:
        with pytest.raises(StorageError) as caught, session_scope(engine) as session:
            create_process(session, name="A", flow_id="f", flow_version=1, created_by="U1")
        assert "upptagen" in caught.value.message
        assert "database is locked" in (caught.value.detail or "")
        assert str(caught.value) == caught.value.message
    finally:
        holder.rollback()
        holder.close()
        engine.dispose()


def test_in_memory_sqlite_works() -> None:
    engine = make_engine("sqlite://")
    migrate(engine)
    with session_scope(engine) as session:
        create_process(session, name="A", flow_id="f", flow_version=1, created_by="U1")
    with session_scope(engine) as session:
        assert session.exec(select(Process)).one().name == "A"


# ---------------------------------------------------------------- URLs and PostgreSQL

@pytest.mark.parametrize("url", ["postgresql://u@h/db", "postgresql+psycopg2://u@h/db",
                                 "postgresql+psycopg://u@h/db"])
def test_postgres_urls_use_psycopg3(url: str) -> None:
    assert normalize_url(url).drivername == "postgresql+psycopg"
    assert make_engine(url).url.drivername == "postgresql+psycopg"


@pytest.mark.parametrize("url", ["not a url", "mysql://u@h/db"])
def test_unsupported_url_gives_swedish_error(url: str) -> None:
    with pytest.raises(StorageError, match="Databasadressen"):
        make_engine(url)


def test_unreachable_postgres_gives_swedish_error() -> None:
    engine = make_engine("postgresql://postgres@127.0.0.1:1/test?connect_timeout=2")
    with pytest.raises(StorageError) as caught:
        migrate(engine)
    assert "nå databasen" in caught.value.message
    assert caught.value.detail


@pytest.mark.postgres
def test_missing_postgres_database_gives_swedish_error(postgres_url: str) -> None:
    url = normalize_url(postgres_url).set(database=f"processcoach_missing_{uuid.uuid4().hex[:8]}")
    engine = make_engine(url.render_as_string(hide_password=False))
    with pytest.raises(StorageError) as caught, session_scope(engine) as session:
        session.exec(select(Process)).all()
    assert "finns inte" in caught.value.message
    assert "does not exist" in (caught.value.detail or "")
