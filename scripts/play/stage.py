"""The stage: the real App served over HTTP against a fake Slack whose people include an en-US user, and the
actors' moves (commands, thread replies, DMs, clicks, modal submissions), each timed from send to ack to the
first thing the bot shows."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from typing import Any

from bot.service import Actor, CoachService
from bot.settings import Settings
from bot.slack import constants as c
from bot.slack.app import build_app
from flows.loader import get_flow
from guidance_corpus.base import InMemoryRetriever, Passage
from storage.db import make_engine, migrate
from tests.slack.app_server import AppServer
from tests.slack.conftest import SECRET
from tests.slack.fake_slack import FakeSlack
from tests.slack.settle import settle
from tests.slack.signed import SlackSender

ANNA, BO, CEM, DANA = "U1", "U2", "U3", "U4"  # Dana is in the channel but not in the process
NAMES = {ANNA: "Anna", BO: "Bo", CEM: "Cem", DANA: "Dana"}
CHANNEL = "C1"
VISIBLE = ("chat.postMessage", "chat.postEphemeral", "chat.update", "views.open", "views.update", "views.push",
           "views.publish", "files.completeUploadExternal")
PASSAGES = [Passage(text="Det långsiktiga målet beskriver vilken förändring som ska uppnås för målgruppen.",
                    doc_id="001", title="Vägledning datadriven områdesutveckling", locator="Bild 10", score=0.0)]


class TeamSlack(FakeSlack):
    """The fake Slack with our team: Cem's Slack is in English (locale en-US)."""

    def __init__(self) -> None:
        super().__init__()
        self.people.update({ANNA: ("Anna Lind", "anna"), BO: ("Bo Ekström", "bo"), CEM: ("Cem Yıldız", "cem"),
                            DANA: ("Dana Persson", "dana")})
        self.zones.update({ANNA: "Europe/Stockholm", BO: "Europe/Stockholm", CEM: "Europe/London"})
        self.locales.update({ANNA: "sv-SE", BO: "sv-SE", CEM: "en-US"})  # users.info with include_locale

class Stage:
    def __init__(self, tmp: Path) -> None:
        self.slack = TeamSlack()
        self.engine = make_engine(f"sqlite:///{tmp / 'coach.db'}")
        migrate(self.engine)
        flow = get_flow()
        self.service = CoachService(db=self.engine, flows={flow.id: flow},
                                    retriever=lambda: InMemoryRetriever(PASSAGES))
        settings = Settings(_env_file=None, slack_bot_token="xoxb-play", slack_signing_secret=SECRET,
                            slack_api_url=self.slack.url.rstrip("/"), slack_app_token=None)
        self.app = build_app(settings, self.service, self.engine, flow_id=flow.id)
        self.server = AppServer(self.app, host="127.0.0.1", port=0)
        self.server.start_in_thread()
        self.sender = SlackSender(f"http://127.0.0.1:{self.server.port}/slack/events", SECRET)
        self.scenes: list[tuple[str, int]] = []  # (title, index of the first call in it)
        self.notes: list[tuple[int, str]] = []  # (call index, what a player did or saw)
        self.actions: list[dict[str, Any]] = []  # per move: who, what, ack ms, first feedback ms, calls
        self.said: list[dict[str, Any]] = []  # the team's own messages: ts, user, text, thread_ts, channel
        self.threads: dict[str, str] = {}  # thread ts → "tråd steg N"
        self.thread1: str | None = None
        self.thread2: str | None = None

    def __enter__(self) -> Stage:
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.slack.server_close()
        self.engine.dispose()

    # ---- bookkeeping ----------------------------------------------------------------------------

    def scene(self, title: str) -> None:
        self.quiet()
        self.scenes.append((title, len(self.slack.calls)))

    def note(self, text: str) -> None:
        self.notes.append((len(self.slack.calls), text))

    def quiet(self, idle: float = 0.25, limit: float = 8.0) -> None:
        """Until the app has done all it was handed and Slack has seen no call for `idle` seconds."""
        self._settle()
        deadline = time.monotonic() + limit
        seen, since = len(self.slack.calls), time.monotonic()
        while time.monotonic() < deadline:
            with self.slack.lock:
                self.slack.lock.wait(0.05)  # a poll interval while waiting on a condition
                now = len(self.slack.calls)
            if now != seen:
                seen, since = now, time.monotonic()
            elif time.monotonic() - since >= idle:
                self._settle()
                if len(self.slack.calls) == seen:
                    return

    def _settle(self) -> None:
        """settle(app), again while slow work (rendering an underlag) keeps a pool busy past its timeout."""
        for _ in range(6):
            try:
                settle(self.app, timeout=20)
                return
            except threading.BrokenBarrierError:
                continue

    def move(self, who: str, what: str, send) -> tuple[int, str]:
        """One move by a player: timed from send to ack to the first call a person would see."""
        self.quiet()
        first = len(self.slack.calls)
        self.note(f"{NAMES.get(who, who)}: {what}")
        sent = time.monotonic()
        status, body = send()
        acked = time.monotonic()
        self.quiet()
        with self.slack.lock:
            calls = self.slack.calls[first:]
        shown = [(name, args) for name, args in calls if name in VISIBLE]
        answer = json.loads(body) if body.strip().startswith("{") else {}
        feedback = (acked - sent) if answer.get("response_action") else (
            (shown[0][1]["_at"] - sent) if shown else None)
        self.actions.append({"who": NAMES.get(who, who), "what": what, "status": status,
                             "ack_ms": round((acked - sent) * 1000), "first_feedback_ms":
                             None if feedback is None else round(feedback * 1000),
                             "shown": [name for name, _ in shown], "response": answer or body[:200]})
        return status, body

    # ---- moves ----------------------------------------------------------------------------------

    def command(self, who: str, text: str, channel: str = CHANNEL) -> tuple[int, str]:
        return self.move(who, f"/coach {text}", lambda: self.sender.command(text, user=who, channel=channel))

    def say(self, who: str, text: str, thread_ts: str | None = None, channel: str = CHANNEL) -> str:
        ts = self.slack.next_ts()
        event = {"type": "message", "channel": channel, "user": who, "text": text, "ts": ts,
                 "channel_type": "im" if channel.startswith("D") else "channel"}
        if thread_ts:
            event["thread_ts"] = thread_ts
        self.said.append({"ts": ts, "user": who, "text": text, "thread_ts": thread_ts, "channel": channel})
        where = "DM" if channel.startswith("D") else "thread" if thread_ts else "channel"
        self.move(who, f"({where}) {text[:80]!r}" + (f" … ({len(text)} chars)" if len(text) > 80 else ""),
                  lambda: self.sender.event(event))
        return ts

    def click(self, who: str, action_id: str, value: str, label: str, thread_ts: str | None = None,
              channel: str = CHANNEL) -> tuple[int, str]:
        return self.move(who, f"clicks [{label}]", lambda: self.sender.click(
            action_id, value, user=who, channel=channel, thread_ts=thread_ts))

    def submit(self, who: str, view: dict, values: dict, label: str) -> tuple[int, str]:
        return self.move(who, f"submits modal «{label}»", lambda: self.sender.submit(view, values, user=who))

    # ---- what the players look at ---------------------------------------------------------------

    def process(self):
        return self.service.find_process(channel_id=CHANNEL)

    def opened_view(self, since: int) -> dict | None:
        with self.slack.lock:
            opened = [a for n, a in self.slack.calls[since:] if n in ("views.open", "views.push")]
        return opened[-1]["_response"]["view"] if opened else None

    def open_answer(self, who: str, question_id: str, thread_ts: str | None = None) -> dict | None:
        since = len(self.slack.calls)
        self.click(who, c.ANSWER, json.dumps({"p": self.process().id, "q": question_id}), f"Svara {question_id}",
                   thread_ts)
        return self.opened_view(since)

    def last_offer(self, who: str, since: int) -> dict | None:
        with self.slack.lock:
            offers = [a for n, a in self.slack.calls[since:] if n == "chat.postEphemeral" and a.get("user") == who
                      and any(b.get("block_id", "").startswith("draft:") for b in a.get("blocks") or [])]
        return offers[-1] if offers else None

    def reply_and_save(self, who: str, thread_ts: str, text: str, meant=None) -> bool:
        """A thread reply, then a click on «Spara som svar» if the bot offered it (False when it did not).
        A careful player who `meant` another question (its flow Text, sv and en) says «Nej, det var diskussion»
        instead (False)."""
        since = len(self.slack.calls)
        self.say(who, text, thread_ts)
        offer = self.last_offer(who, since)
        if offer is None:
            return False
        if meant is not None and not any(f"«{text}»" in offer["text"] for text in (meant.sv, meant.en) if text):
            self.note(f"MISMATCH: {NAMES[who]} meant «{meant.sv[:60]}» but is offered {offer['text'][:90]!r}")
            self.press(who, offer, c.DISCARD_DRAFT, thread_ts)
            return False
        self.press(who, offer, c.SAVE_DRAFT, thread_ts)
        return True

    def press(self, who: str, message: dict, action_id: str, thread_ts: str | None) -> None:
        button = next(e for b in message["blocks"] if b["type"] == "actions" for e in b["elements"]
                      if e["action_id"] == action_id)
        self.click(who, action_id, button["value"], button["text"]["text"], thread_ts)

    def stored(self) -> dict[str, Any]:
        state = self.service.state(process=self.process(), actor=Actor(ANNA, "Anna", "slack_thread"))
        return {qid: (a.value.model_dump(mode="json") if a.value is not None else "skipped")
                for qid, a in state.answers.items()}
