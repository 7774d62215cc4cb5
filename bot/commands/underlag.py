"""`coach underlag PROCESS --step N --format md|docx [-o FILE] [--user NAME]`: the written underlag for a gate.

Read through the service as the given user, who must be a koordinator of the process (the service
enforces membership and audits a refusal). Markdown goes to stdout or FILE; with FILE, the diagrams
are written beside it as PNG and linked. DOCX needs FILE (it is binary) and embeds the diagrams.
"""

from __future__ import annotations

import getpass
from enum import StrEnum
from pathlib import Path

import typer

from bot.errors import CoachError
from bot.people import named_state, people_in_state
from bot.service import Actor
from bot.settings import Settings
from bot.wiring import build_service
from storage.errors import StorageError


class Format(StrEnum):
    md = "md"
    docx = "docx"


def underlag(
    process: str = typer.Argument(..., help="processens namn"),
    step: int = typer.Option(..., "--step", "-s", help="stegets nummer (1–7)"),
    fmt: Format = typer.Option(Format.md, "--format", "-f", help="md eller docx"),
    output: Path = typer.Option(None, "--output", "-o", help="fil att skriva (md: standard skärmen)"),
    user: str = typer.Option(None, "--user", "-u", help="vem du är, en koordinator (standard: inloggningsnamnet)"),
) -> None:
    """Skriv underlaget för en beslutspunkt: svaren i vägledningens struktur, vad som saknas, beslutet
    som ska fattas och källorna."""
    settings = Settings()
    user = user or getpass.getuser()
    if fmt is Format.docx and output is None:
        typer.echo("DOCX är en binär fil – ange en fil med -o, till exempel -o underlag.docx.", err=True)
        raise typer.Exit(2)
    try:
        service = build_service(settings, with_guidance=False)
        ref = service.find_process(name=process, include_archived=True)  # reading an archived one is fine
        actor = Actor(user_id=user, display_name=user, via="cli")
        service.require_coordinator(process=ref, actor=actor, action="underlag")
        flow = service.flow_of(ref)
        if not 1 <= step <= len(flow.steps):
            raise CoachError(f"Det finns steg 1–{len(flow.steps)}.")
        state = service.state(process=ref, actor=actor)
        shown = service.shown_passages(process=ref, actor=actor, step=step)
        state = named_state(state, _names(service, state))  # Slack mentions shown as the people's names
    except (CoachError, StorageError) as error:
        typer.echo(error.message, err=True)
        raise typer.Exit(1) from error
    from bot.underlag import build_underlag  # heavy (jinja, docx): only when the command runs

    u = build_underlag(flow, state, step, ref.language, process_name=ref.name, passages=shown)
    try:
        _write(u, fmt, output, step)
    except OSError as error:
        typer.echo(f"Kunde inte skriva {output}: {error.strerror or error}.", err=True)
        raise typer.Exit(1) from error


def _names(service, state) -> dict[str, str]:
    """Names of the people mentioned in the answers, from the people directory Slack filled."""
    from storage.db import session_scope
    from storage.repository.people import people_names

    with session_scope(service.engine) as session:
        return people_names(session, user_ids=people_in_state(state))


def _write(u, fmt: Format, output: Path | None, step: int) -> None:
    from bot.underlag import diagrams, image_names, to_docx, to_markdown

    if fmt is Format.docx:
        output.write_bytes(to_docx(u))
        typer.echo(f"Skrev underlaget för steg {step} till {output}.", err=True)
        return
    if output is None:
        typer.echo(to_markdown(u), nl=False)
        return
    names = image_names(u, output.stem)
    for question_id, png in diagrams(u).items():
        (output.parent / names[question_id]).write_bytes(png)
    output.write_text(to_markdown(u, images=names), encoding="utf-8")
    typer.echo(f"Skrev underlaget för steg {step} till {output}"
               + (f" med {len(names)} bild(er)." if names else "."), err=True)


def register(app: typer.Typer) -> None:
    app.command("underlag")(underlag)
