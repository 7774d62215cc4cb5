"""`coach serve --http --workers 2` as operators see it: /metrics sums both workers (prometheus_client's
multiprocess mode), /healthz and /readyz answer within 50 ms, one JSON line per request without user text."""

from __future__ import annotations

import json
import re
import statistics
import time
from collections.abc import Iterator

import pytest

from tests.slack import serve_process
from tests.slack.fake_slack import FakeSlack
from tests.slack.serve_process import Served, wait_until

# Slow tier: a served process (`coach serve --http` under gunicorn, started as a subprocess) — tests/README.md
pytestmark = pytest.mark.slow

SECRET = "served-secret"
PRIVATE = "hemlig-rad-om-Skogås"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    slack = FakeSlack()
    running = serve_process.start(tmp_path_factory.mktemp("served2"), slack, "--workers", "2", secret=SECRET)
    assert serve_process.ready(running, workers=2)
    yield running
    running.stop()
    slack.stop()


def counted(text: str, kind: str, status: str) -> float:
    match = re.search(rf'^coach_slack_requests_total{{kind="{kind}",status="{status}"}} (\S+)$', text, re.M)
    return float(match.group(1)) if match else 0.0


def test_metrics_add_up_over_the_workers(served: Served) -> None:
    from concurrent.futures import ThreadPoolExecutor

    before = counted(served.get("/metrics")[1], "command", "200")
    sent = 0

    def answering() -> set[int]:
        return {r["pid"] for r in served.records() if r.get("msg") == "slack request" and r.get("status") == 200}

    with ThreadPoolExecutor(6) as pool:  # concurrent requests: the kernel hands them to both workers
        while len(answering()) < 2 and sent < 120:
            statuses = list(pool.map(lambda _: served.sender.command("hjälp", user="U7", channel="C7")[0], range(6)))
            assert statuses == [200] * 6
            sent += 6
            served.slack.wait_for("chat.postEphemeral", sent, where=lambda a: a.get("user") == "U7", timeout=30)
    assert len(answering()) == 2, answering()  # both workers answered some
    for _ in range(4):  # whichever worker answers the scrape, it shows both workers' counts
        status, text = served.get("/metrics")
        assert status == 200 and counted(text, "command", "200") == before + sent
        assert "coach_slack_ack_seconds_bucket" in text and "coach_outbox_depth 0.0" in text


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


def test_health_answers_within_50_ms(served: Served) -> None:
    timings: dict[str, list[float]] = {"/healthz": [], "/readyz": []}
    for _ in range(100):
        for path, out in timings.items():
            started = time.perf_counter()
            status, body = served.get(path)
            out.append((time.perf_counter() - started) * 1000)
            assert status == 200, body
    summary = {path: (round(statistics.median(v), 1), round(percentile(v, 0.99), 1)) for path, v in timings.items()}
    print("health p50/p99 ms:", summary)  # docs/BENCHMARKS.md
    assert all(p50 < 50 for p50, _ in summary.values()), summary
    assert all(percentile(v, 0.95) < 50 for v in timings.values()), summary
    answer = json.loads(served.get("/readyz")[1])
    assert answer["checks"] == {"guidance": "ok", "database": "ok", "migrations": "ok"}


def test_one_json_line_per_request_without_user_text_or_tokens(served: Served) -> None:
    assert served.sender.command(f"ny {PRIVATE}", user="U8", channel="C8",
                                 headers={"X-Request-Id": "req-served-1"})[0] == 200
    served.slack.wait_for("chat.postMessage", where=lambda a: a.get("channel") == "C8", timeout=30)
    assert wait_until(lambda: [r for r in served.records() if r.get("request_id") == "req-served-1"], 10)
    line = next(r for r in served.records() if r.get("request_id") == "req-served-1" and r["msg"] == "slack request")
    assert line["team"] == "T0001" and line["kind"] == "command" and line["target"] == "/coach"
    assert line["status"] == 200 and line["latency_ms"] >= 0 and line["replica"]
    everything = "".join(served.lines)
    assert PRIVATE not in everything and "xoxb-test" not in everything
    assert all(entry.startswith("{") for entry in served.lines if entry.strip()), "a line that is not JSON"


def test_the_reminder_loop_runs_in_one_worker(served: Served) -> None:
    assert wait_until(lambda: [r for r in served.records() if r["msg"] == "ABCDE reminders runs in this worker"], 30)
    assert len([r for r in served.records() if r["msg"] == "ABCDE reminders runs in this worker"]) == 1


def test_unknown_paths_and_methods(served: Served) -> None:
    assert served.get("/nothing")[0] == 404
    assert served.get("/slack/events")[0] == 405
