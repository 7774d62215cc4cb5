"""End to end: the `coach` command line replays the guide's Skogås example through all seven steps.

The commands run in-process through the console script's entry point (tests/cli.py); one slow test runs
the installed `coach` script as a subprocess, the same replay, to keep the real process boundary covered."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from flows.loader import get_flow
from tests import cli
from tests.bot.replay import session_lines
from tests.fixtures import skogas

COACH = str(Path(sys.executable).with_name("coach"))
NAME = "Meningsfull fritid i Skogås"


def coach(data_dir: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return cli.coach(*args, stdin=stdin, env={"COACH_DATA_DIR": str(data_dir), "COACH_EMBEDDINGS": "fake"})


def installed_coach(data_dir: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """The installed console script in its own process."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(cli.CLEARED)}
    env.update(COACH_DATA_DIR=str(data_dir), COACH_EMBEDDINGS="fake")
    return subprocess.run([COACH, *args], input=stdin, capture_output=True, text=True, env=env, timeout=300)


def replay_script() -> str:
    example = skogas()
    return "\n".join(session_lines(get_flow(), example["answers"], example["decisions"])) + "\n"


@pytest.fixture(scope="module")
def replayed(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    data = tmp_path_factory.mktemp("data")
    return data, coach(data, "chat", "--process", NAME, "--user", "anna", stdin=replay_script())


def assert_every_gate_decided(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Ny process «Meningsfull fritid i Skogås» är startad." in out
    for step in range(1, 8):
        assert f"Beslutet för steg {step} är registrerat." in out
    assert "trots" not in out  # every gate was ready when decided
    assert "Alla sju steg är beslutade." in out
    assert "Traceback" not in out + result.stderr


def test_replayed_session_reaches_a_decided_gate_7(replayed):
    assert_every_gate_decided(replayed[1])


@pytest.mark.slow
def test_the_installed_coach_script_replays_the_session_and_exports(tmp_path):
    """The real process boundary: the console script, stdin piped, exit codes, a second run on the same data."""
    result = installed_coach(tmp_path, "chat", "--process", NAME, "--user", "anna", stdin=replay_script())
    assert_every_gate_decided(result)
    exported = installed_coach(tmp_path, "export", NAME)
    assert exported.returncode == 0, exported.stderr
    assert len(json.loads(exported.stdout)["decisions"]) == 7
    missing = installed_coach(tmp_path, "export", "Finns inte")
    assert missing.returncode == 1 and "Traceback" not in missing.stderr


def test_status_after_replay_shows_every_step_decided(replayed):
    data, _ = replayed
    result = coach(data, "chat", "--process", NAME, "--user", "anna", stdin="status\navsluta\n")
    assert result.returncode == 0
    assert result.stdout.count("beslutad") >= 7


def test_export_import_export_is_byte_identical(replayed, tmp_path):
    data, _ = replayed
    first = coach(data, "export", NAME, "-o", str(tmp_path / "a.json"))
    assert first.returncode == 0, first.stderr
    exported = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    assert exported["format"] == "processcoach-export"
    assert len(exported["decisions"]) == 7
    other = tmp_path / "other"
    assert coach(other, "import", str(tmp_path / "a.json")).returncode == 0
    assert coach(other, "export", NAME, "-o", str(tmp_path / "b.json")).returncode == 0
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()
    again = coach(other, "import", str(tmp_path / "a.json"))
    assert again.returncode == 1 and "finns redan" in again.stderr


def test_bad_files_and_unknown_process_get_swedish_messages(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{ inte json", encoding="utf-8")
    result = coach(tmp_path / "d", "import", str(bad))
    assert result.returncode == 1 and "inte en JSON-export" in result.stderr
    result = coach(tmp_path / "d", "export", "Finns inte")
    assert result.returncode == 1 and "Det finns ingen process som heter «Finns inte»" in result.stderr
    assert "Traceback" not in result.stderr



def test_unreadable_import_and_unwritable_export_files_get_swedish_messages(replayed, tmp_path):
    data, _ = replayed
    result = coach(data, "import", str(tmp_path))  # a directory, not a file
    assert result.returncode == 1 and f"Kunde inte läsa {tmp_path}" in result.stderr
    target = tmp_path / "saknas" / "a.json"  # its directory does not exist
    result = coach(data, "export", NAME, "-o", str(target))
    assert result.returncode == 1 and f"Kunde inte skriva {target}" in result.stderr
    assert "Traceback" not in result.stderr


def test_unwritable_data_directory_gets_a_swedish_message(tmp_path):
    blocked = tmp_path / "fil"
    blocked.write_text("en fil, ingen katalog", encoding="utf-8")
    result = coach(blocked / "data", "chat", "--process", NAME, "--user", "anna", stdin="avsluta\n")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and result.stderr.strip()


def test_unreachable_postgres_gets_a_swedish_message(tmp_path):
    env_url = "postgresql+psycopg://postgres@127.0.0.1:1/finns_inte"
    result = cli.coach("chat", "-p", NAME, "-u", "anna", stdin="avsluta\n",
                       env={"DATABASE_URL": env_url, "COACH_DATA_DIR": str(tmp_path)})
    assert result.returncode == 1
    assert "databas" in result.stderr.lower() and "Traceback" not in result.stderr


def test_locked_sqlite_database_gets_a_swedish_message_and_keeps_answers(replayed, tmp_path):
    data, _ = replayed
    holder = sqlite3.connect(data / "coach.db", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        result = coach(data, "chat", "--process", NAME, "--user", "anna", stdin="status\navsluta\n")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip()
    after = coach(data, "chat", "--process", NAME, "--user", "anna", stdin="status\navsluta\n")
    assert after.stdout.count("beslutad") >= 7


def test_flows_list_json_contract(tmp_path):
    result = coach(tmp_path, "flows", "list", "--json")
    rows = json.loads(result.stdout)
    assert {"flow", "step", "id", "text"} <= set(rows[0])
    assert len(rows) == len(get_flow().questions())
    assert coach(tmp_path, "flows", "check").returncode == 0


def test_flows_list_json_adds_nested_prompts_and_keeps_the_existing_keys(tmp_path):
    rows = {row["id"]: row for row in json.loads(coach(tmp_path, "flows", "list", "--json").stdout)}
    flow = get_flow()
    for q in flow.questions():  # the keys there were before, with the same values
        row = rows[q.id]
        assert {k: row[k] for k in ("flow", "step", "id", "text", "type", "required", "source")} == {
            "flow": flow.id, "step": flow.step_of(q.id).number, "id": q.id, "text": q.text.sv, "type": q.type,
            "required": q.required, "source": {"doc": q.source.doc, "locator": q.source.locator}}
        assert row["text_en"] == q.text.en
    indicators = next(r for r in rows.values() if r["type"] == "smart_indicators")
    smart = {f["id"]: f for f in indicators["fields"][0]["fields"]}
    assert smart["baseline"]["text"] == "Utgångsläge" and smart["baseline"]["text_en"] == "Baseline"
    checklist = next(r for r in rows.values() if r["type"] == "gap_checklist")
    assert checklist["items"][1]["text"].startswith("Vilka riskgrupper finns?")
    assert checklist["items"][1]["group"] == "Målgrupp" and checklist["items"][1]["text_en"]
    plain = next(r for r in rows.values() if r["type"] == "text")
    assert not {"fields", "items", "options"} & set(plain)
