"""kill -9 of `coach serve --http` right after a thread reply was acknowledged (issue 13, must-show 2 and
7): after a restart the reply is offered to its author and saved once — nothing lost, nothing twice.

Two moments: before the reply reached the database (another connection holds SQLite's write lock, so the
reply is only in the inbox), and after its draft was kept but before its offer got out (the fake Slack
holds chat.postEphemeral).
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.slack import constants as c
from tests.slack import serve_process
from tests.slack.fake_slack import FakeSlack
from tests.slack.faults import offer_of, reply_event, save_value, wait_until
from tests.slack.signed import SlackSender
from tests.slack.test_graceful_stop import SECRET

pytestmark = pytest.mark.slow
CHANNEL, USER = "CKILL", "U1"


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    server = FakeSlack()
    yield server
    server.stop()


def query(path: Path, sql: str, *args: object) -> list[tuple]:
    """A read beside the server (WAL: it never waits for the server's writer, nor blocks it)."""
    with sqlite3.connect(path, timeout=10) as db:
        return db.execute(sql, args).fetchall()


def start_serve(tmp_path: Path, slack: FakeSlack):
    """`coach serve --http` with one worker (gunicorn: a master and the worker that takes the requests)."""
    served = serve_process.start(tmp_path, slack, "--workers", "1", secret=SECRET)
    return served.process, served.port


def serve_and_start(tmp_path: Path, slack: FakeSlack):
    process, port = start_serve(tmp_path, slack)
    sender = SlackSender(f"http://127.0.0.1:{port}/slack/events", SECRET)
    assert sender.command("ny Kill -9", user=USER, channel=CHANNEL)[0] == 200
    question = slack.wait_for("chat.postMessage", timeout=30,
                              where=lambda a: a.get("channel") == CHANNEL and a.get("thread_ts"))[0]
    db = tmp_path / "coach.db"
    wait_until(lambda: query(db, "SELECT count(*) FROM slack_shown_message")[0][0] == 1, what="the question logged")
    return process, sender, question["thread_ts"], db


def kill(process) -> None:
    subprocess.run(["pkill", "-KILL", "-P", str(process.pid)], check=False)  # the worker first: SIGKILL,
    process.kill()  # then the master: no clean-up of any kind
    process.wait(10)


def restart_and_save(tmp_path: Path, slack: FakeSlack, text: str, thread_ts: str, db: Path) -> None:
    process, port = start_serve(tmp_path, slack)
    try:
        offer = offer_of(slack, CHANNEL, USER, text, timeout=30)  # handled at start-up from what was kept
        sender = SlackSender(f"http://127.0.0.1:{port}/slack/events", SECRET)
        sender.click(c.SAVE_DRAFT, save_value(offer), user=USER, channel=CHANNEL, thread_ts=thread_ts)
        wait_until(lambda: query(db, "SELECT count(*) FROM answer_version WHERE value LIKE ?", f"%{text}%")[0][0],
                   timeout=20, what="the answer stored")
        slack.wait_for("chat.update", where=lambda a: "sparade svaret" in a.get("text", ""), timeout=20)
        rows = query(db, "SELECT question_id, author, origin FROM answer_version WHERE value LIKE ?", f"%{text}%")
        shown = query(db, "SELECT ts FROM slack_shown_message WHERE key = 's1.langsiktigt_mal'")[0][0]
        assert rows == [("s1.langsiktigt_mal", USER, f"message:{CHANNEL}:{shown}")]  # once, where it was said
        assert query(db, "SELECT count(*) FROM slack_reply_draft WHERE text = ?", text) == [(1,)]
        assert query(Path(str(db) + ".slack-inbox"), "SELECT count(*) FROM inbox") == [(0,)]
    finally:
        process.terminate()
        process.wait(15)


def test_killed_before_the_reply_reached_the_database(tmp_path: Path, slack: FakeSlack) -> None:
    process, sender, thread_ts, db = serve_and_start(tmp_path, slack)
    text = "Alla unga har en meningsfull fritid"
    lock = sqlite3.connect(db, isolation_level=None)
    try:
        lock.execute("BEGIN IMMEDIATE")  # the server can read nothing and write nothing
        started = time.monotonic()
        status, _ = sender.event(reply_event(CHANNEL, USER, text, slack.next_ts(), thread_ts))
        assert status == 200 and time.monotonic() - started < 1.0  # acked at once, kept in the inbox
        assert json.dumps(text)[1:-1] in query(Path(str(db) + ".slack-inbox"), "SELECT body FROM inbox")[0][0]
        kill(process)
    finally:
        lock.rollback()
        lock.close()
    assert query(db, "SELECT count(*) FROM slack_reply_draft") == [(0,)]  # it never reached the database
    restart_and_save(tmp_path, slack, text, thread_ts, db)
    offers = [a for a in slack.of("chat.postEphemeral") if text in json.dumps(a.get("blocks"), ensure_ascii=False)]
    assert len(offers) == 1  # offered once, by the restarted process


def test_killed_after_the_draft_was_kept_before_its_offer_got_out(tmp_path: Path, slack: FakeSlack) -> None:
    process, sender, thread_ts, db = serve_and_start(tmp_path, slack)
    text = "Trygghet i hela stadsdelen"  # ASCII: the JSON column escapes å, ä, ö
    slack.hold("chat.postEphemeral")
    status, _ = sender.event(reply_event(CHANNEL, USER, text, slack.next_ts(), thread_ts))
    assert status == 200
    slack.wait_for("chat.postEphemeral:held", timeout=20)
    assert query(db, "SELECT status FROM slack_reply_draft WHERE text = ?", text) == [("received",)]
    kill(process)
    slack.holds.pop("chat.postEphemeral")  # the killed process's call stays unanswered
    restart_and_save(tmp_path, slack, text, thread_ts, db)
