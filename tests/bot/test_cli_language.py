"""The `coach` command line speaks the configured language (COACH_LANGUAGE, Swedish by default): its help,
built when bot.cli is imported, and every help text of every command comes from the catalogue.

The help is read once per process, at import, so each test imports bot.cli afresh under its environment
(the modules the rest of the tests use are put back afterwards)."""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Iterator
from types import ModuleType

import pytest
import typer
from typer.testing import CliRunner

import coachtext
from bot.cli_errors import _HELP_OPTIONS
from tests.cli import coach

FRESH = ("bot.cli", "bot.commands")  # the modules that read the help texts when they are imported


def _fresh(name: str) -> bool:
    return any(name == m or name.startswith(m + ".") for m in FRESH)


@pytest.fixture
def cli_in(monkeypatch: pytest.MonkeyPatch, tmp_path) -> Iterator:
    """cli_in(lang): bot.cli imported afresh with COACH_LANGUAGE=lang (None: unset), in a folder without .env."""
    monkeypatch.chdir(tmp_path)
    for name in [n for n in os.environ if n.startswith("COACH_") and not n.startswith("COACH_TEST_")]:
        monkeypatch.delenv(name)
    saved = {name: module for name, module in sys.modules.items() if _fresh(name)}
    import bot

    attributes = {name: getattr(bot, name) for name in ("cli", "commands") if hasattr(bot, name)}

    def load(lang: str | None) -> ModuleType:
        if lang is None:
            monkeypatch.delenv("COACH_LANGUAGE", raising=False)
        else:
            monkeypatch.setenv("COACH_LANGUAGE", lang)
        for name in [n for n in sys.modules if _fresh(n)]:
            del sys.modules[name]
        return importlib.import_module("bot.cli")

    yield load
    for name in [n for n in sys.modules if _fresh(n)]:
        del sys.modules[name]
    sys.modules.update(saved)
    for name, module in attributes.items():
        setattr(bot, name, module)


def test_coach_help_is_english_with_coach_language_en(cli_in) -> None:
    cli_in("en")
    result = coach("--help", env={"COACH_LANGUAGE": "en"})
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Processcoach – guidance through data-driven area development." in out
    assert "The conversation through the process's steps in the terminal" in out
    assert "Usage:" in out and "Options" in out and "Commands" in out
    assert "vägledning genom" not in out and "Användning" not in out and "Samtalet" not in out


def test_coach_help_is_swedish_by_default(cli_in) -> None:
    cli_in(None)
    result = coach("--help")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Processcoach – vägledning genom datadriven områdesutveckling." in out
    assert "Samtalet genom processens steg i terminalen" in out
    assert "guidance through" not in out


def test_a_commands_options_follow_the_language(cli_in) -> None:
    english = CliRunner().invoke(cli_in("en").app, ["chat", "--help"], env={"COACH_LANGUAGE": "en"})
    assert "who you are (default: your login name)" in english.output
    swedish = CliRunner().invoke(cli_in("sv").app, ["chat", "--help"], env={"COACH_LANGUAGE": "sv"})
    assert "vem du är (standard: ditt inloggningsnamn)" in swedish.output


def _helps(command) -> Iterator[tuple[str, str]]:
    """(where, text) of every help text the command line shows: groups, commands, arguments, options."""
    yield command.name or "coach", command.help or ""
    for param in command.params:
        if not set(getattr(param, "opts", ())) & set(_HELP_OPTIONS):  # typer's own: bot.cli_errors localises them
            yield f"{command.name} {param.name}", getattr(param, "help", None) or ""
    for sub in getattr(command, "commands", {}).values():
        yield from _helps(sub)


@pytest.mark.parametrize("lang", coachtext.LANGUAGES)
def test_every_help_text_is_a_catalogue_text_in_the_language(cli_in, lang: str) -> None:
    """A docstring or a literal as help would show the same text in both languages: every command, argument
    and option has a help text, and it is the catalogue's, in the configured language."""
    command = typer.main.get_command(cli_in(lang).app)
    texts = {coachtext.text(key, lang) for key in coachtext.keys("cli.", lang)}
    helps = list(_helps(command))
    assert len(helps) > 100
    missing = [where for where, text in helps if not text]
    assert not missing, missing
    outside = [(where, text) for where, text in helps if text not in texts]
    assert not outside, outside
