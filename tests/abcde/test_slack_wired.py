"""As `coach serve` runs it: build_app wires the ABCDE listeners, `/coach abcde …` and the App Home
line; signed HTTP requests against the fake Slack."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from bot.settings import Settings
from bot.slack.abcde.blocks import OPEN, REPORT_VIEW
from bot.slack.app import build_app
from storage.db import make_engine, migrate
from tests.abcde.conftest import KARIN, LISA, World, build_world
from tests.slack.app_server import AppServer
from tests.slack.fake_slack import FakeSlack
from tests.slack.signed import SlackSender

SECRET = "wired-secret"


@pytest.fixture
def served(tmp_path) -> Iterator[tuple[World, FakeSlack, SlackSender]]:
    slack = FakeSlack()
    engine = make_engine(f"sqlite:///{tmp_path / 'coach.db'}")
    migrate(engine)
    world = build_world(engine)
    settings = Settings(_env_file=None, slack_bot_token="xoxb-test", slack_signing_secret=SECRET,
                        slack_api_url=slack.url, slack_app_token=None)
    server = AppServer(build_app(settings, world.coach, engine, with_abcde=True),
                             host="127.0.0.1", port=0)
    server.start_in_thread()
    yield world, slack, SlackSender(f"http://127.0.0.1:{server.port}/slack/events", SECRET)
    server.shutdown()
    server.server_close()
    slack.stop()
    engine.dispose()


def test_coach_abcde_through_the_served_app(served) -> None:
    world, slack, sender = served
    assert sender.command("abcde schema varannan vecka måndag 09:00", user=KARIN.user_id, channel="CPROC")[0] == 200
    said = slack.wait_for("chat.postEphemeral")[0]
    assert "varannan vecka måndag kl. 09:00" in said["text"] and said["user"] == KARIN.user_id
    assert world.abcde.schedule(world.process.id).rhythm.cadence == "biweekly"

    sender.command("abcde", user=LISA.user_id, channel="CPROC")  # ad hoc: the modal for the running period
    view = slack.wait_for("views.open")[0]["_response"]["view"]
    assert view["callback_id"] == REPORT_VIEW
    values = {"education": {"v": {"type": "plain_text_input", "value": "Fråga unga själva"}}}
    assert sender.submit(view, values, user=LISA.user_id) == (200, "")
    post = slack.wait_for("chat.postMessage", where=lambda a: a.get("channel") == "CPROC")[0]
    assert "Fråga unga själva" in json.dumps(post["blocks"], ensure_ascii=False)

    sender.click(OPEN, json.dumps({"p": world.process.id}), user=LISA.user_id, channel="D1")
    again = slack.wait_for("views.open", 2)[1]["_response"]["view"]
    assert "Fråga unga själva" in json.dumps(again, ensure_ascii=False)  # prefilled: editing this period

    sender.command("abcde historik", user=LISA.user_id, channel="CPROC")
    listed = slack.wait_for("chat.postEphemeral", 2)[1]
    assert "Fråga unga själva" in json.dumps(listed["blocks"], ensure_ascii=False)


def test_app_home_shows_this_periods_abcde_report_to_a_project_leader(served) -> None:
    world, slack, sender = served
    sender.command("abcde schema varje vecka måndag 09:00", user=KARIN.user_id, channel="CPROC")
    slack.wait_for("chat.postEphemeral")
    sender.event({"type": "app_home_opened", "user": LISA.user_id, "tab": "home"})
    home = json.dumps(slack.wait_for("views.publish")[0]["view"], ensure_ascii=False)
    assert "Meningsfull fritid i Skogås" in home
    assert "ABCDE-rapport" in home and "inte inskickad ännu" in home
    sender.event({"type": "app_home_opened", "user": KARIN.user_id, "tab": "home"})
    coordinator_home = json.dumps(slack.wait_for("views.publish", 2)[1]["view"], ensure_ascii=False)
    assert "ABCDE-rapport" not in coordinator_home  # only those who report see the line
