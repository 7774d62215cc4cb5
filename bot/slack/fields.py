"""Block Kit inputs for the fields of an answer model, and back: one input block per field.

Block ids are field paths ("indicators.0.name"); every input's action id is "v". Booleans of one
model share a checkboxes block ("<path>.__flags") so a row costs few blocks. Long texts in parts,
linked outcomes and the problem tree's parents: bot/slack/inputs.py.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.fields import FieldInfo

import coachtext
from bot.forms import label
from bot.slack import constants as c
from bot.slack.blocks import Block, plain
from bot.slack.texts import st
from flows.text import LongText

_LONG = (typing.get_args(LongText)[2],)  # LongText's length validator: multiline input
V = "v"
FLAGS = "__flags"
def option_text(value: str, lang: str = "sv") -> str:
    """An option's label: the guide's word, glossed in English («Universell (universal) – given to everyone»)."""
    key = "slack.option." + value
    return coachtext.t(key, lang) if coachtext.has(key) else value


def unwrap(annotation: Any) -> tuple[Any, bool]:
    """(inner annotation without Optional/Annotated, whether None is allowed)."""
    optional = False
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        optional = len(args) < len(typing.get_args(annotation))
        annotation = args[0]
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation, optional


def kind(field: FieldInfo) -> str:
    """text | longtext | lines | choice | choices | flag | date | int | rows | dict."""
    if any(any(m is mark for m in field.metadata) for mark in _LONG):
        return "longtext"
    annotation, _ = unwrap(field.annotation)
    origin = typing.get_origin(annotation)
    if origin is list:
        inner, _ = unwrap(typing.get_args(annotation)[0])
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            return "rows"
        return "choices" if typing.get_origin(inner) is Literal else "lines"
    if origin is dict:
        return "dict"
    if origin is Literal:
        return "choice"
    if annotation is bool:
        return "flag"
    if annotation is dt.date:
        return "date"
    if annotation is int:
        return "int"
    return "text"


def row_model(field: FieldInfo) -> type[BaseModel]:
    annotation, _ = unwrap(field.annotation)
    inner, _ = unwrap(typing.get_args(annotation)[0])
    return inner


def literal_values(field: FieldInfo) -> tuple[str, ...]:
    annotation, _ = unwrap(field.annotation)
    if typing.get_origin(annotation) is list:
        annotation, _ = unwrap(typing.get_args(annotation)[0])
    return tuple(str(v) for v in typing.get_args(annotation))


def option(value: str, text: str | None = None, lang: str = "sv") -> dict[str, Any]:
    return {"text": plain(text or option_text(value, lang), c.MAX_OPTION_TEXT), "value": value}


def input_block(block_id: str, title: str, element: dict[str, Any], *, optional: bool = True,
                hint: str | None = None) -> Block:
    block: Block = {"type": "input", "block_id": block_id, "optional": optional,
                    "label": plain(title, 2000), "element": {**element, "action_id": V}}
    if hint:
        block["hint"] = plain(hint, 2000)
    return block


def text_element(initial: Any, *, multiline: bool) -> dict[str, Any]:
    element: dict[str, Any] = {"type": "plain_text_input", "multiline": multiline, "max_length": c.MAX_INPUT_TEXT}
    if initial not in (None, ""):
        element["initial_value"] = str(initial)[: c.MAX_INPUT_TEXT]
    return element


def select_element(values: tuple[str, ...], initial: Any, labels: dict[str, str] | None = None,
                   lang: str = "sv") -> dict[str, Any]:
    options = [option(v, (labels or {}).get(v), lang) for v in values]
    element: dict[str, Any] = {"type": "static_select", "options": options[:100]}
    chosen = next((o for o in options if o["value"] == (str(initial) if initial is not None else None)), None)
    if chosen:
        element["initial_option"] = chosen
    return element


def checkboxes_element(options: list[dict[str, Any]], chosen: set[str]) -> dict[str, Any]:
    element: dict[str, Any] = {"type": "checkboxes", "options": options[:10]}
    initial = [o for o in options[:10] if o["value"] in chosen]
    if initial:
        element["initial_options"] = initial
    return element


def field_block(path: str, name: str, field: FieldInfo, initial: Any, *, required: bool, lang: str) -> Block | None:
    """One input block for a scalar, line-list or choice field; None for kinds handled elsewhere.
    (Prefer `inputs.field_blocks`, which keeps long texts whole.)"""
    title = label(field, lang)
    block_id = f"{path}{name}"
    match kind(field):
        case "text":
            return input_block(block_id, title, text_element(initial, multiline=False), optional=not required)
        case "longtext":
            return input_block(block_id, title, text_element(initial, multiline=True), optional=not required)
        case "lines":
            text = "\n".join(initial) if isinstance(initial, list) else initial
            return input_block(block_id, title, text_element(text, multiline=True), optional=not required,
                               hint=st("lines_hint", lang))
        case "choice":
            return input_block(block_id, title, select_element(literal_values(field), initial, lang=lang),
                               optional=not required)
        case "choices":
            options = [option(v, lang=lang) for v in literal_values(field)]
            return input_block(block_id, title, checkboxes_element(options, set(initial or ())))
        case "date":
            element: dict[str, Any] = {"type": "datepicker"}
            if initial:
                element["initial_date"] = str(initial)
            return input_block(block_id, title, element, optional=not required)
        case "int":
            values = ("1", "2", "3")
            return input_block(block_id, title, select_element(values, initial))
    return None


GATE_FLAGS = ("prioritised",)  # marks a gate checks (the problem tree's «Prioriterad»): first, and named in a hint


def flags_block(path: str, model: type[BaseModel], initial: dict[str, Any], lang: str) -> Block | None:
    names = [n for n, f in model.model_fields.items() if kind(f) == "flag"]
    if not names:
        return None
    names.sort(key=lambda n: n not in GATE_FLAGS)
    options = [option(n, label(model.model_fields[n], lang)) for n in names]
    chosen = {n for n in names if initial.get(n)}
    needed = [label(model.model_fields[n], lang) for n in names if n in GATE_FLAGS]
    hint = st("flags_gate_hint", lang, flag=needed[0]) if needed else None
    return input_block(f"{path}{FLAGS}", st("flags_label", lang), checkboxes_element(options, chosen), hint=hint)
