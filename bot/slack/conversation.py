"""Keeps a process's Slack threads in step with the service: one thread per step, parent kept up to date,
one message per question (updated in place when answered), one gate prompt per gate."""

from __future__ import annotations

import logging
import threading
import uuid
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import Engine

from bot.service import Actor, CoachService, ProcessRef
from bot.slack.blocks import section
from bot.slack.errors import stored_here
from bot.slack.messages import decision_blocks, problems_blocks, question_message, step_parent
from bot.slack.outbox import Call, Outbox
from bot.slack.posting import Mark, post_once
from bot.slack.retry import transient
from bot.slack.texts import st
from bot.slack.thread_blocks import answered_message, decide_offer
from flows.engine import next_question, prompt_for
from flows.state import Prompt, Result
from storage.db import session_scope
from storage.errors import NotFound
from storage.repository import get_process_by_id
from storage.repository import slack as threads
from storage.slack_models import PostedMessage, StepThread

log = logging.getLogger(__name__)
COORDINATOR = "koordinator"


def slack_actor(user_id: str) -> Actor:
    return Actor(user_id=user_id, display_name=user_id, via="slack_thread")


# the outbox's own steps (bot.slack.outbox): what they show is read when they are sent
def marked(args: dict) -> Mark:
    """The mark the outbox gave this call (bot.slack.outbox adds "_mark" and "_again")."""
    return Mark(str(args["_mark"]), bool(args.get("_again")))


CONFIRM, THREAD_POST, PARENT, PROMPT = "coach.confirm", "coach.thread_post", "coach.parent", "coach.prompt"


@dataclass(frozen=True)
class Where:
    """Where a person acted: the channel, and the thread if any (for ephemeral replies)."""

    channel_id: str
    thread_ts: str | None = None


class Conversation:
    def __init__(self, service: CoachService, engine: Engine, outbox: Outbox | None = None) -> None:
        self.service = service
        self.engine = engine
        self.outbox = outbox or Outbox(engine)
        self.outbox.performers.update({CONFIRM: self._send_confirm, THREAD_POST: self._send_thread_post,
                                       PARENT: self._send_parent, PROMPT: self._send_prompt})
        self._posting: dict[str, int] = {}  # step thread ts → question/gate messages being posted and logged
        self._posted = threading.Condition()

    def _post_shown(self, client: WebClient, process: ProcessRef, thread: StepThread, kind: str, key: str,
                    text: str, blocks: list, newest: bool = True, mark: str | None = None) -> None:
        """Post a question or gate message in its step thread (once: `mark`, bot.slack.posting) and log it;
        `settled` waits for this."""
        with self._posted:
            self._posting[thread.thread_ts] = self._posting.get(thread.thread_ts, 0) + 1
        try:
            posted = post_once(client, mark, channel=thread.channel_id, thread_ts=thread.thread_ts, text=text,
                               blocks=blocks)
            self._remember(process, kind, key, posted["channel"], posted["ts"], thread, newest=newest)
        finally:
            with self._posted:
                self._posting[thread.thread_ts] -= 1
                if not self._posting[thread.thread_ts]:
                    del self._posting[thread.thread_ts]
                self._posted.notify_all()

    def settled(self, thread_ts: str, timeout: float = 2.0) -> None:
        """Wait (a little) until no question message of the thread is between being posted and logged here:
        a reply sent the moment one appeared is filed under it, not under the one before."""
        with self._posted:
            self._posted.wait_for(lambda: thread_ts not in self._posting, timeout=timeout)

    # ---- threads --------------------------------------------------------------------------------

    def thread_at(self, channel_id: str, thread_ts: str, workspace_id: int | None = None) -> StepThread | None:
        with session_scope(self.engine) as session:
            return threads.find_step_thread(session, channel_id=channel_id, thread_ts=thread_ts,
                                            workspace_id=workspace_id)

    def thread_of(self, process: ProcessRef, step: int) -> StepThread | None:
        with session_scope(self.engine) as session:
            return threads.get_step_thread(session, process_id=process.id, step_number=step)

    def ensure_thread(self, client: WebClient, process: ProcessRef, actor: Actor, step: int,
                      mark: Mark | None = None) -> StepThread:
        """The step's thread, creating its parent message in the process channel on first use."""
        existing = self.thread_of(process, step)
        if existing is not None:
            return existing
        text, blocks = self._parent(process, actor, step)
        posted = post_once(client, mark and mark.of(f"parent:{step}"), channel=process.channel_id, text=text,
                           blocks=blocks)
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
        flow = self.service.flow_of(process)
        following = next_question(flow, self.service.state(process=process, actor=actor), step)
        return step_parent(flow, line, process.language, process.id, following)

    def posted(self, process: ProcessRef, kind: str, key: str) -> PostedMessage | None:
        with session_scope(self.engine) as session:
            return threads.get_posted(session, process_id=process.id, kind=kind, key=key)

    def _remember(self, process: ProcessRef, kind: str, key: str, channel_id: str, ts: str,
                  thread: StepThread | None = None, newest: bool = True) -> None:
        """Record the message showing `kind`/`key` (updated in place later); one in a step thread is also
        logged in order (a reply there answers the newest one older than itself) and, for a question asked
        (`newest`, not an answered one re-posted), remembered as the thread's newest question."""
        with session_scope(self.engine) as session:
            threads.set_posted(session, process_id=process.id, kind=kind, key=key, channel_id=channel_id, ts=ts)
            if thread is not None:
                threads.record_shown(session, process_id=process.id, channel_id=channel_id,
                                     thread_ts=thread.thread_ts, ts=ts, kind=kind, key=key)
                if kind == "question" and newest:
                    threads.set_thread_message(session, process_id=process.id, step_number=thread.step_number,
                                               message_ts=ts)

    # ---- prompts and results --------------------------------------------------------------------

    def show_prompt(self, client: WebClient, process: ProcessRef, actor: Actor, prompt: Prompt | None = None,
                    *, asked: bool = False, mark: Mark | None = None) -> str | None:
        """Show the next question (or gate) inside its step's thread; returns the thread ts.

        Quiet unless `asked` (fortsätt, steg N, Tillbaka, a language change): a question that is already
        the newest question in its thread is not posted again, and a gate prompt is posted once per gate
        (later it is updated in place with the current readiness)."""
        prompt = prompt or self.service.next_prompt(process=process, actor=actor)
        lang = process.language
        if prompt.kind == "done":
            if not asked and self.posted(process, "done", "all") is not None:
                return None
            posted = post_once(client, mark and mark.of("done"), channel=process.channel_id, text=st("done", lang),
                               blocks=[section(st("done", lang))])
            self._remember(process, "done", "all", posted["channel"], posted["ts"])
            return None
        step = prompt.step.number
        thread = self.ensure_thread(client, process, actor, step, mark)
        text, blocks = question_message(self.service.flow_of(process), prompt, process.id, lang)
        if prompt.kind == "question":
            shown = self.posted(process, "question", prompt.question.id)
            if not asked and shown is not None and shown.ts == thread.message_ts:
                return thread.thread_ts  # it is the newest question in the thread already
        else:
            shown = self.posted(process, "gate", str(step))
            if not asked and shown is not None:
                self._update(client, shown.channel_id, shown.ts, text, blocks)  # readiness, no new message
                return thread.thread_ts
        what = f"q:{prompt.question.id}" if prompt.kind == "question" else f"gate:{step}"
        shown_mark = mark.of(what) if mark else None
        if prompt.kind == "question":
            self._post_shown(client, process, thread, "question", prompt.question.id, text, blocks, mark=shown_mark)
        else:
            self._post_shown(client, process, thread, "gate", str(step), text, blocks, mark=shown_mark)
            self._offer_decision(client, process, actor, thread, step, first=shown is None)
        return thread.thread_ts

    def _offer_decision(self, client: WebClient, process: ProcessRef, actor: Actor, thread: StepThread,
                        step: int, first: bool) -> None:
        """Registrera beslut, privately: to every coordinator when the gate is first shown, to the asker when
        a coordinator asks again. Members never see the button."""
        coordinators = [user for user, _name, role in self.service.members(process=process, actor=actor)
                        if role == COORDINATOR]
        offer, offer_blocks = decide_offer(step, process.id, process.language)
        for user in coordinators if first else [u for u in coordinators if u == actor.user_id]:
            try:
                client.chat_postEphemeral(channel=thread.channel_id, user=user, thread_ts=thread.thread_ts,
                                          text=offer, blocks=offer_blocks)
            except SlackApiError:  # e.g. a coordinator who left the channel: `/coach beslut N` still works
                log.info("could not offer the decision to %s", user, exc_info=True)

    def _update(self, client: WebClient, channel_id: str, ts: str, text: str, blocks: list) -> bool:
        """Update a message in place; False when Slack cannot (deleted, too old): the caller posts anew.
        Slack being down or overloaded is raised (bot.slack.retry.transient): the outbox tries later."""
        try:
            client.chat_update(channel=channel_id, ts=ts, text=text, blocks=blocks)
            return True
        except SlackApiError as error:
            if transient(error):
                raise
            log.warning("could not update message %s in %s", ts, channel_id, exc_info=True)
            return False

    def show_result(self, client: WebClient, process: ProcessRef, actor: Actor, result: Result, where: Where,
                    *, asked: bool = False) -> None:
        """Show what was stored by updating its question's message in place (the answer and its version),
        refresh the step's parent, and post the next question: at most one new message per answer.

        Everything shown after a store goes through the outbox (bot.slack.outbox): written down first,
        sent at once, and sent later if Slack cannot take it now — never reported as a failure."""
        lang = process.language
        if result.problems:
            client.chat_postEphemeral(channel=where.channel_id, user=actor.user_id, thread_ts=where.thread_ts,
                                      text=st("problems", lang), blocks=problems_blocks(result.problems, lang))
            return
        if result.store or result.decision is not None:
            stored_here()  # from now on, an error must not say that nothing was saved
        flow = self.service.flow_of(process)
        touched: set[int] = set()
        calls: list[Call] = []
        for item in result.store:
            question = flow.question(item.question_id)
            step = flow.step_of(item.question_id).number
            touched.add(step)
            stored = result.state.answers[item.question_id]
            text, blocks = answered_message(flow, question, stored, actor.user_id, process.id, lang, result.notices)
            shown = self.posted(process, "question", question.id)
            calls.append(Call(f"confirm:{process.id}:{question.id}", CONFIRM, {
                "p": process.id, "u": actor.user_id, "q": question.id, "step": step, "text": text, "blocks": blocks,
                "channel": shown.channel_id if shown else None, "ts": shown.ts if shown else None}))
        if result.decision is not None:
            decided = result.decision
            touched.add(decided.step)
            text, blocks = decision_blocks(actor.user_id, decided.step, decided.value.forum,
                                           decided.value.date.isoformat(), decided.value.text, decided.unmet, lang)
            calls.append(Call(f"decision:{process.id}:{decided.step}:{uuid.uuid4().hex}", THREAD_POST,
                              {"p": process.id, "u": actor.user_id, "step": decided.step, "text": text,
                               "blocks": blocks}))
        if not result.store and result.notices:
            client.chat_postEphemeral(channel=where.channel_id, user=actor.user_id, thread_ts=where.thread_ts,
                                      text=" ".join(result.notices))
        for step in sorted(touched):
            calls.append(Call(f"parent:{process.id}:{step}", PARENT, {"p": process.id, "u": actor.user_id,
                                                                      "step": step}))
        calls.append(Call(f"prompt:{process.id}", PROMPT, {"p": process.id, "u": actor.user_id, "asked": asked}))
        self.outbox.send(client, calls)

    # ---- what the outbox sends (bot.slack.outbox): safe to repeat, read from the database -----------

    def _process(self, process_id: int) -> ProcessRef:
        with session_scope(self.engine) as session:
            row = get_process_by_id(session, process_id=process_id)
            if row is None:
                raise NotFound.text("ui.process_gone")
            return ProcessRef(id=row.id, name=row.name, flow_id=row.flow_id, channel_id=row.channel_id,
                              language=row.language)

    def _send_confirm(self, client: WebClient, args: dict) -> None:
        """The answer shown in its question's message, or in a new message when that one is gone."""
        if args.get("ts") and self._update(client, args["channel"], args["ts"], args["text"], args["blocks"]):
            return
        process, mark = self._process(args["p"]), marked(args)
        thread = self.ensure_thread(client, process, slack_actor(args["u"]), args["step"], mark)
        self._post_shown(client, process, thread, "question", args["q"], args["text"], args["blocks"], newest=False,
                         mark=mark.of("confirm"))

    def _send_thread_post(self, client: WebClient, args: dict) -> None:
        process, mark = self._process(args["p"]), marked(args)
        thread = self.ensure_thread(client, process, slack_actor(args["u"]), args["step"], mark)
        post_once(client, mark.of("post"), channel=thread.channel_id, thread_ts=thread.thread_ts, text=args["text"],
                  blocks=args["blocks"])

    def _send_parent(self, client: WebClient, args: dict) -> None:
        """The step's parent message as the process stands when it is sent (never an older count)."""
        self.refresh_parent(client, self._process(args["p"]), slack_actor(args["u"]), args["step"])

    def _send_prompt(self, client: WebClient, args: dict) -> None:
        """The question (or gate) the process's cursor points at now."""
        process = self._process(args["p"])
        actor = slack_actor(args["u"])
        prompt = prompt_for(self.service.flow_of(process), self.service.state(process=process, actor=actor),
                            process.language)
        self.show_prompt(client, process, actor, prompt, asked=bool(args.get("asked")), mark=marked(args))
