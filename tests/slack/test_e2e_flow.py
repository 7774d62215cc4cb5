"""End to end over HTTP: /coach ny → step 1 thread → answers by reply and modal → Vägledning → status → Home."""

from __future__ import annotations

import json
import time

from sqlmodel import select

from bot.service import Actor
from bot.slack import constants as c
from storage.db import session_scope
from storage.slack_models import PostedMessage
from tests.slack.conftest import Running
from tests.slack.fake_slack import shown
from tests.slack.test_guidance_feedback import recorded

USER, CHANNEL = "U1", "C1"
ME = Actor(user_id=USER, display_name=USER, via="slack_thread")


def texts(blocks: list[dict]) -> str:
    return json.dumps(blocks, ensure_ascii=False)


def start(running: Running) -> tuple[str, dict]:
    """Start the process; return the step-1 thread ts and the first question message."""
    status, _ = running.sender.command("ny Meningsfull fritid i Skogås", user=USER, channel=CHANNEL)
    assert status == 200
    posts = running.slack.wait_for("chat.postMessage", 3)
    assert len(posts) == 3, posts
    created, parent, question = posts
    assert "Meningsfull fritid i Skogås" in created["text"]
    assert "Steg 1 av 7" in texts(parent["blocks"]) and "thread_ts" not in parent
    thread_ts = parent["_response"]["ts"]
    assert question["thread_ts"] == thread_ts
    return thread_ts, question


def reply(running: Running, thread_ts: str, text: str, user: str = USER, **kw) -> tuple[int, str]:
    event = {"type": "message", "channel": CHANNEL, "user": user, "text": text, "ts": running.slack.next_ts(),
             "thread_ts": thread_ts, "channel_type": "channel"}
    return running.sender.event(event, **kw)


def offer_for(running: Running, text: str, user: str = USER) -> dict:
    """The ephemeral «Spara som svar på …?» the author of a thread reply gets."""
    return running.slack.wait_for("chat.postEphemeral", where=lambda a: a.get("user") == user and any(
        b.get("block_id", "").startswith("draft:") for b in a.get("blocks") or [])
        and " ".join(text.split())[:40] in texts(a.get("blocks") or []))[-1]


def click_offer(running: Running, offer: dict, action_id: str = c.SAVE_DRAFT, user: str = USER,
                thread_ts: str | None = None) -> None:
    button = next(e for b in offer["blocks"] if b["type"] == "actions" for e in b["elements"]
                  if e["action_id"] == action_id)
    running.sender.click(action_id, button["value"], user=user, channel=offer["channel"],
                         thread_ts=thread_ts or offer.get("thread_ts"))


def saved(running: Running, count: int = 1, user: str = USER) -> list[dict]:
    """The question messages updated in place with an answer (at least `count` of them)."""
    who = shown(user)  # the app names people, never <@U…>
    return running.slack.wait_for("chat.update", count, where=lambda a: f"{who} sparade svaret" in a.get(
        "text", "") or f"{who} saved the answer" in a.get("text", ""))


def settled(running: Running, timeout: float = 5.0) -> None:
    """Wait until the app has posted and recorded the message showing the process's next question (or gate):
    the last thing it does after an answer. Conditions, not sleeps."""
    deadline = time.time() + timeout
    actor = Actor(user_id=USER, display_name=USER, via="slack_thread")
    while time.time() < deadline:
        process = running.service.find_process(channel_id=CHANNEL)
        prompt = running.service.next_prompt(process=process, actor=actor)
        kind, key = (("question", prompt.question.id) if prompt.kind == "question" else
                     ("gate", str(prompt.step.number)) if prompt.kind == "gate" else ("done", "all"))
        with session_scope(running.engine) as session:
            found = session.exec(select(PostedMessage).where(PostedMessage.process_id == process.id,
                                                             PostedMessage.kind == kind,
                                                             PostedMessage.key == key)).first()
        if found is not None:
            return
        with running.slack.lock:
            running.slack.lock.wait(0.02)
    raise AssertionError("the next question was never posted")


def answer_by_reply(running: Running, thread_ts: str, text: str, user: str = USER) -> None:
    """A thread reply, then its author's one click on «Spara som svar»."""
    settled(running)
    before = len(running.slack.of("chat.update"))
    reply(running, thread_ts, text, user=user)
    click_offer(running, offer_for(running, text, user), user=user, thread_ts=thread_ts)
    running.slack.wait_for("chat.update", before + 2)  # the question message, then the step's parent
    settled(running)


def test_start_answer_guidance_status_home(running: Running) -> None:
    slack, sender, service = running.slack, running.sender, running.service
    thread_ts, first = start(running)
    assert "långsiktiga mål" in first["text"]
    process = service.find_process(channel_id=CHANNEL)
    assert service.membership.role_of(process=process, user_id=USER) == "koordinator"

    # A reply in the thread is talk until its author clicks «Spara som svar» in the ephemeral offer.
    assert reply(running, thread_ts, "Alla unga i Skogås har en meningsfull fritid &amp; trygghet")[0] == 200
    offer = offer_for(running, "Alla unga i Skogås")
    assert offer["thread_ts"] == thread_ts and "Spara som svar på «Vilket är det långsiktiga målet?»?" in offer["text"]
    assert service.history(process=process, actor=ME, question_id="s1.langsiktigt_mal") == []
    click_offer(running, offer)
    updated = saved(running)[0]
    assert updated["ts"] == first["_response"]["ts"]  # the question message itself shows the answer
    assert "(version 1)" in updated["text"] and "meningsfull fritid &amp; trygghet" in texts(updated["blocks"])
    history = service.history(process=process, actor=ME, question_id="s1.langsiktigt_mal")
    assert [v.value.text for v in history] == ["Alla unga i Skogås har en meningsfull fritid & trygghet"]
    slack.wait_for("chat.update", 2)  # the step parent shows the new progress

    # The list question: one item per line.
    slack.wait_for("chat.postMessage", where=lambda a: a.get("text", "").startswith("Vilka är de politiskt"))
    answer_by_reply(running, thread_ts, "• Folkhälsomålet\n• Trygghetsmålet")
    items = service.history(process=process, actor=ME, question_id="s1.politiska_mal")[0].value.items
    assert items == ["Folkhälsomålet", "Trygghetsmålet"]

    # Svara opens a modal; submitting it stores the answer (via slack_modal).
    value = json.dumps({"p": process.id, "q": "s1.behov_problem"})
    assert sender.click(c.ANSWER, value, user=USER, channel=CHANNEL, thread_ts=thread_ts)[0] == 200
    opened = slack.wait_for("views.open")[0]
    view = opened["_response"]["view"]
    assert view["callback_id"] == c.ANSWER_VIEW and len(view["blocks"]) <= 100
    settled(running)
    status, body = sender.submit(view, {"text": {"v": {"type": "plain_text_input", "value": "Unga saknar fritid"}}})
    assert status == 200 and body == ""
    saved(running, 3)
    answer = service.history(process=process, actor=ME, question_id="s1.behov_problem")[0]
    assert answer.value.text == "Unga saknar fritid" and answer.via == "slack_modal"

    # Vägledning: an ephemeral with cited passages, in the thread.
    sender.click(c.GUIDANCE, json.dumps({"p": process.id, "q": "s1.langsiktigt_mal"}), user=USER,
                 channel=CHANNEL, thread_ts=thread_ts)
    guidance = slack.wait_for("chat.postEphemeral", where=lambda a: "Vägledning" in a.get("text", ""))[0]
    assert "Bild 10" in texts(guidance["blocks"]) and guidance["thread_ts"] == thread_ts
    assert recorded(running) == ["Bild 10"]  # recorded for the step's underlag, right after it was shown

    # Status: ephemeral to the asker.
    sender.command("status", user=USER, channel=CHANNEL)
    shown = slack.wait_for("chat.postEphemeral", where=lambda a: "Starta upp" in texts(a.get("blocks", [])))[0]
    assert shown["user"] == USER and "3/20 besvarade" in texts(shown["blocks"])
    step_one = next(b["text"]["text"] for b in shown["blocks"] if "Starta upp" in b.get("text", {}).get("text", ""))
    # what is missing under its heading, each criterion with ✗ and a count, not every question «obesvarad: …»
    assert "Inför beslut saknas:\n✗ Kärnfrågorna för uppstarten är besvarade – " in step_one, step_one
    assert " obesvarade, t.ex. «" in step_one and "obesvarad:" not in step_one and len(step_one) < 700

    # App Home: the person's processes with progress and the next question.
    sender.event({"type": "app_home_opened", "user": USER, "channel": "D1", "tab": "home"})
    home = slack.wait_for("views.publish")[0]
    assert home["user_id"] == USER
    assert "Meningsfull fritid i Skogås" in texts(home["view"]["blocks"])
