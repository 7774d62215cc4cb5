"""Export → import → export is byte-identical; bad files give Swedish errors and store nothing."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import Engine, func
from sqlmodel import select

import storage.export as export_module
from storage import (
    AlreadyExists,
    ImportFormatError,
    StorageError,
    add_member,
    append_answer,
    audit,
    create_process,
    dumps_export,
    export_process,
    import_process,
    latest_answers,
    list_members,
    loads_export,
    record_decision,
    session_scope,
    set_cursor,
    set_role,
)
from storage.abcde_models import AbcdeReportVersion, AbcdeSkip
from storage.models import AnswerVersion, Process
from storage.repository.abcde import add_skip, append_report, latest_reports, save_schedule

NAME = "Trygg i Centrum – Flemingsberg"


def _fill(engine: Engine) -> int:
    with session_scope(engine) as session:
        pid = create_process(session, name=NAME, flow_id="sju_steg", flow_version=2, created_by="U1",
                             channel_id="C42", creator_name="Åsa Öberg").id
        add_member(session, process_id=pid, user_id="U2", display_name="Bertil", added_by="U1")
        set_role(session, process_id=pid, user_id="U2", role="projektledare", actor="U1")
        append_answer(session, process_id=pid, question_id="s1_syfte", value={"text": "Öka tryggheten"},
                      author="U1", via="terminal")
        append_answer(session, process_id=pid, question_id="s1_syfte", value={"text": "Öka tryggheten ✓"},
                      warnings=["Saknar målgrupp."], author="U2", via="slack_modal")
        append_answer(session, process_id=pid, question_id="s2_data", value=None, skipped=True, author="U2",
                      via="slack_thread")
        record_decision(session, process_id=pid, step_number=1, author="U1", via="cli",
                        value={"forum": "Styrgruppen", "date": "2025-03-01", "text": "Gå vidare",
                               "decided_by": None}, unmet=["förankring"])
        audit(session, process_id=pid, actor="U1", action="summary_generated", detail={"step": 1, "ok": True})
        set_cursor(session, process_id=pid, current_step=2, cursor="s2_data")
        schedule = save_schedule(session, process_id=pid, set_by="U1", cadence="biweekly", weekday=4,
                                 at_time="09:30", anchor=date(2025, 3, 3), reporters=["U2"], thread_ts="171.1")
        add_skip(session, schedule_id=schedule.id, period_key="2025-W14", created_by="U1")
        start, end = datetime(2025, 3, 3, tzinfo=UTC), datetime(2025, 3, 17, tzinfo=UTC)
        for text in ("Läxhjälp startade", "Läxhjälp startade – 14 barn"):
            append_report(session, process_id=pid, period_key="2025-W10", period_start=start, period_end=end,
                          author="U2", value={"activities": text, "do_next": "Fler volontärer"},
                          via="slack_modal")
    assert pid is not None
    return pid


def _export_text(engine: Engine, pid: int) -> str:
    with session_scope(engine) as session:
        return dumps_export(export_process(session, process_id=pid))


def _keys(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


def test_roundtrip_is_byte_identical(new_engine: Callable[[], Engine]) -> None:
    source, target = new_engine(), new_engine()
    text = _export_text(source, _fill(source))
    with session_scope(target) as session:
        imported = import_process(session, data=loads_export(text))
    assert _export_text(target, imported.id) == text
    with session_scope(target) as session:
        roles = [m.role for m in list_members(session, process_id=imported.id)]
        assert roles == ["koordinator", "projektledare"]
        assert latest_answers(session, process_id=imported.id)["s1_syfte"].version == 2
        reports = latest_reports(session, process_id=imported.id)
        assert [(r.author, r.version, r.value["activities"]) for r in reports] == [
            ("U2", 2, "Läxhjälp startade – 14 barn")]
        assert session.exec(select(func.count()).select_from(AbcdeReportVersion)).one() == 2
        assert session.exec(select(func.count()).select_from(AbcdeSkip)).one() == 1


def test_export_format(engine: Engine) -> None:
    text = _export_text(engine, _fill(engine))
    data = json.loads(text)
    assert text.endswith("}\n") and "Åsa Öberg" in text  # ensure_ascii=False
    assert (data["format"], data["format_version"]) == ("processcoach-export", 3)
    assert sorted(data) == ["abcde_reports", "abcde_schedule", "answers", "audit", "decisions", "events", "format",
                            "format_version", "members", "process"]
    assert not {"id", "process_id", "workspace_id", "schedule_id"} & _keys(data)
    assert [(r["period_key"], r["version"]) for r in data["abcde_reports"]] == [("2025-W10", 1), ("2025-W10", 2)]
    schedule = data["abcde_schedule"]
    assert (schedule["cadence"], schedule["anchor"], schedule["reporters"]) == ("biweekly", "2025-03-03", ["U2"])
    assert [k["period_key"] for k in schedule["skips"]] == ["2025-W14"]
    assert data["process"]["name"] == NAME and data["process"]["cursor"] == "s2_data"
    assert [(a["question_id"], a["version"]) for a in data["answers"]] == [
        ("s1_syfte", 1), ("s1_syfte", 2), ("s2_data", 1)]
    assert data["answers"][2]["value"] is None and data["answers"][2]["skipped"] is True
    stamp = data["answers"][0]["created_at"]
    assert stamp.endswith("+00:00") and len(stamp.split(".")[1]) == len("123456+00:00")
    assert [e["action"] for e in data["audit"]] == [
        "process_created", "member_added", "role_changed", "summary_generated"]
    assert text == dumps_export(json.loads(text))  # sorted keys, stable


def test_import_refuses_taken_name_and_accepts_another(engine: Engine) -> None:
    data = json.loads(_export_text(engine, _fill(engine)))
    with pytest.raises(AlreadyExists, match="coach process rename") as caught, session_scope(engine) as session:
        import_process(session, data=data)
    assert "annat namn" in caught.value.message
    with session_scope(engine) as session:
        copy_ = import_process(session, data=data, name="Kopia", actor="U9")
    with session_scope(engine) as session:
        assert session.get(Process, copy_.id).name == "Kopia"
        assert session.exec(select(func.count()).select_from(Process)).one() == 2


def _good(engine: Engine) -> dict[str, Any]:
    return json.loads(_export_text(engine, _fill(engine)))


def _without(data: dict[str, Any], *path: str) -> dict[str, Any]:
    data = copy.deepcopy(data)
    target = data
    for key in path[:-1]:
        target = target[key]
    del target[path[-1]]
    return data


BAD_FILES: dict[str, tuple[Callable[[dict[str, Any]], Any], str]] = {
    "list": (lambda d: [d], "ingen export från Processcoach"),
    "wrong marker": (lambda d: d | {"format": "något-annat"}, "ingen export från Processcoach"),
    "no marker": (lambda d: _without(d, "format"), "ingen export från Processcoach"),
    "newer version": (lambda d: d | {"format_version": 4}, "formatversion 4"),
    "report twice": (lambda d: d | {"abcde_reports": d["abcde_reports"] + [d["abcde_reports"][0]]},
                     "samma ABCDE-rapportversion"),
    "report without value": (lambda d: d | {"abcde_reports": [_without(d["abcde_reports"][0], "value")]},
                             "«abcde_reports[1].value» saknas"),
    "v1 with ABCDE": (lambda d: d | {"format_version": 1}, "«abcde_reports» är okänt"),
    "bad time zone": (lambda d: d | {"abcde_schedule": d["abcde_schedule"] | {"timezone": "Europe/Stokholm"}},
                      "«abcde_schedule.timezone» är ingen känd tidszon"),
    "bad time": (lambda d: d | {"abcde_schedule": d["abcde_schedule"] | {"at_time": "9.30"}},
                 "«abcde_schedule.at_time» har fel format"),
    "bad weekday": (lambda d: d | {"abcde_schedule": d["abcde_schedule"] | {"weekday": 9}},
                    "«abcde_schedule.weekday» är för stort"),
    "bad cadence": (lambda d: d | {"abcde_schedule": d["abcde_schedule"] | {"cadence": "daily"}},
                    "«abcde_schedule.cadence» har ett värde som inte är tillåtet"),
    "report version 0": (lambda d: d | {"abcde_reports": [d["abcde_reports"][0] | {"version": 0}]},
                         "«abcde_reports[1].version» är för litet"),
    "report via": (lambda d: d | {"abcde_reports": [d["abcde_reports"][0] | {"via": "fax"}]},
                   "«abcde_reports[1].via» har ett värde som inte är tillåtet"),
    "long period": (lambda d: d | {"abcde_reports": [d["abcde_reports"][0] | {"period_key": "x" * 50}]},
                    "«abcde_reports[1].period_key» är för långt"),
    "no answers": (lambda d: _without(d, "answers"), "«answers» saknas"),
    "no process name": (lambda d: _without(d, "process", "name"), "«process.name» saknas"),
    "bad role": (lambda d: d | {"members": [d["members"][0] | {"role": "chef"}]},
                 "«members[1].role» har ett värde som inte är tillåtet"),
    "naive time": (lambda d: d | {"audit": [d["audit"][0] | {"created_at": "2025-01-01T10:00:00"}]},
                   "«audit[1].created_at» ska vara en tidpunkt med tidszon"),
    "unknown field": (lambda d: d | {"extra": 1}, "«extra» är okänt"),
    "version twice": (lambda d: d | {"answers": d["answers"] + [d["answers"][0]]}, "samma svarsversion"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_files_give_swedish_errors_and_store_nothing(new_engine: Callable[[], Engine], case: str) -> None:
    source, target = new_engine(), new_engine()
    mutate, expected = BAD_FILES[case]
    with pytest.raises(ImportFormatError) as caught, session_scope(target) as session:
        import_process(session, data=mutate(_good(source)))
    assert expected in caught.value.message and caught.value.detail
    assert isinstance(caught.value, StorageError)
    with session_scope(target) as session:
        assert session.exec(select(func.count()).select_from(Process)).one() == 0


@pytest.mark.parametrize("text", ["", "{not json", b"\xff\xfe", "[1, 2]"])
def test_not_json_gives_swedish_error(text: str | bytes) -> None:
    with pytest.raises(ImportFormatError) as caught:
        loads_export(text)
    assert any(word in caught.value.message for word in ("JSON", "UTF-8", "ingen export"))


def test_failure_midway_rolls_back_the_import(new_engine: Callable[[], Engine],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Even when the database, not validation, rejects a row, the caller's commit stores nothing."""
    source, target = new_engine(), new_engine()
    data = _good(source)
    data["answers"].append(data["answers"][0])
    monkeypatch.setattr(export_module, "_check_unique", lambda document: None)
    with session_scope(target) as session:
        with pytest.raises(ImportFormatError, match="Inget har sparats"):
            import_process(session, data=data)
        # the session goes on and commits: the import's SAVEPOINT was rolled back
    with session_scope(target) as session:
        assert session.exec(select(func.count()).select_from(Process)).one() == 0
        assert session.exec(select(func.count()).select_from(AnswerVersion)).one() == 0


def test_version_1_files_are_still_read(new_engine: Callable[[], Engine]) -> None:
    """Files exported before ABCDE reporting (format version 1) import, with no ABCDE data."""
    source, target = new_engine(), new_engine()
    data = _without(_without(_without(_good(source), "abcde_reports"), "abcde_schedule"), "events") | {
        "format_version": 1}
    with session_scope(target) as session:
        imported = import_process(session, data=data)
    with session_scope(target) as session:
        assert latest_answers(session, process_id=imported.id)["s1_syfte"].version == 2
        assert latest_reports(session, process_id=imported.id) == []
    again = json.loads(_export_text(target, imported.id))
    assert again["format_version"] == 3 and again["abcde_schedule"] is None and again["abcde_reports"] == []


def test_version_2_files_keep_the_passages_shown_as_events(new_engine: Callable[[], Engine]) -> None:
    """Before version 3 the passages shown and the summaries posted were audit rows: they become events, so
    an imported process's underlag still cites what the team was shown."""
    source, target = new_engine(), new_engine()
    data = _without(_good(source), "events") | {"format_version": 2}
    shown = {"actor": "U1", "action": "guidance_shown", "created_at": "2025-03-03T09:00:00+00:00",
             "detail": {"question_id": "s1_syfte", "passages": [{"doc_id": "001", "title": "Vägledning",
                                                                 "locator": "Bild 8", "text": "Förankra."}]}}
    data["audit"] = data["audit"] + [shown]
    with session_scope(target) as session:
        imported = import_process(session, data=data)
    again = json.loads(_export_text(target, imported.id))
    assert again["format_version"] == 3
    assert [(e["kind"], e["actor"], e["detail"]["question_id"]) for e in again["events"]] == [
        ("guidance_shown", "U1", "s1_syfte")]
    assert shown["detail"] in [e["detail"] for e in again["audit"]]  # the audit row itself is kept as it was


def test_report_values_are_checked_by_the_given_model(new_engine: Callable[[], Engine]) -> None:
    from flows.answers import AbcdeReport

    source, target = new_engine(), new_engine()
    data = _good(source)
    data["abcde_reports"][0]["value"] = {"activities": 42, "okänt": "x"}
    with pytest.raises(ImportFormatError, match="ingen giltig ABCDE-rapport"), session_scope(target) as session:
        import_process(session, data=data, report_validator=AbcdeReport.model_validate)


def test_a_copy_beside_the_original_leaves_it_the_channel_and_reminders(engine: Engine) -> None:
    from storage.repository import get_process_by_channel
    from storage.repository.abcde import get_schedule

    pid = _fill(engine)
    data = json.loads(_export_text(engine, pid))
    with session_scope(engine) as session:
        copy_ = import_process(session, data=data, name="Kopia")
        assert copy_.channel_id is None
        schedule = get_schedule(session, process_id=copy_.id)
        assert schedule.paused and schedule.thread_ts is None and schedule.channel_id is None
        assert get_process_by_channel(session, channel_id="C42").id == pid
