"""A question's nested prompts (flows/prompts.py): the answer type's fields with the rows' own fields, a
checklist's items and a choice's options, each with its own Swedish and English text."""

from __future__ import annotations

from flows.answers import ANSWER_TYPES
from flows.loader import get_flow
from flows.prompts import model_fields, nested_prompts


def by_id(entries: list[dict]) -> dict[str, dict]:
    return {e["id"]: e for e in entries}


def first_of_type(answer_type: str):
    return next(q for q in get_flow().questions() if q.type == answer_type)


def walk(entries: list[dict]):
    for entry in entries:
        yield entry
        yield from walk(entry.get("fields", []))


def test_the_indicator_rows_show_every_smart_field_with_both_texts():
    fields = nested_prompts(first_of_type("smart_indicators"))["fields"]
    assert [f["id"] for f in fields] == ["indicators"]
    rows = fields[0]
    assert rows["type"] == "rows" and rows["required"] is True and rows["text"] == "Indikatorer"
    inner = by_id(rows["fields"])
    assert list(inner)[:3] == ["name", "who_what", "baseline"]
    assert inner["who_what"] == {"id": "who_what", "text": "Vem, vilka eller vad ska förflyttas?",
                                 "text_en": "Who or what should move?", "required": False, "type": "text"}
    assert inner["name"]["required"] is True


def test_the_gap_checklist_lists_its_items_in_order_with_groups():
    question = first_of_type("gap_checklist")
    prompts = nested_prompts(question)
    assert [i["id"] for i in prompts["items"]] == [i.id for i in question.items]
    first = prompts["items"][0]
    assert first == {"id": "malgrupp_storlek", "text": "Hur stor är målgruppen?",
                     "text_en": "How large is the target group?", "group": "Målgrupp"}
    gaps = by_id(prompts["fields"])["gaps"]
    category = by_id(gaps["fields"])["category"]
    assert category["type"] == "choice" and category["choices"] == ["malgrupp", "kvalitet", "organisation", "insats"]


def test_a_choice_shows_its_options_and_a_plain_text_question_has_no_nested_prompts():
    choice = first_of_type("choice")
    prompts = nested_prompts(choice)
    assert [o["value"] for o in prompts["options"]] == [o.value for o in choice.options]
    assert prompts["options"][0]["text"] == choice.options[0].label.sv
    assert by_id(prompts["fields"])["choice"]["choices"] == [o.value for o in choice.options]
    assert by_id(prompts["fields"])["comment"]["required"] is False
    assert nested_prompts(first_of_type("text")) == {}
    assert nested_prompts(first_of_type("list")) == {}


def test_field_kinds_cover_yes_no_dates_numbers_multi_choice_and_ratings():
    kinds = {f["type"] for model in ANSWER_TYPES.values() for f in walk(model_fields(model))}
    assert {"text", "yes_no", "date", "number", "choice", "list", "multi_choice", "rows", "ratings"} <= kinds
    rows = by_id(model_fields(ANSWER_TYPES["consequence_analysis"]))["rows"]
    ratings = by_id(rows["fields"])["ratings"]
    assert ratings["type"] == "ratings" and ratings["choices"] == ["+", "0", "-"]
    bands = by_id(by_id(model_fields(ANSWER_TYPES["intervention_mapping"]))["interventions"]["fields"])["age_bands"]
    assert bands["type"] == "multi_choice" and "12-18" in bands["choices"]


def test_every_nested_prompt_of_the_guide_has_a_swedish_and_an_english_text():
    for question in get_flow().questions():
        prompts = nested_prompts(question)
        for entry in [*walk(prompts.get("fields", [])), *prompts.get("items", []), *prompts.get("options", [])]:
            assert entry["text"].strip() and (entry["text_en"] or "").strip(), (question.id, entry)
