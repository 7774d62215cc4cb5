"""The `coach` command at the border: bad import files, empty names, usage errors, broken UTF-8 — through
the console script's entry point, in-process (tests/cli.py)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests import cli
from tests.bot.test_import_check import answer


def coach(data_dir: Path, *args: str, stdin: bytes = b"", env: dict[str, str] | None = None
          ) -> subprocess.CompletedProcess[str]:
    """`coach` with bytes on stdin (so invalid UTF-8 can be typed)."""
    return cli.coach(*args, stdin=stdin,
                     env={"COACH_DATA_DIR": str(data_dir), "COACH_EMBEDDINGS": "fake", **(env or {})})


@pytest.fixture(scope="module")
def good_file(tmp_path_factory) -> Path:
    from datetime import UTC, datetime

    from bot.examples.answers_file import to_export
    from flows.loader import get_flow
    from tests.fixtures import skogas

    flow = get_flow()
    path = tmp_path_factory.mktemp("files") / "good.json"
    document = to_export(skogas(), {flow.id: flow}, author="anna", now=datetime(2025, 6, 1, tzinfo=UTC))
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_bad_import_lists_every_problem_and_stores_nothing(good_file: Path, tmp_path: Path) -> None:
    document = json.loads(good_file.read_text(encoding="utf-8"))
    answer(document, "s3.indikatorer")["value"]["indicators"][0]["baseline"] = ["en lista"]
    answer(document, "s1.sakerstall_arbetsgrupp_styrgrupp")["value"]["choice"] = "kanske"
    answer(document, "s1.langsiktigt_mal")["value"]["text"] = "å" * 50_000
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")

    result = coach(tmp_path / "data", "import", str(bad))

    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[0] == "Filen kan inte importeras – inget har sparats. 3 problem:"
    assert "  • answers › s3.indikatorer › version 1 › indicators[1].baseline: ska vara text" in lines
    assert any("s1.sakerstall_arbetsgrupp_styrgrupp › version 1 › choice: «kanske»" in line for line in lines)
    assert any("s1.langsiktigt_mal › version 1 › text: texten är för lång" in line for line in lines)
    assert "Traceback" not in result.stderr
    assert "Inga processer" in coach(tmp_path / "data", "process", "list").stdout  # all or nothing

    good = coach(tmp_path / "data", "import", str(good_file))
    assert good.returncode == 0, good.stderr


def test_import_problems_in_english(good_file: Path, tmp_path: Path) -> None:
    document = json.loads(good_file.read_text(encoding="utf-8"))
    document["members"][0]["role"] = "kung"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    result = coach(tmp_path / "data", "import", str(bad), env={"COACH_LANGUAGE": "en"})
    assert result.returncode == 1
    assert result.stderr.startswith("The file cannot be imported – nothing was stored. 1 problem(s):")
    assert "members › anna › role: must be one of: koordinator, projektledare, medlem" in result.stderr


def test_chat_with_an_empty_name_answers_in_swedish(tmp_path: Path) -> None:
    result = coach(tmp_path, "chat", "-p", "")
    assert result.returncode == 2
    assert "Ange vilken process samtalet gäller" in result.stderr and "Aborted" not in result.stderr


@pytest.mark.parametrize("args, expected", [
    (("import",), "Fel: argumentet FILE saknas."),
    (("import", "a.json", "--nam", "x"), "Fel: okänd flagga: --nam. Menade du --name?"),
    (("serve", "--port", "x"), "Fel: ogiltigt värde för --port: ska vara ett heltal."),
    (("finns-inte",), "Fel: okänt kommando «finns-inte»."),
])
def test_usage_errors_are_swedish(tmp_path: Path, args: tuple[str, ...], expected: str) -> None:
    result = coach(tmp_path, *args)
    assert result.returncode == 2
    assert expected in result.stderr and "Kör «coach" in result.stderr
    assert "Usage" not in result.stderr and "Error" not in result.stderr


def test_broken_utf8_typed_into_chat_is_stored_replaced(tmp_path: Path) -> None:
    script = "Ett mål ".encode() + b"\xff\xfe med trasiga byte\n"
    result = coach(tmp_path, "chat", "-p", "Trasig", "-u", "anna", stdin=script)
    assert result.returncode == 0, result.stderr
    exported = coach(tmp_path, "export", "Trasig")
    assert exported.returncode == 0, exported.stderr
    assert "Ett mål \ufffd\ufffd med trasiga byte" in exported.stdout


def test_help_is_swedish(tmp_path: Path) -> None:
    result = coach(tmp_path, "import", "--help")
    assert result.returncode == 0
    for word in ("Användning: coach import [FLAGGOR] FILE", "Argument", "Flaggor", "[krävs]",
                 "Visa den här hjälpen och avsluta."):
        assert word in result.stdout, word
    assert "Usage" not in result.stdout and "Show this message" not in result.stdout


def test_text_stored_before_cleaning_does_not_crash_the_export(tmp_path: Path) -> None:
    from storage import append_answer, create_process, session_scope
    from storage.db import make_engine, migrate

    engine = make_engine(f"sqlite:///{tmp_path / 'coach.db'}")
    migrate(engine)
    with session_scope(engine) as session:  # as an older version stored invalid UTF-8 typed in a terminal
        pid = create_process(session, name="Gammal", flow_id="datadriven_omradesutveckling", flow_version=1,
                             created_by="anna").id
        append_answer(session, process_id=pid, question_id="s1.langsiktigt_mal", value={"text": "mål \udcff"},
                      author="anna", via="terminal")
    engine.dispose()
    result = coach(tmp_path, "export", "Gammal")
    assert result.returncode == 0, result.stderr
    assert '"text": "mål \ufffd"' in result.stdout
