"""kill -9 of `coach serve --http` after an answer is stored and before Slack took its confirmation:
after a restart the confirmation (and the next question) is posted exactly once (issue 13, must-show 7)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.slack import constants as c
from storage.db import make_engine, session_scope
from storage.repository.outbox import pending_calls
from tests.slack.fake_slack import FakeSlack, shown
from tests.slack.signed import SlackSender
from tests.slack.test_graceful_stop import SECRET, launch, wait_until

FAST = {"SLACK_RETRY_TOTAL": "1", "COACH_OUTBOX_LEASE": "2"}


def serve(tmp_path: Path, slack: FakeSlack):
    import re

    process = launch(tmp_path, slack, "--http", "--port", "0", "--host", "127.0.0.1", **FAST)
    assert process.stdout is not None
    for line in process.stdout:
        match = re.search(r"127\.0\.0\.1:(\d+)/slack/events", line)
        if match:
            return process, SlackSender(f"http://127.0.0.1:{match.group(1)}/slack/events", SECRET)
    raise AssertionError(f"serve did not start: {process.wait(10)}")


def confirmations(slack: FakeSlack) -> list[dict]:
    return [a for a in slack.of("chat.update") if f"{shown('U1')} sparade svaret" in a.get("text", "")]


@pytest.mark.slow
@pytest.mark.parametrize("held", ["chat.update", "chat.postMessage"], ids=["confirmation", "next-question"])
def test_kill_9_between_save_and_confirmation_confirms_once_after_restart(tmp_path: Path, held: str) -> None:
    slack = FakeSlack()
    process, sender = serve(tmp_path, slack)
    restarted = None
    try:
        assert sender.command("ny Kill", user="U1", channel="C1")[0] == 200
        first = slack.wait_for("chat.postMessage", 3, timeout=30)[-1]
        process_id = json.loads(next(e["value"] for b in first["blocks"] if b["type"] == "actions"
                                     for e in b["elements"] if e["action_id"] == c.ANSWER))["p"]
        sender.click(c.ANSWER, json.dumps({"p": process_id, "q": "s1.langsiktigt_mal"}), user="U1", channel="C1")
        view = slack.wait_for("views.open", timeout=15)[-1]["_response"]["view"]
        slack.hold(held)
        posts_before = len(slack.of("chat.postMessage"))
        assert sender.submit(view, {"text": {"v": {"type": "plain_text_input", "value": "Ett tryggt Skogås"}}},
                             user="U1")[0] == 200
        slack.wait_for(f"{held}:held", timeout=15)  # stored; what shows it is on its way to Slack
        process.kill()  # SIGKILL: no clean-up of any kind
        process.wait(10)
        slack.drop_held(held)  # the call in flight never reached Slack

        engine = make_engine(f"sqlite:///{tmp_path / 'coach.db'}")
        with engine.connect() as connection:
            stored = connection.exec_driver_sql("SELECT count(*) FROM answer_version").scalar()
        assert stored == 1
        with session_scope(engine) as session:
            assert [row.key for row in pending_calls(session)], "nothing waits in the outbox"

        restarted, sender = serve(tmp_path, slack)

        def done() -> bool:
            with session_scope(engine) as session:
                return not pending_calls(session)
        assert wait_until(done, 30), "the outbox was not sent after the restart"
        assert wait_until(lambda: len(confirmations(slack)) >= 1, 5)
        next_questions = [a for a in slack.of("chat.postMessage")[posts_before:] if a.get("thread_ts")]
        assert len(confirmations(slack)) == 1, confirmations(slack)
        assert len(next_questions) == 1 and "politiska" in json.dumps(next_questions[0]["blocks"]), next_questions
        engine.dispose()
    finally:
        for running in (process, restarted):
            if running is not None and running.poll() is None:
                running.kill()
                running.wait()
        slack.stop()
