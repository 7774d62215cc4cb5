"""Keeps a process's Slack threads in step with the service: one thread per step, parent kept up to date."""

from __future__ import annotations

from dataclasses import dataclass

from slack_sdk import WebClient
from sqlalchemy import Engine

from bot.service import Actor, CoachService, ProcessRef
from bot.slack.blocks import escape
from bot.slack.messages import confirmation, decision_blocks, problems_blocks, question_message, step_parent
from bot.slack.texts import st
from flows.state import Prompt, Result
from storage.db import session_scope
from storage.repository import slack as threads
from storage.slack_models import StepThread


@dataclass(frozen=True)
class Where:
    """Where a person acted: the channel, and the thread if any (for ephemeral replies)."""

    channel_id: str
    thread_ts: str | None = None


class Conversation:
    def __init__(self, service: CoachService, engine: Engine) -> None:
        self.service = service
        self.engine = engine

    # ---- threads --------------------------------------------------------------------------------

    def thread_at(self, channel_id: str, thread_ts: str) -> StepThread | None:
        with session_scope(self.engine) as session:
            return threads.find_step_thread(session, channel_id=channel_id, thread_ts=thread_ts)

    def thread_of(self, process: ProcessRef, step: int) -> StepThread | None:
        with session_scope(self.engine) as session:
            return threads.get_step_thread(session, process_id=process.id, step_number=step)

    def ensure_thread(self, client: WebClient, process: ProcessRef, actor: Actor, step: int) -> StepThread:
        """The step's thread, creating its parent message in the process channel on first use."""
        existing = self.thread_of(process, step)
        if existing is not None:
            return existing
        text, blocks = self._parent(process, actor, step)
        posted = client.chat_postMessage(channel=process.channel_id, text=text, blocks=blocks)
        with session_scope(self.engine) as session:
            row, _created = threads.claim_step_thread(session, process_id=process.id, step_number=step,
                                                      channel_id=posted["channel"], thread_ts=posted["ts"])
            return row

    def refresh_parent(self, client: WebClient, process: ProcessRef, actor: Actor, step: int) -> None:
        thread = self.thread_of(process, step)
        if thread is not None:
            text, blocks = self._parent(process, actor, step)
            client.chat_update(channel=thread.channel_id, ts=thread.thread_ts, text=text, blocks=blocks)

    def _parent(self, process: ProcessRef, actor: Actor, step: int):
        status = self.service.status(process=process, actor=actor)
        line = next(s for s in status.steps if s.number == step)
        return step_parent(self.service.flow_of(process), line, process.language, process.id)

    # ---- prompts and results --------------------------------------------------------------------

    def show_prompt(self, client: WebClient, process: ProcessRef, actor: Actor, prompt: Prompt | None = None) -> str:
        """Post the current question (or gate) inside its step's thread; returns the thread ts."""
        prompt = prompt or self.service.current_prompt(process=process, actor=actor)
        step = prompt.step.number
        thread = self.ensure_thread(client, process, actor, step)
        text, blocks = question_message(self.service.flow_of(process), prompt, process.id, process.language)
        posted = client.chat_postMessage(channel=thread.channel_id, thread_ts=thread.thread_ts, text=text,
                                         blocks=blocks)
        with session_scope(self.engine) as session:
            threads.set_thread_message(session, process_id=process.id, step_number=step, message_ts=posted["ts"])
        return thread.thread_ts

    def show_result(self, client: WebClient, process: ProcessRef, actor: Actor, result: Result, where: Where) -> None:
        """Confirm what was stored (in its step's thread), refresh that step's parent, ask the next question."""
        lang = process.language
        if result.problems:
            client.chat_postEphemeral(channel=where.channel_id, user=actor.user_id, thread_ts=where.thread_ts,
                                      text=st("problems", lang), blocks=problems_blocks(result.problems, lang))
            return
        flow = self.service.flow_of(process)
        touched: set[int] = set()
        for item in result.store:
            question = flow.question(item.question_id)
            step = flow.step_of(item.question_id).number
            touched.add(step)
            thread = self.ensure_thread(client, process, actor, step)
            title = escape(question.text.get(lang))
            title = title if len(title) <= 120 else title[:117] + "…"
            version = result.state.answers[item.question_id].version
            text = (st("skipped", lang, user=actor.user_id, question=title) if item.skipped
                    else st("saved", lang, user=actor.user_id, question=title, version=version))
            client.chat_postMessage(channel=thread.channel_id, thread_ts=thread.thread_ts, text=text,
                                    blocks=confirmation(text, result.notices, lang))
        if result.decision is not None:
            decided = result.decision
            touched.add(decided.step)
            thread = self.ensure_thread(client, process, actor, decided.step)
            text, blocks = decision_blocks(actor.user_id, decided.step, decided.value.forum,
                                           decided.value.date.isoformat(), decided.value.text, decided.unmet, lang)
            client.chat_postMessage(channel=thread.channel_id, thread_ts=thread.thread_ts, text=text, blocks=blocks)
        if not result.store and result.notices:
            client.chat_postEphemeral(channel=where.channel_id, user=actor.user_id, thread_ts=where.thread_ts,
                                      text=" ".join(result.notices))
        for step in sorted(touched):
            self.refresh_parent(client, process, actor, step)
        self.show_prompt(client, process, actor, result.prompt)
