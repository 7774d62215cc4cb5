"""Bedömning and Vad som saknas: the gate's criteria with a status and a motivation drawn from the
answers, what is unmet with what to do, and the cross-step consistency findings.

The consistency findings come from `flows.consistency.check(flow, state) -> list[Finding]`; each says its
message and action in the reader's language (`Finding.message(lang)`, `.action(lang)`, from the catalogue).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import coachtext
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
    if c.kind == "answered":
        return coachtext.t("underlag.met.answered", lang, names=_names(c.questions, lang))
    a = values.get(c.params.get("question", ""))
    if isinstance(a, ChoiceAnswer):
        options = {o.value: o.label.get(lang) for o in flow.question(c.params["question"]).options}
        chosen = options.get(a.choice, a.choice)
        return f"{chosen} – {a.comment}" if a.comment else chosen
    if isinstance(a, ProblemTree):
        chosen = [r.cause for r in a.root_causes if r.prioritised]
        return coachtext.t("underlag.met.prioritised", lang, chosen=len(chosen), total=len(a.root_causes),
                           causes="; ".join(chosen))
    if isinstance(a, IndicatorsAnswer):
        return coachtext.t("underlag.met.indicators", lang, n=len(a.indicators))
    if isinstance(a, OutcomesAnswer):
        return coachtext.t("underlag.met.outcomes", lang, n=len(a.outcomes))
    if isinstance(a, EffectLogic):
        return coachtext.t("underlag.met.effect_logic", lang, resources=len(a.resources), activities=len(a.activities),
                           links=len(a.links))
    if isinstance(a, RiskMatrix):
        return coachtext.t("underlag.met.risks", lang, n=len(a.risks))
    if isinstance(a, GapChecklist):
        return coachtext.t("underlag.met.gaps", lang, answers=len(a.answers), gaps=len(a.gaps))
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
            motivation = coachtext.t("underlag.unmet.unanswered", lang, names=_names(open_ids, lang))
            action = coachtext.t("underlag.unmet.answer_in_step", lang, step=step, names=_names(open_ids, lang))
        else:
            motivation = "; ".join(details)
            q = c.params.get("question", "")
            where = flow.step_of(q).number if q else step
            action = coachtext.t("underlag.unmet.complete", lang, question=question_name(q, lang) or q, step=where)
        rows.append(Criterion(c.text.get(lang), "partly" if partly else "unmet", motivation))
        missing.append(Missing(c.text.get(lang), tuple(details), action, step))
    for f in findings(flow, state):
        where = getattr(f, "step", None)
        if where is None or where <= step:  # a finding about a later step is not this gate's business
            missing.append(Missing(f.message(lang), (), f.action(lang), where))
    return tuple(rows), tuple(missing)
