"""`coach underlag PROCESS --step N --format md|docx|pdf [-o FILE] [--user NAME]`: the beslutsunderlag for a gate.

Read through the service as the given user, who must be a koordinator of the process (the service
enforces membership and audits a refusal). Markdown goes to stdout or FILE; with FILE, the diagrams
are written beside it as PNG and linked. DOCX and PDF need FILE (they are binary) and embed the diagrams.
"""

from __future__ import annotations

import getpass
from enum import StrEnum
from pathlib import Path

import typer

from bot.commands.output import cannot_write
from bot.errors import CoachError
from bot.service import Actor
from bot.settings import Settings
from bot.wiring import build_service
from storage.errors import StorageError


class Format(StrEnum):
    md = "md"
    docx = "docx"
    pdf = "pdf"


def underlag(
    process: str = typer.Argument(..., help="processens namn"),
    step: int = typer.Option(..., "--step", "-s", help="stegets nummer (1–7)"),
    fmt: Format = typer.Option(Format.md, "--format", "-f", help="md, docx eller pdf"),
    output: Path = typer.Option(None, "--output", "-o", help="fil att skriva (md: standard skärmen)"),
    user: str = typer.Option(None, "--user", "-u", help="vem du är, en koordinator (standard: inloggningsnamnet)"),
) -> None:
    """Skriv beslutsunderlaget för en beslutspunkt: förslag till beslut, sammanfattning, ärendet, svaren i
    vägledningens mallar, bedömning, vad som saknas, konsekvenser, bilagor och källor."""
    settings = Settings()
    user = user or getpass.getuser()
    if fmt is not Format.md and output is None:
        typer.echo(f"{fmt.value.upper()} är en binär fil – ange en fil med -o, till exempel -o underlag.{fmt.value}.",
                   err=True)
        raise typer.Exit(2)
    try:
        service = build_service(settings, with_guidance=False)
        ref = service.find_process(name=process, include_archived=True)  # reading an archived one is fine
        actor = Actor(user_id=user, display_name=user, via="cli")
        service.require_coordinator(process=ref, actor=actor, action="underlag")
        flow = service.flow_of(ref)
        if not 1 <= step <= len(flow.steps):
            raise CoachError(f"Det finns steg 1–{len(flow.steps)}.")
        from bot.documents import document_for  # heavy (jinja, docx): only when the command runs

        d = document_for(service, ref, actor, step)
    except (CoachError, StorageError) as error:
        typer.echo(error.message, err=True)
        raise typer.Exit(1) from error
    try:
        _write(d, fmt, output, step)
    except OSError as error:
        raise cannot_write(output, error) from error


def _write(d, fmt: Format, output: Path | None, step: int) -> None:
    from bot.underlag import diagrams, image_names, to_docx, to_markdown, to_pdf

    if fmt is not Format.md:
        output.write_bytes(to_docx(d) if fmt is Format.docx else to_pdf(d))
        typer.echo(f"Skrev underlaget för steg {step} till {output}.", err=True)
        return
    if output is None:
        typer.echo(to_markdown(d), nl=False)
        return
    names = image_names(d, output.stem)
    for question_id, png in diagrams(d).items():
        (output.parent / names[question_id]).write_bytes(png)
    output.write_text(to_markdown(d, images=names), encoding="utf-8")
    typer.echo(f"Skrev underlaget för steg {step} till {output}"
               + (f" med {len(names)} bild(er)." if names else "."), err=True)


def register(app: typer.Typer) -> None:
    app.command("underlag")(underlag)
