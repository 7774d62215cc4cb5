"""Step threads: which Slack thread holds which step of a process."""

from __future__ import annotations

from sqlmodel import Session, select

import storage.slack_models  # noqa: F401  (registers the table on SQLModel.metadata for Alembic)
from storage.repository._common import insert_unique
from storage.slack_models import StepThread


def get_step_thread(session: Session, *, process_id: int, step_number: int) -> StepThread | None:
    statement = select(StepThread).where(StepThread.process_id == process_id,
                                         StepThread.step_number == step_number)
    return session.exec(statement).first()


def find_step_thread(session: Session, *, channel_id: str, thread_ts: str) -> StepThread | None:
    statement = select(StepThread).where(StepThread.channel_id == channel_id, StepThread.thread_ts == thread_ts)
    return session.exec(statement).first()


def list_step_threads(session: Session, *, process_id: int) -> list[StepThread]:
    statement = select(StepThread).where(StepThread.process_id == process_id).order_by(StepThread.step_number)
    return list(session.exec(statement).all())


def claim_step_thread(session: Session, *, process_id: int, step_number: int, channel_id: str,
                      thread_ts: str) -> tuple[StepThread, bool]:
    """Record a new step thread. (existing row, False) when another request recorded one first."""
    row = StepThread(process_id=process_id, step_number=step_number, channel_id=channel_id, thread_ts=thread_ts)
    if insert_unique(session, row):
        return row, True
    existing = get_step_thread(session, process_id=process_id, step_number=step_number)
    assert existing is not None
    return existing, False


def set_thread_message(session: Session, *, process_id: int, step_number: int, message_ts: str | None) -> None:
    """Remember the newest question message in a step thread."""
    row = get_step_thread(session, process_id=process_id, step_number=step_number)
    if row is not None:
        row.message_ts = message_ts
        session.add(row)
        session.flush()
