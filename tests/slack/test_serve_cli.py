"""`coach serve` refuses politely without the tokens its mode needs."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from bot.cli import app


@pytest.fixture(autouse=True)
def no_slack_env(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.chdir(tmp_path)  # no .env
    for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET"):
        monkeypatch.delenv(name, raising=False)


def test_serve_needs_a_bot_token() -> None:
    result = CliRunner().invoke(app, ["serve"])
    assert result.exit_code == 2 and "SLACK_BOT_TOKEN" in result.output


def test_socket_mode_needs_an_app_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-x")
    result = CliRunner().invoke(app, ["serve"])
    assert result.exit_code == 2 and "SLACK_APP_TOKEN" in result.output


def test_http_mode_needs_the_signing_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-x")
    result = CliRunner().invoke(app, ["serve", "--http", "--port", "0"])
    assert result.exit_code == 2 and "SLACK_SIGNING_SECRET" in result.output


@pytest.mark.parametrize("args, said", [(["--workers", "0"], "--workers ska vara minst 1"),
                                        (["--log-format", "xml"], "--log-format ska vara json eller text")])
def test_http_options_are_checked_in_swedish(monkeypatch: pytest.MonkeyPatch, args: list[str], said: str) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-x")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "s")
    result = CliRunner().invoke(app, ["serve", "--http", "--port", "0", *args])
    assert result.exit_code == 2 and said in " ".join(result.output.split())
