"""/healthz (the process is alive and not stopping) and /readyz (database reachable, migrations current,
guidance index ready), each answered within BUDGET.

The database check runs on one probe thread with a deadline: a database that does not answer in time
makes the replica "not ready" at once instead of holding the health check (and a server thread) for a
TCP timeout. Concurrent checks share the probe in flight.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

from sqlalchemy import Engine, text

BUDGET = 0.05  # seconds: what a load balancer may expect
DB_DEADLINE = 0.025  # of the budget, what the database probe may take (the rest: a busy machine, HTTP)
FRESH = 1.0  # seconds a database answer is reused: a busy replica answers from it instead of queueing


def migration_heads() -> frozenset[str]:
    from alembic.script import ScriptDirectory

    from storage.db import alembic_config

    return frozenset(ScriptDirectory.from_config(alembic_config()).get_heads())


class Health:
    def __init__(self, engine: Engine | None, *, guidance: Any = None, stopping: threading.Event | None = None,
                 heads: Callable[[], frozenset[str]] = migration_heads) -> None:
        self.engine, self.guidance = engine, guidance
        self.stopping = stopping or threading.Event()
        self._heads = heads() if engine is not None else frozenset()
        self._probe = ThreadPoolExecutor(1, thread_name_prefix="health-probe")
        self._lock = threading.Lock()
        self._inflight: Future | None = None
        self._last: tuple[float, frozenset[str] | None] | None = None  # (when, alembic versions) of the last answer
        if engine is not None:  # the first probe (a new connection) starts now, not on the first check
            self._inflight = self._probe.submit(self._query)

    def alive(self) -> tuple[int, dict[str, Any]]:
        if self.stopping.is_set():
            return 503, {"status": "stopping"}
        return 200, {"status": "ok"}

    def ready(self) -> tuple[int, dict[str, Any]]:
        started = time.perf_counter()
        checks: dict[str, str] = {}
        if self.stopping.is_set():
            checks["server"] = "stopping"
        checks["guidance"] = self._guidance()
        if self.engine is not None:
            checks["database"], checks["migrations"] = self._database()
        ok = all(value == "ok" for value in checks.values())
        answer = {"status": "ready" if ok else "not ready", "checks": checks,
                  "ms": round((time.perf_counter() - started) * 1000, 1)}
        return (200 if ok else 503), answer

    def _guidance(self) -> str:
        warmup = self.guidance
        if warmup is None:
            return "ok"
        state = getattr(warmup, "state", "ready")
        if state == "ready":
            return "ok"
        if state == "failed":
            return "failed"
        return f"building, about {warmup.eta_seconds()} s left" if state == "preparing" else "not started"

    def _database(self) -> tuple[str, str]:
        with self._lock:
            last = self._last
            if last is not None and time.monotonic() - last[0] < FRESH:
                return self._verdict(last[1])
            probe = self._inflight
            if probe is None or probe.done():
                probe = self._inflight = self._probe.submit(self._query)
        try:
            version = probe.result(timeout=DB_DEADLINE)
        except FutureTimeout:
            return "no answer within the deadline", "unknown"
        except Exception as error:  # noqa: BLE001 - any failure means "not reachable"; the reason is shown
            return f"unreachable: {type(error).__name__}", "unknown"
        return self._verdict(version)

    def _verdict(self, version: frozenset[str] | None) -> tuple[str, str]:
        if version is None:
            return "ok", "not migrated"
        return "ok", ("ok" if version == self._heads else f"at {','.join(sorted(version))}, "
                      f"expected {','.join(sorted(self._heads))}")

    def _query(self) -> frozenset[str] | None:
        assert self.engine is not None
        with self.engine.connect() as connection:
            try:
                rows = connection.execute(text("SELECT version_num FROM alembic_version")).all()
            except Exception:  # noqa: BLE001 - no table: never migrated (the connection itself worked)
                version = None
            else:
                version = frozenset(row[0] for row in rows)
        with self._lock:
            self._last = (time.monotonic(), version)
        return version

    def close(self) -> None:
        self._probe.shutdown(wait=False, cancel_futures=True)
