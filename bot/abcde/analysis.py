"""The step-7 period summary, pure: recurring concerns (C), plans (D) never followed by an activity (A),
lessons (E) and indicator values over time. Word overlap on Swedish stems (PyStemmer 'swedish')."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import Stemmer

from bot.abcde.views import StoredReport

STOPWORDS = frozenset("""
alla allt att av bara blev bli blir de dem den denna deras dess det detta dig din dina ditt du där efter eller
en ett fick finns fler för från får genom ha hade han har hela hon hur här i inför inga inget inom inte jag
kan kunde man med mellan men mer mig min mitt mot mycket ni nu när någon något några och om oss på samma
sedan sig sin sina sitt ska skulle som så till under upp ut utan vad var vara varit vi vid vilka vilken vill
även än ännu också bör nya ny nytt fortsätta fortsatt göra gör gjort gjorde behöver vecka veckan
""".split())
_WORD = re.compile(r"[a-zåäöéü]+(?:-[a-zåäöéü]+)*", re.IGNORECASE)
_SPLIT = re.compile(r"(?:\n|;|(?<=[.!?])\s+)")
MIN_SHARED = 0.5  # a plan counts as done when an activity shares half of its significant stems


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("swedish")


def stems(text: str) -> frozenset[str]:
    words = [w.lower() for w in _WORD.findall(text)]
    return frozenset(s for s in _stemmer().stemWords([w for w in words if w not in STOPWORDS and len(w) > 2])
                     if len(s) > 2)


def items(text: str | None) -> list[str]:
    """One report field as items: lines, bullets, semicolons or sentences."""
    parts = (p.strip().lstrip("•-*·–").strip() for p in _SPLIT.split(text or ""))
    return [p for p in parts if p]


@dataclass(frozen=True)
class Item:
    period_key: str
    period_label: str
    author: str
    text: str


@dataclass(frozen=True)
class Concern:
    word: str  # the most frequent surface word of the shared stem
    periods: tuple[str, ...]
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Summary:
    periods: tuple[str, ...]
    reports: int
    concerns: tuple[Concern, ...]
    open_plans: tuple[Item, ...]
    lessons: tuple[Item, ...]
    indicators: dict[str, list[tuple[date, str]]] = field(default_factory=dict)


def _items(reports: Iterable[StoredReport], name: str) -> list[Item]:
    return [Item(r.period_key, r.period_label, r.author, text)
            for r in reports for text in items(getattr(r.report, name))]


def recurring_concerns(reports: list[StoredReport]) -> list[Concern]:
    concerns = _items(reports, "concerns")
    by_stem: dict[str, list[Item]] = defaultdict(list)
    surface: dict[str, Counter[str]] = defaultdict(Counter)
    for item in concerns:
        for word in _WORD.findall(item.text):
            stem = next(iter(stems(word)), None)
            if stem:
                surface[stem][word.lower()] += 1
                if item not in by_stem[stem]:
                    by_stem[stem].append(item)
    found = []
    for stem, hits in by_stem.items():
        periods = tuple(dict.fromkeys(i.period_key for i in hits))
        if len(periods) >= 2:
            found.append(Concern(surface[stem].most_common(1)[0][0], periods, tuple(hits)))
    return sorted(found, key=lambda c: (-len(c.periods), -len(c.items), c.word))


def open_plans(reports: list[StoredReport]) -> list[Item]:
    """D items of every period but the last that no later A item follows up (by shared stems)."""
    keys = sorted({r.period_key for r in reports})
    activities = [(i.period_key, stems(i.text)) for i in _items(reports, "activities")]
    missing = []
    for plan in _items(reports, "do_next"):
        if plan.period_key == keys[-1]:
            continue  # its activities are still to come
        wanted = stems(plan.text)
        if not wanted:
            continue
        done = any(key > plan.period_key and len(wanted & done_stems) >= max(1, MIN_SHARED * len(wanted))
                   for key, done_stems in activities)
        if not done:
            missing.append(plan)
    return missing


def indicator_series(reports: list[StoredReport]) -> dict[str, list[tuple[date, str]]]:
    series: dict[str, dict[date, str]] = defaultdict(dict)
    for report in reports:  # oldest first: a later report's value for the same date wins
        for value in report.report.indicator_values:
            series[value.indicator][value.date] = value.value
    return {name: sorted(points.items()) for name, points in sorted(series.items())}


def summarize(reports: list[StoredReport]) -> Summary:
    return Summary(periods=tuple(dict.fromkeys(r.period_key for r in reports)), reports=len(reports),
                   concerns=tuple(recurring_concerns(reports)), open_plans=tuple(open_plans(reports)) if reports
                   else (), lessons=tuple(_items(reports, "education")), indicators=indicator_series(reports))
