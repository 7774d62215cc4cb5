"""The in-process scheduler (no sleeping: the stop event is set before it waits) and App Home's line."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

from slack_sdk import WebClient

from bot.abcde.syntax import parse
from bot.slack.abcde.blocks import OPEN
from bot.slack.abcde.loop import ReminderLoop
from bot.slack.abcde.report import home_blocks
from flows.answers import AbcdeReport
from tests.abcde.conftest import KARIN, LISA, MOA, PER, World
from tests.slack.fake_slack import FakeSlack


def test_loop_ticks_then_stops(world: World) -> None:
    slack = FakeSlack()
    try:
        world.abcde.set_schedule(world.process, KARIN, parse("varje vecka måndag 09:00"))
        world.clock.now = datetime(2026, 3, 9, 8, 0, tzinfo=UTC)
        stop = threading.Event()
        stop.set()  # run() does one round, then sees the event instead of waiting
        loop = ReminderLoop(world.abcde, WebClient(token="x", base_url=slack.url), interval=3600, stop=stop)
        loop.run()
        assert len(slack.of("chat.postMessage")) == 2
        assert loop.tick() == []  # the next round finds nothing new
    finally:
        slack.stop()


def test_home_shows_this_periods_report_to_reporters(world: World) -> None:
    assert home_blocks(world.abcde, world.process, PER.user_id) == []  # no schedule yet
    world.abcde.set_schedule(world.process, KARIN, parse("varje vecka måndag 09:00"))
    block = home_blocks(world.abcde, world.process, PER.user_id)[0]
    assert "inte inskickad" in block["text"]["text"] and block["accessory"]["action_id"] == OPEN
    world.abcde.file_report(world.process, LISA, AbcdeReport(activities="Möte"))
    assert "version 1" in home_blocks(world.abcde, world.process, LISA.user_id)[0]["text"]["text"]
    assert home_blocks(world.abcde, world.process, MOA.user_id) == []  # members do not report
