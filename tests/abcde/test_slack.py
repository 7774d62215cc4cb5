"""ABCDE in the real Slack app over signed HTTP against the fake Slack Web API: the reminder DM's button
opens the modal (five questions, last D, indicators), submitting stores and posts it, an edit updates
the post; the schedule modal; `/coach abcde …` through handle_abcde."""

from __future__ import annotations

import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from slack_sdk import WebClient

from bot.abcde.syntax import parse
from bot.errors import CoachError
from bot.settings import Settings
from bot.slack.abcde import listeners as abcde_slack
from bot.slack.abcde.blocks import OPEN, REPORT_VIEW, SCHEDULE_VIEW
from bot.slack.abcde.publish import run_due
from bot.slack.app import build_app
from bot.slack.conversation import Conversation
from bot.slack.dedupe import Deliveries
from bot.slack.deps import Deps
from bot.slack.models import CommandIn
from flows.answers import AbcdeReport
from storage.db import make_engine, migrate, session_scope
from storage.repository import list_audit
from tests.abcde.conftest import INDICATORS, KARIN, LISA, MOA, PER, Clock, World, build_world
from tests.slack.app_server import AppServer
from tests.slack.fake_slack import FakeSlack
from tests.slack.signed import SlackSender

SECRET = "abcde-secret"


@dataclass
class App:
    world: World
    slack: FakeSlack
    sender: SlackSender
    deps: Deps
    web: WebClient


@pytest.fixture
def app(tmp_path) -> Iterator[App]:
    slack = FakeSlack()
    engine = make_engine(f"sqlite:///{tmp_path / 'coach.db'}")
    migrate(engine)
    world = build_world(engine, Clock(datetime(2026, 3, 2, 8, 0, tzinfo=UTC)))
    settings = Settings(_env_file=None, slack_bot_token="xoxb-test", slack_signing_secret=SECRET,
                        slack_api_url=slack.url, slack_app_token=None)
    bolt = build_app(settings, world.coach, engine, with_abcde=False)
    deps = Deps(service=world.coach, conversation=Conversation(world.coach, engine), flow_id="x",
                deliveries=Deliveries(engine), work=ThreadPoolExecutor(4), abcde=world.abcde)
    abcde_slack.register(bolt, deps)  # what bot/slack/app.py does, with the test's clock
    server = AppServer(bolt, host="127.0.0.1", port=0)
    server.start_in_thread()
    yield App(world, slack, SlackSender(f"http://127.0.0.1:{server.port}/slack/events", SECRET), deps,
              WebClient(token="xoxb-test", base_url=slack.url))
    server.shutdown()
    server.server_close()
    slack.stop()
    engine.dispose()


def text_of(view: dict) -> str:
    return json.dumps(view, ensure_ascii=False)


def fill(view: dict, **fields: str) -> dict:
    values = {f: {"v": {"type": "plain_text_input", "value": v}} for f, v in fields.items()}
    values["iv.0"] = {"v": {"type": "plain_text_input", "value": "14"}}
    values["id.0"] = {"v": {"type": "datepicker", "selected_date": "2026-03-01"}}
    return values


def test_reminder_button_modal_submit_post_and_edit(app: App) -> None:
    world, slack, sender = app.world, app.slack, app.sender
    world.abcde.set_schedule(world.process, KARIN, parse("varje vecka måndag 09:00"))
    world.abcde.file_report(world.process, PER, AbcdeReport(do_next="Bjuda in föräldrar"))  # last week's plan
    world.clock.now = datetime(2026, 3, 9, 8, 0, tzinfo=UTC)
    sent = run_due(world.abcde, app.web)
    assert {s.user_id for s in sent} == {PER.user_id, LISA.user_id}
    button = slack.of("chat.postMessage")[0]["blocks"][1]["elements"][0]
    assert sender.click(OPEN, button["value"], user=PER.user_id, channel="D1")[0] == 200
    view = slack.wait_for("views.open")[0]["_response"]["view"]
    shown = text_of(view)
    assert view["callback_id"] == REPORT_VIEW and len(view["blocks"]) <= 100
    for question in ("Vilka aktiviteter har genomförts sedan förra uppföljningstillfället?",
                     "Vilka framsteg har gjorts sedan förra uppföljningstillfället (vilka resultat har levererats)?",
                     "Vilka bekymmer kräver särskilt fokus?", "Hur ser planerna ut för den närmaste tiden?",
                     "Vad har vi lärt oss sedan senaste utvärderingen?", "Bjuda in föräldrar", INDICATORS[0]):
        assert question in shown

    status, body = sender.submit(view, fill(view, activities="Föräldramöte i skolan", concerns="Få ledare"),
                                 user=PER.user_id)
    assert status == 200 and body == ""
    post = slack.wait_for("chat.postMessage", where=lambda a: a.get("channel") == "CPROC")[0]
    assert "Föräldramöte i skolan" in text_of(post["blocks"]) and "vecka 11" in post["text"]
    slack.wait_for("chat.postMessage", where=lambda a: "är sparad (version 1)" in a.get("text", ""))
    stored = world.abcde.my_report(world.process, PER.user_id, "2026-03-09")
    assert stored.report.indicator_values[0].value == "14" and stored.via == "slack_modal"

    # Editing within the period: the modal is prefilled, the post is updated, version 2 is kept.
    sender.click(OPEN, button["value"], user=PER.user_id, channel="D1")
    again = slack.wait_for("views.open", 2)[1]["_response"]["view"]
    assert "Föräldramöte i skolan" in text_of(again) and "version 1" in text_of(again)
    sender.submit(again, fill(again, activities="Föräldramöte i skolan", benefits="12 föräldrar kom"),
                  user=PER.user_id)
    update = slack.wait_for("chat.update")[0]
    assert update["ts"] == post["_response"]["ts"] and "12 föräldrar kom" in text_of(update["blocks"])


def test_an_english_process_gets_the_reminder_modal_post_and_schedule_in_english(app: App) -> None:
    world, slack, sender = app.world, app.slack, app.sender
    english = world.coach.set_language(process=world.process, actor=KARIN, language="en")
    world.abcde.set_schedule(english, KARIN, parse("every week monday 09:00"))
    world.abcde.file_report(english, PER, AbcdeReport(do_next="Invite parents"))
    world.clock.now = datetime(2026, 3, 9, 8, 0, tzinfo=UTC)
    run_due(world.abcde, app.web)
    dm = slack.of("chat.postMessage")[0]
    assert dm["text"].startswith("Time for the ABCDE report") and "week 11 (2026-03-09)" in dm["text"]
    button = dm["blocks"][1]["elements"][0]
    assert button["text"]["text"] == "Write the report"
    sender.click(OPEN, button["value"], user=PER.user_id, channel="D1")
    view = slack.wait_for("views.open")[0]["_response"]["view"]
    shown = text_of(view)
    for line in ("A – Activities: Which activities have been carried out since the last follow-up?",
                 "B – Benefits: What progress has been made since the last follow-up",
                 "C – Concerns: Which concerns need particular focus?",
                 "D – Do Next: What are the plans for the near future?",
                 "E – Education and Learning: What have we learned since the last evaluation?",
                 "Last period's D – Do Next", "Invite parents"):
        assert line in shown
    assert "Vilka aktiviteter" not in shown and "Skriv rapporten" not in shown
    assert (view["title"]["text"], view["submit"]["text"]) == ("ABCDE report", "Save")

    sender.submit(view, fill(view, activities="Parents' evening at school"), user=PER.user_id)
    post = slack.wait_for("chat.postMessage", where=lambda a: a.get("channel") == "CPROC")[0]
    assert post["text"].startswith("*ABCDE report – ") and "week 11" in post["text"]
    assert "*A – Activities*" in text_of(post["blocks"]) and "Indicator values" in text_of(post["blocks"])
    slack.wait_for("chat.postMessage", where=lambda a: "is saved (version 1)" in a.get("text", ""))

    command = CommandIn(user_id=KARIN.user_id, user_name="karin", channel_id="CPROC", team_id=None,
                        text="abcde schedule", trigger_id="t1")
    abcde_slack.handle_abcde(app.web, command, app.deps)
    modal = slack.wait_for("views.open", 2)[1]["_response"]["view"]
    assert "How often?" in text_of(modal) and "Every week" in text_of(modal) and "Monday" in text_of(modal)
    assert "every week Monday at 09:00" in english_schedule(world)


def english_schedule(world: World) -> str:
    process = world.coach.find_process(channel_id="CPROC")
    return world.abcde.schedule(process.id).describe(process.language)


def test_empty_report_and_half_indicator_are_refused_in_the_modal(app: App) -> None:
    view = {"type": "modal", "callback_id": REPORT_VIEW, "id": "V1", "hash": "h",
            "private_metadata": json.dumps({"p": app.world.process.id})}
    status, body = app.sender.submit(view, {"iv.0": {"v": {"value": "14"}}, "id.0": {"v": {"selected_date": None}}},
                                     user=PER.user_id)
    errors = json.loads(body)["errors"]
    assert "tom" in errors["activities"] and "datum" in errors["id.0"]


def test_member_cannot_open_the_report_modal(app: App) -> None:
    value = json.dumps({"p": app.world.process.id})
    app.sender.click(OPEN, value, user=MOA.user_id, channel="CPROC")
    refusal = app.slack.wait_for("chat.postEphemeral")[0]
    assert "projektledare" in refusal["text"] and not app.slack.of("views.open")
    with session_scope(app.world.engine) as session:
        refused = list_audit(session, process_id=app.world.process.id, action="refused")
    assert [(e.actor, e.detail["action"]) for e in refused] == [(MOA.user_id, "refused_report")]


def test_schedule_modal_submission_sets_the_schedule(app: App) -> None:
    view = {"type": "modal", "callback_id": SCHEDULE_VIEW, "id": "V9", "hash": "h",
            "private_metadata": json.dumps({"p": app.world.process.id, "c": "CPROC"})}
    values = {"cadence": {"v": {"selected_option": {"value": "monthly"}}},
              "weekday": {"v": {"selected_option": {"value": "2"}}},
              "time": {"v": {"selected_time": "13:15"}}, "tz": {"v": {"value": "Europe/Stockholm"}},
              "target": {"v": {"selected_option": {"value": "thread"}}}, "channel": {"v": {}},
              "reporters": {"v": {"selected_users": [LISA.user_id]}}, "nudge": {"v": {"value": "48"}}}
    refused = json.loads(app.sender.submit(view, values, user=PER.user_id)[1])
    assert "koordinator" in text_of(refused)
    assert app.sender.submit(view, values, user=KARIN.user_id) == (200, "")
    schedule = app.world.abcde.schedule(app.world.process.id)
    assert (schedule.rhythm.cadence, schedule.rhythm.weekday, schedule.target, schedule.reporters,
            schedule.nudge_hours) == ("monthly", 2, "thread", (LISA.user_id,), 48)


def command(app: App, text: str, user: str = KARIN.user_id) -> None:
    body = {"user_id": user, "user_name": user, "channel_id": "CPROC", "team_id": "T1", "text": f"abcde {text}",
            "trigger_id": "trig.1"}
    abcde_slack.handle_abcde(app.web, CommandIn.parse(body), app.deps)


def test_coach_abcde_subcommands(app: App) -> None:
    world, slack = app.world, app.slack
    command(app, "schema varannan vecka måndag 09:00")
    assert "varannan vecka måndag kl. 09:00" in slack.of("chat.postEphemeral")[-1]["text"]
    assert "Nästa påminnelse: 2026-03-09 09:00" in slack.of("chat.postEphemeral")[-1]["text"]
    command(app, "schema hoppa över")
    assert "hoppas över" in slack.of("chat.postEphemeral")[-1]["text"]
    command(app, "schema paus")
    assert "pausat" in slack.of("chat.postEphemeral")[-1]["text"]
    command(app, "schema")  # a coordinator gets the schedule modal
    assert slack.of("views.open")[-1]["view"]["callback_id"] == SCHEDULE_VIEW
    command(app, "", user=PER.user_id)  # ad hoc report: the modal for the running period
    assert slack.of("views.open")[-1]["view"]["callback_id"] == REPORT_VIEW

    world.abcde.file_report(world.process, PER, AbcdeReport(
        activities="Prova-på-dag", concerns="Fullbokade lokaler",
        indicator_values=[{"indicator": INDICATORS[1], "value": "40", "date": "2026-03-01"}]))
    world.clock.now = datetime(2026, 3, 17, 8, 0, tzinfo=UTC)
    world.abcde.file_report(world.process, LISA, AbcdeReport(
        concerns="Lokalerna fullbokade igen",
        indicator_values=[{"indicator": INDICATORS[1], "value": "46", "date": "2026-03-15"}]))
    command(app, "historik 2026-03-01 2026-03-31", user=MOA.user_id)
    history = text_of(slack.of("chat.postEphemeral")[-1]["blocks"])
    assert "Prova-på-dag" in history and "Lokalerna" in history
    command(app, "sammanfattning", user=MOA.user_id)
    summary = slack.wait_for("chat.postMessage", where=lambda a: "Uppföljning" in a.get("text", ""))[0]
    assert "fullbokade" in text_of(summary["blocks"])
    assert any(data.startswith(b"\x89PNG") for data in slack.uploads.values())
    with pytest.raises(CoachError) as bad:  # the app's error handler shows it as an ephemeral
        command(app, "historik igår")
    assert "inget datum" in bad.value.message
