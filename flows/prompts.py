"""A question's nested prompts as plain data: the fields of its answer type (with the rows' own fields),
the fixed items of a checklist and the options of a choice, each with its own text in Swedish and English.

Used by `coach flows list --json`, so that anyone reading the contract sees every prompt the guide asks,
not only each question's top-level text. Derived from the answer models (flows/answers.py) and the flow
definition; nothing here is a second copy of a text.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from flows.answers import ANSWER_TYPES, ChoiceAnswer
from flows.schema import Question

JsonDict = dict[str, Any]


def _strip(annotation: Any) -> Any:
    """The annotation without Annotated[…] wrappers and without Optional."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
            continue
        if origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) == 1:
                annotation = args[0]
                continue
        return annotation


def _kind(annotation: Any) -> JsonDict:
    """`type` (text, yes_no, date, number, choice, list, multi_choice, rows, ratings) and what it needs."""
    annotation = _strip(annotation)
    origin = typing.get_origin(annotation)
    if origin is Literal:
        return {"type": "choice", "choices": list(typing.get_args(annotation))}
    if origin is list:
        inner = _strip(typing.get_args(annotation)[0])
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            return {"type": "rows", "fields": model_fields(inner)}
        if typing.get_origin(inner) is Literal:
            return {"type": "multi_choice", "choices": list(typing.get_args(inner))}
        return {"type": "list"}
    if origin is dict:
        value = _strip(typing.get_args(annotation)[1])
        choices = list(typing.get_args(value)) if typing.get_origin(value) is Literal else []
        return {"type": "ratings", **({"choices": choices} if choices else {})}
    if annotation is bool:
        return {"type": "yes_no"}
    if annotation is dt.date:
        return {"type": "date"}
    if annotation in (int, float):
        return {"type": "number"}
    return {"type": "text"}


def _english(field: FieldInfo) -> str | None:
    extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
    return str(extra["en"]) if extra.get("en") else None


def model_fields(model: type[BaseModel]) -> list[JsonDict]:
    """Every field of `model` in order: id, its texts, type, whether it must be given, and nested fields."""
    return [{"id": name, "text": field.title or name, "text_en": _english(field),
             "required": field.is_required(), **_kind(field.annotation)}
            for name, field in model.model_fields.items()]


def nested_prompts(question: Question) -> JsonDict:
    """The keys `fields`, `items` and `options`, each present where the question has them: `fields` when its
    answer type asks more than one thing (a plain text or list answer is the question itself)."""
    out: JsonDict = {}
    model = ANSWER_TYPES[question.type]
    fields = model_fields(model)
    if len(fields) > 1 or any("fields" in f for f in fields):
        if model is ChoiceAnswer:  # the choice is among the question's own options
            fields = [{**f, "type": "choice", "choices": [o.value for o in question.options]}
                      if f["id"] == "choice" else f for f in fields]
        out["fields"] = fields
    if question.items:
        out["items"] = [{"id": i.id, "text": i.text.sv, "text_en": i.text.en, "group": i.group}
                        for i in question.items]
    if question.options:
        out["options"] = [{"value": o.value, "text": o.label.sv, "text_en": o.label.en} for o in question.options]
    return out
