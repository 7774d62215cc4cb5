"""Signed requests to the app in HTTP mode: v0 HMAC-SHA256 over "v0:{timestamp}:{body}", like Slack."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urlencode

from bot.slack.validate import errors_problems, view_problems
from tests.slack.fake_slack import TEAM

_ids = itertools.count(1)


def sign(secret: str, timestamp: str, body: str) -> str:
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


class SlackSender:
    """Plays Slack's side: posts signed events, commands and interactions to the app's /slack/events."""

    def __init__(self, url: str, secret: str, team: str = TEAM) -> None:
        self.url, self.secret, self.team = url, secret, team  # the workspace the requests come from

    def post(self, body: str, content_type: str, *, timestamp: int | None = None, signature: str | None = None,
             headers: dict[str, str] | None = None) -> tuple[int, str]:
        stamp = str(timestamp if timestamp is not None else int(time.time()))
        request = urllib.request.Request(self.url, data=body.encode(), method="POST", headers={
            "Content-Type": content_type, "X-Slack-Request-Timestamp": stamp,
            "X-Slack-Signature": signature or sign(self.secret, stamp, body), **(headers or {})})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    # ---- payload shapes -------------------------------------------------------------------------

    def command(self, text: str, *, user: str = "U1", channel: str = "C1", **kw: Any) -> tuple[int, str]:
        body = urlencode({"token": "x", "team_id": self.team, "channel_id": channel, "user_id": user,
                          "user_name": f"name_{user}", "command": "/coach", "text": text,
                          "response_url": "https://hooks.example/cmd", "trigger_id": f"trig.{next(_ids)}"})
        return self.post(body, "application/x-www-form-urlencoded", **kw)

    def event(self, event: dict[str, Any], *, event_id: str | None = None, **kw: Any) -> tuple[int, str]:
        body = json.dumps({"token": "x", "team_id": self.team, "api_app_id": "A1", "type": "event_callback",
                           "event_id": event_id or f"Ev{next(_ids):08d}", "event_time": int(time.time()),
                           "event": event})
        return self.post(body, "application/json", **kw)

    def interaction(self, payload: dict[str, Any], **kw: Any) -> tuple[int, str]:
        payload = {"team": {"id": self.team}, "api_app_id": "A1", "token": "x", **payload}
        return self.post(urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded", **kw)

    def click(self, action_id: str, value: str, *, user: str = "U1", channel: str = "C1",
              thread_ts: str | None = None, **kw: Any) -> tuple[int, str]:
        ts = f"{time.time():.6f}"
        return self.interaction({
            "type": "block_actions", "user": {"id": user}, "trigger_id": f"trig.{next(_ids)}",
            "channel": {"id": channel}, "container": {"type": "message", "channel_id": channel, "message_ts": ts},
            "message": {"ts": ts, "thread_ts": thread_ts, "text": ""},
            "actions": [{"type": "button", "action_id": action_id, "value": value, "action_ts": ts,
                         "block_id": "b"}]}, **kw)

    def submit(self, view: dict[str, Any], values: dict[str, dict[str, Any]], *, user: str = "U1",
               **kw: Any) -> tuple[int, str]:
        view = {**view, "state": {"values": values}}
        status, body = self.interaction({"type": "view_submission", "user": {"id": user},
                                         "trigger_id": f"trig.{next(_ids)}", "view": view}, **kw)
        answer = json.loads(body) if body.strip().startswith("{") else {}
        # Slack refuses a response_action it cannot show, as it refuses a views.update.
        if answer.get("response_action") in ("update", "push"):
            assert not view_problems(answer["view"]), view_problems(answer["view"])
        if answer.get("response_action") == "errors" and view.get("blocks"):  # a view the test built has none
            assert not errors_problems(view, answer["errors"]), errors_problems(view, answer["errors"])
        return status, body
