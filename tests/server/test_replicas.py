"""Two `coach serve --http` replicas (gunicorn, two workers each) on one PostgreSQL and one Chroma server,
driven through the fake Slack with requests spread over both, behave as one: a retry that reaches the other
replica is not answered twice, a modal opened on one is submitted to the other, each ABCDE reminder goes out
once with both replicas' loops running, and the guidance index is built once."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from bot.abcde.syntax import parse
from bot.service import Actor, CoachService
from bot.slack import constants as c
from flows.loader import get_flow
from storage.abcde_models import AbcdeDispatch
from storage.db import make_engine, migrate, session_scope
from tests.abcde.conftest import KARIN, Clock, build_world
from tests.conftest import _PostgresSchemas, postgres_base_url
from tests.guidance.test_slow import chroma_server  # noqa: F401  (fixture: `chroma run` on a free port)
from tests.slack import serve_process
from tests.slack.fake_slack import FakeSlack
from tests.slack.serve_process import Served, wait_until

pytestmark = [pytest.mark.slow, pytest.mark.postgres]
SECRET = "replica-secret"
WEEKDAYS = ["måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"]
LEADERS = [f"UPL{i}" for i in range(6)]  # projektledare: each gets a reminder


@pytest.fixture
def database() -> Iterator[str]:
    schemas = _PostgresSchemas(postgres_base_url())
    try:
        yield schemas.new_url()
    finally:
        schemas.drop_all()


def seed_due_reminders(url: str) -> int:
    """A process whose weekly ABCDE report is due since midnight today; its reporters, who get reminders."""
    engine = make_engine(url)
    migrate(engine)
    try:
        world = build_world(engine, Clock(datetime.now(UTC) - timedelta(days=8)), channel="CABCDE")
        for user in LEADERS:
            world.coach.membership.set_role(process=world.process, actor=KARIN, user_id=user, role="projektledare",
                                 display_name=user)
        today = WEEKDAYS[datetime.now(ZoneInfo("Europe/Stockholm")).weekday()]
        world.abcde.set_schedule(world.process, KARIN, parse(f"varje vecka {today} 00:00"))
        return len(world.abcde.reporters(world.abcde.schedule(world.process.id)))
    finally:
        engine.dispose()


def texts(blocks: list[dict]) -> str:
    return json.dumps(blocks, ensure_ascii=False)


def test_two_replicas_behave_as_one(tmp_path: Path, database: str, chroma_server: int) -> None:  # noqa: F811
    reporters = seed_due_reminders(database)
    assert reporters == len(LEADERS) + 2
    slack = FakeSlack()
    shared = tmp_path / "data"  # the guidance index's passages and manifest; the vectors are on the Chroma server
    env = {"DATABASE_URL": database, "COACH_DATA_DIR": str(shared), "CHROMA_HOST": "127.0.0.1",
           "CHROMA_PORT": str(chroma_server)}
    replicas: list[Served] = []
    try:
        for name in ("a", "b"):
            (tmp_path / name).mkdir()
            replicas.append(serve_process.start(tmp_path / name, slack, "--workers", "2", secret=SECRET, **env))
        a, b = replicas
        assert all(serve_process.ready(r, workers=2, timeout=240) for r in replicas), \
            [r.get("/readyz") for r in replicas]

        # The guidance index: built by one worker of one replica; the three others waited and loaded it.
        def prepared() -> list[dict]:
            return [r for s in replicas for r in s.records() if r["msg"].startswith("Vägledningens index klart:")]

        assert wait_until(lambda: len(prepared()) == 4, 120), prepared()
        assert len([r for r in prepared() if not r["msg"].startswith("Vägledningens index klart: 0 passager")]) == 1

        # Each reminder once, with both replicas' loops running (one loop per replica: its lock file).
        assert wait_until(lambda: all(any(r["msg"] == "ABCDE reminders runs in this worker" for r in s.records())
                                      for s in replicas), 60)
        reminders = slack.wait_for("chat.postMessage", reporters, timeout=60,
                                   where=lambda m: m.get("channel", "").startswith("U"))  # DMs: the reminders
        engine = make_engine(database)
        try:
            with session_scope(engine) as session:
                dispatches = session.exec(select(AbcdeDispatch)).all()
            assert len(dispatches) == reporters and all(d.status == "sent" for d in dispatches)
            assert sorted(m["channel"] for m in reminders) == sorted({d.user_id for d in dispatches})

            # A process started through replica A; a thread reply delivered to A, Slack's retry to B.
            a.sender.command("ny Trygghet i Flemingsberg", user="U1", channel="C1")
            parent = slack.wait_for("chat.postMessage", where=lambda m: m.get("channel") == "C1" and
                                    "Steg 1 av 7" in texts(m.get("blocks") or []), timeout=30)[0]
            thread_ts = parent["_response"]["ts"]
            # The reply comes once the first question is in the thread, as a person sees it: the step thread is
            # recorded only after its parent is posted, and a reply before that is not one of our threads (a
            # slow commit there under load made the offer never come).
            slack.wait_for("chat.postMessage", where=lambda m: m.get("thread_ts") == thread_ts, timeout=30)
            event = {"type": "message", "channel": "C1", "user": "U1", "text": "Ett tryggt Skogås för alla",
                     "ts": slack.next_ts(), "thread_ts": thread_ts, "channel_type": "channel"}
            assert a.sender.event(event, event_id="EvACROSS")[0] == 200
            retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
            assert b.sender.event(event, event_id="EvACROSS", headers=retry)[0] == 200
            offers = lambda: [m for m in slack.of("chat.postEphemeral") if "Spara som svar" in m.get("text", "")]  # noqa: E731
            assert wait_until(lambda: offers(), 30)
            assert wait_until(lambda: any("duplicate Slack delivery event:EvACROSS" in r["msg"]
                                          for s in replicas for r in s.records()), 30)
            assert len(offers()) == 1  # the retry was recognised as one delivery, whichever replica got it

            # A modal opened through B, submitted through A.
            service = CoachService(db=engine, flows={get_flow().id: get_flow()})
            process = service.find_process(channel_id="C1")
            value = json.dumps({"p": process.id, "q": "s1.behov_problem"})
            assert b.sender.click(c.ANSWER, value, user="U1", channel="C1", thread_ts=thread_ts)[0] == 200
            view = slack.wait_for("views.open", timeout=30)[0]["_response"]["view"]
            status, body = a.sender.submit(view, {"text": {"v": {"type": "plain_text_input",
                                                                 "value": "Unga saknar fritid"}}})
            assert (status, body) == (200, "")
            me = Actor(user_id="U1", display_name="U1", via="slack_modal")
            assert wait_until(lambda: service.history(process=process, actor=me, question_id="s1.behov_problem"), 30)
            answer = service.history(process=process, actor=me, question_id="s1.behov_problem")
            assert [v.value.text for v in answer] == ["Unga saknar fritid"]
        finally:
            engine.dispose()
    finally:
        codes = [r.stop() for r in replicas]
        slack.stop()
        for name, replica in zip("ab", replicas, strict=False):  # kept with the test's tmp_path for a failure's story
            (tmp_path / f"replica-{name}.log").write_text("".join(replica.lines))
    assert codes == [0, 0], "".join(line for r in replicas for line in r.lines[-20:])
    lines = [line for r in replicas for line in r.lines]
    at = [n for n, line in enumerate(lines) if "Traceback" in line]
    assert not at, "".join(lines[at[0]:at[0] + 40])
