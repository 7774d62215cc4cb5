"""Buttons: Svara (modal), Vägledning (ephemeral passages, lazily), Hoppa över, Tillbaka, Visa allt, Beslut,
Fortsätt, and Spara som svar / Nej, det var diskussion under a thread reply.

Each button is a named listener (a method of `Buttons`, which holds the app's Deps). Each resolves the
request's context once at its top (bot.slack.context: who, which process, their language) and hands it
down: what only the presser sees (a modal, an ephemeral) is in their language, the step thread in the
process's."""

from __future__ import annotations

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.webhook import WebhookClient

from bot.errors import AlreadyHandled
from bot.render_text import format_answer
from bot.slack import constants as c
from bot.slack import guidance
from bot.slack.blocks import section
from bot.slack.context import RequestContext
from bot.slack.conversation import Where
from bot.slack.deps import Deps
from bot.slack.gates import open_decision
from bot.slack.modals import answer_modal, full_text_modal, initial_of
from bot.slack.models import ButtonIn, ViewMeta
from bot.slack.outcomes import outcomes_of
from bot.slack.texts import st
from bot.slack_state import DRAFT_OPEN
from flows.state import Answer, Back, Continue, Edit, GoTo, Skip


class Buttons:
    """The button listeners over the app's Deps; `register` wires them."""

    def __init__(self, deps: Deps) -> None:
        self.deps = deps
        self.service, self.conversation = deps.service, deps.conversation

    def _press(self, body: dict, via: str = "slack_thread") -> tuple[ButtonIn, RequestContext]:
        """The press and its context: the presser, the process the button names, their language."""
        press = ButtonIn.parse(body)
        process = self.deps.process_by_id(press.process_id)
        return press, self.deps.context(press.user_id, process=process, via=via)

    def open_answer(self, ack: Ack, body: dict, client: WebClient) -> None:
        """Open the modal at once (trigger_id lives 3 s), prefilled with the current answer if any, in the
        presser's language (the modal records it: its submission answers in it)."""
        ack()
        press, context = self._press(body, via="slack_modal")
        process, actor = context.process, context.actor
        question = self.service.flow_of(process).question(press.question_id)
        current = self.service.state(process=process, actor=actor).answers.get(question.id)
        meta = ViewMeta(p=process.id, q=question.id, c=press.channel_id, t=press.thread_ts,
                        v=current.version if current else None)
        view = answer_modal(question, meta, initial_of(current.value if current else None), context.language,
                            outcomes_of(self.service, process, actor, question.type))
        client.views_open(trigger_id=press.trigger_id, view=view)

    def ack_only(self, ack: Ack) -> None:
        ack()

    def send_guidance(self, body: dict, client: WebClient) -> None:
        guidance.on_click(self.deps, body, client)  # at once, or "förbereds, klar om ungefär N s" then passages

    def move(self, ack: Ack, body: dict, client: WebClient) -> None:
        """Hoppa över / Tillbaka act on the question (or gate) the button belongs to."""
        ack()
        press, context = self._press(body)
        process, actor = context.process, context.actor
        back = press.action_id != c.SKIP
        here = press.question_id
        confirming = self.conversation.confirming(process, actor, asked=back)  # a skip's rows go with the skip
        if back and not here and press.step:  # Tillbaka on a gate: the step's last question
            here = self.service.flow_of(process).step(press.step).questions()[-1].id
            result = self.service.act(process=process, actor=actor, event=Edit(here), then=confirming,
                                      reader_language=context.language)
        else:
            if here:  # from the question the button belongs to, wherever the shared cursor is
                self.service.act(process=process, actor=actor, event=Edit(here))
            result = self.service.act(process=process, actor=actor, event=Back() if back else Skip(),
                                      then=confirming, reader_language=context.language)
        self.conversation.show_result(client, process, actor, result, Where(press.channel_id, press.thread_ts),
                                      asked=back, confirming=confirming, reader=context.language)

    def show_all(self, ack: Ack, body: dict, client: WebClient) -> None:
        """Visa allt: the whole answer in a modal, in the presser's language."""
        ack()
        press, context = self._press(body)
        process, lang = context.process, context.language
        state = self.service.state(process=process, actor=context.actor)
        question = self.service.flow_of(process).question(press.question_id)
        stored = state.answers.get(question.id)
        text = format_answer(stored.value if stored else None, lang, question)
        client.views_open(trigger_id=press.trigger_id, view=full_text_modal(question.text.get(lang), text, lang))

    def open_decide(self, ack: Ack, body: dict, client: WebClient) -> None:
        ack()
        press, context = self._press(body)
        open_decision(self.deps, client, press.trigger_id, context, press.step, press.channel_id)

    def resume(self, ack: Ack, body: dict, client: WebClient) -> None:
        """Fortsätt: on a step's parent message, that step's next question; in App Home, the team's."""
        ack()
        press, context = self._press(body)
        process, actor = context.process, context.actor
        result = self.service.act(process=process, actor=actor,
                                  event=GoTo(press.step) if press.step else Continue())
        self.conversation.show_prompt(client, process, actor, result.prompt, asked=True)

    def save_draft(self, ack: Ack, body: dict, client: WebClient) -> None:
        """Spara som svar: the thread reply, kept whole, stored as the answer to the question it was offered
        for (not whatever is current now). Once: a second click is told it was handled."""
        ack()
        press, context = self._press(body)
        process, actor, lang = context.process, context.actor, context.language  # what it says: the author's
        state = self.conversation.state
        draft = state.draft(press.draft_id)
        mine = draft is not None and draft.user_id == press.user_id
        if draft is None or not mine or draft.status not in DRAFT_OPEN:
            tell(client, press, st("draft_done" if mine or draft is None else "draft_not_yours", lang))
            return
        origin = f"message:{draft.channel_id}:{draft.question_ts or draft.thread_ts}"  # the message replied under
        claim = state.saving(draft.id)  # in the answer's transaction: saved and marked, or neither
        confirming = self.conversation.confirming(process, actor)  # its outbox rows are stored with the answer
        try:
            result = self.service.act(process=process, actor=actor, origin=origin, claim=claim, then=confirming,
                                      event=Answer(draft.text, question_id=draft.question_id), reader_language=lang)
        except AlreadyHandled:  # a second click, or another replica, was first
            tell(client, press, st("draft_done", lang))
            return
        # Problems (e.g. not one of a choice's options) are said below; the offer stays open.
        self.conversation.show_result(client, process, actor, result, Where(draft.channel_id, draft.thread_ts),
                                      confirming=confirming, reader=lang)
        if not result.problems:
            remove_offer(body)

    def discard_draft(self, ack: Ack, body: dict, client: WebClient) -> None:
        """Nej, det var diskussion: the reply stays in the thread as talk; nothing is stored as an answer."""
        ack()
        press, context = self._press(body)
        self.conversation.state.discard_draft(press.draft_id, press.user_id)
        if not remove_offer(body):
            tell(client, press, st("draft_discussion", context.language))


def tell(client: WebClient, press: ButtonIn, text: str) -> None:
    """An ephemeral to the presser, where the button was."""
    client.chat_postEphemeral(channel=press.channel_id, user=press.user_id, thread_ts=press.thread_ts,
                              text=text, blocks=[section(text)])


def remove_offer(body: dict) -> bool:
    """Delete the ephemeral offer through its response_url (real Slack gives one); False without."""
    url = body.get("response_url")
    if not url:
        return False
    WebhookClient(url).send_dict({"delete_original": True})
    return True


def register(app: App, deps: Deps) -> None:
    buttons = Buttons(deps)
    app.action(c.ANSWER)(deps.guard(buttons.open_answer))
    app.action(c.GUIDANCE)(ack=deps.guard(buttons.ack_only), lazy=[deps.guard_quick(buttons.send_guidance)])
    for action_id in (c.SKIP, c.BACK):
        app.action(action_id)(deps.guard(buttons.move))
    app.action(c.SHOW_ALL)(deps.guard(buttons.show_all))
    app.action(c.DECIDE)(deps.guard(buttons.open_decide))
    app.action(c.CONTINUE)(deps.guard(buttons.resume))
    app.action(c.SAVE_DRAFT)(deps.guard(buttons.save_draft))
    app.action(c.DISCARD_DRAFT)(deps.guard(buttons.discard_draft))
