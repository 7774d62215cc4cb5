"""Two `coach serve --http` replicas on one PostgreSQL and one Chroma server, under 50 simulated users.

Starts a fake Slack Web API in this process, a Chroma server (`chroma run`) and two replicas (gunicorn,
`--workers` each) on a fresh PostgreSQL schema; every request goes to a replica at random, as a load
balancer would spread them. Each user starts a process in their own channel (slash command), then until
the time is up, about once a second (±50 %): a thread reply (Events API), a button click (Tillbaka or
Vägledning), a modal (Svara → views.open → submission of the modal), or `/coach status`. One thread reply in
ten is delivered again to the OTHER replica as Slack's retry (X-Slack-Retry-Num: 1).

Measured: ack latency (until the app's HTTP response) p50/p99 by kind, errors (non-200 acks, error log
lines, Web API calls the fake Slack refused), duplicates (a thread reply offered «Spara som svar» more
than once, a modal submission stored more than once), memory (RSS of each replica: master + workers, idle
and peak sampled every 0.5 s).

    python benchmarks/replicas.py [--users 50] [--seconds 120] [--workers 2] [--json]

Needs PostgreSQL at COACH_TEST_POSTGRES_URL (default postgresql+psycopg://postgres@127.0.0.1:5432/test).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.machine import describe  # noqa: E402
from benchmarks.slack_ack import free_port, rss_mb  # noqa: E402
from tests.slack.fake_slack import FakeSlack  # noqa: E402
from tests.slack.signed import SlackSender  # noqa: E402

SECRET = "bench-replicas-secret"
ANSWER, GUIDANCE, BACK = "coach_answer", "coach_guidance", "coach_back"
lock = threading.Lock()
acks: list[tuple[str, float, int]] = []  # (kind, seconds, status)
submitted: list[str] = []  # the text of every modal submission


def children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def replica_rss(pid: int) -> float:
    return rss_mb(pid) + sum(rss_mb(child) for child in children(pid))


def timed(kind: str, call, *args, **kwargs) -> tuple[int, str]:
    started = time.perf_counter()
    status, body = call(*args, **kwargs)
    with lock:
        acks.append((kind, time.perf_counter() - started, status))
    return status, body


def button(slack: FakeSlack, channel: str, action: str) -> str | None:
    for args in slack.of("chat.postMessage"):
        if args.get("channel") == channel and args.get("thread_ts"):
            for block in args.get("blocks") or []:
                for element in block.get("elements", []) if block.get("type") == "actions" else []:
                    if element.get("action_id") == action:
                        return element.get("value")
    return None


def click_payload(user: str, channel: str, thread_ts: str, action: str, value: str) -> dict:
    ts = f"{time.time():.6f}"
    return {"type": "block_actions", "user": {"id": user}, "trigger_id": f"t{uuid.uuid4().hex[:12]}",
            "channel": {"id": channel}, "container": {"type": "message", "channel_id": channel, "message_ts": ts},
            "message": {"ts": ts, "thread_ts": thread_ts, "text": ""},
            "actions": [{"type": "button", "action_id": action, "value": value, "action_ts": ts, "block_id": "b"}]}


def user_session(senders: list[SlackSender], slack: FakeSlack, user: str, go: dict, think: float,
                 barrier: threading.Barrier, failures: list[str]) -> None:
    """Start a process, wait for everyone (the barrier's action starts the clock in `go`), then work."""
    channel = f"C{user}"
    pick = random.Random(user)
    try:
        timed("command", pick.choice(senders).command, f"ny Process {user}", user=user, channel=channel)
        parent = slack.wait_for("chat.postMessage", where=lambda a: a.get("channel") == channel and "Steg 1 av"
                                in json.dumps(a.get("blocks", []), ensure_ascii=False), timeout=120)[0]
        thread_ts = parent["_response"]["ts"]
        slack.wait_for("chat.postMessage", where=lambda a: a.get("channel") == channel and a.get("thread_ts"),
                       timeout=120)
        answer, guidance = button(slack, channel, ANSWER), button(slack, channel, GUIDANCE)
    except AssertionError as error:
        failures.append(f"{user} could not start: {error}"[:300])
        barrier.abort()
        return
    try:
        barrier.wait()
    except threading.BrokenBarrierError:
        return
    until = go["until"]
    n = 0
    while time.time() < until:
        n += 1
        roll = pick.random()
        sender = pick.choice(senders)
        if roll < 0.40:  # a thread reply; one in ten is retried on the other replica
            text = f"Svar {n} från {user}"
            event_id = f"Ev{uuid.uuid4().hex[:16]}"
            event = {"type": "message", "channel": channel, "user": user, "text": text, "ts": slack.next_ts(),
                     "thread_ts": thread_ts, "channel_type": "channel"}
            timed("event", sender.event, event, event_id=event_id)
            if pick.random() < 0.1:
                other = senders[1 - senders.index(sender)]
                timed("event retry", other.event, event, event_id=event_id,
                      headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})
        elif roll < 0.65:  # a button: Tillbaka, or Vägledning now and then
            action, value = (GUIDANCE, guidance) if pick.random() < 0.3 and guidance else (BACK, json.dumps({"p": 0}))
            timed("click", sender.interaction, click_payload(user, channel, thread_ts, action, value))
        elif roll < 0.85 and answer:  # Svara: the modal, then its submission (possibly on the other replica)
            payload = click_payload(user, channel, thread_ts, ANSWER, answer)
            trigger = payload["trigger_id"]
            timed("click", sender.interaction, payload)
            try:
                opened = slack.wait_for("views.open", timeout=30,
                                        where=lambda a, t=trigger: a.get("trigger_id") == t)[0]
            except AssertionError:
                failures.append(f"{user}: no modal for {trigger}")
                continue
            view = opened["_response"]["view"]
            text = f"Modalsvar {n} från {user}"
            with lock:
                submitted.append(text)
            values = {"text": {"v": {"type": "plain_text_input", "value": text}}}
            timed("view", pick.choice(senders).submit, view, values, user=user)
        else:
            timed("command", sender.command, "status", user=user, channel=channel)
        time.sleep(think * pick.uniform(0.5, 1.5))  # a person's pause


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, max(0, int(round(len(ordered) * q)) - 1))] * 1000, 1) if ordered else 0.0


def start_chroma(path: Path, port: int) -> subprocess.Popen:
    chroma = Path(sys.executable).with_name("chroma")
    process = subprocess.Popen([str(chroma), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1):
                return process
        except OSError:
            time.sleep(0.3)
    raise SystemExit("chroma did not start")


def start_replica(env: dict, work: Path, name: str, workers: int) -> tuple[subprocess.Popen, int, Path]:
    log_path = work / f"{name}.log"
    process = subprocess.Popen([sys.executable, "-c", "from bot.cli import main; main()", "serve", "--http",
                                "--port", "0", "--host", "127.0.0.1", "--workers", str(workers)],
                               env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=log_path.open("w"), text=True)
    for line in process.stdout:  # type: ignore[union-attr]
        match = re.search(r"127\.0\.0\.1:(\d+)/slack/events", line)
        if match:
            return process, int(match.group(1)), log_path
    raise SystemExit(f"replica {name} did not start; see {log_path}")


def ready(port: int, log_path: Path, workers: int, timeout: float = 600) -> float:
    started = time.time()
    while time.time() - started < timeout:
        text = log_path.read_text(errors="replace")
        done = {json.loads(line)["pid"] for line in text.splitlines()
                if line.startswith("{") and "Vägledningen är klar" in line}
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as response:
                if response.status == 200 and len(done) >= workers:
                    return time.time() - started
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"not ready: {log_path}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per replica")
    parser.add_argument("--think", type=float, default=1.0, help="mean seconds between a user's requests")
    parser.add_argument("--embeddings", default="fake", help="COACH_EMBEDDINGS of the replicas")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    from sqlalchemy import create_engine

    from storage.db import normalize_url

    base = normalize_url(os.environ.get("COACH_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"))
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    url = base.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
    work = Path(tempfile.mkdtemp(prefix="coach-replicas-"))
    slack = FakeSlack()
    chroma_port = free_port()
    chroma = start_chroma(work / "chroma", chroma_port)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COACH_", "SLACK_", "DATABASE_URL", "CHROMA_",
                                                                     "PROMETHEUS_"))}
    env |= {"PYTHONPATH": str(ROOT), "SLACK_BOT_TOKEN": "xoxb-bench", "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": slack.url, "DATABASE_URL": url, "COACH_DATA_DIR": str(work / "data"),
            "COACH_EMBEDDINGS": args.embeddings, "CHROMA_HOST": "127.0.0.1", "CHROMA_PORT": str(chroma_port)}
    replicas = []
    try:
        launched = time.time()
        replicas = [start_replica(env, work, name, args.workers) for name in ("a", "b")]
        ready_s = [round(ready(port, log, args.workers), 1) for _, port, log in replicas]
        up_s = round(time.time() - launched, 1)
        senders = [SlackSender(f"http://127.0.0.1:{port}/slack/events", SECRET) for _, port, _ in replicas]
        idle = [replica_rss(p.pid) for p, _, _ in replicas]
        peak = list(idle)
        done = threading.Event()

        def sample() -> None:
            while not done.is_set():
                for i, (p, _, _) in enumerate(replicas):
                    peak[i] = max(peak[i], replica_rss(p.pid))
                done.wait(0.5)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        failures: list[str] = []
        go: dict[str, float] = {}

        def begin() -> None:
            go["start"] = time.time()
            go["until"] = go["start"] + args.seconds

        barrier = threading.Barrier(args.users, action=begin)
        load_before = os.getloadavg()

        def run(i: int) -> None:
            user_session(senders, slack, f"U{i:03d}", go, args.think, barrier, failures)

        threads = [threading.Thread(target=run, args=(i,)) for i in range(args.users)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        load_after = os.getloadavg()
        elapsed = time.time() - go.get("start", time.time())
        time.sleep(3.0)  # the listeners finish their Web API calls
        done.set()
        sampler.join()
        offers = [m for m in slack.of("chat.postEphemeral") if "Spara som svar" in m.get("text", "")]
        replies = Counter()
        for m in slack.of("chat.postEphemeral"):
            blocks = m.get("blocks") or []
            found = re.search(r"Svar \d+ från U\d+", json.dumps(blocks, ensure_ascii=False))
            if found and any(str(b.get("block_id", "")).startswith("draft:") for b in blocks):
                replies[found.group(0)] += 1  # the offer quotes the reply it is for
        stored = stored_modal_answers(url)
        duplicates_modal = sum(1 for text in submitted if stored.get(text, 0) > 1)
        error_lines = sum(1 for _, _, log in replicas for line in log.read_text(errors="replace").splitlines()
                          if '"level": "error"' in line)
        all_s = [s for _, s, _ in acks]
        by_kind = {kind: [s for k, s, _ in acks if k == kind] for kind in sorted({k for k, _, _ in acks})}
        result = {
            "machine": describe(), "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            "users": args.users, "seconds": round(elapsed, 1), "workers_per_replica": args.workers,
            "embeddings": args.embeddings, "requests": len(acks),
            "ack_p50_ms": round(statistics.median(all_s) * 1000, 1) if all_s else None,
            "ack_p99_ms": pct(all_s, 0.99), "ack_max_ms": round(max(all_s) * 1000, 1) if all_s else None,
            "by_kind": {k: {"n": len(v), "p50_ms": pct(v, 0.5), "p99_ms": pct(v, 0.99)} for k, v in by_kind.items()},
            "non_200": sum(1 for _, _, status in acks if status != 200), "error_log_lines": error_lines,
            "slack_refused": len(slack.rejected), "failures": failures[:5],
            "thread_replies_offered": len(replies), "duplicate_offers": sum(1 for n in replies.values() if n > 1),
            "modal_submissions": len(submitted), "modal_answers_stored": sum(1 for t in submitted if stored.get(t)),
            "duplicate_modal_answers": duplicates_modal,
            "rss_idle_mb": [round(v, 1) for v in idle], "rss_peak_mb": [round(v, 1) for v in peak],
            "web_api_calls": len(slack.calls), "ready_after_start_s": ready_s, "up_s": up_s,
            "loadavg_before": [round(v, 2) for v in load_before], "loadavg_after": [round(v, 2) for v in load_after],
            "offers_total": len(offers),
        }
        print(json.dumps(result, ensure_ascii=False) if args.json
              else "\n".join(f"{k}: {v}" for k, v in result.items()))
    finally:
        for process, _, _ in replicas:
            process.terminate()
        for process, _, _ in replicas:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        chroma.terminate()
        chroma.wait(timeout=20)
        slack.rejected.clear()
        slack.shutdown()
        slack.server_close()
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        admin.dispose()


def stored_modal_answers(url: str) -> Counter:
    """How many answer versions hold each modal text (a duplicate submission would store two)."""
    from sqlalchemy import text

    from storage.db import make_engine

    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT value FROM answer_version WHERE question_id = 's1.langsiktigt_mal'"))
            counts: Counter = Counter()
            for (value,) in rows:
                data = value if isinstance(value, dict) else json.loads(value or "null")
                if isinstance(data, dict) and isinstance(data.get("text"), str):
                    counts[data["text"]] += 1
            return counts
    finally:
        engine.dispose()


if __name__ == "__main__":
    main()
