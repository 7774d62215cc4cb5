"""What every listener module gets: the service, the conversation keeper and the flows."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass

from slack_sdk import WebClient

from bot.abcde.service import AbcdeService
from bot.errors import CoachError
from bot.service import Actor, CoachService, ProcessRef
from bot.slack.conversation import Conversation
from bot.slack.dedupe import Deliveries
from bot.slack.errors import where
from bot.slack.inbox import Inbox
from bot.slack.people import PeopleDirectory, people_client
from bot.slack.runner import guarded
from bot.slack.tenancy import Tenancy, current
from bot.slack.texts import st
from storage.db import session_scope
from storage.errors import NotFound
from storage.repository import get_process_by_id


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

    def body_lang(self, body: dict) -> str:
        """The language to answer a request in (see `lang_for`)."""
        channel, user, _thread = where(body)
        return self.lang_for(user, channel)

    def lang_for(self, user_id: str | None, channel_id: str | None = None) -> str:
        """The language outside a process's own messages (help, App Home, errors): the process bound to the
        channel if any; otherwise the person's preference as their processes show it (when all of them
        use one language); otherwise the workspace default (COACH_LANGUAGE, Swedish unless set)."""
        try:
            if channel_id:
                process = self.process_or_none(channel_id)
                if process is not None:
                    return process.language
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
        with session_scope(self.conversation.engine) as session:
            process = get_process_by_id(session, process_id=process_id)
            if process is None or process.workspace_id != self.workspace_id:
                raise NotFound.text("ui.process_gone")
            return ProcessRef(id=process.id, name=process.name, flow_id=process.flow_id,
                              channel_id=process.channel_id, language=process.language,
                              workspace_id=process.workspace_id)


def slack_actor(user_id: str, name: str | None = None, via: str = "slack_thread") -> Actor:
    return Actor(user_id=user_id, display_name=name or user_id, via=via)
