"""The in-process reminder scheduler for `coach serve`: checks what is due every `interval` seconds.

Several bot instances may run it against the same database: the dispatch claims make every reminder
go out once. Deployments without a long-running bot use `coach reminders run-due` from cron instead.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from slack_sdk import WebClient

from bot.abcde.service import AbcdeService
from bot.slack.abcde.publish import Sent, run_due
from storage.errors import StorageError

log = logging.getLogger(__name__)


class ReminderLoop:
    def __init__(self, abcde: AbcdeService, client: WebClient, *, interval: float = 60.0,
                 stop: threading.Event | None = None, on_sent: Callable[[Sent], None] | None = None) -> None:
        self.abcde, self.client, self.interval = abcde, client, interval
        self.stop = stop or threading.Event()
        self.on_sent = on_sent  # e.g. the reminders counter of /metrics

    def tick(self) -> list[Sent]:
        """One round; a database outage is logged and retried next round, never ends the loop."""
        try:
            sent = run_due(self.abcde, self.client)
        except StorageError as error:
            log.warning("ABCDE reminders skipped this round: %s", error.detail or error.message)
            return []
        for item in sent:
            log.info("ABCDE %s to %s for %s: %s", item.kind, item.user_id, item.period_key,  # no process name:
                     "sent" if item.ok else item.error)  # the logs carry no text people typed
            if self.on_sent is not None:
                self.on_sent(item)
        return sent

    def run(self) -> None:
        while True:
            self.tick()
            if self.stop.wait(self.interval):
                return

    def start(self) -> threading.Thread:
        thread = threading.Thread(target=self.run, name="abcde-reminders", daemon=True)
        thread.start()
        return thread
