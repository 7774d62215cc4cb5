"""Modals: one builder per answer type (within 100 blocks, one view — rows are added with views.update)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

import coachtext
from bot.forms import label
from bot.slack import constants as c
from bot.slack.blocks import Block, actions, button, chunks, context, escape, plain, section
from bot.slack.fields import (
    checkboxes_element,
    flags_block,
    input_block,
    kind,
    option,
    option_text,
    row_model,
    select_element,
)
from bot.slack.inputs import field_blocks, parent_block
from bot.slack.messages import unmet_lines
from bot.slack.models import ViewMeta
from bot.slack.texts import st
from flows.answers import ANSWER_TYPES, DEFAULT_PERSPECTIVES, EFFECT_LINKS, AnswerModel, GateDecision
from flows.schema import Question

RATING_VALUES = ("+", "0", "-")
# the catalogue's `slack.perspective.<name>` of DEFAULT_PERSPECTIVES, in order (glossed in English)
PERSPECTIVE_KEYS = ("economy", "staff", "results", "gender_equality", "health", "social")


@dataclass(frozen=True)
class Form:
    """What a builder needs besides the answer: the language, the process's outcomes (for a linked
    outcome) and which row fields may lose rows (a remove button per row)."""

    lang: str = "sv"
    outcomes: tuple[str, ...] = ()
    removable: frozenset[str] = frozenset()


Builder = Callable[[type[BaseModel], Question, dict[str, Any], dict[str, int], Form], list[Block]]


def _row_blocks(model: type[BaseModel], path: str, initial: dict[str, Any], form: Form,
                parents: list[str] = (), required: bool = False) -> list[Block]:
    """One row's inputs; `required`: the row must be filled (the first row of a list the answer needs), so
    Slack marks the row model's required fields as such instead of «(valfri)»."""
    blocks: list[Block] = []
    lang = form.lang
    for name, field in model.model_fields.items():
        others = [p for p in parents if p != initial.get("text")]
        if name == "under":  # the problem tree: under which other consequence/cause (a choice, even of none)
            blocks.append(parent_block(f"{path}{name}", label(field, lang), others, initial.get(name), lang))
        elif kind(field) == "dict":  # consequence ratings: one select per perspective
            ratings = initial.get(name) or {}
            for index, perspective in enumerate(DEFAULT_PERSPECTIVES):
                title = coachtext.t(f"slack.perspective.{PERSPECTIVE_KEYS[index]}", lang)
                blocks.append(input_block(f"{path}{name}.{index}", title,
                                          select_element(RATING_VALUES, ratings.get(perspective), lang=lang)))
        elif kind(field) != "flag":
            blocks.extend(field_blocks(path, name, field, initial.get(name), required=required and field.is_required(),
                                       lang=lang, outcomes=list(form.outcomes)))
    flags = flags_block(path, model, initial, lang)
    return blocks + ([flags] if flags else [])


def _needed(model: type[BaseModel], lang: str) -> str:
    """The row model's required fields by name («Insats, Preventionsnivå»): what a row that is used needs."""
    return ", ".join(label(f, lang) for f in model.model_fields.values() if f.is_required() and kind(f) != "flag")


def _rows(name: str, field, initial: dict[str, Any], rows: dict[str, int], form: Form,
          needed_first: bool = False) -> list[Block]:
    model = row_model(field)
    needed = _needed(model, form.lang)
    existing = initial.get(name) or []
    count = rows[name] if name in rows else max(len(existing), 1)  # may show fewer rows than stored
    title = label(field, form.lang)
    blocks: list[Block] = []
    for index in range(count):
        row = existing[index] if index < len(existing) else {}
        first = needed_first and index == 0 and field.is_required()  # the answer needs this row
        head = st("row_label", form.lang, title=escape(title), n=index + 1)
        if needed and not first:  # Slack shows every field of an optional row as «(valfri)»
            head += st("row_needs", form.lang, fields=escape(needed))
        remove = (button(st("btn_remove_row", form.lang), c.REMOVE_ROW, f"{name}.{index}")
                  if name in form.removable else None)
        blocks.append(section(head, remove) if remove else context(head))
        parents = [r.get("text") for r in existing if isinstance(r, dict) and r.get("text")]
        blocks.extend(_row_blocks(model, f"{name}.{index}.", row, form, parents, required=first))
    return blocks


def generic(model: type[BaseModel], question: Question, initial: dict[str, Any], rows: dict[str, int],
            form: Form, special: dict[str, Callable[..., list[Block]]] | None = None) -> list[Block]:
    """Every field of `model` in order; row lists repeat their row model `rows[name]` times."""
    blocks: list[Block] = []
    for name, field in model.model_fields.items():
        if special and name in special:
            blocks.extend(special[name](question, initial, form.lang))
        elif name == "perspectives":
            continue  # the guide's six perspectives are used as they are
        elif kind(field) == "rows":
            blocks.extend(_rows(name, field, initial, rows, form, needed_first=question.required))
        elif kind(field) != "flag":
            blocks.extend(field_blocks("", name, field, initial.get(name), required=field.is_required(),
                                       lang=form.lang, outcomes=list(form.outcomes)))
    flags = flags_block("", model, initial, form.lang)
    return blocks + ([flags] if flags else [])


def _checklist(question: Question, initial: dict[str, Any], lang: str) -> list[Block]:
    given = {a.get("item"): a.get("answer") for a in initial.get("answers") or []}
    blocks: list[Block] = []
    for item in question.items:
        known = coachtext.has(f"slack.gap_group.{item.group}")  # the checklist's groups (flow YAML, Swedish only)
        group = coachtext.t(f"slack.gap_group.{item.group}", lang) if known else item.group
        title = ("[" + group + "] " if group else "") + item.text.get(lang)
        blocks.extend(field_blocks("answers.", item.id, GapAnswerField, given.get(item.id), required=False,
                                   lang=lang, title=title))
    return blocks


def _links(question: Question, initial: dict[str, Any], lang: str) -> list[Block]:
    given = {link.get("link"): link for link in initial.get("links") or []}
    blocks: list[Block] = []
    for kind_ in EFFECT_LINKS:
        link = given.get(kind_, {})
        blocks.extend(field_blocks(f"links.{kind_}.", "assumption", LinkFields["assumption"], link.get("assumption"),
                                   required=False, lang=lang, title=option_text(kind_, lang)))
        blocks.extend(field_blocks(f"links.{kind_}.", "threats", LinkFields["threats"], link.get("threats"),
                                   required=False, lang=lang))
    return blocks


from flows.answers import EffectLink, GapCheckAnswer  # noqa: E402  (fields used by the special builders)

GapAnswerField = GapCheckAnswer.model_fields["answer"]
LinkFields = EffectLink.model_fields


def _choice(model, question: Question, initial: dict[str, Any], rows, form: Form) -> list[Block]:
    lang = form.lang
    labels = {o.value: o.label.get(lang) for o in question.options}
    choice = input_block("choice", st("choice_label", lang),
                         select_element(tuple(labels), initial.get("choice"), labels), optional=False)
    comment = field_blocks("", "comment", model.model_fields["comment"], initial.get("comment"), required=False,
                           lang=lang)
    return [choice, *comment]


BUILDERS: dict[str, Builder] = {
    "text": generic,
    "list": generic,
    "choice": _choice,
    "problem_tree": generic,
    "outcomes": generic,
    "smart_indicators": generic,
    "effect_logic": lambda m, q, i, r, f: generic(m, q, i, r, f, {"links": _links}),
    "intervention_mapping": generic,
    "gap_checklist": lambda m, q, i, r, f: generic(m, q, i, r, f, {"answers": _checklist}),
    "risk_matrix": generic,
    "consequence_analysis": generic,
    "abcde_report": generic,
    "gate_decision": generic,
    "implementation_plan": generic,
    "follow_up_plan": generic,
}


def row_fields(model: type[BaseModel], question: Question) -> list[str]:
    special = {"gap_checklist": {"answers"}, "effect_logic": {"links"}}.get(question.type, set())
    return [n for n, f in model.model_fields.items() if kind(f) == "rows" and n not in special]


def _fit_rows(build: Callable[[dict[str, int]], list[Block]], rows: dict[str, int], stored: dict[str, int],
              room: int) -> tuple[dict[str, int], list[Block]]:
    """Rows per row field such that the form fits in `room` blocks: blank rows go first, then stored rows
    from the end (the caller keeps those it could not show)."""
    form = build(rows)
    for floor in (lambda name: max(stored[name], 1), lambda name: 1):
        while len(form) > room and any(rows[n] > floor(n) for n in rows):
            widest = max((n for n in rows if rows[n] > floor(n)), key=lambda n: rows[n])
            rows[widest] -= 1
            form = build(rows)
    return rows, form


def answer_modal(question: Question, meta: ViewMeta, initial: dict[str, Any] | None,
                 lang: str = "sv", outcomes: list[str] | tuple[str, ...] = ()) -> dict[str, Any]:
    """The answer's modal in one view. A stored answer with more rows than fit shows its first rows;
    `meta.h` records how many stored rows of each field were shown, so a submission keeps the rest.
    `outcomes` (the process's utfall) make a linked outcome a choice among them."""
    model = ANSWER_TYPES[question.type]
    initial = initial or {}
    intro = [section("*" + escape(question.text.get(lang)) + "*")]
    if question.help:
        intro.append(context(escape(question.help.get(lang))))
    adders = row_fields(model, question)
    stored = {name: len(initial.get(name) or []) for name in adders}
    wanted = {name: max(meta.rows.get(name, 0), stored[name], 1) for name in adders}
    room = c.MAX_MODAL_BLOCKS - len(intro) - 2  # one for the add-row buttons, one for a note on hidden rows
    hidden_before = set(meta.h)
    removable = frozenset(n for n in adders if n not in hidden_before)
    settings = Form(lang, tuple(outcomes), removable)
    rows, form = _fit_rows(lambda r: BUILDERS[question.type](model, question, initial, r, settings), wanted, stored,
                           room)
    hidden = {name: rows[name] for name in adders if rows[name] < stored[name]}
    if set(hidden) - hidden_before:  # rows hidden now: no remove buttons on those fields (rows would shift)
        settings = Form(lang, tuple(outcomes), removable - set(hidden))
        form = BUILDERS[question.type](model, question, initial, rows, settings)
    if hidden:
        meta = meta.model_copy(update={"h": {**meta.h, **hidden}})
    lines = [st("rows_hidden", lang, field=escape(label(model.model_fields[name], lang)), shown=shown)
             for name, shown in meta.h.items() if name in model.model_fields]
    notes = [context("\n".join(lines))] if lines else []
    room = c.MAX_MODAL_BLOCKS - len(intro) - len(form) - len(notes) - 1
    buttons = []
    for name in adders:
        if name in meta.h:
            continue  # rows the modal cannot show follow the shown ones: a new row would land among them
        per_row = len(_row_blocks(row_model(model.model_fields[name]), f"{name}.0.", {}, Form(lang))) + 1
        if per_row <= room:  # one action_id per button: Slack refuses a block whose elements share one
            buttons.append(button(f"{st('btn_add_row', lang)}: {label(model.model_fields[name], lang)}",
                                  f"{c.ADD_ROW}:{name}", name))
    blocks = intro + notes + form + ([actions(*buttons[:25], block_id="add_rows")] if buttons else [])
    if len(blocks) > c.MAX_MODAL_BLOCKS:  # texts too long for one view even in parts: never cut, say so
        view = _view(c.SHOW_ALL_VIEW, st("modal_title", lang), intro + [section(st("too_big_for_modal", lang))],
                     None, lang)
        view.pop("submit")
        return view
    return _view(c.ANSWER_VIEW, st("modal_title", lang), blocks, meta, lang)


def decide_modal(gate_title: str, decision_text: str, meta: ViewMeta, lang: str = "sv", *,
                 unmet: tuple[str, ...] | list[str] = (), initial: dict[str, Any] | None = None) -> dict[str, Any]:
    """The gate decision: forum, datum, beslutstext, beslutsfattare. With unmet criteria the modal lists them
    and requires the box «Registrera beslutet ändå» (the decision is then recorded despite them)."""
    blocks = [section(f"*{escape(gate_title)}*\n" + st("gate_decision", lang, text=escape(decision_text)))]
    if unmet:
        blocks.append(section(st("gate_missing", lang) + "\n" + unmet_lines(list(unmet), lang, shown=10)))
    blocks += generic(GateDecision, None, initial or {}, {}, Form(lang))  # type: ignore[arg-type]
    if unmet:
        option_ = option(c.DESPITE_UNMET, st("decide_anyway", lang))
        blocks.append(input_block(c.CONFIRM_BLOCK, st("decide_confirm_label", lang),
                                  checkboxes_element([option_], set()), optional=False,
                                  hint=st("decide_confirm_hint", lang, k=len(unmet))))
    return _view(c.DECIDE_VIEW, st("modal_decide_title", lang), blocks, meta, lang)


def full_text_modal(title: str, text: str, lang: str = "sv") -> dict[str, Any]:
    blocks = [section(f"*{escape(title)}*")] + [section(piece) for piece in chunks(escape(text))]
    view = _view(c.SHOW_ALL_VIEW, st("modal_full_title", lang), blocks[: c.MAX_MODAL_BLOCKS], None, lang)
    view.pop("submit")
    return view


def _view(callback_id: str, title: str, blocks: list[Block], meta: ViewMeta | None, lang: str) -> dict[str, Any]:
    view: dict[str, Any] = {"type": "modal", "callback_id": callback_id, "title": plain(title, c.MAX_MODAL_TITLE),
                            "submit": plain(st("modal_save", lang)), "close": plain(st("modal_cancel", lang)),
                            "blocks": blocks}
    if meta is not None:  # the submission reads its language back (validation errors, a rebuilt view)
        view["private_metadata"] = meta.model_copy(update={"l": lang}).dump()
    return view


def initial_of(value: AnswerModel | None) -> dict[str, Any]:
    return value.model_dump(mode="json") if value is not None else {}
