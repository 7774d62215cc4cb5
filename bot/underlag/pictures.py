"""The diagrams a beslutsunderlag shows, drawn on demand: {question id: PNG bytes}.

Drawing is the slow part of a render, so each picture is kept by the answer it shows (a changed
answer draws anew).
"""

from __future__ import annotations

from functools import lru_cache

from bot.underlag.diagrams import effect_logic_png, problem_tree_png
from bot.underlag.document import Beslutsunderlag
from flows.answers import EffectLogic, ProblemTree


@lru_cache(maxsize=32)
def _drawn(kind: str, answer_json: str, lang: str) -> bytes:
    if kind == "problem_tree":
        return problem_tree_png(ProblemTree.model_validate_json(answer_json), lang)
    return effect_logic_png(EffectLogic.model_validate_json(answer_json), lang)


def diagrams(d: Beslutsunderlag) -> dict[str, bytes]:
    """A problem-tree or effect-logic picture for each figure of `d` (once per question), labelled in the
    document's language (an English underlag had Swedish column names in its pictures)."""
    return {f.question_id: _drawn(f.diagram, f.value.model_dump_json(), d.lang) for f in d.figures()
            if f.value is not None}


def image_names(d: Beslutsunderlag, stem: str) -> dict[str, str]:
    """File names for the pictures beside a Markdown file: `<stem>_<question id>.png`."""
    return {f.question_id: f"{stem}_{f.question_id.replace('.', '_')}.png" for f in d.figures()}
