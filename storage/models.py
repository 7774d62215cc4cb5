"""Tables, in the full-stack-fastapi-template style: *Base (shared fields) → table → *Public.

All timestamps are timezone-aware UTC (SQLModel's UTCDateTime). JSON columns hold the typed answers
as `model_dump(mode="json")` dicts; storage does not import the flow models.
Answer versions and gate decisions are append-only: the repository has no update or delete for them.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal, get_args

from sqlalchemy import JSON, CheckConstraint, Index, String, UniqueConstraint, text
from sqlmodel import Field, SQLModel

Role = Literal["koordinator", "projektledare", "medlem"]
ROLES: tuple[str, ...] = get_args(Role)
Via = Literal["terminal", "slack_thread", "slack_modal", "cli", "import"]
VIAS: tuple[str, ...] = get_args(Via)

# Deterministic constraint names: needed by Alembic batch mode on SQLite and for later migrations.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

USER_ID = 64  # Slack user ids, "cli:<login>", …
NAME = 200


def utcnow() -> datetime:
    return datetime.now(UTC)


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


# ---------------------------------------------------------------- workspace

class WorkspaceBase(SQLModel):
    slack_team_id: str | None = Field(default=None, max_length=32, unique=True)
    name: str = Field(max_length=NAME)


class Workspace(WorkspaceBase, table=True):
    __tablename__ = "workspace"
    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow)


# ---------------------------------------------------------------- process

class ProcessBase(SQLModel):
    name: str = Field(max_length=NAME)
    flow_id: str = Field(max_length=100)
    flow_version: int
    channel_id: str | None = Field(default=None, max_length=32, index=True)
    current_step: int = 1
    cursor: str | None = Field(default=None, max_length=NAME, description="id of the question being asked")
    language: str = Field(default="sv", max_length=8)
    created_by: str = Field(max_length=USER_ID)
    archived: bool = False


class Process(ProcessBase, table=True):
    __tablename__ = "process"
    __table_args__ = (
        UniqueConstraint("workspace_id", "name"),
        # NULL workspace_id never collides in a unique constraint; a partial index covers it.
        Index("uq_process_name_without_workspace", "name", unique=True,
              sqlite_where=text("workspace_id IS NULL"), postgresql_where=text("workspace_id IS NULL")),
    )
    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int | None = Field(default=None, foreign_key="workspace.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)


class ProcessPublic(ProcessBase):
    id: int
    workspace_id: int | None
    created_at: datetime


# ---------------------------------------------------------------- member

class MemberBase(SQLModel):
    user_id: str = Field(max_length=USER_ID)
    display_name: str = Field(max_length=NAME)
    role: Role = Field(default="medlem", sa_type=String(20))
    added_by: str = Field(max_length=USER_ID)


class Member(MemberBase, table=True):
    __tablename__ = "member"
    __table_args__ = (
        UniqueConstraint("process_id", "user_id"),
        CheckConstraint(_in("role", ROLES), name="role"),
    )
    id: int | None = Field(default=None, primary_key=True)
    process_id: int = Field(foreign_key="process.id", index=True)
    added_at: datetime = Field(default_factory=utcnow)


class MemberPublic(MemberBase):
    id: int
    process_id: int
    added_at: datetime


# ---------------------------------------------------------------- answers (append-only)

class AnswerVersionBase(SQLModel):
    question_id: str = Field(max_length=NAME)
    version: int = Field(ge=1)
    value: dict[str, Any] | None = Field(default=None, sa_type=JSON(none_as_null=True))
    skipped: bool = False
    warnings: list[str] = Field(default_factory=list, sa_type=JSON)
    author: str = Field(max_length=USER_ID)
    via: Via = Field(sa_type=String(20))


class AnswerVersion(AnswerVersionBase, table=True):
    __tablename__ = "answer_version"
    __table_args__ = (
        UniqueConstraint("process_id", "question_id", "version"),
        CheckConstraint(_in("via", VIAS), name="via"),
    )
    id: int | None = Field(default=None, primary_key=True)
    process_id: int = Field(foreign_key="process.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)
    # What its author was shown: 'message:<channel>:<ts>' of the question message a thread reply came
    # under, or 'view:<id>' of the modal. Slack-local, so not part of the export format.
    origin: str | None = Field(default=None, max_length=100)


class AnswerVersionPublic(AnswerVersionBase):
    id: int
    process_id: int
    created_at: datetime


# ---------------------------------------------------------------- gate decisions (append-only)

class GateDecisionBase(SQLModel):
    step_number: int = Field(ge=1)
    version: int = Field(ge=1)
    value: dict[str, Any] = Field(sa_type=JSON, description="GateDecision fields: forum, date, text, …")
    unmet: list[str] = Field(default_factory=list, sa_type=JSON,
                             description="gate criteria not met when the decision was recorded")
    author: str = Field(max_length=USER_ID)
    via: Via = Field(sa_type=String(20))


class GateDecisionRecord(GateDecisionBase, table=True):
    __tablename__ = "gate_decision"
    __table_args__ = (
        UniqueConstraint("process_id", "step_number", "version"),
        CheckConstraint(_in("via", VIAS), name="via"),
    )
    id: int | None = Field(default=None, primary_key=True)
    process_id: int = Field(foreign_key="process.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)


# ---------------------------------------------------------------- audit log

class AuditEventBase(SQLModel):
    actor: str = Field(max_length=USER_ID)
    action: str = Field(max_length=64)
    detail: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)


class AuditEvent(AuditEventBase, table=True):
    __tablename__ = "audit_event"
    id: int | None = Field(default=None, primary_key=True)
    process_id: int | None = Field(default=None, foreign_key="process.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)


# ---------------------------------------------------------------- Slack idempotency

class SlackDelivery(SQLModel, table=True):
    __tablename__ = "slack_delivery"
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=NAME, unique=True)
    received_at: datetime = Field(default_factory=utcnow)
