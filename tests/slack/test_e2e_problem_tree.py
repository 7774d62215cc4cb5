"""End to end through the real App and a fake Slack as strict as Slack: a team fills the problem tree in its
modal – main problem, consequences, causes, prioritised root causes with the three marks – adds and removes
rows, and takes step 2 to its decision."""

from __future__ import annotations

import itertools
import json

from bot.service import Actor
from bot.slack import constants as c
from flows.state import Answer, Decide
from tests.fixtures import skogas
from tests.slack.conftest import Running
from tests.slack.test_e2e_flow import CHANNEL, USER, start

ME = Actor(user_id=USER, display_name=USER, via="slack_modal")
TREE = "s2.problemtrad"
_presses = itertools.count(1)


def state_of(view: dict, typed: dict[str, str], flags: dict[str, list[str]] | None = None) -> dict:
    """What Slack sends for `view` with `typed` texts and ticked `flags` (everything else as shown)."""
    values: dict = {}
    for block in view["blocks"]:
        if block["type"] != "input":
            continue
        element, block_id = block["element"], block["block_id"]
        if element["type"] == "plain_text_input":
            state = {"type": "plain_text_input", "value": typed.get(block_id, element.get("initial_value"))}
        elif element["type"] == "checkboxes":
            chosen = (flags or {}).get(block_id)
            picked = ([o for o in element["options"] if o["value"] in chosen] if chosen is not None
                      else element.get("initial_options", []))
            state = {"type": "checkboxes", "selected_options": picked}
        else:
            state = {"type": element["type"], "selected_option": element.get("initial_option")}
        values[block_id] = {"v": state}
    return values


def press(running: Running, view: dict, values: dict, action_id: str, value: str) -> dict:
    """A button inside the modal; returns the view Slack shows after the app's views.update."""
    before = len(running.slack.of("views.update"))
    running.sender.interaction({"type": "block_actions", "user": {"id": USER}, "trigger_id": "t.row",
                                "view": {**view, "state": {"values": values}},
                                "actions": [{"type": "button", "action_id": action_id, "value": value,
                                             "block_id": "b", "action_ts": f"{next(_presses)}.1"}]})
    update = running.slack.wait_for("views.update", before + 1)[-1]
    assert update["_response"]["ok"], update["_response"]
    return update["_response"]["view"]


def buttons(view: dict) -> dict[str, str]:
    found = {}
    for block in view["blocks"]:
        for element in block.get("elements", []) + ([block["accessory"]] if "accessory" in block else []):
            if element.get("type") == "button":
                found.setdefault(element["action_id"], element["value"])
                found[element["action_id"] + "@" + element["value"]] = element["value"]
    return found


def test_a_team_fills_the_problem_tree_in_slack_and_decides_step_2(running: Running) -> None:
    start(running)
    service, slack, sender = running.service, running.slack, running.sender
    process = service.find_process(channel_id=CHANNEL)
    example = skogas()
    for qid, value in example["answers"].items():  # the rest of steps 1–2 as the team answered them earlier
        if qid.startswith(("s1.", "s2.")) and qid != TREE:
            assert not service.act(process=process, actor=ME, event=Answer(value, question_id=qid)).problems
    assert not service.act(process=process, actor=ME, event=Decide(1, example["decisions"]["1"])).problems

    sender.click(c.ANSWER, json.dumps({"p": process.id, "q": TREE}), user=USER, channel=CHANNEL)
    view = slack.wait_for("views.open")[-1]["_response"]["view"]
    adders = next(b for b in view["blocks"] if b.get("block_id") == "add_rows")["elements"]
    assert [b["value"] for b in adders] == ["consequences", "causes", "root_causes"]
    assert len({b["action_id"] for b in adders}) == 3  # Slack refuses a block whose buttons share one
    # A list's only row: «Ligger under» is a choice too («överst»), never a text to retype, and says how the
    # other rows get into it.
    alone = next(b for b in view["blocks"] if b.get("block_id") == "consequences.0.under")
    assert [o["value"] for o in alone["element"]["options"]] == ["__top"] and "Lägg till rad" in alone["hint"]["text"]

    typed = {"problem": "Barn 10–12 år i Skogås deltar inte i ledarledda fritidsaktiviteter",
             "consequences.0.text": "Sämre hälsa", "causes.0.text": "Utbudet passar inte åldersgruppen",
             "root_causes.0.cause": "För få nybörjargrupper för 10–12 år"}
    values = state_of(view, typed)
    view = press(running, view, values, f"{c.ADD_ROW}:consequences", "consequences")
    view = press(running, view, state_of(view, {**typed, "consequences.1.text": "Sämre skolresultat"}),
                 f"{c.ADD_ROW}:causes", "causes")
    typed |= {"consequences.1.text": "Sämre skolresultat", "causes.1.text": "Det kostar"}
    view = press(running, view, state_of(view, typed), f"{c.ADD_ROW}:root_causes", "root_causes")
    typed |= {"root_causes.1.cause": "Informationen når inte familjerna"}
    view = press(running, view, state_of(view, typed), f"{c.ADD_ROW}:causes", "causes")
    typed |= {"causes.2.text": "Fel rad"}
    ids = [b.get("block_id") for b in view["blocks"]]
    assert {"consequences.1.text", "causes.2.text", "root_causes.1.cause", "root_causes.1.__flags"} <= set(ids)

    # Remove the mistaken cause: its row goes, the others stay as typed.
    assert f"{c.REMOVE_ROW}@causes.2" in buttons(view)
    view = press(running, view, state_of(view, typed), c.REMOVE_ROW, "causes.2")
    shown = {b["block_id"]: b["element"].get("initial_value") for b in view["blocks"] if b["type"] == "input"}
    assert "causes.2.text" not in shown and shown["causes.1.text"] == "Det kostar"
    assert shown["consequences.1.text"] == "Sämre skolresultat"
    del typed["causes.2.text"]

    marks = {"root_causes.0.__flags": ["data_available", "municipality_can_influence", "prioritised"],
             "root_causes.1.__flags": ["addressed_today"]}
    flag_block = next(b for b in view["blocks"] if b.get("block_id") == "root_causes.0.__flags")
    labels = [o["text"]["text"] for o in flag_block["element"]["options"]]
    assert labels == ["Prioriterad", "Data finns", "Kommunen kan påverka", "Adresseras idag"]  # the gate's mark first
    assert "minst en rotorsak vara markerad «Prioriterad»" in flag_block["hint"]["text"]
    assert "markera de prioriterade" in json.dumps(view["blocks"], ensure_ascii=False)  # the question's help
    # «Ligger under»: a consequence of a consequence is chosen among the other consequences.
    under = next(b for b in view["blocks"] if b.get("block_id") == "consequences.1.under")["element"]
    assert under["type"] == "static_select" and under["initial_option"]["value"] == "__top"
    parent = next(o for o in under["options"] if o["text"]["text"] == "Sämre hälsa")
    values = state_of(view, typed, marks)
    values["consequences.1.under"] = {"v": {"type": "static_select", "selected_option": parent}}
    status, body = sender.submit(view, values)
    assert (status, body) == (200, "")
    slack.wait_for("chat.postMessage", where=lambda a: "sparade svaret" in a.get("text", "") and "problem" in
                   a.get("text", "").lower())
    tree = service.history(process=process, actor=ME, question_id=TREE)[-1].value
    assert [(n.text, n.under) for n in tree.consequences] == [("Sämre hälsa", None),
                                                              ("Sämre skolresultat", "Sämre hälsa")]
    assert [n.text for n in tree.causes] == ["Utbudet passar inte åldersgruppen", "Det kostar"]
    first, second = tree.root_causes
    assert (first.data_available, first.municipality_can_influence, first.addressed_today, first.prioritised) == (
        True, True, False, True)
    assert (second.addressed_today, second.prioritised) == (True, False)

    # Step 2's decision: the gate is ready, the decision modal opens and records it.
    assert service.status(process=process, actor=ME).steps[1].unmet == ()
    sender.command("beslut 2", user=USER, channel=CHANNEL)
    decide = slack.wait_for("views.open", 2)[-1]["_response"]["view"]
    assert decide["callback_id"] == c.DECIDE_VIEW and c.CONFIRM_BLOCK not in json.dumps(decide)
    decision = {"forum": "Områdesstyrgruppen Skogås", "text": "Rotorsaken nybörjargrupper prioriteras.",
                "decided_by": "Förvaltningscheferna"}
    values = state_of(decide, decision)
    values["date"] = {"v": {"type": "datepicker", "selected_date": "2025-04-02"}}
    assert sender.submit(decide, values) == (200, "")
    slack.wait_for("chat.postMessage", where=lambda a: "beslut" in a.get("text", "").lower() and "2" in
                   a.get("text", "") and "Områdesstyrgruppen" in a.get("text", ""))
    assert service.status(process=process, actor=ME).steps[1].status == "beslutad"
