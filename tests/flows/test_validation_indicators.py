"""Indicator fields refuse only what they cannot mean, in Swedish and English; the rest stays free text."""

from __future__ import annotations

import pytest

import coachtext
from flows.loader import get_flow
from flows.validation import validate_answer

QUESTION = get_flow().question("s3.indikatorer")


@pytest.mark.parametrize("field,value,refused", [
    ("target", "-5", True), ("target", "−3,5 %", True), ("baseline", "1e9", True), ("change", "2E6", True),
    ("by_when", "igår", True), ("by_when", "förra året", True), ("by_when", "för två år sedan", True),
    ("by_when", "5", True), ("by_when", "last year", True),
    ("target", "40 %", False), ("target", "minst 15 tillfällen", False), ("baseline", "32 procent", False),
    ("change", "-5 procentenheter", False), ("change", "−8 unga per år", False), ("by_when", "2030", False),
    ("by_when", "till vt 2027", False), ("by_when", "inom 2 år", False), ("follow_up_period", "-1", False),
])
def test_only_clearly_wrong_indicator_values_are_refused(field: str, value: str, refused: bool) -> None:
    for lang in ("sv", "en"):
        answer, problems = validate_answer(QUESTION, {"indicators": [{"name": "Andel", field: value}]}, lang)
        assert answer is not None and len(problems) == (1 if refused else 0), problems
        if refused:  # on the field, in the person's language
            assert problems[0].field.startswith({"sv": "Indikatorer, rad 1, ", "en": "Indicators, row 1, "}[lang])
            said = [coachtext.t(key, lang, value="").split(",")[0].split("«")[0]
                    for key in coachtext.keys("validation.indicator_")]
            assert any(problems[0].message.startswith(start) for start in said), problems[0].message
