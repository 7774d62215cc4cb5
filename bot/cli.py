"""The `coach` command line. Each feature registers its own commands (see bot/commands/)."""

from __future__ import annotations

import typer

from bot.commands import REGISTRARS
from bot.commands.texts import configured_language, help_text

app = typer.Typer(
    name="coach",
    help=help_text("app.help"),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)

for register in REGISTRARS:
    register(app)


def main() -> None:
    """The `coach` entry point: outside text normalised, usage errors in the user's language."""
    import sys

    from bot.cli_errors import run
    from flows.text import normalise_input

    if hasattr(sys.stdin, "reconfigure"):  # invalid UTF-8 typed or piped in is replaced, never a crash
        sys.stdin.reconfigure(errors="surrogateescape")
    sys.argv = [normalise_input(arg) for arg in sys.argv]  # argv arrives surrogateescape'd
    sys.exit(run(app, sys.argv[1:], lang=configured_language()))
