from bot.render_text import format_answer
from flows.answers import ProblemTree


def _tree() -> ProblemTree:
    return ProblemTree(problem="Otrygghet", root_causes=[{"cause": "Få vuxna ute", "prioritised": True}])


def test_a_yes_field_of_a_row_is_shown_in_the_process_language():
    assert "Prioriterad: ja" in format_answer(_tree(), "sv")
    assert "Prioritised: yes" in format_answer(_tree(), "en")


def test_guidance_keeps_a_slides_list_and_does_not_repeat_its_heading():
    from bot.render_text import format_passages
    from guidance_corpus.base import Passage

    slide = Passage(text="Bild 25: Formulera indikatorer för uppföljning\n\n- Vem, vilka eller vad ska förflyttas?\n"
                         "- Hur stor ska förflyttningen vara?\n- Under vilken tid?",
                    doc_id="001", title="Vägledning Datadriven områdesutveckling",
                    locator="Bild 25: Formulera indikatorer för uppföljning", score=1.0)
    out = format_passages([slide])
    assert out.splitlines()[1:5] == ["1. «- Vem, vilka eller vad ska förflyttas?",
                                     "   - Hur stor ska förflyttningen vara?",
                                     "   - Under vilken tid?»",
                                     "   — Vägledning Datadriven områdesutveckling, Bild 25: Formulera indikatorer "
                                     "för uppföljning"]
    long = slide.model_copy(update={"text": "Rubrik\n\n" + "ord " * 400, "locator": "Avsnitt 3"})
    shown = format_passages([long], width=200)
    assert shown.count("ord") < 60 and "…" in shown and "Rubrik" in shown  # a heading not in the citation stays
