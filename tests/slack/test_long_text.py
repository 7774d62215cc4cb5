"""Nothing cut: an answer longer than one Slack input (3,000) is shown whole in parts and an unchanged
submit gives back every character; an edit in one part keeps the rest; a text as long as a Slack message
(40,000) is stored whole."""

from __future__ import annotations

import json

import pytest

from bot.slack import constants as c
from bot.slack.inputs import split_text
from bot.slack.modal_state import raw_answer
from bot.slack.modals import answer_modal
from bot.slack.models import ViewMeta
from bot.slack.validate import view_problems
from flows.answers import TextAnswer
from flows.loader import get_flow
from flows.state import Answer
from flows.validation import validate_answer
from tests.slack.conftest import Running
from tests.slack.test_e2e_flow import CHANNEL, USER, start
from tests.slack.test_e2e_more import ME
from tests.slack.test_modals import slack_state

FLOW = get_flow()
TEXT_Q = FLOW.question("s1.behov_problem")


def prose(size: int) -> str:
    """Paragraphs of sentences with Swedish letters and characters Slack escapes, `size` long."""
    sentence = "Barn 10–12 år i Skogås <västra> & östra deltar allt mindre i ledarledd fritid. "
    paragraphs, text, n = [], "", 0
    while len(text) < size:
        n += 1
        paragraphs.append((sentence * 9).strip() + f" ({n})")
        text = "\n\n".join(paragraphs)
    return text[:size].rstrip()


SAMPLES = {"5000 prose": prose(5000), "12000 prose": prose(12_000), "40000 prose": prose(40_000),
           "5000 one word": "å" * 5000, "7000 one line": ("ord " * 1750).strip(),
           "6100 lines": "\n".join(f"rad {i} med text" for i in range(400))}


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_split_parts_join_back_to_every_character(name: str) -> None:
    text = SAMPLES[name]
    pieces = split_text(text)
    assert all(len(p) <= c.MAX_INPUT_TEXT for p, _ in pieces) and len(pieces) <= len(text) // 1500 + 1
    assert all(p == p.strip() for p, _ in pieces), "no part starts or ends with space Slack could trim"
    view = answer_modal(TEXT_Q, ViewMeta(p=1, q=TEXT_Q.id), {"text": text})
    assert view_problems(view) == []
    raw, _ = raw_answer(TEXT_Q, "text", slack_state(view))
    assert raw["text"] == text
    labels = [b["label"]["text"] for b in view["blocks"] if b["type"] == "input"]
    assert labels[0].endswith(f"(del 1 av {len(pieces)})") and len(labels) == len(pieces)


def test_an_edit_in_one_part_keeps_the_other_parts() -> None:
    text = SAMPLES["12000 prose"]
    view = answer_modal(TEXT_Q, ViewMeta(p=1, q=TEXT_Q.id), {"text": text}, "en")
    state = slack_state(view)
    ids = list(state)
    assert [b["label"]["text"] for b in view["blocks"] if b["type"] == "input"][1] == "Answer (part 2 of 5)"
    state[ids[1]]["v"]["value"] = "NY MENING. " + state[ids[1]]["v"]["value"]
    raw, _ = raw_answer(TEXT_Q, "text", state)
    pieces = split_text(text)
    assert raw["text"] == text.replace(pieces[1][0], "NY MENING. " + pieces[1][0], 1)
    assert len(raw["text"]) == len(text) + len("NY MENING. ")


def test_a_text_as_long_as_a_slack_message_is_stored_whole() -> None:
    value, problems = validate_answer(TEXT_Q, SAMPLES["40000 prose"])
    assert not problems and isinstance(value, TextAnswer) and value.text == SAMPLES["40000 prose"]


def test_a_12000_character_answer_is_edited_in_slack_without_losing_a_character(running: Running) -> None:
    start(running)
    service, slack, sender = running.service, running.slack, running.sender
    process = service.find_process(channel_id=CHANNEL)
    text = SAMPLES["12000 prose"]
    service.act(process=process, actor=ME, event=Answer(text, question_id=TEXT_Q.id))  # typed in the terminal
    sender.click(c.ANSWER, json.dumps({"p": process.id, "q": TEXT_Q.id}), user=USER, channel=CHANNEL)
    view = slack.wait_for("views.open")[-1]["_response"]["view"]
    state = slack_state(view)
    assert len(state) == 5
    status, body = sender.submit(view, state)  # unchanged: nothing lost, nothing new
    assert (status, body) == (200, "")
    history = service.history(process=process, actor=ME, question_id=TEXT_Q.id)
    assert [v.value.text for v in history] == [text]
    last = list(state)[-1]
    state[last]["v"]["value"] += " Tillägg."
    assert sender.submit(view, state) == (200, "")
    slack.wait_for("chat.postMessage", where=lambda a: "version 2" in a.get("text", ""))
    history = service.history(process=process, actor=ME, question_id=TEXT_Q.id)
    assert history[-1].value.text == text + " Tillägg." and history[-1].via == "slack_modal"

    # A reply as long as a Slack message (40,000) is stored whole and opens in 14 parts.
    longest = SAMPLES["40000 prose"]
    assert not service.act(process=process, actor=ME, event=Answer(longest, question_id=TEXT_Q.id)).problems
    sender.click(c.ANSWER, json.dumps({"p": process.id, "q": TEXT_Q.id}), user=USER, channel=CHANNEL)
    view = slack.wait_for("views.open", 2)[-1]["_response"]["view"]
    assert len(slack_state(view)) == 14
    assert sender.submit(view, slack_state(view)) == (200, "")
    assert service.history(process=process, actor=ME, question_id=TEXT_Q.id)[-1].value.text == longest


def test_an_answer_too_big_for_any_form_is_not_cut_but_sent_to_the_terminal() -> None:
    question = FLOW.question("s5.effektlogik")
    lists = [("punkt " * 160).strip()] * 50  # five lists of 50 items of 960 characters: 17 parts each
    huge = {"goal": "Mål", "resources": lists, "activities": lists, "outcomes_organisation": lists,
            "outcomes_short": lists, "outcomes_long": lists}
    view = answer_modal(question, ViewMeta(p=1, q=question.id), huge, "sv")
    assert view_problems(view) == [] and "submit" not in view
    assert "coach chat" in json.dumps(view, ensure_ascii=False)
    fits = answer_modal(question, ViewMeta(p=1, q=question.id), {**huge, "resources": lists[:3]}, "sv")
    raw, _ = raw_answer(question, question.type, slack_state(fits))
    assert raw["activities"] == lists and "submit" in fits
