"""Links by name between the answers of an imported process that lead nowhere.

An indicator names its linked utfall, a plan activity its utfall and indicator, an effect-logic arrow its
two ends, an utfall or insats the rotorsaker it addresses, an ABCDE report the indicators it measured.
The app stores such names as the team writes them (and keeps them when the utfall is later reworded),
so a sound export can hold a dangling one: import names each, with where it is, after storing the
process — refusing them would make a real export impossible to restore. An answers file is written by
hand: there a dangling name is a mistake, and the import is refused with every one listed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import coachtext
from flows.answers import (
    ANSWER_TYPES,
    AbcdeReport,
    AnswerModel,
    EffectLogic,
    ImplementationPlan,
    IndicatorsAnswer,
    InterventionMapping,
    OutcomesAnswer,
    ProblemTree,
)
from flows.consistency import same
from flows.schema import Flow


def _latest(data: dict[str, Any], flow: Flow) -> dict[str, tuple[int, AnswerModel]]:
    """question id → (version, typed value) of the newest version of each answered question."""
    newest: dict[str, dict[str, Any]] = {}
    for item in data.get("answers", []):
        qid = item["question_id"]
        if item.get("value") is not None and (qid not in newest or item["version"] > newest[qid]["version"]):
            newest[qid] = item
    known = {q.id: q for q in flow.questions()}
    return {qid: (item["version"], ANSWER_TYPES[known[qid].type].model_validate(item["value"]))
            for qid, item in newest.items() if qid in known}


def dangling_links(data: dict[str, Any], flow: Flow, lang: str = "sv") -> list[str]:
    """Every link by name that matches nothing, as «answers › QID › version N › field: what is missing».
    `data` is an export document that check_document found sound."""
    t = coachtext.table("import.link.", lang)
    latest = _latest(data, flow)

    def of(kind: type[AnswerModel]) -> list[tuple[str, int, Any]]:
        return [(qid, version, value) for qid, (version, value) in latest.items() if isinstance(value, kind)]

    outcomes = [o.text for _, _, a in of(OutcomesAnswer) for o in a.outcomes]
    outcomes += [x for _, _, e in of(EffectLogic) for x in e.items()]
    indicators = [i.name for _, _, a in of(IndicatorsAnswer) for i in a.indicators]
    causes = [r.cause for _, _, tree in of(ProblemTree) for r in tree.root_causes]
    notes: list[str] = []

    def check(where: str, name: str | None, known: list[str], key: str) -> None:
        if name and known and not any(same(name, k) for k in known):
            notes.append(f"{where}: {t[key].format(name=name)}")

    def at(qid: str, version: int, path: str) -> str:
        return f"answers › {qid} › version {version} › {path}"

    for qid, v, a in of(IndicatorsAnswer):
        for n, i in enumerate(a.indicators, 1):
            check(at(qid, v, f"indicators[{n}].outcome"), i.outcome, outcomes, "outcome")
    for qid, v, p in of(ImplementationPlan):
        for n, act in enumerate(p.activities, 1):
            check(at(qid, v, f"activities[{n}].outcome"), act.outcome, outcomes, "outcome")
            check(at(qid, v, f"activities[{n}].indicator"), act.indicator, indicators, "indicator")
    for qid, v, e in of(EffectLogic):
        for n, c in enumerate(e.connections, 1):
            check(at(qid, v, f"connections[{n}].source"), c.source, e.items(), "item")
            check(at(qid, v, f"connections[{n}].target"), c.target, e.items(), "item")
    for qid, v, a in of(OutcomesAnswer):
        for n, o in enumerate(a.outcomes, 1):
            for m, cause in enumerate(o.root_causes, 1):
                check(at(qid, v, f"outcomes[{n}].root_causes[{m}]"), cause, causes, "root_cause")
    for qid, v, mapping in of(InterventionMapping):
        for n, i in enumerate(mapping.interventions, 1):
            for m, cause in enumerate(i.root_causes, 1):
                check(at(qid, v, f"interventions[{n}].root_causes[{m}]"), cause, causes, "root_cause")
    notes += list(_report_links(data, indicators, t))
    return notes


def _report_links(data: dict[str, Any], indicators: list[str], t: dict[str, str]) -> Iterator[str]:
    for report in data.get("abcde_reports", []):
        value = AbcdeReport.model_validate(report["value"])
        for n, iv in enumerate(value.indicator_values, 1):
            if indicators and not any(same(iv.indicator, k) for k in indicators):
                yield (f"abcde_reports › {report['period_key']} › {report['author']} › version {report['version']}"
                       f" › indicator_values[{n}].indicator: {t['indicator'].format(name=iv.indicator)}")
