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
from dataclasses import dataclass
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
    guard = _Guard(listener, set(inspect.signature(listener).parameters), deliveries, lang_of, present, claim,
                   enter)

    def run(ack: Ack, body: dict, client: WebClient, event: dict | None = None, context: Any = None) -> None:
        if body.get("type") == "view_submission":
            with wait_at_most(SUBMISSION_DB_WAIT):  # its ack carries the validation errors: within 3 s
                guard.serve(ack, body, client, event, False, context)
            return
        ack()
        work.submit(guard.serve, ack, body, client, event, True, context)

    run.__name__ = run.__qualname__ = listener.__name__  # bolt names lazy listeners by function name
    return run


@dataclass(frozen=True)
class _Guard:
    """One listener as `guarded` runs it (see there)."""

    listener: Callable[..., None]
    wanted: set[str]  # the parameters the listener takes, of ack, body, client, event
    deliveries: Deliveries
    lang_of: Callable[[dict], str] | None
    present: Callable[[WebClient], WebClient] | None
    claim: bool
    enter: Callable[[dict, Any, WebClient], AbstractContextManager[Any]] | None

    def serve(self, ack: Ack, body: dict, client: WebClient, event: dict | None, acked: bool,
              context: Any = None) -> None:
        """One request, in its workspace's scope, starting and ending with nothing known of another."""
        new_request()
        try:
            scope = self.enter(body, context, client) if self.enter is not None else nullcontext()
        except Exception as error:  # noqa: BLE001  (a payload without a workspace: answered like any error)
            if not acked:
                ack()
            handle_error(error, body, client, None, "sv")
            return
        try:
            with scope:
                self.handle(ack, body, client, event, acked)
        finally:
            new_request()  # this thread's next request starts knowing nothing

    def handle(self, ack: Ack, body: dict, client: WebClient, event: dict | None, acked: bool) -> None:
        """Claim the delivery, run the listener, and turn what it raises into a reply."""
        if self.present is not None:
            client = self.present(client)
        def tracked_ack(*args: Any, **kwargs: Any) -> Any:
            nonlocal acked
            acked = True
            stop_waiting_at_most()  # answered: the rest (messages, refreshes) may wait as usual
            return ack(*args, **kwargs)

        available = {"ack": tracked_ack, "body": body, "client": client, "event": event}
        try:
            if self.claim and not self.deliveries.claim(body, self.listener.__name__):
                if not acked:
                    ack()  # a retry or replay: acknowledged, nothing done twice
                return
            self.listener(**{name: value for name, value in available.items() if name in self.wanted})
        except Exception as error:  # noqa: BLE001  (the single place errors are turned into replies)
            _reply_to_error(error, ack, body, client, acked=acked, lang=self.lang_of(body) if self.lang_of else "sv")


def _reply_to_error(error: Exception, ack: Ack, body: dict, client: WebClient, *, acked: bool, lang: str) -> None:
    """A listener failed: a modal submission not yet acknowledged is answered in its ack; anything else is
    acknowledged (if it was not) and goes to the one error handler."""
    if not acked and body.get("type") == "view_submission":
        _answer_submission(error, ack, body, lang)
        return
    if not acked:
        ack()
    handle_error(error, body, client, None, lang)


def _answer_submission(error: Exception, ack: Ack, body: dict, lang: str) -> None:
    """A busy database keeps the modal open with what was typed (Skicka again); any other failure replaces
    it with the error, saying «inget sparades» only when that is true."""
    log_error(error)
    fields = [b["block_id"] for b in (body.get("view") or {}).get("blocks") or []
              if b.get("type") == "input" and b.get("block_id")]
    busy = is_busy(error) and not was_stored()
    if busy and fields:
        ack(response_action="errors", errors={fields[0]: st("db_busy", lang)})
        return
    message = st("db_busy", lang) if busy else user_message(error, lang)
    ack(response_action="update", view=error_view(message, lang))
