"""The listener runner: ack first, once per delivery, errors to the one handler (unit level, no HTTP)."""

from __future__ import annotations

from concurrent.futures import Executor, Future
from typing import Any

from bot.errors import AccessDenied
from bot.slack.dedupe import Deliveries
from bot.slack.runner import guarded


class Inline(Executor):
    def submit(self, fn, /, *args, **kwargs) -> Future:
        future: Future = Future()
        future.set_result(fn(*args, **kwargs))
        return future


class FakeAck:
    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    def __call__(self, *args: Any, **kwargs: Any) -> None:
        self.calls.append(kwargs)


class FakeClient:
    def __init__(self) -> None:
        self.ephemerals: list[dict[str, Any]] = []

    def chat_postEphemeral(self, **kwargs: Any) -> None:  # noqa: N802
        self.ephemerals.append(kwargs)


def test_acks_first_runs_once_and_answers_errors_politely(slack_engine) -> None:
    runs: list[str] = []

    def listener(ack, body) -> None:
        runs.append(body["event_id"])
        raise AccessDenied("Du är inte med i processen «X».")

    run = guarded(listener, Deliveries(slack_engine), Inline())
    body = {"type": "event_callback", "event_id": "Ev1",
            "event": {"type": "message", "channel": "C1", "user": "U9", "thread_ts": "1.0"}}
    client, ack = FakeClient(), FakeAck()
    run(ack=ack, body=body, client=client)
    run(ack=FakeAck(), body=body, client=client)  # the same delivery again: claimed already
    assert runs == ["Ev1"] and ack.calls == [{}]
    assert client.ephemerals == [{"channel": "C1", "user": "U9", "thread_ts": "1.0",
                                  "text": "Du är inte med i processen «X».", "blocks": client.ephemerals[0]["blocks"]}]


def test_modal_submission_error_is_shown_in_the_modal(slack_engine) -> None:
    def listener(ack, body) -> None:
        raise AccessDenied("Du är inte med i processen «X».")

    run = guarded(listener, Deliveries(slack_engine), Inline())
    ack = FakeAck()
    run(ack=ack, body={"type": "view_submission", "trigger_id": "t", "user": {"id": "U9"},
                       "view": {"id": "V1", "hash": "h", "private_metadata": "{}"}}, client=FakeClient())
    assert ack.calls[0]["response_action"] == "update"
    assert "inte med i processen" in str(ack.calls[0]["view"])
