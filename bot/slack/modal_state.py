"""From a submitted modal's state back to the raw answer dict, and validation problems onto their blocks."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from bot.slack.fields import FLAGS, V, kind, row_model
from bot.slack.inputs import join_parts, resolve_parents
from flows.answers import ANSWER_TYPES, DEFAULT_PERSPECTIVES, EFFECT_LINKS
from flows.indicator_checks import field_problems
from flows.schema import Question
from flows.validation import swedish_problems

IndexMap = dict[str, list[int]]  # row field → the block row index of each kept row


def element_value(state: dict[str, Any]) -> Any:
    """The Python value of one input element's state (None when empty)."""
    match state.get("type"):
        case "static_select" | "radio_buttons":
            return (state.get("selected_option") or {}).get("value")
        case "checkboxes" | "multi_static_select":
            return [o["value"] for o in state.get("selected_options") or []]
        case "datepicker":
            return state.get("selected_date")
        case _:
            value = state.get("value")
            return value if value not in ("", None) else None


def flatten(values: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Block id → value, with the parts of a long text joined back into one."""
    return join_parts({block_id: element_value(actions[V]) for block_id, actions in values.items() if V in actions})


def _lines(text: str | None) -> list[str]:
    return [line.strip(" \t•▪-*") for line in (text or "").splitlines() if line.strip(" \t•▪-*")]


def _fields(model: type[BaseModel], path: str, flat: dict[str, Any], index_map: IndexMap) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        key = f"{path}{name}"
        match kind(field):
            case "rows":
                data[name] = _rows(name, key, row_model(field), flat, index_map)
            case "lines":
                if flat.get(key) is not None:
                    data[name] = _lines(flat[key])
            case "flag":
                data[name] = name in (flat.get(f"{path}{FLAGS}") or [])
            case "dict":
                ratings = {p: flat.get(f"{key}.{i}") for i, p in enumerate(DEFAULT_PERSPECTIVES)}
                data[name] = {p: r for p, r in ratings.items() if r}
            case "int":
                if flat.get(key) is not None:
                    data[name] = int(flat[key])
            case "choices":
                data[name] = flat.get(key) or []
            case _:
                if flat.get(key) is not None:
                    data[name] = flat[key]
    return data


def _empty(row: dict[str, Any]) -> bool:
    return not any(v not in (None, "", [], {}, False) for v in row.values())


def _rows(name: str, key: str, model: type[BaseModel], flat: dict[str, Any], index_map: IndexMap) -> list:
    indexes = sorted({int(b[len(key) + 1:].split(".", 1)[0]) for b in flat
                      if b.startswith(key + ".") and b[len(key) + 1:].split(".", 1)[0].isdigit()})
    rows, kept = [], []
    for index in indexes:
        row = _fields(model, f"{key}.{index}.", flat, index_map)
        if not _empty(row):
            rows.append(row)
            kept.append(index)
    index_map[key] = kept
    return rows


def raw_answer(question: Question | None, type_: str, values: dict[str, dict[str, Any]]) -> tuple[dict, IndexMap]:
    """The raw answer dict for the engine, and which block rows the kept rows came from."""
    flat = flatten(values)
    index_map: IndexMap = {}
    data = _fields(ANSWER_TYPES[type_], "", flat, index_map)
    if type_ == "gap_checklist":
        data["answers"] = [{"item": b.split(".", 1)[1], "answer": v} for b, v in flat.items()
                           if b.startswith("answers.") and v]
    if type_ == "effect_logic":
        data["links"] = [{"link": k, "assumption": flat.get(f"links.{k}.assumption"),
                          "threats": flat.get(f"links.{k}.threats")} for k in EFFECT_LINKS
                         if flat.get(f"links.{k}.assumption") or flat.get(f"links.{k}.threats")]
        index_map["links"] = []
    if type_ == "consequence_analysis":
        data.pop("perspectives", None)
    for rows in data.values():  # the problem tree's «ligger under» chosen among the other rows
        if isinstance(rows, list) and rows and isinstance(rows[0], dict) and any("under" in r for r in rows):
            resolve_parents(rows)
    return data, index_map


def block_for(loc: tuple, block_ids: list[str], index_map: IndexMap) -> str:
    """The input block an error location belongs to (the nearest existing one)."""
    parts: list[str] = []
    for part in loc:
        if isinstance(part, int) and ".".join(parts) in index_map:
            kept = index_map[".".join(parts)]
            part = kept[part] if part < len(kept) else part
        parts.append(str(part))
    for end in range(len(parts), 0, -1):
        candidate = ".".join(parts[:end])
        if candidate in block_ids:
            return candidate
        flags = f"{'.'.join(parts[:end - 1])}.{FLAGS}" if end > 1 else FLAGS
        if candidate and flags in block_ids and end == len(parts):
            return flags
        inside = [b for b in block_ids if b.startswith(candidate + ".")]
        if inside:
            return inside[0]
    return block_ids[0]


def errors_for(type_: str, raw: dict, block_ids: list[str], index_map: IndexMap,
               lang: str = "sv") -> dict[str, str]:
    """Messages in `lang` keyed by block id, or {} when the raw answer validates."""
    model = ANSWER_TYPES[type_]
    try:
        value = model.model_validate(raw)
    except ValidationError as error:
        out: dict[str, str] = {}
        for item, problem in zip(error.errors(include_url=False), swedish_problems(error, model, lang), strict=True):
            block = block_for(tuple(item["loc"]), block_ids, index_map)
            message = problem.message if block.endswith(str(item["loc"][-1]) if item["loc"] else "") else str(problem)
            out.setdefault(block, message[:1].upper() + message[1:])
        return out
    out = {}
    for loc, message in field_problems(value, lang):  # on the field itself: «Mål: -5», «igår»
        out.setdefault(block_for(loc, block_ids, index_map), message[:1].upper() + message[1:])
    return out


def keep_hidden_rows(raw: dict[str, Any], stored: dict[str, Any], shown: dict[str, int]) -> dict[str, Any]:
    """`raw` with, for each row field in `shown`, the stored rows the modal could not show appended
    (rows `shown[field]` onwards of the stored answer the modal was opened on)."""
    out = dict(raw)
    for name, count in shown.items():
        out[name] = list(raw.get(name) or []) + list((stored.get(name) or [])[count:])
    return out
