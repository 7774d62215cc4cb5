"""People by name in Slack: a directory of users.info answers (kept in memory and in the `person` table,
fetched once per person and refreshed after `MAX_AGE`), and a WebClient that shows every mention in what
the app sends — its own texts ("<@U1> sparade svaret") and people's text inside them — as the person's
name. So a message never pings anyone and never shows a raw id; stored texts keep what was typed.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.people import mentioned, render_people
from bot.people_service import PeopleService, PersonView
from bot.slack_state import Engine

log = logging.getLogger(__name__)
MAX_AGE = dt.timedelta(days=7)   # names change (a new surname): refreshed weekly, when next shown
RETRY_FAILED = 600.0             # seconds before a failed lookup (no such user, no scope) is tried again
SHOWN = {"chat.postMessage", "chat.postEphemeral", "chat.update", "chat.scheduleMessage", "views.open",
         "views.update", "views.push", "views.publish", "files.completeUploadExternal", "files.upload"}
TEXT_KEYS = {"text", "initial_comment", "fallback", "pretext"}

SLACK_ID = re.compile(r"[UW][A-Z0-9]+")
Lookup = Callable[[str], dict[str, Any] | None]  # user id → users.info's "user" object, None if unknown


def users_info(client: WebClient) -> Lookup:
    def lookup(user_id: str) -> dict[str, Any] | None:
        try:
            return client.users_info(user=user_id, include_locale=True)["user"]
        except SlackApiError as error:
            log.info("users.info %s: %s", user_id, error.response.get("error") if error.response else error)
            return None
    return lookup


class PeopleDirectory:
    def __init__(self, engine: Engine, lookup: Lookup, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._store, self._lookup, self._clock = PeopleService(engine), lookup, clock
        self._lock = threading.Lock()
        self._people: dict[str, PersonView] = {}
        self._failed: dict[str, float] = {}

    def name(self, user_id: str) -> str:
        return self.names([user_id]).get(user_id, user_id)

    def names(self, user_ids: Iterable[str]) -> dict[str, str]:
        """user id → name for every id that Slack (now or before) knows; others are left out."""
        wanted = {u for u in user_ids if u and SLACK_ID.fullmatch(u)}  # not a terminal user's typed name
        with self._lock:
            found = {u: self._people[u].name for u in wanted if u in self._people}
        missing = wanted - found.keys()
        if not missing:
            return found
        now = dt.datetime.now(dt.UTC)
        stored = self._store.people(missing)
        known = {u: p for u, p in stored.items() if now - _aware(p.fetched_at) < MAX_AGE}
        unknown: set[str] = set()
        for user_id in sorted(missing - known.keys()):
            fetched = self._fetch(user_id)
            if fetched is not None:
                known[user_id] = fetched
            elif user_id in stored:  # Slack does not answer now: the name we had is better than an id
                known[user_id] = stored[user_id]
            else:
                unknown.add(user_id)
        with self._lock:
            self._people.update(known)
        fresh = {u: p.name for u, p in known.items()}
        if unknown:  # not cached: Slack may know them later
            fresh.update(self._store.member_names(unknown))
        return found | fresh

    def person(self, user_id: str) -> PersonView | None:
        """What Slack tells about `user_id` (name, time zone, language); None when it tells nothing."""
        self.names([user_id])
        with self._lock:
            return self._people.get(user_id)

    def _fetch(self, user_id: str) -> PersonView | None:
        with self._lock:
            if self._clock() - self._failed.get(user_id, -RETRY_FAILED) < RETRY_FAILED:
                return None
        user = self._lookup(user_id)
        if not user:
            with self._lock:
                self._failed[user_id] = self._clock()
            return None
        profile = user.get("profile") or {}
        return self._store.save(user_id, real_name=profile.get("real_name") or user.get("real_name"),
                                display_name=profile.get("display_name") or user.get("name"),
                                tz=user.get("tz"), locale=user.get("locale"))

    def names_in(self, *texts: str) -> dict[str, str]:
        return self.names(set().union(*(mentioned(t) for t in texts)))


def _aware(when: dt.datetime) -> dt.datetime:
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


# ---- what the app sends ----------------------------------------------------------------------------------

def _texts(value: Any, parent: dict | None = None, key: str | None = None) -> Iterable[str]:
    if isinstance(value, str):
        if key in TEXT_KEYS:
            yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _texts(v, value, k)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _texts(v, parent, key if not isinstance(v, dict) else None)


def _render(value: Any, names: dict[str, str], key: str | None = None, plain: bool = False) -> Any:
    if isinstance(value, str):
        return render_people(value, names, escape=not plain) if key in TEXT_KEYS else value
    if isinstance(value, dict):
        is_plain = value.get("type") == "plain_text"
        return {k: _render(v, names, k, is_plain) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_render(v, names, key if not isinstance(v, dict) else None, plain) for v in value]
    return value


class PeopleClient(WebClient):
    """A WebClient whose messages and views show people by name (see the module's docstring)."""

    directory: PeopleDirectory | None = None

    def api_call(self, api_method: str, **kwargs: Any):  # type: ignore[override]
        if self.directory is not None and api_method in SHOWN:
            parts = {k: kwargs[k] for k in ("json", "data", "params") if isinstance(kwargs.get(k), dict)}
            ids = set().union(*(mentioned(t) for part in parts.values() for t in _texts(part)))
            if ids:
                names = self.directory.names(ids)
                kwargs.update({k: _render(part, names) for k, part in parts.items()})
        return super().api_call(api_method, **kwargs)


def people_client(client: WebClient, directory: PeopleDirectory) -> PeopleClient:
    """`client` (e.g. the one bolt makes per request) as a PeopleClient with the same token and settings."""
    named = PeopleClient(token=client.token, base_url=client.base_url, timeout=client.timeout, ssl=client.ssl,
                         proxy=client.proxy, headers=client.headers, team_id=client.default_params.get("team_id"),
                         logger=client.logger, retry_handlers=list(client.retry_handlers or []))
    named.directory = directory
    return named
