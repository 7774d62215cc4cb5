"""Diagrams are PNGs at Slack's width, with room for their content; big and empty answers still draw."""

from __future__ import annotations

import io
import struct

from PIL import Image

from bot.underlag.diagrams import WIDTH, effect_logic_png, problem_tree_png
from flows.answers import EffectLogic, ProblemTree


def size(png: bytes) -> tuple[int, int]:
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    return struct.unpack(">II", png[16:24])


def test_skogas_problem_tree(state):
    width, height = size(problem_tree_png(state.value("s2.problemtrad")))
    assert width == WIDTH == 800 and 400 < height < 1600


def test_skogas_effect_logic(state):
    width, height = size(effect_logic_png(state.value("s5.effektlogik")))
    assert width == 800 and 300 < height < 1600


def test_same_answer_draws_the_same_size(state):
    tree = state.value("s2.problemtrad")
    assert size(problem_tree_png(tree)) == size(problem_tree_png(tree))


def test_minimal_answers_draw():
    assert size(problem_tree_png(ProblemTree(problem="Ett problem")))[0] == 800
    assert size(effect_logic_png(EffectLogic(goal="Ett mål")))[0] == 800


def test_large_tree_grows_downwards_and_stays_readable():
    long = "Ett mycket långt orsaksträd med sammansatta ord som fritidsverksamhetssamordningsansvar " * 2
    tree = ProblemTree(problem=long, consequences=[{"text": f"Konsekvens {i}"} for i in range(12)],
                       causes=[{"text": f"Orsak {i}"} for i in range(8)]
                       + [{"text": long, "under": f"Orsak {i}"} for i in range(8)],
                       root_causes=[{"cause": f"Rotorsak {i}", "prioritised": i % 2 == 0} for i in range(10)])
    png = problem_tree_png(tree)
    width, height = size(png)
    assert width == 800 and height > 900
    Image.open(io.BytesIO(png)).verify()
