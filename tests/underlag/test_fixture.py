"""The Skogås example fixture is valid against the flow and makes every gate ready."""

from __future__ import annotations

import pytest

from flows.answers import GateDecision
from flows.engine import gate_readiness, step_status
from flows.loader import get_flow
from flows.validation import validate_answer
from tests.fixtures import skogas, skogas_state


@pytest.fixture(scope="module")
def flow():
    return get_flow()


def test_every_answer_is_valid_for_its_question(flow):
    data = skogas()
    for question_id, raw in data["answers"].items():
        value, problems = validate_answer(flow.question(question_id), raw)
        assert value is not None and not problems, (question_id, problems)
        assert not value.warnings(), (question_id, value.warnings())


def test_every_required_question_is_answered(flow):
    answered = set(skogas()["answers"])
    missing = [q.id for q in flow.questions() if q.required and q.id not in answered]
    assert not missing


def test_most_optional_questions_are_answered(flow):
    optional = [q.id for q in flow.questions() if not q.required]
    answered = set(skogas()["answers"])
    assert sum(q in answered for q in optional) >= 0.8 * len(optional)


def test_gap_checklist_uses_the_question_items(flow):
    question = next(q for q in flow.questions() if q.type == "gap_checklist")
    raw = skogas()["answers"][question.id]
    assert {a["item"] for a in raw["answers"]} == {item.id for item in question.items}


@pytest.mark.parametrize("step", range(1, 8))
def test_gate_is_ready(flow, step):
    state = skogas_state(flow, decided=False)
    readiness = gate_readiness(flow, state, step)
    assert readiness.ready, [str(u) for u in readiness.unmet]
    assert step_status(flow, state, step) == "redo_for_beslut"


def test_every_gate_has_a_decision(flow):
    decisions = skogas()["decisions"]
    assert sorted(decisions, key=int) == [str(s.number) for s in flow.steps]
    for raw in decisions.values():
        GateDecision.model_validate(raw)
    state = skogas_state(flow)
    assert all(step_status(flow, state, s.number) == "beslutad" for s in flow.steps)
