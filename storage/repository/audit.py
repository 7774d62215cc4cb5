"""The audit log and processed Slack deliveries."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from storage.models import AuditEvent, SlackDelivery
from storage.repository._common import insert_unique


def audit(session: Session, *, process_id: int | None, actor: str, action: str,
          detail: dict[str, Any] | None = None) -> AuditEvent:
    event = AuditEvent(process_id=process_id, actor=actor, action=action, detail=dict(detail or {}))
    session.add(event)
    session.flush()
    return event


def list_audit(session: Session, *, process_id: int | None, limit: int | None = None,
               action: str | None = None) -> list[AuditEvent]:
    """Events of a process (None: events not tied to a process), oldest first; `limit` keeps the newest;
    `action` keeps only events of that action."""
    where = (col(AuditEvent.process_id).is_(None) if process_id is None
             else AuditEvent.process_id == process_id)
    statement = select(AuditEvent).where(where)
    if action is not None:
        statement = statement.where(AuditEvent.action == action)
    statement = statement.order_by(col(AuditEvent.created_at).desc(), col(AuditEvent.id).desc())
    if limit is not None:
        statement = statement.limit(limit)
    return list(reversed(session.exec(statement).all()))


def remember_delivery(session: Session, *, key: str) -> bool:
    """True the first time a Slack delivery key is seen, False after (race-safe via the unique key)."""
    seen = session.exec(select(SlackDelivery.id).where(SlackDelivery.key == key)).first()
    if seen is not None:
        return False
    return insert_unique(session, SlackDelivery(key=key))
