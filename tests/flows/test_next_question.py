"""One place, always: after any answer, edit, skip, jump or back the next question is the first open
(neither answered nor skipped) question of the step being worked in, and status names the same one."""

from __future__ import annotations

import pytest

from flows.engine import advance, next_prompt, next_question, resume, start
from flows.loader import load_flow_text
from flows.state import Answer, Back, Continue, Decide, Edit, GoTo, ProcessState, Skip

FOUR = """
id: fyra
version: 1
title: {sv: Fyra}
documents:
  - {id: "001", title: "Vägledning", publisher: Huddinge kommun, year: 2024}
steps:
  - id: ett
    number: 1
    title: {sv: Ett}
    source: {doc: "001", locator: "Bild 9"}
    sections:
      - id: a
        title: {sv: A}
        questions:
""" + "".join(f"""          - id: s1.q{i}
            text: {{sv: "Fråga {i}?"}}
            type: text
            retrieval_hint: fråga
            source: {{doc: "001", locator: "Bild {i}"}}
""" for i in range(1, 5)) + """    gate:
      id: g1
      title: {sv: Beslut ett}
      decision: {sv: "Beslut om ett."}
      source: {doc: "001", locator: "Bild 9"}
      criteria:
        - {id: alla, kind: answered, questions: [s1.q1, s1.q2, s1.q3, s1.q4], text: {sv: Alla besvarade}}
  - id: tva
    number: 2
    title: {sv: Två}
    source: {doc: "001", locator: "Bild 20"}
    sections:
      - id: b
        title: {sv: B}
        questions:
          - id: s2.q1
            text: {sv: "Andra stegets fråga?"}
            type: text
            retrieval_hint: fråga
            source: {doc: "001", locator: "Bild 21"}
    gate:
      id: g2
      title: {sv: Beslut två}
      decision: {sv: "Beslut om två."}
      source: {doc: "001", locator: "Bild 20"}
      criteria:
        - {id: alla, kind: answered, questions: [s2.q1], text: {sv: Besvarad}}
"""
DECISION = {"forum": "Styrgruppen", "date": "2025-03-01", "text": "Vi fortsätter."}


@pytest.fixture
def four():
    return load_flow_text(FOUR, "inline")


def run(flow, state, *events):
    result = None
    for event in events:
        result = advance(flow, state, event)
        state = result.state
    return state, result


def named(flow, state) -> str | None:
    """What status, App Home and the parent message name as next (None: the gate)."""
    prompt = next_prompt(flow, state)
    return prompt.question.id if prompt.kind == "question" else None


def test_answering_out_of_order_comes_back_to_the_first_open_question(four):
    state = start(four, ProcessState())
    state, result = run(four, state, Answer("tre", question_id="s1.q3"))
    assert result.prompt.question.id == "s1.q1" and named(four, state) == "s1.q1"
    state, result = run(four, state, Answer("ett"))
    assert result.prompt.question.id == "s1.q2"  # q3 is answered: not asked again
    state, result = run(four, state, Answer("två"))
    assert result.prompt.question.id == "s1.q4"


def test_an_edit_of_an_earlier_answer_goes_back_to_the_first_open_question(four):
    state, _ = run(four, start(four, ProcessState()), Answer("ett"), Answer("två"))
    state, result = run(four, state, Edit("s1.q1"), Answer("ett, bättre"))
    assert result.store[0].question_id == "s1.q1" and result.state.answers["s1.q1"].version == 2
    assert result.prompt.question.id == "s1.q3" == named(four, state)


def test_skipped_questions_are_never_named_next(four):
    state, result = run(four, start(four, ProcessState()), Skip(), Answer("två"))
    assert result.prompt.question.id == "s1.q3"
    assert next_question(four, state).id == "s1.q3"
    state, result = run(four, state, Answer("tre"), Answer("fyra"))
    assert result.prompt.kind == "gate"  # only the skipped q1 is left: the gate lists it
    assert next_question(four, state) is None and named(four, state) is None
    state, result = run(four, state, GoTo(1))
    assert result.prompt.kind == "gate"  # entering the step lands on the gate, not on the skipped question


def test_back_shows_the_previous_question_but_continue_returns_to_the_next(four):
    state, _ = run(four, start(four, ProcessState()), Answer("ett"), Answer("två"))
    state, result = run(four, state, Back())
    assert result.prompt.question.id == "s1.q2"  # asked for: the previous question, to edit it
    assert named(four, state) == "s1.q3"  # status and App Home still name the next one
    state, result = run(four, state, Continue())
    assert result.prompt.question.id == "s1.q3" and state.cursor == "s1.q3"


def test_an_edit_after_the_step_is_complete_stays_at_the_gate(four):
    state, result = run(four, start(four, ProcessState()), *(Answer(w) for w in ("a", "b", "c", "d")))
    assert result.prompt.kind == "gate"
    state, result = run(four, state, Edit("s1.q2"), Answer("b2"))
    assert result.prompt.kind == "gate" and result.prompt.step.number == 1
    assert not result.problems


def test_continue_after_a_decision_moves_to_the_next_step(four):
    state, _ = run(four, start(four, ProcessState()), *(Answer(w) for w in ("a", "b", "c", "d")))
    state, result = run(four, state, Decide(1, DECISION))
    assert result.prompt.question.id == "s2.q1"
    state, result = run(four, state, GoTo(1), Continue())
    assert result.prompt.question.id == "s2.q1"  # step 1 is decided and has nothing open
    assert resume(four, state) == state


def test_a_jump_to_another_step_makes_it_the_step_worked_in(four):
    state, result = run(four, start(four, ProcessState()), Answer("ett"), GoTo(2))
    assert result.prompt.question.id == "s2.q1" == named(four, state)
    state, result = run(four, state, Answer("steg två"))
    assert result.prompt.kind == "gate" and result.prompt.step.number == 2
    state, result = run(four, state, GoTo(1))
    assert result.prompt.question.id == "s1.q2" == named(four, state)
