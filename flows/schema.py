"""Typed models of a flow definition (stage 2 of loading).

A flow has steps; a step has sections; a section has questions; a step ends in a gate
(beslutspunkt) with criteria. Texts are bilingual (`sv` required, `en` optional).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from flows.answers import ANSWER_TYPES

ID_PATTERN = r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    """A text in Swedish (the guide's words) with an English rendering."""

    sv: str = Field(min_length=1)
    en: str | None = None

    def get(self, lang: str = "sv") -> str:
        return (self.en if lang == "en" and self.en else self.sv).strip()


class Source(Strict):
    """Where in the seed documents a question or criterion comes from."""

    doc: str = Field(pattern=r"^\d{3}$", description="seed document id, e.g. '001'")
    locator: str = Field(min_length=1, description="slide / section / page, e.g. 'Bild 10'")
    quote: str | None = Field(default=None, description="the guide's own words, where they differ")


class Option(Strict):
    value: str = Field(pattern=r"^[a-z0-9_]+$")
    label: Text


class Item(Strict):
    """A fixed item inside a structured question (e.g. one gap-checklist question)."""

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    text: Text
    group: str | None = None


class Question(Strict):
    id: str = Field(pattern=ID_PATTERN)
    text: Text
    help: Text | None = None
    type: str
    required: bool = True
    retrieval_hint: str = Field(min_length=3)
    source: Source
    options: list[Option] = Field(default_factory=list)
    items: list[Item] = Field(default_factory=list)
    defaults: dict[str, Any] = Field(default_factory=dict)

    @field_validator("type")
    @classmethod
    def _known_type(cls, value: str) -> str:
        if value not in ANSWER_TYPES:
            raise ValueError(f"unknown answer type {value!r}; known: {', '.join(sorted(ANSWER_TYPES))}")
        return value


class Section(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: Text
    intro: Text | None = None
    source: Source | None = None
    questions: list[Question] = Field(min_length=1)


CriterionKind = Literal["answered", "check"]


class Criterion(Strict):
    """A gate criterion.

    kind `answered`: every question in `questions` has an answer (not only skipped).
    kind `check`: the named check in `flows.checks` holds for `params`.
    """

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    text: Text
    kind: CriterionKind
    questions: list[str] = Field(default_factory=list)
    check: str | None = None
    params: dict[str, Any] = Field(default_factory=dict)
    source: Source | None = None


class Gate(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: Text
    decision: Text = Field(description="the guide's 'Beslut fattas om …' sentence")
    underlag: Text | None = Field(default=None, description="what the written underlag contains")
    template: str | None = Field(default=None, description="file in prompts/ for the underlag")
    source: Source
    criteria: list[Criterion] = Field(default_factory=list)


class Step(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    number: int = Field(ge=1)
    title: Text
    intro: Text | None = None
    source: Source
    sections: list[Section] = Field(min_length=1)
    gate: Gate

    def questions(self) -> list[Question]:
        return [q for section in self.sections for q in section.questions]


class Document(Strict):
    id: str = Field(pattern=r"^\d{3}$")
    title: str
    publisher: str
    year: int | None = None


class Flow(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    version: int = Field(ge=1)
    title: Text
    description: Text | None = None
    documents: list[Document] = Field(min_length=1)
    steps: list[Step] = Field(min_length=1)

    def step(self, number: int) -> Step:
        for step in self.steps:
            if step.number == number:
                return step
        raise KeyError(number)

    def step_by_id(self, step_id: str) -> Step:
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(step_id)

    def questions(self) -> list[Question]:
        return [q for step in self.steps for q in step.questions()]

    def question(self, question_id: str) -> Question:
        for q in self.questions():
            if q.id == question_id:
                return q
        raise KeyError(question_id)

    def step_of(self, question_id: str) -> Step:
        for step in self.steps:
            if any(q.id == question_id for q in step.questions()):
                return step
        raise KeyError(question_id)

    def document(self, doc_id: str) -> Document | None:
        return next((d for d in self.documents if d.id == doc_id), None)
