"""Calls that must reach Slack: written to the outbox (storage/repository/outbox.py) before they are
tried, tried at once in order, and — when Slack is still down after the client's own retries
(bot.slack.retry) — left there for `OutboxLoop`, which sends each exactly once when Slack is back, after
a restart too. So a stored answer is always confirmed, and never reported as lost.

A call is a Web API method with its arguments, or one of the app's own steps (`performers`, e.g.
"coach.prompt": show the next question), which may make several calls and is safe to repeat."""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from slack_sdk import WebClient

from bot.outbox_store import Claimed, OutboxStore
from bot.slack.retry import transient
from storage.errors import StorageError

log = logging.getLogger(__name__)
Performer = Callable[[WebClient, dict[str, Any]], None]


@dataclass(frozen=True)
class Call:
    key: str  # what it shows, e.g. "confirm:12:s1.malgrupp": a newer call with the same key replaces it
    method: str
    args: dict[str, Any]


@dataclass
class Outbox:
    engine: Any  # the database's engine, handed to its store (bot.outbox_store)
    lease: float = 60.0  # longer than the client's retries of one call (RetryPolicy.total)
    base: float = 2.0  # first wait after a failed round; doubles per attempt, with jitter
    longest: float = 300.0
    performers: dict[str, Performer] = field(default_factory=dict)
    wake: threading.Event = field(default_factory=threading.Event)
    sent_later: int = 0  # calls this process sent from the outbox (not at their first try): for the log
    behind: bool = True  # calls may be waiting (from a failure here, or before a restart)
    _keys: dict[str, threading.Lock] = field(default_factory=dict)  # one sender per key in this process
    _guard: threading.Lock = field(default_factory=threading.Lock)
    rng: random.Random = field(default_factory=random.Random)  # the waits' jitter; not the global state

    def __post_init__(self) -> None:
        self.store = OutboxStore(self.engine)

    def send(self, client: WebClient, calls: list[Call]) -> bool:
        """Put `calls`, then make them in order; True when all went out. On a transient failure the rest
        stay in the outbox (and the loop is woken) — the caller does not fail."""
        if not calls:
            return True
        claimed = self.store.put(self._rows(calls), lease=self.lease)
        return self.send_put(client, claimed)

    def put(self, session, calls: list[Call]) -> list[Claimed]:
        """Write `calls` in the caller's transaction (e.g. the one that stores the answer they confirm),
        claimed by the caller for one lease: after the commit it makes them (`send_put`); if it never
        does (the process died), the loop sends them when the lease ends."""
        return self.store.put_in(session, self._rows(calls), lease=self.lease)

    @staticmethod
    def _rows(calls: list[Call]) -> list[tuple[str, str, dict[str, Any]]]:
        return [(c.key, c.method, c.args) for c in calls]

    def send_put(self, client: WebClient, claimed: list[Claimed]) -> bool:
        """Make calls written by `put` (once committed), in order; True when all went out."""
        return self._make(client, claimed)[1] if claimed else True

    def drain(self, client: WebClient, limit: int = 20) -> int:
        """Send what is due; the number sent. Stops at the first transient failure (order is kept)."""
        try:
            claimed = self.store.claim_due(lease=self.lease, limit=limit)
        except StorageError as error:
            log.warning("outbox not drained this round: %s", error.detail or error.message)
            return 0
        if not claimed:
            self.behind = self._waiting()
            return 0
        sent, _ = self._make(client, claimed)
        if sent:
            self.sent_later += sent
            log.info("outbox: %d call(s) sent that Slack could not take before", sent)
        return sent

    def _make(self, client: WebClient, claimed: list[Claimed]) -> tuple[int, bool]:
        """Make the calls in order until one fails transiently; each sent one is recorded as sent at once
        (a crash right after a call repeats only that call — an update shows the same again, a new message
        is found by its mark, bot.slack.posting); then what was given up, and what is due again (the failed
        call and the ones behind it, in order)."""
        sent: list[Claimed] = []
        dropped: list[tuple[Claimed, Exception]] = []
        waiting: list[Claimed] = []
        failure: Exception | None = None
        for index, call in enumerate(claimed):
            failure = self._one(client, call)
            if failure is None:
                self.store.mark_sent(call)
                sent.append(call)
            elif transient(failure):
                log.info("outbox: %s (%s) waits, attempt %d: %s", call.method, call.key, call.attempts, failure)
                waiting = claimed[index:]
                break
            else:
                log.error("outbox: %s (%s) given up", call.method, call.key, exc_info=failure)
                dropped.append((call, failure))
        if not (dropped or waiting):
            if self.behind:
                self.wake.set()  # Slack answers: a good moment for anything still waiting
            return len(sent), True
        waits = [(call, self.rng.uniform(0.5, 1.0) * min(self.longest, self.base * 2 ** max(0, call.attempts - 1)))
                 for call in waiting]
        self.store.give_back(dropped, waits, failure)
        if waiting:
            self.behind = True
        if self.behind:
            self.wake.set()  # something waits: the loop tries again (now, if Slack answers again)
        return len(sent), not waiting

    def _one(self, client: WebClient, call: Claimed) -> Exception | None:
        """Make one call; the error, if any. Calls with the same key (e.g. the next question of one
        process) are made one at a time: the second sees what the first did."""
        with self._guard:
            lock = self._keys.setdefault(call.key, threading.Lock())
        with lock:
            try:
                performer = self.performers.get(call.method)
                if performer is not None:  # its new messages carry a mark (bot.slack.posting)
                    performer(client, {**call.args, "_mark": f"{call.id}.{call.revision}",
                                       "_again": call.attempts > 1})
                else:
                    client.api_call(call.method, json=call.args)
            except Exception as error:  # noqa: BLE001  (transient: later; anything else: given up, logged)
                return error
        return None

    def _waiting(self) -> bool:
        try:
            return self.store.any_waiting()
        except StorageError:
            return True

    def purge(self, keep: timedelta = timedelta(days=1)) -> int:
        """Forget calls sent longer ago than `keep` (they hold message texts and user ids)."""
        try:
            return self.store.purge_sent(keep)
        except StorageError as error:
            log.warning("outbox not purged: %s", error.detail or error.message)
            return 0


class OutboxLoop:
    """Drains the outbox every `interval` seconds, and at once when woken (a call failed or succeeded);
    forgets sent calls once an hour."""

    PURGE_EVERY = 3600.0

    def __init__(self, outbox: Outbox, client: WebClient, *, interval: float = 5.0) -> None:
        self.outbox, self.client, self.interval = outbox, client, interval
        self.stop = threading.Event()

    def run(self) -> None:
        purged: float | None = None
        while not self.stop.is_set():
            if purged is None or time.monotonic() - purged >= self.PURGE_EVERY:
                self.outbox.purge()
                purged = time.monotonic()
            self.outbox.wake.wait(self.interval)
            self.outbox.wake.clear()
            if self.stop.is_set():
                return
            while self.outbox.drain(self.client) and not self.stop.is_set():
                pass

    def start(self) -> threading.Thread:
        thread = threading.Thread(target=self.run, name="slack-outbox", daemon=True)
        thread.start()
        return thread

    def close(self, thread: threading.Thread, timeout: float = 5.0) -> None:
        self.stop.set()
        self.outbox.wake.set()
        thread.join(timeout)
