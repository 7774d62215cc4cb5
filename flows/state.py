"""Plain data the engine works on: the process state, the inputs, and what advancing returns."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import coachtext
from flows.answers import AnswerModel, GateDecision
from flows.schema import Question, Step
from flows.validation import Problem

StepStatus = Literal["ej_paborjad", "pagar", "redo_for_beslut", "beslutad"]
STEP_STATUSES: tuple[str, ...] = ("ej_paborjad", "pagar", "redo_for_beslut", "beslutad")


def status_label(status: str, lang: str = "sv") -> str:
    """A step status in words («pågår» / «in progress»)."""
    return coachtext.t(f"status.{status}", lang)


@dataclass(frozen=True)
class StoredAnswer:
    """The latest version of one question's answer (or a skip)."""

    value: AnswerModel | None
    version: int
    skipped: bool = False

    @property
    def answered(self) -> bool:
        return self.value is not None and not self.skipped


@dataclass(frozen=True)
class ProcessState:
    answers: Mapping[str, StoredAnswer] = field(default_factory=dict)
    decisions: Mapping[int, GateDecision] = field(default_factory=dict)
    current_step: int = 1
    cursor: str | None = None

    def value(self, question_id: str) -> AnswerModel | None:
        stored = self.answers.get(question_id)
        return stored.value if stored and stored.answered else None

    def answered_values(self) -> dict[str, AnswerModel]:
        return {qid: a.value for qid, a in self.answers.items() if a.answered and a.value is not None}


# ---- inputs -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Continue:
    """Show where we are (fortsätt)."""


@dataclass(frozen=True)
class Answer:
    raw: Any
    question_id: str | None = None  # default: the question at the cursor
    # a team's form answer to a question of another step (ahead, or back): the team stays where it is, so one
    # person answering step 3 early does not move everyone's next question (or step 3's thread) there
    keep_place: bool = False


@dataclass(frozen=True)
class Skip:
    pass


@dataclass(frozen=True)
class Back:
    pass


@dataclass(frozen=True)
class GoTo:
    step: int


@dataclass(frozen=True)
class Edit:
    question_id: str


@dataclass(frozen=True)
class Decide:
    step: int
    raw: Any
    despite_unmet: bool = False


Input = Continue | Answer | Skip | Back | GoTo | Edit | Decide


# ---- outputs ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnmetCriterion:
    criterion_id: str
    text: str
    details: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"{self.text}" + (f" ({'; '.join(self.details)})" if self.details else "")


@dataclass(frozen=True)
class GateReadiness:
    step: int
    ready: bool
    unmet: tuple[UnmetCriterion, ...] = ()


@dataclass(frozen=True)
class StoreAnswer:
    question_id: str
    value: AnswerModel | None
    skipped: bool = False
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class StoreDecision:
    step: int
    value: GateDecision
    unmet: tuple[str, ...] = ()


@dataclass(frozen=True)
class Prompt:
    """What to show next: a question, a step's gate, or the end of the flow."""

    kind: Literal["question", "gate", "done"]
    step: Step | None = None
    question: Question | None = None
    position: int = 0  # 1-based index of the question within its step
    total: int = 0
    current: StoredAnswer | None = None
    gate: GateReadiness | None = None


@dataclass(frozen=True)
class Result:
    state: ProcessState
    prompt: Prompt
    store: tuple[StoreAnswer, ...] = ()
    decision: StoreDecision | None = None
    problems: tuple[Problem, ...] = ()
    notices: tuple[str, ...] = ()
    unready: GateReadiness | None = None  # a Decide refused because its gate is not ready (ask to confirm)
