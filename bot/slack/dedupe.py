"""Global middleware: each Slack delivery is handled once. Retries (X-Slack-Retry-Num) and replays of a
signed request within its 300 s window share a key, recorded in the database; the second is acked, ignored."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import BoltRequest, BoltResponse
from sqlalchemy import Engine

from storage.db import session_scope
from storage.repository import remember_delivery

log = logging.getLogger(__name__)


def delivery_key(body: dict[str, Any]) -> str | None:
    """A key naming one delivery: event_id for events, payload-derived ids for interactions and commands."""
    kind = body.get("type")
    if kind == "event_callback" and body.get("event_id"):
        return f"event:{body['event_id']}"
    if kind == "block_actions":
        action = (body.get("actions") or [{}])[0]
        return f"action:{body.get('user', {}).get('id')}:{action.get('action_id')}:{action.get('action_ts')}"
    if kind in ("view_submission", "view_closed"):
        view = body.get("view") or {}
        return f"view:{view.get('id')}:{view.get('hash')}:{body.get('trigger_id')}"
    if kind in ("shortcut", "message_action"):
        return f"shortcut:{body.get('trigger_id')}"
    if body.get("command") and body.get("trigger_id"):
        return f"command:{body['trigger_id']}"
    return None


def dedupe_middleware(engine: Engine) -> Callable[..., BoltResponse | None]:
    def dedupe(req: BoltRequest, resp: BoltResponse, next: Callable[[], None]) -> BoltResponse | None:  # noqa: A002
        key = delivery_key(req.body)
        if key is None:
            return next()
        if len(key) > 200:
            key = "sha256:" + hashlib.sha256(key.encode()).hexdigest()
        with session_scope(engine) as session:
            first = remember_delivery(session, key=key)
        if first:
            return next()
        log.info("duplicate Slack delivery %s (retry %s) ignored", key, req.headers.get("x-slack-retry-num"))
        return BoltResponse(status=200, body="")

    return dedupe
