"""Alembic environment. `storage.db.migrate` passes a connection in `config.attributes`;
the alembic CLI (storage/alembic.ini) takes the URL from `-x url=…` or `sqlalchemy.url`."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection
from sqlmodel import SQLModel

from storage.db import load_table_modules, make_engine, normalize_url

load_table_modules()  # registers every table on SQLModel.metadata
config = context.config
target_metadata = SQLModel.metadata


def _url() -> str:
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option("sqlalchemy.url")
    if not url:
        raise SystemExit("Ange databasen: alembic -c storage/alembic.ini -x url=sqlite:///data/coach.db …")
    return url


def _configure(**kwargs: object) -> None:
    context.configure(target_metadata=target_metadata, compare_type=True, **kwargs)


def run_offline() -> None:
    url = normalize_url(_url())
    _configure(url=url, literal_binds=True, render_as_batch=url.get_backend_name() == "sqlite",
               dialect_opts={"paramstyle": "named"})
    with context.begin_transaction():
        context.run_migrations()


def run_on(connection: Connection) -> None:
    _configure(connection=connection, render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        run_on(connection)
        return
    engine = make_engine(_url())
    try:
        with engine.begin() as connection:
            run_on(connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
