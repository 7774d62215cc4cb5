"""Golden files: the Markdown underlag of the full Skogås example for every gate, byte for byte.

Regenerate after an intended change with `UPDATE_GOLDEN=1 pytest tests/underlag/test_golden.py`
and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.underlag import build_underlag, image_names, to_markdown
from tests.underlag.conftest import TODAY

GOLDEN = Path(__file__).parent / "golden"


@pytest.mark.parametrize("step", range(1, 8))
def test_gate_markdown_matches_golden(flow, state, step):
    u = build_underlag(flow, state, step, "sv", process_name="Meningsfull fritid i Skogås", today=TODAY)
    text = to_markdown(u, images=image_names(u, f"underlag_steg{step}"))
    path = GOLDEN / f"gate_{step}.md"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        GOLDEN.mkdir(exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    assert path.exists(), f"no golden file {path.name}; run with UPDATE_GOLDEN=1"
    assert text.encode("utf-8") == path.read_bytes(), f"{path.name} differs; UPDATE_GOLDEN=1 to accept"


@pytest.mark.parametrize("step", range(1, 8))
def test_every_question_of_the_step_has_a_place_in_its_gate_template(flow, state, step):
    """The template's layout covers the whole step, so nothing lands under "Övriga svar"."""
    u = build_underlag(flow, state, step, today=TODAY)
    assert "Övriga svar" not in [s.heading for s in u.sections]
    shown = {q.id for q in u.questions()}
    assert {q.id for q in flow.step(step).questions()} <= shown


@pytest.mark.parametrize("step", range(1, 8))
def test_golden_has_the_fixed_parts(flow, state, step):
    text = (GOLDEN / f"gate_{step}.md").read_text(encoding="utf-8")
    for heading in ("## Saknas", "## Beslut att fatta", "## Fattat beslut", "## Källor"):
        assert heading in text
    assert flow.step(step).gate.decision.sv in text
    assert "Vägledning Datadriven områdesutveckling" in text
    assert "Inget saknas" in text  # every gate of the example is ready
