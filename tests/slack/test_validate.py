"""The Block Kit validator refuses what Slack refuses, and the fake Slack answers with Slack's errors."""

from __future__ import annotations

import copy

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack import constants as c
from bot.slack.modals import answer_modal
from bot.slack.models import ViewMeta
from bot.slack.validate import errors_problems, message_problems, view_problems
from flows.loader import get_flow

FLOW = get_flow()
TREE = next(q for q in FLOW.questions() if q.type == "problem_tree")


def modal(*blocks, **extra):
    return {"type": "modal", "title": {"type": "plain_text", "text": "Svara"}, "blocks": list(blocks), **extra}


def button(action_id="a", text="Knapp", value="v"):
    return {"type": "button", "text": {"type": "plain_text", "text": text}, "action_id": action_id, "value": value}


def text_input(block_id="b", **element):
    return {"type": "input", "block_id": block_id, "label": {"type": "plain_text", "text": "Svar"},
            "element": {"type": "plain_text_input", "action_id": "v", **element}}


def select(options, **element):
    return {"type": "input", "block_id": "s", "label": {"type": "plain_text", "text": "Val"},
            "element": {"type": "static_select", "action_id": "v", "options": options, **element}}


def opt(text="Ja", value="ja"):
    return {"text": {"type": "plain_text", "text": text}, "value": value}


def section(text):
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def test_the_old_problem_tree_modal_is_refused_and_the_new_one_passes() -> None:
    view = answer_modal(TREE, ViewMeta(p=1, q=TREE.id), None)
    assert view_problems(view) == []
    adders = next(b for b in view["blocks"] if b.get("block_id") == "add_rows")
    assert len(adders["elements"]) == 3
    old = copy.deepcopy(view)  # as it was: three «Lägg till rad» buttons sharing one action_id
    for element in next(b for b in old["blocks"] if b.get("block_id") == "add_rows")["elements"]:
        element["action_id"] = c.ADD_ROW
    problems = view_problems(old)
    assert len(problems) == 1 and "action_id 'coach_add_row' is used by more than one element" in problems[0]


@pytest.mark.parametrize(("view", "expected"), [
    (modal(text_input("x"), text_input("x"), submit={"type": "plain_text", "text": "Spara"}),
     "block_id 'x' is used more than once"),
    (modal(*[section("x")] * 101), "101 blocks, at most 100"),
    (modal(section("x" * 3001)), "3001 characters, at most 3000"),
    (modal(section("")), "must not be empty"),
    (modal({"type": "header", "text": {"type": "plain_text", "text": "h" * 151}}), "at most 150"),
    (modal(text_input(max_length=4000), submit={"type": "plain_text", "text": "Spara"}), "4000 not in 1..3000"),
    (modal(text_input(max_length=100, initial_value="x" * 101), submit={"type": "plain_text", "text": "Spara"}),
     "101 characters, at most 100"),
    (modal(text_input(placeholder={"type": "plain_text", "text": "p" * 151}),
           submit={"type": "plain_text", "text": "S"}), "placeholder.text: 151 characters"),
    (modal(text_input()), "needs a submit button"),
    (modal({"type": "actions", "elements": [button(text="k" * 76)]}), "76 characters, at most 75"),
    (modal({"type": "actions", "elements": [button(value="v" * 2001)]}), "2001 characters, at most 2000"),
    (modal({"type": "actions", "elements": [button(action_id="a" * 256)]}), "256 characters, at most 255"),
    (modal({"type": "actions", "elements": [button()] * 26}), "26 elements"),
    (modal(select([opt("o" * 76)]), submit={"type": "plain_text", "text": "S"}), "76 characters, at most 75"),
    (modal(select([opt(value="v" * 151)]), submit={"type": "plain_text", "text": "S"}), "at most 150"),
    (modal(select([opt(str(i), str(i)) for i in range(101)]), submit={"type": "plain_text", "text": "S"}),
     "101 options, at most 100"),
    (modal(select([opt()], initial_option=opt("Nej", "nej")), submit={"type": "plain_text", "text": "S"}),
     "initial option is not one of the options"),
    ({**modal(section("x")), "title": {"type": "plain_text", "text": "t" * 25}}, "title.text: 25 characters"),
    (modal(section("x"), submit={"type": "plain_text", "text": "s" * 25}), "submit.text: 25 characters"),
    (modal(section("x"), close={"type": "plain_text", "text": "c" * 25}), "close.text: 25 characters"),
    (modal(section("x"), private_metadata="m" * 3001), "private_metadata: 3001 characters"),
    (modal(section("x"), callback_id="c" * 256), "callback_id: 256 characters"),
    (modal({"type": "context", "elements": [{"type": "mrkdwn", "text": "x"}] * 11}), "11 elements"),
    (modal({"type": "section", "fields": [{"type": "mrkdwn", "text": "x"}] * 11}), "11 fields"),
    (modal({"type": "section", "fields": [{"type": "mrkdwn", "text": "x" * 2001}]}), "2001 characters"),
    (modal({"type": "tabell"}), "unknown block type 'tabell'"),
    (modal({"type": "actions", "elements": [{"type": "plain_text_input", "action_id": "v"}]}),
     "element type 'plain_text_input' not allowed here"),
    (modal({"type": "input", "block_id": "i", "label": {"type": "plain_text", "text": "l" * 2001},
            "element": {"type": "datepicker", "action_id": "v"}}, submit={"type": "plain_text", "text": "S"}),
     "label.text: 2001 characters"),
    (modal({"type": "input", "block_id": "i", "label": {"type": "mrkdwn", "text": "l"},
            "element": {"type": "datepicker", "action_id": "v", "initial_date": "30/3"}},
           submit={"type": "plain_text", "text": "S"}), "must be plain_text"),
    ({"type": "home", "blocks": [section("x")] * 101}, "101 blocks"),
    ({"type": "dialog", "blocks": []}, "neither modal nor home"),
])
def test_each_limit_is_checked(view, expected) -> None:
    problems = view_problems(view)
    assert any(expected in p for p in problems), problems


def test_messages_are_checked_for_blocks_and_text() -> None:
    assert message_problems("hej", [section("x")]) == []
    assert any("51 blocks" in p for p in message_problems("hej", [section("x")] * 51))
    assert any("40001 characters" in p for p in message_problems("x" * 40_001, None))
    assert message_problems(None, None) == ["message: needs text or blocks"]


def test_errors_must_name_input_blocks() -> None:
    view = modal(text_input("svar"), submit={"type": "plain_text", "text": "S"})
    assert errors_problems(view, {"svar": "Fyll i"}) == []
    assert errors_problems(view, {"annat": "Fyll i"}) == ["errors['annat']: no input block with that block_id"]


def test_the_fake_slack_answers_like_slack(fake_slack) -> None:
    client = WebClient(token="xoxb-test", base_url=fake_slack.url)
    bad_view = modal({"type": "actions", "elements": [button("same"), button("same")]})
    with pytest.raises(SlackApiError) as refused:
        client.views_open(trigger_id="t", view=bad_view)
    assert refused.value.response["error"] == "invalid_arguments"
    with pytest.raises(SlackApiError) as refused:
        client.chat_postMessage(channel="C1", text="hej", blocks=[section("x" * 3001)])
    assert refused.value.response["error"] == "invalid_blocks"
    with pytest.raises(SlackApiError) as refused:
        client.chat_postMessage(channel="C1", text="x" * 40_001)
    assert refused.value.response["error"] == "msg_too_long"
    assert client.chat_postMessage(channel="C1", text="hej", blocks=[section("x")])["ok"]
    assert [method for method, _ in fake_slack.rejected] == ["views.open", "chat.postMessage", "chat.postMessage"]
    fake_slack.rejected.clear()  # expected here; the fixture fails any test with unexpected refusals
