"""ABCDE reporting tables: the schedule of a process, skipped periods, report versions (append-only),
reminder dispatches (one row per schedule, person, period and kind: the exactly-once guarantee) and
where a report was posted in Slack."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.models import NAME, USER_ID, VIAS, _in, utcnow

CADENCES = ("weekly", "biweekly", "monthly")
TARGETS = ("channel", "thread")
KINDS = ("reminder", "nudge")
STATUSES = ("claimed", "sent", "failed")


class AbcdeSchedule(SQLModel, table=True):
    __tablename__ = "abcde_schedule"
    __table_args__ = (
        CheckConstraint(_in("cadence", CADENCES), name="cadence"),
        CheckConstraint(_in("target", TARGETS), name="target"),
    )
    id: int | None = Field(default=None, primary_key=True)
    process_id: int = Field(foreign_key="process.id", unique=True)
    cadence: str = Field(sa_type=String(16))
    weekday: int = Field(ge=0, le=6)
    at_time: str = Field(max_length=5, description="local HH:MM")
    timezone: str = Field(default="Europe/Stockholm", max_length=64)
    anchor: date = Field(description="biweekly: due in this date's week and every second week after")
    target: str = Field(default="channel", sa_type=String(16))
    channel_id: str | None = Field(default=None, max_length=32, description="None: the process channel")
    thread_ts: str | None = Field(default=None, max_length=32, description="the ABCDE thread, once started")
    reporters: list[str] = Field(default_factory=list, sa_type=JSON, description="empty: the projektledare")
    nudge_hours: int = Field(default=24, ge=1)
    paused: bool = False
    active_from: datetime = Field(default_factory=utcnow, description="no reminders for earlier periods")
    set_by: str = Field(max_length=USER_ID)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class AbcdeSkip(SQLModel, table=True):
    __tablename__ = "abcde_skip"
    __table_args__ = (UniqueConstraint("schedule_id", "period_key"),)
    id: int | None = Field(default=None, primary_key=True)
    schedule_id: int = Field(foreign_key="abcde_schedule.id", index=True)
    period_key: str = Field(max_length=10)
    created_by: str = Field(max_length=USER_ID)
    created_at: datetime = Field(default_factory=utcnow)


class AbcdeReportVersion(SQLModel, table=True):
    """One saved version of one person's report for one period. Never updated or deleted."""

    __tablename__ = "abcde_report_version"
    __table_args__ = (
        UniqueConstraint("process_id", "period_key", "author", "version"),
        CheckConstraint(_in("via", VIAS), name="via"),
    )
    id: int | None = Field(default=None, primary_key=True)
    process_id: int = Field(foreign_key="process.id", index=True)
    period_key: str = Field(max_length=10)
    period_start: datetime
    period_end: datetime
    author: str = Field(max_length=USER_ID)
    version: int = Field(ge=1)
    value: dict[str, Any] = Field(sa_type=JSON, description="AbcdeReport fields")
    via: str = Field(sa_type=String(20))
    created_at: datetime = Field(default_factory=utcnow)


class AbcdeDispatch(SQLModel, table=True):
    """A reminder or nudge claimed (inserted) before it is sent: the unique key makes it once-only."""

    __tablename__ = "abcde_dispatch"
    __table_args__ = (
        UniqueConstraint("schedule_id", "user_id", "period_key", "kind"),
        CheckConstraint(_in("kind", KINDS), name="kind"),
        CheckConstraint(_in("status", STATUSES), name="status"),
    )
    id: int | None = Field(default=None, primary_key=True)
    schedule_id: int = Field(foreign_key="abcde_schedule.id", index=True)
    user_id: str = Field(max_length=USER_ID)
    period_key: str = Field(max_length=10)
    kind: str = Field(sa_type=String(16))
    status: str = Field(default="claimed", sa_type=String(16))
    instance: str = Field(default="", max_length=NAME, description="who claimed it (host:pid)")
    channel_id: str | None = Field(default=None, max_length=32)
    message_ts: str | None = Field(default=None, max_length=32)
    error: str | None = Field(default=None, max_length=NAME)
    created_at: datetime = Field(default_factory=utcnow)


class AbcdePost(SQLModel, table=True):
    """Where a person's report for a period was posted, so a new version updates the same message."""

    __tablename__ = "abcde_post"
    __table_args__ = (UniqueConstraint("process_id", "period_key", "author"),)
    id: int | None = Field(default=None, primary_key=True)
    process_id: int = Field(foreign_key="process.id", index=True)
    period_key: str = Field(max_length=10)
    author: str = Field(max_length=USER_ID)
    channel_id: str | None = Field(default=None, max_length=32)
    message_ts: str | None = Field(default=None, max_length=32)
    created_at: datetime = Field(default_factory=utcnow)
