"""Each Slack delivery is handled once. Retries (X-Slack-Retry-Num) and replays of a signed request within
its 300 s window share a key; the key is claimed in the database (storage.repository.remember_delivery).

Two parts:
- a bolt global middleware that answers duplicates this process has already seen at once (in memory);
- `claim()`, called by every listener function as it starts (bot.slack.errors.guarded), which records
  "<key>#<listener>" in the database; a listener whose claim fails does nothing.

The database claim runs after the ack on purpose: under SQLite's single writer lock, claiming before the
ack queued behind the listeners' own writes and pushed the ack p99 past a second (docs/BENCHMARKS.md).
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from slack_bolt import BoltRequest, BoltResponse

from bot.slack_state import Engine, SlackStateService

log = logging.getLogger(__name__)
RECENT = 10_000


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


class Deliveries:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.state = SlackStateService(engine)
        self._recent: OrderedDict[str, None] = OrderedDict()
        self._lock = threading.Lock()

    def seen_here(self, key: str) -> bool:
        """True when this process already received `key` (remembers the newest 10,000 keys)."""
        with self._lock:
            if key in self._recent:
                return True
            self._recent[key] = None
            if len(self._recent) > RECENT:
                self._recent.popitem(last=False)
            return False

    def claim(self, body: dict[str, Any], listener: str) -> bool:
        """True the first time `listener` handles this delivery, in any process sharing the database."""
        key = delivery_key(body)
        if key is None:
            return True
        key = f"{key}#{listener}"
        if len(key) > 200:
            key = "sha256:" + hashlib.sha256(key.encode()).hexdigest()
        first = self.state.claim_delivery(key)
        if not first:
            log.info("duplicate Slack delivery %s ignored", key)
        return first

    def middleware(self) -> Callable[..., BoltResponse | None]:
        def skip_known_duplicates(req: BoltRequest, resp: BoltResponse, next: Callable[[], None]):  # noqa: A002
            key = delivery_key(req.body)
            if key is not None and self.seen_here(key):
                log.info("duplicate Slack delivery %s (retry %s) acked and ignored", key,
                         req.headers.get("x-slack-retry-num"))
                return BoltResponse(status=200, body="")
            return next()

        return skip_known_duplicates
