"""Tables built from several answers: the implementation plan and follow-up plan of gate 6 (what, who,
when, indicator, source) and the follow-up table of gate 7 (indicator, baseline, target, latest value
from the ABCDE reports, trend).

The implementation plan reads the dated parts of the plan's text ("Sep 2025: start av skolaktiviteter")
and the effect logic's activities; who is responsible comes from the answer naming the responsible,
matched on shared Swedish word stems. Nothing is invented: a cell with no source in the answers is "–".
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence

import coachtext
from bot.abcde.analysis import stems
from bot.underlag.document import Table
from bot.underlag.tables import table
from flows.answers import AnswerModel, EffectLogic, FollowUpPlan, ImplementationPlan, IndicatorsAnswer, TextAnswer

Series = Mapping[str, Sequence[tuple[dt.date, str]]]
_PARTS = re.compile(r"(?:\n|;|(?<=[.!?])\s+)")
_MONTHS = "jan|feb|mar|apr|maj|jun|jul|aug|sep|okt|nov|dec"
_DATED = re.compile(rf"^(?P<when>[^:]{{2,28}}?\d[^:]{{0,12}}|(?:{_MONTHS})[^:]{{0,20}}):\s*(?P<what>.+)$",
                    re.IGNORECASE)
_WHO = re.compile(r"^(?P<who>.+?)\s+(?:är|ansvarar|samordnar|leder|driver)\b", re.IGNORECASE)

_NUMBER = re.compile(r"-?\d+(?:[ \u00a0]\d{3})*(?:[.,]\d+)?")


def number(text: str) -> float | None:
    """The first number in a value ("38 % (elevenkät vt 2025)" → 38.0); None when there is none."""
    m = _NUMBER.search(text or "")
    return float(m.group().replace(" ", "").replace("\u00a0", "").replace(",", ".")) if m else None


HEADERS = ("what", "who", "when", "indicator", "source")  # the catalogue's underlag.plan.<name>
FOLLOW = ("indicator", "baseline", "target", "latest", "date", "trend")


def _headers(names: tuple[str, ...], lang: str) -> tuple[str, ...]:
    return tuple(coachtext.t(f"underlag.plan.{name}", lang) for name in names)


def _text(values: Mapping[str, AnswerModel], qid: str) -> str:
    a = values.get(qid)
    return (a.text or "") if isinstance(a, TextAnswer | ImplementationPlan | FollowUpPlan) else ""


def _sources(values: Mapping[str, AnswerModel]) -> dict[str, str]:
    """Each SMART indicator's data source, by the indicator's name."""
    indicators = values.get("s3.indikatorer")
    return {i.name: i.data_source for i in (indicators.indicators if isinstance(indicators, IndicatorsAnswer) else [])
            if i.data_source}


def _planned_rows(plan: ImplementationPlan, values: Mapping[str, AnswerModel]) -> list[list]:
    """The plan's own rows: what, who, when, the indicator named (else the linked utfall) and its source."""
    sources = _sources(values)
    return [[a.activity, a.responsible, a.when, a.indicator or a.outcome, sources.get(a.indicator or "")]
            for a in plan.activities]


def _parts(text: str) -> list[str]:
    return [p.strip().rstrip(".") for p in _PARTS.split(text) if p.strip()]


def _shares(a: str, b: str) -> bool:
    wanted = stems(a)
    return bool(wanted) and len(wanted & stems(b)) >= max(1, len(wanted) // 2)


def _who(what: str, responsible: list[str], default: str) -> str:
    for part in responsible:
        if (m := _WHO.match(part)) and _shares(what, part[m.end():]):
            return m.group("who")[0].upper() + m.group("who")[1:]
    return default


def _measure(logic: EffectLogic | None, level: str) -> tuple[str, str]:
    found = [m for m in (logic.measures if logic else []) if m.level == level]
    return (found[0].indicator, found[0].data_source or "–") if found else ("–", "–")


def implementation_plan(values: Mapping[str, AnswerModel], lang: str = "sv") -> Table | None:
    logic = values.get("s5.effektlogik") if isinstance(values.get("s5.effektlogik"), EffectLogic) else None
    responsible = _parts(_text(values, "s5.ansvariga"))
    lead = next((_WHO.match(p).group("who") for p in responsible if _WHO.match(p) and "projektledare" in p), "–")
    indicator, source = _measure(logic, "aktiviteter")
    plan = values.get("s6.genomforandeplan")
    if isinstance(plan, ImplementationPlan) and plan.activities:
        rows = _planned_rows(plan, values)
        return table(_headers(HEADERS, lang), rows, key="implementation_plan")
    rows, covered = [], set()
    for part in _parts(_text(values, "s6.genomforandeplan")):
        if m := _DATED.match(part):
            what = m.group("what")[0].upper() + m.group("what")[1:]
            matched = [a for a in (logic.activities if logic else []) if _shares(a, what) or _shares(what, a)]
            covered.update(matched)
            rows.append([what, _who(what, responsible, lead), m.group("when"),
                         indicator if matched else "–", source if matched else "–"])
    for activity in (logic.activities if logic else []):
        if activity not in covered:
            rows.append([activity, _who(activity, responsible, lead), "–", indicator, source])
    return table(_headers(HEADERS, lang), rows, key="implementation_plan") if rows else None


def follow_up_plan(values: Mapping[str, AnswerModel], lang: str = "sv") -> Table | None:
    """One row per SMART indicator (what it follows, who, when, indicator, source), then the effect logic's
    measures for resources and activities."""
    plan = values.get("s6.uppfoljningsplan")
    if isinstance(plan, FollowUpPlan) and plan.rows:
        indicators = values.get("s3.indikatorer")
        names = {i.name for i in (indicators.indicators if isinstance(indicators, IndicatorsAnswer) else [])}
        rows = [[r.what, r.responsible, r.when, r.what if r.what in names else None, r.source] for r in plan.rows]
        return table(_headers(HEADERS, lang), rows, key="follow_up_plan")
    rows = []
    indicators = values.get("s3.indikatorer")
    for i in indicators.indicators if isinstance(indicators, IndicatorsAnswer) else []:
        rows.append([i.outcome or i.who_what, i.responsible, i.follow_up_period or i.by_when, i.name, i.data_source])
    logic = values.get("s5.effektlogik")
    if isinstance(logic, EffectLogic):
        for m in logic.measures:
            if m.level in ("resurser", "aktiviteter"):
                rows.append([coachtext.t(f"underlag.effect_level.{m.level}", lang), None, None, m.indicator,
                             m.data_source])
    return table(_headers(HEADERS, lang), rows, key="follow_up_plan") if rows else None


def trend(points: Sequence[tuple[dt.date, str]], baseline: str | None, lang: str = "sv") -> str:
    """↑/↓/→ from the previous reported value (or the baseline) to the latest."""
    if not points:
        return "–"
    before = points[-2][1] if len(points) > 1 else baseline
    a, b = number(before or ""), number(points[-1][1])
    if a is None or b is None:
        return "–"
    if b > a:
        return coachtext.t("underlag.trend.rising", lang)
    if b < a:
        return coachtext.t("underlag.trend.falling", lang)
    return coachtext.t("underlag.trend.unchanged", lang)


def follow_up(values: Mapping[str, AnswerModel], series: Series, lang: str = "sv") -> Table | None:
    indicators = values.get("s3.indikatorer")
    if not isinstance(indicators, IndicatorsAnswer):
        return None
    rows = []
    for i in indicators.indicators:
        points = list(series.get(i.name, ()))
        latest = points[-1] if points else None
        rows.append([i.name, i.baseline, i.target, latest[1] if latest else None,
                     latest[0].isoformat() if latest else None, trend(points, i.baseline, lang)])
    return table(_headers(FOLLOW, lang), rows, key="follow_up")


TABLES = {"implementation_plan": implementation_plan, "follow_up_plan": follow_up_plan}
