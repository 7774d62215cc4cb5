"""Blocks of a step thread's conversation: a question once answered (updated in place), and the private
offers — «Spara som svar på …?» under a reply, Svara for a form, Registrera beslut for coordinators."""

from __future__ import annotations

from bot.render_text import format_answer
from bot.slack import constants as c
from bot.slack.blocks import (
    Block,
    actions,
    bullet_lines,
    button,
    clip,
    context,
    escape,
    fit_message,
    section,
    user_text,
)
from bot.slack.messages import button_value
from bot.slack.texts import st
from flows.schema import Flow, Question
from flows.state import StoredAnswer


def _head(flow: Flow, question: Question, lang: str) -> Block:
    step = flow.step_of(question.id)
    ids = [q.id for q in step.questions()]
    return context(st("question_head", lang, n=step.number, pos=ids.index(question.id) + 1, total=len(ids)))


def answered_message(flow: Flow, question: Question, stored: StoredAnswer, user_id: str, process_id: int,
                     lang: str = "sv", notices: tuple[str, ...] = ()) -> tuple[str, list[Block]]:
    """A question message once answered (or skipped), updated in place: the question, the answer with its
    version and author, and Ändra / Vägledning (a skipped question keeps Svara)."""
    title = escape(question.text.get(lang))
    short = title if len(title) <= 120 else title[:117] + "…"
    blocks: list[Block] = [_head(flow, question, lang), section("*" + title + "*")]
    value = button_value(process_id, question.id)
    if stored.skipped:
        text = st("skipped", lang, user=user_id, question=short)
        blocks.append(section(st("skipped_by", lang, user=user_id)))
        first = button(st("btn_answer", lang), c.ANSWER, value, style="primary")
    else:
        text = st("saved", lang, user=user_id, question=short, version=stored.version)
        shown, cut = user_text(format_answer(stored.value, lang, question), limit=1500)
        accessory = button(st("btn_show_all", lang), c.SHOW_ALL, value) if cut else None
        blocks.append(section(st("answered_by", lang, version=stored.version, user=user_id) + "\n" + shown,
                              accessory))
        first = button(st("btn_edit_answer", lang), c.ANSWER, value)
    if notices:
        blocks.append(context(bullet_lines(list(notices), limit=1900)))
    blocks.append(actions(first, button(st("btn_guidance", lang), c.GUIDANCE, value), block_id=f"q:{question.id}"))
    return text, fit_message(blocks, lang)


def draft_offer(question: Question, draft_id: int, process_id: int, text: str,
                lang: str = "sv") -> tuple[str, list[Block]]:
    """The ephemeral «Spara som svar på …?» under a person's thread reply, for its author only."""
    head = st("draft_offer", lang, question=clip(escape(question.text.get(lang)), 200)[0])
    preview, _ = user_text(" ".join(text.split()), limit=300)
    value = {"p": process_id, "d": draft_id}
    return head, [section(head), context(st("draft_preview", lang, k=len(text), preview=preview)),
                  actions(button(st("btn_save_draft", lang), c.SAVE_DRAFT, value, style="primary"),
                          button(st("btn_discard_draft", lang), c.DISCARD_DRAFT, value),
                          block_id=f"draft:{draft_id}")]


def form_offer(question: Question, process_id: int, lang: str = "sv") -> tuple[str, list[Block]]:
    """A thread reply while the step's next question needs a form: Svara opens it."""
    text = st("draft_form_offer", lang, question=clip(escape(question.text.get(lang)), 200)[0])
    return text, [section(text), actions(button(st("btn_answer", lang), c.ANSWER, button_value(process_id, question.id),
                                                style="primary"))]


def edit_offer(flow: Flow, question: Question, process_id: int, stored: StoredAnswer | None,
               lang: str = "sv") -> tuple[str, list[Block]]:
    """«ändra <id>» in a thread, to its writer only: the question and the button opening its form."""
    title = clip(escape(question.text.get(lang)), 200)[0]
    if stored is not None and not stored.skipped:
        text, label = st("edit_offer_answered", lang, question=title, version=stored.version), "btn_edit_answer"
    else:
        text, label = st("edit_offer_open", lang, question=title), "btn_answer"
    return text, [_head(flow, question, lang), section(text),
                  actions(button(st(label, lang), c.ANSWER, button_value(process_id, question.id), style="primary"))]


def decide_offer(step: int, process_id: int, lang: str = "sv") -> tuple[str, list[Block]]:
    """Coordinators only, ephemeral: the Registrera beslut button (members never see it)."""
    text = st("gate_decide_private", lang, n=step)
    return text, [section(text), actions(button(st("btn_decide", lang), c.DECIDE, button_value(process_id, step=step),
                                                style="primary"))]
