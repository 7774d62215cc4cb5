"""The one global error handler: the person gets a polite ephemeral (Swedish, or English where the process
or person uses English); the log gets the details."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from typing import Any

from slack_bolt import BoltResponse
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack.blocks import plain, section
from bot.slack.models import ViewMeta
from bot.slack.retry import transient
from bot.slack.texts import st
from flows.errors import UserFacingError

log = logging.getLogger(__name__)
_request = threading.local()  # what the request being handled on this thread has stored


def stored_here() -> None:
    """Something (an answer, a decision) is stored for the request this thread handles."""
    _request.stored = True


def new_request() -> None:
    _request.stored = False


def was_stored() -> bool:
    """True when the request this thread handles has stored something (stored_here)."""
    return bool(getattr(_request, "stored", False))


def user_message(error: Exception, lang: str = "sv") -> str:
    """What the person is told: the refusal itself, or — true to what happened — that what they saved is
    stored, that Slack is not answering, or (nothing else known) that something went wrong."""
    if was_stored():
        return st("error_saved", lang)
    if isinstance(error, UserFacingError):
        return error.in_language(lang)
    return st("error_slack" if transient(error) else "error", lang)


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


def error_view(message: str, lang: str = "sv") -> dict[str, Any]:
    return {"type": "modal", "title": plain("Processcoach", 24), "close": plain(st("modal_close", lang)),
            "blocks": [section(message)]}


def handle_error(error: Exception, body: dict[str, Any], client: WebClient,
                 response: BoltResponse | None, lang: str = "sv") -> None:
    message = user_message(error, lang)
    log_error(error)
    if body.get("type") == "view_submission" and response is not None:
        # Not acked yet: answer the submission itself by showing the message in the modal.
        response.status = 200
        response.body = json.dumps({"response_action": "update", "view": error_view(message, lang)})
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


def error_handler(lang_of: Callable[[dict[str, Any]], str]):
    """bolt's global error handler, answering in the language of whoever caused the request."""
    def handle(error: Exception, body: dict[str, Any], client: WebClient, response: BoltResponse | None) -> None:
        handle_error(error, body, client, response, lang_of(body))
    return handle


def log_error(error: Exception) -> None:
    if isinstance(error, UserFacingError):
        log.info("refused or failed politely: %s", error.detail or error.message)
    else:
        log.error("unexpected error handling a Slack request", exc_info=error)
