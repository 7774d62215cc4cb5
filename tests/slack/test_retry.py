"""The Web API client's retries (bot.slack.retry) against the fake Slack, and what an error tells the person."""

from __future__ import annotations

import random
import time

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.errors import CoachError
from bot.slack.errors import new_request, stored_here, user_message
from bot.slack.outbox import Call, Outbox
from bot.slack.retry import BoundedBackoff, RetryPolicy, transient
from storage.db import make_engine, migrate
from tests.slack.fake_slack import FakeSlack


def client(slack: FakeSlack, policy: RetryPolicy) -> WebClient:
    return WebClient(token="xoxb-test", base_url=slack.url, retry_handlers=[BoundedBackoff(policy)])


def test_500s_and_dropped_connections_are_retried_until_slack_answers(fake_slack: FakeSlack) -> None:
    fake_slack.script("chat.postMessage", "500", times=2)
    fake_slack.script("chat.postMessage", "503")
    fake_slack.script("chat.postMessage", "reset", times=2)
    posted = client(fake_slack, RetryPolicy(attempts=6, base=0.01)).chat_postMessage(channel="C1", text="hej")
    assert posted["ok"] and len(fake_slack.of("chat.postMessage")) == 1
    assert fake_slack.faulted() == ["chat.postMessage:500"] * 2 + ["chat.postMessage:503"] + [
        "chat.postMessage:reset"] * 2


def test_429_waits_what_retry_after_says(fake_slack: FakeSlack) -> None:
    fake_slack.script("chat.update", "429", times=2, retry_after=1)
    started = time.monotonic()
    client(fake_slack, RetryPolicy(attempts=5, base=0.01)).chat_update(channel="C1", ts="1.1", text="x")
    assert time.monotonic() - started >= 2.0  # 2 × Retry-After: 1
    assert len(fake_slack.of("chat.update")) == 1


def test_retries_are_bounded_in_count_and_in_total_time(fake_slack: FakeSlack) -> None:
    fake_slack.script("chat.postMessage", "500", times=50)
    with pytest.raises(SlackApiError) as failed:
        client(fake_slack, RetryPolicy(attempts=3, base=0.01)).chat_postMessage(channel="C1", text="x")
    assert transient(failed.value) and len(fake_slack.faulted()) == 4  # the try and 3 retries
    fake_slack.calm()
    fake_slack.script("chat.postMessage", "429", times=50, retry_after=5)
    started = time.monotonic()
    with pytest.raises(SlackApiError):  # a Retry-After that would end past `total` is not waited out
        client(fake_slack, RetryPolicy(attempts=10, total=2.0)).chat_postMessage(channel="C1", text="x")
    assert time.monotonic() - started < 1.0
    fake_slack.calm()


def test_a_refusal_is_not_retried_nor_transient(fake_slack: FakeSlack) -> None:
    with pytest.raises(SlackApiError) as refused:
        client(fake_slack, RetryPolicy()).chat_postMessage(channel="C1", text="x", blocks=[{"type": "nope"}])
    fake_slack.rejected.clear()  # expected: Slack refuses the blocks
    assert not transient(refused.value) and len(fake_slack.calls) == 1


def test_an_error_after_a_store_never_says_that_nothing_was_saved() -> None:
    new_request()
    assert "något gick fel" in user_message(RuntimeError("bug"))
    assert "Slack svarar inte" in user_message(ConnectionResetError())
    assert user_message(CoachError("Nej.")) == "Nej."
    stored_here()
    try:
        for error in (RuntimeError("bug"), ConnectionResetError(), CoachError("Nej.")):
            said = user_message(error)
            assert said.startswith("Det du sparade är sparat") and "inget sparades" not in said
        assert user_message(RuntimeError(), "en").startswith("What you saved is stored")
    finally:
        new_request()


def test_a_marked_post_whose_answer_was_lost_is_found_not_posted_again(fake_slack: FakeSlack) -> None:
    from bot.slack.posting import Mark, post_once

    slack = client(fake_slack, RetryPolicy(attempts=5, base=0.01))
    root = slack.chat_postMessage(channel="C1", text="Steg 1")["ts"]
    fake_slack.script("chat.postMessage", "lost")  # Slack posts it; the connection drops before the answer
    posted = post_once(slack, Mark("7.1:q:s1.a"), channel="C1", thread_ts=root, text="Fråga", blocks=[])
    in_thread = [a for a in fake_slack.of("chat.postMessage") if a.get("thread_ts") == root]
    assert len(in_thread) == 1 and posted["ts"] == in_thread[0]["_response"]["ts"]
    # A later try of the same call (the outbox after a crash) looks first and posts nothing new.
    again = post_once(slack, Mark("7.1:q:s1.a", again=True), channel="C1", thread_ts=root, text="Fråga", blocks=[])
    assert again["ts"] == posted["ts"] and len(fake_slack.of("chat.postMessage")) == 2
    fake_slack.script("chat.postMessage", "reset")  # dropped before Slack: not found, so it is raised
    with pytest.raises(ConnectionError):
        post_once(slack, Mark("7.2:q:s1.b"), channel="C1", thread_ts=root, text="Fråga 2", blocks=[])


def test_the_jitter_draws_from_its_own_generator_never_the_global_one(fake_slack: FakeSlack, tmp_path) -> None:
    """Waits are jittered with an injected generator: a retry in a background thread never moves `random`'s
    global state (Hypothesis checks that state around each draw, and other code may have seeded it)."""
    random.seed(13)
    before = random.getstate()
    slept: list[float] = []
    handler = BoundedBackoff(RetryPolicy(attempts=3, base=0.01), sleep=slept.append, rng=random.Random(1))
    fake_slack.script("chat.postMessage", "500", times=2)
    fake_slack.script("chat.postMessage", "429", retry_after=0)
    WebClient(token="xoxb-test", base_url=fake_slack.url, retry_handlers=[handler]).chat_postMessage(
        channel="C1", text="hej")
    expected = random.Random(1)
    assert slept == [expected.uniform(0, 0.01), expected.uniform(0, 0.02), 0 + expected.uniform(0, 0.01)]
    engine = make_engine(f"sqlite:///{tmp_path / 'coach.db'}")
    migrate(engine)
    fake_slack.script("chat.update", "500", times=2)  # the try and its one retry: the call waits in the outbox
    outbox = Outbox(engine, base=0.01, rng=random.Random(2))
    once = BoundedBackoff(RetryPolicy(attempts=1, base=0.01), sleep=slept.append, rng=random.Random(3))
    slack = WebClient(token="xoxb-test", base_url=fake_slack.url, retry_handlers=[once])
    assert not outbox.send(slack, [Call("k", "chat.update", {"channel": "C1", "ts": "1.1", "text": "x"})])
    engine.dispose()
    assert random.getstate() == before
