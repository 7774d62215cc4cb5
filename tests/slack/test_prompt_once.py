"""Two answers stored at the same moment through two App instances (two replicas) on one database post the
next question once (issue 13's gap, issue 15's replicas): each app's outbox asks for the next question, and
showing it is claimed in the database (slack_prompt_claim), on SQLite and PostgreSQL alike.

The first sender's chat.postMessage is held at the fake Slack, so the second app decides while the first is
posting: without the claim it posted the question too (two messages)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from functools import partial

import pytest
from sqlalchemy import Engine

from bot.slack import constants as c
from bot.slack.conversation import Conversation
from flows.loader import get_flow
from storage.db import session_scope
from storage.repository import outbox as outbox_repo
from storage.repository import slack as threads
from tests.slack.fake_slack import FakeSlack
from tests.slack.faults import (
    A,
    B,
    answers_with,
    fault_engine_fixture,  # noqa: F401  (the fault_engine fixture)
    offer_of,
    reply_event,
    save_value,
    served,
    shown_in,
    start_process,
    wait_until,
)
from tests.slack.settle import settle
from tests.slack.test_faults_ordering import at_once

CHANNEL = "CTWIN"
Q1, Q2 = "s1.langsiktigt_mal", "s1.politiska_mal"


def test_two_replicas_storing_answers_at_once_post_the_next_question_once(
        fault_engine: Engine, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="bot.slack.conversation")
    slack = FakeSlack()
    q2_text = get_flow().question(Q2).text.get("sv")
    try:
        with served(slack, fault_engine) as one, served(slack, fault_engine) as other:
            process_id, thread_ts = start_process(one, CHANNEL, "Två repliker")
            texts = {A: "Alla unga har en meningsfull fritid", B: "Ett tryggt centrum för alla"}
            offers = {}
            for user, app in ((A, one), (B, other)):
                assert app.sender.event(reply_event(CHANNEL, user, texts[user], slack.next_ts(), thread_ts))[0] == 200
                offers[user] = offer_of(slack, CHANNEL, user, texts[user])

            release = slack.hold("chat.postMessage")  # the next question waits at Slack while being posted
            at_once(partial(one.sender.click, c.SAVE_DRAFT, save_value(offers[A]), user=A, channel=CHANNEL,
                            thread_ts=thread_ts),
                    partial(other.sender.click, c.SAVE_DRAFT, save_value(offers[B]), user=B, channel=CHANNEL,
                            thread_ts=thread_ts))
            wait_until(lambda: all(answers_with(fault_engine, process_id, t) for t in texts.values()),
                       what="both answers stored")

            def held() -> list[dict]:
                return [m for m in slack.of("chat.postMessage:held") if m.get("thread_ts") == thread_ts]

            waiting = lambda: any("another sender shows its next prompt" in r.getMessage()  # noqa: E731
                                  for r in caplog.records)
            # Both apps have decided: the second is waiting for the first's claim (or, without it, posting too).
            wait_until(lambda: len(held()) == 2 or (len(held()) == 1 and waiting()), what="both senders")
            release.set()
            settle(one.app, other.app)

            posted = [m for m in slack.of("chat.postMessage") if m.get("thread_ts") == thread_ts
                      and m.get("text") == q2_text]
            assert len(posted) == 1, posted
            assert [row.key for row in shown_in(fault_engine, CHANNEL)].count(Q2) == 1
            assert waiting()
    finally:
        slack.stop()


def test_a_sender_that_keeps_the_claim_delays_the_next_question_and_never_loses_it(
        fault_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another process claimed the prompt and stays silent (e.g. killed while posting, its claim not yet
    run out): the next question waits in the outbox, not given up, and goes out once the claim is free."""
    monkeypatch.setattr(Conversation, "CLAIM_WAIT", 0.2)
    slack = FakeSlack()
    q2_text = get_flow().question(Q2).text.get("sv")
    try:
        with served(slack, fault_engine) as one:
            process_id, thread_ts = start_process(one, CHANNEL, "Tyst sändare")
            now = datetime.now(UTC)
            with session_scope(fault_engine) as session:
                assert threads.claim_prompt(session, process_id=process_id, owner="gone", now=now,
                                            until=now + timedelta(hours=1))
            assert one.sender.event(reply_event(CHANNEL, A, "Alla unga har en fritid", slack.next_ts(),
                                                thread_ts))[0] == 200
            offer = offer_of(slack, CHANNEL, A, "Alla unga har en fritid")
            one.sender.click(c.SAVE_DRAFT, save_value(offer), user=A, channel=CHANNEL, thread_ts=thread_ts)
            wait_until(lambda: answers_with(fault_engine, process_id, "Alla unga har en fritid"), what="stored")
            settle(one.app)

            def next_questions() -> list[dict]:
                return [m for m in slack.of("chat.postMessage") if m.get("text") == q2_text]

            with session_scope(fault_engine) as session:
                waiting = [call for call in outbox_repo.pending_calls(session) if call.key == f"prompt:{process_id}"]
            assert not next_questions() and len(waiting) == 1 and waiting[0].next_attempt_at is not None
            with session_scope(fault_engine) as session:
                threads.release_prompt(session, process_id=process_id, owner="gone")
            outbox = one.app.coach_outbox
            wait_until(lambda: outbox.drain(one.app.client) or next_questions(), what="sent from the outbox")
            settle(one.app)
            assert len(next_questions()) == 1
    finally:
        slack.stop()
