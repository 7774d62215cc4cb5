"""«ändra <id>» / «ändra <nummer>» typed in a step thread: its writer gets the question with the button that
opens its form; the command is never offered or kept as an answer. Through the real App and the fake Slack."""

from __future__ import annotations

import json

from sqlmodel import select

from bot.slack import constants as c
from storage.db import session_scope
from storage.slack_models import ReplyDraft
from tests.slack.conftest import Running
from tests.slack.test_e2e_flow import CHANNEL, USER, answer_by_reply, reply, settled, start, texts


def told(running: Running, words: str) -> dict:
    return running.slack.wait_for("chat.postEphemeral", where=lambda a: words in texts(a.get("blocks") or []))[-1]


def test_change_by_id_or_number_offers_the_form_and_never_an_answer(running: Running) -> None:
    thread_ts, _ = start(running)
    answer_by_reply(running, thread_ts, "Alla unga i Skogås har en meningsfull fritid")
    flow = running.service.flow_of(running.service.find_process(channel_id=CHANNEL))

    reply(running, thread_ts, "ändra s1.langsiktigt_mal")
    offer = told(running, "är besvarad (version 1)")
    assert offer["user"] == USER and offer["thread_ts"] == thread_ts
    assert flow.question("s1.langsiktigt_mal").text.sv[:40] in texts(offer["blocks"])
    button = next(e for b in offer["blocks"] if b["type"] == "actions" for e in b["elements"])
    assert button["action_id"] == c.ANSWER and button["text"]["text"] == "Ändra"
    running.sender.click(c.ANSWER, button["value"], user=USER, channel=CHANNEL, thread_ts=thread_ts)
    view = running.slack.wait_for("views.open")[-1]["_response"]["view"]
    assert json.loads(view["private_metadata"])["q"] == "s1.langsiktigt_mal"

    second = flow.step(1).questions()[1]
    reply(running, thread_ts, "Ändra 2")  # the step's second question, not answered yet: Svara
    offer = told(running, "är inte besvarad än")
    assert second.text.sv[:40] in texts(offer["blocks"]) and "Steg 1 · fråga 2 av" in texts(offer["blocks"])
    assert json.loads(offer["blocks"][-1]["elements"][0]["value"])["q"] == second.id

    reply(running, thread_ts, "change s9.finns_inte")
    assert "«ändra 3»" in told(running, "Jag hittar ingen fråga «s9.finns_inte»")["text"]
    reply(running, thread_ts, "hjälp")
    assert "«ändra s1.styrning»" in told(running, "Processcoach – kommandon")["text"]

    settled(running)
    with session_scope(running.engine) as session:
        drafts = [d.text for d in session.exec(select(ReplyDraft)).all()]
    assert drafts == ["Alla unga i Skogås har en meningsfull fritid"]  # no command became a draft
    offered = [a for a in running.slack.of("chat.postEphemeral") if a.get("text", "").startswith("Spara som svar")]
    assert len(offered) == 1
