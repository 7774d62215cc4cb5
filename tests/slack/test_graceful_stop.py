"""`coach serve --http` as a real subprocess: SIGTERM/SIGINT while a request's work is in flight stops
new requests at once, lets the in-flight work finish, closes everything and exits 0."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.slack.fake_slack import FakeSlack
from tests.slack.signed import SlackSender

ROOT = Path(__file__).resolve().parents[2]
SECRET = "graceful-secret"


def start_serve(tmp_path: Path, slack: FakeSlack) -> tuple[subprocess.Popen[str], int]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SLACK_BOT_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": SECRET,
           "SLACK_API_URL": slack.url, "DATABASE_URL": f"sqlite:///{tmp_path / 'coach.db'}",
           "COACH_DATA_DIR": str(tmp_path), "COACH_EMBEDDINGS": "fake", "PYTHONUNBUFFERED": "1"}
    env.pop("SLACK_APP_TOKEN", None)
    process = subprocess.Popen(
        [sys.executable, "-c", "from bot.cli import main; main()", "serve", "--http", "--port", "0",
         "--host", "127.0.0.1"], cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None
    for line in process.stdout:  # the first line names the port; waits on the process, not on a clock
        match = re.search(r"127\.0\.0\.1:(\d+)/slack/events", line)
        if match:
            return process, int(match.group(1))
    raise AssertionError(f"serve did not start: {process.wait(10)} {process.stderr.read() if process.stderr else ''}")


def refused(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return False
    except OSError:
        return True


def wait_until(condition, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)  # polling a condition, not waiting for a time
    return True


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    server = FakeSlack()
    yield server
    server.stop()


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_stop_signal_finishes_the_request_in_flight_and_exits_0(tmp_path: Path, slack: FakeSlack,
                                                               signum: int) -> None:
    release = slack.hold("chat.postEphemeral")
    process, port = start_serve(tmp_path, slack)
    try:
        sender = SlackSender(f"http://127.0.0.1:{port}/slack/events", SECRET)
        status, _ = sender.command("hjälp")
        assert status == 200  # acknowledged; the answer is being posted
        slack.wait_for("chat.postEphemeral:held", timeout=15)

        process.send_signal(signum)
        assert wait_until(lambda: refused(port)), "still taking new connections after the signal"
        assert process.poll() is None, "exited before the request in flight was finished"
        assert not slack.of("chat.postEphemeral")

        release.set()
        code = process.wait(timeout=15)
        stderr = process.stderr.read() if process.stderr else ""
        assert code == 0, stderr
        assert len(slack.of("chat.postEphemeral")) == 1  # the held answer went out
        assert "Processcoach har stannat." in stderr and "Traceback" not in stderr
        assert refused(port)
    finally:
        release.set()
        if process.poll() is None:
            process.kill()
            process.wait()



def test_while_stopping_new_slack_requests_are_not_acknowledged(running) -> None:
    """Socket Mode has no listening socket to close: the stop middleware leaves new envelopes un-acked
    (status ≠ 200, so bolt sends no ack and Slack delivers them again)."""
    from bot.slack.shutdown import Stopper

    stopper = Stopper()
    running.app.middleware(stopper.middleware())
    assert running.sender.command("hjälp")[0] == 200
    stopper.requested.set()
    assert running.sender.command("hjälp")[0] == 503
