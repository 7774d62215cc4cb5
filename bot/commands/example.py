"""`coach exempel`: load the worked example "Meningsfull fritid i Skogås" (all seven steps answered)."""

from __future__ import annotations

import getpass

import typer

from bot.commands.data import import_document
from bot.commands.texts import help_text, say
from bot.examples import load_example
from bot.settings import Settings
from bot.wiring import data_service


def exempel(
    name: str = typer.Option(None, "--name", help=help_text("example.opt.name")),
    user: str = typer.Option(None, "--user", "-u", help=help_text("example.opt.user")),
) -> None:
    """The worked example, imported with `user` as koordinator (help: cli.example.help)."""
    lang = Settings().coach_language
    user = user or getpass.getuser()
    example = load_example()
    wanted = " ".join((name or example["process"]["name"]).split())
    if data_service(Settings()).name_taken(wanted):
        typer.echo(say("example.exists", lang, name=wanted), err=True)
        raise typer.Exit(1)
    imported = import_document(example, name=name, koordinator=user)
    quoted = f'"{imported}"'
    typer.echo(say("example.next", lang, quoted=quoted, user=user))


def register(app: typer.Typer) -> None:
    app.command("exempel", help=help_text("example.help"))(exempel)
