"""Typed views of the Slack payloads the app handles (only the fields it uses)."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict

from flows.text import normalise_data, normalise_input

_MENTION = re.compile(r"^<@([A-Z0-9]+)(?:\|([^>]*))?>$")


class PayloadError(ValueError):
    """A Slack payload without the fields or shapes the app needs. The person gets the general polite
    error message in their language (bot.slack.errors); the log gets this text."""


_T = TypeVar("_T")


def _parser(parse: Callable[[type[_T], dict[str, Any]], _T]) -> Callable[[type[_T], dict[str, Any]], _T]:
    """Any missing key, wrong type or bad JSON in a payload becomes PayloadError."""
    @functools.wraps(parse)
    def checked(cls: type[_T], body: dict[str, Any]) -> _T:
        try:
            return parse(cls, body)
        except PayloadError:
            raise
        except (KeyError, IndexError, TypeError, ValueError, AttributeError, RecursionError) as error:
            raise PayloadError(f"{cls.__name__}: {type(error).__name__}: {str(error)[:300]}") from error

    return checked


class _In(BaseModel):
    model_config = ConfigDict(frozen=True)


class CommandIn(_In):
    user_id: str
    user_name: str
    channel_id: str
    team_id: str | None
    text: str
    trigger_id: str | None

    @classmethod
    @_parser
    def parse(cls, body: dict[str, Any]) -> CommandIn:
        return cls(user_id=body["user_id"], user_name=body.get("user_name") or body["user_id"],
                   channel_id=body["channel_id"], team_id=body.get("team_id"),
                   text=" ".join(normalise_input(str(body.get("text") or "")).split()),
                   trigger_id=body.get("trigger_id"))

    @property
    def word(self) -> str:
        return self.text.split(" ", 1)[0].lower() if self.text else ""

    @property
    def rest(self) -> str:
        return self.text.split(" ", 1)[1] if " " in self.text else ""


class ButtonIn(_In):
    """A button press on a message (or in App Home); `value` is the JSON the button carries."""

    user_id: str
    action_id: str
    process_id: int
    question_id: str | None = None
    step: int | None = None
    draft_id: int | None = None
    channel_id: str | None = None
    message_ts: str | None = None
    thread_ts: str | None = None
    trigger_id: str | None = None

    @classmethod
    @_parser
    def parse(cls, body: dict[str, Any]) -> ButtonIn:
        action = body["actions"][0]
        value = json.loads(action.get("value") or "{}")
        message = body.get("message") or {}
        container = body.get("container") or {}
        return cls(user_id=body["user"]["id"], action_id=action["action_id"], process_id=int(value["p"]),
                   question_id=value.get("q"), step=value.get("s"), draft_id=value.get("d"),
                   channel_id=(body.get("channel") or {}).get("id") or container.get("channel_id"),
                   message_ts=message.get("ts") or container.get("message_ts"),
                   thread_ts=message.get("thread_ts") or container.get("thread_ts"),
                   trigger_id=body.get("trigger_id"))


class ThreadMessageIn(_In):
    user_id: str
    channel_id: str
    ts: str
    thread_ts: str
    text: str

    @classmethod
    @_parser
    def parse(cls, event: dict[str, Any]) -> ThreadMessageIn | None:
        """None for anything but a person's plain reply inside a thread."""
        if event.get("bot_id") or event.get("subtype") not in (None, "thread_broadcast") or not event.get("user"):
            return None  # "thread_broadcast": a reply also sent to the channel is still a reply
        thread_ts = event.get("thread_ts")
        if not thread_ts or thread_ts == event.get("ts"):
            return None
        return cls(user_id=event["user"], channel_id=event["channel"], ts=event["ts"], thread_ts=thread_ts,
                   text=normalise_input(str(event.get("text") or "")))


class ViewMeta(_In):
    """What a modal remembers in private_metadata (≤ 3,000 characters)."""

    p: int  # process id
    q: str | None = None  # question id
    s: int | None = None  # step (gate decision)
    c: str | None = None  # channel to confirm in
    t: str | None = None  # the thread the form was opened from (a later step's answer is confirmed there)
    rows: dict[str, int] = {}  # rows shown per row field
    v: int | None = None  # the answer version the modal was opened on
    h: dict[str, int] = {}  # row field → stored rows shown, where the answer had more than fit (rest kept)
    l: str | None = None  # noqa: E741 – the language the modal was built in: its submission answers in it

    def dump(self) -> str:
        return self.model_dump_json(exclude_defaults=True)


class ViewSubmissionIn(_In):
    user_id: str
    meta: ViewMeta
    values: dict[str, dict[str, Any]]

    @classmethod
    @_parser
    def parse(cls, body: dict[str, Any]) -> ViewSubmissionIn:
        view = body["view"]
        return cls(user_id=body["user"]["id"], meta=ViewMeta.model_validate_json(view["private_metadata"]),
                   values=normalise_data(view["state"]["values"]))  # type: ignore[arg-type]


def mentioned_user(word: str) -> tuple[str, str | None] | None:
    """(user id, name) from an escaped mention `<@U123|name>`; None for anything else."""
    match = _MENTION.match(word)
    return (match.group(1), match.group(2)) if match else None
