"""Turn raw input into a typed answer, or into polite Swedish problems."""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

import coachtext
from flows.answers import ANSWER_TYPES, AnswerModel, ChoiceAnswer, GapChecklist, ListAnswer, TextAnswer
from flows.indicator_checks import field_problems
from flows.schema import Question


@dataclass(frozen=True)
class Problem:
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


def _pattern(template: str) -> re.Pattern[str]:
    """A catalogue template as a pattern that finds the text it made, its placeholders as named groups."""
    parts = [re.escape(literal) + (f"(?P<{name}>.+?)" if name else "")
             for literal, name, _, _ in string.Formatter().parse(template)]
    return re.compile("".join(parts) + "$")


def _in_english(message: str) -> str:
    """A model validator's Swedish message (flows/text.py, flows/answers.py: `validation.value.*`) in English."""
    for key in coachtext.keys("validation.value."):
        found = _pattern(coachtext.text(key, "sv")).search(message)
        if found:
            return message[:found.start()] + coachtext.t(key, "en", **found.groupdict())
    return message


def _label(model: type[BaseModel] | None, loc: tuple[Any, ...], lang: str = "sv") -> str:
    """The path of a field in `lang`, e.g. 'Indikatorer, rad 2, Datakälla' / 'Indicators, row 2, Data source'."""
    parts: list[str] = []
    current = model
    for part in loc:
        if isinstance(part, int):
            parts.append(coachtext.t("validation.row", lang, n=part + 1))
            continue
        field = current.model_fields.get(part) if current is not None else None
        if field is None:
            parts.append(str(part))
            current = None
            continue
        extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
        parts.append(str(extra["en"]) if lang == "en" and extra.get("en") else field.title or str(part))
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


def swedish_problems(error: ValidationError, model: type[BaseModel], lang: str = "sv") -> list[Problem]:
    """Polite problems in Swedish (or, with `lang` "en", in English) for a validation error."""
    problems = []
    for item in error.errors(include_url=False):
        kind = item["type"]
        ctx = dict(item.get("ctx") or {})
        if kind in ("value_error", "assertion_error"):
            message = str(ctx.get("error", item["msg"])).removeprefix("Value error, ")
            message = _in_english(message) if lang == "en" else message
        elif coachtext.has("validation.pydantic." + kind):
            if "expected" in ctx:
                ctx["expected"] = str(ctx["expected"]).replace("'", "").replace(" or ", ", ")
            template = coachtext.text("validation.pydantic." + kind, lang)
            try:
                message = template.format(**ctx)
            except (KeyError, IndexError):
                message = template
        else:
            message = coachtext.t("validation.invalid", lang)
        problems.append(Problem(field=_label(model, tuple(item["loc"]), lang), message=message))
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


def validate_answer(question: Question, raw: Any, lang: str = "sv") -> tuple[AnswerModel | None, list[Problem]]:
    """Parse raw input for `question`. Returns (value, []) or (None, problems), the problems in `lang`."""
    model = ANSWER_TYPES[question.type]
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, [Problem("", coachtext.t("validation.empty_answer", lang))]
    try:
        value = model.model_validate(_coerce(question, raw))
    except ValidationError as error:
        return None, swedish_problems(error, model, lang)
    return value, semantic_problems(question, value, lang)


def semantic_problems(question: Question, value: AnswerModel, lang: str = "sv") -> list[Problem]:
    """Checks that need the question: options of a choice, items of a gap checklist; values a field cannot
    mean (flows.indicator_checks)."""
    if checked := field_problems(value, lang):
        return [Problem(_label(type(value), loc, lang), message) for loc, message in checked]
    if isinstance(value, ChoiceAnswer) and question.options:
        allowed = [o.value for o in question.options]
        if value.choice not in allowed:
            labels = ", ".join(f"{i}. {o.label.get(lang)}" for i, o in enumerate(question.options, start=1))
            first = question.options[0].label.get(lang)
            return [Problem(coachtext.t("validation.choice_field", lang),
                            coachtext.t("validation.choice", lang, labels=labels, first=first))]
    if isinstance(value, GapChecklist) and question.items:
        known = {item.id for item in question.items}
        unknown = [a.item for a in value.answers if a.item not in known]
        if unknown:
            return [Problem(coachtext.t("validation.check_field", lang),
                            coachtext.t("validation.unknown_check", lang, items=", ".join(unknown)))]
    return []
