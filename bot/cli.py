"""The `coach` command line. Each feature registers its own commands (see bot/commands/)."""

from __future__ import annotations

import typer

from bot.commands import REGISTRARS

app = typer.Typer(
    name="coach",
    help="Processcoach – vägledning genom datadriven områdesutveckling.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)

for register in REGISTRARS:
    register(app)


def _language() -> str:
    try:
        from bot.settings import Settings

        return Settings().coach_language
    except Exception:  # noqa: BLE001  (a broken .env is reported by the command itself)
        return "sv"


def main() -> None:
    """The `coach` entry point: outside text normalised, usage errors in the user's language."""
    import sys

    from bot.cli_errors import run
    from flows.text import normalise_input

    if hasattr(sys.stdin, "reconfigure"):  # invalid UTF-8 typed or piped in is replaced, never a crash
        sys.stdin.reconfigure(errors="surrogateescape")
    sys.argv = [normalise_input(arg) for arg in sys.argv]  # argv arrives surrogateescape'd
    sys.exit(run(app, sys.argv[1:], lang=_language()))
