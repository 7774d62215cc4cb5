"""Golden files for the full Skogås example, every gate: the content model as JSON (what every format
shows), the proposals drafted from the answers when no decision is recorded, and the Markdown.

Regenerate after an intended change with `UPDATE_GOLDEN=1 pytest tests/underlag/test_golden.py` and
review the diff: it is the document a nämnd reads.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from bot.underlag import as_data, build_document, build_underlag, image_names, to_markdown
from tests.fixtures import skogas_state
from tests.underlag.conftest import TODAY

GOLDEN = Path(__file__).parent / "golden"
SERIES = {"Andel barn 10–12 år i Skogås som deltar i ledarledd fritidsaktivitet varje vecka":
          [(TODAY.replace(year=2025, month=12, day=15), "41 %"), (TODAY.replace(month=6, day=10), "46 %")]}


def check(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        GOLDEN.mkdir(exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    assert path.exists(), f"no golden file {path.name}; run with UPDATE_GOLDEN=1"
    assert text.encode("utf-8") == path.read_bytes(), f"{path.name} differs; UPDATE_GOLDEN=1 to accept"


def document(flow, state, step):
    return build_document(flow, state, step, "sv", process_name="Meningsfull fritid i Skogås", today=TODAY,
                          author="Anna Koordinator", indicator_values=SERIES)


@pytest.mark.parametrize("step", range(1, 8))
def test_content_model_matches_golden(flow, state, step):
    check(f"gate_{step}.json", json.dumps(as_data(document(flow, state, step)), ensure_ascii=False, indent=1) + "\n")


@pytest.mark.parametrize("step", range(1, 8))
def test_gate_markdown_matches_golden(flow, state, step):
    d = document(flow, state, step)
    check(f"gate_{step}.md", to_markdown(d, images=image_names(d, f"underlag_steg{step}")))


def test_proposals_drafted_from_the_answers_match_golden(flow):
    undecided = skogas_state(flow, decided=False)
    proposals = {step: as_data(document(flow, undecided, step).proposal) for step in range(1, 8)}
    assert all(p["basis"] == "answers" for p in proposals.values())
    check("proposals.json", json.dumps(proposals, ensure_ascii=False, indent=1) + "\n")


@pytest.mark.parametrize("step", range(1, 8))
def test_every_question_of_the_step_has_a_place_in_its_gate_template(flow, state, step):
    """The template's layout covers the whole step, so nothing lands under "Övriga svar"."""
    u = build_underlag(flow, state, step, today=TODAY)
    assert "Övriga svar" not in [s.heading for s in u.sections]
    assert {q.id for q in flow.step(step).questions()} <= {q.id for q in u.questions()}


@pytest.mark.parametrize("step", range(1, 8))
def test_golden_has_the_parts_of_a_beslutsunderlag_in_order(step):
    text = (GOLDEN / f"gate_{step}.md").read_text(encoding="utf-8")
    order = ["## Förslag till beslut", "## Sammanfattning", "## Ärendet", "## Bedömning", "## Vad som saknas",
             "## Bilagor", "## Källor"]
    assert [text.index(h) for h in order] == sorted(text.index(h) for h in order)
    assert "1. att " in text.split("## Sammanfattning")[0]
    assert "Huddinge kommun (i samarbete med RISE), 2024" in text
    assert "Inget saknas" in text  # every gate of the example is ready
    assert "?\n" not in text.split("## Bilagor")[0]  # no question-form headings before the appendices
