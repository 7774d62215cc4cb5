"""In the terminal form a linked outcome is chosen by number among the process's utfall (or typed)."""

from __future__ import annotations

from bot.forms import FormDriver, outcomes_in
from flows.answers import EffectLogic, OutcomesAnswer, SmartIndicator
from flows.state import StoredAnswer

OUTCOMES = ["Fler barn deltar i ledd fritid", "Fler föräldrar känner till utbudet"]


def fill(lines: list[str], outcomes: list[str]) -> tuple[dict, list[str]]:
    said: list[str] = []
    typed = iter(lines)
    driver = FormDriver(lambda prompt: next(typed), said.append, lambda line: False, "sv", outcomes)
    return driver.fill(SmartIndicator), said


def test_the_outcome_is_picked_by_number() -> None:
    data, said = fill(["Andel barn"] + [""] * 9 + ["2"], OUTCOMES)
    assert data["outcome"] == OUTCOMES[1]
    assert "  1. Fler barn deltar i ledd fritid" in said


def test_an_own_outcome_or_none_can_be_given() -> None:
    assert fill(["Andel barn"] + [""] * 9 + ["Eget utfall"], OUTCOMES)[0]["outcome"] == "Eget utfall"
    assert "outcome" not in fill(["Andel barn"] + [""] * 10, OUTCOMES)[0]
    assert fill(["Andel barn"] + [""] * 9 + ["Fritt"], [])[0]["outcome"] == "Fritt"  # none yet: free text


def test_the_outcomes_come_from_the_outcomes_answer_and_the_effect_logic() -> None:
    answers = {"s3.utfall": StoredAnswer(OutcomesAnswer(outcomes=[
        {"text": OUTCOMES[0], "horizon": "kort_sikt", "prevention_level": "universell"}]), 1),
        "s5.effektlogik": StoredAnswer(EffectLogic(goal="Mål", outcomes_short=[OUTCOMES[1], OUTCOMES[0]]), 1),
        "s1.mal": StoredAnswer(None, 1, skipped=True)}
    assert outcomes_in(answers) == OUTCOMES
