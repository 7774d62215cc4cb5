"""Repository functions on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC

import pytest
from sqlalchemy import Engine, event
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

import storage.repository as repository
from storage import (
    AlreadyExists,
    InvalidValue,
    NotFound,
    add_member,
    answer_history,
    append_answer,
    audit,
    create_process,
    ensure_workspace,
    get_member,
    get_process,
    get_process_by_channel,
    get_process_by_id,
    latest_answers,
    latest_decisions,
    list_audit,
    list_members,
    list_processes,
    record_decision,
    remember_delivery,
    session_scope,
    set_cursor,
    set_language,
    set_role,
)
from storage.models import AnswerVersion, Process


def _process(session: Session, name: str = "Trygg i Centrum", **kwargs: object) -> Process:
    fields: dict[str, object] = {"flow_id": "sju_steg", "flow_version": 1, "created_by": "U1"} | kwargs
    return create_process(session, name=name, **fields)  # type: ignore[arg-type]


# ---------------------------------------------------------------- processes

def test_create_process_adds_coordinator_and_audit(engine: Engine) -> None:
    with session_scope(engine) as session:
        process = _process(session, channel_id="C1", creator_name="Anna")
    with session_scope(engine) as session:
        stored = get_process(session, name="Trygg i Centrum")
        assert stored is not None and stored.id == process.id
        assert (stored.current_step, stored.cursor, stored.language) == (1, None, "sv")
        assert stored.archived is False
        assert stored.created_at.tzinfo is not None and stored.created_at.utcoffset().total_seconds() == 0
        [member] = list_members(session, process_id=stored.id)
        assert (member.user_id, member.display_name, member.role) == ("U1", "Anna", "koordinator")
        [event_] = list_audit(session, process_id=stored.id)
        assert (event_.actor, event_.action) == ("U1", "process_created")
        assert event_.detail["name"] == "Trygg i Centrum"


def test_duplicate_name_is_refused_in_swedish(engine: Engine) -> None:
    with session_scope(engine) as session:
        _process(session)
    with pytest.raises(AlreadyExists, match="finns redan en process som heter «Trygg i Centrum»"), \
            session_scope(engine) as session:
        _process(session, name="  Trygg   i Centrum ")


def test_names_are_unique_per_workspace(engine: Engine) -> None:
    with session_scope(engine) as session:
        one = ensure_workspace(session, slack_team_id="T1", name="Huddinge")
        two = ensure_workspace(session, slack_team_id="T2", name="Botkyrka")
        assert ensure_workspace(session, slack_team_id="T1", name="Huddinge").id == one.id
        _process(session, workspace_id=one.id)
        _process(session, workspace_id=two.id)
        _process(session)  # no workspace
        with pytest.raises(AlreadyExists):
            _process(session, workspace_id=one.id)
        assert get_process(session, name="Trygg i Centrum", workspace_id=two.id).workspace_id == two.id


def test_database_refuses_duplicate_name_without_workspace(engine: Engine) -> None:
    """The partial unique index, not only the repository check, guards workspace None."""
    with session_scope(engine) as session:
        _process(session)
    with pytest.raises(IntegrityError), Session(engine) as session:
        session.add(Process(name="Trygg i Centrum", flow_id="f", flow_version=1, created_by="U2"))
        session.commit()


def test_find_and_list_processes(engine: Engine) -> None:
    with session_scope(engine) as session:
        a = _process(session, name="B-process", channel_id="C1")
        b = _process(session, name="A-process", created_by="U2")
        add_member(session, process_id=b.id, user_id="U1", display_name="Anna", added_by="U2")
        old = _process(session, name="Gammal", channel_id="C9")
        old.archived = True
        session.add(old)
    with session_scope(engine) as session:
        assert get_process_by_id(session, process_id=a.id).name == "B-process"
        assert get_process_by_id(session, process_id=9999) is None
        assert get_process_by_channel(session, channel_id="C1").id == a.id
        assert get_process_by_channel(session, channel_id="C9") is None
        assert get_process(session, name="finns inte") is None
        assert [p.name for p in list_processes(session)] == ["A-process", "B-process"]
        assert [p.name for p in list_processes(session, user_id="U2")] == ["A-process"]
        assert [p.name for p in list_processes(session, user_id="U1")] == ["A-process", "B-process"]
        assert [p.name for p in list_processes(session, include_archived=True)] == [
            "A-process", "B-process", "Gammal"]


def test_set_cursor(engine: Engine) -> None:
    with session_scope(engine) as session:
        process = _process(session)
        set_cursor(session, process_id=process.id, current_step=3, cursor="s3_problemtrad")
    with session_scope(engine) as session:
        stored = get_process_by_id(session, process_id=process.id)
        assert (stored.current_step, stored.cursor) == (3, "s3_problemtrad")
        with pytest.raises(NotFound, match="Processen finns inte"):
            set_cursor(session, process_id=4711, current_step=1, cursor=None)
        with pytest.raises(InvalidValue):
            set_cursor(session, process_id=process.id, current_step=0, cursor=None)


def test_set_language(engine: Engine) -> None:
    with session_scope(engine) as session:
        process = _process(session)
        assert set_language(session, process_id=process.id, language="en").language == "en"
    with session_scope(engine) as session:
        assert get_process_by_id(session, process_id=process.id).language == "en"
        with pytest.raises(InvalidValue):
            set_language(session, process_id=process.id, language="de")
        with pytest.raises(NotFound):
            set_language(session, process_id=4711, language="sv")
    assert repository.set_language is set_language


# ---------------------------------------------------------------- members

def test_members_and_roles(engine: Engine) -> None:
    with session_scope(engine) as session:
        pid = _process(session).id
        add_member(session, process_id=pid, user_id="U2", display_name="Bertil", added_by="U1")
        with pytest.raises(AlreadyExists, match="Bertil är redan med"):
            add_member(session, process_id=pid, user_id="U2", display_name="Bertil", added_by="U1")
        with pytest.raises(InvalidValue, match="koordinator, projektledare, medlem"):
            add_member(session, process_id=pid, user_id="U3", display_name="C", role="chef", added_by="U1")
        set_role(session, process_id=pid, user_id="U2", role="projektledare", actor="U1")
        with pytest.raises(NotFound):
            set_role(session, process_id=pid, user_id="U404", role="medlem", actor="U1")
    with session_scope(engine) as session:
        assert get_member(session, process_id=pid, user_id="U2").role == "projektledare"
        assert get_member(session, process_id=pid, user_id="U404") is None
        assert [(m.user_id, m.role) for m in list_members(session, process_id=pid)] == [
            ("U1", "koordinator"), ("U2", "projektledare")]
        actions = [(e.action, e.detail) for e in list_audit(session, process_id=pid)]
        assert actions[1:] == [("member_added", {"user_id": "U2", "role": "medlem"}),
                               ("role_changed", {"user_id": "U2", "from": "medlem", "to": "projektledare"})]


# ---------------------------------------------------------------- answers

def test_answer_versions_are_appended(engine: Engine) -> None:
    with session_scope(engine) as session:
        pid = _process(session).id
        first = append_answer(session, process_id=pid, question_id="q1", value={"text": "Första"},
                              author="U1", via="terminal")
        second = append_answer(session, process_id=pid, question_id="q1", value={"text": "Andra – åäö"},
                               warnings=["Saknar något."], author="U2", via="slack_modal")
        other = append_answer(session, process_id=pid, question_id="q2", value=None, skipped=True,
                              author="U1", via="slack_thread")
        assert (first.version, second.version, other.version) == (1, 2, 1)
    with session_scope(engine) as session:
        history = answer_history(session, process_id=pid, question_id="q1")
        assert [(a.version, a.value, a.author, a.via) for a in history] == [
            (1, {"text": "Första"}, "U1", "terminal"), (2, {"text": "Andra – åäö"}, "U2", "slack_modal")]
        assert history[1].warnings == ["Saknar något."]
        assert history[0].created_at.tzinfo is not None
        latest = latest_answers(session, process_id=pid)
        assert {k: v.version for k, v in latest.items()} == {"q1": 2, "q2": 1}
        assert latest["q2"].skipped and latest["q2"].value is None and latest["q2"].warnings == []


def test_skipped_answer_is_sql_null(engine: Engine) -> None:
    with session_scope(engine) as session:
        pid = _process(session).id
        append_answer(session, process_id=pid, question_id="q", value=None, skipped=True, author="U1",
                      via="cli")
    with session_scope(engine) as session:
        assert session.exec(select(AnswerVersion.id).where(col(AnswerVersion.value).is_(None))).all()


def test_latest_answers_is_one_query(engine: Engine) -> None:
    with session_scope(engine) as session:
        pid = _process(session).id
        for question in ("a", "b", "c"):
            for n in range(3):
                append_answer(session, process_id=pid, question_id=question, value={"n": n}, author="U1",
                              via="cli")
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    with session_scope(engine) as session:
        latest = latest_answers(session, process_id=pid)
    assert {q: (a.version, a.value) for q, a in latest.items()} == {q: (3, {"n": 2}) for q in "abc"}
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 1


def test_answers_check_process_and_channel(engine: Engine) -> None:
    with session_scope(engine) as session:
        pid = _process(session).id
        with pytest.raises(NotFound):
            append_answer(session, process_id=4711, question_id="q", value={}, author="U1", via="cli")
        with pytest.raises(InvalidValue, match="kanal"):
            append_answer(session, process_id=pid, question_id="q", value={}, author="U1", via="email")


def test_answers_cannot_be_updated_or_deleted() -> None:
    names = [n for n in dir(repository) if not n.startswith("_")]
    memberships = {"remove_member"}  # a member leaves a process; what they wrote stays
    assert not [n for n in names if n.startswith(("update", "delete", "remove", "edit")) and n not in memberships]


# ---------------------------------------------------------------- decisions, audit, deliveries

def test_gate_decisions(engine: Engine) -> None:
    decision = {"forum": "Styrgruppen", "date": "2025-03-01", "text": "Gå vidare", "decided_by": None}
    with session_scope(engine) as session:
        pid = _process(session).id
        record_decision(session, process_id=pid, step_number=1, value=decision, author="U1",
                        via="slack_modal")
        record_decision(session, process_id=pid, step_number=1, value=decision | {"text": "Ändrat"},
                        unmet=["förankring saknas"], author="U1", via="cli")
        record_decision(session, process_id=pid, step_number=2, value=decision, author="U1", via="cli")
    with session_scope(engine) as session:
        latest = latest_decisions(session, process_id=pid)
        assert sorted(latest) == [1, 2]
        assert (latest[1].version, latest[1].value["text"]) == (2, "Ändrat")
        assert latest[1].unmet == ["förankring saknas"]
        assert (latest[2].version, latest[2].unmet) == (1, [])


def test_audit_log(engine: Engine) -> None:
    with session_scope(engine) as session:
        pid = _process(session).id
        for n in range(4):
            audit(session, process_id=pid, actor="U1", action="summary_generated", detail={"step": n})
        audit(session, process_id=None, actor="system", action="startup")
    with session_scope(engine) as session:
        events = list_audit(session, process_id=pid)
        assert [e.action for e in events] == ["process_created"] + ["summary_generated"] * 4
        assert [e.detail["step"] for e in list_audit(session, process_id=pid, limit=2)] == [2, 3]
        assert [(e.actor, e.detail) for e in list_audit(session, process_id=None)] == [("system", {})]
        assert [e.detail["step"] for e in list_audit(session, process_id=pid, action="summary_generated")] == [
            0, 1, 2, 3]
        assert [e.action for e in list_audit(session, process_id=pid, action="process_created", limit=1)] == [
            "process_created"]
        assert events[0].created_at.tzinfo == UTC


def test_remember_delivery(engine: Engine) -> None:
    with session_scope(engine) as session:
        assert remember_delivery(session, key="Ev123") is True
        assert remember_delivery(session, key="Ev123") is False
        assert remember_delivery(session, key="Ev124") is True
    with session_scope(engine) as session:
        assert remember_delivery(session, key="Ev123") is False
