"""`coach serve`: the Slack app, in Socket Mode (app token set) or HTTP mode (`--http`, at /slack/events)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import typer

from bot.errors import CoachError
from bot.settings import Settings
from storage.errors import StorageError

if TYPE_CHECKING:
    from bot.slack.shutdown import Stopper

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
    from bot.slack.shutdown import Stopper, serve_until_stopped

    stopper = Stopper()
    try:
        app, _service = _build(settings, stopper)
    except (CoachError, StorageError) as error:
        typer.echo(error.message, err=True)
        raise typer.Exit(1) from error
    clean = serve_until_stopped(app, stopper, app_token=settings.slack_app_token if socket_mode else None,
                                host=host, port=port, say=typer.echo)
    if not clean:  # a worker still stuck would keep the interpreter from exiting
        import os
        import sys

        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(1)


def _build(settings: Settings, stopper: Stopper | None = None):
    """The bolt App and its service; the ABCDE reminder loop and the guidance warm-up started, their
    closers registered with `stopper`."""
    from bot.abcde.loop import ReminderLoop
    from bot.abcde.service import AbcdeService
    from bot.slack.app import build_app
    from bot.slack.outbox import OutboxLoop
    from bot.wiring import build_service, open_database

    engine = open_database(settings)
    service = build_service(settings, engine=engine)
    app = build_app(settings, service, engine)
    # ABCDE reminders go out from the running bot too (claims make them fire once across replicas)
    loop = ReminderLoop(AbcdeService(service, engine, default_tz=settings.coach_timezone), app.client)
    thread = loop.start()
    # confirmations Slack could not take at once go out from here, once, also after a restart
    outbox = OutboxLoop(app.coach_outbox, app.client)
    outbox_thread = outbox.start()
    if stopper is not None:
        stopper.close("ABCDE reminders", lambda: (loop.stop.set(), thread.join(5)), order=0)
        stopper.close("Slack outbox", lambda: outbox.close(outbox_thread), order=0)
        stopper.close("database", engine.dispose, order=2)
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
