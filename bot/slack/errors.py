"""The one global error handler: the person gets a polite Swedish ephemeral; the log gets the details."""

from __future__ import annotations

import inspect
import json
import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, BoltResponse
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.errors import CoachError
from bot.slack.blocks import plain, section
from bot.slack.models import ViewMeta
from bot.slack.texts import st
from storage.errors import StorageError

log = logging.getLogger(__name__)


def user_message(error: Exception) -> str:
    if isinstance(error, CoachError | StorageError):
        return error.message
    return st("error")


def where(body: dict[str, Any]) -> tuple[str | None, str | None, str | None]:
    """(channel, user, thread_ts) of whoever caused the request."""
    if body.get("command"):
        return body.get("channel_id"), body.get("user_id"), None
    if body.get("type") == "event_callback":
        event = body.get("event") or {}
        user = event.get("user") if isinstance(event.get("user"), str) else None
        return event.get("channel"), user, event.get("thread_ts")
    user = (body.get("user") or {}).get("id")
    if body.get("type") == "view_submission":
        try:
            return ViewMeta.model_validate_json(body["view"]["private_metadata"]).c, user, None
        except (KeyError, ValueError):
            return None, user, None
    channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id")
    return channel, user, (body.get("message") or {}).get("thread_ts")


def error_view(message: str) -> dict[str, Any]:
    return {"type": "modal", "title": plain("Processcoach", 24), "close": plain(st("modal_close")),
            "blocks": [section(message)]}


def handle_error(error: Exception, body: dict[str, Any], client: WebClient,
                 response: BoltResponse | None) -> None:
    message = user_message(error)
    log_error(error)
    if body.get("type") == "view_submission" and response is not None:
        # Not acked yet: answer the submission itself by showing the message in the modal.
        response.status = 200
        response.body = json.dumps({"response_action": "update", "view": error_view(message)})
        response.headers["content-type"] = ["application/json;charset=utf-8"]
        return
    channel, user, thread_ts = where(body)
    if not user:
        return
    try:
        if channel:
            client.chat_postEphemeral(channel=channel, user=user, thread_ts=thread_ts, text=message,
                                      blocks=[section(message)])
        else:
            client.chat_postMessage(channel=user, text=message)  # App Home: a direct message
    except SlackApiError:
        log.warning("could not tell %s about the error", user, exc_info=True)


def guarded(listener: Callable[..., None]) -> Callable[..., None]:
    """Route a listener's errors to `handle_error`, acking first when the listener had not.

    Needed because bolt (1.30, process_before_response=False) loses an ack that was already sent when
    the listener raises afterwards (Slack then sees a 404 after 3 s), and only logs lazy listeners'
    errors. Listeners themselves keep no try/except; this is the one place errors go.
    """
    wanted = set(inspect.signature(listener).parameters)

    def run(ack: Ack, body: dict, client: WebClient, event: dict | None = None) -> None:
        acked = False

        def tracked_ack(*args: Any, **kwargs: Any) -> Any:
            nonlocal acked
            acked = True
            return ack(*args, **kwargs)

        available = {"ack": tracked_ack, "body": body, "client": client, "event": event}
        try:
            listener(**{name: value for name, value in available.items() if name in wanted})
        except Exception as error:  # noqa: BLE001  (the single place errors are turned into replies)
            if not acked and body.get("type") == "view_submission":
                ack(response_action="update", view=error_view(user_message(error)))
                log_error(error)
                return
            if not acked:
                ack()
            handle_error(error, body, client, None)

    run.__name__ = run.__qualname__ = listener.__name__  # bolt names lazy listeners by function name
    return run


def log_error(error: Exception) -> None:
    if isinstance(error, CoachError | StorageError):
        log.info("refused or failed politely: %s", getattr(error, "detail", None) or user_message(error))
    else:
        log.error("unexpected error handling a Slack request", exc_info=error)
