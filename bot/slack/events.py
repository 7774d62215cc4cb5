"""Events: replies in step threads (typed commands, or talk offered as an answer), direct messages,
@-mentions, App Home opened.

Answers are deliberate: a reply in a step thread is discussion. Its author alone gets an ephemeral
«Spara som svar på …?» naming the question the reply came under; only that click stores it
(bot.slack.actions). Chatter that cannot be an answer ("???", a question to a colleague) gets no offer
at all. The reply itself is kept before Slack is acknowledged (bot.slack.replies).
"""

from __future__ import annotations

import logging

from slack_bolt import App
from slack_sdk import WebClient

from bot.slack import guidance
from bot.slack.blocks import escape, help_blocks, section
from bot.slack.conversation import Where
from bot.slack.deps import Deps, slack_actor
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


def register(app: App, deps: Deps) -> None:
    service, conversation = deps.service, deps.conversation
    known: dict[str, str] = {}

    def on_message(body: dict, event: dict, client: WebClient) -> None:
        if event.get("channel_type") == "im":
            direct_message(event, client)
            return
        if event.get("subtype") == "message_changed":
            edited(event)
            return
        reply = ThreadMessageIn.parse(event)
        if reply is None:
            return  # bot messages, top-level chatter: the bot stays quiet
        thread = conversation.thread_at(reply.channel_id, reply.thread_ts, deps.workspace_id)
        if thread is None:
            return  # not one of our step threads (a mention there is answered by on_mention)
        process = deps.process_by_id(thread.process_id)
        context = deps.context(reply.user_id, process=process)  # the person's language: their replies are private
        actor, lang = context.actor, context.language
        where = Where(reply.channel_id, reply.thread_ts)
        text = unescape(reply.text).strip()
        me = bot_user_id(body, client, known) if "<@" in text else None
        text = strip_bot_mention(text, me)  # "@Processcoach styrgrupp" offers "styrgrupp"
        command = parse(text)

        def tell(message: str, blocks=None) -> None:
            client.chat_postEphemeral(channel=reply.channel_id, user=reply.user_id, thread_ts=reply.thread_ts,
                                      text=message, blocks=blocks or [section(message)])

        if (target := edit_request(text)) is not None:
            offer_edit(process, actor, target, thread.step_number, tell)
            return
        if command is not None and command.name in THREAD_COMMANDS:
            if command.name == "help":
                tell(st("help", lang), help_blocks(lang))
            elif command.name == "status":
                tell(process.name, status_blocks(service.status(process=process, actor=actor, language=lang),
                                                    lang))
            elif command.name == "guidance":
                question = thread_question(process, actor, thread.step_number)
                guidance.in_thread(deps, {"type": "event_callback", "event": event}, client, process, actor,
                                   question, tell)
            elif command.name == "continue":
                result = service.act(process=process, actor=actor, event=Continue())
                conversation.show_prompt(client, process, actor, result.prompt, asked=True)
            else:
                event_ = Skip() if command.name == "skip" else Back()
                confirming = conversation.confirming(process, actor, asked=command.name == "back")
                result = service.act(process=process, actor=actor, event=event_, then=confirming)
                conversation.show_result(client, process, actor, result, where, asked=command.name == "back",
                                         confirming=confirming)
            return
        conversation.settled(reply.thread_ts)  # a question message posted this moment is logged first
        shown = shown_question(conversation.state, reply)
        service.membership.require_writer(process=process, actor=actor)  # outsiders and archived processes: refused
        if answer_text(text) is None:
            return
        question = reply_question(process, actor, shown, thread.step_number)
        if question is None:
            elsewhere = service.next_prompt(process=process, actor=actor)
            if elsewhere.kind == "question" and elsewhere.step.number != thread.step_number:
                tell(st("step_done_elsewhere", lang, n=elsewhere.step.number,
                        text=escape(elsewhere.question.text.get(lang)[:200])))
            return  # talk beside the step's gate stays talk
        offer_reply(process, question, ReplyDraft(
            process_id=process.id, question_id=question.id, user_id=reply.user_id, channel_id=reply.channel_id,
            ts=reply.ts, thread_ts=reply.thread_ts, text=text, question_ts=shown.ts if shown else None), tell,
            lang)

    def offer_edit(process, actor, target: str, step: int, tell) -> None:
        """«ändra 3» / «ändra s1.styrning»: the question with Ändra (or Svara) opening its form, to the writer
        only. The command is never kept as an answer."""
        service.membership.require_writer(process=process, actor=actor)
        flow, lang = service.flow_of(process), process.language
        questions = flow.step(step).questions()
        if target.isdigit():
            question = questions[int(target) - 1] if 1 <= int(target) <= len(questions) else None
        else:
            question = next((q for q in flow.questions() if q.id == target), None)
        if question is None:
            tell(st("edit_unknown", lang, target=escape(target), n=step, total=len(questions)))
            return
        stored = service.state(process=process, actor=actor).answers.get(question.id)
        tell(*edit_offer(flow, question, process.id, stored, lang))

    told_form: set[tuple[int, str, str]] = set()  # (process, question, person) told «besvaras i ett formulär»

    def reply_question(process, actor, shown, step: int):
        """The question a reply answers: the question message it came under (what its author saw); in a
        thread from before messages were logged, the step's next question. None — talk — under a gate
        prompt, or under an answered question once the step is done."""
        flow = service.flow_of(process)
        state = service.state(process=process, actor=actor)
        following = next_question(flow, state, step)
        if shown is None:
            return following
        if shown.kind != "question":
            return None
        question = flow.question(shown.key)
        return None if following is None and state.value(question.id) is not None else question

    def offer_reply(process, question, draft: ReplyDraft, tell, lang: str) -> None:
        """«Spara som svar på «fråga»?» to the reply's author. The draft is kept "received" first and marked
        pending once offered: a reply handled again (Slack's retry, the next start) is offered once. In the
        author's language (`lang`): only they see it."""
        if ANSWER_TYPES[question.type] not in REPLYABLE:
            pointed = (process.id, question.id, draft.user_id)
            if pointed in told_form:  # told once; the team's further talk in the thread stays talk
                return
            told_form.add(pointed)
            offer, blocks = form_offer(question, process.id, lang)
            tell(offer, blocks)
            return
        draft = conversation.state.keep_draft(draft)  # once per reply: a replay finds it
        if draft.status != "received":
            return  # offered before (the same reply again, after a stop)
        offer, blocks = draft_offer(question, draft.id, process.id, draft.text, lang)
        tell(offer, blocks)
        conversation.state.mark_offered(draft.id)

    def edited(event: dict) -> None:
        """An edited thread reply whose offer is still open: «Spara som svar» saves the edited text."""
        message = event.get("message") or {}
        if message.get("bot_id") or not message.get("user") or not message.get("thread_ts"):
            return
        text = unescape(str(message.get("text") or "")).strip()
        if text:
            conversation.state.edit_draft(event["channel"], message["ts"], text)

    def thread_question(process, actor, step: int):
        """The question a thread is about: its step's next question, else the team's current one."""
        found = next_question(service.flow_of(process), service.state(process=process, actor=actor), step)
        return found or service.current_prompt(process=process, actor=actor).question

    def direct_message(event: dict, client: WebClient) -> None:
        """A DM to the bot: where and how answers are given, with the person's processes."""
        if event.get("bot_id") or event.get("subtype") or not event.get("user"):
            return
        user = event["user"]
        lang = deps.lang_for(user)
        lines = []
        for process in deps.processes_for(user)[:10]:
            if not process.channel_id:
                continue
            prompt = service.next_prompt(process=process, actor=slack_actor(user))
            # a direct message only its reader sees: the next question in their language too
            following = (st("parent_next", lang, text=escape(prompt.question.text.get(lang)[:150]))
                         if prompt.kind == "question" else st("dm_next_gate", lang, n=prompt.step.number))
            lines.append(st("dm_process", lang, name=escape(process.name), channel=process.channel_id,
                            next=following))
        text = st("dm_pointer", lang, processes="\n".join(lines) or st("dm_no_process", lang))
        client.chat_postMessage(channel=event["channel"], text=text, blocks=[section(text)])

    def on_mention(body: dict, event: dict, client: WebClient) -> None:
        if event.get("thread_ts") and conversation.thread_at(event["channel"], event["thread_ts"], deps.workspace_id):
            return  # inside a step thread the message event handles it
        process = deps.process_or_none(event["channel"])
        if process is None:
            text = st("mention", deps.lang_for(event.get("user"), event.get("channel")))
        else:
            lang = deps.lang_for(event["user"], event["channel"])  # only the person sees it
            prompt = service.next_prompt(process=process, actor=slack_actor(event["user"]))
            if prompt.kind == "question":
                text = st("mention_here", lang, n=prompt.step.number,
                          text=escape(prompt.question.text.get(lang)[:200]))
            else:
                text = st("mention_gate", lang, n=prompt.step.number if prompt.step else len(
                    service.flow_of(process).steps))
        client.chat_postEphemeral(channel=event["channel"], user=event["user"], text=text, blocks=[section(text)],
                                  thread_ts=event.get("thread_ts"))

    def on_home(event: dict, client: WebClient) -> None:
        if event.get("tab", "home") == "home":
            publish_home(client, deps, event["user"])

    kept = KeptReplies(deps, on_message)
    app.event("message")(deps.guard(kept.handle, claim=False))  # it claims the delivery itself
    deps.work.submit(kept.handle_left, app.client)
    app.event("app_mention")(deps.guard(on_mention))
    app.event("app_home_opened")(deps.guard(on_home))
