from __future__ import annotations

import datetime as dt

from flows.engine import advance, gate_readiness, start, step_status
from flows.state import Answer, Back, Continue, Decide, Edit, GoTo, ProcessState, Skip

DECISION = {"forum": "Styrgruppen", "date": "2025-03-01", "text": "Vi startar."}


def run(flow, state, *events):
    results = []
    for event in events:
        result = advance(flow, state, event)
        state = result.state
        results.append(result)
    return state, results


def test_new_process_starts_at_first_question(flow):
    result = advance(flow, ProcessState(), Continue())
    assert result.prompt.kind == "question"
    assert result.prompt.question.id == "s1.mal"
    assert (result.prompt.position, result.prompt.total) == (1, 3)


def test_answer_is_stored_and_cursor_moves_on(flow):
    state = start(flow, ProcessState())
    result = advance(flow, state, Answer("Fler barn 10–12 år deltar i ledarledda fritidsaktiviteter"))
    assert [s.question_id for s in result.store] == ["s1.mal"]
    assert result.store[0].value.text.startswith("Fler barn")
    assert result.state.answers["s1.mal"].version == 1
    assert result.prompt.question.id == "s1.aktorer"


def test_empty_answer_is_refused_in_swedish_and_nothing_stored(flow):
    state = start(flow, ProcessState())
    result = advance(flow, state, Answer("   "))
    assert result.store == ()
    assert "tomt" in result.problems[0].message
    assert result.state.cursor == "s1.mal"


def test_choice_accepts_number_or_label_and_refuses_others(flow):
    state = start(flow, ProcessState(cursor="s1.styrning"))
    bad = advance(flow, state, Answer("kanske"))
    assert bad.store == () and "välj ett av alternativen" in bad.problems[0].message
    good = advance(flow, state, Answer("1"))
    assert good.store[0].value.choice == "styrgrupp"


def test_skip_marks_unanswered_and_gate_lists_it(flow):
    state, results = run(flow, start(flow, ProcessState()), Skip(), Skip(), Answer("2"))
    assert results[0].store[0].skipped is True
    assert "överhoppad" in results[0].notices[0]
    assert results[-1].prompt.kind == "gate"
    readiness = results[-1].prompt.gate
    assert not readiness.ready
    assert "Vilket är det långsiktiga målet?" in str(readiness.unmet[0])


def test_skip_never_hides_an_answer(flow):
    state, _ = run(flow, start(flow, ProcessState()), Answer("Målet"), Back())
    result = advance(flow, state, Skip())
    assert result.store == ()
    assert result.state.answers["s1.mal"].answered


def test_edit_creates_new_version_and_unchanged_answer_does_not(flow):
    state, _ = run(flow, start(flow, ProcessState()), Answer("Första"))
    state, results = run(flow, state, Edit("s1.mal"), Answer("Andra"), Edit("s1.mal"), Answer("Andra"))
    assert results[0].prompt.current.value.text == "Första"
    assert results[1].state.answers["s1.mal"].version == 2
    assert results[3].store == () and "oförändrat" in results[3].notices[0]


def test_back_goes_to_previous_question_across_steps(flow):
    state = ProcessState(current_step=2, cursor="s2.indikatorer")
    result = advance(flow, state, Back())
    assert result.state.cursor == "s1.styrning" and result.state.current_step == 1
    first = advance(flow, ProcessState(cursor="s1.mal"), Back())
    assert first.state.cursor == "s1.mal" and "första" in first.notices[0]


def test_goto_jumps_to_first_open_question_and_refuses_unknown_steps(flow):
    result = advance(flow, start(flow, ProcessState()), GoTo(2))
    assert result.prompt.question.id == "s2.indikatorer"
    bad = advance(flow, result.state, GoTo(9))
    assert "steg 1–2" in bad.problems[0].message.lower()


def test_step_status_moves_through_all_four_states(flow):
    state = start(flow, ProcessState())
    assert step_status(flow, state, 1) == "ej_paborjad"
    state, _ = run(flow, state, Answer("Målet"))
    assert step_status(flow, state, 1) == "pagar"
    state, results = run(flow, state, Skip(), Answer("styrgrupp"))
    assert step_status(flow, state, 1) == "redo_for_beslut"
    assert "Steg 1 är redo för beslut." in results[-1].notices
    state, results = run(flow, state, Decide(1, DECISION))
    assert step_status(flow, state, 1) == "beslutad"
    assert results[0].decision.value.date == dt.date(2025, 3, 1)
    assert results[0].prompt.question.id == "s2.indikatorer"


def test_smart_draft_is_stored_but_flagged_and_gate_checks_data_source(flow):
    state = ProcessState(current_step=2, cursor="s2.indikatorer")
    draft = {"indicators": [{"name": "Andel barn 10–12 år som deltar i ledarledd fritid"}]}
    result = advance(flow, state, Answer(draft))
    assert result.store and "inte SMART" in result.store[0].warnings[0]
    readiness = gate_readiness(flow, result.state, 2)
    assert not readiness.ready
    assert any("saknar datakälla" in d for u in readiness.unmet for d in u.details)
    full = {"indicators": [{**draft["indicators"][0], "who_what": "Barn 10–12 år i Skogås",
                            "baseline": "35 %", "change": "+10 procentenheter", "by_when": "2026",
                            "data_source": "Elevenkät"}]}
    result = advance(flow, result.state, Edit("s2.indikatorer"))
    result = advance(flow, result.state, Answer(full))
    assert result.store[0].warnings == ()
    assert gate_readiness(flow, result.state, 2).ready


def test_decision_on_unready_gate_needs_explicit_override(flow):
    state = start(flow, ProcessState())
    refused = advance(flow, state, Decide(1, DECISION))
    assert refused.decision is None and "inte redo" in refused.problems[0].message
    assert refused.unready is not None and not refused.unready.ready and refused.unready.step == 1
    forced = advance(flow, state, Decide(1, DECISION, despite_unmet=True))
    assert forced.decision is not None and forced.decision.unmet
    assert forced.unready is None
    assert any("trots" in n for n in forced.notices)


def test_invalid_decision_gets_swedish_field_names(flow):
    result = advance(flow, start(flow, ProcessState()), Decide(1, {"forum": "", "date": "igår"},
                                                                despite_unmet=True))
    fields = {p.field for p in result.problems}
    assert {"Forum", "Datum", "Beslut"} <= fields
    assert result.unready is None  # a bad form is not a reason to ask "decide anyway?"


def test_done_after_last_gate(flow):
    state = ProcessState(decisions={1: object()}, current_step=2, cursor="s2.indikatorer")
    full = {"indicators": [{"name": "x", "who_what": "a", "baseline": "b", "change": "c", "by_when": "d",
                            "data_source": "e"}]}
    state, results = run(flow, state, Answer(full), Decide(2, DECISION))
    assert results[-1].prompt.kind == "done"


def test_engine_does_not_mutate_input_state(flow):
    state = start(flow, ProcessState())
    advance(flow, state, Answer("Målet"))
    assert state.answers == {}


def test_a_form_answer_to_another_step_keeps_the_team_where_it_is(flow):
    state = start(flow, ProcessState())
    ahead = {"indicators": [{"name": "Andel barn 10–12 år i ledd fritid", "data_source": "Enkät"}]}
    kept = advance(flow, state, Answer(ahead, question_id="s2.indikatorer", keep_place=True))
    assert [s.question_id for s in kept.store] == ["s2.indikatorer"]
    assert (kept.state.current_step, kept.state.cursor) == (1, "s1.mal")  # the team's next question is unchanged
    moved = advance(flow, state, Answer(ahead, question_id="s2.indikatorer"))  # the terminal's way: into step 2
    assert moved.state.current_step == 2
    refused = advance(flow, state, Answer({"indicators": []}, question_id="s2.indikatorer", keep_place=True))
    assert refused.problems and (refused.state.current_step, refused.state.cursor) == (1, "s1.mal")
