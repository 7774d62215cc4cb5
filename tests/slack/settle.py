"""Waiting on conditions instead of sleeping: until an app has finished all the work it was given, or until
a condition holds. "Nothing more happened" is then a fact, not a guess about how long things take."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any


def drain(pool: ThreadPoolExecutor, timeout: float = 10.0) -> None:
    """Return once every task submitted to `pool` before the call has finished: one waiting task per worker
    thread is queued behind them, and all of them run at once only when no earlier task still runs."""
    workers = pool._max_workers  # noqa: SLF001  (the pool's size; it has no public name)
    barrier = threading.Barrier(workers + 1, timeout=timeout)
    for _ in range(workers):
        pool.submit(barrier.wait)
    barrier.wait()


def settle(*apps: Any, timeout: float = 10.0) -> None:
    """Wait until each Slack app (bot.slack.app.build_app) has done everything handed to it so far: the ack
    pool, which hands work on, then the work and quick pools — twice, for work that queues more work."""
    for _ in range(2):
        for app in apps:
            for name in ("ack", "work", "quick"):
                pool = app.coach_pools.get(name)
                if pool is not None:
                    drain(pool, timeout)


def wait_until(condition: Callable[[], Any], timeout: float = 10.0) -> bool:
    """Poll `condition` until it holds (True) or `timeout` passes (False)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)  # polling a condition, not waiting for a time
    return True
