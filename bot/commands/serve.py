"""`coach serve`: the Slack app, in Socket Mode (app token set) or HTTP mode (`--http`, at /slack/events)."""

from __future__ import annotations

import logging

import typer

from bot.errors import CoachError
from bot.settings import Settings
from storage.errors import StorageError

MISSING_BOT_TOKEN = "SLACK_BOT_TOKEN saknas. Lägg in botens xoxb-token i miljön eller i .env."
MISSING_SECRET = "HTTP-läget behöver SLACK_SIGNING_SECRET (appens Signing Secret) för att verifiera anrop."
MISSING_APP_TOKEN = ("Socket Mode behöver SLACK_APP_TOKEN (xapp-…, scope connections:write). "
                     "Eller kör HTTP-läget: coach serve --http --port 3000.")


def serve(
    http: bool = typer.Option(False, "--http", help="HTTP-läge: ta emot anrop på /slack/events"),
    port: int = typer.Option(3000, "--port", help="port i HTTP-läge"),
    host: str = typer.Option("0.0.0.0", "--host", help="adress att lyssna på i HTTP-läge"),
) -> None:
    """Kör Slack-appen (Socket Mode som standard, HTTP-läge med --http)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = Settings()
    if not settings.slack_bot_token:
        raise typer.BadParameter(MISSING_BOT_TOKEN)
    socket_mode = not http
    if socket_mode and not settings.slack_app_token:
        raise typer.BadParameter(MISSING_APP_TOKEN)
    if http and not settings.slack_signing_secret:
        raise typer.BadParameter(MISSING_SECRET)
    try:
        app, _service = _build(settings)
    except (CoachError, StorageError) as error:
        typer.echo(error.message, err=True)
        raise typer.Exit(1) from error
    if socket_mode:
        from slack_bolt.adapter.socket_mode import SocketModeHandler

        typer.echo("Processcoach ansluter till Slack via Socket Mode …")
        SocketModeHandler(app, settings.slack_app_token).start()
        return
    from bot.slack.http import EVENTS_PATH, SlackHTTPServer

    server = SlackHTTPServer(app, host=host, port=port)
    typer.echo(f"Processcoach lyssnar på http://{host}:{server.port}{EVENTS_PATH}")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def _build(settings: Settings):
    """The bolt App and its service; the ABCDE reminder loop and the guidance warm-up started."""
    from bot.abcde.loop import ReminderLoop
    from bot.abcde.service import AbcdeService
    from bot.slack.app import build_app
    from bot.wiring import build_service, open_database

    engine = open_database(settings)
    service = build_service(settings, engine=engine)
    app = build_app(settings, service, engine)
    # ABCDE reminders go out from the running bot too (claims make them fire once across replicas)
    ReminderLoop(AbcdeService(service, engine, default_tz=settings.coach_timezone), app.client).start()
    # the guidance index is built (fresh install) or checked and loaded in the background, progress in
    # the log; meanwhile a click on Vägledning says "förbereds, klar om ungefär N s" (bot.slack.guidance)
    freeze_heap()
    service.guidance_warmup.when_ready(freeze_heap)
    service.guidance_warmup.start()
    return app, service


def freeze_heap() -> None:
    """Move what is loaded by now (modules, flows, the guidance index and model) out of the cyclic
    garbage collector's sight. A full collection otherwise walks all of it — 0.3-0.6 s with every
    thread stopped, which lands on whatever acks are in flight (docs/BENCHMARKS.md, Slack)."""
    import gc

    gc.collect()
    gc.freeze()


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
