"""Faults: ordering and locks (issue 13). The real bolt App over HTTP against the fake Slack, on SQLite
(or PostgreSQL with --database-url):

- `--pairs N` processes; in each, A replies under question 1 and B under question 2 (A's Slack ts is older
  than question 2's message), both at once, and both click «Spara som svar» at once. Counts answers
  lost, stored twice or misfiled (not under the question message the author replied under), and the acks
  of the 2N replies.
- `--locks K` modal submissions while another connection holds a writer's lock for 4 s (past Slack's
  3 s) and K while it holds it for 1 s: the time to the modal's answer, what it said, and whether the
  answer was stored — never "busy" and stored, never stored unseen.

    python benchmarks/slack_faults.py [--pairs 15] [--locks 5] [--database-url URL] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.machine import describe  # noqa: E402
from bot.slack import constants as c  # noqa: E402
from storage.db import make_engine, migrate  # noqa: E402
from tests.slack.fake_slack import FakeSlack  # noqa: E402
from tests.slack.faults import (  # noqa: E402
    A,
    B,
    answers_with,
    offer_of,
    release_after,
    reply_event,
    save_value,
    served,
    shown_in,
    skip,
    start_process,
    stored,
    write_lock,
)
from tests.slack.test_faults_ordering import at_once  # noqa: E402

Q1, Q2 = "s1.langsiktigt_mal", "s1.politiska_mal"
TYPED = {"text": {"v": {"type": "plain_text_input", "value": "Ett tryggt Skogås"}}}


def timed(call) -> tuple[object, float]:
    started = time.perf_counter()
    result = call()
    return result, time.perf_counter() - started


def pairs(running, slack, count: int) -> dict:
    acks: list[float] = []
    bad = {"lost": 0, "twice": 0, "misfiled": 0}
    for pair in range(count):
        channel = f"CFP{pair:03d}"
        process_id, thread_ts = start_process(running, channel, f"Par {pair}")
        a_ts = slack.next_ts()
        skip(running, channel, process_id, Q1, thread_ts)
        b_ts = slack.next_ts()
        a_text, b_text = f"Svar A {pair}", f"Svar B {pair}"
        sent = at_once(partial(timed, partial(running.sender.event, reply_event(channel, A, a_text, a_ts, thread_ts))),
                       partial(timed, partial(running.sender.event, reply_event(channel, B, b_text, b_ts, thread_ts))))
        acks += [seconds for _, seconds in sent]
        offers = offer_of(slack, channel, A, a_text), offer_of(slack, channel, B, b_text)
        click = partial(running.sender.click, c.SAVE_DRAFT, channel=channel, thread_ts=thread_ts)
        at_once(partial(click, save_value(offers[0]), user=A), partial(click, save_value(offers[1]), user=B))
        for text in (a_text, b_text):
            slack.wait_for("chat.update", timeout=30, where=lambda a, t=text: t in str(a.get("blocks")))
        shown = {row.key: row.ts for row in shown_in(running.engine, channel)}
        for text, author, question in ((a_text, A, Q1), (b_text, B, Q2)):
            found = answers_with(running.engine, process_id, text)
            if not found:
                bad["lost"] += 1
            elif len(found) > 1:
                bad["twice"] += 1
            elif (found[0].question_id, found[0].author, found[0].origin) != (
                    question, author, f"message:{channel}:{shown[question]}"):
                bad["misfiled"] += 1
    ordered = sorted(acks)
    return {"answers": 2 * count, **bad, "reply_ack_p50_ms": round(statistics.median(ordered) * 1000, 1),
            "reply_ack_p99_ms": round(ordered[max(0, round(len(ordered) * 0.99) - 1)] * 1000, 1)}


def locks(running, slack, count: int, hold: float) -> dict:
    seconds, said, both, unseen = [], {}, 0, 0
    for trial in range(count):
        channel = f"CFL{int(hold)}{trial:02d}"
        process_id, thread_ts = start_process(running, channel, f"Lås {hold} {trial}")
        before = len(slack.of("views.open"))
        running.sender.click(c.ANSWER, json.dumps({"p": process_id, "q": Q1}), user=A, channel=channel,
                             thread_ts=thread_ts)
        view = slack.wait_for("views.open", before + 1, timeout=10)[-1]["_response"]["view"]
        with write_lock(running.engine, process_id) as release:
            release_after(release, hold)
            (status, body), took = timed(partial(running.sender.submit, view, TYPED))
        seconds.append(took)
        busy = "upptagen" in body
        outcome = "busy" if busy else "saved" if (status, body) == (200, "") else f"{status} {body[:60]}"
        said[outcome] = said.get(outcome, 0) + 1
        kept = [v for v in stored(running.engine, process_id) if v.question_id == Q1 and not v.skipped]
        both += int(busy and bool(kept))
        unseen += int(not busy and (status, body) == (200, "") and not kept)
    return {"trials": count, "lock_s": hold, "answered": said, "busy_but_stored": both, "saved_but_missing": unseen,
            "modal_answer_max_s": round(max(seconds), 2), "modal_answer_p50_s": round(statistics.median(seconds), 2)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", type=int, default=15)
    parser.add_argument("--locks", type=int, default=5)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{Path(tempfile.mkdtemp(prefix='coach-faults-')) / 'coach.db'}"
    engine = make_engine(url)
    migrate(engine)
    slack = FakeSlack()
    with served(slack, engine) as running:
        result = {"machine": describe(), "date": time.strftime("%Y-%m-%d"), "backend": engine.dialect.name,
                  "pairs": pairs(running, slack, args.pairs) if args.pairs else None,
                  "long_lock": locks(running, slack, args.locks, 4.0),
                  "short_lock": locks(running, slack, args.locks, 1.0)}
    slack.stop()
    engine.dispose()
    print(json.dumps(result, ensure_ascii=False) if args.json else json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
