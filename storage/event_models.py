"""Domain events the app reads back: which guide passages were shown for a question (the underlag cites
them) and what a step summary showed (the next one says what changed since). The audit log records who did
what and is never read by the app; these rows are the app's own data and travel with an export."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import JSON, Field, SQLModel

from storage.models import USER_ID, utcnow

GUIDANCE_SHOWN = "guidance_shown"
SUMMARY_POSTED = "summary_posted"
EVENT_KINDS = (GUIDANCE_SHOWN, SUMMARY_POSTED)


class ProcessEventBase(SQLModel):
    kind: str = Field(max_length=32)
    actor: str = Field(max_length=USER_ID)
    detail: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)


class ProcessEvent(ProcessEventBase, table=True):
    __tablename__ = "process_event"
    id: int | None = Field(default=None, primary_key=True)
    process_id: int = Field(foreign_key="process.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)
