"""Turn raw input into a typed answer, or into polite Swedish problems."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from flows.answers import ANSWER_TYPES, AnswerModel, ChoiceAnswer, GapChecklist, ListAnswer, TextAnswer
from flows.schema import Question


@dataclass(frozen=True)
class Problem:
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


_MESSAGES = {
    "missing": "måste fyllas i",
    "string_too_short": "får inte vara tomt",
    "too_short": "behöver minst {min_length} rad(er)",
    "too_long": "får ha högst {max_length} rader",
    "literal_error": "måste vara ett av: {expected}",
    "bool_parsing": "ska besvaras med ja eller nej",
    "bool_type": "ska besvaras med ja eller nej",
    "date_from_datetime_parsing": "ska vara ett datum, till exempel 2025-03-31",
    "date_parsing": "ska vara ett datum, till exempel 2025-03-31",
    "date_type": "ska vara ett datum, till exempel 2025-03-31",
    "int_parsing": "ska vara ett heltal",
    "int_type": "ska vara ett heltal",
    "greater_than_equal": "ska vara minst {ge}",
    "less_than_equal": "ska vara högst {le}",
    "extra_forbidden": "är inget fält i det här svaret",
    "string_type": "ska vara text",
    "list_type": "ska vara en lista",
    "dict_type": "har fel form",
    "model_type": "har fel form",
    "model_attributes_type": "har fel form",
}


def _label(model: type[BaseModel] | None, loc: tuple[Any, ...]) -> str:
    """The Swedish path of a field, e.g. 'Indikatorer, rad 2, Datakälla'."""
    parts: list[str] = []
    current = model
    for part in loc:
        if isinstance(part, int):
            parts.append(f"rad {part + 1}")
            continue
        field = current.model_fields.get(part) if current is not None else None
        if field is None:
            parts.append(str(part))
            current = None
            continue
        parts.append(field.title or str(part))
        current = _inner_model(field.annotation)
    return ", ".join(parts)


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def swedish_problems(error: ValidationError, model: type[BaseModel]) -> list[Problem]:
    problems = []
    for item in error.errors(include_url=False):
        kind = item["type"]
        ctx = dict(item.get("ctx") or {})
        if kind in ("value_error", "assertion_error"):
            message = str(ctx.get("error", item["msg"])).removeprefix("Value error, ")
        elif kind in _MESSAGES:
            if "expected" in ctx:
                ctx["expected"] = str(ctx["expected"]).replace("'", "").replace(" or ", ", ")
            try:
                message = _MESSAGES[kind].format(**ctx)
            except (KeyError, IndexError):
                message = _MESSAGES[kind]
        else:
            message = "har ett ogiltigt värde"
        problems.append(Problem(field=_label(model, tuple(item["loc"])), message=message))
    return problems


def _coerce(question: Question, raw: Any) -> Any:
    """Accept the natural shape for simple types: a string for text, lines for a list, a value for choice."""
    model = ANSWER_TYPES[question.type]
    if isinstance(raw, str):
        if model is TextAnswer:
            return {"text": raw}
        if model is ListAnswer:
            return {"items": [line.strip(" \t•▪-*") for line in raw.splitlines() if line.strip(" \t•▪-*")]}
        if model is ChoiceAnswer:
            return _choice_with_comment(question, raw)
    return raw


_SEPARATORS = " \t\n,.:;!–—-"
_YES_NO_WORDS = {"ja": ("yes", "japp", "jajamensan"), "nej": ("no", "nope")}


def _choice_with_comment(question: Question, raw: str) -> dict[str, str]:
    """An option, or an option's word first and the rest kept as a comment: «Ja, styrgruppen utsågs i maj»,
    «Nej – inte än», «yes, in May», «Delvis: data saknas» (the option's value, label or, for ja/nej, yes/no)."""
    exact = _match_option(question, raw)
    if exact in {o.value for o in question.options}:
        return {"choice": exact}
    text = raw.strip()
    lowered = text.lower()
    words = sorted(((word.lower(), option.value) for option in question.options
                    for word in (option.value, option.label.sv, option.label.en or "",
                                 *_YES_NO_WORDS.get(option.value, ())) if word),
                   key=lambda pair: -len(pair[0]))
    for word, value in words:
        if lowered.startswith(word) and len(text) > len(word) and text[len(word)] in _SEPARATORS:
            comment = text[len(word):].lstrip(_SEPARATORS)
            return {"choice": value, "comment": comment} if comment else {"choice": value}
    return {"choice": exact}


def _match_option(question: Question, raw: str) -> str:
    word = raw.strip()
    for index, option in enumerate(question.options, start=1):
        if word.lower() in (option.value, option.label.sv.lower(), str(index),
                            (option.label.en or "").lower()):
            return option.value
    return word


def validate_answer(question: Question, raw: Any) -> tuple[AnswerModel | None, list[Problem]]:
    """Parse raw input for `question`. Returns (value, []) or (None, problems)."""
    model = ANSWER_TYPES[question.type]
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, [Problem("", "Svaret är tomt. Skriv ett svar, eller «hoppa över» för att ta frågan senare.")]
    try:
        value = model.model_validate(_coerce(question, raw))
    except ValidationError as error:
        return None, swedish_problems(error, model)
    return value, semantic_problems(question, value)


def semantic_problems(question: Question, value: AnswerModel) -> list[Problem]:
    """Checks that need the question: options of a choice, items of a gap checklist."""
    if isinstance(value, ChoiceAnswer) and question.options:
        allowed = [o.value for o in question.options]
        if value.choice not in allowed:
            labels = ", ".join(f"{i}. {o.label.sv}" for i, o in enumerate(question.options, start=1))
            return [Problem("Val", f"välj ett av alternativen: {labels} – en kommentar kan följa efter ett "
                                   f"kommatecken, till exempel «{question.options[0].label.sv}, …»")]
    if isinstance(value, GapChecklist) and question.items:
        known = {item.id for item in question.items}
        unknown = [a.item for a in value.answers if a.item not in known]
        if unknown:
            return [Problem("Checkfråga", f"okänd checkfråga: {', '.join(unknown)}")]
    return []
