"""`coach doctor` (is everything in place to serve?) and `coach migrate` (bring the database up to date)."""

from __future__ import annotations

import typer

from bot.commands.texts import help_text


def doctor(
    http: bool = typer.Option(False, "--http", help=help_text("doctor.opt.http")),
) -> None:
    """Every check of bot.doctor, one line each; exit 1 when one fails (help: cli.doctor.help)."""
    from bot.doctor import report, run_checks

    lang, checks = run_checks(http)
    for line in report(lang, checks):
        typer.echo(line)
    raise typer.Exit(0 if all(c.ok for c in checks) else 1)


def migrate_command() -> None:
    """The database to the latest revision (help: cli.migrate.help)."""
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
    app.command("doctor", help=help_text("doctor.help"))(doctor)
    app.command("migrate", help=help_text("migrate.help"))(migrate_command)
