"""`coach exempel`: load the worked example "Meningsfull fritid i Skogås" (all seven steps answered)."""

from __future__ import annotations

import getpass

import typer

from bot.commands.data import import_document
from bot.examples import load_example
from bot.settings import Settings
from bot.wiring import data_service


def exempel(
    name: str = typer.Option(None, "--name", help="spara exemplet under ett annat namn"),
    user: str = typer.Option(None, "--user", "-u", help="vem som blir koordinator (standard: ditt inloggningsnamn)"),
) -> None:
    """Läs in exemplet «Meningsfull fritid i Skogås»: alla sju steg besvarade, beslut och ABCDE-rapporter."""
    user = user or getpass.getuser()
    example = load_example()
    wanted = " ".join((name or example["process"]["name"]).split())
    if data_service(Settings()).name_taken(wanted):
        typer.echo(f"Exemplet finns redan som «{wanted}». Titta på det med «coach chat --process \"{wanted}\"», "
                   "eller läs in det en gång till under ett annat namn: «coach exempel --name \"Skogås 2\"».",
                   err=True)
        raise typer.Exit(1)
    imported = import_document(example, name=name, koordinator=user)
    quoted = f'"{imported}"'
    typer.echo(f"Titta på det med «coach chat --process {quoted} --user {user}» (skriv «status»), eller skriv "
               f"ett underlag: «coach underlag {quoted} --step 3 --format docx -o steg3.docx --user {user}».")


def register(app: typer.Typer) -> None:
    app.command("exempel")(exempel)
