"""Bedömning and Vad som saknas: the gate's criteria with a status and a motivation drawn from the
answers, what is unmet with what to do, and the cross-step consistency findings.

The consistency checks live in `flows.consistency.check(flow, state) -> list[Finding]` (fields `code,
step, item, message_sv, message_en, action_sv, action_en`); until that module exists, none are shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.underlag.document import Criterion, Missing
from bot.underlag.labels import label
from bot.underlag.names import question_name
from flows.answers import (
    AnswerModel,
    ChoiceAnswer,
    EffectLogic,
    GapChecklist,
    IndicatorsAnswer,
    OutcomesAnswer,
    ProblemTree,
    RiskMatrix,
)
from flows.engine import gate_readiness
from flows.schema import Criterion as CriterionDef
from flows.schema import Flow
from flows.state import ProcessState


def findings(flow: Flow, state: ProcessState) -> list[Any]:
    """Cross-step consistency findings, or [] while flows/consistency.py is not there."""
    try:
        from flows.consistency import check
    except ImportError:
        return []
    return list(check(flow, state))


def _names(ids: list[str], lang: str) -> str:
    return ", ".join(question_name(i, lang) or i for i in ids)


def _met_motivation(flow: Flow, c: CriterionDef, values: Mapping[str, AnswerModel], lang: str) -> str:
    sv = lang == "sv"
    if c.kind == "answered":
        return (f"Besvarat: {_names(c.questions, lang)}." if sv else f"Answered: {_names(c.questions, lang)}.")
    a = values.get(c.params.get("question", ""))
    if isinstance(a, ChoiceAnswer):
        options = {o.value: o.label.get(lang) for o in flow.question(c.params["question"]).options}
        chosen = options.get(a.choice, a.choice)
        return f"{chosen} – {a.comment}" if a.comment else chosen
    if isinstance(a, ProblemTree):
        chosen = [r.cause for r in a.root_causes if r.prioritised]
        return (f"{len(chosen)} av {len(a.root_causes)} rotorsaker prioriterade: {'; '.join(chosen)}." if sv else
                f"{len(chosen)} of {len(a.root_causes)} root causes prioritised: {'; '.join(chosen)}.")
    if isinstance(a, IndicatorsAnswer):
        return (f"Alla {len(a.indicators)} indikatorer har datakälla." if sv
                else f"All {len(a.indicators)} indicators have a data source.")
    if isinstance(a, OutcomesAnswer):
        return (f"Alla {len(a.outcomes)} utfall uppfyller de fyra kriterierna." if sv
                else f"All {len(a.outcomes)} outcomes meet the four criteria.")
    if isinstance(a, EffectLogic):
        return (f"{len(a.resources)} resurser, {len(a.activities)} aktiviteter och antaganden för alla "
                f"{len(a.links)} kopplingar." if sv else f"Assumptions for all {len(a.links)} links.")
    if isinstance(a, RiskMatrix):
        return (f"Alla {len(a.risks)} risker har åtgärd och ansvarig." if sv
                else f"All {len(a.risks)} risks have an action and an owner.")
    if isinstance(a, GapChecklist):
        return (f"{len(a.answers)} checkfrågor besvarade, {len(a.gaps)} gap sammanställda." if sv
                else f"{len(a.answers)} check questions answered, {len(a.gaps)} gaps compiled.")
    return label(lang, "met")


def assessment(flow: Flow, state: ProcessState, step: int,
               lang: str) -> tuple[tuple[Criterion, ...], tuple[Missing, ...]]:
    """The criteria table and what is missing for gate `step` (unmet criteria first, then consistency findings)."""
    gate = flow.step(step).gate
    readiness = gate_readiness(flow, state, step, lang)
    unmet = {u.criterion_id: u for u in readiness.unmet}
    values = state.answered_values()
    rows, missing = [], []
    for c in gate.criteria:
        if c.id not in unmet:
            rows.append(Criterion(c.text.get(lang), "met", _met_motivation(flow, c, values, lang)))
            continue
        details = unmet[c.id].details
        partly = c.kind == "answered" and any(q in values for q in c.questions)
        if c.kind == "answered":
            open_ids = [q for q in c.questions if q not in values]
            motivation = (f"Obesvarat: {_names(open_ids, lang)}." if lang == "sv"
                          else f"Unanswered: {_names(open_ids, lang)}.")
            action = (f"Besvara i steg {step}: {_names(open_ids, lang)}." if lang == "sv"
                      else f"Answer in step {step}: {_names(open_ids, lang)}.")
        else:
            motivation = "; ".join(details)
            q = c.params.get("question", "")
            where = flow.step_of(q).number if q else step
            action = (f"Komplettera {question_name(q, lang) or q} i steg {where}." if lang == "sv"
                      else f"Complete {question_name(q, lang) or q} in step {where}.")
        rows.append(Criterion(c.text.get(lang), "partly" if partly else "unmet", motivation))
        missing.append(Missing(c.text.get(lang), tuple(details), action, step))
    for f in findings(flow, state):
        where = getattr(f, "step", None)
        if where is None or where <= step:  # a finding about a later step is not this gate's business
            en = lang == "en"
            missing.append(Missing(getattr(f, "message_en" if en else "message_sv"), (),
                                   getattr(f, "action_en" if en else "action_sv", None), where))
    return tuple(rows), tuple(missing)
