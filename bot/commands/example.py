"""`coach exempel`: load the worked example "Meningsfull fritid i Skogås" (all seven steps answered)."""

from __future__ import annotations

import getpass

import typer

from bot.commands.data import import_document
from bot.examples import load_example


def exempel(
    name: str = typer.Option(None, "--name", help="spara exemplet under ett annat namn"),
    user: str = typer.Option(None, "--user", "-u", help="vem som blir koordinator (standard: ditt inloggningsnamn)"),
) -> None:
    """Läs in exemplet «Meningsfull fritid i Skogås»: alla sju steg besvarade, beslut och ABCDE-rapporter."""
    user = user or getpass.getuser()
    imported = import_document(load_example(), name=name, koordinator=user)
    quoted = f'"{imported}"'
    typer.echo(f"Titta på det med «coach chat --process {quoted} --user {user}» (skriv «status»), eller skriv "
               f"ett underlag: «coach underlag {quoted} --step 3 --format docx -o steg3.docx».")


def register(app: typer.Typer) -> None:
    app.command("exempel")(exempel)
