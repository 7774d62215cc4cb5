"""Modal builders for every answer type: within Slack's limits, and lossless round trips through the state."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot.slack import constants as c
from bot.slack.modal_state import errors_for, keep_hidden_rows, raw_answer
from bot.slack.modals import BUILDERS, answer_modal, decide_modal, full_text_modal, initial_of
from bot.slack.models import ViewMeta
from flows.answers import ANSWER_TYPES
from flows.loader import get_flow
from tests.fixtures import skogas

FLOW = get_flow()
EXAMPLE = skogas()["answers"]


def slack_state(view: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The view_submission state Slack would send for a modal submitted as it was opened."""
    values: dict[str, dict[str, Any]] = {}
    for block in view["blocks"]:
        if block["type"] != "input":
            continue
        element = block["element"]
        kind = element["type"]
        state: dict[str, Any] = {"type": kind}
        if kind == "plain_text_input":
            state["value"] = element.get("initial_value")
        elif kind == "static_select":
            state["selected_option"] = element.get("initial_option")
        elif kind == "checkboxes":
            state["selected_options"] = element.get("initial_options", [])
        elif kind == "datepicker":
            state["selected_date"] = element.get("initial_date")
        values[block["block_id"]] = {element["action_id"]: state}
    return values


def check_limits(view: dict[str, Any]) -> None:
    assert len(view["blocks"]) <= c.MAX_MODAL_BLOCKS
    assert len(view["title"]["text"]) <= c.MAX_MODAL_TITLE
    assert len(view.get("private_metadata", "")) <= c.MAX_PRIVATE_METADATA
    ids = [b["block_id"] for b in view["blocks"] if "block_id" in b]
    assert len(ids) == len(set(ids))
    for block in view["blocks"]:
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= c.MAX_SECTION_TEXT


def test_there_is_a_builder_for_every_answer_type() -> None:
    assert set(BUILDERS) == set(ANSWER_TYPES)


@pytest.mark.parametrize("question_id", sorted(EXAMPLE))
def test_example_answer_survives_modal_round_trip(question_id: str) -> None:
    question = FLOW.question(question_id)
    model = ANSWER_TYPES[question.type]
    original = model.model_validate(EXAMPLE[question_id])
    view = answer_modal(question, ViewMeta(p=1, q=question_id, c="C1"), original.model_dump(mode="json"))
    check_limits(view)
    raw, index_map = raw_answer(question, question.type, slack_state(view))
    blocks = [b["block_id"] for b in view["blocks"] if b["type"] == "input"]
    assert errors_for(question.type, raw, blocks, index_map) == {}
    assert model.model_validate(raw) == original


@pytest.mark.parametrize("answer_type", sorted(set(q.type for q in FLOW.questions())))
def test_empty_modal_fits_and_reports_swedish_errors_on_blocks(answer_type: str) -> None:
    question = next(q for q in FLOW.questions() if q.type == answer_type)
    view = answer_modal(question, ViewMeta(p=1, q=question.id), None)
    check_limits(view)
    raw, index_map = raw_answer(question, answer_type, slack_state(view))
    blocks = [b["block_id"] for b in view["blocks"] if b["type"] == "input"]
    errors = errors_for(answer_type, raw, blocks, index_map)
    assert errors and set(errors) <= set(blocks)
    assert all(message[:1].isupper() for message in errors.values())


def test_row_errors_land_on_the_row_the_person_typed_in() -> None:
    question = FLOW.question("s3.indikatorer")
    view = answer_modal(question, ViewMeta(p=1, q=question.id, rows={"indicators": 3}), None)
    state = slack_state(view)
    state["indicators.2.baseline"]["v"]["value"] = "32 procent"  # third row: baseline but no name
    state["indicators.0.name"]["v"]["value"] = "Andel barn i ledd fritid"
    raw, index_map = raw_answer(question, question.type, state)
    assert len(raw["indicators"]) == 2  # the empty middle row is dropped
    blocks = [b["block_id"] for b in view["blocks"] if b["type"] == "input"]
    assert errors_for(question.type, raw, blocks, index_map) == {"indicators.2.name": "Måste fyllas i"}


def test_rows_are_capped_to_fit_one_view() -> None:
    question = FLOW.question("s3.indikatorer")
    view = answer_modal(question, ViewMeta(p=1, q=question.id, rows={"indicators": 40}), None)
    assert len(view["blocks"]) <= c.MAX_MODAL_BLOCKS
    assert not any(b.get("block_id") == "add_rows" for b in view["blocks"])
    last = [b for b in view["blocks"] if b["type"] == "input"][-1]["block_id"]
    assert last.endswith(".outcome")  # whole rows only: the last row is complete


def test_decide_and_full_text_modals() -> None:
    view = decide_modal("Beslutspunkt 1", "Beslut fattas om <uppdrag>", ViewMeta(p=1, s=1, c="C1"))
    check_limits(view)
    assert "&lt;uppdrag&gt;" in view["blocks"][0]["text"]["text"]
    assert {b["block_id"] for b in view["blocks"] if b["type"] == "input"} == {"forum", "date", "text", "decided_by"}
    long = "<!channel> " + "ord " * 5000
    view = full_text_modal("Hela svaret", long)
    check_limits(view)
    assert "<!channel>" not in str(view) and "submit" not in view


def test_decide_modal_with_unmet_criteria_requires_the_confirmation() -> None:
    unmet = tuple(f"Kriterium {i} <!here>" for i in range(14))
    view = decide_modal("Beslutspunkt 1", "Beslut fattas om uppdraget", ViewMeta(p=1, s=1), unmet=unmet,
                        initial={"date": "2025-01-22"})
    check_limits(view)
    shown = str(view["blocks"])
    assert "Kriterium 0 &lt;!here&gt;" in shown and "… och 4 till" in shown and "<!here>" not in shown
    confirm = view["blocks"][-1]
    assert confirm["block_id"] == c.CONFIRM_BLOCK and confirm["optional"] is False
    assert confirm["element"]["options"][0]["value"] == c.DESPITE_UNMET
    assert "initial_options" not in confirm["element"]  # never pre-ticked
    date = next(b for b in view["blocks"] if b.get("block_id") == "date")
    assert date["element"]["initial_date"] == "2025-01-22"
    raw, _ = raw_answer(None, "gate_decision", slack_state(view))
    assert c.CONFIRM_BLOCK not in raw  # the confirmation is not part of the decision itself


def test_more_stored_rows_than_fit_are_shown_in_part_and_recorded() -> None:
    question = FLOW.question("s3.indikatorer")
    example = EXAMPLE["s3.indikatorer"]
    rows = [{**example["indicators"][0], "name": f"Indikator {i}"} for i in range(20)]
    view = answer_modal(question, ViewMeta(p=1, q=question.id, v=3), {**example, "indicators": rows})
    check_limits(view)
    meta = ViewMeta.model_validate_json(view["private_metadata"])
    shown = meta.h["indicators"]
    assert meta.v == 3 and 1 <= shown < 20
    ids = {b["block_id"] for b in view["blocks"] if b["type"] == "input"}
    assert f"indicators.{shown - 1}.outcome" in ids and f"indicators.{shown}.name" not in ids  # whole rows
    raw, _ = raw_answer(question, question.type, slack_state(view))
    kept = keep_hidden_rows(raw, {"indicators": rows}, meta.h)
    assert [r["name"] for r in kept["indicators"]] == [f"Indikator {i}" for i in range(20)]


def test_blank_rows_give_way_before_stored_rows_are_hidden() -> None:
    question = FLOW.question("s3.indikatorer")
    example = EXAMPLE["s3.indikatorer"]
    view = answer_modal(question, ViewMeta(p=1, q=question.id, rows={"indicators": 30}), example)
    meta = ViewMeta.model_validate_json(view["private_metadata"])
    assert meta.h == {}  # the stored rows all fit; only blank rows were dropped
    assert len(view["blocks"]) <= c.MAX_MODAL_BLOCKS


def test_keep_hidden_rows_appends_after_the_edited_rows() -> None:
    stored = {"risks": [{"risk": "a"}, {"risk": "b"}, {"risk": "c"}]}
    assert keep_hidden_rows({"risks": [{"risk": "A"}]}, stored, {"risks": 2}) == {
        "risks": [{"risk": "A"}, {"risk": "c"}]}  # the second shown row was emptied on purpose: gone
    assert keep_hidden_rows({}, stored, {"risks": 3}) == {"risks": []}


def test_modals_in_english() -> None:
    question = FLOW.question("s2.problemtrad")
    view = answer_modal(question, ViewMeta(p=1, q=question.id, c="C1"), initial_of(None), "en")
    check_limits(view)
    shown = json.dumps(view, ensure_ascii=False)
    assert (view["title"]["text"], view["submit"]["text"], view["close"]["text"]) == ("Answer", "Save", "Cancel")
    assert " – row 1*" in shown and "Add row" in shown and " – rad " not in shown and "Lägg till rad" not in shown
    unmet = ("Kriterium <a>",)
    view = decide_modal("Decision point 1", "Decide on the assignment", ViewMeta(p=1, s=1), "en", unmet=unmet)
    shown = json.dumps(view, ensure_ascii=False)
    assert "Record the beslut (decision) anyway" in shown and "Missing before the beslut" in shown
    assert view["title"]["text"] == "Beslut (decision)"
    question = next(q for q in FLOW.questions() if q.type == "outcomes")
    view = answer_modal(question, ViewMeta(p=1, q=question.id), initial_of(None), "en")
    shown = json.dumps(view, ensure_ascii=False)
    assert "Universell (universal) – given to everyone" in shown and "Universell – ges till alla" not in shown


def test_a_row_the_answer_needs_marks_its_required_fields_and_later_rows_name_them() -> None:
    """Slack shows every optional input as «(valfri)»: the insatskartläggning's Preventionsnivå looked
    optional and was then refused with «Måste fyllas i». The first row of a list the answer needs marks the
    row's required fields; every further row says what a row that is filled in needs."""
    question = FLOW.question("s2.insatskartlaggning")
    view = answer_modal(question, ViewMeta(p=1, q=question.id, rows={"interventions": 2}), None)
    check_limits(view)
    inputs = {b["block_id"]: b for b in view["blocks"] if b["type"] == "input"}
    assert inputs["interventions.0.name"]["optional"] is False
    assert inputs["interventions.0.prevention_level"]["optional"] is False
    assert inputs["interventions.0.organisation"]["optional"] is True
    assert inputs["interventions.1.prevention_level"]["optional"] is True  # a second row may stay blank
    heads = [e["text"] for b in view["blocks"] if b["type"] in ("context", "section")
             for e in (b.get("elements") or [b.get("text")]) if e and e.get("text", "").startswith("*Insatser – rad")]
    assert heads[0] == "*Insatser – rad 1*"
    assert heads[1] == "*Insatser – rad 2* · fyller du i raden krävs Insats, Preventionsnivå"
    english = answer_modal(question, ViewMeta(p=1, q=question.id, rows={"interventions": 2}), None, "en")
    assert "a row you fill in needs Intervention, Prevention level" in json.dumps(english)
