"""The diagrams a beslutsunderlag shows, drawn on demand: {question id: PNG bytes}.

Drawing is the slow part of a render, so each picture is kept by the answer it shows (a changed
answer draws anew).
"""

from __future__ import annotations

from functools import lru_cache

from bot.underlag.diagrams import effect_logic_png, problem_tree_png
from bot.underlag.document import Beslutsunderlag
from flows.answers import EffectLogic, ProblemTree

_DRAW = {"problem_tree": (problem_tree_png, ProblemTree), "effect_logic": (effect_logic_png, EffectLogic)}


@lru_cache(maxsize=32)
def _drawn(kind: str, answer_json: str) -> bytes:
    draw, model = _DRAW[kind]
    return draw(model.model_validate_json(answer_json))


def diagrams(d: Beslutsunderlag) -> dict[str, bytes]:
    """A problem-tree or effect-logic picture for each figure of `d` (once per question)."""
    return {f.question_id: _drawn(f.diagram, f.value.model_dump_json()) for f in d.figures() if f.value is not None}


def image_names(d: Beslutsunderlag, stem: str) -> dict[str, str]:
    """File names for the pictures beside a Markdown file: `<stem>_<question id>.png`."""
    return {f.question_id: f"{stem}_{f.question_id.replace('.', '_')}.png" for f in d.figures()}
