"""The shipped worked example and every export-like fixture: they import, completely and consistently."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from bot.examples import example_path, load_example
from bot.examples.answers_file import is_answers_file, to_export
from flows.answers import ANSWER_TYPES, AbcdeReport, EffectLogic, GateDecision
from flows.consistency import check
from flows.engine import gate_readiness
from flows.loader import get_flow
from flows.state import ProcessState, StoredAnswer
from storage import repository as repo
from storage.errors import ImportFormatError
from storage.export import export_process, import_process
from tests.bot.test_cli_chat import coach

ROOT = Path(__file__).resolve().parents[2]
SKIP_DIRS = {".venv", "node_modules", ".git", "data"}


def export_like_files() -> list[Path]:
    """Every JSON file in the repository that is an export or an answers file."""
    found = []
    for path in sorted(ROOT.rglob("*.json")):
        if SKIP_DIRS & set(path.relative_to(ROOT).parts):
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and (data.get("format") == "processcoach-export" or is_answers_file(data)):
            found.append(path)
    return found


def test_the_example_and_the_fixture_are_found():
    names = {p.relative_to(ROOT).as_posix() for p in export_like_files()}
    assert {"bot/examples/skogas.json", "tests/fixtures/skogas.json"} <= names


def _import(engine: Engine, data: dict, name: str | None = None) -> tuple[int, dict]:
    flow = get_flow()
    if is_answers_file(data):
        data = to_export(data, {flow.id: flow}, author="anna")
    with Session(engine) as session:
        process = import_process(session, data=data, name=name, report_validator=AbcdeReport.model_validate)
        session.commit()
        return process.id, export_process(session, process_id=process.id)


def _state(exported: dict) -> ProcessState:
    flow = get_flow()
    latest: dict[str, dict] = {}
    for a in exported["answers"]:
        if a["question_id"] not in latest or a["version"] > latest[a["question_id"]]["version"]:
            latest[a["question_id"]] = a
    answers = {qid: StoredAnswer(ANSWER_TYPES[flow.question(qid).type].model_validate(a["value"]), a["version"])
               for qid, a in latest.items()}
    decisions = {d["step_number"]: GateDecision.model_validate(d["value"]) for d in exported["decisions"]}
    return ProcessState(answers=answers, decisions=decisions, current_step=7)


@pytest.mark.parametrize("path", export_like_files(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_export_like_file_imports_completely_and_consistently(path: Path,
                                                                  new_engine: Callable[[], Engine]):
    flow = get_flow()
    _, exported = _import(new_engine(), json.loads(path.read_text(encoding="utf-8")))
    state = _state(exported)
    assert {q.id for q in flow.questions()} <= set(state.answers)  # every question answered
    assert sorted(state.decisions) == list(range(1, 8))
    assert all(gate_readiness(flow, state, n).ready for n in range(1, 8))
    assert check(flow, state) == [], [f.text() for f in check(flow, state)]


def test_the_example_is_a_full_export_with_history_people_and_abcde_reports():
    data = load_example()
    assert (data["format"], data["format_version"]) == ("processcoach-export", 3)
    assert data["process"]["name"] == "Meningsfull fritid i Skogås"
    assert {m["role"] for m in data["members"]} == {"koordinator", "projektledare", "medlem"}
    assert any(a["version"] == 2 for a in data["answers"])  # earlier drafts are kept
    reports = data["abcde_reports"]
    assert len({r["period_key"] for r in reports}) >= 5
    assert all(AbcdeReport.model_validate(r["value"]).indicator_values for r in reports)
    for d in data["decisions"]:
        decision = GateDecision.model_validate(d["value"])
        assert decision.forum and decision.text and d["unmet"] == []
    logic = _state(data).value("s5.effektlogik")
    assert isinstance(logic, EffectLogic)
    assert all((logic.resources, logic.activities, logic.outcomes_organisation, logic.outcomes_short,
                logic.outcomes_long, logic.goal))  # slide 63's six columns
    assert {c.source for c in logic.connections} >= set(logic.activities)  # every activity leads somewhere


def test_the_shipped_example_is_what_the_fixture_builds():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_example.py"), "--check"],
                            capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr


def test_an_answers_file_with_bad_answers_is_refused_in_swedish_and_stores_nothing(new_engine):
    engine = new_engine()
    data = json.loads((ROOT / "tests" / "fixtures" / "skogas.json").read_text(encoding="utf-8"))
    data["answers"]["s3.utfall"] = {"outcomes": [{"text": "Fler barn", "horizon": "någon gång"}]}
    data["answers"]["s9.okand"] = {"text": "x"}
    with pytest.raises(ImportFormatError) as error:
        _import(engine, data)
    assert "«s3.utfall»" in error.value.message and "«s9.okand» är ingen fråga i flödet" in error.value.message
    with Session(engine) as session:
        assert repo.get_process(session, name=data["name"]) is None


def test_coach_exempel_loads_it_once_and_again_under_another_name(tmp_path):
    first = coach(tmp_path, "exempel", "--user", "kim")
    assert first.returncode == 0, first.stderr
    assert "Importerade processen «Meningsfull fritid i Skogås»" in first.stdout
    assert "coach chat --process \"Meningsfull fritid i Skogås\" --user kim" in first.stdout
    again = coach(tmp_path, "exempel")
    assert again.returncode == 1 and "finns redan" in again.stderr and "Traceback" not in again.stderr
    copy = coach(tmp_path, "exempel", "--name", "Skogås kopia", "--user", "kim")
    assert copy.returncode == 0, copy.stderr
    status = coach(tmp_path, "chat", "--process", "Skogås kopia", "--user", "kim", stdin="status\navsluta\n")
    assert status.stdout.count("beslutad") >= 7 and "Samstämmighet" not in status.stdout


def test_coach_import_takes_the_fixture(tmp_path):
    result = coach(tmp_path, "import", str(ROOT / "tests" / "fixtures" / "skogas.json"), "--user", "anna")
    assert result.returncode == 0, result.stderr
    assert "Importerade processen «Meningsfull fritid i Skogås» (svarsversioner: 165, beslut: 7" in result.stdout
    assert example_path().exists()
