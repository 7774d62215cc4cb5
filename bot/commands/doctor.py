"""`coach doctor` (is everything in place to serve?) and `coach migrate` (bring the database up to date)."""

from __future__ import annotations

import typer


def doctor(
    http: bool = typer.Option(False, "--http", help="kontrollera för HTTP-läget (signeringsnyckeln krävs)"),
) -> None:
    """Kontrollerar inställningar, Slack-token, databas, migreringar, sökindex, Chroma och typsnitt."""
    from bot.doctor import report, run_checks

    lang, checks = run_checks(http)
    for line in report(lang, checks):
        typer.echo(line)
    raise typer.Exit(0 if all(c.ok for c in checks) else 1)


def migrate_command() -> None:
    """Migrerar databasen till senaste versionen (kör en gång före nya repliker startas)."""
    from bot.doctor.texts import dt
    from bot.settings import Settings
    from bot.wiring import migrate_database
    from storage.errors import StorageError

    settings = Settings()
    try:
        heads = migrate_database(settings)
    except StorageError as error:
        typer.echo(error.message, err=True)
        raise typer.Exit(1) from error
    typer.echo(dt("migrated", settings.coach_language, revision=heads))


def register(app: typer.Typer) -> None:
    app.command("doctor")(doctor)
    app.command("migrate")(migrate_command)
