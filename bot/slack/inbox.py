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
import os
import socket
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

from bot.slack_state import Engine


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
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(inbox)")}
        if "owner" not in columns:  # the process that kept the row (host:pid): an inbox may be shared
            self._db.execute("ALTER TABLE inbox ADD COLUMN owner TEXT NOT NULL DEFAULT ''")
        self.owner = f"{socket.gethostname()}:{os.getpid()}"

    def put(self, key: str, body: dict[str, Any]) -> None:
        """Keep a delivery (again: a retry of one already kept changes nothing)."""
        with self._lock:
            self._db.execute("INSERT OR IGNORE INTO inbox (key, body, received, owner) VALUES (?, ?, ?, ?)",
                             (key, json.dumps(body, ensure_ascii=False), time.time(), self.owner))

    def done(self, key: str) -> None:
        with self._lock:
            self._db.execute("DELETE FROM inbox WHERE key = ?", (key,))

    def left(self) -> list[tuple[str, dict[str, Any]]]:
        """Deliveries kept and not handled by a process that is gone, oldest first. Several processes may
        share one inbox (gunicorn workers, replicas on one data directory): a row whose keeper still runs on
        this host is that process's to finish, never picked up by another."""
        with self._lock:
            rows = self._db.execute("SELECT key, body, owner FROM inbox ORDER BY received").fetchall()
        return [(key, json.loads(body)) for key, body, owner in rows if not _alive(owner)]

    def close(self) -> None:
        with self._lock:
            self._db.close()


def _alive(owner: str) -> bool:
    """True when `owner` (host:pid) is a process still running on this host. Rows from before owners were
    kept, and rows of another host, count as left (that host's process cannot be asked)."""
    host, _, pid = owner.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    if int(pid) == os.getpid():
        return False  # this very process, starting: what it kept before a restart with the same pid
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
