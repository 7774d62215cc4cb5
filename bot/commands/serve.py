"""`coach serve`: the Slack app, in Socket Mode (app token set; one process) or HTTP mode (`--http`: gunicorn
with N worker processes, /slack/events, /healthz, /readyz, /metrics)."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import typer

from bot.commands.texts import configured_language, help_text, say
from bot.errors import CoachError
from bot.settings import Settings
from storage.errors import StorageError

if TYPE_CHECKING:
    from bot.slack.abcde.loop import ReminderLoop
    from bot.slack.shutdown import Stopper

def serve(
    http: bool = typer.Option(False, "--http", help=help_text("serve.opt.http")),
    port: int = typer.Option(3000, "--port", help=help_text("serve.opt.port")),
    host: str = typer.Option("0.0.0.0", "--host", help=help_text("serve.opt.host")),
    workers: int = typer.Option(1, "--workers", "-w", envvar="COACH_WORKERS", help=help_text("serve.opt.workers")),
    log_format: str = typer.Option("", "--log-format", envvar="COACH_LOG_FORMAT",
                                   help=help_text("serve.opt.log_format")),
) -> None:
    """The Slack app: Socket Mode by default, HTTP mode (gunicorn) with --http."""
    lang = configured_language()
    log_format = log_format or ("json" if http else "text")
    if log_format not in ("json", "text"):
        raise typer.BadParameter(say("serve.bad_log_format", lang))
    if workers < 1:
        raise typer.BadParameter(say("serve.bad_workers", lang))
    from bot.server.logs import configure

    os.environ["COACH_LOG_FORMAT"] = log_format  # the workers and gunicorn's own log lines follow it
    configure(log_format)
    settings = Settings()
    if not settings.slack_bot_token and not settings.oauth_enabled:
        raise typer.BadParameter(say("serve.no_bot_token", lang))
    socket_mode = not http
    if socket_mode and not settings.slack_app_token:
        raise typer.BadParameter(say("serve.no_app_token", lang))
    if http and not settings.slack_signing_secret:
        raise typer.BadParameter(say("serve.no_signing_secret", lang))
    if http:
        _serve_http(settings, host=host, port=port, workers=workers)
        return
    from bot.slack.shutdown import Stopper, serve_until_stopped

    stopper = Stopper()
    try:
        app, _service = _build(settings, stopper)
    except (CoachError, StorageError) as error:
        typer.echo(error.message, err=True)
        raise typer.Exit(1) from error
    clean = serve_until_stopped(app, stopper, app_token=settings.slack_app_token, say=typer.echo,
                                lang=lang)
    if not clean:  # a worker still stuck would keep the interpreter from exiting
        import sys

        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(1)


def _serve_http(settings: Settings, *, host: str, port: int, workers: int) -> None:
    """Migrate once here, in the master (the workers only connect), then run gunicorn until stopped."""
    from bot.server.gunicorn_app import CoachServer
    from bot.server.metrics import MULTIPROC_ENV, prepare_multiprocess
    from bot.wiring import open_database

    try:
        open_database(settings).dispose()  # no connection is carried into the forked workers
    except (CoachError, StorageError) as error:
        typer.echo(error.message, err=True)
        raise typer.Exit(1) from error
    server = CoachServer(settings, host=host, port=port, workers=workers, say=typer.echo)
    prepare_multiprocess(os.environ.get(MULTIPROC_ENV) or str(server.runtime / "metrics"))
    server.run()


def _build(settings: Settings, stopper: Stopper | None = None, *, migrate: bool = True,
           run_reminders: Callable[[ReminderLoop], Callable[[], Any]] | None = None,
           on_sent: Callable[[Any], None] | None = None):
    """The bolt App and its service; the ABCDE reminder loop (here, or as `run_reminders` decides: once
    per server under gunicorn) and the guidance warm-up started, their closers registered with `stopper`."""
    from bot.abcde.service import AbcdeService
    from bot.slack.abcde.loop import ReminderLoop
    from bot.slack.app import build_app
    from bot.slack.outbox import OutboxLoop
    from bot.wiring import build_service, connect_database

    engine = connect_database(settings, migrate_first=migrate)
    service = build_service(settings, engine=engine)
    app = build_app(settings, service, engine)
    # ABCDE reminders go out from the running bot too (claims make them fire once across replicas)
    loop = ReminderLoop(AbcdeService(service, engine, default_tz=settings.coach_timezone), app.client,
                        on_sent=on_sent)
    if run_reminders is None:
        thread = loop.start()
        stop_reminders: Callable[[], Any] = lambda: (loop.stop.set(), thread.join(5))  # noqa: E731
    else:
        stop_reminders = run_reminders(loop)
    # confirmations Slack could not take at once go out from here, once, also after a restart
    outbox = OutboxLoop(app.coach_outbox, app.client)
    outbox_thread = outbox.start()
    if stopper is not None:
        stopper.close("ABCDE reminders", stop_reminders, order=0)
        stopper.close("Slack outbox", lambda: outbox.close(outbox_thread), order=0)
        stopper.close("database", engine.dispose, order=2)
    # the guidance index is built (fresh install; once, under a lock) or checked and loaded in the
    # background, progress in the log; meanwhile a click on Vägledning says "förbereds, klar om ungefär
    # N s" (bot.slack.guidance) and /readyz says not ready
    freeze_heap()
    service.guidance.warmup.when_ready(freeze_heap)
    service.guidance.warmup.start()
    return app, service


def freeze_heap() -> None:
    """Move what is loaded by now (modules, flows, the guidance index and model) out of the cyclic
    garbage collector's sight. A full collection otherwise walks all of it — 0.3-0.6 s with every
    thread stopped, which lands on whatever acks are in flight (docs/BENCHMARKS.md, Slack)."""
    import gc

    gc.collect()
    gc.freeze()


def register(app: typer.Typer) -> None:
    app.command("serve", help=help_text("serve.help"))(serve)

