"""`coach person export USER` / `coach person erase USER` and `coach cleanup`: a person's data (GDPR).

These are operator tools (see docs/PRIVACY.md). Who asks is always named and audited:
- `--user NAME`: a koordinator of every process that holds anything about the person (checked; a refusal
  is audited in that process, like any other refusal);
- `--operator NAME`: the dataskyddsombud or IT running the server, for a person in processes without a
  coordinator to ask, or across many processes.
Erasing without `--yes` only shows what would change.
"""

from __future__ import annotations

import json
from pathlib import Path

import typer

from bot.commands.output import write_text
from bot.commands.texts import help_text, say
from bot.errors import CoachError
from bot.privacy_service import Requester
from bot.settings import Settings
from bot.wiring import privacy_service
from storage.errors import StorageError

person_app = typer.Typer(help=help_text("person.help"), no_args_is_help=True)


def _fail(message: str, code: int = 1) -> None:
    typer.echo(message, err=True)
    raise typer.Exit(code)


def _requester(user: str | None, operator: str | None, lang: str) -> Requester:
    if bool(user) == bool(operator):
        _fail(say("person.who", lang), 2)
    return Requester(user=user, operator=operator)


@person_app.command("export", help=help_text("person.export.help"))
def export_command(
    target: str = typer.Argument(..., metavar="USER", help=help_text("opt.person_id")),
    user: str = typer.Option(None, "--user", "-u", help=help_text("person.opt.user")),
    operator: str = typer.Option(None, "--operator", help=help_text("person.opt.operator")),
    names: list[str] = typer.Option([], "--name", help=help_text("person.opt.name")),
    output: Path = typer.Option(None, "--output", "-o", help=help_text("opt.output_screen")),
) -> None:
    """Everything stored about a person, as JSON."""
    settings = Settings()
    lang = settings.coach_language
    requester = _requester(user, operator, lang)
    try:
        document = privacy_service(settings).export_person(target=target, requester=requester, names=names)
    except (CoachError, StorageError) as error:
        _fail(error.message)
    text = json.dumps(document, ensure_ascii=False, indent=1, default=str) + "\n"
    rows = sum(len(rows) for rows in document["data"].values())
    write_text(text, output, say("person.exported", lang, rows=rows, target=target, output=output))


@person_app.command("erase", help=help_text("person.erase.help"))
def erase_command(
    target: str = typer.Argument(..., metavar="USER", help=help_text("opt.person_id")),
    user: str = typer.Option(None, "--user", "-u", help=help_text("person.opt.user")),
    operator: str = typer.Option(None, "--operator", help=help_text("person.opt.operator")),
    names: list[str] = typer.Option([], "--name", help=help_text("person.opt.name")),
    yes: bool = typer.Option(False, "--yes", help=help_text("person.opt.yes")),
) -> None:
    """Pseudonymise a person everywhere (without --yes: only show what would change)."""
    settings = Settings()
    lang = settings.coach_language
    requester = _requester(user, operator, lang)
    try:
        report = privacy_service(settings).erase_person(target=target, requester=requester, names=names,
                                                           dry_run=not yes)
    except (CoachError, StorageError) as error:
        _fail(error.message)
    result = report.erasure
    if not result.total:
        typer.echo(say("person.nothing", lang, target=target))
        return
    none = say("person.none", lang)
    changes = ", ".join(f"{table} {n}" for table, n in sorted(result.changed.items())) or none
    removed = ", ".join(f"{table} {n}" for table, n in sorted(result.deleted.items())) or none
    known = ", ".join(f"«{n}»" for n in result.names) or none
    if not yes:
        typer.echo(say("person.would_erase", lang, target=target, known=known, pseudonym=result.pseudonym,
                       changes=changes, removed=removed))
        return
    typer.echo(say("person.erased", lang, target=target, pseudonym=result.pseudonym, changes=changes,
                   removed=removed, requested_by=report.requested_by))
    for name in report.orphaned:
        typer.echo(say("person.orphaned", lang, name=name))


def cleanup(
    dry_run: bool = typer.Option(False, "--dry-run", help=help_text("cleanup.opt.dry_run")),
) -> None:
    """Remove the event log and Slack deliveries past their retention (cron); decisions, answers and reports
    stay (help: cli.cleanup.help)."""
    settings = Settings()
    lang = settings.coach_language
    try:
        counts = privacy_service(settings).cleanup(audit_days=settings.coach_retention_days,
                                                   delivery_days=settings.coach_delivery_retention_days,
                                                   dry_run=dry_run)
    except StorageError as error:
        _fail(error.message)
    verb = say("cleanup.would_remove" if dry_run else "cleanup.removed", lang)
    typer.echo(say("cleanup.report", lang, audit_days=settings.coach_retention_days, audit_rows=counts["audit_event"],
                   delivery_days=settings.coach_delivery_retention_days, delivery_rows=counts["slack_delivery"],
                   verb=verb))


def register(app: typer.Typer) -> None:
    app.add_typer(person_app, name="person")
    app.command("cleanup", help=help_text("cleanup.help"))(cleanup)
