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


TEXT_HEIGHT_CM = 25.0  # A4 less the 2.5 cm and 2.2 cm margins
TEXT_WIDTH_CM = 16.0
LIST_RESERVE_CM = 3.5  # «Bilagor», the appendix heading and the caption
LIST_LINE_CM = 0.6  # one line of the list of appendices


def appendix_breaks(d: Beslutsunderlag, pictures: dict[str, bytes]) -> list[bool]:
    """Whether each appendix starts a new page, the same in DOCX and PDF: a picture after the first does
    (it fills its page). The first follows the list of appendices, which stays with it (alone at the top
    of a page it made a near-empty page), unless it is a picture too tall to share the page with the list:
    then it starts a page and the list ends the page before."""
    import io

    from PIL import Image

    breaks = []
    for i, part in enumerate(d.appendices):
        figure = next((b for b in part.blocks if b.kind == "figure"), None)
        if figure is None or figure.question_id not in pictures:
            breaks.append(False)
        elif i > 0:
            breaks.append(True)
        else:
            w, h = Image.open(io.BytesIO(pictures[figure.question_id])).size
            room = TEXT_HEIGHT_CM - LIST_RESERVE_CM - LIST_LINE_CM * len(d.appendices)
            breaks.append(TEXT_WIDTH_CM * h / w > room)
    return breaks
