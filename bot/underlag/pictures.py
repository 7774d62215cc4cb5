"""The diagrams an underlag shows, drawn on demand: {question id: PNG bytes}."""

from __future__ import annotations

from bot.underlag.diagrams import effect_logic_png, problem_tree_png
from bot.underlag.model import Underlag

_DRAW = {"problem_tree": problem_tree_png, "effect_logic": effect_logic_png}


def diagrams(u: Underlag) -> dict[str, bytes]:
    """A problem-tree or effect-logic picture for each such answer shown in `u` (once per question)."""
    values = {q.id: q.value for q in u.questions()}
    return {d.question_id: _DRAW[d.kind](values[d.question_id]) for d in u.diagrams()}


def image_names(u: Underlag, stem: str) -> dict[str, str]:
    """File names for the pictures beside a Markdown file: `<stem>_<question id>.png`."""
    return {d.question_id: f"{stem}_{d.question_id.replace('.', '_')}.png" for d in u.diagrams()}
