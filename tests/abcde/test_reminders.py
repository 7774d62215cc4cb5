"""Reminders and nudges through the real WebClient against the fake Slack Web API, with a moved clock:
due time, once per person and period (also with two instances racing on one database), nudges, skips."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from slack_sdk import WebClient

from bot.abcde.service import AbcdeService
from bot.abcde.syntax import parse
from bot.people_service import PeopleService
from bot.slack.abcde.publish import publish_report, run_due
from flows.answers import AbcdeReport
from storage.db import make_engine
from tests.abcde.conftest import KARIN, LISA, PER, Clock, World
from tests.slack.fake_slack import FakeSlack

MONDAY_0900 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)  # 09:00 CET


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    server = FakeSlack()
    yield server
    server.stop()


def client(slack: FakeSlack) -> WebClient:
    return WebClient(token="xoxb-test", base_url=slack.url)


def dms(slack: FakeSlack) -> list[tuple[str, str]]:
    return [(a["channel"], a["text"]) for a in slack.of("chat.postMessage") if a["channel"].startswith("U")]


def test_reminder_at_due_time_then_nudge_then_nothing(world: World, slack: FakeSlack) -> None:
    world.abcde.set_schedule(world.process, KARIN, parse("varje vecka måndag 09:00 knuff 24h"))
    web = client(slack)
    assert run_due(world.abcde, web, MONDAY_0900.replace(minute=0, hour=7, second=59)) == []  # not yet due
    sent = run_due(world.abcde, web, MONDAY_0900)
    assert sorted((s.kind, s.user_id) for s in sent) == [("reminder", LISA.user_id), ("reminder", PER.user_id)]
    dm = slack.of("chat.postMessage")[0]
    assert "vecka 10" in dm["text"] and dm["blocks"][1]["elements"][0]["action_id"] == "abcde_open"
    assert run_due(world.abcde, web, MONDAY_0900.replace(hour=12)) == []  # once per person and period

    world.clock.now = MONDAY_0900.replace(hour=10)
    world.abcde.file_report(world.process, PER, AbcdeReport(activities="Prova-på-dag"))
    nudged = run_due(world.abcde, web, datetime(2026, 3, 3, 8, 0, tzinfo=UTC))  # 24 h later
    assert [(s.kind, s.user_id) for s in nudged] == [("nudge", LISA.user_id)]
    assert run_due(world.abcde, web, datetime(2026, 3, 4, 8, 0, tzinfo=UTC)) == []
    assert len(dms(slack)) == 3


def test_each_reminder_is_in_its_readers_slack_language(world: World, slack: FakeSlack) -> None:
    """A reminder is a direct message: in the language of the person's Slack locale (as users.info last told
    the people directory), else the process's."""
    PeopleService(world.abcde.db).save(PER.user_id, real_name="Per", display_name="per", tz="America/New_York",
                                       locale="en-US")
    world.abcde.set_schedule(world.process, KARIN, parse("varje vecka måndag 09:00"))
    assert len(run_due(world.abcde, client(slack), MONDAY_0900)) == 2
    to = {a["channel"]: a for a in slack.of("chat.postMessage")}
    assert to[PER.user_id]["text"].startswith("Time for the ABCDE report") and "week 10" in to[PER.user_id]["text"]
    assert to[PER.user_id]["blocks"][1]["elements"][0]["text"]["text"] == "Write the report"
    assert to[LISA.user_id]["text"].startswith("Dags för ABCDE-rapporten") and "vecka 10" in to[LISA.user_id]["text"]


def test_skipped_and_paused_periods_send_nothing(world: World, slack: FakeSlack) -> None:
    world.abcde.set_schedule(world.process, KARIN, parse("varje vecka måndag 09:00"))
    world.abcde.skip(world.process, KARIN)
    assert run_due(world.abcde, client(slack), MONDAY_0900) == []
    world.abcde.set_paused(world.process, KARIN, True)
    assert run_due(world.abcde, client(slack), datetime(2026, 3, 9, 8, 0, tzinfo=UTC)) == []
    world.clock.now = datetime(2026, 3, 12, 8, 0, tzinfo=UTC)
    world.abcde.set_paused(world.process, KARIN, False)  # no catch-up for the paused week
    assert run_due(world.abcde, client(slack), datetime(2026, 3, 12, 9, 0, tzinfo=UTC)) == []
    assert len(run_due(world.abcde, client(slack), datetime(2026, 3, 16, 8, 0, tzinfo=UTC))) == 2


def test_an_archived_process_gets_no_reminders(world: World, slack: FakeSlack) -> None:
    world.abcde.set_schedule(world.process, KARIN, parse("varje vecka måndag 09:00"))
    world.coach.archive_process(process=world.process, actor=KARIN)
    assert run_due(world.abcde, client(slack), MONDAY_0900) == []
    world.coach.archive_process(process=world.process, actor=KARIN, archived=False)
    assert len(run_due(world.abcde, client(slack), datetime(2026, 3, 9, 8, 0, tzinfo=UTC))) == 2


def test_failed_send_is_retried_next_run(world: World, slack: FakeSlack) -> None:
    world.abcde.set_schedule(world.process, KARIN, parse("varje vecka måndag 09:00"))
    dead = WebClient(token="xoxb-test", base_url="http://127.0.0.1:9/api/", timeout=2,
                     retry_handlers=[])  # nothing listens on port 9
    failed = run_due(world.abcde, dead, MONDAY_0900)
    assert len(failed) == 2 and not any(s.ok for s in failed)
    retried = run_due(world.abcde, client(slack), MONDAY_0900.replace(hour=9))
    assert len(retried) == 2 and all(s.ok for s in retried)


@pytest.mark.parametrize("rounds", [6])
def test_two_instances_send_each_reminder_once(world: World, slack: FakeSlack, db_url: str, rounds: int) -> None:
    world.abcde.set_schedule(world.process, KARIN, parse("varje vecka måndag 09:00"))
    other_engine = make_engine(db_url)
    services = [world.abcde, AbcdeService(world.coach, other_engine, clock=Clock())]
    try:
        for week in range(rounds):
            now = MONDAY_0900 + timedelta(weeks=week)
            barrier = threading.Barrier(2)
            results: list[list] = [[], []]

            def instance(index: int, now: datetime = now, barrier: threading.Barrier = barrier,
                         results: list[list] = results) -> None:
                barrier.wait()
                results[index] = run_due(services[index], client(slack), now, instance=f"bot{index}")

            threads = [threading.Thread(target=instance, args=(i,)) for i in range(2)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(30)
            assert len(results[0]) + len(results[1]) == 2, results
    finally:
        other_engine.dispose()
    sent = dms(slack)
    assert len(sent) == 2 * rounds and len(set(sent)) == 2 * rounds


def test_reports_post_in_the_channel_and_edits_update_the_post(world: World, slack: FakeSlack) -> None:
    world.abcde.set_schedule(world.process, KARIN, parse("varje vecka måndag 09:00"))
    web = client(slack)
    first = world.abcde.file_report(world.process, PER, AbcdeReport(activities="Möte <!channel> & fika"))
    ts = publish_report(world.abcde, web, world.process, first)
    post = slack.of("chat.postMessage")[0]
    assert post["channel"] == "CPROC" and "&lt;!channel&gt; &amp; fika" in str(post["blocks"])
    second = world.abcde.file_report(world.process, PER, AbcdeReport(activities="Möte och fika"))
    assert publish_report(world.abcde, web, world.process, second) == ts
    update = slack.of("chat.update")[0]
    assert update["ts"] == ts and "version 2" in update["text"]


def test_thread_target_keeps_reports_in_one_thread(world: World, slack: FakeSlack) -> None:
    world.abcde.set_schedule(world.process, KARIN, parse("varje vecka måndag 09:00 i tråd"))
    web = client(slack)
    for who in (PER, LISA):
        stored = world.abcde.file_report(world.process, who, AbcdeReport(benefits="Fler anmälningar"))
        publish_report(world.abcde, web, world.process, stored)
    parent, *reports = slack.of("chat.postMessage")
    assert "ABCDE-rapporter" in parent["text"] and "thread_ts" not in parent
    assert [r["thread_ts"] for r in reports] == [parent["_response"]["ts"]] * 2
