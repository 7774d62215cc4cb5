"""The people directory's storage, behind one service: what Slack's users.info told about a person (name,
time zone, language), kept in the `person` table, and the names members were added with."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine

from storage.db import session_scope
from storage.repository.people import get_people, member_names, save_person


@dataclass(frozen=True)
class PersonView:
    user_id: str
    name: str
    tz: str | None
    locale: str | None
    fetched_at: datetime


def _view(person) -> PersonView:
    return PersonView(user_id=person.user_id, name=person.name, tz=person.tz, locale=person.locale,
                      fetched_at=person.fetched_at)


class PeopleService:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def people(self, user_ids: Iterable[str]) -> dict[str, PersonView]:
        """The known people among `user_ids`, by id (unknown ids are left out)."""
        with session_scope(self.engine) as session:
            return {user_id: _view(p) for user_id, p in get_people(session, user_ids=user_ids).items()}

    def member_names(self, user_ids: Iterable[str]) -> dict[str, str]:
        """user id → the name a member was added with, where it is not the id (bot.slack.people's fallback)."""
        with session_scope(self.engine) as session:
            return member_names(session, user_ids=user_ids)

    def save(self, user_id: str, *, real_name: str | None, display_name: str | None, tz: str | None,
             locale: str | None) -> PersonView:
        """Insert or refresh one person as users.info gave them."""
        with session_scope(self.engine) as session:
            return _view(save_person(session, user_id=user_id, real_name=real_name, display_name=display_name,
                                     tz=tz, locale=locale))
