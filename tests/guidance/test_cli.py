"""`coach index`, `coach search` (JSON shapes, --queries) and `coach eval-retrieval`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app


@pytest.fixture
def env(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("COACH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("COACH_EMBEDDINGS", "fake")
    monkeypatch.delenv("CHROMA_HOST", raising=False)
    return tmp_path


@pytest.fixture(scope="module")
def built_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory after `coach index` (the shipped guide, fake embeddings), once for the module."""
    data = tmp_path_factory.mktemp("built") / "data"
    res = CliRunner().invoke(app, ["index"], env={"COACH_DATA_DIR": str(data), "COACH_EMBEDDINGS": "fake",
                                                  "CHROMA_HOST": None})
    assert res.exit_code == 0, res.output
    return data


@pytest.fixture
def indexed(env: Path, built_data: Path) -> Path:
    """`env` with the index already built, for the tests of searching (not of building: each of them built
    it again on its first search, 5 s a test)."""
    shutil.copytree(built_data, env / "data")
    return env


def test_index_then_search_json(env: Path, team_dir: Path):
    runner = CliRunner()
    out = runner.invoke(app, ["index", "--corpus", str(team_dir)])
    assert out.exit_code == 0, out.output
    assert "nya dokument: 7" in out.output
    again = runner.invoke(app, ["index"])
    assert "oförändrade: 7" in again.output and "inbäddade nu: 0" in again.output

    res = runner.invoke(app, ["search", "riskmatris sannolikhet påverkan", "-k", "3", "--json"])
    assert res.exit_code == 0, res.output
    hits = json.loads(res.stdout)
    assert isinstance(hits, list) and 1 <= len(hits) <= 3
    for h in hits:
        assert {"text", "doc_id", "title", "locator", "score"} <= set(h)
        assert isinstance(h["score"], float) and h["text"] and h["locator"]

    none = runner.invoke(app, ["search", "recept på kanelbullar", "--json"])
    assert json.loads(none.stdout) == []
    text = runner.invoke(app, ["search", "recept på kanelbullar"])
    assert "Hittade inget relevant" in text.stdout


def test_search_queries_file_one_array_per_line(indexed: Path):
    runner = CliRunner()
    qfile = indexed / "queries.txt"
    qfile.write_text("hur gör vi ett problemträd med rotorsaker\nfotbollsresultat allsvenskan\nvad är en riskmatris\n",
                     encoding="utf-8")
    res = runner.invoke(app, ["search", "--queries", str(qfile), "-k", "2", "--json"])
    assert res.exit_code == 0, res.output
    lines = res.stdout.strip().split("\n")
    assert len(lines) == 3
    arrays = [json.loads(line) for line in lines]
    assert len(arrays[0]) == 2 and arrays[1] == [] and len(arrays[2]) == 2
    stdin = runner.invoke(app, ["search", "--queries", "-", "--json"], input="problemträd rotorsaker\n")
    assert len(json.loads(stdin.stdout.strip())) == 5


def test_human_output_shows_citation(indexed: Path):
    res = CliRunner().invoke(app, ["search", "problemträd rotorsaker konsekvenser", "-k", "1"])
    assert res.exit_code == 0
    assert res.stdout.startswith("1. Vägledning Datadriven områdesutveckling – Bild ")


def test_search_needs_query_or_file(env: Path):
    assert CliRunner().invoke(app, ["search"]).exit_code == 2


def test_eval_retrieval_prints_table(indexed: Path):
    qa = indexed / "qa.jsonl"
    qa.write_text(json.dumps({"id": "t1", "question": "hur gör vi ett problemträd?", "lang": "sv",
                              "doc": "001", "evidence": ["Steg 1: Definiera huvudproblemet"]}) + "\n",
                  encoding="utf-8")
    res = CliRunner().invoke(app, ["eval-retrieval", "--qa", str(qa)])
    assert res.exit_code == 0, res.output
    assert "R@1" in res.stdout and "MRR@10" in res.stdout and "sv" in res.stdout


@pytest.mark.parametrize("make, expected", [
    (lambda d: d / "saknas.txt", "finns inte"),
    (lambda d: d, "Kunde inte läsa"),
    (lambda d: (d / "latin1.txt").write_bytes("fråga om målgrupp\n".encode("latin-1")) and d / "latin1.txt",
     "UTF-8"),
])
def test_unreadable_queries_file_gets_a_swedish_message(env: Path, make, expected):
    res = CliRunner().invoke(app, ["search", "--queries", str(make(env)), "--json"])
    assert res.exit_code == 2 and expected in res.output
    assert res.exception is None or isinstance(res.exception, SystemExit)


def test_search_without_an_index_says_it_builds_one(env: Path):
    res = CliRunner().invoke(app, ["search", "problemträd rotorsaker", "-k", "1"])
    assert res.exit_code == 0, res.output
    assert "Sökindexet finns inte ännu" in res.stderr and "bäddar in passager" in res.stderr
    again = CliRunner().invoke(app, ["search", "problemträd rotorsaker", "-k", "1"])
    assert "Sökindexet finns inte ännu" not in again.stderr


def test_a_chroma_server_that_does_not_answer_gets_a_message(env: Path, monkeypatch):
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("CHROMA_HOST", "127.0.0.1")
    monkeypatch.setenv("CHROMA_PORT", str(port))
    for args in (["search", "problemträd"], ["index"]):
        res = CliRunner().invoke(app, args)
        assert res.exit_code == 1, res.output
        assert f"Chroma-servern 127.0.0.1:{port} svarar inte" in res.stderr
        assert not isinstance(res.exception, ValueError)


def test_eval_uses_an_index_of_the_guide_alone_when_the_team_has_files(env: Path, team_dir: Path):
    runner = CliRunner()
    assert runner.invoke(app, ["index", "--corpus", str(team_dir)]).exit_code == 0
    qa = env / "qa.jsonl"
    qa.write_text(json.dumps({"id": "t1", "question": "nattvandring i centrum", "lang": "sv",
                              "doc": "lokal-plan", "evidence": ["Föreningen Lyktan nattvandrar"]}) + "\n",
                  encoding="utf-8")
    res = runner.invoke(app, ["eval-retrieval", "--qa", str(qa)])
    assert res.exit_code == 0, res.output
    assert "bara vägledningens dokument" in res.stderr
    assert (env / "data" / "eval" / "index").exists()
    assert "all     exact     1     0.000" in res.stdout  # the team's plan is not in the evaluated index


def test_search_speaks_english_when_the_language_is_english(indexed: Path, monkeypatch):
    monkeypatch.setenv("COACH_LANGUAGE", "en")
    res = CliRunner().invoke(app, ["search", "recept på kanelbullar"])
    assert res.exit_code == 0 and "Found nothing relevant" in res.stdout
