"""Keeps a process's Slack threads in step with the service: one thread per step, parent kept up to date,
one message per question (updated in place when answered), one gate prompt per gate."""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.service import Actor, CoachService, ProcessRef
from bot.slack.blocks import clip, context, escape, section
from bot.slack.errors import stored_here
from bot.slack.messages import decision_blocks, problems_blocks, question_message, step_parent
from bot.slack.outbox import Call, Claimed, Outbox
from bot.slack.posting import Mark, post_once
from bot.slack.retry import Later, transient
from bot.slack.texts import st
from bot.slack.thread_blocks import answered_message, decide_offer
from bot.slack_state import Engine, SlackStateService
from flows.engine import next_prompt, next_question, prompt_for
from flows.state import Prompt, Result
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


class Confirming:
    """`then` of one `service.act` (Conversation.confirming): writes what shows the result to the outbox in
    the act's transaction; `show_result` then sends those rows."""

    def __init__(self, conversation: Conversation, process: ProcessRef, actor: Actor, asked: bool,
                 where: Where | None = None) -> None:
        self.conversation, self.process, self.actor, self.asked = conversation, process, actor, asked
        self.where = where
        self.result: Result | None = None
        self.claimed: list[Claimed] = []

    def __call__(self, session, result: Result) -> None:
        if result.problems:  # nothing stored: nothing to show but the problems, said at once
            return
        calls = self.conversation._calls(session, self.process, self.actor, result, self.asked, self.where)
        self.claimed = self.conversation.outbox.put(session, calls)
        self.result = result


class Conversation:
    CLAIM_WAIT = 5.0  # seconds a sender waits while another shows the same process's next prompt

    def __init__(self, service: CoachService, engine: Engine, outbox: Outbox | None = None) -> None:
        self.service = service
        self.engine = engine
        self.state = SlackStateService(engine)
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
        return self.state.thread_at(channel_id, thread_ts, workspace_id)

    def thread_of(self, process: ProcessRef, step: int) -> StepThread | None:
        return self.state.thread_of(process.id, step)

    def ensure_thread(self, client: WebClient, process: ProcessRef, actor: Actor, step: int,
                      mark: Mark | None = None) -> StepThread:
        """The step's thread, creating its parent message in the process channel on first use."""
        existing = self.thread_of(process, step)
        if existing is not None:
            return existing
        text, blocks = self._parent(process, actor, step)
        posted = post_once(client, mark and mark.of(f"parent:{step}"), channel=process.channel_id, text=text,
                           blocks=blocks)
        return self.state.claim_thread(process.id, step, posted["channel"], posted["ts"])

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
        return self.state.posted(process.id, kind, key)

    def _remember(self, process: ProcessRef, kind: str, key: str, channel_id: str, ts: str,
                  thread: StepThread | None = None, newest: bool = True) -> None:
        """Record the message showing `kind`/`key` (updated in place later): see SlackStateService.remember."""
        self.state.remember(process.id, kind, key, channel_id, ts, thread, newest)

    # ---- prompts and results --------------------------------------------------------------------

    @contextmanager
    def _showing(self, process_id: int, mark: Mark | None) -> Iterator[None]:
        """One sender at a time shows a process's next prompt, across processes and replicas (a claim in the
        database, storage.repository.slack.claim_prompt): two answers stored at once each ask for the next
        question, and the second sender, once the first is done, finds it shown. While another still holds it
        after CLAIM_WAIT s, an outbox call is tried again later (Later); a person's own request goes ahead."""
        owner: str | None = mark.id if mark else f"now:{uuid.uuid4().hex}"
        deadline, waited = time.monotonic() + self.CLAIM_WAIT, False
        while owner is not None and not self._claim_prompt(process_id, owner):
            if time.monotonic() >= deadline:
                if mark is not None:
                    raise Later(f"process {process_id}: its next prompt is being shown by another sender")
                log.warning("process %s: showing the prompt asked for beside another sender", process_id)
                owner = None
                break
            if not waited:
                log.info("process %s: another sender shows its next prompt; waiting", process_id)
                waited = True
            time.sleep(0.05)  # polling the claim
        try:
            yield
        finally:
            if owner is not None:
                self.state.release_prompt(process_id, owner)

    def _claim_prompt(self, process_id: int, owner: str) -> bool:
        now = datetime.now(UTC)
        return self.state.claim_prompt(process_id, owner, now, now + timedelta(seconds=self.outbox.lease))

    def show_prompt(self, client: WebClient, process: ProcessRef, actor: Actor, prompt: Prompt | None = None,
                    *, asked: bool = False, mark: Mark | None = None) -> str | None:
        """Show the next question (or gate) inside its step's thread; returns the thread ts.

        Quiet unless `asked` (fortsätt, steg N, Tillbaka, a language change): a question that is already
        the newest question in its thread is not posted again, and a gate prompt is posted once per gate
        (later it is updated in place with the current readiness). One sender at a time (`_showing`)."""
        with self._showing(process.id, mark):
            return self._show_prompt(client, process, actor, prompt or self.service.next_prompt(
                process=process, actor=actor), asked=asked, mark=mark)

    def _show_prompt(self, client: WebClient, process: ProcessRef, actor: Actor, prompt: Prompt, *, asked: bool,
                     mark: Mark | None) -> str | None:
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
            if shown is not None:
                self._asked_again(client, process, actor, prompt, shown)
        else:
            self._post_shown(client, process, thread, "gate", str(step), text, blocks, mark=shown_mark)
            self._offer_decision(client, process, actor, thread, step, first=shown is None)
        return thread.thread_ts

    def _asked_again(self, client: WebClient, process: ProcessRef, actor: Actor, prompt: Prompt,
                     older: PostedMessage) -> None:
        """A question posted again further down (fortsätt, Tillbaka, a language change): its older copy, still
        open, becomes «Frågan ställs igen längre ner» without buttons, so only one copy looks open. An older
        copy showing an answer stays as it is (it is the thread's history)."""
        now = self.posted(process, "question", prompt.question.id)
        state = self.service.state(process=process, actor=actor)
        if now is None or now.ts == older.ts or prompt.question.id in state.answers:
            return
        title = escape(clip(prompt.question.text.get(process.language), 150)[0])
        text = st("asked_again_below", process.language, question=title)
        try:
            self._update(client, older.channel_id, older.ts, text, [context(text)])
        except SlackApiError:  # Slack busy: the older copy keeps its buttons, which still work
            log.info("could not mark message %s as asked again", older.ts, exc_info=True)

    def _offer_decision(self, client: WebClient, process: ProcessRef, actor: Actor, thread: StepThread,
                        step: int, first: bool) -> None:
        """Registrera beslut, privately: to every coordinator when the gate is first shown, to the asker when
        a coordinator asks again. Members never see the button."""
        coordinators = [user for user, _name, role in self.service.membership.members(process=process, actor=actor)
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

    def confirming(self, process: ProcessRef, actor: Actor, *, asked: bool = False,
                   where: Where | None = None) -> Confirming:
        """What shows the result of one `service.act`, to pass as its `then`: the outbox rows (confirmation,
        decision, parent, next question) are written in the answer's own transaction, so a stored answer
        always has its confirmation waiting, even if this process dies right after the commit."""
        return Confirming(self, process, actor, asked, where)

    def show_result(self, client: WebClient, process: ProcessRef, actor: Actor, result: Result, where: Where,
                    *, asked: bool = False, confirming: Confirming | None = None, reader: str | None = None) -> None:
        """Show what was stored by updating its question's message in place (the answer and its version),
        refresh the step's parent, and post the next question: at most one new message per answer.

        Everything shown after a store goes through the outbox (bot.slack.outbox): written down first —
        with the answer when `confirming` was the act's `then`, else now — sent at once, and sent later if
        Slack cannot take it now — never reported as a failure. What only `actor` sees (problems, notices)
        is in `reader`'s language, the person's (else the process's)."""
        lang = reader or process.language
        if result.problems:
            client.chat_postEphemeral(channel=where.channel_id, user=actor.user_id, thread_ts=where.thread_ts,
                                      text=st("problems", lang), blocks=problems_blocks(result.problems, lang))
            return
        if result.store or result.decision is not None:
            stored_here()  # from now on, an error must not say that nothing was saved
        if not result.store and result.notices:
            client.chat_postEphemeral(channel=where.channel_id, user=actor.user_id, thread_ts=where.thread_ts,
                                      text=" ".join(result.notices))
        if confirming is not None and confirming.result is result:
            self.outbox.send_put(client, confirming.claimed)
            return
        with self.state.transaction() as session:
            calls = self._calls(session, process, actor, result, asked, where)
        self.outbox.send(client, calls)

    def _calls(self, session, process: ProcessRef, actor: Actor, result: Result, asked: bool,
               where: Where | None = None) -> list[Call]:
        """The outbox calls that show `result` (read in `session`: the answer's own transaction, or a new one)."""
        lang = process.language
        flow = self.service.flow_of(process)
        touched: set[int] = set()
        calls: list[Call] = []
        for item in result.store:
            question = flow.question(item.question_id)
            step = flow.step_of(item.question_id).number
            touched.add(step)
            stored = result.state.answers[item.question_id]
            text, blocks = answered_message(flow, question, stored, actor.user_id, process.id, lang, result.notices)
            shown = self.state.posted_in(session, process.id, "question", question.id)
            home = step if shown is not None else self._confirm_step(session, process, result, step, where)
            calls.append(Call(f"confirm:{process.id}:{question.id}", CONFIRM, {
                "p": process.id, "u": actor.user_id, "q": question.id, "step": home, "text": text, "blocks": blocks,
                "channel": shown.channel_id if shown else None, "ts": shown.ts if shown else None}))
        if result.decision is not None:
            decided = result.decision
            touched.add(decided.step)
            text, blocks = decision_blocks(actor.user_id, decided.step, decided.value.forum,
                                           decided.value.date.isoformat(), decided.value.text, decided.unmet, lang)
            calls.append(Call(f"decision:{process.id}:{decided.step}:{uuid.uuid4().hex}", THREAD_POST,
                              {"p": process.id, "u": actor.user_id, "step": decided.step, "text": text,
                               "blocks": blocks}))
        for step in sorted(touched):
            calls.append(Call(f"parent:{process.id}:{step}", PARENT, {"p": process.id, "u": actor.user_id,
                                                                      "step": step}))
        calls.append(Call(f"prompt:{process.id}", PROMPT, {"p": process.id, "u": actor.user_id, "asked": asked}))
        return calls

    def _confirm_step(self, session, process: ProcessRef, result: Result, step: int, where: Where | None) -> int:
        """The step thread a confirmation goes to when its question was never shown in Slack: its own step's
        thread once the team has got there; a later step's answer given ahead (its form) is confirmed where
        the person was — the step thread the form was opened from, else the team's current step — and the
        later step's thread is made only when the team gets to it (no «Steg 3 av 7» while step 2 is open).
        Decided when the confirmation is queued — read in `session`, the answer's own transaction, which
        holds the database's write lock — so the outbox sends it to one place however often it tries."""
        ours = {t.step_number: t for t in self.state.step_threads_in(session, process.id)}
        if step in ours:
            return step
        if where is not None and where.thread_ts:
            here = next((t for t in ours.values() if (t.channel_id, t.thread_ts) == (where.channel_id,
                                                                                     where.thread_ts)), None)
            if here is not None:
                return here.step_number
        current = next_prompt(self.service.flow_of(process), result.state, process.language).step
        if current is not None and current.number != step and current.number in ours:
            return current.number
        return step

    # ---- what the outbox sends (bot.slack.outbox): safe to repeat, read from the database -----------

    def _process(self, process_id: int) -> ProcessRef:
        return self.service.process_by_id(process_id)

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
        process, mark = self._process(args["p"]), marked(args)
        actor = slack_actor(args["u"])
        with self._showing(process.id, mark):  # read once this sender holds the claim: what another just showed
            prompt = prompt_for(self.service.flow_of(process), self.service.state(process=process, actor=actor),
                                process.language)
            self._show_prompt(client, process, actor, prompt, asked=bool(args.get("asked")), mark=mark)
