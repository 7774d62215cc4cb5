"""Tables and trees of structured answers, shared by the Markdown templates and the DOCX writer.

Every table is `(headers, rows)` with plain strings; the guide's column names are the headers (in English
when `lang` is "en", keeping the guide's concept words). User text is passed through untouched: escaping is
the output format's business. `views_for(lang)` gives the templates every view with its language bound.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable

import coachtext
from flows.answers import (
    AGE_BANDS,
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
    effect_links,
    option_words,
)

Table = tuple[list[str], list[list[str]]]
MINUS = "\u2212"
AGE_BAND_LEVELS = ("universell", "selektiv", "indikerad")  # the matrix's rows, in the guide's order


def _cols(lang: str, *names: str) -> list[str]:
    """Column headers: the catalogue's `underlag.col.<name>`."""
    return [coachtext.t(f"underlag.col.{name}", lang) for name in names]


def _words(prefix: str, lang: str) -> dict[str, str]:
    return coachtext.table(prefix, lang)


def yn(value: bool, lang: str = "sv") -> str:
    return coachtext.t("underlag.yes" if value else "underlag.no", lang)


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
    names = _cols(lang, "main_problem", "who_affected", "where_problem")
    return list(zip(names, (t.problem, t.target_group, t.location), strict=True))


def root_cause_table(t: ProblemTree, only_prioritised: bool = False, lang: str = "sv") -> Table:
    rows = [[r.cause, yn(r.data_available, lang), yn(r.municipality_can_influence, lang), yn(r.addressed_today, lang),
             yn(r.prioritised, lang), r.motivation or ""]
            for r in t.root_causes if r.prioritised or not only_prioritised]
    return _cols(lang, "root_cause", "data_available", "municipality_can_influence", "addressed_today", "prioritised",
                 "motivation"), rows


def outcome_table(a: OutcomesAnswer, lang: str = "sv") -> Table:
    horizons, levels = option_words("horizon", lang), _words("underlag.level.", lang)
    order = list(horizons)
    rows = [[o.text, horizons[o.horizon], levels[o.prevention_level], yn(o.addresses_priority_need, lang),
             yn(o.likely_contributes, lang), yn(o.within_our_power, lang), yn(o.measurable, lang)]
            for o in sorted(a.outcomes, key=lambda o: order.index(o.horizon))]
    return _cols(lang, "outcome", "horizon", "prevention_level", "addresses_priority_need", "contributes_to_goal",
                 "within_our_power", "measurable"), rows


def indicator_table(a: IndicatorsAnswer, lang: str = "sv") -> Table:
    rows = [[i.name, i.who_what, i.baseline, i.target, i.change, i.by_when, i.data_source] for i in a.indicators]
    return _cols(lang, "indicator", "who_what", "baseline", "target", "change", "by_when", "data_source"), rows


def indicator_detail_table(a: IndicatorsAnswer, lang: str = "sv") -> Table:
    rows = [[i.name, i.method, i.follow_up_period, i.responsible, i.outcome] for i in a.indicators]
    return _cols(lang, "indicator", "collection_method", "follow_up_period", "responsible", "linked_outcome"), rows


def effect_table(a: EffectLogic, lang: str = "sv") -> Table:
    """The chain resurser → aktiviteter → utfall → mål as columns."""
    columns = [a.resources, a.activities, a.outcomes_organisation, a.outcomes_short, a.outcomes_long, [a.goal]]
    depth = max(len(c) for c in columns)
    return (_cols(lang, "resources", "activities", "outcomes_organisation", "outcomes_short", "outcomes_long", "goal"),
            [[c[i] if i < len(c) else "" for c in columns] for i in range(depth)])


def link_table(a: EffectLogic, lang: str = "sv") -> Table:
    by_kind = {link.link: link for link in a.links}
    rows = [[question, by_kind[k].assumption if k in by_kind else None, by_kind[k].threats if k in by_kind else None]
            for k, question in effect_links(lang).items()]
    return _cols(lang, "link", "assumption", "link_threats"), rows


def measure_table(a: EffectLogic, lang: str = "sv") -> Table:
    levels = _words("underlag.effect_level.", lang)
    rows = [[levels[m.level], m.indicator, m.data_source] for m in a.measures]
    return _cols(lang, "level", "indicator", "data_source"), rows


def band_text(band: str) -> str:
    """«6-12» as printed: an en dash between the ages (the stored value keeps the ASCII hyphen)."""
    return band.replace("-", "–")


def matrix_table(a: InterventionMapping, lang: str = "sv") -> Table:
    """Insatskartläggning: a row per prevention level in the guide's order (universell, selektiv, indikerad),
    a column per age band; «0–2 år» with a no-break space, so a header never wraps inside its band."""
    levels = _words("underlag.level.", lang)
    rows = [[levels[level]] + ["; ".join(i.name for i in a.interventions
                                         if i.prevention_level == level and band in i.age_bands) for band in AGE_BANDS]
            for level in AGE_BAND_LEVELS]
    return (_cols(lang, "prevention_level")
            + [coachtext.t("underlag.col.age_band", lang, band=band_text(band)) for band in AGE_BANDS]), rows


def intervention_table(a: InterventionMapping, lang: str = "sv") -> Table:
    levels = _words("underlag.level.", lang)
    rows = [[i.name, i.organisation, levels[i.prevention_level], ", ".join(map(band_text, i.age_bands)), i.reach]
            for i in a.interventions]
    return _cols(lang, "intervention", "organisation", "prevention_level", "age_bands", "reach"), rows


def checklist_table(a: GapChecklist, items: dict[str, tuple[str, str]], lang: str = "sv") -> Table:
    """The checklist in its own order and groups; an unanswered item keeps its row, empty."""
    answers = {x.item: x.answer for x in a.answers}
    rows = [[group, text, answers.get(item_id)] for item_id, (group, text) in items.items()]
    rows += [["", item_id, answer] for item_id, answer in answers.items() if item_id not in items]
    return _cols(lang, "area", "questions", "answer"), rows


def gap_groups(a: GapChecklist, lang: str = "sv") -> list[tuple[str, list[str]]]:
    return [(name, [g.description for g in a.gaps if g.category == key])
            for key, name in option_words("gap_category", lang).items()
            if any(g.category == key for g in a.gaps)]


def risk_table(a: RiskMatrix, lang: str = "sv") -> Table:
    rows = [[r.description, r.probability, r.impact, r.priority, r.action, r.owner] for r in a.risks]
    return _cols(lang, "risk", "probability", "impact", "priority", "action", "responsible"), rows


def consequence_table(a: ConsequenceAnalysis, lang: str = "sv") -> Table:
    terms = _words("underlag.term.", lang)
    rows = [[row.action, terms[row.term]] + [rating(row.ratings.get(p)) for p in a.perspectives]
            + [str(row.priority) if row.priority else ""] for row in a.rows]
    first, last = _cols(lang, "proposed_action", "term"), _cols(lang, "priority_1_3")
    return first + list(a.perspectives) + last, rows


def abcde_fields(a: AbcdeReport, lang: str = "sv") -> list[tuple[str, str | None]]:
    fields = ("activities", "benefits", "concerns", "do_next", "education")
    return [(coachtext.t(f"underlag.abcde.{f}", lang), getattr(a, f)) for f in fields]


def value_table(a: AbcdeReport, lang: str = "sv") -> Table:
    return (_cols(lang, "indicator", "value", "date"),
            [[v.indicator, v.value, v.date.isoformat()] for v in a.indicator_values])


VIEWS = {name: fn for name, fn in globals().items()
         if callable(fn) and not name.startswith("_") and fn.__module__ == __name__}


def views_for(lang: str) -> dict[str, Callable]:
    """Every view with `lang` bound where it takes one: what the Markdown templates call as `v.…`."""
    return {name: functools.partial(fn, lang=lang) if "lang" in inspect.signature(fn).parameters else fn
            for name, fn in VIEWS.items()}
