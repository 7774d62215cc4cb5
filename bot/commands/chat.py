"""`coach chat`: the whole guided conversation in a terminal."""

from __future__ import annotations

import getpass
import sys

import typer

import coachtext
from bot.commands.texts import help_text
from bot.errors import CoachError
from bot.i18n import t
from bot.service import Actor
from bot.settings import Settings
from bot.terminal import Terminal
from bot.wiring import build_service
from flows.loader import DEFAULT_FLOW_ID
from flows.text import normalise_input
from storage.errors import NotFound, StorageError


def chat(
    process: str = typer.Option(None, "--process", "-p", help=help_text("chat.opt.process")),
    user: str = typer.Option(None, "--user", "-u", help=help_text("opt.user_login")),
    flow: str = typer.Option(DEFAULT_FLOW_ID, "--flow", help=help_text("chat.opt.flow")),
) -> None:
    """The conversation through the process's steps in the terminal (help: cli.chat.help)."""
    settings = Settings()
    lang = settings.coach_language
    user = user or getpass.getuser()
    if process is None and sys.stdin.isatty():
        try:
            process = typer.prompt(coachtext.t("cli.chat.which_process", lang))
        except (typer.Abort, EOFError):
            process = None
    process = normalise_input(process or "").strip()
    if not process:
        typer.echo(coachtext.t("cli.chat.no_name", lang), err=True)
        raise typer.Exit(2)
    try:
        service = build_service(settings)
        actor = Actor(user_id=user, display_name=user, via="terminal")
        try:
            ref = service.find_process(name=process)
        except NotFound:
            ref = service.start_process(name=process, actor=actor, flow_id=flow, language=lang)
            typer.echo(t(lang, "created", name=ref.name))
        code = Terminal(service, ref, actor, timezone=settings.coach_timezone).run()
    except (CoachError, StorageError) as error:
        typer.echo(error.message, err=True)
        raise typer.Exit(1) from error
    raise typer.Exit(code)


def register(app: typer.Typer) -> None:
    app.command("chat", help=help_text("chat.help"))(chat)
