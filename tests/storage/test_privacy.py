"""A person's data on SQLite and PostgreSQL: export finds every row about them; erase leaves no trace of
their id, names or handle in any text or JSON column of any table, while answers and versions survive."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import Engine
from sqlmodel import select

from storage import repository as repo
from storage.db import session_scope
from storage.models import AuditEvent, SlackDelivery
from storage.repository import abcde as store
from storage.repository.people import save_person
from storage.repository.privacy import erase_person, person_export, retention_cleanup, scan

BODIL, ANNA, CARL = "U0BODIL", "U0ANNA", "U0CARL"
TRACES = (BODIL, "Bodil", "Ekström", "bodil.e", "Bodde")  # id, real name, Slack handle, name added with


def seed(engine: Engine) -> int:
    """A process where Bodil answered, decided, reported, was mentioned by others and refused once."""
    with session_scope(engine) as session:
        pid = repo.create_process(session, name="Trygg i Skogås", flow_id="f", flow_version=1, created_by=ANNA,
                                  creator_name="Anna Ek").id
        repo.add_member(session, process_id=pid, user_id=BODIL, display_name="Bodde", role="medlem", added_by=ANNA)
        repo.add_member(session, process_id=pid, user_id=CARL, display_name="Carl", role="medlem", added_by=ANNA)
        save_person(session, user_id=BODIL, real_name="Bodil Ekström", display_name="bodil.e", tz="Europe/Stockholm")
        save_person(session, user_id=CARL, real_name="Carl Berg")
        for text in ("Fler unga i föreningslivet", "Fler unga i föreningslivet, enligt Bodils kartläggning"):
            repo.append_answer(session, process_id=pid, question_id="s1.mal", value={"text": text}, author=BODIL,
                               via="slack_thread")
        repo.append_answer(session, process_id=pid, question_id="s1.ansvar",
                           value={"items": [f"<@{BODIL}|bodil.e> samordnar", "bodil ekström följer upp", "Carl"]},
                           author=ANNA, via="slack_modal")
        repo.record_decision(session, process_id=pid, step_number=1, author=BODIL, via="slack_modal",
                             value={"forum": "Ledningsgruppen", "text": "Beslut enligt Bodde"}, unmet=[])
        schedule = store.save_schedule(session, process_id=pid, set_by=ANNA, cadence="weekly", weekday=0,
                                       at_time="09:00", timezone="Europe/Stockholm", anchor=dt.date(2026, 3, 2),
                                       reporters=[BODIL, CARL])
        start = dt.datetime(2026, 3, 2, tzinfo=dt.UTC)
        store.append_report(session, process_id=pid, period_key="2026-03-02", period_start=start,
                            period_end=start + dt.timedelta(days=7), author=BODIL, via="slack_modal",
                            value={"activities": "Träff med &lt;@U0BODIL&gt; och Carl", "do_next": "Ring Bodil"})
        store.claim_dispatch(session, schedule_id=schedule.id, user_id=BODIL, period_key="2026-03-02",
                             kind="reminder", instance="host:1")
        repo.audit(session, process_id=pid, actor=BODIL, action="refused", detail={"action": "export"})
        repo.remember_delivery(session, key=f"action:{BODIL}:svara:1700000000.1#answer")
        repo.remember_delivery(session, key=f"action:{CARL}:svara:1700000000.2#answer")
        return pid


def traces(engine: Engine, words=TRACES) -> list[tuple[str, str]]:
    """(table, text) for every text or JSON value anywhere in the database that still names a word."""
    with session_scope(engine) as session:
        data = scan(session)
        return [(row.table.name, text) for row in data.rows for col in row.table.columns
                for text in _texts(row.values.get(col.name)) if any(w.lower() in text.lower() for w in words)]


def _texts(value) -> list[str]:
    return [json.dumps(value, ensure_ascii=False)] if isinstance(value, dict | list) else (
        [value] if isinstance(value, str) else [])


def test_export_lists_everything_about_the_person(engine: Engine) -> None:
    seed(engine)
    with session_scope(engine) as session:
        exported = person_export(session, user_id=BODIL)
    data = exported["data"]
    assert set(exported["names"]) >= {"Bodil Ekström", "bodil.e", "Bodde"}
    assert [m["role"] for m in data["memberships"]] == ["medlem"]
    assert [(a["question_id"], a["version"]) for a in data["answers"]] == [("s1.mal", 1), ("s1.mal", 2),
                                                                            ("s1.ansvar", 1)]
    assert data["answers"][0]["process"] == "Trygg i Skogås"
    assert data["decisions"][0]["value"]["forum"] == "Ledningsgruppen"
    assert data["abcde_reports"][0]["value"]["do_next"] == "Ring Bodil"
    assert {e["action"] for e in data["audit"]} >= {"refused", "member_added"}
    assert [d["key"] for d in data["processed_deliveries"]] == [f"action:{BODIL}:svara:1700000000.1#answer"]
    assert data["people_directory"][0]["real_name"] == "Bodil Ekström"
    assert data["abcde_dispatch"][0]["kind"] == "reminder" and data["abcde_schedule"][0]["reporters"]
    json.dumps(exported, ensure_ascii=False)  # JSON-ready as it is


def test_erase_leaves_no_trace_but_keeps_the_answers(engine: Engine) -> None:
    pid = seed(engine)
    assert traces(engine)  # the scan does see her before
    with session_scope(engine) as session:
        erased = erase_person(session, user_id=BODIL, requested_by=ANNA)
    assert erased.pseudonym == "Person 1 (raderad)" and erased.processes == [pid]
    assert traces(engine) == []
    with session_scope(engine) as session:
        versions = repo.answer_history(session, process_id=pid, question_id="s1.mal")
        assert [(v.version, v.author) for v in versions] == [(1, "Person 1 (raderad)"), (2, "Person 1 (raderad)")]
        assert versions[1].value == {"text": "Fler unga i föreningslivet, enligt Person 1 (raderad):s kartläggning"}
        items = repo.latest_answers(session, process_id=pid)["s1.ansvar"].value["items"]
        assert items == ["Person 1 (raderad) samordnar", "Person 1 (raderad) följer upp", "Carl"]
        assert repo.latest_decisions(session, process_id=pid)[1].author == "Person 1 (raderad)"
        assert [m.user_id for m in repo.list_members(session, process_id=pid)] == [ANNA, CARL]
        assert store.get_schedule(session, process_id=pid).reporters == [CARL]  # no reminders to a pseudonym
        assert session.get(SlackDelivery, 2) is not None  # Carl's delivery is untouched
        erased_events = [e for e in session.exec(select(AuditEvent)).all() if e.action == "person_erased"]
        assert {(e.process_id, e.actor, e.detail["pseudonym"]) for e in erased_events} == {
            (None, ANNA, "Person 1 (raderad)"), (pid, ANNA, "Person 1 (raderad)")}
    assert traces(engine, ("Carl",))  # other people are left as they were
    with session_scope(engine) as session:  # the next erased person gets the next number; erasing again: no-op
        assert erase_person(session, user_id=CARL, requested_by=ANNA).pseudonym == "Person 2 (raderad)"
        assert erase_person(session, user_id=BODIL, requested_by=ANNA).total == 0
    assert traces(engine, ("Carl", CARL)) == []


def test_dry_run_changes_nothing(engine: Engine) -> None:
    seed(engine)
    with session_scope(engine) as session:
        preview = erase_person(session, user_id=BODIL, requested_by="operator:dso", operator=True, dry_run=True)
    assert preview.changed["answer_version"] == 3 and preview.deleted == {"member": 1, "slack_delivery": 1,
                                                                         "person": 1}
    assert len(traces(engine)) > 10


def test_retention_deletes_old_deliveries_and_audit_but_keeps_the_record(engine: Engine) -> None:
    pid = seed(engine)
    now = dt.datetime.now(dt.UTC)
    with session_scope(engine) as session:
        old_events = session.exec(select(AuditEvent)).all()
        for event in old_events:
            event.created_at = now - dt.timedelta(days=400)
        expected = {"audit_event": len(old_events), "slack_delivery": 1}
        session.add(AuditEvent(process_id=pid, actor=ANNA, action="guidance_shown", detail={},
                               created_at=now - dt.timedelta(days=400)))
        session.add(AuditEvent(process_id=pid, actor=ANNA, action="answer", detail={}))
        old = session.get(SlackDelivery, 1)
        old.received_at = now - dt.timedelta(days=40)
    with session_scope(engine) as session:
        counts = retention_cleanup(session, audit_days=365, delivery_days=30)
    assert counts == expected and expected["audit_event"] == 4  # created, 2 × member_added, refused
    with session_scope(engine) as session:
        left = sorted(e.action for e in session.exec(select(AuditEvent)).all())
        assert left == ["answer", "guidance_shown"]
        assert [d.id for d in session.exec(select(SlackDelivery)).all()] == [2]


def test_the_events_and_the_slack_outbox_are_covered_too(engine: Engine) -> None:
    """Tables added later (the process's events, confirmations waiting in the outbox) hold names as well:
    the person export lists them and erasure leaves no trace in them."""
    from storage.repository.outbox import put_call

    pid = seed(engine)
    with session_scope(engine) as session:
        repo.record_event(session, process_id=pid, kind="summary_posted", actor=BODIL,
                          detail={"step": 1, "versions": {"s1.mal": 2}})
        put_call(session, key=f"confirm:{pid}:s1.mal", method="coach.confirm",
                 args={"u": BODIL, "text": "Bodil Ekström svarade: Fler unga i föreningslivet"},
                 due=dt.datetime.now(dt.UTC))
    with session_scope(engine) as session:
        data = person_export(session, user_id=BODIL)["data"]
    assert [e["kind"] for e in data["events"]] == ["summary_posted"]
    assert any("Bodil Ekström" in json.dumps(row, ensure_ascii=False) for row in data["slack_outbox"])
    with session_scope(engine) as session:
        erase_person(session, user_id=BODIL, requested_by=ANNA)
    assert traces(engine) == []
