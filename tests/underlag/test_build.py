"""A process under way: Saknas lists the unmet criteria, unanswered and skipped questions are marked,
sources and shown passages are cited, English works, and a step without a template still renders."""

from __future__ import annotations

from dataclasses import replace

from bot.underlag import build_underlag, to_markdown
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


def test_missing_lists_every_unmet_criterion(flow, state):
    u = build_underlag(flow, partial(flow, state), 2, today=TODAY)
    assert not u.ready
    text = to_markdown(u)
    saknas = text.split("## Saknas")[1].split("## Beslut att fatta")[0]
    assert "ingen rotorsak är prioriterad" in saknas
    assert "svaret är «delvis»" in saknas
    assert "obesvarad: Vilka behov och målgrupper i området ska prioriteras" in saknas
    assert "Inte redo för beslut" in text and "Inget beslut är registrerat ännu." in text


def test_unanswered_required_and_skipped_questions_are_marked(flow, state):
    text = to_markdown(build_underlag(flow, partial(flow, state), 2, today=TODAY))
    assert "### Vilka insatser görs med koppling till behoven och målgrupperna?\n\n*Överhoppad*" in text
    assert "### Vilka behov och målgrupper i området ska prioriteras i det fortsatta utvecklingsarbetet?\n\n" \
           "**Ej besvarad**" in text
    assert "Hur stor är målgruppen?" not in text  # optional and unanswered: left out


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
    text = to_markdown(u)
    assert "### Avsnitt som visades under steget" in text and "Problemträd – verktyg" in text
    assert u.passages[0].quote.endswith(" …") and len(u.passages[0].quote) < 300


def test_authors_are_shown(flow, state):
    text = to_markdown(build_underlag(flow, state, 1, authors={"s1.langsiktigt_mal": "Anna"}, today=TODAY))
    assert "*Av Anna, version 1*" in text


def test_english(flow, state):
    u = build_underlag(flow, state, 3, "en", today=TODAY)
    text = to_markdown(u)
    assert "## Outcomes by prevention level and horizon" in text and "## Missing" in text
    assert flow.step(3).gate.decision.en in text


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
    text = to_markdown(build_underlag(other, state, 4, today=TODAY))
    assert f"## {step.sections[0].title.sv}" in text and "## Saknas" in text
