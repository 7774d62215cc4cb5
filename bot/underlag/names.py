"""Readable section names for the guide's questions (prompts/underlag/_names.md.j2), in Swedish or English."""

from __future__ import annotations

from prompts.render import constant

NAMES = "underlag/_names.md.j2"


def question_name(question_id: str, lang: str = "sv") -> str:
    """The question's name as a heading ("Långsiktigt mål"), or "" when none is given."""
    pair = constant(NAMES, "names").get(question_id)
    return "" if pair is None else pair[1 if lang == "en" else 0]


def gate_constant(template: str, name: str) -> list:
    """A gate template's list constant (`proposal`, `summary`, `consequences`); [] when it sets none."""
    try:
        return list(constant(template, name))
    except KeyError:
        return []
