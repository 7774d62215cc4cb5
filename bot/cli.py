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


def main() -> None:
    app()
