"""Slack-only tables: the thread each step of a process has in the process channel."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.models import utcnow


class StepThread(SQLModel, table=True):
    """Step `step_number` of a process is discussed under the parent message `thread_ts` in `channel_id`.

    `message_ts` is the newest question posted inside the thread (its buttons are retired when answered).
    """

    __tablename__ = "slack_step_thread"
    __table_args__ = (UniqueConstraint("process_id", "step_number"),)
    id: int | None = Field(default=None, primary_key=True)
    process_id: int = Field(foreign_key="process.id", index=True)
    step_number: int = Field(ge=1)
    channel_id: str = Field(max_length=32)
    thread_ts: str = Field(max_length=32, index=True)
    message_ts: str | None = Field(default=None, max_length=32)
    created_at: datetime = Field(default_factory=utcnow)
