"""Slack misbehaving while a team answers (issue 13, must-show 1 and 7): 500 and 429 storms and dropped
connections on everything shown after a store. Every answer is stored under its question, every stored
answer is confirmed exactly once once Slack is back, and nobody is told anything false."""

from __future__ import annotations

import pytest

from bot.slack.conversation import Conversation
from bot.slack.outbox import Outbox
from tests.slack.fake_slack import FakeSlack
from tests.slack.fault_run import (
    SHOWN_AFTER_STORE,
    answer_all,
    outbox_empty,
    outlast_retries,
    ride_out,
    set_up_team,
    stormy,
    tally,
    to_answer,
    wait_until,
)

ANSWERS = 6


@pytest.mark.parametrize("kinds", [("500",), ("503", "500"), ("429",)], ids=["500", "5xx", "429"])
def test_storm_loses_nothing_and_confirms_each_answer_once(fake_slack: FakeSlack, engine, kinds) -> None:
    """On SQLite and PostgreSQL."""
    with stormy(fake_slack, engine) as running:
        set_up_team(running)
        fake_slack.storm(*kinds, rate=0.75, methods=SHOWN_AFTER_STORE, seed=len(kinds))
        outlast_retries(running, kinds[0])  # one confirmation outlasts the client's retries, whatever the draws
        given = answer_all(running, ANSWERS)
        assert ride_out(running, given, faults=2 * ANSWERS)
        fake_slack.calm()
        assert wait_until(lambda: outbox_empty(running) and tally(running, given).unconfirmed == 0, 30)
        result = tally(running, given)
    assert result.faults > 0 and result.later > 0  # the client's retries and the outbox were both needed
    assert (result.lost, result.misfiled, result.unconfirmed, result.false_messages) == (0, 0, 0, 0), result
    assert (result.duplicates, result.repeats, result.questions_twice) == (0, 0, 0), result


@pytest.mark.parametrize("kinds", [("reset",), ("reset", "lost")], ids=["before-slack", "after-slack"])
def test_dropped_connections_lose_nothing(fake_slack: FakeSlack, slack_engine, kinds) -> None:
    """"reset": dropped before Slack handled the call (made again: still exactly once); "lost": Slack
    handled it and the answer was dropped — a chat.update is made again (the same message with the same
    content: a repeat nobody sees); a new message is looked up by its mark, not posted twice."""
    with stormy(fake_slack, slack_engine) as running:
        set_up_team(running)
        fake_slack.storm(*kinds, rate=0.6, methods=SHOWN_AFTER_STORE, seed=7)
        given = answer_all(running, ANSWERS)
        assert ride_out(running, given, faults=2 * ANSWERS)
        fake_slack.calm()
        assert wait_until(lambda: outbox_empty(running) and tally(running, given).unconfirmed == 0, 30)
        result = tally(running, given)
    assert (result.lost, result.misfiled, result.unconfirmed, result.false_messages) == (0, 0, 0, 0), result
    assert (result.duplicates, result.questions_twice) == (0, 0), result  # a lost post is found, not repeated
    if kinds == ("reset",):
        assert result.repeats == 0, result


def test_slack_down_for_longer_than_the_retries_confirms_later_and_says_nothing_false(
        fake_slack: FakeSlack, slack_engine) -> None:
    """Every call after the store fails for a while (longer than one call's retries): the answers wait in
    the outbox, then go out once, in order — confirmation before the next question."""
    with stormy(fake_slack, slack_engine) as running:
        set_up_team(running)
        fake_slack.storm("500", rate=1.0, methods=SHOWN_AFTER_STORE)
        given = answer_all(running, 3)
        assert wait_until(lambda: len(fake_slack.faulted()) >= 9, 20)
        assert not outbox_empty(running)
        assert tally(running, given).unconfirmed == 3  # nothing shown yet, and no error said either
        fake_slack.calm()
        assert wait_until(lambda: outbox_empty(running) and tally(running, given).unconfirmed == 0, 30)
        result = tally(running, given)
    assert (result.lost, result.misfiled, result.false_messages, result.duplicates) == (0, 0, 0, 0), result


def test_a_storm_of_every_kind_on_sqlite_and_postgresql(fake_slack: FakeSlack, engine) -> None:
    """The same guarantees on both databases (PostgreSQL claims outbox rows with SKIP LOCKED)."""
    with stormy(fake_slack, engine) as running:
        set_up_team(running)
        fake_slack.storm("500", "429", "reset", "lost", rate=0.6, methods=SHOWN_AFTER_STORE, seed=5)
        given = answer_all(running, ANSWERS)
        assert ride_out(running, given, faults=2 * ANSWERS)
        fake_slack.calm()
        assert wait_until(lambda: outbox_empty(running) and tally(running, given).unconfirmed == 0, 30)
        result = tally(running, given)
    assert (result.lost, result.misfiled, result.unconfirmed, result.false_messages) == (0, 0, 0, 0), result
    assert (result.duplicates, result.questions_twice) == (0, 0), result


class Stopped(BaseException):
    """The request thread stopping dead, as in a kill -9: no `except Exception` handles it, nothing after runs."""


def test_a_stop_right_after_the_answer_is_committed_still_confirms_it_once(
        fake_slack: FakeSlack, engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """The confirmation's outbox rows are part of the answer's transaction: when the process stops between
    the commit and showing anything, the rows are there, and the loop sends them once their lease ends
    (SQLite and PostgreSQL)."""
    with stormy(fake_slack, engine, lease=1.0) as running:
        set_up_team(running)
        stops: list[str] = []

        def stop(self, client, process, actor, result, where, **kwargs) -> None:
            stops.append(actor.user_id)
            raise Stopped

        monkeypatch.setattr(Conversation, "show_result", stop)
        given = answer_all(running, 1)
        assert wait_until(lambda: stops and tally(running, given).lost == 0, 10)  # stored, then stopped
        assert wait_until(lambda: outbox_empty(running) and tally(running, given).unconfirmed == 0, 30)
        result = tally(running, given)
        following = f"q:{to_answer(running, 2)[1].id}"
        asked = [a for a in fake_slack.of("chat.postMessage")
                 if any(b.get("block_id") == following for b in a.get("blocks") or [])]
    assert len(asked) == 1, asked  # and the next question, once
    assert result.later >= 1  # sent by the loop, from rows written with the answer
    assert (result.lost, result.misfiled, result.unconfirmed, result.false_messages) == (0, 0, 0, 0), result
    assert (result.duplicates, result.repeats, result.questions_twice) == (0, 0, 0), result


def test_an_answer_whose_confirmation_cannot_be_written_is_not_stored(
        fake_slack: FakeSlack, slack_engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """Both or neither: when the outbox rows cannot be written, the answer's transaction rolls back, and
    nothing says it was saved."""
    with stormy(fake_slack, slack_engine) as running:
        set_up_team(running)

        def unwritable(self, session, calls) -> list:
            raise RuntimeError("the outbox table cannot be written")

        monkeypatch.setattr(Outbox, "put", unwritable)
        given = answer_all(running, 1)
        result = tally(running, given)
        assert outbox_empty(running)
    assert (result.lost, result.false_messages) == (1, 0), result  # not stored, and not said to be
    shown = fake_slack.of("chat.update") + fake_slack.of("chat.postMessage")
    assert not [a for a in shown if "sparade svaret" in a.get("text", "")]
