"""Named gate checks. Each returns the details of what is unmet; an empty list means met.

A check sees only typed answers (no Slack, no database). Flow YAML names them in a gate
criterion (`kind: check`, `check: NAME`, `params: {...}`); the loader verifies the names and params.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import coachtext
from flows.answers import AnswerModel, ChoiceAnswer, IndicatorsAnswer, ProblemTree

Answers = Mapping[str, AnswerModel]
CheckFn = Callable[..., list[str]]  # (answers, params, lang="sv") -> details of what is unmet


def _say(lang: str, key: str, **values: object) -> str:
    """The catalogue's `checks.<key>` in `lang`."""
    return coachtext.t("checks." + key, lang, **values)


def _answer(answers: Answers, params: dict[str, Any]) -> AnswerModel | None:
    return answers.get(params["question"])


def complete(answers: Answers, params: dict[str, Any], lang: str = "sv") -> list[str]:
    """The answer exists and its draft warnings are resolved (e.g. every indicator is SMART)."""
    value = _answer(answers, params)
    if value is None:
        return [_say(lang, "not_answered")]
    return value.warnings(lang)


def indicators_have_data_source(answers: Answers, params: dict[str, Any], lang: str = "sv") -> list[str]:
    value = _answer(answers, params)
    if not isinstance(value, IndicatorsAnswer):
        return [_say(lang, "no_indicators")]
    return [_say(lang, "indicator_no_source", name=i.name)
            for i in value.indicators if not i.data_source]


def problem_tree_prioritised(answers: Answers, params: dict[str, Any], lang: str = "sv") -> list[str]:
    value = _answer(answers, params)
    if not isinstance(value, ProblemTree):
        return [_say(lang, "no_problem_tree")]
    return [] if any(r.prioritised for r in value.root_causes) else [
        _say(lang, "no_prioritised_root_cause")]


def choice_in(answers: Answers, params: dict[str, Any], lang: str = "sv") -> list[str]:
    value = _answer(answers, params)
    if not isinstance(value, ChoiceAnswer):
        return [_say(lang, "not_answered")]
    return [] if value.choice in params["values"] else [_say(lang, "answer_is", choice=value.choice)]


CHECKS: dict[str, tuple[CheckFn, tuple[str, ...], str | None]] = {
    # name: (function, required params, answer type the question must have, or None for any)
    "complete": (complete, ("question",), None),
    "indicators_have_data_source": (indicators_have_data_source, ("question",), "smart_indicators"),
    "problem_tree_prioritised": (problem_tree_prioritised, ("question",), "problem_tree"),
    "choice_in": (choice_in, ("question", "values"), "choice"),
}
