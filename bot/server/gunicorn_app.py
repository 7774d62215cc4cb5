"""`coach serve --http`: gunicorn (threaded workers) runs the WSGI app, started from Python.

The master migrates the database, binds the port and forks N workers; each worker builds its own bolt App
after the fork (bot.server.worker). Stopping: SIGTERM or SIGINT to the master closes the listening socket
and tells every worker to stop; a worker answers what it has begun, lets the work its listeners handed on
finish (bot.slack.shutdown.Stopper, within GRACE seconds of the signal), then exits; the master exits 0 —
or 1 when some work had to be cut short. A second SIGINT stops at once.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from gunicorn.app.base import BaseApplication
from gunicorn.arbiter import Arbiter
from gunicorn.glogging import Logger

import coachtext
from bot.server import logs
from bot.server.border import EVENTS_PATH
from bot.settings import Settings
from bot.slack.shutdown import GRACE

THREADS = 8  # request threads per worker; an ack takes milliseconds, the work runs on the app's pools
CUT_SHORT = "cut-short"  # a file a worker leaves in the runtime directory when it stopped with work unfinished


class CoachLogger(Logger):
    """gunicorn's own lines (start, workers, errors) in the same format as ours."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        formatter = logs.JsonFormatter() if os.environ.get("COACH_LOG_FORMAT", "json") == "json" \
            else logs.TextFormatter()
        for handler in self.error_log.handlers:
            handler.setFormatter(formatter)


class CoachArbiter(Arbiter):
    def handle_int(self) -> None:  # Ctrl-C stops gracefully, as SIGTERM; a second one at once (Arbiter.stop)
        self.handle_term()

    def handle_term(self) -> None:
        self.app.say(self.app.text("cli.serve.stopping"), err=True)
        raise StopIteration



class CoachServer(BaseApplication):
    def __init__(self, settings: Settings, *, host: str, port: int, workers: int, say: Callable[..., Any],
                 threads: int = THREADS) -> None:
        self.settings, self.host, self.port, self.workers, self.threads = settings, host, port, workers, threads
        self.say = say
        self.lang = settings.coach_language  # what the operator is told, on the terminal
        self.runtime = Path(tempfile.mkdtemp(prefix="coach-serve-"))
        super().__init__()

    def text(self, key: str, **values: object) -> str:
        return coachtext.t(key, self.lang, **values)

    def load_config(self) -> None:
        from bot.server import worker

        host = f"[{self.host}]" if ":" in self.host else self.host
        options = {
            "bind": [f"{host}:{self.port}"], "workers": self.workers, "worker_class": "gthread",
            "threads": self.threads, "graceful_timeout": int(GRACE) + 1, "timeout": 120, "keepalive": 5,
            "accesslog": None, "errorlog": "-", "loglevel": "info", "logger_class": CoachLogger,
            "proc_name": "processcoach", "preload_app": False, "control_socket_disable": True,
            "when_ready": self._when_ready, "post_worker_init": worker.post_worker_init,
            "worker_exit": worker.worker_exit, "child_exit": worker.child_exit, "on_exit": self._on_exit,
        }
        for key, value in options.items():
            self.cfg.set(key, value)

    def _when_ready(self, arbiter: Arbiter) -> None:
        for listener in arbiter.LISTENERS:
            host, port = listener.getsockname()[:2]
            processes = self.text("cli.serve.process_one" if self.workers == 1 else "cli.serve.process_many")
            self.say(self.text("cli.serve.listening", url=f"http://{host}:{port}{EVENTS_PATH}", workers=self.workers,
                               processes=processes, threads=self.threads))
        sys.stdout.flush()

    def _on_exit(self, arbiter: Arbiter) -> None:
        """After the workers have stopped: say how it went; exit 1 when some work was cut short."""
        cut_short = (self.runtime / CUT_SHORT).exists()
        shutil.rmtree(self.runtime, ignore_errors=True)
        self.say(self.text("cli.serve.stopped_unfinished" if cut_short else "cli.serve.stopped"), err=True)
        if cut_short:
            sys.exit(1)

    def load(self) -> Any:
        from bot.server.worker import load_worker

        return load_worker(self.settings, self.runtime)

    def run(self) -> None:
        try:
            CoachArbiter(self).run()
        except RuntimeError as error:
            self.say(self.text("cli.serve.cannot_start", error=error), err=True)
            sys.exit(1)

