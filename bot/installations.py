"""Where the Slack installations live (the services' side of bot.slack.install): slack_sdk's SQLAlchemy
installation and OAuth state stores on the app's engine (tables: migration 0008_installations), the state
store with a compare-and-set consume, and the lock that lets one replica at a time rotate a workspace's token.

One token rotation per workspace at a time, across every replica sharing the database.

PostgreSQL: a transaction-scoped advisory lock on a 64-bit hash of the workspace key, held on its own
connection while the installation is read again, rotated and saved (the store's connections are not
blocked: advisory locks lock no rows). SQLite: the database file is only shared on one machine, so an
exclusive `flock` on a file beside it serialises its processes (gunicorn workers) and threads alike.
`waiting` counts callers blocked right now (tests wait on it instead of sleeping).
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Engine, and_, text

from bot.settings import Settings


class StateStore(SQLAlchemyOAuthStateStore):
    """slack_sdk's state store, with a compare-and-set consume: of two replicas handed the same state
    (a double click on «Allow»), exactly one gets True."""

    def consume(self, state: str) -> bool:
        now = datetime.now(UTC).replace(tzinfo=None)
        c = self.oauth_states.c
        with self.engine.begin() as conn:
            result = conn.execute(self.oauth_states.delete().where(and_(c.state == state, c.expire_at > now)))
        return result.rowcount == 1


def stores(settings: Settings, engine: Engine) -> tuple[SQLAlchemyInstallationStore, StateStore]:
    """The installation store and the OAuth state store bolt's OAuth flow uses, on the app's one engine."""
    logger = logging.getLogger("bot.slack.install")
    return (SQLAlchemyInstallationStore(client_id=settings.slack_client_id or "", engine=engine, logger=logger),
            StateStore(expiration_seconds=settings.slack_state_expiration_seconds, engine=engine, logger=logger))


def lock_number(key: str) -> int:
    """A signed 64-bit number for pg_advisory_xact_lock, stable across processes (unlike hash())."""
    return int.from_bytes(hashlib.sha256(f"slack-token-rotation:{key}".encode()).digest()[:8], "big", signed=True)


class RotationLocks:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.waiting = 0
        self._count = threading.Lock()
        self._memory = threading.Lock()  # an in-memory SQLite database lives in one process

    def _waits(self, delta: int) -> None:
        with self._count:
            self.waiting += delta

    @contextmanager
    def hold(self, key: str) -> Iterator[None]:
        self._waits(1)
        entered = False
        try:
            if self.engine.dialect.name == "postgresql":
                with self.engine.connect() as connection, connection.begin():
                    connection.execute(text("SELECT pg_advisory_xact_lock(:n)"), {"n": lock_number(key)})
                    self._waits(-1)
                    entered = True
                    yield
                return
            path = self._lock_file(key)
            if path is None:
                with self._memory:
                    self._waits(-1)
                    entered = True
                    yield
                return
            with path.open("a") as handle:
                fcntl.flock(handle, fcntl.LOCK_EX)
                try:
                    self._waits(-1)
                    entered = True
                    yield
                finally:
                    fcntl.flock(handle, fcntl.LOCK_UN)
        finally:
            if not entered:
                self._waits(-1)

    def _lock_file(self, key: str) -> Path | None:
        database = self.engine.url.database or ""
        if database in ("", ":memory:") or database.startswith("file::memory:"):
            return None
        name = hashlib.sha256(key.encode()).hexdigest()[:16]
        return Path(database).expanduser().resolve().parent / f".token-rotation-{name}.lock"
