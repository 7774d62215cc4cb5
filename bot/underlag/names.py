"""Readable section names for the guide's questions, in Swedish or English: the catalogue's
`underlag.name.<question id>` keys (coachtext/). The underlag shows these instead of the question itself
(the question stays in the appendix "Vägledningens frågor")."""

from __future__ import annotations

import coachtext
from prompts.render import constant

NAME = "underlag.name."


def question_name(question_id: str, lang: str = "sv") -> str:
    """The question's name as a heading ("Långsiktigt mål"), or "" when none is given."""
    key = NAME + question_id
    return coachtext.t(key, lang) if coachtext.has(key) else ""


def gate_constant(template: str, name: str) -> list:
    """A gate template's list constant (`proposal`, `summary`, `consequences`); [] when it sets none."""
    try:
        return list(constant(template, name))
    except KeyError:
        return []
