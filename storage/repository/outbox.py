"""The Slack outbox (storage/outbox_models.py): put a call, claim what is due, mark it sent or due again.

Claiming moves `next_attempt_at` forward by a lease inside the claiming transaction, under
`SELECT … FOR UPDATE SKIP LOCKED` on PostgreSQL (SQLite's single writer serialises claims), so two
senders never hold the same row; a sender that dies leaves its rows due again when the lease ends."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from storage.outbox_models import OutboxCall
from storage.repository._common import insert_unique


@dataclass(frozen=True)
class Claimed:
    id: int
    revision: int
    key: str
    method: str
    args: dict[str, Any]
    attempts: int


def _claimed(row: OutboxCall) -> Claimed:
    assert row.id is not None
    return Claimed(row.id, row.revision, row.key, row.method, json.loads(row.args), row.attempts)


def put_call(session: Session, *, key: str, method: str, args: dict[str, Any], due: datetime) -> Claimed:
    """Add the call under `key`, or replace a row with that key (its newest version: revision + 1, sent
    again). `due` in the future claims it for the caller, who sends it at once.

    A key seen before (a question answered again) is one UPDATE; only a new key is inserted. Trying the
    INSERT first cost five statements per existing key (savepoint, failed insert, rollback, read, update)
    inside the answer's transaction, before a modal submission's ack, and a logged error on PostgreSQL."""
    body = json.dumps(args, ensure_ascii=False)
    replaced = _replace(session, key=key, method=method, body=body, due=due)
    if replaced is not None:
        return replaced
    row = OutboxCall(key=key, method=method, args=body, next_attempt_at=due, attempts=1)
    if insert_unique(session, row):
        return _claimed(row)
    replaced = _replace(session, key=key, method=method, body=body, due=due)  # inserted meanwhile by another
    if replaced is None:  # pragma: no cover  (a unique violation names a row that exists)
        raise RuntimeError(f"outbox key {key!r} neither inserted nor found")
    return replaced


def _replace(session: Session, *, key: str, method: str, body: str, due: datetime) -> Claimed | None:
    """The row under `key` replaced by this call (revision + 1, locked until commit), or None if none."""
    statement = (update(OutboxCall).where(col(OutboxCall.key) == key)
                 .values(method=method, args=body, revision=col(OutboxCall.revision) + 1, attempts=1,
                         next_attempt_at=due, sent_at=None, error=None)
                 .returning(col(OutboxCall.id), col(OutboxCall.revision))
                 .execution_options(synchronize_session=False))
    found = session.exec(statement).first()  # type: ignore[call-overload]
    if found is None:
        return None
    return Claimed(found[0], found[1], key, method, json.loads(body), 1)


def claim_due(session: Session, *, now: datetime, lease: timedelta, limit: int = 20) -> list[Claimed]:
    """The oldest due calls (in the order they were put), claimed for `lease`."""
    statement = (select(OutboxCall).where(col(OutboxCall.sent_at).is_(None), OutboxCall.next_attempt_at <= now)
                 .order_by(col(OutboxCall.id)).limit(limit).with_for_update(skip_locked=True))
    rows = list(session.exec(statement).all())
    for row in rows:
        row.next_attempt_at, row.attempts = now + lease, row.attempts + 1
        session.add(row)
    session.flush()
    return [_claimed(row) for row in rows]


def mark_sent(session: Session, *, call_id: int, revision: int, now: datetime) -> bool:
    """Sent. False when a newer version replaced the row meanwhile (it stays pending)."""
    statement = (update(OutboxCall).where(col(OutboxCall.id) == call_id, col(OutboxCall.revision) == revision)
                 .values(sent_at=now))
    return session.exec(statement).rowcount == 1  # type: ignore[call-overload]


def release(session: Session, *, call_id: int, revision: int, due: datetime | None, error: str | None) -> None:
    """Due again at `due` (None: given up), unless a newer version replaced it meanwhile."""
    statement = (update(OutboxCall).where(col(OutboxCall.id) == call_id, col(OutboxCall.revision) == revision)
                 .values(next_attempt_at=due, error=(error or "")[:200] or None))
    session.exec(statement)  # type: ignore[call-overload]


def any_waiting(session: Session) -> bool:
    """True while some call is neither sent nor given up."""
    statement = select(OutboxCall.id).where(col(OutboxCall.sent_at).is_(None),
                                            col(OutboxCall.next_attempt_at).is_not(None)).limit(1)
    return session.exec(statement).first() is not None


def pending_calls(session: Session) -> list[OutboxCall]:
    """Every call not sent yet (including those given up), oldest first."""
    statement = select(OutboxCall).where(col(OutboxCall.sent_at).is_(None)).order_by(col(OutboxCall.id))
    return list(session.exec(statement).all())


def purge_sent(session: Session, *, before: datetime) -> int:
    """Forget calls sent before `before`."""
    statement = delete(OutboxCall).where(col(OutboxCall.sent_at).is_not(None), col(OutboxCall.sent_at) < before)
    return session.exec(statement).rowcount  # type: ignore[call-overload]
