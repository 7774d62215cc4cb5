"""The people directory: names of Slack users, as users.info gave them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlmodel import Session, col, select

from storage.models import Member, utcnow
from storage.people_models import Person
from storage.repository._common import insert_unique


def get_people(session: Session, *, user_ids: Iterable[str]) -> dict[str, Person]:
    """The known people among `user_ids`, by id (unknown ids are left out)."""
    wanted = sorted({u for u in user_ids if u})
    if not wanted:
        return {}
    rows = session.exec(select(Person).where(col(Person.user_id).in_(wanted))).all()
    return {row.user_id: row for row in rows}


def people_names(session: Session, *, user_ids: Iterable[str]) -> dict[str, str]:
    """user id → the name to show, for the known people among `user_ids`."""
    return {user_id: person.name for user_id, person in get_people(session, user_ids=user_ids).items()}


def member_names(session: Session, *, user_ids: Iterable[str]) -> dict[str, str]:
    """user id → the name a member was added with (e.g. the handle of a mention), where it is not the id:
    the fallback for someone Slack does not tell about (a deactivated account)."""
    wanted = sorted({u for u in user_ids if u})
    if not wanted:
        return {}
    rows = session.exec(select(Member.user_id, Member.display_name).where(col(Member.user_id).in_(wanted))).all()
    return {user_id: name for user_id, name in rows if name and name != user_id}


def save_person(session: Session, *, user_id: str, real_name: str | None = None, display_name: str | None = None,
                tz: str | None = None, locale: str | None = None, fetched_at: datetime | None = None) -> Person:
    """Insert or refresh one person (a concurrent insert of the same person is refreshed instead)."""
    fields = {"real_name": _clip(real_name, 200), "display_name": _clip(display_name, 200), "tz": _clip(tz, 64),
              "locale": _clip(locale, 32), "fetched_at": fetched_at or utcnow()}
    row = session.get(Person, user_id)
    if row is None:
        row = Person(user_id=user_id, **fields)
        if insert_unique(session, row):
            return row
        row = session.get(Person, user_id)
        assert row is not None
    for key, value in fields.items():
        setattr(row, key, value)
    session.add(row)
    session.flush()
    return row


def _clip(value: str | None, limit: int) -> str | None:
    value = (value or "").strip()
    return value[:limit] or None
