"""COACH_TIMEZONE in Slack: the decision modal's date is today there, and ABCDE rhythms made in Slack
(the schedule modal, `/coach abcde schema …` without a zone) use it — not a fixed Europe/Stockholm."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from zoneinfo import ZoneInfo

import pytest
from slack_sdk import WebClient

from bot.service import CoachService
from bot.settings import Settings
from bot.slack import constants as c
from bot.slack.abcde.blocks import SCHEDULE_VIEW
from bot.slack.abcde.command import handle_abcde
from bot.slack.abcde.report import abcde_of
from bot.slack.app import build_app
from bot.slack.conversation import Conversation
from bot.slack.dedupe import Deliveries
from bot.slack.deps import Deps
from bot.slack.models import CommandIn
from flows.loader import get_flow
from guidance_corpus.base import InMemoryRetriever
from tests.abcde.conftest import KARIN, build_world
from tests.slack.app_server import AppServer
from tests.slack.conftest import PASSAGES, SECRET, Running
from tests.slack.fake_slack import FakeSlack
from tests.slack.signed import SlackSender
from tests.slack.test_e2e_flow import CHANNEL, USER, start

EAST, WEST = "Pacific/Kiritimati", "Pacific/Pago_Pago"  # UTC+14 and UTC-11: never the same date
STOCKHOLM = "Europe/Stockholm"  # the default: its date differs from at least one of them at any moment


def today_in(zone: str) -> str:
    return dt.datetime.now(ZoneInfo(zone)).date().isoformat()


def elsewhere() -> str:
    """A zone whose date today is not Stockholm's."""
    return EAST if today_in(EAST) != today_in(STOCKHOLM) else WEST


@pytest.fixture
def running_elsewhere(fake_slack: FakeSlack, slack_engine) -> Iterator[tuple[Running, str]]:
    zone = elsewhere()
    flow = get_flow()
    service = CoachService(db=slack_engine, flows={flow.id: flow}, retriever=lambda: InMemoryRetriever(PASSAGES))
    settings = Settings(_env_file=None, slack_bot_token="xoxb-test", slack_signing_secret=SECRET,
                        slack_api_url=fake_slack.url.rstrip("/"), slack_app_token=None, coach_timezone=zone)
    app = build_app(settings, service, slack_engine, flow_id=flow.id)
    server = AppServer(app, host="127.0.0.1", port=0)
    server.start_in_thread()
    yield Running(fake_slack, SlackSender(f"http://127.0.0.1:{server.port}/slack/events", SECRET),
                  slack_engine, service, app), zone
    server.shutdown()
    server.server_close()


def test_decision_modal_dates_today_in_the_configured_time_zone(running_elsewhere) -> None:
    running, zone = running_elsewhere
    start(running)
    before = today_in(zone)
    running.sender.command("beslut 1", user=USER, channel=CHANNEL)
    view = running.slack.wait_for("views.open")[0]["_response"]["view"]
    assert view["callback_id"] == c.DECIDE_VIEW
    date = next(b for b in view["blocks"] if b.get("block_id") == "date")["element"]["initial_date"]
    assert date in {before, today_in(zone)}  # either side of midnight there
    assert date != today_in(STOCKHOLM) or today_in(zone) == today_in(STOCKHOLM)  # (midnight passed meanwhile)


@pytest.fixture
def abcde_deps(db_url: str, fake_slack: FakeSlack) -> Iterator[tuple[Deps, WebClient]]:
    from storage.db import make_engine, migrate

    engine = make_engine(db_url)
    migrate(engine)
    world = build_world(engine)
    work = ThreadPoolExecutor(2)
    deps = Deps(service=world.coach, conversation=Conversation(world.coach, engine), flow_id="x",
                deliveries=Deliveries(engine), work=work, timezone="America/New_York")
    yield deps, WebClient(token="xoxb-test", base_url=fake_slack.url)
    work.shutdown()
    engine.dispose()


def abcde(deps: Deps, client: WebClient, text: str) -> None:
    body = {"user_id": KARIN.user_id, "user_name": KARIN.user_id, "channel_id": "CPROC", "team_id": "T1",
            "text": f"abcde {text}", "trigger_id": "trig.1"}
    handle_abcde(client, CommandIn.parse(body), deps)


def test_abcde_in_slack_uses_the_configured_time_zone(abcde_deps, fake_slack: FakeSlack) -> None:
    deps, client = abcde_deps
    assert abcde_of(deps).default_tz == "America/New_York"
    abcde(deps, client, "schema")  # no rhythm yet: the modal proposes the configured zone
    view = fake_slack.of("views.open")[-1]["view"]
    assert view["callback_id"] == SCHEDULE_VIEW
    tz = next(b for b in view["blocks"] if b.get("block_id") == "tz")["element"]["initial_value"]
    assert tz == "America/New_York"
    abcde(deps, client, "schema varannan vecka måndag 09:00")  # a rhythm typed without a zone
    process = deps.process_here("CPROC")
    assert abcde_of(deps).schedule(process.id).rhythm.tz == "America/New_York"
