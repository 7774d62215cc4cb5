"""`coach person export|erase`, `coach cleanup`, `coach process role … ingen` and `coach export --user`, run
in-process on SQLite and PostgreSQL: who may ask, what is told, what is stored and audited."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from bot.cli import app
from storage import repository as repo
from storage.db import make_engine, migrate, session_scope
from storage.models import AuditEvent, SlackDelivery
from tests.storage.test_privacy import ANNA, BODIL, CARL, TRACES, seed, traces

PROCESS = "Trygg i Skogås"


@pytest.fixture
def cli(db_url: str, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no .env of the worktree
    engine = make_engine(db_url)
    migrate(engine)
    seed(engine)
    env = {"DATABASE_URL": db_url, "COACH_DATA_DIR": str(tmp_path), "COACH_EMBEDDINGS": "fake"}

    def run(*args: str):
        return CliRunner().invoke(app, list(args), env=env)

    yield run, engine
    engine.dispose()


def refusals(engine, action: str) -> list[tuple[str, str]]:
    with session_scope(engine) as session:
        return [(e.actor, e.detail.get("action")) for e in session.exec(select(AuditEvent)).all()
                if e.action == "refused" and e.detail.get("action") == action]


def test_person_export_and_erase_need_a_coordinator_or_an_operator(cli) -> None:
    run, engine = cli
    anonymous = run("person", "export", BODIL)
    assert anonymous.exit_code == 2 and "--operator NAMN" in anonymous.output
    refused = run("person", "erase", BODIL, "--user", CARL, "--yes")
    assert refused.exit_code == 1 and "bara processens koordinator" in refused.output
    assert refusals(engine, "person_erase") == [(CARL, "person_erase")]
    assert "Traceback" not in refused.output and traces(engine)

    exported = run("person", "export", BODIL, "--user", ANNA)
    assert exported.exit_code == 0, exported.output
    data = json.loads(exported.stdout)["data"]
    assert len(data["answers"]) == 3 and data["people_directory"][0]["real_name"] == "Bodil Ekström"

    preview = run("person", "erase", BODIL, "--user", ANNA)
    assert preview.exit_code == 0 and "Inget är ändrat" in preview.output and "Person 1 (raderad)" in preview.output
    assert traces(engine)
    erased = run("person", "erase", BODIL, "--user", ANNA, "--yes")
    assert erased.exit_code == 0 and "är nu «Person 1 (raderad)»" in erased.output
    assert traces(engine, TRACES) == []
    with session_scope(engine) as session:
        event = repo.list_audit(session, process_id=None, action="person_erased")[-1]
        assert (event.actor, event.detail["requested_by"], event.detail["operator"]) == (ANNA, ANNA, False)
    again = run("person", "export", BODIL, "--operator", "Dataskyddsombudet")
    assert again.exit_code == 0 and json.loads(again.stdout)["data"] == {}
    assert traces(engine, TRACES) == []  # looking her up again stores nothing about her


def test_operator_erases_and_gives_an_orphaned_process_a_coordinator(cli) -> None:
    run, engine = cli
    erased = run("person", "erase", ANNA, "--operator", "Dataskyddsombudet", "--yes")
    assert erased.exit_code == 0 and "ingen koordinator kvar" in erased.output
    with session_scope(engine) as session:
        event = repo.list_audit(session, process_id=None, action="person_erased")[-1]
        assert (event.actor, event.detail["operator"]) == ("operator:Dataskyddsombudet", True)
    assert run("process", "role", PROCESS, CARL, "koordinator", "--user", CARL).exit_code == 1
    fixed = run("process", "role", PROCESS, CARL, "koordinator", "--operator", "IT")
    assert fixed.exit_code == 0 and "koordinator" in fixed.output


def test_process_role_ingen_removes_a_member_but_never_the_last_coordinator(cli) -> None:
    run, engine = cli
    removed = run("process", "role", PROCESS, CARL, "ingen", "--user", ANNA)
    assert removed.exit_code == 0 and "inte längre med" in removed.output
    last = run("process", "role", PROCESS, ANNA, "ingen", "--user", ANNA)
    assert last.exit_code == 1 and "enda koordinatorn" in last.output and "Traceback" not in last.output
    with session_scope(engine) as session:
        pid = repo.get_process(session, name=PROCESS).id
        assert [m.user_id for m in repo.list_members(session, process_id=pid)] == [ANNA, BODIL]
        removal = repo.list_audit(session, process_id=pid, action="member_removed")
        assert [(e.actor, e.detail["user_id"]) for e in removal] == [(ANNA, CARL)]


def test_export_with_user_is_for_coordinators(cli) -> None:
    run, engine = cli
    refused = run("export", PROCESS, "--user", BODIL)
    assert refused.exit_code == 1 and "bara processens koordinator" in refused.output
    assert refusals(engine, "export") == [(BODIL, "export"), (BODIL, "export")]  # the seed's and this one
    done = run("export", PROCESS, "--user", ANNA)
    assert done.exit_code == 0 and json.loads(done.stdout)["process"]["name"] == PROCESS
    assert run("export", PROCESS).exit_code == 0  # the operator on the server, audited by login name
    with session_scope(engine) as session:
        pid = repo.get_process(session, name=PROCESS).id
        exports = repo.list_audit(session, process_id=pid, action="exported")
        assert [e.actor for e in exports][0] == ANNA and exports[1].actor.startswith("operator:")


def test_cleanup_uses_the_retention_settings(cli, monkeypatch) -> None:
    run, engine = cli
    with session_scope(engine) as session:
        old = session.exec(select(SlackDelivery)).first()
        old.received_at = dt.datetime.now(dt.UTC) - dt.timedelta(days=10)
    assert "0 rader skulle tas bort" in run("cleanup", "--dry-run").output
    monkeypatch.setenv("COACH_DELIVERY_RETENTION_DAYS", "7")
    done = run("cleanup")
    assert done.exit_code == 0 and "Slack-leveranser äldre än 7 dagar: 1 rader borttagna" in done.output
    with session_scope(engine) as session:
        assert len(session.exec(select(SlackDelivery)).all()) == 1
        assert repo.list_audit(session, process_id=None, action="retention_cleanup")


def test_the_audit_log_is_for_coordinators(cli) -> None:
    run, engine = cli
    refused = run("process", "audit", PROCESS, "--user", CARL)
    assert refused.exit_code == 1 and "bara processens koordinator" in refused.output
    shown = run("process", "audit", PROCESS, "--user", ANNA, "--json")
    assert shown.exit_code == 0, shown.output
    events = json.loads(shown.stdout)
    assert [e["action"] for e in events][-2:] == ["refused", "refused"] and events[-1]["actor"] == CARL
    assert refusals(engine, "audit_log") == [(CARL, "audit_log")]
