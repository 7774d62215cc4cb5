"""Database fixtures: every storage test runs on SQLite, and on PostgreSQL when
COACH_TEST_POSTGRES_URL is set (each test in its own fresh schema, dropped afterwards).
COACH_REQUIRE_POSTGRES=1 turns a missing PostgreSQL into a failure instead of a skip."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine

from storage.db import normalize_url
from tests.migrated import migrated_engine

POSTGRES_ENV = "COACH_TEST_POSTGRES_URL"
REQUIRE_ENV = "COACH_REQUIRE_POSTGRES"


def postgres_base_url() -> str:
    """The PostgreSQL test URL, or skip (fail when PostgreSQL is required)."""
    url = os.environ.get(POSTGRES_ENV)
    if url:
        return url
    if os.environ.get(REQUIRE_ENV) == "1":
        pytest.fail(f"{REQUIRE_ENV}=1 but {POSTGRES_ENV} is not set", pytrace=False)
    pytest.skip(f"PostgreSQL tests need {POSTGRES_ENV}")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> str:
    if request.param == "postgres":
        postgres_base_url()
    return request.param


class _PostgresSchemas:
    """Creates `test_<random>` schemas and hands out URLs whose search_path points at them."""

    def __init__(self, base_url: str) -> None:
        self.base = normalize_url(base_url)
        self.admin: Engine = create_engine(self.base, isolation_level="AUTOCOMMIT")
        self.schemas: list[str] = []

    def new_url(self) -> str:
        schema = f"test_{uuid.uuid4().hex[:12]}"
        with self.admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
        self.schemas.append(schema)
        url = self.base.update_query_dict({"options": f"-csearch_path={schema}"})
        return url.render_as_string(hide_password=False)

    def drop_all(self) -> None:
        with self.admin.connect() as connection:
            connection.exec_driver_sql("SET lock_timeout = '10s'")
            for schema in self.schemas:
                connection.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        self.admin.dispose()


@pytest.fixture
def new_db_url(backend: str, tmp_path: Path) -> Iterator[Callable[[], str]]:
    """A factory of URLs of fresh, empty databases of the current backend."""
    if backend == "sqlite":
        counter = iter(range(1_000_000))
        yield lambda: f"sqlite:///{tmp_path / f'db{next(counter)}' / 'coach.db'}"
        return
    schemas = _PostgresSchemas(postgres_base_url())
    try:
        yield schemas.new_url
    finally:
        schemas.drop_all()


@pytest.fixture
def db_url(new_db_url: Callable[[], str]) -> str:
    return new_db_url()


@pytest.fixture
def new_engine(new_db_url: Callable[[], str]) -> Iterator[Callable[[], Engine]]:
    """A factory of migrated engines on fresh databases; all disposed after the test."""
    engines: list[Engine] = []

    def make() -> Engine:
        engine = migrated_engine(new_db_url())
        engines.append(engine)
        return engine

    yield make
    for engine in engines:
        engine.dispose()


@pytest.fixture
def engine(new_engine: Callable[[], Engine]) -> Engine:
    return new_engine()


@pytest.fixture
def postgres_url() -> str:
    """The server-level PostgreSQL test URL (no private schema), for tests that need the server itself."""
    return postgres_base_url()


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist: without it (or -p no:xdist) never called
def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object:
    """`--dist loadfile` (the fast tier, scripts/test.sh): the longest files first (tests/schedule.py)."""
    if config.getvalue("dist") != "loadfile":
        return None
    from tests.schedule import LongestFileFirst

    return LongestFileFirst(config, log)
