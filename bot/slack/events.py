"""Events: replies in step threads (typed commands, or talk offered as an answer), direct messages,
@-mentions, App Home opened.

Answers are deliberate: a reply in a step thread is discussion. Its author alone gets an ephemeral
«Spara som svar på …?» naming the question the reply came under; only that click stores it
(bot.slack.actions). Chatter that cannot be an answer ("???", a question to a colleague) gets no offer
at all. The reply itself is kept before Slack is acknowledged (bot.slack.replies).

Each listener is a named method of `Events` (which holds the app's Deps and what it remembers between
events); each resolves the request's context once (bot.slack.context) and hands it down: what only the
author sees is in their language, the step thread in the process's.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from slack_bolt import App
from slack_sdk import WebClient

from bot.slack import guidance
from bot.slack.blocks import escape, help_blocks, section
from bot.slack.context import RequestContext
from bot.slack.conversation import Where
from bot.slack.deps import Deps
from bot.slack.home import publish_home
from bot.slack.messages import REPLYABLE, status_blocks
from bot.slack.models import ThreadMessageIn
from bot.slack.replies import (
    THREAD_COMMANDS,
    KeptReplies,
    answer_text,
    authorized_bot,
    edit_request,
    looks_like_talk,
    shown_question,
    strip_bot_mention,
    unescape,
)
from bot.slack.texts import st
from bot.slack.thread_blocks import draft_offer, edit_offer, form_offer
from bot.text_commands import parse
from flows.answers import ANSWER_TYPES
from flows.engine import next_question
from flows.state import Back, Continue, Skip
from storage.slack_models import ReplyDraft

log = logging.getLogger(__name__)
__all__ = ["looks_like_talk", "register", "unescape"]


def bot_user_id(body: dict, client: WebClient, known: dict[str, str]) -> str | None:
    """The app's own user id: from the event's authorizations, else auth.test once (remembered in `known`)."""
    if (me := authorized_bot(body)) is not None:
        return me
    if "me" not in known:
        try:
            known["me"] = client.auth_test().get("user_id") or ""
        except Exception:  # noqa: BLE001 – without it a mention of the bot is simply not stripped
            return None
    return known["me"] or None


@dataclass(frozen=True)
class InThread:
    """A person's reply in one of the process's step threads, with the request's context."""

    client: WebClient
    event: dict
    reply: ThreadMessageIn
    step: int  # the thread's step
    context: RequestContext

    @property
    def where(self) -> Where:
        return Where(self.reply.channel_id, self.reply.thread_ts)

    def tell(self, message: str, blocks=None) -> None:
        """An ephemeral to the reply's author, in the thread."""
        self.client.chat_postEphemeral(channel=self.reply.channel_id, user=self.reply.user_id,
                                       thread_ts=self.reply.thread_ts, text=message,
                                       blocks=blocks or [section(message)])


class Events:
    """The event listeners; `register` wires them."""

    def __init__(self, deps: Deps) -> None:
        self.deps = deps
        self.service, self.conversation = deps.service, deps.conversation
        self.known: dict[str, str] = {}  # the app's own user id, once asked (bot_user_id)
        self.told_form: set[tuple[int, str, str]] = set()  # (process, question, person) told «besvaras i ett formulär»

    # ---- messages -----------------------------------------------------------------------------------

    def on_message(self, body: dict, event: dict, client: WebClient) -> None:
        if event.get("channel_type") == "im":
            self.direct_message(event, client)
            return
        if event.get("subtype") == "message_changed":
            self.edited(event)
            return
        reply = ThreadMessageIn.parse(event)
        if reply is None:
            return  # bot messages, top-level chatter: the bot stays quiet
        thread = self.conversation.thread_at(reply.channel_id, reply.thread_ts, self.deps.workspace_id)
        if thread is None:
            return  # not one of our step threads (a mention there is answered by on_mention)
        process = self.deps.process_by_id(thread.process_id)
        context = self.deps.context(reply.user_id, process=process)  # the person's language: replies are private
        self.in_thread(body, InThread(client, event, reply, thread.step_number, context))

    def in_thread(self, body: dict, here: InThread) -> None:
        """A reply in a step thread: «ändra N», a typed command, or talk that may be offered as an answer."""
        text = unescape(here.reply.text).strip()
        me = bot_user_id(body, here.client, self.known) if "<@" in text else None
        text = strip_bot_mention(text, me)  # "@Processcoach styrgrupp" offers "styrgrupp"
        command = parse(text)
        if (target := edit_request(text)) is not None:
            self.offer_edit(here, target)
        elif command is not None and command.name in THREAD_COMMANDS:
            self.thread_command(here, command.name)
        else:
            self.talk(here, text)

    def thread_command(self, here: InThread, name: str) -> None:
        """hjälp, status, vägledning, fortsätt, hoppa över, tillbaka typed in a step thread."""
        service, conversation, client = self.service, self.conversation, here.client
        process, actor, lang = here.context.process, here.context.actor, here.context.language
        if name == "help":
            here.tell(st("help", lang), help_blocks(lang))
        elif name == "status":
            here.tell(process.name, status_blocks(service.status(process=process, actor=actor, language=lang), lang))
        elif name == "guidance":
            question = self.thread_question(here.context, here.step)
            guidance.in_thread(self.deps, {"type": "event_callback", "event": here.event}, client, here.context,
                               question, here.tell)
        elif name == "continue":
            result = service.act(process=process, actor=actor, event=Continue())
            conversation.show_prompt(client, process, actor, result.prompt, asked=True)
        else:
            confirming = conversation.confirming(process, actor, asked=name == "back")
            result = service.act(process=process, actor=actor, event=Skip() if name == "skip" else Back(),
                                 then=confirming, reader_language=lang)
            conversation.show_result(client, process, actor, result, here.where, asked=name == "back",
                                     confirming=confirming, reader=lang)

    def talk(self, here: InThread, text: str) -> None:
        """Talk in a step thread: offered to its author as the answer to the question it came under."""
        service, reply = self.service, here.reply
        process, actor, lang = here.context.process, here.context.actor, here.context.language
        self.conversation.settled(reply.thread_ts)  # a question message posted this moment is logged first
        shown = shown_question(self.conversation.state, reply)
        service.membership.require_writer(process=process, actor=actor)  # outsiders and archived processes: refused
        if answer_text(text) is None:
            return
        question = self.reply_question(here.context, shown, here.step)
        if question is None:
            elsewhere = service.next_prompt(process=process, actor=actor)
            if elsewhere.kind == "question" and elsewhere.step.number != here.step:
                here.tell(st("step_done_elsewhere", lang, n=elsewhere.step.number,
                             text=escape(elsewhere.question.text.get(lang)[:200])))
            return  # talk beside the step's gate stays talk
        self.offer_reply(here, question, ReplyDraft(
            process_id=process.id, question_id=question.id, user_id=reply.user_id, channel_id=reply.channel_id,
            ts=reply.ts, thread_ts=reply.thread_ts, text=text, question_ts=shown.ts if shown else None))

    def offer_edit(self, here: InThread, target: str) -> None:
        """«ändra 3» / «ändra s1.styrning»: the question with Ändra (or Svara) opening its form, to the writer
        only, in their language. The command is never kept as an answer."""
        process, actor, lang = here.context.process, here.context.actor, here.context.language
        self.service.membership.require_writer(process=process, actor=actor)
        flow = self.service.flow_of(process)
        questions = flow.step(here.step).questions()
        if target.isdigit():
            question = questions[int(target) - 1] if 1 <= int(target) <= len(questions) else None
        else:
            question = next((q for q in flow.questions() if q.id == target), None)
        if question is None:
            here.tell(st("edit_unknown", lang, target=escape(target), n=here.step, total=len(questions)))
            return
        stored = self.service.state(process=process, actor=actor).answers.get(question.id)
        here.tell(*edit_offer(flow, question, process.id, stored, lang))

    def reply_question(self, context: RequestContext, shown, step: int):
        """The question a reply answers: the question message it came under (what its author saw); in a
        thread from before messages were logged, the step's next question. None — talk — under a gate
        prompt, or under an answered question once the step is done."""
        flow = self.service.flow_of(context.process)
        state = self.service.state(process=context.process, actor=context.actor)
        following = next_question(flow, state, step)
        if shown is None:
            return following
        if shown.kind != "question":
            return None
        question = flow.question(shown.key)
        return None if following is None and state.value(question.id) is not None else question

    def offer_reply(self, here: InThread, question, draft: ReplyDraft) -> None:
        """«Spara som svar på «fråga»?» to the reply's author. The draft is kept "received" first and marked
        pending once offered: a reply handled again (Slack's retry, the next start) is offered once. In the
        author's language: only they see it."""
        process, lang, state = here.context.process, here.context.language, self.conversation.state
        if ANSWER_TYPES[question.type] not in REPLYABLE:
            pointed = (process.id, question.id, draft.user_id)
            if pointed in self.told_form:  # told once; the team's further talk in the thread stays talk
                return
            self.told_form.add(pointed)
            here.tell(*form_offer(question, process.id, lang))
            return
        draft = state.keep_draft(draft)  # once per reply: a replay finds it
        if draft.status != "received":
            return  # offered before (the same reply again, after a stop)
        here.tell(*draft_offer(question, draft.id, process.id, draft.text, lang))
        state.mark_offered(draft.id)

    def edited(self, event: dict) -> None:
        """An edited thread reply whose offer is still open: «Spara som svar» saves the edited text."""
        message = event.get("message") or {}
        if message.get("bot_id") or not message.get("user") or not message.get("thread_ts"):
            return
        text = unescape(str(message.get("text") or "")).strip()
        if text:
            self.conversation.state.edit_draft(event["channel"], message["ts"], text)

    def thread_question(self, context: RequestContext, step: int):
        """The question a thread is about: its step's next question, else the team's current one."""
        process, actor = context.process, context.actor
        found = next_question(self.service.flow_of(process), self.service.state(process=process, actor=actor), step)
        return found or self.service.current_prompt(process=process, actor=actor).question

    def direct_message(self, event: dict, client: WebClient) -> None:
        """A DM to the bot: where and how answers are given, with the person's processes."""
        if event.get("bot_id") or event.get("subtype") or not event.get("user"):
            return
        context = self.deps.context(event["user"])
        actor, lang = context.actor, context.language
        lines = []
        for process in self.deps.processes_for(actor.user_id)[:10]:
            if not process.channel_id:
                continue
            prompt = self.service.next_prompt(process=process, actor=actor)
            # a direct message only its reader sees: the next question in their language too
            following = (st("parent_next", lang, text=escape(prompt.question.text.get(lang)[:150]))
                         if prompt.kind == "question" else st("dm_next_gate", lang, n=prompt.step.number))
            lines.append(st("dm_process", lang, name=escape(process.name), channel=process.channel_id,
                            next=following))
        text = st("dm_pointer", lang, processes="\n".join(lines) or st("dm_no_process", lang))
        client.chat_postMessage(channel=event["channel"], text=text, blocks=[section(text)])

    # ---- mentions and App Home ----------------------------------------------------------------------

    def on_mention(self, body: dict, event: dict, client: WebClient) -> None:
        channel = event["channel"]
        if event.get("thread_ts") and self.conversation.thread_at(channel, event["thread_ts"], self.deps.workspace_id):
            return  # inside a step thread the message event handles it
        context = self.deps.context(event.get("user"), channel)  # only the person sees the answer
        process, lang = context.process or self.deps.process_or_none(channel), context.language  # archived: said
        if process is None:
            text = st("mention", lang)
        else:
            prompt = self.service.next_prompt(process=process, actor=context.actor)
            if prompt.kind == "question":
                text = st("mention_here", lang, n=prompt.step.number,
                          text=escape(prompt.question.text.get(lang)[:200]))
            else:
                text = st("mention_gate", lang, n=prompt.step.number if prompt.step else len(
                    self.service.flow_of(process).steps))
        client.chat_postEphemeral(channel=channel, user=event["user"], text=text, blocks=[section(text)],
                                  thread_ts=event.get("thread_ts"))

    def on_home(self, event: dict, client: WebClient) -> None:
        if event.get("tab", "home") == "home":
            publish_home(client, self.deps, self.deps.context(event["user"]))


def register(app: App, deps: Deps) -> None:
    events = Events(deps)
    kept = KeptReplies(deps, events.on_message)
    app.event("message")(deps.guard(kept.handle, claim=False))  # it claims the delivery itself
    deps.work.submit(kept.handle_left, app.client)
    app.event("app_mention")(deps.guard(events.on_mention))
    app.event("app_home_opened")(deps.guard(events.on_home))
