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
    from alembic.script import ScriptDirectory

    from bot.doctor.texts import dt
    from bot.settings import Settings
    from storage.db import alembic_config, make_engine, migrate
    from storage.errors import StorageError

    settings = Settings()
    try:
        engine = make_engine(settings.resolved_database_url)
        try:
            migrate(engine)
        finally:
            engine.dispose()
    except StorageError as error:
        typer.echo(error.message, err=True)
        raise typer.Exit(1) from error
    heads = ", ".join(sorted(ScriptDirectory.from_config(alembic_config()).get_heads()))
    typer.echo(dt("migrated", settings.coach_language, revision=heads))


def register(app: typer.Typer) -> None:
    app.command("doctor")(doctor)
    app.command("migrate")(migrate_command)
