"""Buttons: Svara (modal), Vägledning (ephemeral passages, lazily), Hoppa över, Tillbaka, Visa allt, Beslut,
Fortsätt, and Spara som svar / Nej, det var diskussion under a thread reply."""

from __future__ import annotations

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.webhook import WebhookClient

from bot.errors import AlreadyHandled
from bot.render_text import format_answer
from bot.slack import constants as c
from bot.slack import guidance
from bot.slack.blocks import section
from bot.slack.conversation import Where
from bot.slack.deps import Deps, slack_actor
from bot.slack.gates import open_decision
from bot.slack.modals import answer_modal, full_text_modal, initial_of
from bot.slack.models import ButtonIn, ViewMeta
from bot.slack.outcomes import outcomes_of
from bot.slack.texts import st
from bot.slack_state import DRAFT_OPEN
from flows.state import Answer, Back, Continue, Edit, GoTo, Skip


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
        meta = ViewMeta(p=process.id, q=question.id, c=press.channel_id, t=press.thread_ts,
                        v=current.version if current else None)
        view = answer_modal(question, meta, initial_of(current.value if current else None), process.language,
                            outcomes_of(service, process, actor, question.type))
        client.views_open(trigger_id=press.trigger_id, view=view)

    def ack_only(ack: Ack) -> None:
        ack()

    def send_guidance(body: dict, client: WebClient) -> None:
        guidance.on_click(deps, body, client)  # at once, or "förbereds, klar om ungefär N s" then passages

    def move(ack: Ack, body: dict, client: WebClient) -> None:
        """Hoppa över / Tillbaka act on the question (or gate) the button belongs to."""
        ack()
        press = ButtonIn.parse(body)
        process = deps.process_by_id(press.process_id)
        actor = slack_actor(press.user_id)
        back = press.action_id != c.SKIP
        here = press.question_id
        confirming = conversation.confirming(process, actor, asked=back)  # a skip's rows go with the skip
        if back and not here and press.step:  # Tillbaka on a gate: the step's last question
            here = service.flow_of(process).step(press.step).questions()[-1].id
            result = service.act(process=process, actor=actor, event=Edit(here), then=confirming)
        else:
            if here:  # from the question the button belongs to, wherever the shared cursor is
                service.act(process=process, actor=actor, event=Edit(here))
            result = service.act(process=process, actor=actor, event=Back() if back else Skip(), then=confirming)
        conversation.show_result(client, process, actor, result, Where(press.channel_id, press.thread_ts),
                                 asked=back, confirming=confirming)

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
        """Fortsätt: on a step's parent message, that step's next question; in App Home, the team's."""
        ack()
        press = ButtonIn.parse(body)
        process = deps.process_by_id(press.process_id)
        actor = slack_actor(press.user_id)
        result = service.act(process=process, actor=actor, event=GoTo(press.step) if press.step else Continue())
        conversation.show_prompt(client, process, actor, result.prompt, asked=True)

    def save_draft(ack: Ack, body: dict, client: WebClient) -> None:
        """Spara som svar: the thread reply, kept whole, stored as the answer to the question it was offered
        for (not whatever is current now). Once: a second click is told it was handled."""
        ack()
        press = ButtonIn.parse(body)
        process = deps.process_by_id(press.process_id)
        lang = deps.context(press.user_id, process=process).language  # what it says is for the author alone
        draft = conversation.state.draft(press.draft_id)
        mine = draft is not None and draft.user_id == press.user_id
        if draft is None or not mine or draft.status not in DRAFT_OPEN:
            tell(client, press, st("draft_done" if mine or draft is None else "draft_not_yours", lang))
            return
        actor = slack_actor(press.user_id, via="slack_thread")
        origin = f"message:{draft.channel_id}:{draft.question_ts or draft.thread_ts}"  # the message replied under
        claim = conversation.state.saving(draft.id)  # in the answer's transaction: saved and marked, or neither
        confirming = conversation.confirming(process, actor)  # its outbox rows are stored with the answer
        try:
            result = service.act(process=process, actor=actor, origin=origin, claim=claim, then=confirming,
                                 event=Answer(draft.text, question_id=draft.question_id))
        except AlreadyHandled:  # a second click, or another replica, was first
            tell(client, press, st("draft_done", lang))
            return
        # Problems (e.g. not one of a choice's options) are said below; the offer stays open.
        conversation.show_result(client, process, actor, result, Where(draft.channel_id, draft.thread_ts),
                                 confirming=confirming)
        if not result.problems:
            remove_offer(body)

    def discard_draft(ack: Ack, body: dict, client: WebClient) -> None:
        """Nej, det var diskussion: the reply stays in the thread as talk; nothing is stored as an answer."""
        ack()
        press = ButtonIn.parse(body)
        process = deps.process_by_id(press.process_id)
        conversation.state.discard_draft(press.draft_id, press.user_id)
        if not remove_offer(body):
            tell(client, press, st("draft_discussion", deps.context(press.user_id, process=process).language))

    def tell(client: WebClient, press: ButtonIn, text: str) -> None:
        client.chat_postEphemeral(channel=press.channel_id, user=press.user_id, thread_ts=press.thread_ts,
                                  text=text, blocks=[section(text)])

    def remove_offer(body: dict) -> bool:
        """Delete the ephemeral offer through its response_url (real Slack gives one); False without."""
        url = body.get("response_url")
        if not url:
            return False
        WebhookClient(url).send_dict({"delete_original": True})
        return True

    app.action(c.ANSWER)(deps.guard(open_answer))
    app.action(c.GUIDANCE)(ack=deps.guard(ack_only), lazy=[deps.guard_quick(send_guidance)])
    app.action(c.SKIP)(deps.guard(move))
    app.action(c.BACK)(deps.guard(move))
    app.action(c.SHOW_ALL)(deps.guard(show_all))
    app.action(c.DECIDE)(deps.guard(open_decide))
    app.action(c.CONTINUE)(deps.guard(resume))
    app.action(c.SAVE_DRAFT)(deps.guard(save_draft))
    app.action(c.DISCARD_DRAFT)(deps.guard(discard_draft))
