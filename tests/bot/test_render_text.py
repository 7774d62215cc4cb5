from bot.render_text import format_answer
from flows.answers import ProblemTree


def _tree() -> ProblemTree:
    return ProblemTree(problem="Otrygghet", root_causes=[{"cause": "Få vuxna ute", "prioritised": True}])


def test_a_yes_field_of_a_row_is_shown_in_the_process_language():
    assert "Prioriterad: ja" in format_answer(_tree(), "sv")
    assert "Prioritised: yes" in format_answer(_tree(), "en")
