"""Slack-only tables: the thread each step of a process has in the process channel, the bot messages
that show a question or gate there, and thread replies waiting for their author's «Spara som svar»."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Text, UniqueConstraint
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


class PostedMessage(SQLModel, table=True):
    """A bot message in a step thread that shows one thing of a process, so it can be updated in place
    instead of posting anew: a question (`kind` "question", `key` its id) or a gate prompt ("gate", the
    step number). A gate prompt is posted once; its row says it was."""

    __tablename__ = "slack_posted_message"
    __table_args__ = (UniqueConstraint("process_id", "kind", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    process_id: int = Field(foreign_key="process.id", index=True)
    kind: str = Field(max_length=16)
    key: str = Field(max_length=64)
    channel_id: str = Field(max_length=32)
    ts: str = Field(max_length=32)
    created_at: datetime = Field(default_factory=utcnow)


class ReplyDraft(SQLModel, table=True):
    """A person's reply in a step thread, kept whole, offered to its author as the answer to `question_id`
    («Spara som svar på …?»). `status`: received (kept before Slack was acknowledged, offer not yet sent),
    pending (offered), saved (stored as an answer) or discussion (kept as talk); a non-member's is deleted.
    `question_ts` is the question message the reply came under: the question its author saw."""

    __tablename__ = "slack_reply_draft"
    __table_args__ = (UniqueConstraint("channel_id", "ts"),)
    id: int | None = Field(default=None, primary_key=True)
    process_id: int = Field(foreign_key="process.id", index=True)
    question_id: str = Field(max_length=64)
    user_id: str = Field(max_length=32)
    channel_id: str = Field(max_length=32)
    ts: str = Field(max_length=32)
    thread_ts: str = Field(max_length=32)
    text: str = Field(sa_type=Text)
    status: str = Field(default="pending", max_length=16)
    question_ts: str | None = Field(default=None, max_length=32)
    created_at: datetime = Field(default_factory=utcnow)


class ShownMessage(SQLModel, table=True):
    """Every bot message that showed a question ("question", its id) or a gate ("gate", the step) in a step
    thread, never moved: a reply belongs to the newest one older than itself (Slack ts are ordered)."""

    __tablename__ = "slack_shown_message"
    __table_args__ = (UniqueConstraint("channel_id", "ts"),)
    id: int | None = Field(default=None, primary_key=True)
    process_id: int = Field(foreign_key="process.id", index=True)
    channel_id: str = Field(max_length=32)
    thread_ts: str = Field(max_length=32, index=True)
    ts: str = Field(max_length=32)
    kind: str = Field(max_length=16)
    key: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow)


class PromptClaim(SQLModel, table=True):
    """Who is showing a process's next question (or gate prompt) in Slack at this moment. One sender at a time
    across processes and replicas: two answers stored at the same moment both ask for the next question, and
    the second sender, once the first is done, finds it shown. `until` ends the claim of a sender that died;
    `owner` names the sending call (its outbox mark), which may take its own claim again when retried."""

    __tablename__ = "slack_prompt_claim"
    process_id: int = Field(foreign_key="process.id", primary_key=True)
    owner: str = Field(max_length=64)
    until: datetime
