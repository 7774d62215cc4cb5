from __future__ import annotations

import pytest

from flows.errors import FlowError, FlowErrors
from flows.loader import load_flow_text
from tests.flows.conftest import TWO_STEPS


def test_inline_flow_loads(flow):
    assert [s.number for s in flow.steps] == [1, 2]
    assert flow.question("s1.mal").source.locator == "Bild 8"


def test_stage1_bad_yaml_names_the_file():
    with pytest.raises(FlowError, match="mine.yaml: not valid YAML"):
        load_flow_text("id: [unclosed", "mine.yaml")


def test_stage2_schema_error_names_flow_step_and_question():
    text = TWO_STEPS.replace("type: list", "type: poem")
    with pytest.raises(FlowError) as info:
        load_flow_text(text, "mine.yaml")
    message = str(info.value)
    assert "flow demo" in message and "(id=starta_upp)" in message and "(id=s1.aktorer)" in message
    assert "unknown answer type 'poem'" in message


def test_stage3_duplicate_and_dangling_references_are_all_reported():
    text = TWO_STEPS.replace("id: s1.aktorer", "id: s1.mal").replace(
        "questions: [s2.indikatorer]", "questions: [s2.finns_inte]")
    with pytest.raises(FlowErrors) as info:
        load_flow_text(text, "mine.yaml")
    message = str(info.value)
    assert "duplicate question id 's1.mal'" in message
    assert "step 2 (definiera_utfall)" in message and "unknown question 's2.finns_inte'" in message


def test_stage3_check_must_fit_question_type():
    text = TWO_STEPS.replace("params: {question: s2.indikatorer}", "params: {question: s1.mal}")
    with pytest.raises(FlowErrors, match="needs a 'smart_indicators' question, 's1.mal' is 'text'"):
        load_flow_text(text, "mine.yaml")


def test_stage3_unknown_check_and_step_numbering():
    text = TWO_STEPS.replace("check: indicators_have_data_source", "check: magic").replace(
        "number: 2", "number: 3")
    with pytest.raises(FlowErrors) as info:
        load_flow_text(text, "mine.yaml")
    assert "unknown check 'magic'" in str(info.value)
    assert "numbered 1..2" in str(info.value)


def test_stage3_criterion_cannot_reach_into_another_step():
    text = TWO_STEPS.replace("questions: [s2.indikatorer]", "questions: [s1.mal]")
    with pytest.raises(FlowErrors, match="question 's1.mal' of another step"):
        load_flow_text(text, "mine.yaml")
