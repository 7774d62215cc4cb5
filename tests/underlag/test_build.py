"""A process under way: Vad som saknas lists the unmet criteria with what to do, Bedömning marks them,
unanswered and skipped questions are marked, sources and shown passages are cited, English works, and a
step without a template still renders."""

from __future__ import annotations

from dataclasses import replace

from bot.underlag import build_document, build_underlag, to_markdown
from bot.underlag.build import layout_of
from flows.state import ProcessState, StoredAnswer
from guidance_corpus.base import Passage
from tests.underlag.conftest import TODAY


def partial(flow, state) -> ProcessState:
    """Step 2 half done: problem tree without a prioritised root cause, one Säkerställ answered 'delvis',
    the intervention mapping skipped, the rest of step 2 not yet answered."""
    keep = {"s2.vem_har_behov", "s2.data_nulage", "s2.problemtrad", "s2.sakerstall_ide_malgrupp"}
    answers = {qid: a for qid, a in state.answers.items() if not qid.startswith("s2.") or qid in keep}
    tree = state.value("s2.problemtrad")
    answers["s2.problemtrad"] = StoredAnswer(tree.model_copy(update={"root_causes": [
        r.model_copy(update={"prioritised": False}) for r in tree.root_causes]}), 3)
    choice = state.value("s2.sakerstall_ide_malgrupp")
    answers["s2.sakerstall_ide_malgrupp"] = StoredAnswer(choice.model_copy(update={"choice": "delvis"}), 2)
    answers["s2.insatskartlaggning"] = StoredAnswer(None, 1, skipped=True)
    return replace(state, answers=answers, decisions={})


def section(text: str, heading: str) -> str:
    return text.split(f"\n## {heading}\n")[1].split("\n## ")[0]


def test_missing_lists_every_unmet_criterion(flow, state):
    d = build_document(flow, partial(flow, state), 2, today=TODAY)
    text = to_markdown(d)
    saknas = section(text, "Vad som saknas")
    assert "ingen rotorsak är prioriterad" in saknas and "Åtgärd: Komplettera Problemträd i steg 2." in saknas
    assert "svaret är «delvis»" in saknas
    assert "obesvarad: Vilka behov och målgrupper i området ska prioriteras" in saknas
    assert "Åtgärd: Besvara i steg 2: " in saknas
    assert "- **Status:** 5 av 5 kriterier är inte uppfyllda" in text
    assert [c.status for c in d.assessment] == ["partly", "unmet", "unmet", "unmet", "unmet"]
    bedomning = section(text, "Bedömning")
    assert "| Delvis |" in bedomning and "| ✗ Ej uppfyllt |" in bedomning
    assert "beslutade" not in section(text, "Förslag till beslut")  # no decision recorded: a proposal
    assert "- **Datum:** " in text and "Utskrivet" not in text and "Beslutat:" not in text


def test_a_decided_gate_says_when_it_was_decided_and_when_this_copy_was_printed(flow, state):
    """A secretary read «Områdesstyrgruppen Skogås beslutade 2025-01-22» under «Förslag till beslut» beside
    «Datum 2026-12-03»: a proposal dated after its own decision. The date of a decided gate's copy is its
    print date, and the proposal says it was decided, by whom and when."""
    text = to_markdown(build_document(flow, state, 1, today=TODAY))
    assert f"- **Utskrivet:** {TODAY.isoformat()}" in text and "- **Datum:**" not in text
    assert "- **Beslutat:** 2025-01-22 av Områdesstyrgruppen Skogås" in text
    assert section(text, "Förslag till beslut").strip().splitlines()[0] == (
        "Förslaget beslutades av Områdesstyrgruppen Skogås 2025-01-22")


def test_unanswered_required_and_skipped_questions_are_marked(flow, state):
    text = to_markdown(build_document(flow, partial(flow, state), 2, today=TODAY))
    assert "*Överhoppad*" in section(text, "Insatskartläggning")
    assert "*Ej besvarad*" in section(text, "Prioriterade behov och målgrupper")
    assert "Målgruppens storlek" not in text  # optional and unanswered: left out


def test_sources_cite_the_guide_and_the_passages_shown(flow, state):
    shown = [Passage(text="Problemträd – verktyg för dialog och prioritering av behov. " * 10, doc_id="001",
                     title="Vägledning Datadriven områdesutveckling", locator="Bild 17", score=1.0),
             {"text": "Säkerställ följande", "doc_id": "003", "title": "Sociala investeringar – en guide",
              "locator": "Avsnitt 3", "score": 0.5}]
    u = build_underlag(flow, state, 2, passages=shown, today=TODAY)
    assert [str(c) for c in u.sources][:2] == ["Vägledning Datadriven områdesutveckling, Bild 13",
                                               "Vägledning Datadriven områdesutveckling, Bild 14"]
    assert [str(c) for c in u.passages] == ["Vägledning Datadriven områdesutveckling, Bild 17",
                                            "Sociala investeringar – en guide, Avsnitt 3"]
    assert u.passages[0].quote.endswith(" …") and len(u.passages[0].quote) < 300
    text = to_markdown(build_document(flow, state, 2, passages=shown, today=TODAY))
    assert ("- *Vägledning Datadriven områdesutveckling*. Huddinge kommun (i samarbete med RISE), 2024. "
            "Bild 13, 14, 15, 17. (visat under steget: Bild 17)") in text
    assert "Avsnitt 3, Säkerställ följande. (visat under steget: Avsnitt 3)" in text


def test_authors_are_shown(flow, state):
    text = to_markdown(build_document(flow, state, 1, authors={"s1.langsiktigt_mal": "anna"},
                                      names={"anna": "Anna Koordinator"}, today=TODAY))
    appendix = text.split("Vägledningens frågor och svar\n")[-1]
    # who answered is said once for the questions sharing it, not after every question
    assert "### Långsiktigt mål och politiskt beslutade mål\n\n*Besvarade av Anna Koordinator, version 1:*\n\n" \
           "- Vilket är det långsiktiga målet?\n" in appendix
    assert "(besvarad av" not in appendix


def test_english(flow, state):
    text = to_markdown(build_document(flow, state, 3, "en", today=TODAY))
    assert "## Outcomes by prevention level and horizon" in text and "## What is missing" in text
    assert "## Proposed decision" in text and "## Sources" in text


def test_layouts_name_only_questions_of_the_flow(flow):
    known = {q.id for q in flow.questions()}
    for step in flow.steps:
        for entry in layout_of(step, "sv"):
            for ref in entry["questions"]:
                assert (ref if isinstance(ref, str) else ref["q"]) in known


def test_a_step_without_template_uses_its_own_sections(flow, state):
    step = flow.step(4)
    other = flow.model_copy(update={"steps": [s if s.number != 4 else s.model_copy(update={
        "gate": s.gate.model_copy(update={"template": "no_such_template.md.j2"})}) for s in flow.steps]})
    assert [e["heading"] for e in layout_of(other.step(4), "sv")] == [s.title.sv for s in step.sections]
    text = to_markdown(build_document(other, state, 4, today=TODAY))
    assert f"## {step.sections[0].title.sv}" in text and "## Vad som saknas" in text
    assert "1. att besluta om hur slutsatserna från gapanalysen" not in text  # the recorded decision comes first
    undecided = to_markdown(build_document(other, state.__class__(answers=state.answers), 4, today=TODAY))
    assert "1. att besluta om hur slutsatserna från gapanalysen ska tas vidare i utvecklingsarbetet" in undecided
