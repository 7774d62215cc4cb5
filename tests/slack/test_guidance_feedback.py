"""Vägledning answers at once: the real App over HTTP against the fake Slack, with the index build held
by the test (an Event), so the "förbereds, klar om ungefär N s" path is seen, then replaced."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator

import pytest

from bot.service import CoachService
from bot.settings import Settings
from bot.slack import constants as c
from bot.slack.app import build_app
from flows.loader import get_flow
from guidance_corpus.base import InMemoryRetriever
from tests.slack.app_server import AppServer
from tests.slack.conftest import PASSAGES, SECRET, Running
from tests.slack.settle import settle, wait_until
from tests.slack.signed import SlackSender

USER, CHANNEL = "U1", "C1"


class HeldRetriever(InMemoryRetriever):
    """Searches like InMemoryRetriever; its index 'build' reports progress and waits for the test."""

    def __init__(self) -> None:
        super().__init__(PASSAGES)
        self.release = threading.Event()
        self.searches = 0

    def prepare(self, progress) -> None:
        progress(30, 120, "Vägledning")
        assert self.release.wait(10), "the test never released the build"
        progress(120, 120, "Vägledning")

    def search(self, query: str, k: int = 5):
        self.searches += 1
        return super().search(query, k)


@pytest.fixture
def held(fake_slack, slack_engine) -> Iterator[tuple[Running, HeldRetriever]]:
    flow = get_flow()
    retriever = HeldRetriever()
    service = CoachService(db=slack_engine, flows={flow.id: flow}, retriever=lambda: retriever)
    settings = Settings(_env_file=None, slack_bot_token="xoxb-test", slack_signing_secret=SECRET,
                        slack_api_url=fake_slack.url.rstrip("/"), slack_app_token=None)
    server = AppServer(build_app(settings, service, slack_engine, flow_id=flow.id), host="127.0.0.1", port=0)
    server.start_in_thread()
    yield Running(fake_slack, SlackSender(f"http://127.0.0.1:{server.port}/slack/events", SECRET), slack_engine,
                  service, server.app), retriever
    retriever.release.set()
    server.shutdown()
    server.server_close()


def start(running: Running) -> tuple[int, str]:
    running.sender.command("ny Meningsfull fritid i Skogås", user=USER, channel=CHANNEL)
    parent = running.slack.wait_for("chat.postMessage", where=lambda a: "Steg 1 av" in json.dumps(
        a.get("blocks", []), ensure_ascii=False))[0]
    thread_ts = parent["_response"]["ts"]
    # Replies only once the first question is in the thread and the thread is recorded, as a person sees
    # it: a reply sent the moment the parent appeared could find no step thread (no notice: seen under load).
    running.slack.wait_for("chat.postMessage", where=lambda a: a.get("thread_ts") == thread_ts)
    settle(running.app)
    return running.service.find_process(channel_id=CHANNEL).id, thread_ts


def dump(obj) -> str:
    return json.dumps(obj, ensure_ascii=False)


def test_a_click_while_the_index_is_built_says_so_at_once_then_shows_the_passages(held, monkeypatch) -> None:
    running, retriever = held
    monkeypatch.setattr("bot.slack.guidance.REFRESH_SECONDS", 0.05)
    process_id, thread_ts = start(running)
    clicked = time.perf_counter()
    running.sender.click(c.GUIDANCE, json.dumps({"p": process_id, "q": "s1.langsiktigt_mal"}), user=USER,
                         channel=CHANNEL, thread_ts=thread_ts)
    opened = running.slack.wait_for("views.open", timeout=1.0)[0]
    assert time.perf_counter() - clicked < 1.0
    notice = dump(opened["view"])
    assert "Vägledningen förbereds, klar om ungefär" in notice and "långsiktiga" in notice
    assert retriever.searches == 0
    view_id = opened["_response"]["view"]["id"]
    renewed = running.slack.wait_for("views.update", 2, where=lambda a: "förbereds" in dump(a["view"]))
    assert {a["view_id"] for a in renewed} == {view_id}  # the estimate is renewed while it waits

    retriever.release.set()  # the build finishes: the same modal now shows the passages
    updated = running.slack.wait_for("views.update", where=lambda a: "Bild 10" in dump(a["view"]))[0]
    assert updated["view_id"] == view_id and "förbereds" not in dump(updated["view"])
    assert recorded(running) == ["Bild 10"]  # recorded for the underlag, as before (after it was shown)

    calls = len(running.slack.calls)
    assert wait_until(lambda: not renewals_pending())  # the renewal that was due has seen the passages: it stops
    assert not [a for m, a in running.slack.calls[calls:] if m == "views.update"]
    last = [a for a in running.slack.of("views.update")][-1]
    assert "Bild 10" in dump(last["view"])

    running.slack.clear()  # ready now: the next click shows the passages at once, in the thread
    running.sender.click(c.GUIDANCE, json.dumps({"p": process_id, "q": "s1.langsiktigt_mal"}), user=USER,
                         channel=CHANNEL, thread_ts=thread_ts)
    ephemeral = running.slack.wait_for("chat.postEphemeral", timeout=1.0)[0]
    assert "Bild 10" in dump(ephemeral["blocks"]) and ephemeral["thread_ts"] == thread_ts
    assert not running.slack.of("views.open")


def test_typed_guidance_and_search_while_building_get_a_notice_then_the_answer(held) -> None:
    running, retriever = held
    _, thread_ts = start(running)
    running.sender.event({"type": "message", "channel": CHANNEL, "user": USER, "text": "vägledning",
                          "ts": running.slack.next_ts(), "thread_ts": thread_ts, "channel_type": "channel"})
    running.sender.command("sök långsiktiga målet", user=USER, channel=CHANNEL)
    notices = running.slack.wait_for("chat.postEphemeral", 2,  # (the 1 s budget: the click test above)
                                     where=lambda a: "förbereds, klar om ungefär" in a.get("text", ""))
    assert any("Söker" in n["text"] for n in notices) and any(n.get("thread_ts") == thread_ts for n in notices)
    assert retriever.searches == 0

    retriever.release.set()
    answers = running.slack.wait_for("chat.postEphemeral", 2, timeout=15,  # 5 s was short on a loaded machine
                                     where=lambda a: "Bild 10" in dump(a.get("blocks")))
    assert {a.get("thread_ts") for a in answers} == {thread_ts, None}


def test_a_non_member_is_refused(held) -> None:
    """While the index builds the notice opens at once (it shows only the guide's question), and the
    refusal replaces it; once ready, a non-member gets the refusal instead of passages. Never recorded."""
    running, retriever = held
    process_id, thread_ts = start(running)
    value = json.dumps({"p": process_id, "q": "s1.langsiktigt_mal"})
    running.sender.click(c.GUIDANCE, value, user="U9", channel=CHANNEL, thread_ts=thread_ts)
    refusal = running.slack.wait_for("views.update", where=lambda a: "inte med" in dump(a["view"]))[0]
    assert "Bild 10" not in dump(refusal["view"])
    retriever.release.set()
    running.service.guidance.warmup.wait(5)
    running.sender.click(c.GUIDANCE, value, user="U9", channel=CHANNEL, thread_ts=thread_ts)
    told = running.slack.wait_for("chat.postEphemeral", where=lambda a: a.get("user") == "U9")[0]
    assert "Bild 10" not in dump(told) and "inte med" in told["text"]
    settle(running.app)  # everything the clicks started is done
    assert recorded(running, timeout=0) == [] and retriever.searches == 0


def renewals_pending() -> list[threading.Timer]:
    """The timers that would renew a waiting guidance modal's estimate (bot.slack.guidance)."""
    return [t for t in threading.enumerate()
            if isinstance(t, threading.Timer) and "refresh" in getattr(t.function, "__qualname__", "")]


def recorded(running: Running, timeout: float = 5.0) -> list[str]:
    """The passages recorded as shown in step 1, once there are any (recorded right after showing)."""
    process = running.service.find_process(channel_id=CHANNEL)

    def shown() -> list[str]:
        return [p.locator for p in running.service.guidance.shown_passages(process=process, actor=_me(), step=1)]

    wait_until(shown, timeout)
    return shown()


def _me():
    from bot.service import Actor

    return Actor(user_id=USER, display_name=USER, via="slack_thread")
