"""Graceful stop of `coach serve`: on SIGTERM or SIGINT stop taking new work, let what is in flight
finish (within GRACE seconds in all), then close the Slack connection and the database, and exit 0.

The order matters: new requests are refused first (a middleware leaves new Socket Mode envelopes
unacknowledged, so Slack delivers them again elsewhere or later; in HTTP mode gunicorn also closes the
listening socket, bot.server.gunicorn_app), then the ack pool (whose listeners hand work to the work
pool), then the work pool, then the closers (reminder loop, Socket Mode connection, database).
In HTTP mode each gunicorn worker runs the same Stopper from its exit hook (bot.server.worker).
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import Executor
from typing import Any

from slack_bolt import App, BoltRequest, BoltResponse

import coachtext

log = logging.getLogger(__name__)
GRACE = 10.0


class Stopper:
    """Waits for SIGTERM/SIGINT, then runs the stop steps against one deadline."""

    def __init__(self, grace: float = GRACE) -> None:
        self.grace = grace
        self.requested = threading.Event()
        self._drains: list[tuple[str, Callable[[float], bool]]] = []
        self._closers: list[tuple[int, str, Callable[[], Any]]] = []

    # ---- wiring -----------------------------------------------------------------------------------

    def install(self) -> None:
        """Catch SIGTERM and SIGINT (main thread only)."""
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, self._on_signal)

    def _on_signal(self, signum: int, _frame: object) -> None:
        if self.requested.is_set():
            log.warning("second %s: still stopping", signal.Signals(signum).name)
            return
        log.info("%s received: stopping gracefully (at most %.0f s)", signal.Signals(signum).name, self.grace)
        self.requested.set()

    def middleware(self) -> Callable[..., BoltResponse | None]:
        """Registered on the app: while stopping, new requests are not acknowledged (Slack retries them)."""
        def refuse_when_stopping(req: BoltRequest, resp: BoltResponse, next: Callable[[], None]):  # noqa: A002
            if self.requested.is_set():
                return BoltResponse(status=503, body="shutting down")
            return next()

        return refuse_when_stopping

    def drain(self, name: str, wait: Callable[[float], bool]) -> None:
        """`wait(timeout)` returns True once `name` has nothing in flight."""
        self._drains.append((name, wait))

    def drain_pool(self, name: str, pool: Executor) -> None:
        self.drain(name, lambda timeout: shutdown_pool(pool, timeout))

    def close(self, name: str, closer: Callable[[], Any], *, order: int = 0) -> None:
        """Run `closer` after the drains; lower `order` first (the database last)."""
        self._closers.append((order, name, closer))

    # ---- stopping ---------------------------------------------------------------------------------

    def wait(self) -> None:
        """Block the main thread until a stop is requested (signal handlers run in between)."""
        while not self.requested.wait(0.5):
            pass

    def stop(self) -> bool:
        """Run the drains against one deadline, then every closer. True when nothing was cut short."""
        deadline = time.monotonic() + self.grace
        clean = True
        for name, wait in self._drains:
            left = max(0.0, deadline - time.monotonic())
            if not wait(left):
                log.warning("%s still busy after the %.0f s grace period; stopping anyway", name, self.grace)
                clean = False
        for _, name, closer in sorted(self._closers, key=lambda c: c[0]):
            try:
                closer()
            except Exception:  # noqa: BLE001  (one failing closer must not keep the others from running)
                log.exception("closing %s failed", name)
                clean = False
        log.info("stopped %s", "cleanly" if clean else "with work cut short")
        return clean


def shutdown_pool(pool: Executor, timeout: float) -> bool:
    """Refuse new tasks, wait up to `timeout` for the running and queued ones; True when all finished."""
    waiter = threading.Thread(target=pool.shutdown, kwargs={"wait": True}, daemon=True, name="pool-drain")
    waiter.start()
    waiter.join(timeout)
    return not waiter.is_alive()


def serve_until_stopped(app: App, stopper: Stopper, *, app_token: str, say: Callable[..., Any],
                        lang: str = coachtext.DEFAULT) -> bool:
    """Run the app in Socket Mode until SIGTERM/SIGINT, then stop gracefully, telling the operator in `lang`.
    True when everything in flight finished. (HTTP mode: bot.server.gunicorn_app.)"""
    app.middleware(stopper.middleware())
    stopper.install()
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    say(coachtext.t("cli.serve.connecting", lang))
    handler = SocketModeHandler(app, app_token)
    handler.connect()
    stopper.close("Socket Mode", handler.close, order=1)
    for name, pool in getattr(app, "coach_pools", {}).items():  # acks hand work on: the ack pool first
        stopper.drain_pool(f"{name} pool", pool)
    stopper.wait()
    say(coachtext.t("cli.serve.stopping", lang), err=True)
    clean = stopper.stop()
    say(coachtext.t("cli.serve.stopped" if clean else "cli.serve.stopped_unfinished", lang), err=True)
    return clean
