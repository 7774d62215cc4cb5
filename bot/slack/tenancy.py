"""Which workspace a Slack request belongs to, so that one workspace never sees another's processes.

With one token (SLACK_BOT_TOKEN) the app serves one workspace and its processes carry no workspace
(`workspace_id` None), exactly as before. With OAuth installs (SLACK_CLIENT_ID/SECRET) every request's
team becomes a `workspace` row; processes are created in it and found only in it: by channel, by the
person's membership (App Home, DMs, the language), and by id (buttons and modals carry process ids,
which are refused when they name another workspace's process).

The scope is set for the duration of one listener run (bot.slack.runner) in a context variable, with the
request's WebClient (the workspace's own token) for what runs inside it, such as users.info.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient

from bot.slack_state import Engine, SlackStateService
from storage.errors import NotFound


@dataclass(frozen=True)
class Tenant:
    workspace_id: int | None = None  # None: the one workspace of a single token (processes without one)
    client: WebClient | None = None  # the request's client, with the workspace's token


_CURRENT: ContextVar[Tenant | None] = ContextVar("slack_tenant", default=None)
_NONE = Tenant()


def current() -> Tenant:
    return _CURRENT.get() or _NONE


def team_key(team_id: str | None, enterprise_id: str | None) -> str | None:
    """The workspace's key: the team id; for an org-wide (Enterprise Grid) install without one, the org."""
    if team_id:
        return team_id
    return f"E:{enterprise_id}" if enterprise_id else None


def team_of(body: dict[str, Any]) -> tuple[str | None, str | None]:
    """(team id, enterprise id) of a Slack payload: commands and events say `team_id`, interactions `team`."""
    team = body.get("team")
    team_id = body.get("team_id") or (team.get("id") if isinstance(team, dict) else team)
    if not team_id and isinstance(body.get("view"), dict):
        team_id = body["view"].get("team_id")
    enterprise = body.get("enterprise")
    enterprise_id = body.get("enterprise_id") or (enterprise.get("id") if isinstance(enterprise, dict) else None)
    return (team_id if isinstance(team_id, str) else None), enterprise_id


class Tenancy:
    """`multi` False: one workspace, no scope. True: each team its own workspace row (cached per process)."""

    def __init__(self, engine: Engine, *, multi: bool) -> None:
        self.engine, self.multi = engine, multi
        self.state = SlackStateService(engine)
        self._ids: dict[str, int] = {}
        self._lock = threading.Lock()

    def workspace_id(self, team_id: str | None, enterprise_id: str | None = None,
                     name: str | None = None) -> int | None:
        if not self.multi:
            return None
        key = team_key(team_id, enterprise_id)
        if key is None:  # a payload without a team cannot be placed: it reaches nothing
            error = NotFound.text("slack.workspace_missing")
            error.detail = "Slack payload without team_id"
            raise error
        with self._lock:
            if key in self._ids:
                return self._ids[key]
        workspace_id = self.state.workspace_id(key, name or key)
        with self._lock:
            self._ids[key] = workspace_id
        return workspace_id

    @contextmanager
    def entered(self, body: dict[str, Any], context: Any, client: WebClient | None) -> Iterator[Tenant]:
        """The request's workspace as the current scope while its listener runs."""
        team_id = getattr(context, "team_id", None) if context is not None else None
        enterprise_id = getattr(context, "enterprise_id", None) if context is not None else None
        if not team_id and not enterprise_id:
            team_id, enterprise_id = team_of(body)
        tenant = Tenant(self.workspace_id(team_id, enterprise_id), client)
        token = _CURRENT.set(tenant)
        try:
            yield tenant
        finally:
            _CURRENT.reset(token)
