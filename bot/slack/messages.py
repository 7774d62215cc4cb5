"""Pure builders of the process's messages: step parent, question, gate, confirmations, passages, status."""

from __future__ import annotations

import coachtext
from bot.i18n import t
from bot.render_text import format_answer
from bot.service import Status, StepLine
from bot.slack import constants as c
from bot.slack.blocks import (
    Block,
    actions,
    bullet_lines,
    button,
    chunks,
    clip,
    context,
    divider,
    escape,
    fit_message,
    section,
    user_text,
)
from bot.slack.texts import role_name, st
from flows.answers import ANSWER_TYPES, ChoiceAnswer, ListAnswer, TextAnswer
from flows.schema import Flow, Question
from flows.state import Prompt, UnmetCriterion, status_label
from guidance_corpus.base import Passage

REPLYABLE = (TextAnswer, ListAnswer, ChoiceAnswer)
PASSAGE_CHARS = 600


def button_value(process_id: int, question_id: str | None = None, step: int | None = None) -> dict:
    value: dict = {"p": process_id}
    if question_id:
        value["q"] = question_id
    if step is not None:
        value["s"] = step
    return value


def unmet_lines(unmet: tuple[str, ...] | list[str], lang: str = "sv", shown: int = 5) -> str:
    lines = [f"• {escape(u)}" for u in unmet[:shown]]
    if len(unmet) > shown:
        lines.append(st("gate_more", lang, k=len(unmet) - shown))
    return "\n".join(lines)


def gap_lines(gaps: tuple[UnmetCriterion, ...], lang: str = "sv", shown: int = 3) -> str:
    """Unmet criteria, each one line with ✗ and what is missing in short: «✗ Kärnfrågorna … är besvarade –
    7 obesvarade, t.ex. «…»», never every detail (the criterion's text reads as met without its ✗)."""
    lines = []
    for gap in gaps[:shown]:
        line = f"✗ {escape(gap.text.rstrip('.'))}"
        prefix = coachtext.t("engine.unanswered", lang, question="")  # «obesvarad: »
        questions = [d.removeprefix(prefix) for d in gap.details if d.startswith(prefix)]
        if questions and len(questions) == len(gap.details):
            line += " – " + st("gap_unanswered", lang, k=len(questions), first=clip(escape(questions[0]), 70)[0])
        elif gap.details:
            line += " – " + clip(escape(gap.details[0]), 110)[0]
            if len(gap.details) > 1:
                line += " " + st("gap_more_details", lang, k=len(gap.details) - 1)
        lines.append(line)
    if len(gaps) > shown:
        lines.append(st("gate_more", lang, k=len(gaps) - shown))
    return "\n".join(lines)


def step_parent(flow: Flow, line: StepLine, lang: str = "sv", process_id: int | None = None,
                next_q: Question | None = None) -> tuple[str, list[Block]]:
    """The parent message of a step's thread, short (under 600 visible characters): the step, its progress,
    gate readiness as ✓/✗ counts of criteria, the step's next question and a Fortsätt button."""
    title = st("step_parent", lang, n=line.number, total=len(flow.steps), title=escape(line.title))
    progress = st("progress", lang, answered=line.answered, total_q=line.total,
                  status=status_label(line.status, lang))
    criteria = max(len(flow.step(line.number).gate.criteria), len(line.unmet))
    gate = (st("gate_decided", lang) if line.status == "beslutad" else
            st("parent_gate", lang, met=criteria - len(line.unmet), unmet=len(line.unmet), total=criteria))
    blocks = [section(title), context(progress + "\n" + gate)]
    if next_q is not None and line.status != "beslutad":
        blocks.append(context(st("parent_next", lang, text=clip(escape(next_q.text.get(lang)), 160)[0])))
    blocks.append(context(st("thread_hint", lang)))
    if process_id is not None and line.status != "beslutad":
        blocks.append(actions(button(st("btn_continue", lang), c.CONTINUE, button_value(process_id, step=line.number))))
    return st("step_fallback", lang, n=line.number, title=line.title, progress=progress), blocks


def question_message(flow: Flow, prompt: Prompt, process_id: int, lang: str = "sv") -> tuple[str, list[Block]]:
    """A question inside its step thread, with Svara / Vägledning / Hoppa över / Tillbaka."""
    if prompt.kind != "question":
        return gate_message(flow, prompt, process_id, lang)
    q, step = prompt.question, prompt.step
    optional = "" if q.required else " " + st("optional", lang)
    blocks: list[Block] = [context(st("question_head", lang, n=step.number, pos=prompt.position, total=prompt.total)),
                           section("*" + escape(q.text.get(lang)) + "*" + optional)]
    if q.help:
        blocks.append(context(escape(q.help.get(lang))))
    doc = flow.document(q.source.doc)
    blocks.append(context(st("source", lang, title=escape(doc.title if doc else q.source.doc),
                             locator=escape(q.source.locator))))
    model = ANSWER_TYPES[q.type]
    if model is ChoiceAnswer and q.options:
        blocks.append(section("\n".join(f"{i}. {escape(o.label.get(lang))}" for i, o in enumerate(q.options, 1))))
    if prompt.current is not None:
        blocks.extend(current_answer(prompt, process_id, lang))
    value = button_value(process_id, q.id)
    blocks.append(actions(button(st("btn_answer", lang), c.ANSWER, value, style="primary"),
                          button(st("btn_guidance", lang), c.GUIDANCE, value),
                          button(st("btn_skip", lang), c.SKIP, value),
                          button(st("btn_back", lang), c.BACK, value), block_id=f"q:{q.id}"))
    hint = ("reply_hint" if model in (TextAnswer, ChoiceAnswer) else
            "reply_list_hint" if model is ListAnswer else "form_hint")
    blocks.append(context(st(hint, lang)))
    return q.text.get(lang), fit_message(blocks, lang)


def current_answer(prompt: Prompt, process_id: int, lang: str = "sv") -> list[Block]:
    current = prompt.current
    if current.skipped:
        return [context(st("skipped_before", lang))]
    shown, cut = user_text(format_answer(current.value, lang, prompt.question), limit=1500)
    value = button_value(process_id, prompt.question.id)
    accessory = button(st("btn_show_all", lang), c.SHOW_ALL, value) if cut else None
    return [section(st("current", lang, version=current.version) + "\n" + shown, accessory)]


def gate_message(flow: Flow, prompt: Prompt, process_id: int, lang: str = "sv") -> tuple[str, list[Block]]:
    if prompt.kind == "done":
        return st("done", lang), [section(st("done", lang))]
    step = prompt.step
    gate = step.gate
    blocks = [section(st("gate_head", lang, n=step.number, title=escape(gate.title.get(lang)))),
              section(st("gate_decision", lang, text=escape(gate.decision.get(lang))))]
    if prompt.gate and prompt.gate.ready:
        blocks.append(section(st("gate_ready", lang)))
    elif prompt.gate:
        blocks.append(section(st("gate_missing", lang) + "\n" + gap_lines(prompt.gate.unmet, lang, shown=5)))
    blocks.append(context(st("gate_who_decides", lang, n=step.number)))  # the decide button: coordinators only
    blocks.append(actions(button(st("btn_back", lang), c.BACK, button_value(process_id, step=step.number))))
    return gate.title.get(lang), blocks


def problems_blocks(problems, lang: str = "sv") -> list[Block]:
    return [section(st("problems", lang) + "\n" + bullet_lines([str(p) for p in problems]))]


def passages_blocks(head: str, passages: list[Passage], lang: str = "sv") -> list[Block]:
    if not passages:
        return [section(head), context(st("no_guidance", lang))]
    blocks: list[Block] = [section(head)]
    for index, passage in enumerate(passages, start=1):
        text, _ = user_text(" ".join(passage.text.split()), limit=PASSAGE_CHARS)
        blocks.append(section(f"{index}. «{text}»"))
        blocks.append(context("— " + escape(passage.citation)))
    return fit_message(blocks, lang)


def status_blocks(status: Status, lang: str = "sv") -> list[Block]:
    blocks: list[Block] = [section(st("status_head", lang, name=escape(status.process.name),
                                                 role=role_name(status.role, lang))),
                           divider()]
    for line in status.steps:
        label = status_label(line.status, lang)
        text = (f"*{line.number}. {escape(line.title)}* – {label}, "
                + st("status_counts", lang, answered=line.answered, total=line.total))
        if line.skipped:
            text += ", " + st("status_skipped", lang, k=line.skipped)
        if line.status in ("pagar", "redo_for_beslut") and line.gaps:
            text += "\n" + st("gate_missing", lang) + "\n" + gap_lines(line.gaps, lang)
        blocks.append(section(text))
    if status.findings:  # inconsistencies across steps: the item, what to do, where
        shown = status.findings[:5]
        lines = [f"• {escape(f.message(lang))} {escape(f.action(lang))} ({t(lang, 'finding_where', step=f.step)})"
                 for f in shown]
        if len(status.findings) > len(shown):
            lines.append(t(lang, "and_more", n=len(status.findings) - len(shown)))
        blocks.append(section("*" + t(lang, "findings_title", n=len(status.findings)) + "*\n"
                              + clip("\n".join(lines), 2800)[0]))
    prompt = status.prompt  # the next question: the same `fortsätt`, the parent and App Home name
    if prompt.kind == "question":
        blocks.append(context(st("home_next", lang, text=escape(prompt.question.text.get(lang)))))
    elif prompt.kind == "gate":
        blocks.append(context(st("status_next_gate", lang, n=prompt.step.number)))
    return fit_message(blocks, lang)


def members_blocks(name: str, members: list[tuple[str, str, str]], lang: str = "sv") -> list[Block]:
    lines = [f"<@{user_id}> – {role_name(role, lang)}" for user_id, _display, role in members]
    return [section(st("members_head", lang, name=escape(name)) + "\n" + "\n".join(lines[:60]))]


def underlag_blocks(user_id: str, step: int, brief: str, unmet: list[str], lang: str = "sv",
                    decided: bool = False) -> tuple[str, list[Block]]:
    """Beside the uploaded underlag in the step's thread: who made it, readiness and the decision to take
    (`brief` is mrkdwn with user text already escaped), what is missing, and how to decide."""
    head = st("underlag_posted", lang, user=user_id, n=step)
    blocks = [section(head), section(brief.strip())]
    if unmet:
        blocks.append(section(st("gate_missing", lang) + "\n" + unmet_lines(unmet, lang, shown=8)))
    if not decided:
        blocks.append(context(st("underlag_next", lang, n=step)))
    return head, blocks


def summary_blocks(summary: str, since: str | None = None, lang: str = "sv") -> tuple[str, list[Block]]:
    """A step summary (mrkdwn, user text already escaped) in section-sized pieces."""
    blocks: list[Block] = [section(piece) for piece in chunks(summary.strip())]
    if since:
        blocks.append(context(st("summary_since", lang, when=since)))
    first = summary.strip().splitlines()[0] if summary.strip() else ""
    return first.strip("*"), fit_message(blocks, lang)


def decision_blocks(user_id: str, step: int, forum: str, date: str, text: str, unmet: tuple[str, ...] = (),
                    lang: str = "sv") -> tuple[str, list[Block]]:
    """The decision as recorded, posted in the step's thread for everyone."""
    head = st("decided_post", lang, user=user_id, n=step, forum=escape(forum), date=date)
    shown, _ = user_text(text, limit=2500)
    blocks = [section(head + "\n>" + shown.replace("\n", "\n>"))]
    if unmet:
        blocks.append(context(st("decided_unmet_post", lang, k=len(unmet)) + "\n" + unmet_lines(list(unmet), lang)))
    return head, blocks
