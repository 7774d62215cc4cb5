"""The inbox: a thread reply that may be an answer is written here before Slack is acknowledged, and
removed once the reply is handled (kept as a draft and offered, or found to be talk). What a killed
process left here is handled at the next start (bot.slack.events).

A small SQLite file of its own, beside the database (or in COACH_DATA_DIR): its writer lock is not the
database's, so the write before the ack never queues behind the answers being stored (on one SQLite file
it did, and ack p99 went from ~60 ms to ~2 s — docs/BENCHMARKS.md "Faults: ordering and locks").
WAL with synchronous=NORMAL: a committed row survives the process being killed (not a power cut).
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine


def inbox_path(engine: Engine, data_dir: Path) -> str:
    """Beside a SQLite database file; in the data directory for PostgreSQL; in memory for an in-memory db."""
    url = engine.url
    if url.get_backend_name() == "sqlite":
        database = url.database or ""
        if database in ("", ":memory:") or database.startswith("file::memory:"):
            return ":memory:"
        return str(Path(database).expanduser().with_name(Path(database).name + ".slack-inbox"))
    data_dir.mkdir(parents=True, exist_ok=True)
    return str(data_dir / "slack-inbox.db")


class Inbox:
    def __init__(self, path: str) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=2.0)
        self._db.execute("PRAGMA journal_mode = WAL")
        self._db.execute("PRAGMA synchronous = NORMAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS inbox (key TEXT PRIMARY KEY, body TEXT NOT NULL, "
                         "received REAL NOT NULL)")

    def put(self, key: str, body: dict[str, Any]) -> None:
        """Keep a delivery (again: a retry of one already kept changes nothing)."""
        with self._lock:
            self._db.execute("INSERT OR IGNORE INTO inbox (key, body, received) VALUES (?, ?, ?)",
                             (key, json.dumps(body, ensure_ascii=False), time.time()))

    def done(self, key: str) -> None:
        with self._lock:
            self._db.execute("DELETE FROM inbox WHERE key = ?", (key,))

    def left(self) -> list[tuple[str, dict[str, Any]]]:
        """Deliveries kept and not handled, oldest first."""
        with self._lock:
            rows = self._db.execute("SELECT key, body FROM inbox ORDER BY received").fetchall()
        return [(key, json.loads(body)) for key, body in rows]

    def close(self) -> None:
        with self._lock:
            self._db.close()
