"""The Slack outbox: Web API calls (a confirmation, the next question) that must reach Slack but could not
yet. One row per `key` (what the call shows, e.g. the confirmation of one question): a newer version of the
same message replaces the row's arguments (`revision` + 1), so only the newest is sent."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.models import utcnow


class OutboxCall(SQLModel, table=True):
    """`method` is a Web API method or one of the app's own steps ("coach.prompt"); `args` its JSON.

    Pending while `sent_at` is empty. `next_attempt_at` is when it may be tried (a sender claims the row by
    moving it forward by a lease); empty once given up (`error` says why)."""

    __tablename__ = "slack_outbox"
    __table_args__ = (UniqueConstraint("key"),)
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=200)
    method: str = Field(max_length=64)
    args: str = Field(sa_type=Text)
    revision: int = Field(default=1)
    attempts: int = Field(default=0)
    created_at: datetime = Field(default_factory=utcnow)
    next_attempt_at: datetime | None = Field(default=None, index=True)
    sent_at: datetime | None = Field(default=None)
    error: str | None = Field(default=None, max_length=200)
