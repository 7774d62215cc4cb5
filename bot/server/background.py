"""Work that runs once per server, not once per gunicorn worker: the worker that holds a lock file in the
server's runtime directory runs it; when that worker exits, the OS releases the lock and another worker
takes over at its next try. (Across replicas the database decides: each reminder is claimed before it is
sent, bot.slack.abcde.publish.)"""

from __future__ import annotations

import fcntl
import logging
import threading
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger(__name__)


class OncePerServer:
    def __init__(self, lock_path: Path, name: str, run: Callable[[threading.Event], None], *,
                 retry: float = 5.0) -> None:
        self.lock_path, self.name, self._run_body, self.retry = lock_path, name, run, retry
        self.stopping = threading.Event()
        self.holding = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> threading.Thread:
        self._thread = threading.Thread(target=self._run, name=f"once-{self.name}", daemon=True)
        self._thread.start()
        return self._thread

    def _run(self) -> None:
        with open(self.lock_path, "a+") as handle:
            while not self.stopping.is_set():
                try:
                    fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    self.stopping.wait(self.retry)
                    continue
                self.holding.set()
                log.info("%s runs in this worker", self.name)
                try:
                    self._run_body(self.stopping)
                finally:
                    fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
                return

    def stop(self, timeout: float = 5.0) -> None:
        self.stopping.set()
        if self._thread is not None:
            self._thread.join(timeout)
