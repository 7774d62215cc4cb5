"""The real App over HTTP, against the fake Slack Web API, on SQLite in tmp_path."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import Engine

from bot.service import CoachService
from bot.settings import Settings
from bot.slack.app import build_app
from flows.loader import get_flow
from guidance_corpus.base import InMemoryRetriever, Passage
from tests.migrated import migrated_engine
from tests.slack import serve_process
from tests.slack.app_server import AppServer
from tests.slack.fake_slack import FakeSlack
from tests.slack.serve_process import Served
from tests.slack.signed import SlackSender

SECRET = "test-signing-secret"
PASSAGES = [
    Passage(text="Det långsiktiga målet beskriver vilken förändring som ska uppnås för målgruppen i området.",
            doc_id="001", title="Vägledning datadriven områdesutveckling", locator="Bild 10", score=0.0),
    Passage(text="En gapanalys jämför behoven med de insatser som redan finns.",
            doc_id="002", title="Sociala investeringar", locator="Avsnitt 4", score=0.0),
]


@dataclass
class Running:
    slack: FakeSlack
    sender: SlackSender
    engine: Engine
    service: CoachService
    app: Any = None  # the bolt App, for tests that add middleware


@pytest.fixture(scope="module")
def served_http(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """`coach serve --http` (gunicorn, one worker) as a subprocess on SQLite, shared by a test module."""
    slack = FakeSlack()
    served = serve_process.start(tmp_path_factory.mktemp("served"), slack, secret=SECRET)
    assert serve_process.ready(served)
    yield served
    served.stop()
    slack.stop()


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    server = FakeSlack()
    yield server
    server.stop()  # fails the test if Slack would have refused any of its calls


@pytest.fixture
def slack_engine(tmp_path) -> Iterator[Engine]:
    engine = migrated_engine(f"sqlite:///{tmp_path / 'coach.db'}")
    yield engine
    engine.dispose()


@pytest.fixture
def running(fake_slack: FakeSlack, slack_engine: Engine) -> Iterator[Running]:
    flow = get_flow()
    service = CoachService(db=slack_engine, flows={flow.id: flow}, retriever=lambda: InMemoryRetriever(PASSAGES))
    settings = Settings(_env_file=None, slack_bot_token="xoxb-test", slack_signing_secret=SECRET,
                        slack_api_url=fake_slack.url.rstrip("/"), slack_app_token=None)
    app = build_app(settings, service, slack_engine, flow_id=flow.id)
    server = AppServer(app, host="127.0.0.1", port=0)
    server.start_in_thread()
    yield Running(fake_slack, SlackSender(f"http://127.0.0.1:{server.port}/slack/events", SECRET),
                  slack_engine, service, app)
    server.shutdown()
    server.server_close()
