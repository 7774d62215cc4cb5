"""Parsing of payloads, subcommands, delivery keys and where errors are answered."""

from __future__ import annotations

import json

import pytest

from bot.errors import AccessDenied
from bot.slack.app import api_url
from bot.slack.commands import subcommand
from bot.slack.dedupe import delivery_key
from bot.slack.errors import user_message, where
from bot.slack.events import unescape
from bot.slack.models import ButtonIn, CommandIn, ThreadMessageIn, ViewMeta, mentioned_user


@pytest.mark.parametrize(("text", "expected"), [
    ("ny Meningsfull fritid", "new"), ("new X", "new"), ("status", "status"), ("steg 3", "step"), ("step", "step"),
    ("fortsätt", "continue"), ("continue", "continue"), ("fråga hur?", "ask"), ("ask x", "ask"),
    ("roller", "roles"), ("roll <@U2|eva> medlem", "role"), ("role x y", "role"), ("export", "export"),
    ("hjälp", "help"), ("help", "help"), ("", "unknown"), ("blaha", "unknown"),
])
def test_subcommands_in_swedish_and_english(text: str, expected: str) -> None:
    assert subcommand(text) == expected


def test_command_parse_normalises_text() -> None:
    cmd = CommandIn.parse({"user_id": "U1", "channel_id": "C1", "text": "  ny   Skogås  centrum ",
                           "trigger_id": "t"})
    assert cmd.text == "ny Skogås centrum" and cmd.word == "ny" and cmd.rest == "Skogås centrum"


def test_mentions() -> None:
    assert mentioned_user("<@U2|eva>") == ("U2", "eva")
    assert mentioned_user("<@U2>") == ("U2", None)
    assert mentioned_user("@eva") is None


def test_thread_message_ignores_bots_edits_and_top_level() -> None:
    base = {"type": "message", "user": "U1", "channel": "C1", "ts": "2.0", "thread_ts": "1.0", "text": "hej"}
    assert ThreadMessageIn.parse(base) is not None
    assert ThreadMessageIn.parse({**base, "bot_id": "B1"}) is None
    assert ThreadMessageIn.parse({**base, "subtype": "message_changed"}) is None
    assert ThreadMessageIn.parse({**base, "thread_ts": None}) is None
    assert ThreadMessageIn.parse({**base, "thread_ts": "2.0"}) is None  # the parent itself
    assert unescape("a &lt;b&gt; &amp;amp;") == "a <b> &amp;"


def test_button_parse() -> None:
    press = ButtonIn.parse({"user": {"id": "U1"}, "trigger_id": "t", "channel": {"id": "C1"},
                            "message": {"ts": "3.0", "thread_ts": "1.0"},
                            "actions": [{"action_id": "coach_answer", "value": json.dumps({"p": 4, "q": "s1.a"})}]})
    assert (press.process_id, press.question_id, press.thread_ts, press.channel_id) == (4, "s1.a", "1.0", "C1")


def test_delivery_keys() -> None:
    assert delivery_key({"type": "event_callback", "event_id": "Ev1"}) == "event:Ev1"
    click = {"type": "block_actions", "user": {"id": "U1"}, "actions": [{"action_id": "a", "action_ts": "9.9"}]}
    assert delivery_key(click) == "action:U1:a:9.9"
    assert delivery_key({"command": "/coach", "trigger_id": "t1"}) == "command:t1"
    assert delivery_key({"type": "view_submission", "trigger_id": "t", "view": {"id": "V", "hash": "h"}}) \
        == "view:V:h:t"
    assert delivery_key({"type": "url_verification"}) is None


def test_errors_are_answered_where_they_happened() -> None:
    assert where({"command": "/coach", "channel_id": "C1", "user_id": "U1"}) == ("C1", "U1", None)
    event = {"type": "event_callback", "event": {"channel": "C1", "user": "U2", "thread_ts": "1.0"}}
    assert where(event) == ("C1", "U2", "1.0")
    view = {"type": "view_submission", "user": {"id": "U3"},
            "view": {"private_metadata": ViewMeta(p=1, c="C9").dump()}}
    assert where(view) == ("C9", "U3", None)
    assert user_message(AccessDenied("Du är inte med.")) == "Du är inte med."
    assert "Förlåt" in user_message(RuntimeError("boom"))


def test_api_url_gets_trailing_slash() -> None:
    assert api_url("http://127.0.0.1:9/api") == "http://127.0.0.1:9/api/"
    assert api_url("https://slack.com/api/") == "https://slack.com/api/"
