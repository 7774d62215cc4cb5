"""No dead ends: a DM, a mention, a reply where nothing can be answered get a short pointer; plain channel
chatter gets nothing; help lists every command; the manifest subscribes to every event the app answers."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from bot.service import Actor
from bot.slack.texts import st
from flows.state import Answer, GoTo
from tests.fixtures import skogas
from tests.slack.conftest import Running
from tests.slack.test_e2e_flow import CHANNEL, USER, reply, start, texts

ME = Actor(user_id=USER, display_name=USER, via="slack_thread")
MANIFEST = Path(__file__).resolve().parents[2] / "slack" / "manifest.yaml"


def event(running: Running, **fields) -> None:
    body = {"type": "message", "user": USER, "ts": running.slack.next_ts(), **fields}
    assert running.sender.event(body)[0] == 200


def test_dm_mentions_and_chatter(running: Running) -> None:
    slack = running.slack
    thread_ts, _ = start(running)

    # Plain chatter at the top of the channel, and in someone's own thread: nothing at all.
    event(running, channel=CHANNEL, channel_type="channel", text="Ska vi ta fika?")
    event(running, channel=CHANNEL, channel_type="channel", text="Gärna", thread_ts="1600000000.000001")

    # A DM to the app: where and how answers are given, with the person's process and its next question.
    event(running, channel="DU1", channel_type="im", text="hej, hur svarar jag?")
    dm = slack.wait_for("chat.postMessage", where=lambda a: a["channel"] == "DU1")[0]
    assert "processkanalens trådar" in dm["text"] and "«Meningsfull fritid i Skogås» i <#C1>" in dm["text"]
    assert "Nästa fråga: Vilket är det långsiktiga målet?" in dm["text"]

    # A mention in the channel (outside the step threads): privately, where the next question is.
    assert running.sender.event({"type": "app_mention", "channel": CHANNEL, "user": USER,
                                 "text": "<@UBOT> var svarar vi?", "ts": slack.next_ts()})[0] == 200
    pointer = slack.wait_for("chat.postEphemeral", where=lambda a: "stegens trådar" in a.get("text", ""))[0]
    assert pointer["user"] == USER and "steg 1" in pointer["text"] and "långsiktiga målet" in pointer["text"]
    # … and in a channel with no process: how to start one.
    running.sender.event({"type": "app_mention", "channel": "C_OTHER", "user": "U9", "text": "<@UBOT> hej",
                          "ts": slack.next_ts()})
    hello = slack.wait_for("chat.postEphemeral", where=lambda a: a["channel"] == "C_OTHER")[0]
    assert "/coach hjälp" in hello["text"]

    # A mention of the bot inside a step thread: the mention is stripped, the rest offered as an answer.
    reply(running, thread_ts, "<@UBOT> Alla unga i Skogås har en meningsfull fritid")
    offer = slack.wait_for("chat.postEphemeral", where=lambda a: "Spara som svar" in a.get("text", ""))[0]
    assert "Ditt inlägg (44 tecken): Alla unga i Skogås" in texts(offer["blocks"])

    # A reply in a step thread whose questions are done while the team works elsewhere: a pointer there.
    process = running.service.find_process(channel_id=CHANNEL)
    example = skogas()["answers"]
    for question in running.service.flow_of(process).step(1).questions():
        running.service.act(process=process, actor=ME, event=Answer(example[question.id], question_id=question.id))
    running.service.act(process=process, actor=ME, event=GoTo(2))
    reply(running, thread_ts, "Ska vi lägga till något om tidplanen")
    elsewhere = slack.wait_for("chat.postEphemeral", where=lambda a: "steg 2" in a.get("text", ""))[0]
    assert elsewhere["thread_ts"] == thread_ts and "sparas inte som svar" in elsewhere["text"]

    quiet = [a for name, a in slack.calls if name in ("chat.postMessage", "chat.postEphemeral")
             and ("fika" in json.dumps(a, ensure_ascii=False) or a.get("thread_ts") == "1600000000.000001")]
    assert quiet == []


def test_help_lists_every_command_with_abcde_and_how_answers_are_saved(running: Running) -> None:
    running.sender.command("hjälp", user=USER, channel=CHANNEL)
    shown = running.slack.wait_for("chat.postEphemeral")[0]["text"]
    for command in ("ny", "status", "steg", "fortsätt", "fråga", "roller", "roll", "sammanfatta", "underlag",
                    "beslut", "export", "språk", "namn", "arkivera", "abcde", "hjälp"):
        assert f"`/coach {command}" in shown, command
    assert "Spara som svar" in shown and "inget sparas utan ditt klick" in shown
    english = st("help", "en")
    for command in ("new", "status", "step", "continue", "ask", "roles", "role", "summary", "underlag",
                    "decision", "export", "language", "rename", "archive", "abcde", "help"):
        assert f"`/coach {command}" in english, command
    assert "Save as answer" in english and "Spara" not in english


def test_manifest_subscribes_to_every_event_the_app_answers() -> None:
    manifest = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    events = set(manifest["settings"]["event_subscriptions"]["bot_events"])
    assert {"message.im", "message.channels", "message.groups", "app_mention", "app_home_opened"} <= events
    home = manifest["features"]["app_home"]
    assert home["messages_tab_enabled"] is True and home["messages_tab_read_only_enabled"] is False
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert {"im:history", "im:write", "channels:history", "groups:history", "app_mentions:read"} <= scopes
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
