"""The guidance index's warm-up: estimates from the build's progress, callbacks once ready, and the real
build started by `coach serve` at start-up (fake embeddings, a temporary data directory)."""

from __future__ import annotations

import logging
import threading

from guidance_corpus.readiness import FAILED, NICE, READY, TAIL_SECONDS, Warmup, rounded


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def held_warmup(clock: Clock, expected: float = 65.0):
    release, reached = threading.Event(), threading.Event()
    steps: list[tuple[int, int]] = []

    def prepare(progress) -> None:
        for done, total in steps:
            progress(done, total, "Vägledning")
        reached.set()
        assert release.wait(5)

    return Warmup(prepare, expected=lambda: expected, clock=clock), release, reached, steps


def test_the_estimate_follows_the_embedding_rate() -> None:
    clock = Clock()
    warmup, release, reached, _ = held_warmup(clock)
    assert warmup.eta_seconds() == 65  # not started: a full build's usual time
    warmup.start()
    assert reached.wait(5)
    clock.now += 10  # nothing embedded yet (the model loads): the usual time minus what passed
    assert warmup.eta_seconds() == 55
    warmup.progress(50, 200)  # first report after 10 s (with the model's loading): 150 more at that rate
    assert warmup.eta_seconds() == 30 + TAIL_SECONDS
    clock.now += 30  # the next 50 took 30 s: the rate since the first report, without the loading
    warmup.progress(100, 200)
    assert warmup.eta_seconds() == 60 + TAIL_SECONDS
    warmup.progress(200, 200)
    assert warmup.eta_seconds() == TAIL_SECONDS
    release.set()
    assert warmup.wait(5) and warmup.ready and warmup.eta_seconds() == 0


def test_callbacks_run_once_ready_and_at_once_after() -> None:
    warmup, release, reached, _ = held_warmup(Clock())
    ran: list[str] = []
    assert warmup.start() and not warmup.start()  # one build, however often asked
    assert reached.wait(5)
    assert warmup.when_ready(lambda: ran.append("waiting"))
    assert ran == []
    release.set()
    assert warmup.wait(5)
    assert ran == ["waiting"] and not warmup.when_ready(lambda: ran.append("late"))


def test_a_failed_build_settles_and_wakes_whoever_waits() -> None:
    def prepare(progress) -> None:
        raise RuntimeError("Chroma-servern svarar inte")

    warmup, woken = Warmup(prepare), threading.Event()
    warmup.when_ready(woken.set)
    warmup.start()
    assert woken.wait(5) and warmup.state == FAILED and warmup.settled and not warmup.ready


def test_rounded_estimates() -> None:
    assert [rounded(s) for s in (1, 7, 10, 11, 23, 64)] == [1, 7, 10, 15, 25, 65]


def test_serve_builds_the_index_at_start_up_in_the_background(tmp_path, monkeypatch, caplog) -> None:
    from bot.commands.serve import _build
    from bot.settings import Settings
    from guidance_corpus.index import index_files
    from tests.slack.fake_slack import FakeSlack

    slack = FakeSlack()
    try:
        monkeypatch.setattr("bot.slack.abcde.loop.ReminderLoop.start", lambda self: None)  # not under test here
        settings = Settings(_env_file=None, coach_data_dir=tmp_path / "data", coach_embeddings="fake",
                            slack_bot_token="xoxb-test", slack_signing_secret="s", slack_api_url=slack.url)
        with caplog.at_level(logging.INFO, logger="guidance_corpus.readiness"):
            _app, service = _build(settings)  # returns before the index is built: that runs on its own thread
            warmup = service.guidance.warmup
            assert warmup.state in ("preparing", READY)
            assert warmup.wait(120) and warmup.ready
        assert index_files(settings, service.guidance.retriever().embeddings).exists()
        assert "passager inbäddade" in caplog.text and "Vägledningen är klar" in caplog.text
        assert service.guidance.search("långsiktigt mål för området", k=3)  # loaded: answers from the built index
    finally:
        slack.stop()


def test_callbacks_run_at_the_apps_priority_and_the_build_below_it() -> None:
    """Threads inherit the priority of the thread that starts them (Linux: per thread): a pool thread
    started by a callback (they hand work to the app's pools) must not inherit the build's lower one."""
    import os
    from concurrent.futures import ThreadPoolExecutor

    def nice() -> int:
        return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    seen: dict[str, int] = {}
    ran = threading.Event()
    pool = ThreadPoolExecutor(1)  # no thread yet: the callback's submit starts it

    def in_pool() -> None:
        seen["pool"] = nice()
        ran.set()

    warmup = Warmup(lambda progress: seen.setdefault("build", nice()))
    warmup.when_ready(lambda: pool.submit(in_pool))
    warmup.start()
    assert ran.wait(5)
    pool.shutdown(wait=True)
    assert seen["pool"] == nice()
    assert seen["build"] >= NICE
