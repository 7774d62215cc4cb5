"""A question answered in a form (the insatskartläggning of step 2): talk in its thread gets the pointer to
*Svara* once per person, not on every message — a team discussing how to fill in the form was told the same
thing after each of its messages."""

from __future__ import annotations

from bot.service import Actor
from flows.state import Answer, Decide
from tests.fixtures import skogas
from tests.slack.conftest import Running
from tests.slack.settle import settle
from tests.slack.test_e2e_flow import CHANNEL, USER, reply, start

ME = Actor(user_id=USER, display_name=USER, via="slack_modal")
BO = "U2"
FORM = "s2.insatskartlaggning"


def pointers(running: Running, user: str) -> list[dict]:
    return [a for a in running.slack.of("chat.postEphemeral")
            if a.get("user") == user and "besvaras i ett formulär" in a.get("text", "")]


def test_talk_under_a_form_question_is_pointed_to_the_form_once_per_person(running: Running) -> None:
    start(running)
    service, sender = running.service, running.sender
    process = service.find_process(channel_id=CHANNEL)
    example = skogas()
    flow = service.flow_of(process)
    before_form = [q.id for q in flow.step(2).questions()][: [q.id for q in flow.step(2).questions()].index(FORM)]
    for question in flow.step(1).questions():
        assert not service.act(process=process, actor=ME,
                               event=Answer(example["answers"][question.id], question_id=question.id)).problems
    assert not service.act(process=process, actor=ME, event=Decide(1, example["decisions"]["1"])).problems
    for qid in before_form:
        answer = Answer(example["answers"][qid], question_id=qid)
        assert not service.act(process=process, actor=ME, event=answer).problems
    sender.command(f"roll <@{BO}|bo> medlem", user=USER, channel=CHANNEL)
    sender.command("fortsätt", user=USER, channel=CHANNEL)
    parent = running.slack.wait_for("chat.postMessage", where=lambda a: not a.get("thread_ts")
                                    and a.get("text", "").startswith("Steg 2"))[-1]
    thread_ts = parent["_response"]["ts"]
    running.slack.wait_for("chat.postMessage", where=lambda a: a.get("thread_ts") == thread_ts
                           and a.get("text", "").startswith("Vilka insatser görs"))  # the question, asked
    settle(running.app)  # and logged as the thread's newest question

    talk = ["Vi behöver fylla i insatskartläggningen, föreningarnas verksamhet ska nog med där.",
            "Jag tror det, Lyktan och idrottsföreningarna når många av barnen i området.",
            "Bra, då tar jag fram listan från kultur- och fritidsförvaltningen till nästa möte."]
    for author, text in zip((USER, BO, USER), talk, strict=True):
        reply(running, thread_ts, text, user=author)
        running.slack.wait_for("chat.postEphemeral", where=lambda a, u=author: a.get("user") == u
                               and "besvaras i ett formulär" in a.get("text", ""))
    reply(running, thread_ts, "Skolans lovaktiviteter räknas nog också som en insats här.", user=BO)
    settle(running.app)
    assert len(pointers(running, USER)) == 1 and len(pointers(running, BO)) == 1
    assert "*Svara*" in pointers(running, BO)[0]["text"]
    assert service.state(process=process, actor=ME).value(FORM) is None  # talk is never stored
