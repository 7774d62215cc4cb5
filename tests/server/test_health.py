"""/healthz and /readyz: alive unless stopping; ready only with the database reachable, the migrations
current and the guidance index loaded — and answered within 50 ms, even when the database hangs."""

from __future__ import annotations

import socket
import threading
import time

from sqlalchemy import Engine

from bot.server.health import BUDGET, Health
from guidance_corpus.readiness import Warmup
from storage.db import make_engine
from tests.slack.serve_process import wait_until


def test_ready_with_everything_in_place(engine: Engine) -> None:
    warmup = Warmup(lambda progress: None)
    warmup.mark_ready()
    status, answer = Health(engine, guidance=warmup).ready()
    assert (status, answer["status"]) == (200, "ready"), answer
    assert answer["checks"] == {"guidance": "ok", "database": "ok", "migrations": "ok"}


def test_not_ready_while_the_guidance_index_is_building(engine: Engine) -> None:
    release = threading.Event()

    def build(progress) -> None:
        progress(3, 10, "Vägledning")
        release.wait(10)

    warmup = Warmup(build)
    warmup.start()
    health = Health(engine, guidance=warmup)
    try:
        status, answer = health.ready()
        assert status == 503 and answer["checks"]["guidance"].startswith("building"), answer
        assert health.alive() == (200, {"status": "ok"})  # alive all the same: do not restart it
    finally:
        release.set()
    assert warmup.wait(10)
    assert health.ready()[0] == 200


def test_not_ready_before_the_migrations(tmp_path) -> None:
    fresh = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    try:
        health = Health(fresh)
        assert wait_until(lambda: health.ready()[1]["checks"]["database"] == "ok")  # the first probe connects
        status, answer = health.ready()
        assert status == 503 and answer["checks"]["migrations"] == "not migrated", answer
        assert answer["checks"]["database"] == "ok"
    finally:
        fresh.dispose()


def test_a_database_that_does_not_answer_is_reported_within_the_budget() -> None:
    """A server that accepts the connection and then says nothing (a hung database): not ready, at once."""
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    port = silent.getsockname()[1]
    hung = make_engine(f"postgresql+psycopg://coach@127.0.0.1:{port}/coach")
    health = Health(hung, heads=lambda: frozenset({"0005"}))
    try:
        for _ in range(3):
            started = time.perf_counter()
            status, answer = health.ready()
            took = time.perf_counter() - started
            assert status == 503 and answer["checks"]["database"] == "no answer within the deadline", answer
            assert took < BUDGET, took
    finally:
        health.close()
        silent.close()
        hung.dispose()


def test_stopping_is_neither_alive_nor_ready(engine: Engine) -> None:
    stopping = threading.Event()
    health = Health(engine, stopping=stopping)
    stopping.set()
    assert health.alive()[0] == 503
    status, answer = health.ready()
    assert status == 503 and answer["checks"]["server"] == "stopping"
