"""A yes/no (ja/delvis/nej) question takes the option's word first and keeps the rest as a comment."""

from __future__ import annotations

import pytest

from flows.answers import ChoiceAnswer
from flows.loader import get_flow
from flows.validation import validate_answer

FLOW = get_flow()
QUESTION = FLOW.question("s1.sakerstall_arbetsgrupp_styrgrupp")


@pytest.mark.parametrize(("typed", "choice", "comment"), [
    ("Ja, styrgruppen utsågs i maj", "ja", "styrgruppen utsågs i maj"),
    ("Nej – arbetsgruppen saknas än", "nej", "arbetsgruppen saknas än"),
    ("yes, the steering group was named in May", "ja", "the steering group was named in May"),
    ("Partly: no data yet", "delvis", "no data yet"),
    ("Delvis. Data saknas för två behov", "delvis", "Data saknas för två behov"),
    ("ja", "ja", None),
    ("Nej.", "nej", None),
    ("3", "nej", None),
])
def test_the_option_word_first_and_the_rest_as_comment(typed: str, choice: str, comment: str | None) -> None:
    value, problems = validate_answer(QUESTION, typed)
    assert not problems and value == ChoiceAnswer(choice=choice, comment=comment)


@pytest.mark.parametrize("typed", ["Jaha, vi får se", "Janne sa ja", "kanske"])
def test_words_that_only_start_like_an_option_are_refused_with_a_hint(typed: str) -> None:
    value, problems = validate_answer(QUESTION, typed)
    assert problems and "1. Ja, 2. Delvis, 3. Nej" in problems[0].message
    assert "kommentar kan följa efter ett kommatecken" in problems[0].message
