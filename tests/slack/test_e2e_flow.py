"""End to end over HTTP: /coach ny → step 1 thread → answers by reply and modal → Vägledning → status → Home."""

from __future__ import annotations

import json

from bot.service import Actor
from bot.slack import constants as c
from tests.slack.conftest import Running
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


def test_start_answer_guidance_status_home(running: Running) -> None:
    slack, sender, service = running.slack, running.sender, running.service
    thread_ts, first = start(running)
    assert "långsiktiga mål" in first["text"]
    process = service.find_process(channel_id=CHANNEL)
    assert service.role_of(process=process, user_id=USER) == "koordinator"

    # A plain reply in the thread answers the text question.
    assert reply(running, thread_ts, "Alla unga i Skogås har en meningsfull fritid &amp; trygghet")[0] == 200
    saved = slack.wait_for("chat.postMessage", where=lambda a: "sparade svaret" in a.get("text", ""))
    assert saved and saved[0]["thread_ts"] == thread_ts
    history = service.history(process=process, actor=ME, question_id="s1.langsiktigt_mal")
    assert [v.value.text for v in history] == ["Alla unga i Skogås har en meningsfull fritid & trygghet"]
    slack.wait_for("chat.update", 1)  # the step parent shows the new progress

    # The list question: one item per line.
    slack.wait_for("chat.postMessage", where=lambda a: a.get("text", "").startswith("Vilka är de politiskt"))
    reply(running, thread_ts, "• Folkhälsomålet\n• Trygghetsmålet")
    slack.wait_for("chat.postMessage", 2, where=lambda a: "sparade svaret" in a.get("text", ""))
    items = service.history(process=process, actor=ME, question_id="s1.politiska_mal")[0].value.items
    assert items == ["Folkhälsomålet", "Trygghetsmålet"]

    # Svara opens a modal; submitting it stores the answer (via slack_modal).
    value = json.dumps({"p": process.id, "q": "s1.behov_problem"})
    assert sender.click(c.ANSWER, value, user=USER, channel=CHANNEL, thread_ts=thread_ts)[0] == 200
    opened = slack.wait_for("views.open")[0]
    view = opened["_response"]["view"]
    assert view["callback_id"] == c.ANSWER_VIEW and len(view["blocks"]) <= 100
    status, body = sender.submit(view, {"text": {"v": {"type": "plain_text_input", "value": "Unga saknar fritid"}}})
    assert status == 200 and body == ""
    slack.wait_for("chat.postMessage", 3, where=lambda a: "sparade svaret" in a.get("text", ""))
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

    # App Home: the person's processes with progress and the next question.
    sender.event({"type": "app_home_opened", "user": USER, "channel": "D1", "tab": "home"})
    home = slack.wait_for("views.publish")[0]
    assert home["user_id"] == USER
    assert "Meningsfull fritid i Skogås" in texts(home["view"]["blocks"])
