"""Helpers of the fault-injection tests (issue 13): the real App over HTTP on SQLite or PostgreSQL, a
process per channel, replies with chosen Slack timestamps, and what was stored under which question."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import Engine
from sqlmodel import select

from bot.service import Actor, CoachService
from bot.settings import Settings
from bot.slack import constants as c
from bot.slack.app import build_app
from flows.loader import get_flow
from guidance_corpus.base import InMemoryRetriever
from storage.db import session_scope
from storage.models import AnswerVersion, Process
from storage.slack_models import ShownMessage
from tests.migrated import migrated_engine
from tests.slack import settle
from tests.slack.app_server import AppServer
from tests.slack.conftest import PASSAGES, SECRET, Running
from tests.slack.fake_slack import FakeSlack
from tests.slack.signed import SlackSender

A, B = "U1", "U2"


@contextmanager
def served(slack: FakeSlack, engine: Engine) -> Iterator[Running]:
    flow = get_flow()
    service = CoachService(db=engine, flows={flow.id: flow}, retriever=lambda: InMemoryRetriever(PASSAGES))
    settings = Settings(_env_file=None, slack_bot_token="xoxb-test", slack_signing_secret=SECRET,
                        slack_api_url=slack.url.rstrip("/"), slack_app_token=None)
    app = build_app(settings, service, engine, flow_id=flow.id)
    server = AppServer(app, host="127.0.0.1", port=0)
    server.start_in_thread()
    try:
        yield Running(slack, SlackSender(f"http://127.0.0.1:{server.port}/slack/events", SECRET), engine,
                      service, app)
    finally:
        server.shutdown()
        server.server_close()
        for pool in app.coach_pools.values():
            pool.shutdown(wait=True)


def wait_until(condition, timeout: float = 10.0, what: str = "condition") -> None:
    """tests/slack/settle.wait_until that fails the test, naming `what`, when the condition never holds."""
    if not settle.wait_until(condition, timeout):
        raise AssertionError(f"timed out waiting for {what}")


def shown_in(engine: Engine, channel: str) -> list[ShownMessage]:
    with session_scope(engine) as session:
        return list(session.exec(select(ShownMessage).where(ShownMessage.channel_id == channel)).all())


def start_process(running: Running, channel: str, name: str) -> tuple[int, str]:
    """A process in `channel` with B as a member; returns (process id, step-1 thread ts) once the first
    question message is posted and logged."""
    assert running.sender.command(f"ny {name}", user=A, channel=channel)[0] == 200
    wait_until(lambda: len(shown_in(running.engine, channel)) == 1, what=f"the first question in {channel}")
    process = running.service.find_process(channel_id=channel)
    assert running.sender.command("roll <@U2|bob> medlem", user=A, channel=channel)[0] == 200
    wait_until(lambda: running.service.membership.role_of(process=process, user_id=B) == "medlem", what="B a member")
    return process.id, shown_in(running.engine, channel)[0].thread_ts


def skip(running: Running, channel: str, process_id: int, question_id: str, thread_ts: str) -> None:
    """Hoppa över on a question; returns once the next question message is posted and logged."""
    before = len(shown_in(running.engine, channel))
    running.sender.click(c.SKIP, json.dumps({"p": process_id, "q": question_id}), user=A, channel=channel,
                         thread_ts=thread_ts)
    wait_until(lambda: len(shown_in(running.engine, channel)) > before, what="the next question")


def reply_event(channel: str, user: str, text: str, ts: str, thread_ts: str) -> dict:
    return {"type": "message", "channel": channel, "user": user, "text": text, "ts": ts, "thread_ts": thread_ts,
            "channel_type": "channel"}


def offer_of(slack: FakeSlack, channel: str, user: str, text: str, timeout: float = 20.0) -> dict:
    """The «Spara som svar på …?» ephemeral the author of a reply got."""
    return slack.wait_for("chat.postEphemeral", timeout=timeout, where=lambda a: a.get("channel") == channel
                          and a.get("user") == user and text in json.dumps(a.get("blocks"), ensure_ascii=False)
                          and any(b.get("block_id", "").startswith("draft:") for b in a.get("blocks") or []))[-1]


def save_value(offer: dict) -> str:
    return next(e["value"] for b in offer["blocks"] if b["type"] == "actions" for e in b["elements"]
                if e["action_id"] == c.SAVE_DRAFT)


def stored(engine: Engine, process_id: int) -> list[AnswerVersion]:
    """Every answer version of a process (skips included), oldest first."""
    with session_scope(engine) as session:
        return list(session.exec(select(AnswerVersion).where(AnswerVersion.process_id == process_id)
                                 .order_by(AnswerVersion.id)).all())


def answers_with(engine: Engine, process_id: int, text: str) -> list[AnswerVersion]:
    return [v for v in stored(engine, process_id) if v.value and text in json.dumps(v.value, ensure_ascii=False)]


ME = Actor(user_id=A, display_name=A, via="slack_thread")


@contextmanager
def write_lock(engine: Engine, process_id: int) -> Iterator[threading.Event]:
    """Another connection holding a writer's lock until the yielded event is set (or the block ends):
    SQLite's write lock (BEGIN IMMEDIATE), PostgreSQL's lock on the process row (as a saving answer holds)."""
    release, held = threading.Event(), threading.Event()

    def hold() -> None:
        with engine.connect() as connection:
            transaction = connection.begin()
            connection.execute(select(Process.id).where(Process.id == process_id).with_for_update())
            held.set()
            release.wait(30)
            transaction.rollback()

    holder = threading.Thread(target=hold, daemon=True)
    holder.start()
    assert held.wait(10), "could not take the lock"
    try:
        yield release
    finally:
        release.set()
        holder.join(10)


def release_after(release: threading.Event, seconds: float) -> None:
    timer = threading.Timer(seconds, release.set)
    timer.daemon = True
    timer.start()


@pytest.fixture(name="fault_engine")
def fault_engine_fixture(new_db_url: Callable[[], str]) -> Iterator[Engine]:
    """A migrated database of the current backend (SQLite, and PostgreSQL when configured)."""
    engine = migrated_engine(new_db_url())
    yield engine
    engine.dispose()
