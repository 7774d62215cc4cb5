"""The underlag in English (lang "en"): headings, fixed words and table column names, for every gate, in
Markdown and DOCX. The Swedish golden files stay as they are (tests/underlag/test_golden.py)."""

from __future__ import annotations

import io

import pytest
from docx import Document

import coachtext
from bot.underlag import build_document, image_names, to_docx, to_markdown
from bot.underlag import views as v
from tests.underlag.conftest import TODAY

SWEDISH_ONLY = ("| Rotorsak |", "Tidsperspektiv", "Preventionsnivå", "Utgångsläge", "Datakälla", "Antaganden kring",
                "Hot mot kopplingen", "Förvaltning/aktör", "Sannolikhet", "Förslag till åtgärd", "Konsekvenser",
                "Orsaker", "Underlag för beslut", "Beslut att fatta", "Källor", "| ja |", "| nej |",
                "Förslag till beslut", "Sammanfattning", "Bedömning", "Vad som saknas", "Bilaga", "Uppfyllt",
                "besvarad", "Handläggare")


def test_every_label_has_an_english_twin_with_the_same_placeholders():
    for key in coachtext.keys("underlag.label."):
        sv, en = coachtext.text(key, "sv"), coachtext.text(key, "en")
        assert en.strip(), key
        assert sv.count("{") == en.count("{"), key


@pytest.mark.parametrize("step", range(1, 8))
def test_english_markdown_has_english_headings_and_columns(flow, state, step):
    d = build_document(flow, state, step, "en", process_name="Meningsfull fritid i Skogås", today=TODAY)
    text = to_markdown(d, images=image_names(d, f"underlag_step{step}"))
    assert text.startswith("# Decision document: " + flow.step(step).gate.title.en.split(": ", 1)[1])
    for heading in ("## Proposed decision", "## Summary", "## The matter", "## Assessment", "## What is missing",
                    "## Appendices", "## Sources"):
        assert heading in text
    assert "✓ Met" in text
    for word in SWEDISH_ONLY:
        assert word not in text, (step, word)


def test_english_tables_for_the_guides_structures(flow, state):
    text = to_markdown(build_document(flow, state, 2, "en", today=TODAY))
    assert "| Rotorsak (root cause) | Data available | Municipality can influence |" in text
    assert "| Prevention level | 0–2\u00a0years |" in text and "Indikerad (indicated)" in text
    assert "### Consequences" in text and "### Causes" in text and "- **Main problem:**" in text
    text = to_markdown(build_document(flow, state, 5, "en", today=TODAY))
    assert "| Resources | Activities |" in text and "### Assumptions about the links" in text
    assert "| Proposed action | Term |" in text and "| Risk | Probability | Impact |" in text
    assert "- **Nuläge (current situation):**" in text


def test_views_default_to_swedish(flow, state):
    tree = state.value("s2.problemtrad")
    assert v.root_cause_table(tree)[0][0] == "Rotorsak"
    assert v.root_cause_table(tree, lang="en")[0][0] == "Rotorsak (root cause)"
    assert v.views_for("en")["root_cause_table"](tree)[0][0] == "Rotorsak (root cause)"
    assert v.yn(True) == "ja" and v.yn(True, "en") == "yes"


def test_english_docx_has_english_tables(flow, state):
    doc = Document(io.BytesIO(to_docx(build_document(flow, state, 2, "en", process_name="Skogås", today=TODAY),
                                      diagrams={})))
    firsts = {t.rows[0].cells[0].text for t in doc.tables}
    assert {"Rotorsak (root cause)", "Prevention level", "Insats (intervention)"} <= firsts
    assert "Rotorsak" not in firsts and "Preventionsnivå" not in firsts
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert "What is missing" in headings and "Vad som saknas" not in headings
