"""Field-by-field entry of a structured answer in the terminal, driven by the answer model itself.

The driver asks for each field in order using its Swedish title, validates each field as it is
entered (so a mistake is caught at once, not after twenty fields), and returns a plain dict that the
engine validates as a whole. A command typed at any prompt interrupts the form.
"""

from __future__ import annotations

import functools
import operator
import types
import typing
from collections.abc import Callable
from typing import Any, Literal

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo

import coachtext
from bot.i18n import t
from flows.answers import AGE_BANDS, DEFAULT_PERSPECTIVES
from flows.schema import Question
from flows.text import parse_yes_no
from flows.validation import swedish_problems

Ask = Callable[[str], str | None]
Say = Callable[[str], None]


_OPTION_KINDS = ("prevention_level", "horizon", "gap_category")


def option_label(value: str, lang: str = "sv") -> str:
    """How a stored option value is shown: the guide's own words where it has them (the catalogue)."""
    for kind in _OPTION_KINDS:
        if coachtext.has(f"answers.{kind}.{value}"):
            return coachtext.t(f"answers.{kind}.{value}", lang)
    if coachtext.has(f"underlag.term.{value}"):  # kort / lång
        return coachtext.t(f"underlag.term.{value}", lang)
    if value in AGE_BANDS:
        return coachtext.t("ui.age_band", lang, band=value.replace("-", "–"))
    return value


class FormInterrupted(Exception):
    """The person typed a command (or input ended) instead of a field value."""

    def __init__(self, line: str | None) -> None:
        super().__init__(line)
        self.line = line


def label(field: FieldInfo, lang: str) -> str:
    extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
    return str(extra.get("en")) if lang == "en" and extra.get("en") else (field.title or "")


def _unwrap_optional(annotation: Any) -> tuple[Any, bool]:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) < len(typing.get_args(annotation)):
            return (args[0] if len(args) == 1 else functools.reduce(operator.or_, args)), True
    return annotation, False


def _base(annotation: Any) -> Any:
    """Strip Annotated[...] wrappers."""
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation


def outcomes_in(answers: Any) -> list[str]:
    """The process's utfall in its answers (question id → stored answer): the outcomes answers first, then
    the effect logic's outcome lists — what a linked outcome («Kopplat utfall») is chosen among."""
    values = [getattr(stored, "value", None) for stored in answers.values()]
    found = [o.text for value in values for o in getattr(value, "outcomes", ()) or () if hasattr(o, "text")]
    for value in values:
        for name in ("outcomes_organisation", "outcomes_short", "outcomes_long"):
            found += list(getattr(value, name, ()) or ())
    return list(dict.fromkeys(found))


LINKED_OUTCOME_FIELDS = {"outcome"}


class FormDriver:
    def __init__(self, ask: Ask, say: Say, is_command: Callable[[str], bool], lang: str = "sv",
                 outcomes: list[str] | tuple[str, ...] = ()) -> None:
        self.ask, self.say, self.is_command, self.lang = ask, say, is_command, lang
        self.outcomes = list(outcomes)  # a linked outcome is chosen among them (free text when none)

    def _read(self, prompt: str) -> str:
        line = self.ask(prompt)
        if line is None or self.is_command(line):
            raise FormInterrupted(line)
        return line

    def fill(self, model: type[BaseModel], question: Question | None = None,
             current: dict[str, Any] | None = None) -> dict[str, Any]:
        """Ask field by field. With `current` (editing an answer), each filled field can be kept as it is,
        and rows of a list are kept with new ones added after them."""
        data: dict[str, Any] = {}
        for name, field in model.model_fields.items():
            existing = (current or {}).get(name)
            if existing in (None, "", [], {}):
                value = self._field(model, name, field, question)
            else:
                value = self._keep_or_ask(model, name, field, question, existing)
            if value is not None:
                data[name] = value
        return data

    def _keep_or_ask(self, model: type[BaseModel], name: str, field: FieldInfo, question: Question | None,
                     existing: Any) -> Any:
        title = label(field, self.lang)
        if isinstance(existing, list) and existing and isinstance(existing[0], dict):
            if not self._yes_no(t(self.lang, "keep_rows", n=len(existing), what=title)):
                return self._field(model, name, field, question)
            if name == "answers" and question is not None and question.items:
                return existing  # a checklist has fixed items: kept as they are
            inner = _base(typing.get_args(_base(_unwrap_optional(field.annotation)[0]))[0])
            return existing + self._model_list(inner, title, field, start=len(existing))
        text = ", ".join(map(str, existing)) if isinstance(existing, list) else str(existing)
        if isinstance(existing, bool):
            text = t(self.lang, "yes" if existing else "no")
        shown = text if len(text) <= 80 else text[:77] + "…"
        if self._yes_no(t(self.lang, "keep_value", what=title, value=shown)):
            return existing
        return self._field(model, name, field, question)

    def _field(self, model: type[BaseModel], name: str, field: FieldInfo, question: Question | None) -> Any:
        title = label(field, self.lang)
        annotation, optional = _unwrap_optional(field.annotation)
        annotation = _base(annotation)
        origin = typing.get_origin(annotation)
        required = field.is_required()
        if origin is dict or name == "perspectives":
            return None  # ratings are asked per default perspective by _model_list; defaults apply
        if origin is list:
            inner = _base(typing.get_args(annotation)[0])
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                if name == "answers" and question is not None and question.items:
                    return self._checklist(inner, question)
                return self._model_list(inner, title, field)
            if typing.get_origin(inner) is Literal:
                return self._multi_choice(title, typing.get_args(inner))
            return self._lines(title, field)
        if origin is Literal:
            return self._choice(title, typing.get_args(annotation), required and not optional)
        if annotation is bool:
            return self._yes_no(title)
        if name in LINKED_OUTCOME_FIELDS and self.outcomes:
            return self._outcome(model, name, title, required and not optional)
        return self._scalar(model, name, title, required and not optional)

    def _outcome(self, model: type[BaseModel], name: str, title: str, required: bool) -> str | None:
        """One of the process's outcomes by number, or a text of one's own."""
        self.say(f"{title} – {t(self.lang, 'choose')}")
        for index, outcome in enumerate(self.outcomes, start=1):
            self.say(f"  {index}. {outcome}")
        line = self._read(t(self.lang, "outcome_pick")).strip()
        if line.isdigit() and 1 <= int(line) <= len(self.outcomes):
            return self.outcomes[int(line) - 1]
        if not line and not required:
            return None
        if not line:
            return self._outcome(model, name, title, required)
        return line

    def _scalar(self, model: type[BaseModel], name: str, title: str, required: bool) -> Any:
        adapter = TypeAdapter(model.model_fields[name].annotation)
        while True:
            line = self._read(f"{title}{'' if required else ' ' + t(self.lang, 'optional')}: ")
            if not line.strip() and not required:
                return None
            try:
                return adapter.validate_python(line) if line.strip() else adapter.validate_python(None)
            except ValidationError as error:
                for problem in swedish_problems(error, model):
                    self.say(f"  «{title}» {problem.message}")

    def _yes_no(self, title: str) -> bool:
        while True:
            value = parse_yes_no(self._read(t(self.lang, "yes_no_prompt", title=title)))
            if isinstance(value, bool):
                return value
            self.say("  " + t(self.lang, "yes_no"))

    def _choice(self, title: str, options: tuple[str, ...], required: bool) -> str | None:
        self.say(f"{title} – {t(self.lang, 'choose')}")
        for index, option in enumerate(options, start=1):
            self.say(f"  {index}. {option_label(option, self.lang)}")
        while True:
            line = self._read("> ").strip()
            if not line and not required:
                return None
            if line.isdigit() and 1 <= int(line) <= len(options):
                return options[int(line) - 1]
            if line in options:
                return line
            self.say("  " + t(self.lang, "choose") + " " + ", ".join(str(i) for i in range(1, len(options) + 1)))

    def _multi_choice(self, title: str, options: tuple[str, ...]) -> list[str]:
        self.say(f"{title} – {', '.join(f'{i}. {option_label(o, self.lang)}' for i, o in enumerate(options, start=1))}")
        while True:
            line = self._read(t(self.lang, "pick_numbers")).strip()
            picked = [p for p in line.replace(",", " ").split() if p]
            if all(p.isdigit() and 1 <= int(p) <= len(options) for p in picked):
                return [options[int(p) - 1] for p in picked]
            self.say("  " + t(self.lang, "choose"))

    def _lines(self, title: str, field: FieldInfo) -> list[str]:
        self.say(f"{title} – {t(self.lang, 'list_hint')}")
        items: list[str] = []
        while True:
            line = self._read("  • ")
            if not line.strip():
                return items
            items.append(line.strip())

    def _model_list(self, inner: type[BaseModel], title: str, field: FieldInfo,
                    start: int = 0) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        what = title.lower()
        while True:
            if not self._yes_no(t(self.lang, "add_row", what=what, n=start + len(rows) + 1)):
                return rows
            row = self.fill(inner)
            if "ratings" in inner.model_fields:
                row["ratings"] = self._ratings()
            rows.append(row)

    def _checklist(self, inner: type[BaseModel], question: Question) -> list[dict[str, Any]]:
        answers = []
        for item in question.items:
            group = f"[{item.group}] " if item.group else ""
            line = self._read(f"{group}{item.text.get(self.lang)} {t(self.lang, 'optional')}: ")
            if line.strip():
                answers.append({"item": item.id, "answer": line.strip()})
        return answers

    def _ratings(self) -> dict[str, str]:
        ratings = {}
        for perspective in DEFAULT_PERSPECTIVES:
            while True:
                line = self._read(t(self.lang, "rating_prompt", perspective=perspective)).strip().replace("−", "-")
                if line in ("+", "0", "-"):
                    ratings[perspective] = line
                    break
                if not line:
                    break
        return ratings
