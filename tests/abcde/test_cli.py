"""The `coach` command line (in-process, tests/cli.py): `coach abcde NAME` files a report from stdin (and
posts it to the fake Slack), shows schedule, history and summary with a chart; `coach reminders run-due
--now` sends once."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.abcde.syntax import parse
from storage.db import make_engine, migrate
from tests import cli
from tests.abcde.conftest import KARIN, World, build_world
from tests.slack.fake_slack import FakeSlack

NAME = "Meningsfull fritid i Skogås"


@pytest.fixture
def setup(db_url: str, tmp_path: Path) -> Iterator[tuple[World, FakeSlack, dict[str, str]]]:
    engine = make_engine(db_url)
    migrate(engine)
    world = build_world(engine)
    slack = FakeSlack()
    env = dict(DATABASE_URL=db_url, COACH_DATA_DIR=str(tmp_path), SLACK_BOT_TOKEN="xoxb-test",
               SLACK_API_URL=slack.url)
    yield world, slack, env
    slack.stop()
    engine.dispose()


def coach(env: dict[str, str], *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return cli.coach(*args, stdin=stdin, env=env, cwd=env["COACH_DATA_DIR"])


def test_file_a_report_field_by_field_from_stdin(setup) -> None:
    world, slack, env = setup
    lines = ["Prova-på-dag i sporthallen", "", "Få ledare", "Bjud in föräldrar", "Fråga unga själva",
             "ja", "Andel unga i föreningsaktivitet", "12", "2026-03-01", "nej"]
    result = coach(env, "abcde", NAME, "--user", "UPER", stdin="\n".join(lines) + "\n")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Vilka aktiviteter har genomförts sedan förra uppföljningstillfället?" in result.stdout
    assert "är sparad (version 1)" in result.stdout
    posted = slack.of("chat.postMessage")
    assert posted and posted[0]["channel"] == "CPROC" and "Prova-på-dag" in str(posted[0]["blocks"])

    history = coach(env, "abcde", NAME, "--user", "UMOA", "--history")
    assert "A – Aktiviteter: Prova-på-dag i sporthallen" in history.stdout
    assert "Indikator Andel unga i föreningsaktivitet: 12 (2026-03-01)" in history.stdout


def test_refusals_and_empty_reports_store_nothing(setup) -> None:
    world, _slack, env = setup
    member = coach(env, "abcde", NAME, "--user", "UMOA", stdin="Något\n\n\n\n\nnej\n")
    assert member.returncode == 1 and "projektledare" in member.stderr
    empty = coach(env, "abcde", NAME, "--user", "UPER", stdin="\n\n\n\n\nnej\n")
    assert empty.returncode == 1 and "tom" in empty.stderr
    cancelled = coach(env, "abcde", NAME, "--user", "UPER", stdin="avbryt\n")
    assert cancelled.returncode == 1 and "inget sparades" in cancelled.stdout
    assert coach(env, "abcde", NAME, "--user", "UMOA", "--history").stdout.strip() == "Inga ABCDE-rapporter i perioden."


def test_schedule_summary_and_chart(setup, tmp_path: Path) -> None:
    world, _slack, env = setup
    shown = coach(env, "abcde", NAME, "--user", "UKARIN", "--schedule", "varannan vecka måndag 09:00 i tråd")
    assert shown.returncode == 0 and "varannan vecka måndag kl. 09:00" in shown.stdout, shown.stderr
    assert "Nästa påminnelse:" in shown.stdout
    refused = coach(env, "abcde", NAME, "--user", "UPER", "--schedule", "paus")
    assert refused.returncode == 1 and "koordinator" in refused.stderr
    for who, value in (("UPER", "12"), ("ULISA", "15")):
        indicator = f"ja\nAndel unga i föreningsaktivitet\n{value}\n2026-0{value[1]}-01\nnej\n"
        stdin = "Aktivitet\n\nLokaler saknas\n\n\n" + indicator
        assert coach(env, "abcde", NAME, "--user", who, "--no-post", stdin=stdin).returncode == 0
    chart = tmp_path / "chart.png"
    summary = coach(env, "abcde", NAME, "--user", "ULISA", "--summary", "--chart", str(chart))
    assert summary.returncode == 0, summary.stderr
    assert "Lärdomar (E):" in summary.stdout and "12 (2026-02-01), 15 (2026-05-01)" in summary.stdout
    assert chart.read_bytes().startswith(b"\x89PNG")


def test_reminders_run_due_sends_once(setup) -> None:
    world, slack, env = setup
    world.abcde.set_schedule(world.process, KARIN, parse("varje vecka måndag 09:00"))
    early = coach(env, "reminders", "run-due", "--now", "2026-03-02T08:59")
    assert early.returncode == 0 and "0 skickade" in early.stdout, early.stderr
    first = coach(env, "reminders", "run-due", "--now", "2026-03-02T09:00")
    assert first.returncode == 0, first.stderr
    assert first.stdout.count("påminnelse") == 2 and "UPER" in first.stdout and "ULISA" in first.stdout
    again = coach(env, "reminders", "run-due", "--now", "2026-03-02T10:00+01:00")
    assert "0 skickade" in again.stdout
    assert len(slack.of("chat.postMessage")) == 2
    nudge = coach(env, "reminders", "run-due", "--now", "2026-03-03T09:30")
    assert nudge.stdout.count("knuff") == 2
    bad = coach(env, "reminders", "run-due", "--now", "måndag")
    assert bad.returncode == 2 and "ingen tidpunkt" in bad.stderr


def test_export_and_import_carry_the_reports(setup, tmp_path: Path) -> None:
    """`coach export` → `coach import` elsewhere → `coach export` is byte-identical, reports included."""
    _world, _slack, env = setup
    lines = ["Prova-på-dag i sporthallen", "", "Få ledare", "Bjud in föräldrar", "", "nej"]
    assert coach(env, "abcde", NAME, "--user", "UPER", stdin="\n".join(lines) + "\n").returncode == 0
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    assert coach(env, "export", NAME, "-o", str(first)).returncode == 0
    other_dir = tmp_path / "annan"
    other_dir.mkdir()
    other = env | {"DATABASE_URL": f"sqlite:///{other_dir / 'coach.db'}", "COACH_DATA_DIR": str(other_dir)}
    imported = coach(other, "import", str(first))
    assert imported.returncode == 0, imported.stderr
    assert "ABCDE-rapportversioner: 1)" in imported.stdout
    assert coach(other, "export", NAME, "-o", str(second)).returncode == 0
    assert first.read_bytes() == second.read_bytes()
    history = coach(other, "abcde", NAME, "--user", "UMOA", "--history")
    assert "A – Aktiviteter: Prova-på-dag i sporthallen" in history.stdout


def test_reminders_go_out_with_the_workspaces_own_token_when_the_app_serves_many(setup, db_url: str) -> None:
    """OAuth installs: no SLACK_BOT_TOKEN; each process's reminders use its workspace's stored token."""
    from slack_sdk import WebClient
    from slack_sdk.oauth.installation_store import Installation

    from bot.settings import Settings
    from bot.slack.install import oauth_settings
    from storage.db import session_scope
    from storage.models import Process
    from storage.repository import ensure_workspace

    world, slack, env = setup
    engine = make_engine(db_url)
    slack.codes["c"] = ("TA0001", "Huddinge kommun")
    token = WebClient(base_url=slack.url).oauth_v2_access(client_id=slack.client_id,
                                                          client_secret=slack.client_secret, code="c")["access_token"]
    settings = Settings(_env_file=None, slack_client_id=slack.client_id, slack_client_secret=slack.client_secret)
    oauth_settings(settings, engine).installation_store.save(Installation(
        app_id="A1", team_id="TA0001", team_name="Huddinge kommun", user_id="UKARIN", bot_token=token,
        bot_user_id="UBOT", bot_id="BBOT"))
    with session_scope(engine) as session:
        session.get(Process, world.process.id).workspace_id = ensure_workspace(
            session, slack_team_id="TA0001", name="Huddinge kommun").id
    engine.dispose()
    world.abcde.set_schedule(world.process, KARIN, parse("varje vecka måndag 09:00"))
    many = {k: v for k, v in env.items() if k != "SLACK_BOT_TOKEN"} | {
        "SLACK_CLIENT_ID": slack.client_id, "SLACK_CLIENT_SECRET": slack.client_secret}
    sent = coach(many, "reminders", "run-due", "--now", "2026-03-02T09:00")
    assert sent.returncode == 0 and "2 skickade, 0 misslyckade" in sent.stdout, sent.stdout + sent.stderr
    assert [a["_token"] for a in slack.of("chat.postMessage")] == [token, token]
