"""The ABCDE texts: every Swedish key has an English twin with the same placeholders; the five questions."""

from __future__ import annotations

import string

import coachtext
from bot.abcde import texts
from bot.abcde.schedule import period_label


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_swedish_key_has_an_english_twin_with_the_same_placeholders() -> None:
    sv, en = coachtext.table("abcde.", "sv"), coachtext.table("abcde.", "en")
    assert set(sv) == set(en)
    for key, text in sv.items():
        assert placeholders(text) == placeholders(en[key]), key
        assert en[key].strip(), key
    assert set(texts.questions("sv")) == set(texts.questions("en")) == set(texts.FIELDS)
    assert set(texts.cadences("sv")) == set(texts.cadences("en"))
    assert set(texts.targets("sv")) == set(texts.targets("en"))
    assert len(texts.weekdays("en")) == len(texts.weekdays("sv")) == 7


def test_the_five_questions_keep_the_guides_letters_in_each_language() -> None:
    assert [texts.questions("en")[f][0] for f in texts.FIELDS] == [
        "A – Activities", "B – Benefits", "C – Concerns", "D – Do Next", "E – Education and Learning"]
    assert [texts.questions("sv")[f][0] for f in texts.FIELDS] == [
        "A – Aktiviteter", "B – Framsteg", "C – Bekymmer", "D – Nästa steg", "E – Lärdomar"]
    assert texts.question_line("concerns", "en") == "C – Concerns: Which concerns need particular focus?"
    assert texts.question_line("concerns") == "C – Bekymmer: Vilka bekymmer kräver särskilt fokus?"


def test_s_defaults_to_swedish_and_falls_back_for_unknown_languages() -> None:
    assert texts.s("btn_report") == "Skriv rapporten"
    assert texts.s("btn_report", "en") == "Write the report"
    assert texts.s("btn_report", "fi") == "Skriv rapporten"
    assert texts.s("saved", "en", process="P", period="week 2", version=3).endswith("(version 3).")


def test_period_labels_in_english() -> None:
    assert period_label("2026-01-05", "weekly", "en") == "week 2 (2026-01-05)"
    assert period_label("2026-01-05", "biweekly", "en") == "weeks 2–3 (2026-01-05)"
    assert period_label("2026-04-06", "monthly", "en") == "April 2026 (2026-04-06)"
    assert period_label("2026-04-06", "monthly") == "april 2026 (2026-04-06)"
