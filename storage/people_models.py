"""The people directory: Slack users' names as Slack gives them (users.info), fetched once and kept,
so authors and mentions are shown by name ("Bo Ekström") rather than as ids or handles."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from storage.models import NAME, USER_ID, utcnow


class Person(SQLModel, table=True):
    __tablename__ = "person"
    user_id: str = Field(primary_key=True, max_length=USER_ID)
    real_name: str | None = Field(default=None, max_length=NAME)
    display_name: str | None = Field(default=None, max_length=NAME)
    tz: str | None = Field(default=None, max_length=64)
    locale: str | None = Field(default=None, max_length=32)
    fetched_at: datetime = Field(default_factory=utcnow)

    @property
    def name(self) -> str:
        """How people are shown: the real name, else the display name, else the id."""
        return (self.real_name or "").strip() or (self.display_name or "").strip() or self.user_id
