"""End to end over HTTP: `/coach språk en` switches a process to English – the next question, its buttons,
confirmations, help, status and App Home come in English; `/coach language sv` switches back."""

from __future__ import annotations

import json

from bot.service import Actor
from bot.slack import constants as c
from tests.slack.conftest import Running
from tests.slack.test_e2e_flow import CHANNEL, USER, click_offer, offer_for, reply, start, texts

ME = Actor(user_id=USER, display_name=USER, via="slack_thread")
BO = "U2"


def buttons(message: dict) -> list[str]:
    return [e["text"]["text"] for b in message["blocks"] if b["type"] == "actions" for e in b["elements"]]


def test_coach_sprak_en_switches_the_next_question_and_its_buttons_to_english(running: Running) -> None:
    slack, sender, service = running.slack, running.sender, running.service
    thread_ts, first = start(running)
    assert buttons(first) == ["Svara", "Vägledning", "Hoppa över", "Tillbaka"]
    process = service.find_process(channel_id=CHANNEL)
    service.membership.set_role(process=process, actor=ME, user_id=BO, role="projektledare", display_name="Bo")
    slack.clear()

    # Only a coordinator changes the language; the refusal is polite and in the process's language.
    assert sender.command("språk en", user=BO, channel=CHANNEL)[0] == 200
    refused = slack.wait_for("chat.postEphemeral", where=lambda a: a.get("user") == BO)[0]
    assert "koordinator" in refused["text"]
    assert service.find_process(channel_id=CHANNEL).language == "sv"

    assert sender.command("språk en", user=USER, channel=CHANNEL)[0] == 200
    told = slack.wait_for("chat.postMessage", where=lambda a: "language to English" in a.get("text", ""))[0]
    assert told["channel"] == CHANNEL and "thread_ts" not in told
    question = slack.wait_for("chat.postMessage", where=lambda a: a.get("thread_ts") == thread_ts)[0]
    assert question["text"] == "What is the long-term goal?"
    assert buttons(question) == ["Answer", "Guidance", "Skip", "Back"]
    shown = texts(question["blocks"])
    assert "Step 1 · question 1 of" in shown and "write the answer in the thread" in shown
    assert "Svara" not in shown and "Hoppa över" not in shown
    parent = slack.wait_for("chat.update")[0]  # the step's parent message follows the language
    assert "Step 1 of 7" in texts(parent["blocks"]) and buttons(parent) == ["Continue"]
    assert service.find_process(channel_id=CHANNEL).language == "en"

    # Answering in the thread: the confirmation and the next question are English too.
    reply(running, thread_ts, "Every young person in Skogås has a meaningful leisure time")
    offer = offer_for(running, "Every young person")
    assert offer["text"] == "Save as the answer to «What is the long-term goal?»?"
    assert buttons(offer) == ["Save as answer", "No, it was discussion"]
    click_offer(running, offer)
    saved = slack.wait_for("chat.update", where=lambda a: "saved the answer" in a.get("text", ""))[0]
    assert "What is the long-term goal?" in saved["text"] and buttons(saved) == ["Edit", "Guidance"]
    nxt = slack.wait_for("chat.postMessage", where=lambda a: a.get("text", "").startswith("Which politically"))[0]
    assert buttons(nxt) == ["Answer", "Guidance", "Skip", "Back"]

    # The Answer modal and the typed help and status commands.
    value = json.dumps({"p": process.id, "q": "s1.behov_problem"})
    sender.click(c.ANSWER, value, user=USER, channel=CHANNEL, thread_ts=thread_ts)
    view = slack.wait_for("views.open")[0]["_response"]["view"]
    assert (view["title"]["text"], view["submit"]["text"], view["close"]["text"]) == ("Answer", "Save", "Cancel")
    sender.command("hjälp", user=USER, channel=CHANNEL)
    help_ = slack.wait_for("chat.postEphemeral", where=lambda a: "commands" in a.get("text", ""))[0]
    assert "`/coach language en|sv`" in help_["text"]
    sender.command("status", user=USER, channel=CHANNEL)
    status = slack.wait_for("chat.postEphemeral", where=lambda a: "you are koordinator (coordinator)"
                            in texts(a.get("blocks") or []))[0]
    assert "answered" in texts(status["blocks"]) and "besvarade" not in texts(status["blocks"])

    # App Home: the person's only process is English, so the header is too.
    sender.event({"type": "app_home_opened", "user": USER, "channel": "D1", "tab": "home"})
    home = texts(slack.wait_for("views.publish")[0]["view"]["blocks"])
    assert "Your processes" in home and "Next question" in home

    # A wrong language is refused in English; `/coach language sv` switches back.
    sender.command("language de", user=USER, channel=CHANNEL)
    wrong = slack.wait_for("chat.postEphemeral", where=lambda a: "Unknown language" in a.get("text", ""))[0]
    assert "sv" in wrong["text"] and "en" in wrong["text"]
    slack.clear()
    sender.command("language sv", user=USER, channel=CHANNEL)
    slack.wait_for("chat.postMessage", where=lambda a: "språk till svenska" in a.get("text", ""))
    again = slack.wait_for("chat.postMessage", where=lambda a: a.get("thread_ts") == thread_ts)[0]
    assert again["text"].startswith("Vilka är de politiskt")
    assert buttons(again) == ["Svara", "Vägledning", "Hoppa över", "Tillbaka"]
    assert service.find_process(channel_id=CHANNEL).language == "sv"


def test_help_outside_a_process_is_swedish_by_default(running: Running) -> None:
    running.sender.command("help", user="U9", channel="C9")
    help_ = running.slack.wait_for("chat.postEphemeral")[0]
    assert "kommandon" in help_["text"] and "`/coach språk sv|en`" in help_["text"]
