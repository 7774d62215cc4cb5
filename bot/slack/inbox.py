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
import logging
import os
import socket
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

from bot.slack_state import Engine

log = logging.getLogger(__name__)


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
        self._opening(lambda: self._db.execute("PRAGMA journal_mode = WAL"))
        self._db.execute("PRAGMA synchronous = NORMAL")
        self._opening(self._create)
        self.owner = f"{socket.gethostname()}:{os.getpid()}"

    OPEN_WITHIN = 15.0  # seconds a starting worker waits for the others opening the same file

    def _opening(self, step) -> None:
        """A start-up step, tried again while the file is locked: the workers of a server (and replicas on one
        data directory) open it at the same moment, and switching a new file to WAL or creating its table
        can find it locked beyond one busy wait on a loaded machine. Never on a request's path."""
        deadline = time.monotonic() + self.OPEN_WITHIN
        while True:
            try:
                step()
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() >= deadline:
                    raise
                time.sleep(0.05)  # polling the lock another starting worker holds

    def _create(self) -> None:
        """The table, with `owner` (the process that kept a row, host:pid: an inbox may be shared). In one
        write transaction: the workers of a server open a new file at the same moment, and two of them adding
        the column to a file from before owners each saw it missing (one failed to boot)."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.execute("CREATE TABLE IF NOT EXISTS inbox (key TEXT PRIMARY KEY, body TEXT NOT NULL, "
                                 "received REAL NOT NULL, owner TEXT NOT NULL DEFAULT '')")
                columns = {row[1] for row in self._db.execute("PRAGMA table_info(inbox)")}
                if "owner" not in columns:
                    self._db.execute("ALTER TABLE inbox ADD COLUMN owner TEXT NOT NULL DEFAULT ''")
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    def put(self, key: str, body: dict[str, Any]) -> None:
        """Keep a delivery (again: a retry of one already kept changes nothing)."""
        with self._lock:
            self._db.execute("INSERT OR IGNORE INTO inbox (key, body, received, owner) VALUES (?, ?, ?, ?)",
                             (key, json.dumps(body, ensure_ascii=False), time.time(), self.owner))

    def done(self, key: str) -> None:
        """The delivery is handled. A file still locked after the wait is no error of the reply's: the row
        stays and is handled again at the next start, which finds its draft and offers nothing twice."""
        try:
            with self._lock:
                self._db.execute("DELETE FROM inbox WHERE key = ?", (key,))
        except sqlite3.Error as error:
            log.warning("kept thread reply %s not cleared from the inbox: %s", key, error)

    def left(self) -> list[tuple[str, dict[str, Any]]]:
        """Deliveries kept and not handled by a process that is gone, oldest first, now this process's. Several
        processes may share one inbox (gunicorn workers, replicas on one data directory): a row whose keeper
        still runs on this host is that process's to finish, never picked up by another; a gone keeper's row
        is taken over by one conditional UPDATE, so of two workers starting at once only one handles it."""
        with self._lock:
            rows = self._db.execute("SELECT key, body, owner FROM inbox ORDER BY received").fetchall()
            taken = []
            for key, body, owner in rows:
                if not _alive(owner):
                    moved = self._db.execute("UPDATE inbox SET owner = ? WHERE key = ? AND owner = ?",
                                             (self.owner, key, owner))
                    if moved.rowcount == 1:
                        taken.append((key, json.loads(body)))
        return taken

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
