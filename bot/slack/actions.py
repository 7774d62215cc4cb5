"""Buttons: Svara (modal), Vägledning (ephemeral passages, lazily), Hoppa över, Tillbaka, Visa allt, Beslut."""

from __future__ import annotations

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.render_text import format_answer
from bot.slack import constants as c
from bot.slack import guidance
from bot.slack.conversation import Where
from bot.slack.deps import Deps, slack_actor
from bot.slack.gates import open_decision
from bot.slack.modals import answer_modal, full_text_modal, initial_of
from bot.slack.models import ButtonIn, ViewMeta
from flows.state import Back, Continue, Edit, Skip


def register(app: App, deps: Deps) -> None:
    service, conversation = deps.service, deps.conversation

    def open_answer(ack: Ack, body: dict, client: WebClient) -> None:
        """Open the modal at once (trigger_id lives 3 s), prefilled with the current answer if any."""
        ack()
        press = ButtonIn.parse(body)
        process = deps.process_by_id(press.process_id)
        flow = service.flow_of(process)
        question = flow.question(press.question_id)
        actor = slack_actor(press.user_id, via="slack_modal")
        current = service.state(process=process, actor=actor).answers.get(question.id)
        meta = ViewMeta(p=process.id, q=question.id, c=press.channel_id, v=current.version if current else None)
        view = answer_modal(question, meta, initial_of(current.value if current else None), process.language)
        client.views_open(trigger_id=press.trigger_id, view=view)

    def ack_only(ack: Ack) -> None:
        ack()

    def send_guidance(body: dict, client: WebClient) -> None:
        guidance.on_click(deps, body, client)  # at once, or "förbereds, klar om ungefär N s" then passages

    def move(ack: Ack, body: dict, client: WebClient) -> None:
        """Hoppa över / Tillbaka act on the question the button belongs to."""
        ack()
        press = ButtonIn.parse(body)
        process = deps.process_by_id(press.process_id)
        actor = slack_actor(press.user_id)
        if press.action_id == c.SKIP and press.question_id:
            service.act(process=process, actor=actor, event=Edit(press.question_id))
            result = service.act(process=process, actor=actor, event=Skip())
        else:
            result = service.act(process=process, actor=actor, event=Back())
        conversation.show_result(client, process, actor, result, Where(press.channel_id, press.thread_ts))

    def show_all(ack: Ack, body: dict, client: WebClient) -> None:
        ack()
        press = ButtonIn.parse(body)
        process = deps.process_by_id(press.process_id)
        state = service.state(process=process, actor=slack_actor(press.user_id))
        question = service.flow_of(process).question(press.question_id)
        stored = state.answers.get(question.id)
        text = format_answer(stored.value if stored else None, process.language, question)
        client.views_open(trigger_id=press.trigger_id,
                          view=full_text_modal(question.text.get(process.language), text, process.language))

    def open_decide(ack: Ack, body: dict, client: WebClient) -> None:
        ack()
        press = ButtonIn.parse(body)
        process = deps.process_by_id(press.process_id)
        open_decision(deps, client, press.trigger_id, process, slack_actor(press.user_id), press.step,
                      press.channel_id)

    def resume(ack: Ack, body: dict, client: WebClient) -> None:
        ack()
        press = ButtonIn.parse(body)
        process = deps.process_by_id(press.process_id)
        actor = slack_actor(press.user_id)
        result = service.act(process=process, actor=actor, event=Continue())
        conversation.show_prompt(client, process, actor, result.prompt)

    app.action(c.ANSWER)(deps.guard(open_answer))
    app.action(c.GUIDANCE)(ack=deps.guard(ack_only), lazy=[deps.guard_quick(send_guidance)])
    app.action(c.SKIP)(deps.guard(move))
    app.action(c.BACK)(deps.guard(move))
    app.action(c.SHOW_ALL)(deps.guard(show_all))
    app.action(c.DECIDE)(deps.guard(open_decide))
    app.action(c.CONTINUE)(deps.guard(resume))
