"""Readiness of the guidance index in a long-running process (`coach serve`).

A `Warmup` builds or checks the index and loads it on a background thread, so the app serves while it
runs. Anyone may ask how it goes: `ready`, `eta_seconds()` (estimated from the embedding progress), or
register a callback with `when_ready` that runs once the index is ready (or preparing failed: then the
callback's own search reports the polite error)."""

from __future__ import annotations

import logging
import math
import os
import threading
import time
from collections.abc import Callable

log = logging.getLogger("guidance_corpus.readiness")

IDLE, PREPARING, READY, FAILED = "idle", "preparing", "ready", "failed"
TAIL_SECONDS = 4.0  # after the last passage: the gate's background queries and loading the index
FULL_BUILD_SECONDS = 65.0  # the shipped guide with the bundled model on 2 cores (docs/BENCHMARKS.md)
CHECK_SECONDS = 3.0        # an existing index: check the documents' hashes, load, warm the model
NICE = 5  # the build's priority: below the app's threads (acks), not so low that a busy machine starves it


class Warmup:
    def __init__(self, prepare: Callable[[Callable[[int, int, str], None]], None], *,
                 expected: Callable[[], float] = lambda: FULL_BUILD_SECONDS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._prepare, self._expected, self._clock = prepare, expected, clock
        self._lock = threading.Lock()
        self._done_event = threading.Event()
        self._callbacks: list[Callable[[], None]] = []
        self.state = IDLE
        self.error: BaseException | None = None
        self._started = self._finished_embedding = 0.0
        self._expect = FULL_BUILD_SECONDS
        self.done = self.total = 0
        self._first: tuple[float, int] | None = None  # (time, passages done) of the first progress report
        self._logged = -1

    # ---- running ------------------------------------------------------------------------------------

    def start(self) -> bool:
        """Start preparing on a background thread, unless it runs or ran already. True if started now."""
        with self._lock:
            if self.state != IDLE:
                return False
            self.state, self._started = PREPARING, self._clock()
        self._expect = self._expected()
        threading.Thread(target=self._run, name="guidance-warmup", daemon=True).start()
        return True

    def mark_ready(self) -> None:
        """Nothing to prepare (a retriever without an index): ready at once."""
        with self._lock:
            self.state = READY
        self._done_event.set()

    def _run(self) -> None:
        log.info("Vägledningen förbereds: sökindexet byggs eller kontrolleras (tjänsten svarar under tiden).")
        try:
            self._prepare_at_lower_priority()
        except BaseException as error:  # noqa: BLE001 - reported; a search later raises the polite message
            self.error = error
            log.warning("Vägledningen kunde inte förberedas: %s", getattr(error, "message", error))
            outcome = FAILED
        else:
            outcome = READY
            log.info("Vägledningen är klar efter %.1f s.", self._clock() - self._started)
        with self._lock:
            self.state = outcome
            callbacks, self._callbacks = self._callbacks, []
        self._done_event.set()
        for callback in callbacks:
            try:
                callback()
            except Exception:  # noqa: BLE001 - one waiting person's failure must not stop the others
                log.exception("guidance callback failed")

    def _prepare_at_lower_priority(self) -> None:
        """Prepare on a thread of its own at a lower priority, while this one waits at the app's priority:
        a thread inherits the priority of the thread that starts it, and the callbacks below hand work to
        the app's pools, which start their threads when they need one. Run on the lowered thread, they
        left a pool thread (the quick lane's first) below every other thread of the app for good."""
        failed: list[BaseException] = []

        def build() -> None:
            _lower_priority()
            try:
                self._prepare(self.progress)
            except BaseException as error:  # noqa: BLE001 - raised again on the waiting thread
                failed.append(error)

        builder = threading.Thread(target=build, name="guidance-build", daemon=True)
        builder.start()
        builder.join()
        if failed:
            raise failed[0]

    def progress(self, done: int, total: int, title: str = "") -> None:
        """The build's progress callback (guidance_corpus.index.Progress); logged every 10 %."""
        with self._lock:
            if self._first is None:
                self._first = (self._clock(), done)  # loading the model came before: not part of the rate
            self.done, self.total = done, total
            if total and done >= total:
                self._finished_embedding = self._clock()
        pct = int(100 * done / total) if total else 100
        if pct // 10 != self._logged // 10:
            self._logged = pct
            log.info("Vägledningens index: %d/%d passager inbäddade (%d %%), ungefär %d s kvar.",
                     done, total, pct, self.eta_seconds())

    # ---- asking -------------------------------------------------------------------------------------

    @property
    def ready(self) -> bool:
        return self.state == READY

    @property
    def settled(self) -> bool:
        """Ready, or failed (a search then gives the reason)."""
        return self.state in (READY, FAILED)

    def eta_seconds(self) -> int:
        """Seconds until ready, estimated: from the embedding rate since the first progress report while
        passages are embedded (from the start, with one report), else from what a build (or a check of
        an existing index) usually takes."""
        with self._lock:
            if self.state in (READY, FAILED):
                return 0
            now = self._clock()
            elapsed = now - self._started if self.state == PREPARING else 0.0
            if self.total and self.done >= self.total:
                left = TAIL_SECONDS - (now - self._finished_embedding)
            elif self.total and self._first is not None and self.done > self._first[1]:
                since, first_done = self._first  # the rate since the first report: embedding only
                left = (now - since) / (self.done - first_done) * (self.total - self.done) + TAIL_SECONDS
            elif self.total and self.done:
                left = elapsed / self.done * (self.total - self.done) + TAIL_SECONDS
            else:
                left = self._expect - elapsed
        return max(1, math.ceil(left))

    def when_ready(self, callback: Callable[[], None]) -> bool:
        """Run `callback` (on the warm-up thread) once settled. False when already settled: the caller
        goes on at once itself."""
        with self._lock:
            if self.state in (READY, FAILED):
                return False
            self._callbacks.append(callback)
            return True

    def wait(self, timeout: float | None = None) -> bool:
        return self._done_event.wait(timeout)


def _lower_priority() -> None:
    """Embedding is CPU-heavy: give this thread (and the model threads it starts) a lower priority, so
    the acks of the app it runs in stay fast. Linux per-thread nice; elsewhere nothing."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), NICE)
    except (AttributeError, OSError):
        pass


def rounded(seconds: int) -> int:
    """An estimate as people say it: 1-10 s exact, then in steps of 5 s."""
    return seconds if seconds <= 10 else 5 * math.ceil(seconds / 5)
