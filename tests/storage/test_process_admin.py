"""Renaming and archiving a process: names stay unique, each change is audited once."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from storage import AlreadyExists, InvalidValue, create_process, session_scope
from storage.repository import get_process, list_audit, list_processes, rename_process, set_archived


def _two(engine: Engine) -> tuple[int, int]:
    with session_scope(engine) as session:
        a = create_process(session, name="Trygg i Skogås", flow_id="f", flow_version=1, created_by="U1").id
        b = create_process(session, name="Fritid i Flemingsberg", flow_id="f", flow_version=1, created_by="U1").id
    assert a is not None and b is not None
    return a, b


def test_rename_keeps_names_unique_and_is_audited(engine: Engine) -> None:
    a, _b = _two(engine)
    with pytest.raises(AlreadyExists, match="Fritid i Flemingsberg"), session_scope(engine) as session:
        rename_process(session, process_id=a, name="  Fritid i   Flemingsberg ", actor="U1")
    with pytest.raises(InvalidValue), session_scope(engine) as session:
        rename_process(session, process_id=a, name="   ", actor="U1")
    with session_scope(engine) as session:
        rename_process(session, process_id=a, name="Trygghet i Skogås centrum", actor="U1")
    with session_scope(engine) as session:
        assert get_process(session, name="Trygg i Skogås") is None
        assert get_process(session, name="Trygghet i Skogås centrum").id == a
        events = list_audit(session, process_id=a, action="process_renamed")
        assert [e.detail for e in events] == [{"from": "Trygg i Skogås", "to": "Trygghet i Skogås centrum"}]


def test_archive_hides_the_process_and_restore_brings_it_back(engine: Engine) -> None:
    a, b = _two(engine)
    with session_scope(engine) as session:
        set_archived(session, process_id=a, archived=True, actor="U1")
        set_archived(session, process_id=a, archived=True, actor="U1")  # again: no second event
    with session_scope(engine) as session:
        assert [p.id for p in list_processes(session)] == [b]
        assert {p.id for p in list_processes(session, include_archived=True)} == {a, b}
        assert len(list_audit(session, process_id=a, action="process_archived")) == 1
        set_archived(session, process_id=a, archived=False, actor="U1")
    with session_scope(engine) as session:
        assert {p.id for p in list_processes(session)} == {a, b}
        assert len(list_audit(session, process_id=a, action="process_restored")) == 1


def test_restoring_into_a_taken_channel_gives_the_channel_up(engine: Engine) -> None:
    from storage.repository import get_process_by_channel, get_process_by_id
    from storage.repository.abcde import get_schedule, save_schedule

    with session_scope(engine) as session:
        old = create_process(session, name="Fritid 2025", flow_id="f", flow_version=1, created_by="U1",
                             channel_id="C1").id
        save_schedule(session, process_id=old, set_by="U1", cadence="weekly", weekday=0, at_time="09:00",
                      anchor=__import__("datetime").date(2025, 1, 6), thread_ts="1.1")
        set_archived(session, process_id=old, archived=True, actor="U1")
        new = create_process(session, name="Fritid 2026", flow_id="f", flow_version=1, created_by="U1",
                             channel_id="C1").id
    with pytest.raises(AlreadyExists, match="arkiverad process") as caught, session_scope(engine) as session:
        create_process(session, name="Fritid 2025", flow_id="f", flow_version=1, created_by="U1")
    assert "coach process restore" in caught.value.message
    with session_scope(engine) as session:
        set_archived(session, process_id=old, archived=False, actor="U1")
    with session_scope(engine) as session:
        assert get_process_by_id(session, process_id=old).channel_id is None
        assert get_process_by_channel(session, channel_id="C1").id == new
        schedule = get_schedule(session, process_id=old)
        assert schedule.paused and schedule.thread_ts is None
        assert list_audit(session, process_id=old, action="process_restored")[0].detail["channel_released"] == "C1"
