"""Modals: one builder per answer type (within 100 blocks, one view — rows are added with views.update)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from bot.forms import label
from bot.slack import constants as c
from bot.slack.blocks import Block, actions, button, chunks, context, escape, plain, section
from bot.slack.fields import field_block, flags_block, input_block, kind, row_model, select_element
from bot.slack.models import ViewMeta
from bot.slack.texts import st
from flows.answers import ANSWER_TYPES, DEFAULT_PERSPECTIVES, EFFECT_LINKS, AnswerModel, GateDecision
from flows.schema import Question

RATING_VALUES = ("+", "0", "-")
Builder = Callable[[type[BaseModel], Question, dict[str, Any], dict[str, int], str], list[Block]]


def _row_blocks(model: type[BaseModel], path: str, initial: dict[str, Any], lang: str) -> list[Block]:
    blocks: list[Block] = []
    for name, field in model.model_fields.items():
        if kind(field) == "dict":  # consequence ratings: one select per perspective
            ratings = initial.get(name) or {}
            for index, perspective in enumerate(DEFAULT_PERSPECTIVES):
                blocks.append(input_block(f"{path}{name}.{index}", perspective,
                                          select_element(RATING_VALUES, ratings.get(perspective))))
        elif kind(field) != "flag":
            block = field_block(path, name, field, initial.get(name), required=False, lang=lang)
            if block is not None:
                blocks.append(block)
    flags = flags_block(path, model, initial, lang)
    return blocks + ([flags] if flags else [])


def _rows(name: str, field, initial: dict[str, Any], rows: dict[str, int], lang: str) -> list[Block]:
    model = row_model(field)
    existing = initial.get(name) or []
    count = max(rows.get(name, 0), len(existing), 1)
    title = label(field, lang)
    blocks: list[Block] = []
    for index in range(count):
        row = existing[index] if index < len(existing) else {}
        blocks.append(context(f"*{escape(title)} – rad {index + 1}*"))
        blocks.extend(_row_blocks(model, f"{name}.{index}.", row, lang))
    return blocks


def generic(model: type[BaseModel], question: Question, initial: dict[str, Any], rows: dict[str, int],
            lang: str, special: dict[str, Callable[..., list[Block]]] | None = None) -> list[Block]:
    """Every field of `model` in order; row lists repeat their row model `rows[name]` times."""
    blocks: list[Block] = []
    for name, field in model.model_fields.items():
        if special and name in special:
            blocks.extend(special[name](question, initial, lang))
        elif name == "perspectives":
            continue  # the guide's six perspectives are used as they are
        elif kind(field) == "rows":
            blocks.extend(_rows(name, field, initial, rows, lang))
        elif kind(field) != "flag":
            block = field_block("", name, field, initial.get(name), required=field.is_required(), lang=lang)
            if block is not None:
                blocks.append(block)
    flags = flags_block("", model, initial, lang)
    return blocks + ([flags] if flags else [])


def _checklist(question: Question, initial: dict[str, Any], lang: str) -> list[Block]:
    given = {a.get("item"): a.get("answer") for a in initial.get("answers") or []}
    return [field_block("answers.", item.id, GapAnswerField, given.get(item.id), required=False, lang=lang)
            | {"label": plain(("[" + item.group + "] " if item.group else "") + item.text.get(lang), 2000)}
            for item in question.items]


def _links(question: Question, initial: dict[str, Any], lang: str) -> list[Block]:
    given = {link.get("link"): link for link in initial.get("links") or []}
    blocks: list[Block] = []
    for kind_, text in EFFECT_LINKS.items():
        link = given.get(kind_, {})
        blocks.append(field_block(f"links.{kind_}.", "assumption", LinkFields["assumption"], link.get("assumption"),
                                  required=False, lang=lang) | {"label": plain(text, 2000)})
        blocks.append(field_block(f"links.{kind_}.", "threats", LinkFields["threats"], link.get("threats"),
                                  required=False, lang=lang))
    return blocks


from flows.answers import EffectLink, GapCheckAnswer  # noqa: E402  (fields used by the special builders)

GapAnswerField = GapCheckAnswer.model_fields["answer"]
LinkFields = EffectLink.model_fields


def _choice(model, question: Question, initial: dict[str, Any], rows, lang: str) -> list[Block]:
    labels = {o.value: o.label.get(lang) for o in question.options}
    choice = input_block("choice", "Val", select_element(tuple(labels), initial.get("choice"), labels),
                         optional=False)
    comment = field_block("", "comment", model.model_fields["comment"], initial.get("comment"), required=False,
                          lang=lang)
    return [choice, comment]


BUILDERS: dict[str, Builder] = {
    "text": generic,
    "list": generic,
    "choice": _choice,
    "problem_tree": generic,
    "outcomes": generic,
    "smart_indicators": generic,
    "effect_logic": lambda m, q, i, r, lang: generic(m, q, i, r, lang, {"links": _links}),
    "intervention_mapping": generic,
    "gap_checklist": lambda m, q, i, r, lang: generic(m, q, i, r, lang, {"answers": _checklist}),
    "risk_matrix": generic,
    "consequence_analysis": generic,
    "abcde_report": generic,
    "gate_decision": generic,
}


def row_fields(model: type[BaseModel], question: Question) -> list[str]:
    special = {"gap_checklist": {"answers"}, "effect_logic": {"links"}}.get(question.type, set())
    return [n for n, f in model.model_fields.items() if kind(f) == "rows" and n not in special]


def answer_modal(question: Question, meta: ViewMeta, initial: dict[str, Any] | None,
                 lang: str = "sv") -> dict[str, Any]:
    model = ANSWER_TYPES[question.type]
    intro = [section("*" + escape(question.text.get(lang)) + "*")]
    if question.help:
        intro.append(context(escape(question.help.get(lang))))
    rows = dict(meta.rows)
    form = BUILDERS[question.type](model, question, initial or {}, rows, lang)
    while len(intro) + len(form) > c.MAX_MODAL_BLOCKS - 1 and any(n > 1 for n in rows.values()):
        widest = max(rows, key=lambda name: rows[name])  # fewer blank rows until the view fits
        rows[widest] -= 1
        form = BUILDERS[question.type](model, question, initial or {}, rows, lang)
    adders = [f for f in row_fields(model, question)]
    room = c.MAX_MODAL_BLOCKS - len(intro) - len(form) - 1
    buttons = []
    for name in adders:
        per_row = len(_row_blocks(row_model(model.model_fields[name]), f"{name}.0.", {}, lang)) + 1
        if per_row <= room:
            buttons.append(button(f"{st('btn_add_row', lang)}: {label(model.model_fields[name], lang)}",
                                  c.ADD_ROW, name))
    blocks = intro + form + ([actions(*buttons[:25], block_id="add_rows")] if buttons else [])
    return _view(c.ANSWER_VIEW, st("modal_title", lang), blocks[: c.MAX_MODAL_BLOCKS], meta, lang)


def decide_modal(gate_title: str, decision_text: str, meta: ViewMeta, lang: str = "sv") -> dict[str, Any]:
    blocks = [section(f"*{escape(gate_title)}*\n{escape(decision_text)}")]
    blocks += generic(GateDecision, None, {}, {}, lang)  # type: ignore[arg-type]
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
    if meta is not None:
        view["private_metadata"] = meta.dump()
    return view


def initial_of(value: AnswerModel | None) -> dict[str, Any]:
    return value.model_dump(mode="json") if value is not None else {}
