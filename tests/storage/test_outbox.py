"""The Slack outbox's table (migration 0006_outbox) and repository, on SQLite and PostgreSQL: a call is
claimed by one sender at a time, sent once, replaced by its newer version, and due again after a crash."""

from __future__ import annotations

import threading
from datetime import timedelta

from sqlalchemy import Engine, event

from storage.db import session_scope
from storage.models import utcnow
from storage.repository.outbox import claim_due, mark_sent, pending_calls, purge_sent, put_call, release

LEASE = timedelta(seconds=60)


def test_a_call_put_and_claimed_by_its_sender_is_not_due_until_released(engine: Engine) -> None:
    now = utcnow()
    with session_scope(engine) as session:
        mine = put_call(session, key="confirm:1:q1", method="chat.update", args={"ts": "1.1", "text": "Å"},
                        due=now + LEASE)
    with session_scope(engine) as session:
        assert claim_due(session, now=now, lease=LEASE) == []  # the sender that put it is sending it
        release(session, call_id=mine.id, revision=mine.revision, due=now, error="ConnectionResetError()")
    with session_scope(engine) as session:
        again = claim_due(session, now=now, lease=LEASE)
        assert [(c.key, c.args, c.attempts) for c in again] == [("confirm:1:q1", {"ts": "1.1", "text": "Å"}, 2)]
        assert mark_sent(session, call_id=again[0].id, revision=again[0].revision, now=now)
    with session_scope(engine) as session:
        assert pending_calls(session) == [] and claim_due(session, now=now + 2 * LEASE, lease=LEASE) == []


def test_a_newer_version_replaces_the_call_and_the_older_send_does_not_mark_it_sent(engine: Engine) -> None:
    now = utcnow()
    with session_scope(engine) as session:
        old = put_call(session, key="parent:1:1", method="coach.parent", args={"n": 1}, due=now + LEASE)
    with session_scope(engine) as session:
        new = put_call(session, key="parent:1:1", method="coach.parent", args={"n": 2}, due=now)
    assert (new.id, new.revision) == (old.id, 2)
    with session_scope(engine) as session:
        assert not mark_sent(session, call_id=old.id, revision=old.revision, now=now)  # it sent n=1
        assert [(c.args, c.revision) for c in claim_due(session, now=now, lease=LEASE)] == [({"n": 2}, 2)]
    with session_scope(engine) as session:  # once sent, the key is used again for the next version
        assert mark_sent(session, call_id=new.id, revision=2, now=now)
        third = put_call(session, key="parent:1:1", method="coach.parent", args={"n": 3}, due=now)
        assert third.revision == 3 and len(pending_calls(session)) == 1


def test_a_call_put_again_under_its_key_is_one_statement(engine: Engine) -> None:
    """A modal submission puts its confirmation rows inside the answer's transaction, before its ack: a key
    seen before is one UPDATE, not a savepoint, a failed INSERT, a rollback, a read and an update."""
    now = utcnow()
    with session_scope(engine) as session:
        first = put_call(session, key="confirm:1:q1", method="chat.update", args={"n": 1}, due=now + LEASE)
    statements: list[str] = []

    def count(conn, cursor, statement, *_: object) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        with session_scope(engine) as session:
            statements.clear()
            again = put_call(session, key="confirm:1:q1", method="chat.update", args={"n": 2}, due=now + LEASE)
            assert len([s for s in statements if not s.upper().startswith(("SET ", "PRAGMA", "BEGIN"))]) == 1
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert (again.id, again.revision, again.args, again.attempts) == (first.id, 2, {"n": 2}, 1)


def test_two_senders_never_claim_the_same_call(engine: Engine) -> None:
    """PostgreSQL: the second claim skips the rows the first holds (FOR UPDATE SKIP LOCKED) and gets the
    rest at once; SQLite: it waits for the first writer, then finds the first six leased."""
    now = utcnow()
    with session_scope(engine) as session:
        for n in range(10):
            put_call(session, key=f"k{n}", method="chat.postMessage", args={"n": n}, due=now)
    other: list = []
    with session_scope(engine) as session:
        first = claim_due(session, now=now, lease=LEASE, limit=6)
        thread = threading.Thread(target=lambda: other.extend(_claim(engine, now)))
        thread.start()
        thread.join(5 if engine.dialect.name == "postgresql" else 0.2)
        at_once = not thread.is_alive()  # PostgreSQL: answered while the first still holds its rows
    thread.join(10)
    assert at_once == (engine.dialect.name == "postgresql")
    claimed = [c.key for c in first] + [c.key for c in other]
    assert len(claimed) == len(set(claimed)) and len(first) == 6
    assert sorted(claimed) == sorted(f"k{n}" for n in range(10))  # the rest went to the other sender


def _claim(engine: Engine, now):
    with session_scope(engine) as session:
        return claim_due(session, now=now, lease=LEASE)


def test_a_sender_that_died_leaves_its_calls_due_when_the_lease_ends(engine: Engine) -> None:
    now = utcnow()
    with session_scope(engine) as session:
        put_call(session, key="prompt:1", method="coach.prompt", args={"p": 1}, due=now + LEASE)  # then kill -9
    with session_scope(engine) as session:
        assert claim_due(session, now=now + LEASE / 2, lease=LEASE) == []
        late = claim_due(session, now=now + LEASE + timedelta(seconds=1), lease=LEASE)
        assert [c.key for c in late] == ["prompt:1"]
        mark_sent(session, call_id=late[0].id, revision=late[0].revision, now=now)
        release(session, call_id=late[0].id, revision=late[0].revision + 1, due=now, error="stale")  # no effect
    with session_scope(engine) as session:
        assert pending_calls(session) == []
        assert purge_sent(session, before=now + timedelta(seconds=1)) == 1
