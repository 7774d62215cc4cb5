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
from contextlib import AbstractContextManager, nullcontext
from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.slack.dedupe import Deliveries
from bot.slack.errors import error_view, handle_error, log_error, new_request, user_message, was_stored
from bot.slack.texts import st
from bot.transactions import is_busy, stop_waiting_at_most, wait_at_most

# A modal submission is answered within Slack's 3 s: its database lock waits end after this many seconds,
# and the modal then says honestly that nothing was saved (the answer's transaction rolled back).
SUBMISSION_DB_WAIT = 2.5


def guarded(listener: Callable[..., None], deliveries: Deliveries, work: Executor,
            lang_of: Callable[[dict], str] | None = None,
            present: Callable[[WebClient], WebClient] | None = None, claim: bool = True,
            enter: Callable[[dict, Any, WebClient], AbstractContextManager[Any]] | None = None) -> Callable[..., None]:
    """`present` wraps the client the listener gets (bot.slack.people: people shown by name). Without
    `claim`, only this process's memory drops a repeated delivery (no database write before the work):
    for work whose repeat does no harm (showing passages again) and that a person is waiting for.
    `enter` sets the request's workspace as the scope of everything the listener does (bot.slack.tenancy)."""
    wanted = set(inspect.signature(listener).parameters)

    def call(ack: Ack, body: dict, client: WebClient, event: dict | None, acked: bool, context: Any = None) -> None:
        new_request()
        try:
            scope = enter(body, context, client) if enter is not None else nullcontext()
        except Exception as error:  # noqa: BLE001  (a payload without a workspace: answered like any error)
            if not acked:
                ack()
            handle_error(error, body, client, None, "sv")
            return
        try:
            with scope:
                inner(ack, body, client, event, acked)
        finally:
            new_request()  # this thread's next request starts knowing nothing

    def inner(ack: Ack, body: dict, client: WebClient, event: dict | None, acked: bool) -> None:
        if present is not None:
            client = present(client)
        def tracked_ack(*args: Any, **kwargs: Any) -> Any:
            nonlocal acked
            acked = True
            stop_waiting_at_most()  # answered: the rest (messages, refreshes) may wait as usual
            return ack(*args, **kwargs)

        available = {"ack": tracked_ack, "body": body, "client": client, "event": event}
        try:
            if claim and not deliveries.claim(body, listener.__name__):
                if not acked:
                    ack()  # a retry or replay: acknowledged, nothing done twice
                return
            listener(**{name: value for name, value in available.items() if name in wanted})
        except Exception as error:  # noqa: BLE001  (the single place errors are turned into replies)
            lang = lang_of(body) if lang_of else "sv"
            if not acked and body.get("type") == "view_submission":
                log_error(error)
                fields = [b["block_id"] for b in (body.get("view") or {}).get("blocks") or []
                          if b.get("type") == "input" and b.get("block_id")]
                busy = is_busy(error) and not was_stored()  # «inget sparades» only when that is true
                if busy and fields:  # the modal stays open with what was typed: Skicka again
                    ack(response_action="errors", errors={fields[0]: st("db_busy", lang)})
                    return
                message = st("db_busy", lang) if busy else user_message(error, lang)
                ack(response_action="update", view=error_view(message, lang))
                return
            if not acked:
                ack()
            handle_error(error, body, client, None, lang)

    def run(ack: Ack, body: dict, client: WebClient, event: dict | None = None, context: Any = None) -> None:
        if body.get("type") == "view_submission":
            with wait_at_most(SUBMISSION_DB_WAIT):  # its ack carries the validation errors: within 3 s
                call(ack, body, client, event, False, context)
            return
        ack()
        work.submit(call, ack, body, client, event, True, context)

    run.__name__ = run.__qualname__ = listener.__name__  # bolt names lazy listeners by function name
    return run
