"""The people directory's table (migration 0005) and repository, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from storage.db import session_scope
from storage.repository.people import get_people, member_names, people_names, save_person


def test_a_person_is_saved_once_and_refreshed(engine: Engine) -> None:
    with session_scope(engine) as session:
        save_person(session, user_id="U2", real_name="Bo Ekström", display_name="bob", tz="Europe/Stockholm",
                    locale="sv-SE")
    with session_scope(engine) as session:
        row = get_people(session, user_ids=["U2"])["U2"]
        assert (row.real_name, row.display_name, row.tz, row.locale) == ("Bo Ekström", "bob", "Europe/Stockholm",
                                                                         "sv-SE")
        first = row.fetched_at
    later = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
    with session_scope(engine) as session:  # a new surname, fetched again
        save_person(session, user_id="U2", real_name="Bo Ekström Lind", display_name="bob", fetched_at=later)
    with session_scope(engine) as session:
        row = get_people(session, user_ids={"U2"})["U2"]
        assert row.real_name == "Bo Ekström Lind" and row.tz is None and row.fetched_at > first


def test_names_fall_back_from_real_to_display_name_to_id(engine: Engine) -> None:
    with session_scope(engine) as session:
        save_person(session, user_id="U1", real_name="Anna Lind", display_name="anna")
        save_person(session, user_id="U3", real_name="  ", display_name="cissi")
        save_person(session, user_id="U4")
        save_person(session, user_id="U5", real_name="x" * 300)  # clipped to the column, not refused
    with session_scope(engine) as session:
        names = people_names(session, user_ids=["U1", "U3", "U4", "U5", "U9", ""])
    assert names == {"U1": "Anna Lind", "U3": "cissi", "U4": "U4", "U5": "x" * 200}
    with session_scope(engine) as session:
        assert get_people(session, user_ids=[]) == {}


def test_the_name_a_member_was_added_with_is_the_fallback(engine: Engine) -> None:
    from storage.repository.members import add_member
    from storage.repository.processes import create_process

    with session_scope(engine) as session:
        process = create_process(session, name="Trygg i Centrum", flow_id="sju_steg", flow_version=1,
                                 created_by="U1")
        add_member(session, process_id=process.id, user_id="U8", display_name="nils", role="medlem", added_by="U1")
        add_member(session, process_id=process.id, user_id="U9", display_name="U9", role="medlem", added_by="U1")
    with session_scope(engine) as session:
        assert member_names(session, user_ids=["U8", "U9", "U7"]) == {"U8": "nils"}
