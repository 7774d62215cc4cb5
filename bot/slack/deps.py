"""What every listener module gets: the service, the conversation keeper and the flows."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass

from bot.errors import CoachError
from bot.service import Actor, CoachService, ProcessRef
from bot.slack.conversation import Conversation
from bot.slack.dedupe import Deliveries
from bot.slack.runner import guarded
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

    def guard(self, listener: Callable[..., None]) -> Callable[..., None]:
        """The listener: acked at once, run once per delivery on the work pool, errors answered politely."""
        return guarded(listener, self.deliveries, self.work)

    def process_here(self, channel_id: str) -> ProcessRef:
        """The process bound to a channel; a polite CoachError when the channel has none."""
        try:
            return self.service.find_process(channel_id=channel_id)
        except NotFound as error:
            raise CoachError(st("no_process_here")) from error

    def process_or_none(self, channel_id: str) -> ProcessRef | None:
        try:
            return self.service.find_process(channel_id=channel_id)
        except NotFound:
            return None

    def process_by_id(self, process_id: int) -> ProcessRef:
        """The process a button or modal names (access is checked by the service call that follows)."""
        with session_scope(self.conversation.engine) as session:
            process = get_process_by_id(session, process_id=process_id)
            if process is None:
                raise NotFound("Processen finns inte längre.")
            return ProcessRef(id=process.id, name=process.name, flow_id=process.flow_id,
                              channel_id=process.channel_id, language=process.language)


def slack_actor(user_id: str, name: str | None = None, via: str = "slack_thread") -> Actor:
    return Actor(user_id=user_id, display_name=name or user_id, via=via)
