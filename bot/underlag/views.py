"""Tables and trees of structured answers, shared by the Markdown templates and the DOCX writer.

Every table is `(headers, rows)` with plain strings; the guide's column names are the headers.
User text is passed through untouched: escaping is the output format's business.
"""

from __future__ import annotations

from flows.answers import (
    AGE_BANDS,
    EFFECT_LINKS,
    GAP_CATEGORIES,
    HORIZONS,
    AbcdeReport,
    ConsequenceAnalysis,
    EffectLogic,
    GapChecklist,
    IndicatorsAnswer,
    InterventionMapping,
    OutcomesAnswer,
    ProblemTree,
    RiskMatrix,
    TreeNode,
)

Table = tuple[list[str], list[list[str]]]
MINUS = "\u2212"
LEVELS = {"universell": "Universell", "selektiv": "Selektiv", "indikerad": "Indikerad"}
EFFECT_LEVELS = {"resurser": "Resurser", "aktiviteter": "Aktiviteter", "utfall": "Utfall", "mal": "Mål"}
TERMS = {"kort": "Kort sikt", "lång": "Lång sikt"}


def yn(value: bool) -> str:
    return "ja" if value else "nej"


def rating(value: str | None) -> str:
    """+ / 0 / − as the consequence template prints them (a typed '-' shown as a real minus)."""
    return {"-": MINUS, "+": "+", "0": "0"}.get(value or "", "")


def tree(nodes: list[TreeNode]) -> list[tuple[int, str]]:
    """(depth, text) in reading order: each node under the node whose text its `under` names."""
    texts = {n.text for n in nodes}
    children: dict[str | None, list[int]] = {}
    for index, n in enumerate(nodes):
        parent = n.under if n.under in texts and n.under != n.text else None
        children.setdefault(parent, []).append(index)
    out: list[tuple[int, str]] = []
    seen: set[int] = set()

    def walk(parent: str | None, depth: int) -> None:
        for index in children.get(parent, []):
            if index not in seen:
                seen.add(index)
                out.append((depth, nodes[index].text))
                walk(nodes[index].text, depth + 1)

    walk(None, 0)
    out.extend((0, n.text) for i, n in enumerate(nodes) if i not in seen)  # a cycle never loses a node
    return out


def problem_fields(t: ProblemTree) -> list[tuple[str, str | None]]:
    return [("Huvudproblem", t.problem), ("Vem påverkas (ålder/kön)", t.target_group),
            ("Var finns problemet", t.location)]


def root_cause_table(t: ProblemTree, only_prioritised: bool = False) -> Table:
    rows = [[r.cause, yn(r.data_available), yn(r.municipality_can_influence), yn(r.addressed_today),
             yn(r.prioritised), r.motivation or ""] for r in t.root_causes if r.prioritised or not only_prioritised]
    return ["Rotorsak", "Data finns", "Kommunen kan påverka", "Adresseras idag", "Prioriterad", "Motivering"], rows


def outcome_table(a: OutcomesAnswer) -> Table:
    order = list(HORIZONS)
    rows = [[o.text, HORIZONS[o.horizon], LEVELS[o.prevention_level], yn(o.addresses_priority_need),
             yn(o.likely_contributes), yn(o.within_our_power), yn(o.measurable)]
            for o in sorted(a.outcomes, key=lambda o: order.index(o.horizon))]
    return ["Utfall", "Tidsperspektiv", "Preventionsnivå", "Adresserar prioriterade behov",
            "Bidrar till långsiktigt mål", "Inom vår makt att påverka", "Uppföljningsbart"], rows


def indicator_table(a: IndicatorsAnswer) -> Table:
    rows = [[i.name, i.who_what, i.baseline, i.target, i.change, i.by_when, i.data_source] for i in a.indicators]
    return ["Indikator", "Vem/vad", "Utgångsläge", "Mål", "Förflyttning", "När", "Datakälla"], rows


def indicator_detail_table(a: IndicatorsAnswer) -> Table:
    rows = [[i.name, i.method, i.follow_up_period, i.responsible, i.outcome] for i in a.indicators]
    return ["Indikator", "Datainsamlingsmetod", "Uppföljningsperiod", "Ansvarig", "Kopplat utfall"], rows


def effect_table(a: EffectLogic) -> Table:
    """The chain resurser → aktiviteter → utfall → mål as columns."""
    columns = [a.resources, a.activities, a.outcomes_organisation, a.outcomes_short, a.outcomes_long, [a.goal]]
    depth = max(len(c) for c in columns)
    return (["Resurser", "Aktiviteter", "Utfall organisation", "Utfall målgrupp kort sikt",
             "Utfall målgrupp lång sikt", "Mål"], [[c[i] if i < len(c) else "" for c in columns] for i in range(depth)])


def link_table(a: EffectLogic) -> Table:
    by_kind = {link.link: link for link in a.links}
    rows = [[question, by_kind[k].assumption if k in by_kind else None, by_kind[k].threats if k in by_kind else None]
            for k, question in EFFECT_LINKS.items()]
    return ["Koppling", "Antagande", "Hot mot kopplingen"], rows


def measure_table(a: EffectLogic) -> Table:
    rows = [[EFFECT_LEVELS[m.level], m.indicator, m.data_source] for m in a.measures]
    return ["Nivå", "Indikator", "Datakälla"], rows


def matrix_table(a: InterventionMapping) -> Table:
    """Insatskartläggning: a row per prevention level (indikerad on top, as in the guide), a column per age band."""
    rows = [[LEVELS[level]] + ["; ".join(i.name for i in a.interventions
                                         if i.prevention_level == level and band in i.age_bands) for band in AGE_BANDS]
            for level in ("indikerad", "selektiv", "universell")]
    return ["Preventionsnivå"] + [f"{band} år" for band in AGE_BANDS], rows


def intervention_table(a: InterventionMapping) -> Table:
    rows = [[i.name, i.organisation, LEVELS[i.prevention_level], ", ".join(i.age_bands), i.reach]
            for i in a.interventions]
    return ["Insats", "Förvaltning/aktör", "Preventionsnivå", "Åldersgrupper", "Hur många nås"], rows


def checklist_table(a: GapChecklist, items: dict[str, tuple[str, str]]) -> Table:
    """The checklist in its own order and groups; an unanswered item keeps its row, empty."""
    answers = {x.item: x.answer for x in a.answers}
    rows = [[group, text, answers.get(item_id)] for item_id, (group, text) in items.items()]
    rows += [["", item_id, answer] for item_id, answer in answers.items() if item_id not in items]
    return ["Område", "Frågor", "Svar"], rows


def gap_groups(a: GapChecklist) -> list[tuple[str, list[str]]]:
    return [(name, [g.description for g in a.gaps if g.category == key])
            for key, name in GAP_CATEGORIES.items() if any(g.category == key for g in a.gaps)]


def risk_table(a: RiskMatrix) -> Table:
    rows = [[r.description, r.probability, r.impact, r.priority, r.action, r.owner] for r in a.risks]
    return ["Risk", "Sannolikhet", "Påverkan", "Prioritet", "Åtgärd", "Ansvarig"], rows


def consequence_table(a: ConsequenceAnalysis) -> Table:
    rows = [[row.action, TERMS[row.term]] + [rating(row.ratings.get(p)) for p in a.perspectives]
            + [str(row.priority) if row.priority else ""] for row in a.rows]
    return ["Förslag till åtgärd", "Sikt"] + list(a.perspectives) + ["Prioritering (1–3)"], rows


def abcde_fields(a: AbcdeReport) -> list[tuple[str, str | None]]:
    return [("A – Aktiviteter", a.activities), ("B – Framsteg", a.benefits), ("C – Bekymmer", a.concerns),
            ("D – Närmaste tiden", a.do_next), ("E – Lärdomar", a.education)]


def value_table(a: AbcdeReport) -> Table:
    return ["Indikator", "Värde", "Datum"], [[v.indicator, v.value, v.date.isoformat()] for v in a.indicator_values]


VIEWS = {name: fn for name, fn in globals().items()
         if callable(fn) and not name.startswith("_") and fn.__module__ == __name__}
