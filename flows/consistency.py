"""Consistency across steps: what one step's answers promise and another step's answers do not keep.

Pure: `check(flow, state)` reads the typed answers and returns findings, each naming the item, the step
where it is fixed and what to do. The checks only compare answers that exist — a step not yet answered
is the gate's business ("obesvarad"), not an inconsistency. Questions are found by answer type, so any
flow with these templates is checked; the decided outcomes are the list question `DECIDED_OUTCOMES`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import coachtext
from flows.answers import (
    AnswerModel,
    EffectLogic,
    ImplementationPlan,
    IndicatorsAnswer,
    InterventionMapping,
    ListAnswer,
    OutcomesAnswer,
    ProblemTree,
)
from flows.schema import Flow, Question
from flows.state import ProcessState

DECIDED_OUTCOMES = "s3.beslutade_utfall"
INDICATOR_PARTS = ("baseline", "target", "by_when", "data_source", "responsible")  # what a followed-up indicator needs


@dataclass(frozen=True)
class Finding:
    """One inconsistency; its words are the catalogue's `consistency.<code>.message` and `.action`."""

    code: str
    step: int  # where to fix it
    item: str  # the named item (an outcome's text, a root cause, an indicator, an activity)
    question_id: str | None = None  # the question to edit («ändra <id>»)
    values: tuple[tuple[str, str], ...] = ()  # the message's placeholders
    parts: tuple[str, ...] = ()  # INDICATOR_PARTS an indicator lacks, named in the message as `{missing}`

    def _values(self, lang: str) -> dict[str, str]:
        values = dict(self.values)
        if self.parts:
            values["missing"] = ", ".join(coachtext.t(f"consistency.indicator_part.{p}", lang) for p in self.parts)
        return values

    def message(self, lang: str = "sv") -> str:
        return coachtext.t(f"consistency.{self.code}.message", lang, **self._values(lang))

    def action(self, lang: str = "sv") -> str:
        return coachtext.t(f"consistency.{self.code}.action", lang)

    def text(self, lang: str = "sv") -> str:
        """One line: the problem, then what to do."""
        return f"{self.message(lang)} {self.action(lang)}"


def normalise(text: str) -> str:
    """Casefolded words only: «Fler barn 10-12 år» and «fler barn 10–12 år.» are the same."""
    return " ".join(re.findall(r"[\w%]+", text.casefold()))


def same(a: str, b: str) -> bool:
    """The same named item: equal words, or one a word-prefix of the other («Ökad tillgänglighet» ~
    «Ökad tillgänglighet till fritidsaktiviteter»)."""
    x, y = normalise(a), normalise(b)
    return bool(x and y) and (x == y or x.startswith(y + " ") or y.startswith(x + " "))


def head(item: str) -> str:
    """A decided outcome is often written «utfall – indikator»: the part before the first dash."""
    return re.split(r"\s[–—-]\s", item, maxsplit=1)[0].strip()


def _questions(flow: Flow, kind: str) -> list[Question]:
    return [q for q in flow.questions() if q.type == kind]


def _values(flow: Flow, state: ProcessState, kind: str,
            model: type[AnswerModel]) -> Iterator[tuple[Question, AnswerModel]]:
    for q in _questions(flow, kind):
        value = state.value(q.id)
        if isinstance(value, model):
            yield q, value


def _first(flow: Flow, state: ProcessState, kind: str, model: type[AnswerModel]):
    return next(_values(flow, state, kind, model), (None, None))


def check(flow: Flow, state: ProcessState) -> list[Finding]:
    """Every inconsistency between the answered steps, in step order."""
    findings = [*_outcome_indicators(flow, state), *_root_causes(flow, state), *_decided_in_logic(flow, state),
                *_logic_connections(flow, state), *_plan_activities(flow, state), *_indicator_parts(flow, state)]
    return sorted(findings, key=lambda f: f.step)


def _step(flow: Flow, q: Question) -> int:
    return flow.step_of(q.id).number


def _outcome_indicators(flow: Flow, state: ProcessState) -> Iterator[Finding]:
    oq, outcomes = _first(flow, state, "outcomes", OutcomesAnswer)
    if outcomes is None:
        return
    indicator_qs = _questions(flow, "smart_indicators")
    iq = indicator_qs[0] if indicator_qs else oq
    indicators = [i for _, a in _values(flow, state, "smart_indicators", IndicatorsAnswer) for i in a.indicators]
    for o in outcomes.outcomes:
        linked = [i for i in indicators if i.outcome and same(i.outcome, o.text)]
        if not linked:
            yield Finding("outcome_without_indicator", _step(flow, iq), o.text, iq.id, values=(("outcome", o.text),))
        elif not any(not i.missing_smart() for i in linked):
            names = ", ".join(f"«{i.name}»" for i in linked)
            yield Finding("outcome_without_smart_indicator", _step(flow, iq), o.text, iq.id,
                          values=(("outcome", o.text), ("names", names)))


def _root_causes(flow: Flow, state: ProcessState) -> Iterator[Finding]:
    _, tree = _first(flow, state, "problem_tree", ProblemTree)
    oq, outcomes = _first(flow, state, "outcomes", OutcomesAnswer)
    if tree is None or outcomes is None:
        return
    named = [c for o in outcomes.outcomes for c in o.root_causes]
    named += [c for _, m in _values(flow, state, "intervention_mapping", InterventionMapping)
              for i in m.interventions for c in i.root_causes]
    for r in tree.root_causes:
        if r.prioritised and not any(same(r.cause, c) for c in named):
            yield Finding("root_cause_unaddressed", _step(flow, oq), r.cause, oq.id, values=(("cause", r.cause),))


def _logic_outcomes(e: EffectLogic) -> list[str]:
    return [*e.outcomes_organisation, *e.outcomes_short, *e.outcomes_medium, *e.outcomes_long, e.goal]


def _decided_in_logic(flow: Flow, state: ProcessState) -> Iterator[Finding]:
    decided = state.value(DECIDED_OUTCOMES)
    eq, logic = _first(flow, state, "effect_logic", EffectLogic)
    if not isinstance(decided, ListAnswer) or logic is None:
        return
    for item in decided.items:
        name = head(item)
        if not any(same(name, o) for o in _logic_outcomes(logic)):
            yield Finding("decided_outcome_not_in_effect_logic", _step(flow, eq), name, eq.id, values=(("name", name),))


def _logic_connections(flow: Flow, state: ProcessState) -> Iterator[Finding]:
    for eq, logic in _values(flow, state, "effect_logic", EffectLogic):
        for c in logic.connections:  # type: ignore[attr-defined]
            for end in (c.source, c.target):
                if not any(same(end, item) for item in logic.items()):  # type: ignore[attr-defined]
                    yield Finding("effect_link_unknown_item", _step(flow, eq), end, eq.id,
                                  values=(("source", c.source), ("target", c.target), ("end", end)))


def _plan_activities(flow: Flow, state: ProcessState) -> Iterator[Finding]:
    known: list[str] = []
    _, outcomes = _first(flow, state, "outcomes", OutcomesAnswer)
    if outcomes is not None:
        known += [o.text for o in outcomes.outcomes]
    for _, logic in _values(flow, state, "effect_logic", EffectLogic):
        known += _logic_outcomes(logic)  # type: ignore[arg-type]
    for pq, plan in _values(flow, state, "implementation_plan", ImplementationPlan):
        step = _step(flow, pq)
        if not plan.activities:  # type: ignore[attr-defined]
            yield Finding("plan_without_activities", step, pq.text.get("sv"), pq.id)
        for a in plan.activities:  # type: ignore[attr-defined]
            if not a.outcome:
                yield Finding("activity_without_outcome", step, a.activity, pq.id, values=(("activity", a.activity),))
            elif known and not any(same(a.outcome, k) for k in known):
                yield Finding("activity_unknown_outcome", step, a.activity, pq.id,
                              values=(("activity", a.activity), ("outcome", a.outcome)))


def _indicator_parts(flow: Flow, state: ProcessState) -> Iterator[Finding]:
    for iq, answer in _values(flow, state, "smart_indicators", IndicatorsAnswer):
        for i in answer.indicators:  # type: ignore[attr-defined]
            missing = [name for name in INDICATOR_PARTS if not getattr(i, name)]
            if missing:
                yield Finding("indicator_incomplete", _step(flow, iq), i.name, iq.id,
                              values=(("indicator", i.name),), parts=tuple(missing))
