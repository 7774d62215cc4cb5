"""Every line of text in a diagram fits its box in the 220 dpi PNG too, whose hinted glyphs are wider than
their outlines: the effect logic's legend lines used to run off the picture's right edge."""

from __future__ import annotations

import pytest

from bot.underlag.diagrams import problem_tree_drawing
from bot.underlag.drawing import PAD, PNG_DPI, _props
from bot.underlag.effect_diagram import effect_logic_drawing


def raster_width(text: str, size: float, bold: bool) -> float:
    from matplotlib.backends.backend_agg import RendererAgg

    width = RendererAgg(1, 1, PNG_DPI).get_text_width_height_descent(text, _props(size, bold), ismath=False)[0]
    return width * 72 / PNG_DPI


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_line_fits_its_box_in_the_png(state, lang):
    drawings = [effect_logic_drawing(state.value("s5.effektlogik"), lang),
                problem_tree_drawing(state.value("s2.problemtrad"), lang)]
    for drawing in drawings:
        for box in drawing.boxes:
            for line in box.lines:
                if " " in line:  # a lone word too wide for any size may stand alone (see fit)
                    assert raster_width(line, box.size, box.bold) <= box.w - 2 * PAD + 0.5, (drawing.title, line)
            assert box.x + box.w <= drawing.width + 0.01
