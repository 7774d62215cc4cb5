"""The guide's five ABCDE questions and the UI strings around them: the `abcde.` keys of the one catalogue
(coachtext/), Swedish first with an English twin of every string. The guide's slide 66 names the letters in
English («A – Activities: Vilka aktiviteter…»); the Swedish UI names them in Swedish with the guide's letter
(A – Aktiviteter, B – Framsteg, C – Bekymmer, D – Nästa steg, E – Lärdomar), the English UI with the slide's
English. The questions are quoted from the guide (`abcde.source`)."""

from __future__ import annotations

import coachtext

FIELDS = ("activities", "benefits", "concerns", "do_next", "education")
LETTER = {"activities": "A", "benefits": "B", "concerns": "C", "do_next": "D", "education": "E"}
_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def source(lang: str = "sv") -> str:
    """Where the five questions come from (the guide's Swedish title in every language)."""
    return coachtext.t("abcde.source", lang)


def questions(lang: str = "sv") -> dict[str, tuple[str, str]]:
    """field → (short label, the guide's question)."""
    return {f: (coachtext.t(f"abcde.field.{f}.short", lang), coachtext.t(f"abcde.field.{f}.question", lang))
            for f in FIELDS}


def question_line(field: str, lang: str = "sv") -> str:
    short, question = questions(lang)[field]
    return f"{short}: {question}"


def cadences(lang: str = "sv") -> dict[str, str]:
    """cadence → its words, `{day}` unfilled for the monthly one."""
    return coachtext.table("abcde.cadence.", lang)


def weekdays(lang: str = "sv") -> tuple[str, ...]:
    """Monday first, as `datetime.weekday()` counts."""
    return tuple(coachtext.t(f"abcde.weekday.{day}", lang) for day in _DAYS)


def targets(lang: str = "sv") -> dict[str, str]:
    return coachtext.table("abcde.target.", lang)


def s(key: str, lang: str = "sv", **values: object) -> str:
    """`abcde.<key>` in `lang` (Swedish when `lang` has no catalogue)."""
    return coachtext.t("abcde." + key, lang, **values)
