"""A linked outcome (a SMART indicator's, the gap analysis's) is chosen among the process's utfall;
free text only while the process has none."""

from __future__ import annotations

import json

from bot.slack import constants as c
from bot.slack.modal_state import raw_answer
from bot.slack.modals import answer_modal
from bot.slack.models import ViewMeta
from bot.slack.outcomes import resolve_outcomes
from bot.slack.validate import view_problems
from flows.loader import get_flow
from flows.state import Answer
from tests.slack.conftest import Running
from tests.slack.test_e2e_flow import CHANNEL, USER, start
from tests.slack.test_e2e_more import ME, text

FLOW = get_flow()
LONG = ("Fler barn 10–12 år i Skogås deltar i ledarledda fritidsaktiviteter varje vecka, särskilt flickor och "
        "barn i familjer med låg socioekonomisk status, jämfört med utgångsläget i elevenkäten 2024")
OUTCOMES = ["Fler barn 10–12 år deltar i fritidsaktiviteter", LONG]


def element(view: dict, block_id: str) -> dict:
    return next(b for b in view["blocks"] if b.get("block_id") == block_id)["element"]


def test_indicator_and_gap_analysis_choose_among_the_outcomes() -> None:
    for qid, block_id in (("s3.indikatorer", "indicators.0.outcome"), ("s4.gapanalys", "outcome")):
        question = FLOW.question(qid)
        view = answer_modal(question, ViewMeta(p=1, q=qid), None, "sv", OUTCOMES)
        assert view_problems(view) == []
        select = element(view, block_id)
        assert select["type"] == "static_select" and len(select["options"]) == 2
        assert len(select["options"][1]["value"]) <= 150 and select["options"][1]["text"]["text"].endswith("…")
        free = element(answer_modal(question, ViewMeta(p=1, q=qid), None, "sv"), block_id)
        assert free["type"] == "plain_text_input"  # no outcomes yet: free text


def test_a_stored_outcome_that_is_no_longer_listed_stays_a_choice() -> None:
    question = FLOW.question("s3.indikatorer")
    view = answer_modal(question, ViewMeta(p=1, q=question.id),
                        {"indicators": [{"name": "Andel", "outcome": "Ett äldre utfall"}]}, "sv", OUTCOMES)
    select = element(view, "indicators.0.outcome")
    assert select["initial_option"]["value"] == "Ett äldre utfall" and len(select["options"]) == 3


def test_the_chosen_key_becomes_the_outcomes_whole_text() -> None:
    question = FLOW.question("s3.indikatorer")
    view = answer_modal(question, ViewMeta(p=1, q=question.id), None, "sv", OUTCOMES)
    key = element(view, "indicators.0.outcome")["options"][1]
    values = {"indicators.0.name": text("Andel i ledd fritid"),
              "indicators.0.outcome": {"v": {"type": "static_select", "selected_option": key}}}
    raw, _ = raw_answer(question, question.type, values)
    assert resolve_outcomes(raw, OUTCOMES, "sv") == {} and raw["indicators"][0]["outcome"] == LONG
    raw, _ = raw_answer(question, question.type, values)
    errors = resolve_outcomes(raw, OUTCOMES[:1], "sv")  # the long outcome was removed meanwhile
    assert "inte längre" in errors["indicators.0.outcome"]


def test_in_slack_the_indicator_links_one_of_the_process_outcomes(running: Running) -> None:
    start(running)
    service, slack, sender = running.service, running.slack, running.sender
    process = service.find_process(channel_id=CHANNEL)
    outcomes = {"outcomes": [{"text": o, "horizon": "kort_sikt", "prevention_level": "universell"} for o in OUTCOMES]}
    assert not service.act(process=process, actor=ME, event=Answer(outcomes, question_id="s3.utfall")).problems
    sender.click(c.ANSWER, json.dumps({"p": process.id, "q": "s3.indikatorer"}), user=USER, channel=CHANNEL)
    view = slack.wait_for("views.open")[-1]["_response"]["view"]
    options = element(view, "indicators.0.outcome")["options"]
    assert [o["text"]["text"][:20] for o in options] == [o[:20] for o in OUTCOMES]
    values = {"indicators.0.name": text("Andel barn i ledd fritid"), "indicators.0.data_source": text("Elevenkät"),
              "indicators.0.outcome": {"v": {"type": "static_select", "selected_option": options[1]}}}
    assert sender.submit(view, values) == (200, "")
    slack.wait_for("chat.postMessage", where=lambda a: "sparade svaret" in a.get("text", ""))
    stored = service.history(process=process, actor=ME, question_id="s3.indikatorer")[-1].value
    assert stored.indicators[0].outcome == LONG
