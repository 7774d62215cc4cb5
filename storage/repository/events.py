"""Domain events of a process (storage.event_models): recorded by the service, read back oldest first."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from storage.event_models import ProcessEvent


def record_event(session: Session, *, process_id: int, kind: str, actor: str,
                 detail: dict[str, Any] | None = None) -> ProcessEvent:
    event = ProcessEvent(process_id=process_id, kind=kind, actor=actor, detail=dict(detail or {}))
    session.add(event)
    session.flush()
    return event


def list_events(session: Session, *, process_id: int, kind: str) -> list[ProcessEvent]:
    statement = (select(ProcessEvent).where(ProcessEvent.process_id == process_id, ProcessEvent.kind == kind)
                 .order_by(col(ProcessEvent.created_at), col(ProcessEvent.id)))
    return list(session.exec(statement).all())
