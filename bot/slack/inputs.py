"""Inputs beyond one field per block: a text longer than one input holds (3,000) is shown whole in parts
("<path>", then "<path>~2n", "<path>~3s" … where the last letter says what joined the part to the one
before: n = line break, s = space, e = nothing), so an unchanged submit gives back every character
(`join_parts`); a linked outcome is a choice among the process's utfall; the problem tree's «ligger under»
a choice among the other rows.
"""

from __future__ import annotations

import hashlib
from typing import Any

from pydantic.fields import FieldInfo

from bot.forms import label
from bot.slack import constants as c
from bot.slack.blocks import Block, plain
from bot.slack.fields import field_block, input_block, kind, text_element
from bot.slack.texts import st

PART = "~"
_SEPARATORS = {"n": "\n", "s": " ", "e": ""}


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
    """«Ligger under»: a choice among the other rows of the same list (or none: the top level). Always a
    choice, never a text to retype: with no other row yet, «överst» and a hint how the others get here."""
    choices = list(dict.fromkeys(p for p in parents if p))
    if initial and initial not in choices:
        choices.append(str(initial))
    options = [{"text": plain(st("parent_top", lang), c.MAX_OPTION_TEXT), "value": TOP}]
    options += [{"text": plain(text, c.MAX_OPTION_TEXT), "value": outcome_key(text)} for text in choices[:99]]
    element: dict[str, Any] = {"type": "static_select", "options": options,
                               "initial_option": next((o for o in options if initial and
                                                       o["value"] == outcome_key(str(initial))), options[0])}
    hint = st("parent_hint_alone", lang) if len(options) == 1 else None  # nothing to choose among yet
    return input_block(block_id, title, element, hint=hint)


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
