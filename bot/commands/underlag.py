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
from bot.commands.texts import help_text, say
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
    process: str = typer.Argument(..., help=help_text("opt.process_name")),
    step: int = typer.Option(..., "--step", "-s", help=help_text("underlag.opt.step")),
    fmt: Format = typer.Option(Format.md, "--format", "-f", help=help_text("underlag.opt.format")),
    output: Path = typer.Option(None, "--output", "-o", help=help_text("underlag.opt.output")),
    user: str = typer.Option(None, "--user", "-u", help=help_text("underlag.opt.user")),
) -> None:
    """The decision document of one step's gate, read as `user` (a koordinator) (help: cli.underlag.help)."""
    settings = Settings()
    lang = settings.coach_language
    user = user or getpass.getuser()
    if fmt is not Format.md and output is None:
        typer.echo(say("underlag.binary", lang, format=fmt.value.upper(), extension=fmt.value), err=True)
        raise typer.Exit(2)
    try:
        service = build_service(settings, with_guidance=False)
        ref = service.find_process(name=process, include_archived=True)  # reading an archived one is fine
        actor = Actor(user_id=user, display_name=user, via="cli")
        service.membership.require_coordinator(process=ref, actor=actor, action="underlag")
        flow = service.flow_of(ref)
        if not 1 <= step <= len(flow.steps):
            raise CoachError.text("cli.underlag.no_step", last=len(flow.steps))
        from bot.documents import document_for  # heavy (jinja, docx): only when the command runs

        d = document_for(service, ref, actor, step)
    except (CoachError, StorageError) as error:
        typer.echo(error.in_language(lang), err=True)
        raise typer.Exit(1) from error
    try:
        _write(d, fmt, output, step, lang)
    except OSError as error:
        raise cannot_write(output, error) from error


def _write(d, fmt: Format, output: Path | None, step: int, lang: str) -> None:
    from bot.underlag import diagrams, image_names, to_docx, to_markdown, to_pdf

    if fmt is not Format.md:
        output.write_bytes(to_docx(d) if fmt is Format.docx else to_pdf(d))
        typer.echo(say("underlag.written", lang, step=step, output=output), err=True)
        return
    if output is None:
        typer.echo(to_markdown(d), nl=False)
        return
    names = image_names(d, output.stem)
    for question_id, png in diagrams(d).items():
        (output.parent / names[question_id]).write_bytes(png)
    output.write_text(to_markdown(d, images=names), encoding="utf-8")
    written = (say("underlag.written_images", lang, step=step, output=output, count=len(names)) if names
               else say("underlag.written", lang, step=step, output=output))
    typer.echo(written, err=True)


def register(app: typer.Typer) -> None:
    app.command("underlag", help=help_text("underlag.help"))(underlag)
