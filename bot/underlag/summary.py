"""A step summary on command: what was answered and by whom, what is missing, what changed since last time.

Pure: the answer history comes in as plain data (the service's `VersionView`s, or dicts with `version`,
`author`, `created_at`, `skipped`), per question id. Output is Markdown or Slack mrkdwn, user text escaped.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import coachtext
from bot.underlag.build import build_underlag
from bot.underlag.model import QuestionView, Underlag
from flows.answers import (
    ChoiceAnswer,
    ConsequenceAnalysis,
    EffectLogic,
    GapChecklist,
    IndicatorsAnswer,
    InterventionMapping,
    ListAnswer,
    OutcomesAnswer,
    ProblemTree,
    RiskMatrix,
    TextAnswer,
)
from flows.engine import step_status
from flows.schema import Flow
from flows.state import ProcessState, status_label
from flows.text import shorten
from prompts.render import md, mrkdwn, render

Since = Mapping[str, int] | dt.datetime | None


@dataclass(frozen=True)
class Change:
    question: str
    before: int  # 0 when the question had no version at the last summary
    after: int
    authors: tuple[str, ...]
    skipped: bool


def _get(version: Any, key: str) -> Any:
    return version.get(key) if isinstance(version, Mapping) else getattr(version, key, None)


def gist(q: QuestionView, width: int = 140, lang: str = "sv") -> str:
    """One line about an answer, plain text (escaped by the caller's format)."""
    a = q.value
    if isinstance(a, TextAnswer):
        return shorten(" ".join(a.text.split()), width)
    if isinstance(a, ListAnswer):
        return "; ".join(a.items)[:width] + (" …" if len("; ".join(a.items)) > width else "")
    if isinstance(a, ChoiceAnswer):
        return q.options.get(a.choice, a.choice) + (f" – {a.comment}" if a.comment else "")
    if isinstance(a, ProblemTree):
        return coachtext.t("underlag.gist.problem_tree", lang, problem=a.problem, consequences=len(a.consequences),
                           causes=len(a.causes), roots=len(a.root_causes),
                           prioritised=sum(r.prioritised for r in a.root_causes))
    counted = {OutcomesAnswer: "outcomes", IndicatorsAnswer: "indicators", InterventionMapping: "interventions",
               RiskMatrix: "risks", ConsequenceAnalysis: "rows"}  # the field counted, and its catalogue key
    for model, field in counted.items():
        if isinstance(a, model):
            return coachtext.t(f"underlag.gist.{field}", lang, n=len(getattr(a, field)))
    if isinstance(a, EffectLogic):
        return coachtext.t("underlag.gist.effect_logic", lang, resources=len(a.resources),
                           activities=len(a.activities), goal=a.goal)
    if isinstance(a, GapChecklist):
        return coachtext.t("underlag.gist.gap_checklist", lang, outcome=a.outcome, area=a.area,
                           answers=len(a.answers), gaps=len(a.gaps))
    return type(a).__name__ if a is not None else ""


def changes(flow: Flow, state: ProcessState, step: int, history: Mapping[str, Sequence[Any]] | None,
            since: Since, lang: str = "sv") -> list[Change]:
    """Answers of `step` with versions newer than `since` (a time, or the version per question seen last)."""
    out = []
    for q in flow.step(step).questions():
        versions = list((history or {}).get(q.id, ()))
        current = state.answers.get(q.id)
        if isinstance(since, dt.datetime):
            if not versions:
                continue  # no history given for it: whether it changed is unknown, so it is not claimed
            before = max((_get(v, "version") for v in versions if _get(v, "created_at") <= since), default=0)
        else:
            before = (since or {}).get(q.id, 0)
        after = current.version if current else 0
        if after > before:
            new = [v for v in versions if _get(v, "version") > before]
            authors = tuple(dict.fromkeys(str(_get(v, "author")) for v in new if _get(v, "author")))
            out.append(Change(q.text.get(lang), before, after, authors, bool(current and current.skipped)))
    return out


def step_summary(flow: Flow, state: ProcessState, step: int, *, history: Mapping[str, Sequence[Any]] | None = None,
                 versions_since: Since = None, lang: str = "sv", fmt: str = "markdown",
                 names: Mapping[str, str] | None = None, process_name: str = "") -> str:
    """The summary of one step. `versions_since` None means no earlier summary (nothing listed as changed)."""
    authors = {qid: str(_get(vs[-1], "author")) for qid, vs in (history or {}).items() if vs}
    if names:
        authors = {qid: names.get(a, a) for qid, a in authors.items()}
    u = build_underlag(flow, state, step, lang, process_name=process_name, authors=authors)
    found = changes(flow, state, step, history, versions_since, lang) if versions_since is not None else None
    if found and names:
        found = [Change(c.question, c.before, c.after, tuple(names.get(a, a) for a in c.authors), c.skipped)
                 for c in found]
    shown: dict[str, QuestionView] = {}
    for q in u.questions():
        if q.step == step and (q.answered or q.skipped):
            shown.setdefault(q.id, q)
    return render("summary/step_summary.j2", lang=lang, u=u, shown=list(shown.values()), changes=found,
                  gist=functools.partial(gist, lang=lang),
                  status=status_label(step_status(flow, state, step), lang),
                  esc=mrkdwn if fmt == "mrkdwn" else md, bold=(lambda s: f"*{s}*") if fmt == "mrkdwn" else
                  (lambda s: f"**{s}**"), bullet="•" if fmt == "mrkdwn" else "-")


def brief(u: Underlag, fmt: str = "mrkdwn") -> str:
    """Two lines to post beside an uploaded underlag: gate, readiness, the decision to take."""
    return render("summary/underlag_brief.j2", lang=u.lang, u=u, esc=mrkdwn if fmt == "mrkdwn" else md)
