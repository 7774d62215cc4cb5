"""The parts of the content model: att-clauses from a recorded decision, the guide's sentence as a last
resort, the summary's length, column widths, the plans and follow-up table of gates 6–7, sources in full
and the cross-step consistency findings under Vad som saknas."""

from __future__ import annotations

import datetime as dt
import sys
import types
from dataclasses import dataclass

from bot.underlag import build_document
from bot.underlag.plans import follow_up, number, trend
from bot.underlag.proposal import decision_clauses, guide_clause
from bot.underlag.sources import compact
from bot.underlag.tables import fit
from flows.state import ProcessState
from tests.underlag.conftest import TODAY


def test_recorded_decisions_become_att_clauses():
    forum = "Områdesstyrgruppen Skogås"
    assert [c.text for c in decision_clauses("Områdesstyrgruppen tillsätter resurser och fastställer "
                                             "genomförande- och uppföljningsplanen.", forum)] == [
        "att tillsätta resurser", "att fastställa genomförande- och uppföljningsplanen"]
    assert [c.text for c in decision_clauses("Områdesstyrgruppen Skogås beslutar att testa Torgidén och att "
                                             "utse en projektledare.", forum)] == [
        "att testa Torgidén", "att utse en projektledare"]
    assert [c.text for c in decision_clauses("Områdesstyrgruppen prioriterar fler barn och fler föreningar.",
                                             forum)] == ["att prioritera fler barn och fler föreningar"]
    assert [c.text for c in decision_clauses("Ärendet bordläggs.", forum)] == ["Ärendet bordläggs."]  # as recorded


def test_the_guides_sentence_is_the_last_resort(flow):
    assert guide_clause("Beslut fattas om vilka behov som ska prioriteras.", "sv") == \
        "att besluta om vilka behov som ska prioriteras"
    d = build_document(flow, ProcessState(), 3, process_name="Ny process", today=TODAY)
    assert d.proposal.basis == "guide"
    assert d.proposal.clauses[0].text.startswith("att besluta om vilka utfall och indikatorer")
    assert d.proposal.intro == "Styrgruppen föreslås besluta"
    assert [c.status for c in d.assessment] == ["unmet", "unmet", "unmet"]


def test_a_draft_decision_is_used_before_the_answers(flow, state):
    undecided = ProcessState(answers=state.answers)
    d = build_document(flow, undecided, 6, today=TODAY, draft="Områdesstyrgruppen Skogås beslutar att tillsätta "
                                                               "två fritidsledare")
    assert d.proposal.basis == "draft" and [c.text for c in d.proposal.clauses] == ["att tillsätta två fritidsledare"]


def test_the_summary_is_about_half_a_page(flow, state):
    for step in range(1, 8):
        d = build_document(flow, state, step, today=TODAY)
        assert 200 < sum(len(p.text) for p in d.summary) < 1800, step


def test_columns_are_never_narrower_than_their_longest_word():
    headers = ["Rotorsak", "Data finns", "Kommunen kan påverka", "Motivering"]
    rows = [["Tillgängliga fritidsaktiviteter saknas", "ja", "ja", "Data finns och kommunen styr utbudet " * 3]]
    widths = fit(headers, rows, line=100)
    assert abs(sum(widths) - 1) < 0.01
    assert widths[2] * 100 >= len("påverka") and widths[0] * 100 >= len("fritidsaktiviteter")
    assert widths[3] > widths[1]


def test_follow_up_table_with_latest_value_and_trend(flow, state):
    series = {"Andel elever i Skogås som går ut åk 9 med gymnasiebehörighet": [
        (dt.date(2025, 6, 1), "75 %"), (dt.date(2026, 6, 1), "73 %")]}
    table = follow_up(state.answered_values(), series)
    row = [r for r in table.rows if r[0].startswith("Andel elever")][0]
    assert row[1:] == ("74 % (2024)", "80 %", "73 %", "2026-06-01", "↓ minskar")
    assert all(r[3:] == ("–", "–", "–") for r in table.rows if r is not row)
    assert trend([(dt.date(2026, 1, 1), "46 %")], "38 % (elevenkät vt 2025)") == "↑ ökar"
    assert number("1 200 besök") == 1200 and number("ingen") is None


def test_sources_in_full_with_publisher_year_and_locators(flow, state):
    sources = build_document(flow, state, 5, today=TODAY).sources
    guide = [s for s in sources if s.title == "Vägledning Datadriven områdesutveckling"][0]
    assert guide.publisher == "Huddinge kommun (i samarbete med RISE)" and guide.year == "2024"
    assert guide.locators and guide.locators[0].startswith("Bild ")
    skl = [s for s in sources if s.title.startswith("Sociala investeringar")][0]
    assert skl.publisher.startswith("Sveriges Kommuner och Landsting (SKL)") and skl.year == "2017"
    assert compact(["Bild 14", "Bild 9", "Avsnitt 3", "Bild 10"]) == ("Avsnitt 3", "Bild 9, 10, 14")


@dataclass(frozen=True)
class Finding:
    code: str
    step: int
    item: str
    message_sv: str
    message_en: str
    action_sv: str
    action_en: str

    def message(self, lang: str) -> str:
        return self.message_en if lang == "en" else self.message_sv

    def action(self, lang: str) -> str:
        return self.action_en if lang == "en" else self.action_sv


def test_consistency_findings_are_listed_under_vad_som_saknas(flow, state, monkeypatch):
    module = types.ModuleType("flows.consistency")
    module.check = lambda _flow, _state: [
        Finding("indicator_missing", 3, "Ökad tillgänglighet", "Utfallet «Ökad tillgänglighet» har ingen indikator.",
                "The outcome has no indicator.", "Lägg till en SMART indikator i steg 3.", "Add one in step 3."),
        Finding("late", 6, "x", "Något i steg 6.", "Something in step 6.", "Gör det.", "Do it.")]
    monkeypatch.setitem(sys.modules, "flows.consistency", module)
    d = build_document(flow, state, 3, today=TODAY)
    assert [(m.text, m.action, m.step) for m in d.missing] == [
        ("Utfallet «Ökad tillgänglighet» har ingen indikator.", "Lägg till en SMART indikator i steg 3.", 3)]
    assert build_document(flow, state, 3, "en", today=TODAY).missing[0].action == "Add one in step 3."


def test_without_the_consistency_module_nothing_is_added(flow, state, monkeypatch):
    monkeypatch.setitem(sys.modules, "flows.consistency", None)  # import fails as if it did not exist
    assert build_document(flow, state, 3, today=TODAY).missing == ()


def test_a_new_process_renders_every_gate_in_every_format(flow):
    """Nothing answered yet: every part still has its place, the decision to take is the guide's."""
    import io

    from docx import Document

    from bot.underlag import to_docx, to_markdown, to_pdf

    for step in range(1, 8):
        d = build_document(flow, ProcessState(), step, process_name="Ny", today=TODAY)
        assert d.proposal.basis == "guide" and d.missing and all(c.status == "unmet" for c in d.assessment)
        assert "## Vad som saknas" in to_markdown(d)
        assert Document(io.BytesIO(to_docx(d))).paragraphs
    assert to_pdf(build_document(flow, ProcessState(), 7, today=TODAY)).startswith(b"%PDF-")
