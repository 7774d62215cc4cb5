"""One inbox file shared by several processes (gunicorn workers, replicas on one data directory): a row
whose keeper still runs is never picked up by another process at its start; a dead keeper's rows are."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

from bot.slack.inbox import Inbox


def test_only_the_rows_of_a_process_that_is_gone_are_left_for_others(tmp_path) -> None:
    path = str(tmp_path / "slack-inbox.db")
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    living, gone = Inbox(path), Inbox(path)
    living.owner = f"{socket.gethostname()}:{os.getppid()}"  # a process that runs: the test's parent
    gone.owner = f"{socket.gethostname()}:{dead.stdout.strip()}"  # a process that has ended
    living.put("event:Ev1", {"n": 1})
    gone.put("event:Ev2", {"n": 2})
    elsewhere = Inbox(path)
    elsewhere.owner = "another-host:1"
    elsewhere.put("event:Ev3", {"n": 3})
    starting = Inbox(path)
    assert [key for key, _body in starting.left()] == ["event:Ev2", "event:Ev3"]
    starting.done("event:Ev2")
    assert [key for key, _body in living.left()] == ["event:Ev3"]
