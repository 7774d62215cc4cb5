"""Block Kit inputs for the fields of an answer model, and back: one input block per field.

Block ids are field paths ("indicators.0.name"); every input's action id is "v". Booleans of one
model share a checkboxes block ("<path>.__flags") so a row costs few blocks. A text longer than one
input holds (3,000) is shown whole in parts: "<path>" then "<path>~2n", "<path>~3s" … where the last
letter says what joined the part to the one before (n = line break, s = space, e = nothing), so an
unchanged submit gives back every character (`join_parts`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import types
import typing
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from bot.forms import label
from bot.slack import constants as c
from bot.slack.blocks import Block, plain
from bot.slack.texts import st
from flows.answers import EFFECT_LINKS, GAP_CATEGORIES, HORIZONS, PREVENTION_LEVELS
from flows.text import LongText

_LONG = (typing.get_args(LongText)[2],)  # LongText's length validator: multiline input
V = "v"
FLAGS = "__flags"
PART = "~"
_SEPARATORS = {"n": "\n", "s": " ", "e": ""}
LABELS: dict[str, str] = {**PREVENTION_LEVELS, **HORIZONS, **GAP_CATEGORIES, **EFFECT_LINKS,
                          "-": "− (negativ)", "+": "+ (positiv)", "0": "0 (neutral)", "lång": "lång sikt",
                          "kort": "kort sikt"}
# English option labels keep the guide's word and gloss it: «Universell (universal) – given to everyone».
LABELS_EN: dict[str, str] = {
    "universell": "Universell (universal) – given to everyone",
    "selektiv": "Selektiv (selective) – to a risk group (by background variables)",
    "indikerad": "Indikerad (indicated) – early signs observed",
    "process": "Process utfall (outcomes for the organisation)",
    "kort_sikt": "Target group – short term",
    "medel_sikt": "Target group – medium term",
    "lang_sikt": "Target group – long term",
    "malgrupp": "Target group gap",
    "kvalitet": "Quality gap",
    "organisation": "Organisation gap",
    "insats": "Intervention gap",
    "resurser_aktiviteter": "Why do the resources lead to the activities?",
    "aktiviteter_utfall_kort": "Why do the activities lead to the short-term utfall (outcomes)?",
    "utfall_kort_utfall_lang": "Why do short-term utfall lead to long-term utfall?",
    "utfall_mal": "Why do the utfall lead to the effect?",
    "-": "− (negative)", "+": "+ (positive)", "0": "0 (neutral)", "lång": "long term", "kort": "short term",
    "låg": "låg (low)", "medel": "medel (medium)", "hög": "hög (high)",
    "resurser": "Resources", "aktiviteter": "Activities", "utfall": "Utfall (outcomes)", "mal": "Mål (goal)",
}


def option_text(value: str, lang: str = "sv") -> str:
    if lang == "en" and value in LABELS_EN:
        return LABELS_EN[value]
    return LABELS.get(value, value)


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


def split_text(text: str, size: int = c.MAX_INPUT_TEXT) -> list[tuple[str, str]]:
    """`text` in pieces of at most `size` characters, each with the code of what joined it to the piece before
    ("" for the first): cut at a line break where one is near, else at a space, else inside a word."""
    pieces: list[tuple[str, str]] = []
    joint = ""
    while len(text) > size:
        cut, code = size, "e"
        for char, letter in (("\n", "n"), (" ", "s")):
            at = text.rfind(char, size // 2, size + 1)
            if at > 0 and not text[at - 1].isspace() and at + 1 < len(text) and not text[at + 1].isspace():
                cut, code = at, letter
                break
        pieces.append((text[:cut], joint))
        text = text[cut + (code != "e"):]
        joint = code
    return pieces + [(text, joint)]


def join_parts(flat: dict[str, Any]) -> dict[str, Any]:
    """Block values with the parts of a split text ("x", "x~2n", …) joined back into "x"."""
    out: dict[str, Any] = {}
    parts: dict[str, list[tuple[int, str, Any]]] = {}
    for block_id, value in flat.items():
        base, mark, rest = block_id.partition(PART)
        if mark and rest[:-1].isdigit() and rest[-1:] in _SEPARATORS:
            parts.setdefault(base, []).append((int(rest[:-1]), _SEPARATORS[rest[-1]], value))
        else:
            out[block_id] = value
    for base, pieces in parts.items():
        text = out.get(base) or ""
        for _, separator, value in sorted(pieces, key=lambda p: p[0]):
            text += separator + (value or "") if value else ""
        out[base] = text or None
    return out


def text_blocks(block_id: str, title: str, initial: Any, *, multiline: bool, optional: bool, lang: str,
                hint: str | None = None) -> list[Block]:
    """One input for a text, or – when it is longer than an input holds – one per part, labelled
    «(del 1 av 3)», so nothing is cut."""
    text = "" if initial in (None, "") else str(initial)
    pieces = split_text(text) if len(text) > c.MAX_INPUT_TEXT else [(text, "")]
    if len(pieces) == 1:
        return [input_block(block_id, title, text_element(text, multiline=multiline or "\n" in text),
                            optional=optional, hint=hint)]
    blocks = []
    for index, (piece, joint) in enumerate(pieces, start=1):
        part_id = block_id if index == 1 else f"{block_id}{PART}{index}{joint}"
        part_hint = ((hint + " " if hint else "") + st("parts_hint", lang, n=len(pieces))) if index == 1 else None
        blocks.append(input_block(part_id, st("part_label", lang, title=title, k=index, n=len(pieces)),
                                  text_element(piece, multiline=True), optional=optional or index > 1,
                                  hint=part_hint))
    return blocks


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


def field_blocks(path: str, name: str, field: FieldInfo, initial: Any, *, required: bool, lang: str,
                 title: str | None = None, outcomes: list[str] | None = None) -> list[Block]:
    """The input block(s) of one field: texts longer than an input are split into parts; a linked
    outcome is a choice among the process's `outcomes` when there are any."""
    title = title or label(field, lang)
    block_id = f"{path}{name}"
    match kind(field):
        case "text" | "longtext" if outcomes and name in LINKED_OUTCOME:
            return [outcome_block(block_id, title, outcomes, initial, optional=not required)]
        case "text" | "longtext":
            return text_blocks(block_id, title, initial, multiline=kind(field) == "longtext", optional=not required,
                               lang=lang)
        case "lines":
            text = "\n".join(initial) if isinstance(initial, list) else initial
            return text_blocks(block_id, title, text, multiline=True, optional=not required, lang=lang,
                               hint=st("lines_hint", lang))
    block = field_block(path, name, field, initial, required=required, lang=lang)
    return [block | {"label": plain(title, 2000)}] if block else []


TOP = "__top"  # «överst»: a node of the problem tree under no other


def parent_block(block_id: str, title: str, parents: list[str], initial: Any, lang: str) -> Block:
    """«Ligger under»: a choice among the other rows of the same list (or none: the top level)."""
    choices = list(dict.fromkeys(p for p in parents if p))
    if initial and initial not in choices:
        choices.append(str(initial))
    options = [{"text": plain(st("parent_top", lang), c.MAX_OPTION_TEXT), "value": TOP}]
    options += [{"text": plain(text, c.MAX_OPTION_TEXT), "value": outcome_key(text)} for text in choices[:99]]
    element: dict[str, Any] = {"type": "static_select", "options": options,
                               "initial_option": next((o for o in options if initial and
                                                       o["value"] == outcome_key(str(initial))), options[0])}
    return input_block(block_id, title, element)


def resolve_parents(rows: list[dict[str, Any]]) -> None:
    """Chosen parent keys back to the parent row's text, in place («överst» → no parent)."""
    texts = {outcome_key(row["text"]): row["text"] for row in rows if isinstance(row.get("text"), str)}
    for row in rows:
        under = row.get("under")
        if under == TOP:
            row.pop("under")
        elif isinstance(under, str) and under in texts:
            row["under"] = texts[under]


LINKED_OUTCOME = {"outcome"}  # SmartIndicator.outcome, GapChecklist.outcome: one of the process's utfall
OUTCOME_KEY = 150


def outcome_key(text: str) -> str:
    """An outcome as an option value (≤ 150 characters): the text, or its start and a digest when longer."""
    if len(text) <= OUTCOME_KEY:
        return text
    return text[: OUTCOME_KEY - 9] + "#" + hashlib.sha1(text.encode()).hexdigest()[:8]


def outcome_block(block_id: str, title: str, outcomes: list[str], initial: Any, *, optional: bool) -> Block:
    """A static_select among the process's outcomes; a stored value that is none of them stays an option."""
    choices = list(dict.fromkeys(outcomes))
    if initial and initial not in choices:
        choices.append(str(initial))
    options = [{"text": plain(text, c.MAX_OPTION_TEXT), "value": outcome_key(text)} for text in choices[:100]]
    element: dict[str, Any] = {"type": "static_select", "options": options}
    chosen = next((o for o in options if initial and o["value"] == outcome_key(str(initial))), None)
    if chosen:
        element["initial_option"] = chosen
    return input_block(block_id, title, element, optional=optional)


def field_block(path: str, name: str, field: FieldInfo, initial: Any, *, required: bool, lang: str) -> Block | None:
    """One input block for a scalar, line-list or choice field; None for kinds handled elsewhere.
    (Prefer `field_blocks`, which keeps long texts whole.)"""
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


def flags_block(path: str, model: type[BaseModel], initial: dict[str, Any], lang: str) -> Block | None:
    names = [n for n, f in model.model_fields.items() if kind(f) == "flag"]
    if not names:
        return None
    options = [option(n, label(model.model_fields[n], lang)) for n in names]
    chosen = {n for n in names if initial.get(n)}
    return input_block(f"{path}{FLAGS}", st("flags_label", lang), checkboxes_element(options, chosen))
