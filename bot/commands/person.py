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
from bot.errors import CoachError
from bot.privacy_service import Requester
from bot.settings import Settings
from bot.wiring import privacy_service
from storage.errors import StorageError

person_app = typer.Typer(help="En persons uppgifter (GDPR): exportera allt om hen, eller pseudonymisera hen.",
                         no_args_is_help=True)

USER_HELP = "du som koordinator i varje process där personen finns (kontrolleras och loggas)"
OPERATOR_HELP = "du som dataskyddsombud eller IT-driftansvarig (ditt namn loggas)"
NAME_HELP = "ett namn till som personen kan stå under i texter (kan upprepas)"


def _fail(message: str, code: int = 1) -> None:
    typer.echo(message, err=True)
    raise typer.Exit(code)


def _requester(user: str | None, operator: str | None) -> Requester:
    if bool(user) == bool(operator):
        _fail("Ange vem du är: --user KOORDINATOR (koordinator i personens processer) eller "
              "--operator NAMN (dataskyddsombud/IT). Se docs/PRIVACY.md.", 2)
    return Requester(user=user, operator=operator)


@person_app.command("export")
def export_command(
    target: str = typer.Argument(..., metavar="USER", help="personens användar-id (Slack U…, eller terminalnamnet)"),
    user: str = typer.Option(None, "--user", "-u", help=USER_HELP),
    operator: str = typer.Option(None, "--operator", help=OPERATOR_HELP),
    names: list[str] = typer.Option([], "--name", help=NAME_HELP),
    output: Path = typer.Option(None, "--output", "-o", help="fil att skriva (standard: skärmen)"),
) -> None:
    """Allt som finns lagrat om en person, som JSON: medlemskap, svar med alla versioner, beslut,
    ABCDE-rapporter, händelselogg av och om hen, Slack-leveranser och personkatalogen."""
    requester = _requester(user, operator)
    try:
        document = privacy_service(Settings()).export_person(target=target, requester=requester, names=names)
    except (CoachError, StorageError) as error:
        _fail(error.message)
    text = json.dumps(document, ensure_ascii=False, indent=1, default=str) + "\n"
    rows = sum(len(rows) for rows in document["data"].values())
    write_text(text, output, f"Exporterade {rows} rader om «{target}» till {output}.")


@person_app.command("erase")
def erase_command(
    target: str = typer.Argument(..., metavar="USER", help="personens användar-id (Slack U…, eller terminalnamnet)"),
    user: str = typer.Option(None, "--user", "-u", help=USER_HELP),
    operator: str = typer.Option(None, "--operator", help=OPERATOR_HELP),
    names: list[str] = typer.Option([], "--name", help=NAME_HELP),
    yes: bool = typer.Option(False, "--yes", help="pseudonymisera på riktigt (utan: visa bara vad som ändras)"),
) -> None:
    """Pseudonymisera en person överallt: svaren finns kvar men står som «Person N (raderad)»; id, namn och
    Slack-namn tas bort ur svar, rapporter, händelselogg och personkatalog. Loggas med vem som bad om det."""
    requester = _requester(user, operator)
    try:
        report = privacy_service(Settings()).erase_person(target=target, requester=requester, names=names,
                                                           dry_run=not yes)
    except (CoachError, StorageError) as error:
        _fail(error.message)
    result = report.erasure
    if not result.total:
        typer.echo(f"Det finns inget lagrat om «{target}».")
        return
    changes = ", ".join(f"{table} {n}" for table, n in sorted(result.changed.items())) or "inga"
    removed = ", ".join(f"{table} {n}" for table, n in sorted(result.deleted.items())) or "inga"
    known = ", ".join(f"«{n}»" for n in result.names) or "inga"
    if not yes:
        typer.echo(f"«{target}» (även känd som {known}) skulle bli «{result.pseudonym}».\n"
                   f"Rader som skulle ändras: {changes}.\nRader som skulle tas bort: {removed}.\n"
                   "Inget är ändrat. Lägg till --yes för att pseudonymisera.")
        return
    typer.echo(f"«{target}» är nu «{result.pseudonym}» i databasen.\nÄndrade rader: {changes}.\n"
               f"Borttagna rader: {removed}.\nLoggat som begärt av {report.requested_by}.\n"
               "Starta om «coach serve» så att inget namn finns kvar i minnet.")
    for name in report.orphaned:
        typer.echo(f"Obs: processen «{name}» har ingen koordinator kvar. Lägg till en med "
                   f"«coach process role \"{name}\" NAMN koordinator --operator …».")


def cleanup(
    dry_run: bool = typer.Option(False, "--dry-run", help="visa bara hur många rader som skulle tas bort"),
) -> None:
    """Gallra: ta bort händelselogg äldre än COACH_RETENTION_DAYS och Slack-leveranser äldre än
    COACH_DELIVERY_RETENTION_DAYS (för cron). Beslut, svar och rapporter gallras aldrig."""
    settings = Settings()
    try:
        counts = privacy_service(settings).cleanup(audit_days=settings.coach_retention_days,
                                                   delivery_days=settings.coach_delivery_retention_days,
                                                   dry_run=dry_run)
    except StorageError as error:
        _fail(error.message)
    verb = "skulle tas bort" if dry_run else "borttagna"
    typer.echo(f"Händelselogg äldre än {settings.coach_retention_days} dagar: {counts['audit_event']} rader {verb}.\n"
               f"Slack-leveranser äldre än {settings.coach_delivery_retention_days} dagar: "
               f"{counts['slack_delivery']} rader {verb}.")


def register(app: typer.Typer) -> None:
    app.add_typer(person_app, name="person")
    app.command("cleanup")(cleanup)
