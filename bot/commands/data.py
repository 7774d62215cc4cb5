"""`coach export NAME [-o FILE]` and `coach import FILE`: lossless JSON of a process."""

from __future__ import annotations

import getpass
from pathlib import Path

import typer

import coachtext
from bot.commands.output import write_text
from bot.commands.texts import help_text, say
from bot.data_service import as_text
from bot.errors import CoachError
from bot.import_check import ImportRefused, check_document, read_document, refusal
from bot.import_links import dangling_links
from bot.service import Actor
from bot.settings import Settings
from bot.wiring import build_service, data_service
from storage.errors import StorageError


def export(
    process: str = typer.Argument(..., help=help_text("opt.process_name")),
    output: Path = typer.Option(None, "--output", "-o", help=help_text("opt.output_screen")),
    user: str = typer.Option(None, "--user", "-u", help=help_text("export.opt.user")),
) -> None:
    """A process as JSON: as a coordinator checked by the service (--user), or as the operator who runs the
    server, logged with the login name (help: cli.export.help)."""
    lang = Settings().coach_language
    try:
        service = build_service(Settings(), with_guidance=False)
        found = service.find_process(name=process, include_archived=True)
        if user:
            text = as_text(service.export(process=found, actor=Actor(user_id=user, display_name=user, via="cli")))
        else:
            text = data_service(Settings()).export_as_operator(process_id=found.id, operator=getpass.getuser())
    except (CoachError, StorageError) as error:
        typer.echo(error.message, err=True)
        raise typer.Exit(1) from error
    write_text(text, output, say("export.done", lang, process=process, output=output))


def import_(
    file: Path = typer.Argument(..., help=help_text("import.opt.file")),
    name: str = typer.Option(None, "--name", help=help_text("import.opt.name")),
    user: str = typer.Option(None, "--user", "-u", help=help_text("import.opt.user")),
) -> None:
    """A process from an export or an answers file (help: cli.import.help)."""
    lang = Settings().coach_language
    try:
        data = read_document(file, lang)
    except ImportRefused as error:
        typer.echo(error.message, err=True)
        raise typer.Exit(1) from error
    import_document(data, name=name, user=user)


def import_document(data: object, *, name: str | None, user: str | None = None,
                    koordinator: str | None = None) -> str:
    """Import an export (or an answers file, converted first); prints what was stored and returns the name.
    Every value is checked against the flow first (bot.import_check): all or nothing, every problem listed.
    `koordinator`: a person made koordinator of the imported process (when not already a member)."""
    from bot.examples.answers_file import is_answers_file, to_export
    from flows.loader import load_all

    settings = Settings()
    lang = settings.coach_language
    try:
        flows = load_all()
        handwritten = is_answers_file(data)
        if handwritten:
            data = to_export(data, flows, author=user or getpass.getuser())  # type: ignore[arg-type]
        problems = check_document(data, flows, lang)
        if handwritten and not problems:  # written by hand: a name that leads nowhere is a mistake to fix first
            problems = dangling_links(data, flows[data["process"]["flow_id"]], lang)  # type: ignore[index]
        if problems:
            raise refusal(problems, lang)
        imported = data_service(settings).import_export(data, name=name, koordinator=koordinator)  # type: ignore[arg-type]
        name, channel = imported.name, imported.channel_id
    except (StorageError, ImportRefused) as error:
        typer.echo(error.message, err=True)
        raise typer.Exit(1) from error
    assert isinstance(data, dict)
    texts = coachtext.table("cli.import.", lang)
    if data["process"].get("channel_id") and not channel:
        typer.echo(texts["channel"].format(channel=data["process"]["channel_id"], name=name), err=True)
    typer.echo(texts["done"].format(name=name, answers=len(data["answers"]), decisions=len(data["decisions"]),
                                    reports=len(data.get("abcde_reports", []))))
    notes = [] if handwritten else dangling_links(data, flows[data["process"]["flow_id"]], lang)
    if notes:  # an export of the app's own: names kept as the team wrote them (see bot.import_links)
        typer.echo(texts["dangling"] + "\n" + "\n".join(f"  • {note}" for note in notes))
    return str(name)


def register(app: typer.Typer) -> None:
    app.command("export", help=help_text("export.help"))(export)
    app.command("import", help=help_text("import.help"))(import_)
