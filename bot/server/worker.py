"""One gunicorn worker: builds its own App after the fork (database engine, service, bolt App, guidance
warm-up, the reminder loop if this worker holds the server's lock) and stops it gracefully on SIGTERM."""

from __future__ import annotations

import logging
import os
import signal
import sys
import time
from pathlib import Path
from typing import Any

from bot.settings import Settings
from bot.slack.shutdown import GRACE, Stopper

log = logging.getLogger(__name__)
_state: dict[str, Any] = {}


def load_worker(settings: Settings, runtime: Path) -> Any:
    """The WSGI app of this worker (gunicorn calls it once, in the worker)."""
    from bot.commands.serve import _build
    from bot.server.background import OncePerServer
    from bot.server.health import Health
    from bot.server.logs import replica_name
    from bot.server.metrics import ErrorCounter, Metrics
    from bot.server.wsgi import build_wsgi

    stopper = Stopper(grace=GRACE)
    metrics_box: dict[str, Metrics] = {}
    runners: list[OncePerServer] = []

    def once(loop: Any) -> Any:
        runner = OncePerServer(runtime / "reminders.lock", "ABCDE reminders", lambda stop: loop.run())
        loop.stop = runner.stopping
        runners.append(runner)  # started below, once the metrics it counts sent reminders in exist
        return runner.stop

    app, service = _build(settings, stopper, migrate=False, run_reminders=once,
                          on_sent=lambda sent: metrics_box["m"].reminder(sent.kind, sent.ok))
    engine = service.engine
    metrics = metrics_box["m"] = Metrics(engine)
    for runner in runners:  # started inside _build, a reminder due at start-up was sent before the metrics
        runner.start()      # existed: KeyError in the loop's thread, which died (a replica test's traceback)
    logging.getLogger().addHandler(ErrorCounter(metrics))
    app.middleware(stopper.middleware())  # requests on kept-alive connections while stopping: 503, Slack retries
    for name, pool in getattr(app, "coach_pools", {}).items():  # the ack pool first: it hands work on
        stopper.drain_pool(f"{name} pool", pool)
    health = Health(engine, guidance=service.guidance.warmup, stopping=stopper.requested)
    stopper.close("health probe", health.close, order=1)
    _state.update(stopper=stopper, runtime=runtime, deadline=None)
    return build_wsgi(app, health=health, metrics=metrics, replica=replica_name())


def post_worker_init(worker: Any) -> None:
    """SIGTERM and SIGINT: stop taking new work at once (the App answers 503), then gunicorn's own
    graceful exit (stop accepting, answer open requests); the deadline for the rest starts now."""
    def on_stop(signum: int, frame: Any) -> None:
        stopper: Stopper | None = _state.get("stopper")
        if _state.get("deadline") is None:
            _state["deadline"] = time.monotonic() + GRACE
        if stopper is not None:
            stopper.requested.set()
        worker.handle_exit(signum, frame)

    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, on_stop)
        signal.siginterrupt(signum, False)


def worker_exit(server: Any, worker: Any) -> None:
    """In the worker, after gunicorn answered its open requests: drain the App's pools, run the closers."""
    stopper: Stopper | None = _state.get("stopper")
    if stopper is None:
        return
    deadline = _state.get("deadline") or time.monotonic() + GRACE
    stopper.grace = max(0.5, deadline - time.monotonic())
    clean = stopper.stop()
    if not clean:  # a thread still stuck would keep the interpreter from exiting
        (_state["runtime"] / "cut-short").touch()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(1)


def child_exit(server: Any, worker: Any) -> None:
    """In the master: a worker's metric samples stop counting as live."""
    from bot.server.metrics import worker_gone

    worker_gone(worker.pid)
