"""`coach serve --http` as a real subprocess: SIGTERM/SIGINT while a request's work is in flight stops
new requests at once, lets the in-flight work finish, closes everything and exits 0."""

from __future__ import annotations

import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.slack import serve_process
from tests.slack.fake_slack import FakeSlack
from tests.slack.serve_process import wait_until

SECRET = "graceful-secret"


def launch(tmp_path: Path, slack: FakeSlack, *args: str, **extra: str) -> subprocess.Popen[str]:
    return serve_process.launch(tmp_path, slack, *args, secret=SECRET, **extra)


def refused(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return False
    except OSError:
        return True


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    server = FakeSlack()
    yield server
    server.stop()


@pytest.mark.slow  # a served process: signals need a real one
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_stop_signal_finishes_the_request_in_flight_and_exits_0(tmp_path: Path, slack: FakeSlack,
                                                               signum: int) -> None:
    """gunicorn with two workers: the signal goes to the master, as systemd or docker send it."""
    release = slack.hold("chat.postEphemeral")
    served = serve_process.start(tmp_path, slack, "--workers", "2", secret=SECRET)
    process, port = served.process, served.port
    try:
        assert serve_process.ready(served, workers=2)  # both workers booted (the port is open before)
        status, _ = served.sender.command("hjälp")
        assert status == 200  # acknowledged; the answer is being posted
        slack.wait_for("chat.postEphemeral:held", timeout=30)

        process.send_signal(signum)
        assert wait_until(lambda: refused(port), 10), "still taking new connections after the signal"
        assert process.poll() is None, "exited before the request in flight was finished"
        assert not slack.of("chat.postEphemeral")

        release.set()
        code = process.wait(timeout=15)
        served.stop()
        stderr = "".join(served.lines)
        assert code == 0, stderr
        assert len(slack.of("chat.postEphemeral")) == 1  # the held answer went out
        assert "Processcoach har stannat." in stderr and "Traceback" not in stderr
        assert refused(port)
    finally:
        release.set()
        served.stop()


@pytest.mark.slow  # a served process: signals need a real one
def test_work_cut_short_by_the_grace_period_exits_1_and_says_so(tmp_path: Path, slack: FakeSlack) -> None:
    """A listener still stuck after the grace period: the worker stops anyway, the master exits 1."""
    slack.hold("chat.postEphemeral")  # never released
    served = serve_process.start(tmp_path, slack, secret=SECRET)
    try:
        assert serve_process.ready(served)
        assert served.sender.command("hjälp")[0] == 200
        slack.wait_for("chat.postEphemeral:held", timeout=30)
        started = time.monotonic()
        served.process.send_signal(signal.SIGTERM)
        code = served.process.wait(timeout=30)
        took = time.monotonic() - started
        served.stop()
        stderr = "".join(served.lines)
        assert code == 1, stderr
        assert took < 13, took  # the 10 s grace, then out
        assert "något arbete hann inte bli klart" in stderr
    finally:
        served.stop()


def test_while_stopping_new_slack_requests_are_not_acknowledged(running) -> None:
    """Socket Mode has no listening socket to close: the stop middleware leaves new envelopes un-acked
    (status ≠ 200, so bolt sends no ack and Slack delivers them again)."""
    from bot.slack.shutdown import Stopper

    stopper = Stopper()
    running.app.middleware(stopper.middleware())
    assert running.sender.command("hjälp")[0] == 200
    stopper.requested.set()
    assert running.sender.command("hjälp")[0] == 503


@pytest.mark.slow  # a served process: signals need a real one
def test_socket_mode_stop_acks_what_it_took_refuses_the_rest_and_closes_the_connection(
        tmp_path: Path, slack: FakeSlack) -> None:
    from urllib.parse import parse_qsl, urlencode

    from tests.slack.fake_socket_mode import FakeSocketMode

    socket_mode = FakeSocketMode()
    slack.socket_mode_url = socket_mode.url
    release = slack.hold("chat.postEphemeral")
    process = launch(tmp_path, slack, SLACK_APP_TOKEN="xapp-test")
    try:
        assert socket_mode.connected.wait(30), "serve did not connect"
        command = dict(parse_qsl(urlencode({"token": "x", "team_id": "T0001", "channel_id": "C1", "user_id": "U1",
                                            "user_name": "name_U1", "command": "/coach", "text": "hjälp",
                                            "response_url": "https://hooks.example/cmd", "trigger_id": "t.1"})))
        socket_mode.send({"envelope_id": "e1", "type": "slash_commands", "payload": command,
                          "accepts_response_payload": True})
        socket_mode.wait_for_ack("e1", timeout=15)
        slack.wait_for("chat.postEphemeral:held", timeout=15)

        process.send_signal(signal.SIGTERM)
        seen = []
        for line in process.stderr:  # type: ignore[union-attr]  # until the stop has begun (or it exited)
            seen.append(line)
            if "Processcoach stannar" in line:
                break
        socket_mode.send({"envelope_id": "e2", "type": "slash_commands", "payload": {**command, "trigger_id": "t.2"},
                          "accepts_response_payload": True})
        release.set()
        code = process.wait(timeout=20)
        stderr = "".join(seen) + (process.stderr.read() if process.stderr else "")
        assert code == 0, stderr
        assert len(slack.of("chat.postEphemeral")) == 1  # the work in flight finished; e2 did nothing
        assert not [a for a in socket_mode.acks if a.get("envelope_id") == "e2"]  # Slack will deliver it again
        assert "status: 503" in stderr  # e2 arrived and was refused, not lost in a closed connection
        assert socket_mode.closed_by_app.wait(5)
        assert "Processcoach har stannat." in stderr and "Traceback" not in stderr
    finally:
        release.set()
        socket_mode.stop()
        if process.poll() is None:
            process.kill()
            process.wait()


def test_work_still_running_after_the_grace_period_is_reported_and_closers_still_run() -> None:
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from bot.slack.shutdown import Stopper

    stuck, closed = threading.Event(), []
    pool = ThreadPoolExecutor(1)
    pool.submit(stuck.wait, 30)
    stopper = Stopper(grace=0.2)
    stopper.drain_pool("work pool", pool)
    stopper.close("database", lambda: closed.append("database"), order=2)
    stopper.close("reminders", lambda: closed.append("reminders"))
    try:
        assert stopper.stop() is False
        assert closed == ["reminders", "database"]
    finally:
        stuck.set()
