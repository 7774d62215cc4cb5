"""`coach export NAME [-o FILE]` and `coach import FILE`: lossless JSON of a process."""

from __future__ import annotations

import getpass
import json
from pathlib import Path

import typer

from bot.errors import CoachError
from bot.service import Actor
from bot.settings import Settings
from bot.wiring import build_service, open_database
from flows.answers import AbcdeReport
from storage import repository as repo
from storage.db import session_scope
from storage.errors import StorageError
from storage.export import dumps_export, export_process, import_process


def export(
    process: str = typer.Argument(..., help="processens namn"),
    output: Path = typer.Option(None, "--output", "-o", help="fil att skriva (standard: skärmen)"),
    user: str = typer.Option(None, "--user", "-u",
                             help="exportera som koordinator i processen (kontrolleras); utan: som driftansvarig"),
) -> None:
    """Exportera en process med alla svarsversioner, beslut, ABCDE-rapporter och händelselogg som JSON.

    Med --user måste personen vara koordinator i processen (en vägran loggas). Utan --user exporterar
    den som driver servern (driftansvarig/IT), loggat med inloggningsnamnet."""
    try:
        service = build_service(Settings(), with_guidance=False)
        found = service.find_process(name=process, include_archived=True)
        if user:
            document = service.export(process=found, actor=Actor(user_id=user, display_name=user, via="cli"))
        else:
            with session_scope(service.engine) as session:
                document = export_process(session, process_id=found.id)
                repo.audit(session, process_id=found.id, actor=f"operator:{getpass.getuser()}", action="exported",
                           detail={"via": "cli"})
        text = dumps_export(document)
    except (CoachError, StorageError) as error:
        typer.echo(error.message, err=True)
        raise typer.Exit(1) from error
    if output is None:
        typer.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        typer.echo(f"Kunde inte skriva {output}: {error.strerror or error}.", err=True)
        raise typer.Exit(1) from error
    typer.echo(f"Exporterade «{process}» till {output}.", err=True)


def import_(
    file: Path = typer.Argument(..., help="en fil från «coach export»"),
    name: str = typer.Option(None, "--name", help="importera under ett annat namn än i filen"),
) -> None:
    """Importera en process från «coach export» (vägrar om namnet redan finns; välj då --name)."""
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        typer.echo(f"Filen {file} finns inte.", err=True)
        raise typer.Exit(1) from error
    except OSError as error:  # a directory, no permission, …
        typer.echo(f"Kunde inte läsa {file}: {error.strerror or error}.", err=True)
        raise typer.Exit(1) from error
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        typer.echo(f"Filen {file} är inte en JSON-export från Processcoach ({error}).", err=True)
        raise typer.Exit(1) from error
    try:
        with session_scope(open_database(Settings())) as session:
            process = import_process(session, data=data, name=name,
                                     report_validator=AbcdeReport.model_validate)
            name, channel = process.name, process.channel_id
    except StorageError as error:
        typer.echo(error.message, err=True)
        raise typer.Exit(1) from error
    if data["process"].get("channel_id") and not channel:
        typer.echo(f"Kanalen {data['process']['channel_id']} har redan en aktiv process; «{name}» kopplas inte till "
                   "någon kanal och dess ABCDE-påminnelser är pausade.", err=True)
    typer.echo(f"Importerade processen «{name}» (svarsversioner: {len(data['answers'])}, "
               f"beslut: {len(data['decisions'])}, ABCDE-rapportversioner: {len(data.get('abcde_reports', []))}).")


def register(app: typer.Typer) -> None:
    app.command("export")(export)
    app.command("import")(import_)
