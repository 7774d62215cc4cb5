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
INDICATOR_PARTS: dict[str, tuple[str, str]] = {  # field: (sv, en) — what a followed-up indicator needs
    "baseline": ("utgångsläge", "baseline"),
    "target": ("målvärde", "target"),
    "by_when": ("datum (när)", "date (by when)"),
    "data_source": ("datakälla", "data source"),
    "responsible": ("ansvarig", "owner"),
}


@dataclass(frozen=True)
class Finding:
    code: str
    step: int  # where to fix it
    item: str  # the named item (an outcome's text, a root cause, an indicator, an activity)
    message_sv: str
    message_en: str
    action_sv: str
    action_en: str
    question_id: str | None = None  # the question to edit («ändra <id>»)

    def message(self, lang: str = "sv") -> str:
        return self.message_en if lang == "en" else self.message_sv

    def action(self, lang: str = "sv") -> str:
        return self.action_en if lang == "en" else self.action_sv

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
            yield Finding(
                "outcome_without_indicator", _step(flow, iq), o.text,
                f"Utfallet «{o.text}» har ingen indikator.",
                f"The utfall (outcome) «{o.text}» has no indicator.",
                "Formulera minst en SMART indikator och ange utfallet som dess kopplade utfall.",
                "Formulate at least one SMART indicator and name this utfall as its linked outcome.", iq.id)
        elif not any(not i.missing_smart() for i in linked):
            names = ", ".join(f"«{i.name}»" for i in linked)
            yield Finding(
                "outcome_without_smart_indicator", _step(flow, iq), o.text,
                f"Utfallet «{o.text}» har ingen SMART indikator ({names} är ofullständig).",
                f"The utfall (outcome) «{o.text}» has no SMART indicator ({names} is incomplete).",
                "Komplettera indikatorn med det som saknas: vem/vad, utgångsläge, förflyttning, tid och datakälla.",
                "Complete the indicator: who/what, baseline, size of change, by when and data source.", iq.id)


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
            yield Finding(
                "root_cause_unaddressed", _step(flow, oq), r.cause,
                f"Den prioriterade rotorsaken «{r.cause}» adresseras inte av något utfall eller någon insats.",
                f"The prioritised rotorsak (root cause) «{r.cause}» is not addressed by any utfall or insats.",
                "Ange rotorsaken under «Rotorsaker som utfallet adresserar» för det utfall som ska påverka den, "
                "eller under den insats som redan gör det – eller ompröva prioriteringen i steg 2.",
                "Name it under «Root causes it addresses» for the utfall meant to change it, or for the insats "
                "that already does – or reconsider the priority in step 2.", oq.id)


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
            yield Finding(
                "decided_outcome_not_in_effect_logic", _step(flow, eq), name,
                f"Det beslutade utfallet «{name}» finns inte i effektlogiken.",
                f"The decided utfall (outcome) «{name}» is missing from the effektlogik (effect logic).",
                "Lägg till utfallet i effektlogiken (organisation, kort, medellång eller lång sikt) med samma "
                "formulering som i steg 3.",
                "Add it to the effect logic (organisation, short, medium or long term) in the words of step 3.",
                eq.id)


def _logic_connections(flow: Flow, state: ProcessState) -> Iterator[Finding]:
    for eq, logic in _values(flow, state, "effect_logic", EffectLogic):
        for c in logic.connections:  # type: ignore[attr-defined]
            for end in (c.source, c.target):
                if not any(same(end, item) for item in logic.items()):  # type: ignore[attr-defined]
                    yield Finding(
                        "effect_link_unknown_item", _step(flow, eq), end,
                        f"Sambandet «{c.source} → {c.target}» nämner «{end}», som inte finns i effektlogiken.",
                        f"The link «{c.source} → {c.target}» names «{end}», which is not in the effect logic.",
                        "Skriv delen exakt som i effektlogikens kolumner, eller lägg till den där.",
                        "Write the item exactly as in the effect logic's columns, or add it there.", eq.id)


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
            yield Finding(
                "plan_without_activities", step, pq.text.get("sv"),
                "Genomförandeplanen har inga aktiviteter i tabellform, så kopplingen till utfallen går inte att se.",
                "The implementation plan lists no activities as rows, so their link to the utfall cannot be seen.",
                "Lägg in planens aktiviteter som rader med ansvarig, tidplan och kopplat utfall.",
                "Enter the plan's activities as rows with owner, timetable and linked utfall (outcome).", pq.id)
        for a in plan.activities:  # type: ignore[attr-defined]
            if not a.outcome:
                yield Finding(
                    "activity_without_outcome", step, a.activity,
                    f"Aktiviteten «{a.activity}» i genomförandeplanen är inte kopplad till något utfall.",
                    f"The activity «{a.activity}» in the implementation plan is not linked to any utfall (outcome).",
                    "Ange vilket utfall aktiviteten ska bidra till (kolumnen «Kopplat utfall»).",
                    "Name the utfall it contributes to (column «Linked outcome»).", pq.id)
            elif known and not any(same(a.outcome, k) for k in known):
                yield Finding(
                    "activity_unknown_outcome", step, a.activity,
                    f"Aktiviteten «{a.activity}» är kopplad till «{a.outcome}», som inte är ett av processens utfall.",
                    f"The activity «{a.activity}» is linked to «{a.outcome}», which is not one of the process's "
                    "utfall (outcomes).",
                    "Använd utfallets formulering från steg 3 eller effektlogiken.",
                    "Use the utfall's wording from step 3 or the effect logic.", pq.id)


def _indicator_parts(flow: Flow, state: ProcessState) -> Iterator[Finding]:
    for iq, answer in _values(flow, state, "smart_indicators", IndicatorsAnswer):
        for i in answer.indicators:  # type: ignore[attr-defined]
            missing = [parts for name, parts in INDICATOR_PARTS.items() if not getattr(i, name)]
            if missing:
                yield Finding(
                    "indicator_incomplete", _step(flow, iq), i.name,
                    f"Indikatorn «{i.name}» saknar {', '.join(p[0] for p in missing)}.",
                    f"The indikator (indicator) «{i.name}» has no {', '.join(p[1] for p in missing)}.",
                    "Komplettera indikatorn, så att den kan följas upp: utgångsläge, målvärde, datum, datakälla "
                    "och ansvarig.",
                    "Complete it so it can be followed up: baseline, target, date, data source and owner.", iq.id)
