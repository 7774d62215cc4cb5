"""Turn a process's typed answers into the lines a person types in `coach chat`, in flow order.

Mirrors bot/forms.py: the same field order, ja/nej for rows and booleans, numbers for choices.
"""

from __future__ import annotations

import typing
from typing import Any, Literal

from pydantic import BaseModel

from bot.forms import _base, _unwrap_optional
from flows.answers import ANSWER_TYPES, DEFAULT_PERSPECTIVES, ChoiceAnswer, GateDecision, ListAnswer, TextAnswer
from flows.schema import Flow, Question


def answer_lines(question: Question, value: dict[str, Any]) -> list[str]:
    model = ANSWER_TYPES[question.type]
    if model is TextAnswer:
        return [value["text"]]
    if model is ListAnswer:
        return [*value["items"], ""]
    if model is ChoiceAnswer:
        return [value["choice"]]
    return model_lines(model, value, question)


def model_lines(model: type[BaseModel], value: dict[str, Any], question: Question | None = None) -> list[str]:
    lines: list[str] = []
    for name, field in model.model_fields.items():
        annotation, _optional = _unwrap_optional(field.annotation)
        annotation = _base(annotation)
        origin = typing.get_origin(annotation)
        given = value.get(name)
        if origin is dict or name == "perspectives":
            continue
        if origin is list:
            inner = _base(typing.get_args(annotation)[0])
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                if name == "answers" and question is not None and question.items:
                    by_item = {a["item"]: a["answer"] for a in given or []}
                    lines.extend(by_item.get(item.id, "") for item in question.items)
                    continue
                for row in given or []:
                    lines.append("ja")
                    lines.extend(model_lines(inner, row))
                    if "ratings" in inner.model_fields:
                        ratings = row.get("ratings", {})
                        lines.extend(ratings.get(p, "") for p in DEFAULT_PERSPECTIVES)
                lines.append("nej")
            elif typing.get_origin(inner) is Literal:
                options = typing.get_args(inner)
                lines.append(" ".join(str(options.index(v) + 1) for v in given or []))
            else:
                lines.extend([*(given or []), ""])
        elif origin is Literal:
            options = typing.get_args(annotation)
            lines.append(str(options.index(given) + 1) if given is not None else "")
        elif annotation is bool:
            lines.append("ja" if given else "nej")
        else:
            lines.append("" if given is None else str(given))
    return lines


def session_lines(flow: Flow, answers: dict[str, dict[str, Any]], decisions: dict[str, dict[str, Any]]) -> list[str]:
    """Every step in order: each question answered (or skipped), then the gate decision."""
    lines: list[str] = []
    for step in flow.steps:
        for question in step.questions():
            if question.id in answers:
                lines.extend(answer_lines(question, answers[question.id]))
            else:
                lines.append("hoppa över")
        lines.append("beslut")
        lines.extend(model_lines(GateDecision, decisions[str(step.number)]))
    return lines
