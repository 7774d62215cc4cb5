"""The service on a real database (SQLite, and PostgreSQL when configured)."""

from __future__ import annotations

import threading

import pytest

from bot.errors import AccessDenied, CoachError
from flows.state import Answer, Back, Continue, Decide, Edit, Skip
from storage import repository as repo
from storage.db import session_scope
from storage.errors import AlreadyExists
from tests.bot.conftest import ANNA, BO, EVA, make_service

DECISION = {"forum": "Styrgruppen för Skogås", "date": "2025-03-01", "text": "Arbetet startar."}


def test_process_creator_is_coordinator_and_first_question_is_ready(service):
    ref = service.start_process(name="  Meningsfull   fritid i Skogås ", actor=ANNA, flow_id="demo")
    assert ref.name == "Meningsfull fritid i Skogås"
    assert service.membership.role_of(process=ref, user_id="anna") == "koordinator"
    assert service.current_prompt(process=ref, actor=ANNA).question.id == "s1.mal"
    with pytest.raises(AlreadyExists, match="finns redan"):
        service.start_process(name="Meningsfull fritid i Skogås", actor=BO, flow_id="demo")


def test_answers_survive_a_restart_and_the_team_resumes_where_it_left_off(db_url, service):
    ref = service.start_process(name="Skogås", actor=ANNA, flow_id="demo")
    service.act(process=ref, actor=ANNA, event=Answer("Fler barn deltar i ledarledda fritidsaktiviteter"))
    restarted = make_service(db_url)
    ref = restarted.find_process(name="Skogås")
    prompt = restarted.current_prompt(process=ref, actor=ANNA)
    assert prompt.question.id == "s1.aktorer"
    state = restarted.state(process=ref, actor=ANNA)
    assert state.value("s1.mal").text == "Fler barn deltar i ledarledda fritidsaktiviteter"


def test_every_edit_is_a_new_version_with_author_and_channel(service):
    ref = service.start_process(name="Skogås", actor=ANNA, flow_id="demo")
    service.membership.set_role(process=ref, actor=ANNA, user_id="bo", role="medlem", display_name="Bo")
    service.act(process=ref, actor=ANNA, event=Answer("Första"))
    service.act(process=ref, actor=BO, event=Edit("s1.mal"))
    service.act(process=ref, actor=BO, event=Answer("Andra"))
    history = service.history(process=ref, actor=ANNA, question_id="s1.mal")
    assert [(v.version, v.value.text, v.author, v.via) for v in history] == [
        (1, "Första", "anna", "terminal"), (2, "Andra", "bo", "terminal")]


def test_invalid_answer_stores_nothing(service):
    ref = service.start_process(name="Skogås", actor=ANNA, flow_id="demo")
    result = service.act(process=ref, actor=ANNA, event=Answer("x" * 100_000))
    assert result.problems and not result.store
    assert service.history(process=ref, actor=ANNA, question_id="s1.mal") == []


def test_problems_are_said_in_the_readers_language_and_the_prompt_stays_the_teams(service):
    """A person whose Slack speaks English reads why an answer was refused in English (a modal's errors, an
    ephemeral); the verdict and the place in the flow are the same."""
    ref = service.start_process(name="Skogås", actor=ANNA, flow_id="demo")
    swedish = service.act(process=ref, actor=ANNA, event=Answer("x" * 100_000))
    english = service.act(process=ref, actor=ANNA, event=Answer("x" * 100_000), reader_language="en")
    assert english.problems and not english.store
    assert [str(p) for p in english.problems] != [str(p) for p in swedish.problems]
    assert "characters" in str(english.problems[0]) and "tecken" in str(swedish.problems[0])
    assert english.prompt == swedish.prompt  # the same place in the flow: only the words differ
    assert service.act(process=ref, actor=ANNA, event=Answer("x" * 100_000), reader_language="sv").problems == \
        swedish.problems
    assert service.history(process=ref, actor=ANNA, question_id="s1.mal") == []


def test_non_member_can_neither_read_nor_write_and_the_refusal_is_audited(service):
    ref = service.start_process(name="Skogås", actor=ANNA, flow_id="demo")
    with pytest.raises(AccessDenied, match="inte med i processen"):
        service.act(process=ref, actor=EVA, event=Answer("Jag vill svara"))
    with pytest.raises(AccessDenied):
        service.status(process=ref, actor=EVA)
    with session_scope(service._db) as session:
        events = repo.list_audit(session, process_id=ref.id)
        refused = [e for e in events if e.action == "refused"]
        assert [e.actor for e in refused] == ["eva", "eva"]
        assert repo.latest_answers(session, process_id=ref.id) == {}


def test_only_the_coordinator_records_decisions_and_assigns_roles(service):
    ref = service.start_process(name="Skogås", actor=ANNA, flow_id="demo")
    service.membership.set_role(process=ref, actor=ANNA, user_id="bo", role="projektledare", display_name="Bo")
    with pytest.raises(AccessDenied, match="koordinator"):
        service.act(process=ref, actor=BO, event=Decide(1, DECISION, despite_unmet=True))
    with pytest.raises(AccessDenied):
        service.membership.set_role(process=ref, actor=BO, user_id="eva", role="medlem")
    with pytest.raises(CoachError, match="Okänd roll"):
        service.membership.set_role(process=ref, actor=ANNA, user_id="eva", role="chef")


def test_full_two_step_walk_to_a_decided_last_gate(service):
    ref = service.start_process(name="Skogås", actor=ANNA, flow_id="demo")
    for event in (Answer("Goda livsvillkor"), Skip(), Answer("styrgrupp"), Decide(1, DECISION)):
        result = service.act(process=ref, actor=ANNA, event=event)
        assert not result.problems, result.problems
    indicator = {"indicators": [{"name": "Andel barn 10–12 år i ledarledd fritid", "who_what": "Barn 10–12 år",
                                 "baseline": "35 %", "change": "+10 procentenheter", "by_when": "2026-12",
                                 "data_source": "Elevenkät åk 5"}]}
    service.act(process=ref, actor=ANNA, event=Answer(indicator))
    result = service.act(process=ref, actor=ANNA, event=Decide(2, DECISION))
    assert result.prompt.kind == "done"
    status = service.status(process=ref, actor=ANNA)
    assert [s.status for s in status.steps] == ["beslutad", "beslutad"]
    assert status.steps[0].skipped == 1


def test_back_and_continue_move_the_shared_cursor(service):
    ref = service.start_process(name="Skogås", actor=ANNA, flow_id="demo")
    service.act(process=ref, actor=ANNA, event=Answer("Mål"))
    assert service.act(process=ref, actor=ANNA, event=Back()).prompt.question.id == "s1.mal"
    # «fortsätt» returns to the team's next question (the first open one), as status names it
    assert service.act(process=ref, actor=ANNA, event=Continue()).prompt.question.id == "s1.aktorer"
    assert service.status(process=ref, actor=ANNA).prompt.question.id == "s1.aktorer"


def test_concurrent_answers_to_the_same_question_keep_both_versions(service):
    ref = service.start_process(name="Skogås", actor=ANNA, flow_id="demo")
    service.membership.set_role(process=ref, actor=ANNA, user_id="bo", role="medlem")
    errors: list[BaseException] = []

    def answer(actor, text):
        try:
            service.act(process=ref, actor=actor, event=Answer(text, question_id="s1.mal"))
        except BaseException as error:  # collected and asserted below
            errors.append(error)

    threads = [threading.Thread(target=answer, args=(a, f"Svar från {a.user_id} {i}"))
               for i in range(4) for a in (ANNA, BO)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    history = service.history(process=ref, actor=ANNA, question_id="s1.mal")
    assert sorted(v.version for v in history) == list(range(1, 9))
    assert {v.value.text for v in history} == {f"Svar från {u} {i}" for i in range(4) for u in ("anna", "bo")}


def test_guidance_comes_from_the_retriever_with_citation(service):
    ref = service.start_process(name="Skogås", actor=ANNA, flow_id="demo")
    question = service.current_prompt(process=ref, actor=ANNA).question
    passages = service.guidance.for_question(question)
    assert passages and passages[0].locator == "Bild 8"


def test_guidance_shown_in_a_process_is_recorded_for_the_underlag(service):
    ref = service.start_process(name="Skogås", actor=ANNA, flow_id="demo")
    question = service.current_prompt(process=ref, actor=ANNA).question
    service.guidance.for_question(question, process=ref, actor=ANNA)
    service.guidance.for_question(question, process=ref, actor=ANNA)
    shown = service.guidance.shown_passages(process=ref, actor=ANNA, step=1)
    assert [(p.doc_id, p.locator) for p in shown] == [("001", "Bild 8")]
    assert service.guidance.shown_passages(process=ref, actor=ANNA, step=2) == []
    with pytest.raises(AccessDenied):
        service.guidance.for_question(question, process=ref, actor=EVA)


def test_the_passages_shown_travel_with_an_export_and_are_not_read_from_the_audit_log(service):
    from sqlmodel import select

    from storage.event_models import ProcessEvent
    from storage.export import import_process
    from storage.models import AuditEvent

    ref = service.start_process(name="Skogås", actor=ANNA, flow_id="demo")
    service.guidance.for_question(service.current_prompt(process=ref, actor=ANNA).question, process=ref, actor=ANNA)
    document = service.export(process=ref, actor=ANNA)
    assert [e["kind"] for e in document["events"]] == ["guidance_shown"]
    with session_scope(service.engine) as session:
        copy = import_process(session, data=document, name="Skogås kopia")
        session.exec(AuditEvent.__table__.delete())  # the audit log is the record, not the app's data
        assert len(session.exec(select(ProcessEvent)).all()) == 2
    copied = service.find_process(name="Skogås kopia")
    assert copied.id == copy.id
    assert [(p.doc_id, p.locator) for p in service.guidance.shown_passages(process=copied, actor=ANNA, step=1)] == [
        ("001", "Bild 8")]


def test_the_coordinator_sets_the_process_language_and_it_is_audited(service):
    ref = service.start_process(name="Skogås", actor=ANNA, flow_id="demo")
    assert ref.language == "sv"
    english = service.set_language(process=ref, actor=ANNA, language=" EN ")
    assert english.language == "en"
    assert service.find_process(name="Skogås").language == "en"
    assert service.current_prompt(process=english, actor=ANNA).question.id == "s1.mal"
    back = service.set_language(process=english, actor=ANNA, language="sv")
    assert back.language == "sv"
    with session_scope(service._db) as session:
        changes = [e.detail for e in repo.list_audit(session, process_id=ref.id) if e.action == "language_set"]
    assert [(d["from"], d["to"]) for d in changes] == [("sv", "en"), ("en", "sv")]


def test_only_a_coordinator_sets_the_language_and_only_sv_or_en(service):
    ref = service.start_process(name="Skogås", actor=ANNA, flow_id="demo")
    service.membership.set_role(process=ref, actor=ANNA, user_id="bo", role="projektledare", display_name="Bo")
    with pytest.raises(AccessDenied, match="koordinator"):
        service.set_language(process=ref, actor=BO, language="en")
    with pytest.raises(AccessDenied, match="inte med i processen"):
        service.set_language(process=ref, actor=EVA, language="en")
    with pytest.raises(CoachError, match="Okänt språk"):
        service.set_language(process=ref, actor=ANNA, language="de")
    english = service.set_language(process=ref, actor=ANNA, language="en")
    with pytest.raises(CoachError, match="Unknown language"):
        service.set_language(process=english, actor=ANNA, language="fi")
    with pytest.raises(AccessDenied, match="Only the process coordinator"):
        service.set_language(process=english, actor=BO, language="sv")
    assert service.find_process(name="Skogås").language == "en"
    with session_scope(service._db) as session:
        refused = [e.detail["action"] for e in repo.list_audit(session, process_id=ref.id) if e.action == "refused"]
    assert refused == ["set_language", "set_language", "set_language"]


def test_an_archived_process_is_read_but_not_written(service):
    from bot.errors import CoachError

    ref = service.start_process(name="Skogås", actor=ANNA, flow_id="demo")
    service.act(process=ref, actor=ANNA, event=Answer("Ett tryggt Skogås"))
    service.archive_process(process=ref, actor=ANNA)
    with pytest.raises(CoachError, match="arkiverad"):
        service.act(process=ref, actor=ANNA, event=Answer("Något annat"))
    with pytest.raises(CoachError, match="arkiverad"):
        service.rename_process(process=ref, actor=ANNA, name="Nytt namn")
    assert service.state(process=ref, actor=ANNA).value("s1.mal").text == "Ett tryggt Skogås"  # reading works
    service.archive_process(process=ref, actor=ANNA, archived=False)  # restoring is allowed
    service.act(process=ref, actor=ANNA, event=Answer("Något annat"))
