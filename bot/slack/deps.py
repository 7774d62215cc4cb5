"""What every listener module gets: the service, the conversation keeper and the flows."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass

from slack_sdk import WebClient

from bot.abcde.service import AbcdeService
from bot.errors import CoachError
from bot.service import LANGUAGES, Actor, CoachService, ProcessRef
from bot.slack.context import RequestContext, language_of, zone_of
from bot.slack.conversation import Conversation
from bot.slack.dedupe import Deliveries
from bot.slack.errors import where
from bot.slack.inbox import Inbox
from bot.slack.people import PeopleDirectory, people_client
from bot.slack.runner import guarded
from bot.slack.tenancy import Tenancy, current
from bot.slack.texts import st
from storage.errors import NotFound


@dataclass(frozen=True)
class Deps:
    service: CoachService
    conversation: Conversation
    flow_id: str
    deliveries: Deliveries
    work: Executor
    default_lang: str = "sv"  # COACH_LANGUAGE: texts outside a process, and new processes
    timezone: str = "Europe/Stockholm"  # COACH_TIMEZONE: today's date, times shown, new ABCDE rhythms
    people: PeopleDirectory | None = None  # names for mentions and authors (bot.slack.people)
    lane: Executor | None = None  # a few threads for clicks a person waits on (Vägledning): not queued
    #                               behind the writes of everyone's answers on `work`
    abcde: AbcdeService | None = None  # ABCDE reports and schedules (bot.slack.abcde); built on demand if None
    inbox: Inbox | None = None  # thread replies kept before the ack (bot.slack.inbox)
    tenancy: Tenancy | None = None  # many workspaces (OAuth): each request scoped to its own (bot.slack.tenancy)

    @property
    def workspace_id(self) -> int | None:
        """The workspace of the request being handled (None with one token: processes without one)."""
        return current().workspace_id

    def _enter(self):
        return self.tenancy.entered if self.tenancy is not None else None

    def guard_quick(self, listener: Callable[..., None]) -> Callable[..., None]:
        """Like `guard`, on the quick lane and without the database claim (bot.slack.runner): for short,
        reading work a person is waiting to see, whose repeat would do no harm."""
        return guarded(listener, self.deliveries, self.lane or self.work, self.body_lang, self.named_client,
                       claim=False, enter=self._enter())

    def guard(self, listener: Callable[..., None], claim: bool = True) -> Callable[..., None]:
        """The listener: acked at once, run once per delivery on the work pool, errors answered politely;
        its client shows people by name. `claim=False`: the listener claims the delivery itself."""
        return guarded(listener, self.deliveries, self.work, self.body_lang, self.named_client, claim=claim,
                       enter=self._enter())

    def named_client(self, client: WebClient) -> WebClient:
        return people_client(client, self.people) if self.people is not None else client

    def names(self, user_ids) -> dict[str, str]:
        """user id → name from the people directory (empty without one)."""
        return self.people.names(user_ids) if self.people is not None else {}

    def process_here(self, channel_id: str) -> ProcessRef:
        """The process bound to a channel; a polite CoachError when the channel has none."""
        try:
            return self.service.find_process(channel_id=channel_id, workspace_id=self.workspace_id)
        except NotFound as error:
            raise CoachError(st("no_process_here", self.default_lang)) from error

    def process_or_none(self, channel_id: str) -> ProcessRef | None:
        try:
            return self.service.find_process(channel_id=channel_id, workspace_id=self.workspace_id)
        except NotFound:
            return None

    def context(self, user_id: str, channel_id: str | None = None, *, process: ProcessRef | None = None,
                name: str | None = None, via: str = "slack_thread", shown_in: str | None = None) -> RequestContext:
        """The request's actor, process (given, or the one bound to `channel_id`), workspace, and the language
        and time zone of what this person alone sees (bot.slack.context): resolved once, handed down.
        `shown_in`: the language a modal was built in (its private_metadata), which its submission keeps."""
        if process is None and channel_id:
            try:
                process = self.process_or_none(channel_id)
            except CoachError:  # an archived process: the command that needs it says so (process_here)
                process = None
        person = self.person(user_id)
        own = language_of(person.locale if person else None)
        language = shown_in if shown_in in LANGUAGES else own
        if language is None:
            language = process.language if process is not None else self._usual_lang(user_id)
        return RequestContext(actor=slack_actor(user_id, name, via), process=process, language=language,
                              tz=self.zone_for(user_id, person), workspace_id=self.workspace_id,
                              own_tz=zone_of(person.tz if person else None), own_language=own)

    def reader_language(self, user_id: str, process: ProcessRef | None = None) -> str:
        """The language of a message for another person than the actor (a direct message telling them of a
        role): their Slack locale, else the process's language, else COACH_LANGUAGE."""
        own = self.own_language(user_id)
        return own or (process.language if process is not None else self.default_lang)

    def person(self, user_id: str | None):
        """What Slack tells about the person (bot.people_service.PersonView), None without a directory."""
        if not user_id or self.people is None:
            return None
        try:
            return self.people.person(user_id)
        except Exception:  # noqa: BLE001 – a name or language lookup must never turn an answer into an error
            return None

    def own_language(self, user_id: str | None) -> str | None:
        """The language of the person's Slack locale, where the coach speaks it; None otherwise."""
        person = self.person(user_id)
        return language_of(person.locale if person else None)

    def zone_for(self, user_id: str | None, person=None) -> str:
        """The time zone of dates shown to this person alone: their Slack time zone, else COACH_TIMEZONE."""
        person = person or self.person(user_id)
        return zone_of(person.tz if person else None) or self.timezone

    def body_lang(self, body: dict) -> str:
        """The language to answer a request in (see `lang_for`); a modal's submission, in the modal's."""
        channel, user, _thread = where(body)
        if body.get("type") == "view_submission" and (shown := shown_in(body)) is not None:
            return shown
        return self.lang_for(user, channel)

    def lang_for(self, user_id: str | None, channel_id: str | None = None) -> str:
        """The language outside a process's own messages (help, App Home, errors): the person's Slack locale
        where the coach speaks it; else the process bound to the channel if any; otherwise the person's
        preference as their processes show it (when all of them use one language); otherwise the workspace
        default (COACH_LANGUAGE, Swedish unless set)."""
        if (own := self.own_language(user_id)) is not None:
            return own
        try:
            if channel_id:
                process = self.process_or_none(channel_id)
                if process is not None:
                    return process.language
        except Exception:  # noqa: BLE001 – a language lookup must never turn an answer into an error
            pass
        return self._usual_lang(user_id)

    def _usual_lang(self, user_id: str | None) -> str:
        """The language of all the person's processes when they share one, else COACH_LANGUAGE."""
        try:
            if user_id:
                languages = {p.language for p in self.processes_for(user_id)}
                if len(languages) == 1:
                    return languages.pop()
        except Exception:  # noqa: BLE001 – a language lookup must never turn an answer into an error
            pass
        return self.default_lang

    def processes_for(self, user_id: str) -> list[ProcessRef]:
        """The processes `user_id` belongs to in the request's workspace."""
        return self.service.processes_for(user_id=user_id, workspace_id=self.workspace_id)

    def process_by_id(self, process_id: int) -> ProcessRef:
        """The process a button or modal names (access is checked by the service call that follows);
        one of another workspace is as unknown as one that does not exist."""
        process = self.service.process_by_id(process_id)
        if process.workspace_id != self.workspace_id:
            raise NotFound.text("ui.process_gone")
        return process


def named(listener: Callable[..., None], deps: Deps) -> Callable[..., None]:
    """A module-level listener `listener(deps, ack, body, …)` with the app's Deps bound, as bolt and
    `Deps.guard` take it: its own name kept (a delivery is claimed, and a lazy listener found, by name)."""
    bound = functools.partial(listener, deps)
    bound.__name__ = bound.__qualname__ = listener.__name__  # type: ignore[attr-defined]
    return bound


def shown_in(body: dict) -> str | None:
    """The language a modal was built in, from its private_metadata (`l`); None when it names none."""
    try:
        meta = json.loads((body.get("view") or {}).get("private_metadata") or "{}")
    except (TypeError, ValueError):
        return None
    shown = meta.get("l") if isinstance(meta, dict) else None
    return shown if shown in LANGUAGES else None


def slack_actor(user_id: str, name: str | None = None, via: str = "slack_thread") -> Actor:
    return Actor(user_id=user_id, display_name=name or user_id, via=via)
