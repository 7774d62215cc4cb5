"""Ack latency of the Slack app in HTTP mode with 20 concurrent simulated users answering, and its memory.

Starts a fake Slack Web API in this process and `coach serve --http` as a subprocess (SQLite in a temp
dir), then every user starts a process in their own channel and answers in its step-1 thread: plain
replies (Events API) and "Hoppa över" clicks (interactivity), all signed like Slack. The latency of a
request is the time until the app's HTTP response (the ack) arrives. RSS is sampled from /proc.

    python benchmarks/slack_ack.py [--users 20] [--rounds 15] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.slack.fake_slack import FakeSlack  # noqa: E402
from tests.slack.signed import SlackSender  # noqa: E402

SECRET = "bench-signing-secret"
kinds: list[tuple[str, float]] = []


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def wait_up(url: str, timeout: float = 60) -> None:
    import urllib.request

    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url.replace("/slack/events", "/healthz"), timeout=1).read()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the app did not start")


def user_session(sender: SlackSender, slack: FakeSlack, user: str, rounds: int, out: list[float],
                 barrier: threading.Barrier, think: float) -> None:
    channel = f"C{user}"
    sender.command(f"ny Process {user}", user=user, channel=channel)
    parent = slack.wait_for("chat.postMessage", where=lambda a: a.get("channel") == channel and "Steg 1 av"
                            in json.dumps(a.get("blocks", []), ensure_ascii=False), timeout=30)[0]
    thread_ts = parent["_response"]["ts"]
    barrier.wait()
    for index in range(rounds):
        event = {"type": "message", "channel": channel, "user": user, "text": f"Svar {index} från {user}",
                 "ts": slack.next_ts(), "thread_ts": thread_ts}
        started = time.perf_counter()
        status, _ = sender.event(event)
        out.append(time.perf_counter() - started)
        kinds.append(("event", out[-1]))
        assert status == 200, status
        if index % 3 == 2:
            ts = slack.next_ts()
            payload = {"type": "block_actions", "user": {"id": user}, "trigger_id": f"t{user}{index}",
                       "channel": {"id": channel}, "message": {"ts": ts, "thread_ts": thread_ts},
                       "actions": [{"action_id": "coach_back", "value": json.dumps({"p": 0}), "action_ts": ts}]}
            started = time.perf_counter()
            status, _ = sender.interaction(payload)
            out.append(time.perf_counter() - started)
            kinds.append(("click", out[-1]))
        time.sleep(think * random.uniform(0.5, 1.5))  # a person's pause between answers


def _p99(samples: list[tuple[str, float]], kind: str) -> float:
    values = sorted(v for k, v in samples if k == kind)
    return round(values[max(0, int(len(values) * 0.99) - 1)] * 1000, 1) if values else 0.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--think", type=float, default=1.0, help="mean seconds between a user's requests")
    parser.add_argument("--cpus", default="0,1", help="taskset CPU list for the server ('' for none)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    slack = FakeSlack()
    port = free_port()
    data = tempfile.mkdtemp(prefix="coach-bench-")
    env = {**os.environ, "SLACK_BOT_TOKEN": "xoxb-bench", "SLACK_SIGNING_SECRET": SECRET, "SLACK_APP_TOKEN": "",
           "SLACK_API_URL": slack.url, "COACH_DATA_DIR": data, "DATABASE_URL": ""}
    command = [sys.executable, "-c", "from bot.cli import main; main()", "serve", "--http", "--port", str(port),
               "--host", "127.0.0.1"]
    if args.cpus:
        command = ["taskset", "-c", args.cpus, *command]
    server = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/slack/events"
    try:
        wait_up(url)
        idle = rss_mb(server.pid)
        sender = SlackSender(url, SECRET)
        latencies: list[float] = []
        peak = [idle]
        done = threading.Event()

        def sample() -> None:
            while not done.is_set():
                peak[0] = max(peak[0], rss_mb(server.pid))
                time.sleep(0.1)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        barrier = threading.Barrier(args.users)
        users = [threading.Thread(target=user_session, args=(sender, slack, f"U{i:03d}", args.rounds, latencies,
                                                             barrier, args.think)) for i in range(args.users)]
        started = time.time()
        for thread in users:
            thread.start()
        for thread in users:
            thread.join()
        elapsed = time.time() - started
        time.sleep(1.0)  # let the listeners finish their Web API calls
        done.set()
        sampler.join()
        ordered = sorted(latencies)
        result = {
            "users": args.users, "requests": len(ordered),
            "p50_ms": round(statistics.median(ordered) * 1000, 1),
            "p99_ms": round(ordered[max(0, int(len(ordered) * 0.99) - 1)] * 1000, 1),
            "max_ms": round(ordered[-1] * 1000, 1),
            "rss_idle_mb": round(idle, 1), "rss_peak_mb": round(peak[0], 1),
            "web_api_calls": len(slack.calls), "seconds": round(elapsed, 1),
            "think_s": args.think, "nproc": os.cpu_count(), "server_cpus": args.cpus or "all",
            "p99_events_ms": _p99(kinds, "event"), "p99_clicks_ms": _p99(kinds, "click"),
        }
        print(json.dumps(result) if args.json else "\n".join(f"{k}: {v}" for k, v in result.items()))
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        slack.stop()


if __name__ == "__main__":
    main()
