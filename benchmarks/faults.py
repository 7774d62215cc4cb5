"""Answers under Slack faults (issue 13): a team of three answers step 1 in modals while Slack's Web API
misbehaves on everything shown after a store, then calms down (the storm lasts until every confirmation
was tried in it and it gave two faults per answer; "Slack down" at least 5 s). Counts what the team would
see against what the database holds: answers lost or misfiled, answers never confirmed, false messages
(an error, or "saved" about something not saved), confirmations or next questions shown twice, and the
time from submitting to Slack handling the confirmation (p50/p99).

The real bolt App in this process over HTTP, the fake Slack (tests/slack/fake_slack.py), SQLite in a temp
dir; the client retries briefly (tests/slack/fault_run.py FAST: 1 retry, at most 1.5 s) so the outbox is
exercised, as it would be by a longer storm with the production settings.

    python benchmarks/faults.py [--answers 20] [--rounds 3] [--rate 0.6] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.machine import describe  # noqa: E402
from storage.db import make_engine, migrate  # noqa: E402
from tests.slack.fake_slack import FakeSlack  # noqa: E402
from tests.slack.fault_run import (  # noqa: E402
    SHOWN_AFTER_STORE,
    Tally,
    answer_all,
    outbox_empty,
    ride_out,
    set_up_team,
    stormy,
    tally,
    wait_until,
)

SCENARIOS = {  # name → (fault kinds, rate: None = the --rate given, seconds the storm lasts at least)
    "500 storm": (("500", "503"), None, 0.0),
    "429 storm (Retry-After 1 s)": (("429",), None, 0.0),
    "dropped before Slack": (("reset",), None, 0.0),
    "dropped after Slack": (("reset", "lost"), None, 0.0),
    "Slack down 5 s, then back": (("500",), 1.0, 5.0),
}
FIELDS = ("answers", "faults", "lost", "misfiled", "unconfirmed", "false_messages", "duplicates", "repeats",
          "questions_twice", "later")


def one_round(kinds: tuple[str, ...], rate: float, answers: int, seed: int, lasting: float) -> Tally:
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'coach.db'}")
        migrate(engine)
        slack = FakeSlack()
        try:
            with stormy(slack, engine) as running:
                set_up_team(running)
                slack.storm(*kinds, rate=rate, methods=SHOWN_AFTER_STORE, seed=seed)
                began = time.monotonic()
                given = answer_all(running, answers)
                ride_out(running, given, faults=2 * answers, timeout=120)
                wait_until(lambda: time.monotonic() - began >= lasting, lasting + 1)
                slack.calm()
                wait_until(lambda: outbox_empty(running) and tally(running, given).unconfirmed == 0, 120)
                return tally(running, given)
        finally:
            slack.rejected.clear()
            slack.stop()
            engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=20, help="answers per round (step 1 has 20)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--rate", type=float, default=0.6, help="share of calls that fault during a storm")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rows = []
    for name, (kinds, rate, lasting) in SCENARIOS.items():
        total, started = Tally(), time.monotonic()
        for seed in range(1, args.rounds + 1):
            result = one_round(kinds, rate if rate is not None else args.rate, args.answers, seed, lasting)
            for key in FIELDS:
                setattr(total, key, getattr(total, key) + getattr(result, key))
            total.seconds += result.seconds
        row = {"scenario": name, **{k: getattr(total, k) for k in FIELDS},
               "p50_s": round(total.p(0.5), 2), "p99_s": round(total.p(0.99), 2),
               "wall_s": round(time.monotonic() - started, 1)}
        rows.append(row)
        print(json.dumps(row, ensure_ascii=False) if args.json else
              f"{name:30} " + " ".join(f"{k}={row[k]}" for k in row if k != "scenario"), flush=True)
    print(f"machine: {describe()}; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; "
          f"rate {args.rate}, {args.rounds} rounds × {args.answers} answers")


if __name__ == "__main__":
    main()
