"""Two writers at once: no answer version is lost, no Slack delivery handled twice."""

from __future__ import annotations

import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor

import pytest
from sqlalchemy import Engine, event, func
from sqlmodel import Session, select

import storage.repository._common as common
from storage import (
    StorageError,
    answer_history,
    append_answer,
    audit,
    create_process,
    list_audit,
    remember_delivery,
    session_scope,
)
from storage.models import AnswerVersion


@pytest.fixture
def process_id(engine: Engine) -> int:
    with session_scope(engine) as session:
        process = create_process(session, name="Samtidigt", flow_id="f", flow_version=1, created_by="U1")
    assert process.id is not None
    return process.id


@pytest.fixture
def conflicts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Counts unique-constraint conflicts seen by the versioned-append retry loop."""
    seen: list[str] = []
    original = common.insert_unique

    def counting(session: Session, row: common.Row) -> bool:
        stored = original(session, row)
        if not stored:
            seen.append(type(row).__name__)
        return stored

    monkeypatch.setattr(common, "insert_unique", counting)
    return seen


def _watch_other_threads_writes(engine: Engine) -> threading.Event:
    """SQLite: an event set when a thread other than this one starts its BEGIN IMMEDIATE (sqlite3's trace
    callback runs as the statement starts, before it waits on the write lock)."""
    started, here = threading.Event(), threading.get_ident()

    def on_checkout(dbapi_connection, _record, _proxy) -> None:
        if threading.get_ident() != here and hasattr(dbapi_connection, "set_trace_callback"):
            dbapi_connection.set_trace_callback(lambda sql: sql.startswith("BEGIN IMMEDIATE") and started.set())

    event.listen(engine, "checkout", on_checkout)
    return started


def _wait_until_blocked(engine: Engine, background: Future[None], started: threading.Event) -> None:
    """Wait until the other writer is blocked: on SQLite until it has started its write transaction (it can
    only wait there while ours holds the lock), on PostgreSQL until a backend waits on a lock."""
    if engine.dialect.name != "postgresql":
        assert started.wait(10), "the second writer never started"
        assert not background.done(), "the second writer did not wait for the first"
        return
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and not background.done():
        with engine.connect() as connection:
            waiting = connection.exec_driver_sql(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                "AND datname = current_database()").scalar()
        if waiting:
            return
        time.sleep(0.02)  # polling the condition above
    raise AssertionError("the second writer never blocked")


def test_two_sessions_append_same_question(engine: Engine, process_id: int, conflicts: list[str]) -> None:
    versions: dict[str, int] = {}
    first = Session(engine, expire_on_commit=False)
    versions["first"] = append_answer(first, process_id=process_id, question_id="q", value={"text": "A"},
                                      author="U1", via="slack_thread").version  # not yet committed

    def second() -> None:
        with session_scope(engine) as session:
            versions["second"] = append_answer(session, process_id=process_id, question_id="q",
                                               value={"text": "B"}, author="U2", via="slack_modal").version

    started = _watch_other_threads_writes(engine)
    with ThreadPoolExecutor(1) as pool:
        background = pool.submit(second)
        _wait_until_blocked(engine, background, started)
        first.commit()
        first.close()
        background.result(timeout=15)
    assert versions == {"first": 1, "second": 2}
    # The second writer queued (PostgreSQL: process row lock; SQLite: write lock), so no retry was needed.
    assert conflicts == []
    with session_scope(engine) as session:
        history = answer_history(session, process_id=process_id, question_id="q")
    assert [(a.version, a.value, a.author) for a in history] == [(1, {"text": "A"}, "U1"),
                                                                 (2, {"text": "B"}, "U2")]


def test_version_conflict_is_retried_in_a_savepoint(engine: Engine, process_id: int,
                                                    conflicts: list[str]) -> None:
    """A stale max (what a racing writer sees) hits the unique constraint; the retry reads a fresh one."""
    with session_scope(engine) as session:
        append_answer(session, process_id=process_id, question_id="q", value={"n": 1}, author="U1", via="cli")
    with session_scope(engine) as session:
        audit(session, process_id=process_id, actor="U2", action="before_conflict")
        reads = iter([0])  # first read is stale: version 1 is already taken

        def current_max() -> int | None:
            return next(reads, None) if reads.__length_hint__() else _max_version(session, process_id)

        row = common.append_versioned(session, current_max=current_max, build=lambda version: AnswerVersion(
            process_id=process_id, question_id="q", version=version, value={"n": 2}, author="U2", via="cli"))
    assert (row.version, conflicts) == (2, ["AnswerVersion"])
    with session_scope(engine) as session:
        history = answer_history(session, process_id=process_id, question_id="q")
        assert [(a.version, a.value) for a in history] == [(1, {"n": 1}), (2, {"n": 2})]
        assert "before_conflict" in [e.action for e in list_audit(session, process_id=process_id)]


def test_endless_conflicts_give_swedish_error(engine: Engine, process_id: int,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(common, "BACKOFF_SECONDS", 0)
    with session_scope(engine) as session:
        append_answer(session, process_id=process_id, question_id="q", value={}, author="U1", via="cli")
    with pytest.raises(StorageError, match="Försök igen"), session_scope(engine) as session:
        common.append_versioned(session, current_max=lambda: 0, build=lambda version: AnswerVersion(
            process_id=process_id, question_id="q", version=version, value={}, author="U2", via="cli"))


def _max_version(session: Session, process_id: int) -> int | None:
    return session.exec(select(func.max(AnswerVersion.version)).where(
        AnswerVersion.process_id == process_id)).one()


def test_many_threads_append_without_loss(engine: Engine, process_id: int) -> None:
    threads, per_thread = 3, 8
    start = threading.Barrier(threads)

    def worker(n: int) -> list[int]:
        start.wait()
        out = []
        for i in range(per_thread):
            with session_scope(engine) as session:
                out.append(append_answer(session, process_id=process_id, question_id="q",
                                         value={"writer": n, "i": i}, author=f"U{n}", via="cli").version)
        return out

    with ThreadPoolExecutor(threads) as pool:
        results = list(pool.map(worker, range(threads)))
    assert sorted(v for r in results for v in r) == list(range(1, threads * per_thread + 1))
    with session_scope(engine) as session:
        history = answer_history(session, process_id=process_id, question_id="q")
    assert sorted((a.value["writer"], a.value["i"]) for a in history) == sorted(
        (n, i) for n in range(threads) for i in range(per_thread))


def test_same_delivery_twice_at_once(engine: Engine) -> None:
    results: dict[str, bool] = {}
    first = Session(engine)
    results["first"] = remember_delivery(first, key="Ev1")

    def second() -> None:
        with session_scope(engine) as session:
            results["second"] = remember_delivery(session, key="Ev1")

    started = _watch_other_threads_writes(engine)
    with ThreadPoolExecutor(1) as pool:
        background = pool.submit(second)
        _wait_until_blocked(engine, background, started)
        first.commit()
        first.close()
        background.result(timeout=15)
    assert results == {"first": True, "second": False}
