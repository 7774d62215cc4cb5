from __future__ import annotations

import pytest

from flows.answers import (
    AbcdeReport,
    ConsequenceAnalysis,
    EffectLogic,
    GapChecklist,
    OutcomesAnswer,
    ProblemTree,
    RiskMatrix,
)
from flows.text import MAX_TEXT_CHARS, clean_text
from flows.validation import validate_answer


def question(flow, qid):
    return flow.question(qid)


def test_control_characters_are_removed_and_text_normalised():
    assert clean_text("Hej\x00 där\r\nrad två\u200b  ") == "Hej där\nrad två"


def test_100_kb_answer_is_refused_politely(flow):
    value, problems = validate_answer(flow.question("s1.mal"), "a" * 100_000)
    assert value is None
    assert "för lång" in problems[0].message and "40\u00a0000" in problems[0].message


def test_text_at_the_limit_is_kept_whole(flow):
    value, problems = validate_answer(flow.question("s1.mal"), "å" * MAX_TEXT_CHARS)
    assert not problems and len(value.text) == MAX_TEXT_CHARS


def test_list_from_lines_strips_bullets(flow):
    value, _ = validate_answer(flow.question("s1.aktorer"), "• KUF\n- BUF\n\n  SOF  ")
    assert value.items == ["KUF", "BUF", "SOF"]


def test_wrong_type_gets_swedish_message(flow):
    value, problems = validate_answer(flow.question("s2.indikatorer"), {"indicators": "en indikator"})
    assert value is None and problems[0].field == "Indikatorer" and problems[0].message == "ska vara en lista"


def test_problem_tree_accepts_ja_nej_and_flags_missing_priority():
    tree = ProblemTree.model_validate({
        "problem": "Barn 10–12 i Skogås deltar inte i ledarledda fritidsaktiviteter",
        "consequences": [{"text": "Ensamhet"}],
        "causes": [{"text": "Prissättning på aktiviteter"}],
        "root_causes": [{"cause": "Prissättning på aktiviteter", "data_available": "ja",
                         "municipality_can_influence": "ja", "prioritised": "nej"}],
    })
    assert tree.root_causes[0].data_available is True
    assert tree.warnings() == ["Ingen rotorsak är prioriterad (steg 4 i problemträdet)."]


def test_outcome_reports_unmet_good_outcome_criteria():
    answer = OutcomesAnswer.model_validate({"outcomes": [{
        "text": "Fler barn deltar i fritidsaktiviteter", "horizon": "kort_sikt", "prevention_level": "universell",
        "addresses_priority_need": True, "likely_contributes": True, "within_our_power": True}]})
    assert answer.warnings() == ["Utfallet «Fler barn deltar i fritidsaktiviteter» uppfyller inte: "
                                 "uppföljningsbart."]


def test_effect_logic_lists_missing_link_assumptions():
    logic = EffectLogic.model_validate({"goal": "Goda livsvillkor", "resources": ["Team"],
                                        "activities": ["Prova på"], "outcomes_short": ["Ökad närvaro"],
                                        "links": [{"link": "utfall_mal", "assumption": "Närvaro ger resultat"}]})
    missing = [w for w in logic.warnings() if w.startswith("Antagande saknas")]
    assert len(missing) == 3


def test_consequence_analysis_rejects_unknown_perspective():
    with pytest.raises(ValueError, match="okänt perspektiv"):
        ConsequenceAnalysis.model_validate({"rows": [{"action": "Ökad lärartäthet", "term": "kort",
                                                      "ratings": {"Ekonomi": "-", "Väder": "+"}}]})


def test_risk_matrix_and_gap_checklist_and_abcde():
    risks = RiskMatrix.model_validate({"risks": [{"description": "Låg närvaro", "probability": "medel",
                                                  "impact": "Utfallet nås inte", "priority": "hög"}]})
    assert "saknar åtgärd eller ansvarig" in risks.warnings()[0]
    gaps = GapChecklist.model_validate({"outcome": "Fler barn 10-12 år deltar i fritidsaktivitet",
                                        "area": "Skogås", "gaps": [{"category": "insats",
                                                                    "description": "Det saknas insatser på "
                                                                                   "selektiv nivå"}]})
    assert gaps.warnings() == []
    with pytest.raises(ValueError, match="rapporten är tom"):
        AbcdeReport.model_validate({"activities": "  "})
