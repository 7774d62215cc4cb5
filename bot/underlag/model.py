"""The underlag as plain data: what `build_underlag` assembles and every output format renders.

Nothing here knows Markdown, DOCX or Slack; user text is kept exactly as typed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import coachtext
from flows.answers import AnswerModel, GateDecision


@dataclass(frozen=True)
class Citation:
    """One guide passage: document title and slide/section/page, optionally its words."""

    doc_id: str
    title: str
    locator: str
    quote: str | None = None

    def __str__(self) -> str:
        return f"{self.title}, {self.locator}"


@dataclass(frozen=True)
class QuestionView:
    id: str
    text: str
    type: str
    required: bool
    value: AnswerModel | None
    version: int = 0
    skipped: bool = False
    author: str | None = None
    step: int = 0
    options: dict[str, str] = field(default_factory=dict)  # choice value -> label
    items: dict[str, tuple[str, str]] = field(default_factory=dict)  # checklist item id -> (group, text)
    name: str = ""  # a readable section name for the question (catalogue: underlag.name.<id>)

    @property
    def answered(self) -> bool:
        return self.value is not None and not self.skipped


@dataclass(frozen=True)
class Item:
    """A question placed in a section; `part` picks a view of a structured answer (e.g. root causes only)."""

    question: QuestionView
    part: str = "all"
    title: str | None = None  # a heading instead of the question's text (e.g. "Prioriterade rotorsaker")

    @property
    def heading(self) -> str:
        return self.title or self.question.name or self.question.text


@dataclass(frozen=True)
class Section:
    heading: str
    items: tuple[Item, ...]
    intro: str | None = None
    table: str | None = None  # a table built from the answers (bot/underlag/plans.py), shown first


@dataclass(frozen=True)
class Unmet:
    text: str
    details: tuple[str, ...] = ()


@dataclass(frozen=True)
class Diagram:
    """A picture of one answer: `kind` is `problem_tree` or `effect_logic`; `png` is filled in on demand."""

    kind: str
    question_id: str
    title: str
    png: bytes | None = None


@dataclass(frozen=True)
class Underlag:
    lang: str
    process_name: str
    flow_title: str
    step_number: int
    step_title: str
    gate_title: str
    decision_to_take: str
    contents: str | None
    template: str
    sections: tuple[Section, ...]
    ready: bool
    unmet: tuple[Unmet, ...]
    decision: GateDecision | None
    sources: tuple[Citation, ...]
    passages: tuple[Citation, ...]
    generated: dt.date
    answered: int = 0
    total: int = 0

    def questions(self) -> list[QuestionView]:
        return [item.question for section in self.sections for item in section.items]

    def diagrams(self) -> list[Diagram]:
        """The pictures this underlag shows, in order: effect logics, and problem trees shown as a tree
        (not where only their root causes are listed)."""
        seen: dict[str, Diagram] = {}
        for item in (item for section in self.sections for item in section.items):
            q = item.question
            drawn = q.type == "effect_logic" or (q.type == "problem_tree" and item.part in ("all", "tree"))
            if q.answered and drawn and q.id not in seen:
                title = coachtext.t(f"underlag.diagram.{q.type}", self.lang)
                seen[q.id] = Diagram(kind=q.type, question_id=q.id, title=title)
        return list(seen.values())
