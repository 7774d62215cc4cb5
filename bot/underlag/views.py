"""Tables and trees of structured answers, shared by the Markdown templates and the DOCX writer.

Every table is `(headers, rows)` with plain strings; the guide's column names are the headers (in English
when `lang` is "en", keeping the guide's concept words). User text is passed through untouched: escaping is
the output format's business. `views_for(lang)` gives the templates every view with its language bound.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable

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
LEVELS_EN = {"universell": "Universell (universal)", "selektiv": "Selektiv (selective)",
             "indikerad": "Indikerad (indicated)"}
EFFECT_LEVELS_EN = {"resurser": "Resources", "aktiviteter": "Activities", "utfall": "Utfall (outcomes)",
                    "mal": "Goal"}
TERMS_EN = {"kort": "Short term", "lång": "Long term"}
HORIZONS_EN = {"process": "Process utfall (organisation)", "kort_sikt": "Target group – short term",
               "medel_sikt": "Target group – medium term",
               "lang_sikt": "Target group – long term"}
EFFECT_LINKS_EN = {
    "resurser_aktiviteter": "Why do the resources lead to the activities?",
    "aktiviteter_utfall_kort": "Why do the activities lead to the short-term utfall (outcomes)?",
    "utfall_kort_utfall_lang": "Why do short-term utfall lead to long-term utfall?",
    "utfall_mal": "Why do the utfall lead to the effect?",
}
GAP_CATEGORIES_EN = {"malgrupp": "Target group gap", "kvalitet": "Quality gap", "organisation": "Organisation gap",
                     "insats": "Intervention gap"}


def _en(lang: str) -> bool:
    return lang == "en"


def _pick(lang: str, sv, en):
    return en if _en(lang) else sv


def yn(value: bool, lang: str = "sv") -> str:
    if _en(lang):
        return "yes" if value else "no"
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


def problem_fields(t: ProblemTree, lang: str = "sv") -> list[tuple[str, str | None]]:
    names = _pick(lang, ("Huvudproblem", "Vem påverkas (ålder/kön)", "Var finns problemet"),
                  ("Main problem", "Who is affected (age/gender)", "Where the problem is"))
    return list(zip(names, (t.problem, t.target_group, t.location), strict=True))


def root_cause_table(t: ProblemTree, only_prioritised: bool = False, lang: str = "sv") -> Table:
    rows = [[r.cause, yn(r.data_available, lang), yn(r.municipality_can_influence, lang), yn(r.addressed_today, lang),
             yn(r.prioritised, lang), r.motivation or ""]
            for r in t.root_causes if r.prioritised or not only_prioritised]
    return _pick(lang, ["Rotorsak", "Data finns", "Kommunen kan påverka", "Adresseras idag", "Prioriterad",
                        "Motivering"],
                 ["Rotorsak (root cause)", "Data available", "Municipality can influence", "Addressed today",
                  "Prioritised", "Motivation"]), rows


def outcome_table(a: OutcomesAnswer, lang: str = "sv") -> Table:
    order = list(HORIZONS)
    horizons, levels = _pick(lang, (HORIZONS, LEVELS), (HORIZONS_EN, LEVELS_EN))
    rows = [[o.text, horizons[o.horizon], levels[o.prevention_level], yn(o.addresses_priority_need, lang),
             yn(o.likely_contributes, lang), yn(o.within_our_power, lang), yn(o.measurable, lang)]
            for o in sorted(a.outcomes, key=lambda o: order.index(o.horizon))]
    return _pick(lang, ["Utfall", "Tidsperspektiv", "Preventionsnivå", "Adresserar prioriterade behov",
                        "Bidrar till långsiktigt mål", "Inom vår makt att påverka", "Uppföljningsbart"],
                 ["Utfall (outcome)", "Time horizon", "Prevention level", "Addresses prioritised needs",
                  "Contributes to the long-term goal", "Within our power to influence", "Measurable"]), rows


def indicator_table(a: IndicatorsAnswer, lang: str = "sv") -> Table:
    rows = [[i.name, i.who_what, i.baseline, i.target, i.change, i.by_when, i.data_source] for i in a.indicators]
    return _pick(lang, ["Indikator", "Vem/vad", "Utgångsläge", "Mål", "Förflyttning", "När", "Datakälla"],
                 ["Indikator (indicator)", "Who/what", "Baseline", "Target", "Change", "By when",
                  "Data source"]), rows


def indicator_detail_table(a: IndicatorsAnswer, lang: str = "sv") -> Table:
    rows = [[i.name, i.method, i.follow_up_period, i.responsible, i.outcome] for i in a.indicators]
    return _pick(lang, ["Indikator", "Datainsamlingsmetod", "Uppföljningsperiod", "Ansvarig", "Kopplat utfall"],
                 ["Indikator (indicator)", "Data collection method", "Follow-up period", "Responsible",
                  "Linked utfall (outcome)"]), rows


def effect_table(a: EffectLogic, lang: str = "sv") -> Table:
    """The chain resurser → aktiviteter → utfall → mål as columns."""
    columns = [a.resources, a.activities, a.outcomes_organisation, a.outcomes_short, a.outcomes_long, [a.goal]]
    depth = max(len(c) for c in columns)
    return (_pick(lang, ["Resurser", "Aktiviteter", "Utfall organisation", "Utfall målgrupp kort sikt",
                         "Utfall målgrupp lång sikt", "Mål"],
                  ["Resources", "Activities", "Utfall (outcomes) organisation", "Utfall target group short term",
                   "Utfall target group long term", "Goal"]),
            [[c[i] if i < len(c) else "" for c in columns] for i in range(depth)])


def link_table(a: EffectLogic, lang: str = "sv") -> Table:
    by_kind = {link.link: link for link in a.links}
    rows = [[question, by_kind[k].assumption if k in by_kind else None, by_kind[k].threats if k in by_kind else None]
            for k, question in _pick(lang, EFFECT_LINKS, EFFECT_LINKS_EN).items()]
    return _pick(lang, ["Koppling", "Antagande", "Hot mot kopplingen"],
                 ["Link", "Assumption", "Threats to the link"]), rows


def measure_table(a: EffectLogic, lang: str = "sv") -> Table:
    levels = _pick(lang, EFFECT_LEVELS, EFFECT_LEVELS_EN)
    rows = [[levels[m.level], m.indicator, m.data_source] for m in a.measures]
    return _pick(lang, ["Nivå", "Indikator", "Datakälla"], ["Level", "Indikator (indicator)", "Data source"]), rows


def band_text(band: str) -> str:
    """«6-12» as printed: an en dash between the ages (the stored value keeps the ASCII hyphen)."""
    return band.replace("-", "–")


def matrix_table(a: InterventionMapping, lang: str = "sv") -> Table:
    """Insatskartläggning: a row per prevention level in the guide's order (universell, selektiv, indikerad),
    a column per age band; «0–2 år» with a no-break space, so a header never wraps inside its band."""
    levels = _pick(lang, LEVELS, LEVELS_EN)
    rows = [[levels[level]] + ["; ".join(i.name for i in a.interventions
                                         if i.prevention_level == level and band in i.age_bands) for band in AGE_BANDS]
            for level in ("universell", "selektiv", "indikerad")]
    return ([_pick(lang, "Preventionsnivå", "Prevention level")]
            + [f"{band_text(band)}\u00a0{_pick(lang, 'år', 'years')}" for band in AGE_BANDS]), rows


def intervention_table(a: InterventionMapping, lang: str = "sv") -> Table:
    levels = _pick(lang, LEVELS, LEVELS_EN)
    rows = [[i.name, i.organisation, levels[i.prevention_level], ", ".join(map(band_text, i.age_bands)), i.reach]
            for i in a.interventions]
    return _pick(lang, ["Insats", "Förvaltning/aktör", "Preventionsnivå", "Åldersgrupper", "Hur många nås"],
                 ["Insats (intervention)", "Administration/actor", "Prevention level", "Age bands", "Reach"]), rows


def checklist_table(a: GapChecklist, items: dict[str, tuple[str, str]], lang: str = "sv") -> Table:
    """The checklist in its own order and groups; an unanswered item keeps its row, empty."""
    answers = {x.item: x.answer for x in a.answers}
    rows = [[group, text, answers.get(item_id)] for item_id, (group, text) in items.items()]
    rows += [["", item_id, answer] for item_id, answer in answers.items() if item_id not in items]
    return _pick(lang, ["Område", "Frågor", "Svar"], ["Area", "Questions", "Answer"]), rows


def gap_groups(a: GapChecklist, lang: str = "sv") -> list[tuple[str, list[str]]]:
    return [(name, [g.description for g in a.gaps if g.category == key])
            for key, name in _pick(lang, GAP_CATEGORIES, GAP_CATEGORIES_EN).items()
            if any(g.category == key for g in a.gaps)]


def risk_table(a: RiskMatrix, lang: str = "sv") -> Table:
    rows = [[r.description, r.probability, r.impact, r.priority, r.action, r.owner] for r in a.risks]
    return _pick(lang, ["Risk", "Sannolikhet", "Påverkan", "Prioritet", "Åtgärd", "Ansvarig"],
                 ["Risk", "Probability", "Impact", "Priority", "Action", "Responsible"]), rows


def consequence_table(a: ConsequenceAnalysis, lang: str = "sv") -> Table:
    terms = _pick(lang, TERMS, TERMS_EN)
    rows = [[row.action, terms[row.term]] + [rating(row.ratings.get(p)) for p in a.perspectives]
            + [str(row.priority) if row.priority else ""] for row in a.rows]
    first, last = _pick(lang, (["Förslag till åtgärd", "Sikt"], ["Prioritering (1–3)"]),
                        (["Proposed action", "Term"], ["Priority (1–3)"]))
    return first + list(a.perspectives) + last, rows


def abcde_fields(a: AbcdeReport, lang: str = "sv") -> list[tuple[str, str | None]]:
    names = _pick(lang, ("A – Aktiviteter", "B – Framsteg", "C – Bekymmer", "D – Närmaste tiden", "E – Lärdomar"),
                  ("A – Activities", "B – Benefits", "C – Concerns", "D – Do Next", "E – Education and Learning"))
    return list(zip(names, (a.activities, a.benefits, a.concerns, a.do_next, a.education), strict=True))


def value_table(a: AbcdeReport, lang: str = "sv") -> Table:
    return (_pick(lang, ["Indikator", "Värde", "Datum"], ["Indikator (indicator)", "Value", "Date"]),
            [[v.indicator, v.value, v.date.isoformat()] for v in a.indicator_values])


VIEWS = {name: fn for name, fn in globals().items()
         if callable(fn) and not name.startswith("_") and fn.__module__ == __name__}


def views_for(lang: str) -> dict[str, Callable]:
    """Every view with `lang` bound where it takes one: what the Markdown templates call as `v.…`."""
    return {name: functools.partial(fn, lang=lang) if "lang" in inspect.signature(fn).parameters else fn
            for name, fn in VIEWS.items()}
