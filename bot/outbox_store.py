"""The Slack outbox's rows (storage/repository/outbox.py) behind one service: the adapter's `Outbox`
(bot.slack.outbox) decides what to send and when; this keeps what is waiting, who holds it and what was
sent, each in its own short transaction — or in the caller's, for rows written with the answer they show."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine

from storage.db import session_scope
from storage.models import utcnow
from storage.repository import outbox as repo
from storage.repository.outbox import Claimed

__all__ = ["Claimed", "OutboxStore"]


class OutboxStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @staticmethod
    def now() -> datetime:
        return utcnow()

    @staticmethod
    def put_in(session: Any, calls: Iterable[tuple[str, str, dict[str, Any]]], *, lease: float) -> list[Claimed]:
        """Write (key, method, args) calls in the caller's open transaction, held by the caller for `lease` s."""
        due = utcnow() + timedelta(seconds=lease)
        return [repo.put_call(session, key=key, method=method, args=args, due=due) for key, method, args in calls]

    def put(self, calls: Iterable[tuple[str, str, dict[str, Any]]], *, lease: float) -> list[Claimed]:
        with session_scope(self.engine) as session:
            return self.put_in(session, calls, lease=lease)

    def claim_due(self, *, lease: float, limit: int) -> list[Claimed]:
        with session_scope(self.engine) as session:
            return repo.claim_due(session, now=utcnow(), lease=timedelta(seconds=lease), limit=limit)

    def mark_sent(self, call: Claimed) -> None:
        with session_scope(self.engine) as session:
            repo.mark_sent(session, call_id=call.id, revision=call.revision, now=utcnow())

    def give_back(self, dropped: list[tuple[Claimed, Exception]], waiting: list[tuple[Claimed, float]],
                  error: Exception | None) -> None:
        """Calls given up (kept, never due again) and calls due again after their wait (seconds)."""
        now = utcnow()
        with session_scope(self.engine) as session:
            for call, failure in dropped:
                repo.release(session, call_id=call.id, revision=call.revision, due=None, error=repr(failure))
            for call, wait in waiting:
                repo.release(session, call_id=call.id, revision=call.revision, due=now + timedelta(seconds=wait),
                             error=repr(error))

    def any_waiting(self) -> bool:
        with session_scope(self.engine) as session:
            return repo.any_waiting(session)

    def purge_sent(self, keep: timedelta) -> int:
        with session_scope(self.engine) as session:
            return repo.purge_sent(session, before=utcnow() - keep)
