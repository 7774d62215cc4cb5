"""Diagrams, tested by rendering: sizes for a 16 cm page, an arrow per stated link, whole words only."""

from __future__ import annotations

import io
import re
import struct
import xml.etree.ElementTree as ET

import pytest
from PIL import Image

import coachtext
from bot.underlag.diagrams import (
    WIDTH,
    effect_logic_assumptions,
    effect_logic_png,
    effect_logic_svg,
    problem_tree_png,
    problem_tree_svg,
)
from bot.underlag.drawing import PAGE_WIDTH, PNG_DPI, text_width, wrap
from flows.answers import EffectLogic, ProblemTree

SVG = "{http://www.w3.org/2000/svg}"


def size(png: bytes) -> tuple[int, int]:
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    return struct.unpack(">II", png[16:24])


def svg_root(svg: bytes) -> ET.Element:
    return ET.fromstring(svg)


def texts(svg: bytes) -> list[str]:
    return [t.text or "" for t in svg_root(svg).iter(f"{SVG}text")]


def ids(svg: bytes, prefix: str) -> list[str]:
    return [g.get("id", "") for g in svg_root(svg).iter(f"{SVG}g") if g.get("id", "").startswith(prefix)]


def words(*values: str) -> set[str]:
    return {w for v in values for w in re.split(r"[\s\u00a0]+", v) if w}


def test_png_is_16_cm_at_220_dpi(state):
    assert WIDTH == int(16 / 2.54 * PNG_DPI) == 1385
    width, height = size(problem_tree_png(state.value("s2.problemtrad")))
    assert width == WIDTH and WIDTH * 0.4 < height < WIDTH * 2
    width, height = size(effect_logic_png(state.value("s5.effektlogik")))
    assert width == WIDTH and WIDTH * 0.5 < height < WIDTH * 2.5


def test_svg_is_16_cm_wide_with_a_title(state):
    root = svg_root(effect_logic_svg(state.value("s5.effektlogik")))
    assert root.get("width") == f"{PAGE_WIDTH:.6f}pt"
    assert float(root.get("height", "0").removesuffix("pt")) > 200
    assert root.find(f"{SVG}title").text.startswith("Effektlogik: ")


def test_effect_logic_has_slide_63_columns_in_order(state):
    shown = texts(effect_logic_svg(state.value("s5.effektlogik")))
    joined = " ".join(shown)  # a heading may wrap onto two lines, depending on the font's widths
    heads = ["Resurser", "Aktiviteter", "Utfall organisation", "Utfall målgrupp kort sikt",
             "Utfall målgrupp lång sikt", "Mål"]
    places = [joined.find(head) for head in heads]
    assert -1 not in places and places == sorted(places), dict(zip(heads, places, strict=True))


def test_an_arrow_for_every_stated_link_and_a_number_for_every_assumption(state):
    logic: EffectLogic = state.value("s5.effektlogik")
    svg = effect_logic_svg(logic)
    assert len(ids(svg, "link-")) == len(logic.connections)  # every one names parts of the logic
    assert len(ids(svg, "flow-")) == 5  # between the six column headings
    numbered = sum(1 for c in logic.connections if c.assumption) + sum(1 for x in logic.links if x.assumption)
    shown = texts(svg)
    assert [str(n) for n in range(1, numbered + 1)] == [t for t in shown if t.isdigit()][-numbered:]
    assert "Antaganden om sambanden" in shown
    assert all(any(c.assumption.split()[0] in t for t in shown) for c in logic.connections if c.assumption)


def test_activities_link_to_outcomes_across_the_organisation_column():
    logic = EffectLogic(goal="Mål", activities=["Torgidén"], outcomes_organisation=["Samverkan"],
                        outcomes_short=["Fler deltar"],
                        connections=[{"source": "Torgidén", "target": "Fler deltar", "assumption": "Nära"},
                                     {"source": "Torgidén", "target": "Okänd del"}])
    svg = effect_logic_svg(logic)
    assert len(ids(svg, "link-")) == 1  # a link to a part not in the logic is not drawn
    assert "1" in texts(svg)


def _bare(word: str) -> str:
    return word.strip("():,.")


def test_text_nodes_hold_whole_words_only(state):
    tree: ProblemTree = state.value("s2.problemtrad")
    logic: EffectLogic = state.value("s5.effektlogik")
    labels = [*coachtext.table("diagram.", "sv").values()]
    vocabulary = {_bare(w) for w in words(
        *labels, tree.problem, *(n.text for n in tree.consequences + tree.causes), *(r.cause for r in tree.root_causes),
        logic.goal, logic.need or "", *logic.items(),
        *(m.indicator + " " + (m.data_source or "") for m in logic.measures),
        *(f"{c.source} → {c.target} {c.assumption or ''}" for c in logic.connections),
        *(f"{x.assumption or ''} {x.threats or ''}" for x in logic.links))}
    for svg in (problem_tree_svg(tree), effect_logic_svg(logic)):
        shown = {_bare(w) for w in words(*texts(svg))}
        fragments = {w for w in shown if w not in vocabulary and not w.isdigit() and w not in {"★", "*", ""}}
        assert not fragments  # a hyphenated or cut word would show up here


@pytest.mark.parametrize("text", ["fritidsverksamhetssamordningsansvar och gymnasiebehörighet",
                                  "Svårt att vara nybörjare – andra har deltagit länge"])
def test_wrapping_never_splits_a_word(text):
    lines = wrap(text, 60, 6.5)
    if lines is None:  # one word does not fit: the caller shrinks the text, it never cuts the word
        assert any(text_width(w, 6.5) > 60 for w in text.split())
    else:
        assert " ".join(lines).split() == text.split()
        assert all(text_width(line, 6.5) <= 60 for line in lines)


def test_a_word_with_a_hyphen_may_break_after_it():
    width = max(text_width("Klubbverksamhet för", 6.5), text_width("åringar", 6.5)) + 1
    lines = wrap("Klubbverksamhet för 10–12-åringar", width, 6.5)
    assert lines == ["Klubbverksamhet för", "10–12-", "åringar"] or lines == ["Klubbverksamhet för", "10–12-åringar"]
    assert wrap("Klubbverksamhet för 10–12-åringar", text_width("10–12-", 6.5) + 1, 6.5) is None


def test_same_answer_draws_the_same_bytes(state):
    tree = state.value("s2.problemtrad")
    assert problem_tree_svg(tree) == problem_tree_svg(tree.model_copy())
    assert size(problem_tree_png(tree)) == size(problem_tree_png(tree))


def test_minimal_answers_draw():
    assert size(problem_tree_png(ProblemTree(problem="Ett problem")))[0] == WIDTH
    assert size(effect_logic_png(EffectLogic(goal="Ett mål")))[0] == WIDTH
    assert len(ids(effect_logic_svg(EffectLogic(goal="Ett mål")), "flow-")) == 5


def test_large_tree_grows_downwards_and_long_words_shrink_instead_of_breaking():
    long = "Ett mycket långt orsaksträd med sammansatta ord som fritidsverksamhetssamordningsansvar " * 2
    tree = ProblemTree(problem=long, consequences=[{"text": f"Konsekvens {i}"} for i in range(12)],
                       causes=[{"text": f"Orsak {i}"} for i in range(8)]
                       + [{"text": long, "under": f"Orsak {i}"} for i in range(8)],
                       root_causes=[{"cause": f"Rotorsak {i}", "prioritised": i % 2 == 0} for i in range(10)])
    png = problem_tree_png(tree)
    width, height = size(png)
    small = ProblemTree(problem="Få barn deltar", consequences=[{"text": "Otrygghet"}],
                        causes=[{"text": "Brist på aktiviteter"}], root_causes=[{"cause": "Brist på aktiviteter"}])
    assert width == WIDTH and height > 1.5 * size(problem_tree_png(small))[1]  # the page width stays, it grows down
    Image.open(io.BytesIO(png)).verify()
    assert "fritidsverksamhetssamordningsansvar" in texts(problem_tree_svg(tree))


def test_english_labels(state):
    shown = " ".join(texts(effect_logic_svg(state.value("s5.effektlogik"), lang="en")))
    assert "Resources" in shown and "Assumptions about the links" in shown and "Resurser" not in shown
    assert "Consequences" in " ".join(texts(problem_tree_svg(state.value("s2.problemtrad"), lang="en")))


def test_the_medium_term_column_appears_when_used():
    logic = EffectLogic(goal="Mål", outcomes_short=["A"], outcomes_medium=["B"], outcomes_long=["C"],
                        connections=[{"source": "A", "target": "B"}, {"source": "B", "target": "C"}])
    svg = effect_logic_svg(logic)
    assert "medellång sikt" in " ".join(texts(svg))
    assert len(ids(svg, "flow-")) == 6 and len(ids(svg, "link-")) == 2


def test_the_legend_can_be_left_to_the_document(state):
    logic: EffectLogic = state.value("s5.effektlogik")
    notes = effect_logic_assumptions(logic)
    assert len(notes) == sum(1 for c in logic.connections if c.assumption) + sum(1 for x in logic.links if x.assumption)
    assert notes[0].startswith("Resurser → Aktiviteter: ")
    bare = texts(effect_logic_svg(logic, legend=False))
    assert "Antaganden om sambanden" not in bare and str(len(notes)) in bare  # badges stay on the arrows
    assert size(effect_logic_png(logic, legend=False))[1] < size(effect_logic_png(logic))[1]


def test_numbers_on_arrows_stand_apart_and_text_is_printable(state):
    """Geometry, not font widths: no two numbered badges overlap (7–10 piled up on the arrows into one
    column), and the assumptions are at least 8 pt at print size (they were 6.5)."""
    from bot.underlag.drawing import BADGE_RADIUS
    from bot.underlag.effect_diagram import effect_logic_drawing

    drawing = effect_logic_drawing(state.value("s5.effektlogik"))
    centres = [a.badge or ((a.start[0] + a.end[0]) / 2, (a.start[1] + a.end[1]) / 2)
               for a in drawing.arrows if a.number is not None]
    assert len(centres) >= 4
    for i, (x, y) in enumerate(centres):
        assert all((x - u) ** 2 + (y - v) ** 2 >= (2 * BADGE_RADIUS) ** 2 for u, v in centres[i + 1:])
    legend = [b for b in drawing.boxes if " → " in b.text]  # the numbered assumptions, a line wide
    assert len(legend) == len(drawing.notes) and all(b.size >= 8 for b in legend)


def test_root_causes_say_data_in_words_not_a_second_mark():
    root = {"cause": "Prissättning", "prioritised": True, "data_available": True}
    tree = ProblemTree(problem="P", root_causes=[root])
    shown = " ".join(texts(problem_tree_svg(tree)))
    assert "★" in shown and "(data finns)" in shown and "*" not in shown
