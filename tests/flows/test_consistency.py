"""Consistency across steps: inline flows and states, one finding per broken promise, and the real flow."""

from __future__ import annotations

import pytest
import yaml

from flows.answers import ANSWER_TYPES
from flows.consistency import check, head, same
from flows.loader import get_flow, load_flow_text
from flows.state import ProcessState, StoredAnswer
from tests.fixtures import skogas_state


def _q(qid: str, kind: str) -> dict:
    return {"id": qid, "text": {"sv": f"Fråga {qid}"}, "type": kind, "retrieval_hint": "fråga",
            "source": {"doc": "001", "locator": "Bild 1"}}


def _step(number: int, questions: list[dict]) -> dict:
    return {"id": f"steg{number}", "number": number, "title": {"sv": f"Steg {number}"},
            "source": {"doc": "001", "locator": "Bild 1"},
            "sections": [{"id": "del", "title": {"sv": "Del"}, "questions": questions}],
            "gate": {"id": f"beslut{number}", "title": {"sv": "Beslut"}, "decision": {"sv": "Beslut fattas om …"},
                     "source": {"doc": "001", "locator": "Bild 1"}}}


FLOW = load_flow_text(yaml.safe_dump({
    "id": "demo", "version": 1, "title": {"sv": "Demo"},
    "documents": [{"id": "001", "title": "Vägledning", "publisher": "Huddinge kommun", "year": 2024}],
    "steps": [
        _step(1, [_q("s1.problemtrad", "problem_tree"), _q("s1.insatser", "intervention_mapping")]),
        _step(2, [_q("s3.utfall", "outcomes"), _q("s2.indikatorer", "smart_indicators"),
                  _q("s3.beslutade_utfall", "list")]),
        _step(3, [_q("s3.effektlogik", "effect_logic"), _q("s3.plan", "implementation_plan")]),
    ]}, allow_unicode=True), "inline")

SMART = {"who_what": "Elever åk 4–6", "baseline": "38 %", "target": "50 %", "change": "+12", "by_when": "vt 2027",
         "data_source": "Elevenkäten", "responsible": "Analytiker"}
OUTCOME = {"horizon": "kort_sikt", "prevention_level": "universell"}
CONSISTENT = {
    "s1.problemtrad": {"problem": "Barn deltar inte", "root_causes": [
        {"cause": "Lokal info om aktiviteter", "prioritised": True},
        {"cause": "Prissättning", "prioritised": True},
        {"cause": "Säkra vägar", "prioritised": False}]},
    "s1.insatser": {"interventions": [{"name": "Fritidskortet", "prevention_level": "universell",
                                       "root_causes": ["Prissättning"]}]},
    "s3.utfall": {"outcomes": [OUTCOME | {"text": "Fler barn 10-12 år deltar i fritidsaktivitet",
                                          "root_causes": ["Lokal info om aktiviteter"]}]},
    "s2.indikatorer": {"indicators": [SMART | {"name": "Andel som deltar",
                                               "outcome": "Fler barn 10–12 år deltar i fritidsaktivitet"}]},
    "s3.beslutade_utfall": {"items": ["Fler barn 10-12 år deltar i fritidsaktivitet – andel som deltar"]},
    "s3.effektlogik": {"goal": "Meningsfull fritid", "resources": ["Fritidsledare"], "activities": ["Torgidén"],
                       "outcomes_short": ["Fler barn 10-12 år deltar i fritidsaktivitet"],
                       "connections": [{"source": "Torgidén",
                                        "target": "Fler barn 10-12 år deltar i fritidsaktivitet"}]},
    "s3.plan": {"activities": [{"activity": "Torgidén", "responsible": "KUF", "when": "aug",
                                "outcome": "Fler barn 10-12 år deltar i fritidsaktivitet"}]},
}


def state_of(raw: dict) -> ProcessState:
    answers = {}
    for qid, value in raw.items():
        model = ANSWER_TYPES[FLOW.question(qid).type]
        answers[qid] = StoredAnswer(model.model_validate(value), 1)
    return ProcessState(answers=answers)


def changed(**replace) -> dict:
    return CONSISTENT | replace


def codes(raw: dict) -> list[str]:
    return [f.code for f in check(FLOW, state_of(raw))]


def test_a_consistent_process_has_no_findings():
    assert check(FLOW, state_of(CONSISTENT)) == []


def test_nothing_answered_nothing_found():
    assert check(FLOW, ProcessState()) == []


def test_outcome_without_indicator_names_outcome_step_and_action():
    raw = changed(**{"s3.utfall": {"outcomes": [*CONSISTENT["s3.utfall"]["outcomes"],
                                                OUTCOME | {"text": "Ökad samverkan"}]}})
    [finding] = check(FLOW, state_of(raw))
    assert finding.code == "outcome_without_indicator" and finding.item == "Ökad samverkan"
    assert finding.step == 2 and finding.question_id == "s2.indikatorer"
    assert "«Ökad samverkan»" in finding.message("sv") and "indikator" in finding.action("sv")
    assert "«Ökad samverkan»" in finding.message("en") and finding.action("en")


def test_outcome_whose_indicator_is_not_smart():
    raw = changed(**{"s2.indikatorer": {"indicators": [{"name": "Andel som deltar", "data_source": "Enkät",
                                                       "outcome": "Fler barn 10-12 år deltar i fritidsaktivitet"}]}})
    assert "outcome_without_smart_indicator" in codes(raw)
    assert codes(raw).count("indicator_incomplete") == 1


def test_prioritised_root_cause_not_addressed():
    raw = changed(**{"s1.insatser": {"interventions": [{"name": "Fritidskortet", "prevention_level": "universell"}]}})
    [finding] = check(FLOW, state_of(raw))
    assert (finding.code, finding.item, finding.step) == ("root_cause_unaddressed", "Prissättning", 2)


def test_decided_outcome_missing_from_effect_logic():
    raw = changed(**{"s3.beslutade_utfall": {"items": [*CONSISTENT["s3.beslutade_utfall"]["items"],
                                                       "Färre unga aktualiseras – register"]}})
    [finding] = check(FLOW, state_of(raw))
    assert (finding.code, finding.item, finding.step) == ("decided_outcome_not_in_effect_logic",
                                                          "Färre unga aktualiseras", 3)
    assert finding.question_id == "s3.effektlogik"


def test_plan_activity_without_or_with_unknown_outcome():
    plan = {"activities": [{"activity": "Torgidén", "responsible": "KUF", "when": "aug"},
                           {"activity": "Coacher", "responsible": "SOF", "when": "okt", "outcome": "Något annat"}]}
    found = check(FLOW, state_of(changed(**{"s3.plan": plan})))
    assert [(f.code, f.item) for f in found] == [("activity_without_outcome", "Torgidén"),
                                                 ("activity_unknown_outcome", "Coacher")]


def test_plan_as_prose_only_is_found():
    assert codes(changed(**{"s3.plan": {"text": "Aug: Torgidén. Sep: skolan."}})) == ["plan_without_activities"]


def test_indicator_missing_parts_are_named():
    indicator = dict(SMART, name="Andel som deltar", outcome="Fler barn 10-12 år deltar i fritidsaktivitet")
    del indicator["responsible"], indicator["target"]  # still SMART (the guide's five parts), not followable
    [finding] = check(FLOW, state_of(changed(**{"s2.indikatorer": {"indicators": [indicator]}})))
    assert finding.code == "indicator_incomplete"
    assert "målvärde" in finding.message("sv") and "ansvarig" in finding.message("sv")
    assert "target" in finding.message("en") and "owner" in finding.message("en")


def test_effect_link_to_an_unknown_item():
    logic = CONSISTENT["s3.effektlogik"] | {"connections": [{"source": "Torgidén", "target": "Ökad trivsel"}]}
    [finding] = check(FLOW, state_of(changed(**{"s3.effektlogik": logic})))
    assert (finding.code, finding.item) == ("effect_link_unknown_item", "Ökad trivsel")


def test_findings_come_in_step_order():
    raw = changed(**{"s3.plan": {"text": "prosa"}, "s3.utfall": {"outcomes": [OUTCOME | {"text": "Nytt utfall"}]}})
    steps = [f.step for f in check(FLOW, state_of(raw))]
    assert steps == sorted(steps) and len(steps) >= 3


@pytest.mark.parametrize(("a", "b", "expected"), [
    ("Fler barn 10-12 år deltar", "fler barn 10–12 år deltar.", True),
    ("Ökad tillgänglighet", "Ökad tillgänglighet till fritidsaktiviteter", True),
    ("Ökad till", "Ökad tillgänglighet", False),
    ("", "", False),
])
def test_same(a, b, expected):
    assert same(a, b) is expected


def test_head_cuts_the_indicator_after_a_dash():
    assert head("Fler barn 10-12 år deltar – andel (elevenkät)") == "Fler barn 10-12 år deltar"
    assert head("Barn 10-12 år") == "Barn 10-12 år"


def test_the_real_flow_and_the_skogas_example():
    flow = get_flow()
    found = check(flow, skogas_state(flow))
    assert found == [], [f.text() for f in found]
