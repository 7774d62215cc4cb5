"""`coach chat` honours the settings: COACH_LANGUAGE decides a new process's language (run in-process)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from bot.cli import app
from storage import repository as repo
from storage.db import make_engine, session_scope


@pytest.fixture
def chat(db_url: str, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no .env of the worktree

    def run(lang: str, name: str, stdin: str = "avsluta\n"):
        env = {"DATABASE_URL": db_url, "COACH_DATA_DIR": str(tmp_path), "COACH_EMBEDDINGS": "fake",
               "COACH_LANGUAGE": lang}
        return CliRunner().invoke(app, ["chat", "--process", name, "--user", "anna"], input=stdin, env=env)

    return run


def language_of(db_url: str, name: str) -> str:
    engine = make_engine(db_url)
    try:
        with session_scope(engine) as session:
            return repo.get_process(session, name=name, workspace_id=None).language
    finally:
        engine.dispose()


def test_english_setting_creates_an_english_process(chat, db_url):
    result = chat("en", "Safe in Skogås")
    assert result.exit_code == 0, result.output
    assert "New process «Safe in Skogås» started." in result.output
    assert "Type «help» for commands." in result.output
    assert "Everything is saved." in result.output
    assert "startad" not in result.output
    assert language_of(db_url, "Safe in Skogås") == "en"


def test_swedish_setting_creates_a_swedish_process(chat, db_url):
    result = chat("sv", "Trygg i Skogås")
    assert result.exit_code == 0, result.output
    assert "Ny process «Trygg i Skogås» är startad." in result.output
    assert language_of(db_url, "Trygg i Skogås") == "sv"


def test_an_existing_process_keeps_its_own_language(chat, db_url):
    chat("sv", "Trygg i Skogås")
    result = chat("en", "Trygg i Skogås")
    assert result.exit_code == 0, result.output
    assert "Skriv «hjälp» för kommandon." in result.output
    assert language_of(db_url, "Trygg i Skogås") == "sv"
