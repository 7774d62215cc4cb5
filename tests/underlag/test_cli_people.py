"""`coach underlag` names the people Slack mentions in answers (from the people directory), and keeps a
terminal user's typed name."""

from __future__ import annotations

from typer.testing import CliRunner

from bot.cli import app
from bot.service import Actor
from bot.settings import Settings
from bot.wiring import build_service
from flows.loader import DEFAULT_FLOW_ID
from flows.state import Answer
from storage.db import session_scope
from storage.repository.people import save_person


def test_mentions_in_answers_are_named_in_the_written_underlag(tmp_path) -> None:
    service = build_service(Settings(_env_file=None, coach_data_dir=tmp_path), with_guidance=False)
    anna = Actor("anna", "anna", "terminal")
    ref = service.start_process(name="Trygg i centrum", actor=anna, flow_id=DEFAULT_FLOW_ID)
    service.act(process=ref, actor=anna, event=Answer("<@U3> och anna samordnar med skolan",
                                                      question_id="s1.langsiktigt_mal"))
    with session_scope(service.engine) as session:
        save_person(session, user_id="U3", real_name="Cecilia Öberg", display_name="cissi")
    result = CliRunner().invoke(app, ["underlag", "Trygg i centrum", "--step", "1", "--user", "anna"],
                                env={"COACH_DATA_DIR": str(tmp_path), "DATABASE_URL": ""})
    assert result.exit_code == 0, result.output
    assert "Cecilia Öberg och anna samordnar med skolan" in result.stdout and "<@U3>" not in result.stdout
