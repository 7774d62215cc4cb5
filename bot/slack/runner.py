"""How every listener function runs: ack at once, claim the delivery, do the work on our own pool,
and send any error to the one error handler (bot.slack.errors.handle_error).

Why not plain bolt: with process_before_response=False bolt runs each ack function on one small pool
that lazy listeners share, so a burst of slow work delays the next button's ack; it also loses an ack
already sent when the listener raises afterwards (Slack then sees a 404 after 3 s), and only logs lazy
listeners' errors. Listeners themselves keep no try/except.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from concurrent.futures import Executor
from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.slack.dedupe import Deliveries
from bot.slack.errors import error_view, handle_error, log_error, new_request, user_message


def guarded(listener: Callable[..., None], deliveries: Deliveries, work: Executor,
            lang_of: Callable[[dict], str] | None = None,
            present: Callable[[WebClient], WebClient] | None = None, claim: bool = True) -> Callable[..., None]:
    """`present` wraps the client the listener gets (bot.slack.people: people shown by name). Without
    `claim`, only this process's memory drops a repeated delivery (no database write before the work):
    for work whose repeat does no harm (showing passages again) and that a person is waiting for."""
    wanted = set(inspect.signature(listener).parameters)

    def call(ack: Ack, body: dict, client: WebClient, event: dict | None, acked: bool) -> None:
        new_request()
        try:
            handle(ack, body, client, event, acked)
        finally:
            new_request()  # this thread's next request starts knowing nothing

    def handle(ack: Ack, body: dict, client: WebClient, event: dict | None, acked: bool) -> None:
        if present is not None:
            client = present(client)
        def tracked_ack(*args: Any, **kwargs: Any) -> Any:
            nonlocal acked
            acked = True
            return ack(*args, **kwargs)

        if claim and not deliveries.claim(body, listener.__name__):
            if not acked:
                ack()  # a retry or replay: acknowledged, nothing done twice
            return
        available = {"ack": tracked_ack, "body": body, "client": client, "event": event}
        try:
            listener(**{name: value for name, value in available.items() if name in wanted})
        except Exception as error:  # noqa: BLE001  (the single place errors are turned into replies)
            lang = lang_of(body) if lang_of else "sv"
            if not acked and body.get("type") == "view_submission":
                ack(response_action="update", view=error_view(user_message(error, lang), lang))
                log_error(error)
                return
            if not acked:
                ack()
            handle_error(error, body, client, None, lang)

    def run(ack: Ack, body: dict, client: WebClient, event: dict | None = None) -> None:
        if body.get("type") == "view_submission":
            call(ack, body, client, event, acked=False)  # its ack carries the validation errors
            return
        ack()
        work.submit(call, ack, body, client, event, True)

    run.__name__ = run.__qualname__ = listener.__name__  # bolt names lazy listeners by function name
    return run
