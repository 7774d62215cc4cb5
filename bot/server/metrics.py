"""Prometheus metrics at /metrics: Slack requests acknowledged (by kind and status), the ack latency
histogram, errors, ABCDE reminders sent, and the depth of the outgoing message queue (outbox).

Under gunicorn every worker is its own process: `coach serve --http` points PROMETHEUS_MULTIPROC_DIR at a
fresh directory before anything imports prometheus_client, each worker writes its samples there, and a
scrape of any worker reads all of them (prometheus_client's multiprocess mode; a worker that exits is
marked dead by the master). The outbox depth is read from the database at scrape time: it is the same
for every worker and replica, so it needs no aggregation.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy import Engine, column, func, inspect, select, table

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
ACK_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 3.0, 5.0)
OUTBOX_TABLES = ("outbox", "slack_outbox")  # the first that exists is counted (rows not yet sent)

_lock = threading.Lock()
_metrics: dict[str, Any] = {}


def _instruments() -> dict[str, Any]:
    """Created once per process, on first use — after PROMETHEUS_MULTIPROC_DIR is set."""
    with _lock:
        if not _metrics:
            from prometheus_client import Counter, Histogram

            _metrics.update(
                requests=Counter("coach_slack_requests", "Slack requests answered, by kind and HTTP status",
                                 ["kind", "status"]),
                ack=Histogram("coach_slack_ack_seconds", "Time to answer (ack) a Slack request", ["kind"],
                              buckets=ACK_BUCKETS),
                errors=Counter("coach_errors", "Errors: 5xx answers and error log records", ["source"]),
                reminders=Counter("coach_abcde_reminders", "ABCDE reminders and nudges sent",
                                  ["kind", "outcome"]),
            )
        return _metrics


def outbox_depth(engine: Engine) -> int:
    """Rows waiting in the outbox table; 0 while there is no such table. A table with a `sent_at` column
    counts the rows without one."""
    inspector = inspect(engine)
    for name in OUTBOX_TABLES:
        if inspector.has_table(name):
            columns = {column["name"] for column in inspector.get_columns(name)}
            query = select(func.count()).select_from(table(name, *(column(c) for c in columns)))
            if "sent_at" in columns:
                query = query.where(column("sent_at").is_(None))
            with engine.connect() as connection:
                return int(connection.execute(query).scalar_one())
    return 0


class Metrics:
    def __init__(self, engine: Engine | None = None, *,
                 outbox: Callable[[], int] | None = None) -> None:
        self.engine = engine
        self.outbox = outbox or ((lambda: outbox_depth(engine)) if engine is not None else (lambda: 0))
        self._m = _instruments()

    # ---- recording --------------------------------------------------------------------------------

    def request(self, kind: str, status: int, seconds: float) -> None:
        self._m["requests"].labels(kind=kind, status=str(status)).inc()
        self._m["ack"].labels(kind=kind).observe(seconds)
        if status >= 500:
            self.error("http")

    def error(self, source: str) -> None:
        self._m["errors"].labels(source=source).inc()

    def reminder(self, kind: str, ok: bool) -> None:
        self._m["reminders"].labels(kind=kind, outcome="sent" if ok else "failed").inc()

    # ---- scraping ---------------------------------------------------------------------------------

    def exposition(self) -> tuple[bytes, str]:
        from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

        return generate_latest(_Scrape(self)), CONTENT_TYPE_LATEST  # type: ignore[arg-type]


class _Scrape:
    """What one scrape shows: every process's samples (multiprocess mode) or this one's, plus the outbox."""

    def __init__(self, metrics: Metrics) -> None:
        self.metrics = metrics

    def collect(self) -> Iterator[Any]:
        from prometheus_client import REGISTRY, CollectorRegistry
        from prometheus_client.core import GaugeMetricFamily

        if os.environ.get(MULTIPROC_ENV):
            from prometheus_client import multiprocess

            registry = CollectorRegistry()
            multiprocess.MultiProcessCollector(registry)
            yield from registry.collect()
        else:
            yield from REGISTRY.collect()
        try:
            depth = self.metrics.outbox()
        except Exception:  # noqa: BLE001 - a scrape must not fail because the database hiccups
            logging.getLogger(__name__).warning("outbox depth could not be read", exc_info=True)
            depth = -1
        yield GaugeMetricFamily("coach_outbox_depth", "Slack messages waiting to be sent (-1: not readable)",
                                value=depth)


class ErrorCounter(logging.Handler):
    """Counts every log record at ERROR or above (unexpected listener errors, failed closers …)."""

    def __init__(self, metrics: Metrics) -> None:
        super().__init__(level=logging.ERROR)
        self.metrics = metrics

    def emit(self, record: logging.LogRecord) -> None:
        self.metrics.error("log")


def prepare_multiprocess(directory: str) -> None:
    """Before the workers start (and before prometheus_client is imported): a clean samples directory."""
    os.makedirs(directory, exist_ok=True)
    for name in os.listdir(directory):
        if name.endswith(".db"):
            os.remove(os.path.join(directory, name))
    os.environ[MULTIPROC_ENV] = directory


def worker_gone(pid: int) -> None:
    if os.environ.get(MULTIPROC_ENV):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(pid)
