"""No note meant for developers, and no sentence speaking to the document's author, reaches a document.

Scanned: every template in prompts/underlag/ (without its Jinja and CSS comments, which never render),
every fixed word of the underlag (labels), every flow text that can reach a document (step, gate,
criterion, section, question, option and checklist texts, document titles and publishers), and the
rendered documents of the full example in Swedish and English.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import coachtext
from bot.underlag import build_document, to_markdown
from prompts.render import PROMPTS_DIR
from tests.underlag.conftest import TODAY

INTERNAL = re.compile(
    r"har ingen uttalad|härle[dt]|beslutsmening|\bTODO\b|FIXME|\bXXX\b|utvecklare|developer|design note|"
    r"no explicit decision|is derived from|intern anteckning|internal note|\bOBS!|\bNB:", re.IGNORECASE)
TO_AUTHOR = re.compile(
    r"underlaget innehåller|detta underlag|det här underlaget|fyll i|glöm inte|tänk på att|\bdu kan\b|"
    r"the underlag contains|the basis contains|this document contains|fill in|don't forget|you can\b",
    re.IGNORECASE)
COMMENTS = re.compile(r"\{#.*?#\}|/\*.*?\*/", re.DOTALL)


def flow_texts(flow) -> list[tuple[str, str]]:
    """(where, text) for every flow text that can reach a document, both languages."""
    out: list[tuple[str, str]] = [(f"doc {d.id}", f"{d.title} {d.publisher}") for d in flow.documents]

    def add(where, text):
        if text is not None:
            out.extend((where, t) for t in (text.sv, text.en))

    for step in flow.steps:
        add(f"step {step.number}", step.title)
        add(f"step {step.number} intro", step.intro)
        gate = step.gate
        for name in ("title", "decision", "underlag"):
            add(f"gate {step.number} {name}", getattr(gate, name))
        for c in gate.criteria:
            add(f"criterion {c.id}", c.text)
        for section in step.sections:
            add(f"section {section.id}", section.title)
            for q in section.questions:
                add(q.id, q.text)
                for o in q.options:
                    add(f"{q.id} option", o.label)
                for i in q.items:
                    add(f"{q.id} item", i.text)
    return out


LABELS = [(f"label {k}", coachtext.text(k, lang)) for k in coachtext.keys("underlag.label.") for lang in ("sv", "en")]


def template_texts() -> list[tuple[str, str]]:
    return [(path.name, COMMENTS.sub("", path.read_text(encoding="utf-8")))
            for path in sorted((PROMPTS_DIR / "underlag").iterdir()) if path.is_file()]


def test_no_internal_note_in_templates_labels_or_flow_texts(flow):
    texts = template_texts() + LABELS + flow_texts(flow)
    assert len(texts) > 500
    found = [(where, m.group()) for where, text in texts for m in [INTERNAL.search(text)] if m]
    assert not found, found


def test_no_sentence_speaks_to_the_author_in_templates_or_labels():
    texts = template_texts() + LABELS
    found = [(where, m.group()) for where, text in texts for m in [TO_AUTHOR.search(text)] if m]
    assert not found, found


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_rendered_documents_hold_neither(flow, state, lang):
    for step in range(1, 8):
        text = to_markdown(build_document(flow, state, step, lang, process_name="Skogås", today=TODAY))
        assert not INTERNAL.search(text), (step, INTERNAL.search(text))
        assert not TO_AUTHOR.search(text), (step, TO_AUTHOR.search(text))


def test_the_scan_finds_the_note_that_used_to_reach_gate_6():
    """The patterns catch the very note the issue found in gate 6."""
    old = ("Bild 40 har ingen uttalad beslutsmening; beslutet är härlett ur stegets delsteg. "
           "Underlaget innehåller tillsatta resurser.")
    assert INTERNAL.search(old) and TO_AUTHOR.search(old)
    assert Path(PROMPTS_DIR / "underlag" / "document.typ").exists()  # the PDF template is scanned too
