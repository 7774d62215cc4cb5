"""`coach serve --http` (gunicorn) as a real subprocess against the fake Slack, for tests of what the
server itself does: HTTP parsing at the border, health, metrics, graceful stop, replicas."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tests.slack import settle
from tests.slack.fake_slack import FakeSlack
from tests.slack.signed import SlackSender

ROOT = Path(__file__).resolve().parents[2]


def launch(tmp_path: Path, slack: FakeSlack, *args: str, secret: str, **extra: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SLACK_BOT_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": secret,
           "SLACK_API_URL": slack.url, "DATABASE_URL": f"sqlite:///{tmp_path / 'coach.db'}",
           "COACH_DATA_DIR": str(tmp_path), "COACH_EMBEDDINGS": "fake", "PYTHONUNBUFFERED": "1", **extra}
    for key in ("SLACK_APP_TOKEN", "PROMETHEUS_MULTIPROC_DIR", "COACH_LOG_FORMAT", "COACH_WORKERS"):
        if key not in extra:
            env.pop(key, None)
    return subprocess.Popen([sys.executable, "-c", "from bot.cli import main; main()", "serve", *args],
                            cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@dataclass
class Served:
    """A running `coach serve --http`: its process, port, a signed sender, and its log lines so far."""
    process: subprocess.Popen[str]
    port: int
    sender: SlackSender
    slack: FakeSlack
    lines: list[str] = field(default_factory=list)
    _reader: threading.Thread | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.base + path, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def records(self) -> list[dict]:
        """The JSON log lines (stderr) read so far."""
        out = []
        for line in list(self.lines):
            if line.startswith("{"):
                try:
                    out.append(json.loads(line))
                except ValueError:
                    pass
        return out

    def stop(self, timeout: float = 30) -> int:
        if self.process.poll() is None:
            self.process.terminate()
        try:
            code = self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            code = self.process.wait()
        if self._reader is not None:
            self._reader.join(5)
        return code


def start(tmp_path: Path, slack: FakeSlack, *args: str, secret: str, **extra: str) -> Served:
    """Start `coach serve --http --port 0` and return once it listens (the first stdout line names the port)."""
    process = launch(tmp_path, slack, "--http", "--port", "0", "--host", "127.0.0.1", *args, secret=secret, **extra)
    assert process.stdout is not None
    for line in process.stdout:  # waits on the process, not on a clock
        match = re.search(r"127\.0\.0\.1:(\d+)/slack/events", line)
        if match:
            port = int(match.group(1))
            break
    else:
        stderr = process.stderr.read() if process.stderr else ""
        raise AssertionError(f"serve did not start: {process.wait(10)} {stderr}")
    served = Served(process, port, SlackSender(f"http://127.0.0.1:{port}/slack/events", secret), slack)

    def read() -> None:
        for line in process.stderr:  # type: ignore[union-attr]
            served.lines.append(line)

    served._reader = threading.Thread(target=read, daemon=True)
    served._reader.start()
    return served


def wait_until(condition: Callable[[], object], timeout: float = 30.0) -> bool:
    """tests/slack/settle.wait_until, with the longer wait a subprocess needs to start."""
    return settle.wait_until(condition, timeout)


def ready(served: Served, workers: int = 1, timeout: float = 90.0) -> bool:
    """Every worker has its guidance ready (its log says so) and /readyz answers 200."""
    def settled() -> bool:
        pids = {r.get("pid") for r in served.records() if r.get("msg", "").startswith("Vägledningen är klar")}
        return len(pids) >= workers and served.get("/readyz")[0] == 200

    return wait_until(settled, timeout)
