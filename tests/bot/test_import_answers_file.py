"""An answers file is written by hand: a link by name that leads nowhere is refused there, with where it is,
and nothing is stored; the app's own exports keep such names (bot.import_links) and import."""

from __future__ import annotations

import copy
import json

import pytest
from typer.testing import CliRunner

from bot.cli import app
from tests.fixtures import skogas


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no .env of the worktree
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'coach.db'}", "COACH_DATA_DIR": str(tmp_path),
           "COACH_EMBEDDINGS": "fake"}

    def invoke(*args: str, language: str = "sv"):
        return CliRunner().invoke(app, list(args), env={**env, "COACH_LANGUAGE": language})

    return invoke


def dangling(tmp_path) -> str:
    data = copy.deepcopy(skogas())
    data["answers"]["s3.indikatorer"]["indicators"][0]["outcome"] = "Ett utfall som inte finns"
    logic = data["answers"]["s5.effektlogik"]
    logic["connections"] = [{"source": "Påhittad resurs", "target": logic["goal"]}]
    path = tmp_path / "svar.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_a_handwritten_link_that_leads_nowhere_is_refused_and_nothing_stored(run, tmp_path) -> None:
    result = run("import", dangling(tmp_path))
    assert result.exit_code == 1
    assert "Filen kan inte importeras – inget har sparats. 2 problem:" in result.output
    assert ("answers › s3.indikatorer › version 1 › indicators[1].outcome: utfallet «Ett utfall som inte finns» "
            "finns inte bland utfallen") in result.output
    assert "connections[1].source: «Påhittad resurs» finns inte i effektlogiken" in result.output
    assert "Traceback" not in result.output
    assert "Inga processer" in run("process", "list").output


def test_the_refusal_in_english(run, tmp_path) -> None:
    result = run("import", dangling(tmp_path), language="en")
    assert result.exit_code == 1
    assert "nothing was stored" in result.output and "is not among the outcomes" in result.output


def test_the_sound_answers_file_imports(run, tmp_path) -> None:
    path = tmp_path / "svar.json"
    path.write_text(json.dumps(skogas(), ensure_ascii=False), encoding="utf-8")
    result = run("import", str(path))
    assert result.exit_code == 0, result.output
    assert "Hänvisningar som inte hittar något" not in result.output
