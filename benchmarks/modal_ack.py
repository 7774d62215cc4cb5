"""What one modal submission costs before its ack, in-process: SQL statements, latency, client CPU.

Builds the real App (bot.slack.app.build_app) against the fake Slack Web API on a fresh database (SQLite,
or a fresh PostgreSQL schema with `--postgres`), starts a process, then `--rounds` times: Svara (views.open)
and the submission of the step-1 text modal, one at a time with a pause, so nothing else runs meanwhile.
Counted per submission: statements until the listener called ack() (SQLAlchemy `before_cursor_execute`),
all statements until its work after the ack is done, the ack latency (HTTP response) and this process's CPU.
Runs on older commits too, to compare the ack path: copy this file into a `git worktree` of the commit
(benchmarks/) and run it there.

    python benchmarks/modal_ack.py [--postgres] [--rounds 12] [--statements]
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from slack_bolt.context.ack.ack import Ack  # noqa: E402
from sqlalchemy import create_engine, event  # noqa: E402

from bot.service import CoachService  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.slack.app import build_app  # noqa: E402
from flows.loader import get_flow  # noqa: E402
from guidance_corpus.base import InMemoryRetriever  # noqa: E402
from storage.db import make_engine, migrate  # noqa: E402
from tests.slack.app_server import AppServer  # noqa: E402
from tests.slack.conftest import PASSAGES, SECRET  # noqa: E402
from tests.slack.fake_slack import FakeSlack  # noqa: E402
from tests.slack.signed import SlackSender  # noqa: E402

acked: list[float] = []  # when a listener called ack()
_ack = Ack.__call__


def _timed_ack(self, *args, **kwargs):  # type: ignore[no-untyped-def]
    acked.append(time.perf_counter())
    return _ack(self, *args, **kwargs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", action="store_true", help="COACH_TEST_POSTGRES_URL, a fresh schema")
    parser.add_argument("--rounds", type=int, default=12)
    parser.add_argument("--statements", action="store_true", help="list the last submission's statements")
    args = parser.parse_args()
    admin, schema = None, None
    if args.postgres:
        base = os.environ.get("COACH_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
        schema = f"bench_{uuid.uuid4().hex[:10]}"
        admin = create_engine(base, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
        url = f"{base}?options=-csearch_path%3D{schema}"
    else:
        url = f"sqlite:///{tempfile.mkdtemp()}/coach.db"
    engine = make_engine(url)
    migrate(engine)
    log: list[tuple[float, str]] = []
    event.listen(engine, "before_cursor_execute",
                 lambda _c, _cur, statement, *_: log.append((time.perf_counter(), " ".join(statement.split()))))
    Ack.__call__ = _timed_ack  # type: ignore[method-assign]
    slack = FakeSlack()
    flow = get_flow()
    service = CoachService(db=engine, flows={flow.id: flow}, retriever=lambda: InMemoryRetriever(PASSAGES))
    settings = Settings(_env_file=None, slack_bot_token="xoxb-test", slack_signing_secret=SECRET,
                        slack_api_url=slack.url.rstrip("/"), slack_app_token=None)
    server = AppServer(build_app(settings, service, engine, flow_id=flow.id), host="127.0.0.1", port=0)
    server.start_in_thread()
    sender = SlackSender(f"http://127.0.0.1:{server.port}/slack/events", SECRET)
    user, channel = "U1", "C1"
    try:
        sender.command("ny Mätning", user=user, channel=channel)
        parent = slack.wait_for("chat.postMessage", timeout=60, where=lambda a: a.get("channel") == channel
                                and "Steg 1 av" in json.dumps(a.get("blocks", []), ensure_ascii=False))[0]
        thread_ts = parent["_response"]["ts"]
        slack.wait_for("chat.postMessage", timeout=60, where=lambda a: a.get("thread_ts") == thread_ts)
        answer = next(e["value"] for a in slack.of("chat.postMessage") if a.get("thread_ts") == thread_ts
                      for b in a.get("blocks") or [] if b.get("type") == "actions"
                      for e in b.get("elements", []) if e.get("action_id") == "coach_answer")
        time.sleep(1.5)
        rows = []
        for n in range(args.rounds):
            ts, trigger = f"{time.time():.6f}", f"t{uuid.uuid4().hex[:12]}"
            sender.interaction({"type": "block_actions", "user": {"id": user}, "trigger_id": trigger,
                                "channel": {"id": channel},
                                "container": {"type": "message", "channel_id": channel, "message_ts": ts},
                                "message": {"ts": ts, "thread_ts": thread_ts, "text": ""},
                                "actions": [{"type": "button", "action_id": "coach_answer", "value": answer,
                                             "action_ts": ts, "block_id": "b"}]})
            view = slack.wait_for("views.open", timeout=30,
                                  where=lambda a, t=trigger: a.get("trigger_id") == t)[0]["_response"]["view"]
            time.sleep(1.0)  # the click's work after its ack is done
            first, cpu = len(log), time.process_time()
            started = time.perf_counter()
            status, _ = sender.submit(view, {"text": {"v": {"type": "plain_text_input", "value": f"Svar {n}"}}},
                                      user=user)
            latency = time.perf_counter() - started
            before = [s for t, s in log[first:] if t <= acked[-1]]
            time.sleep(1.0)  # the submission's work after its ack
            rows.append((status, latency, len(before), len(log) - first, time.process_time() - cpu))
        steady = rows[1:] or rows  # the first submission inserts the outbox keys the others replace
        print(json.dumps({
            "backend": "postgresql" if args.postgres else "sqlite", "rounds": len(rows),
            "non_200": sum(1 for r in rows if r[0] != 200),
            "ack_ms_p50": round(statistics.median(r[1] for r in steady) * 1000, 1),
            "ack_ms_min": round(min(r[1] for r in steady) * 1000, 1),
            "statements_before_ack": statistics.median(r[2] for r in steady),
            "statements_in_all": statistics.median(r[3] for r in steady),
            "client_cpu_ms_p50": round(statistics.median(r[4] for r in steady) * 1000, 1)}))
        if args.statements:
            for statement, count in collections.Counter(s[:120] for s in before).most_common():
                print(count, statement)
    finally:
        server.shutdown()
        engine.dispose()
        if admin is not None:
            with admin.connect() as connection:
                connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        os._exit(0)  # the fake Slack's and the app's threads


if __name__ == "__main__":
    main()
