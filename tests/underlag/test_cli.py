"""`coach underlag`: Markdown to stdout or a file with its pictures, DOCX to a file, coordinators only."""

from __future__ import annotations

import io

import pytest
from docx import Document
from typer.testing import CliRunner

from bot.cli import app


@pytest.fixture
def run(seeded):
    data_dir, _name = seeded
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(app, ["underlag", *args], env={"COACH_DATA_DIR": str(data_dir), "DATABASE_URL": ""})

    return invoke


def test_markdown_to_stdout(run, seeded):
    result = run(seeded[1], "--step", "2", "--user", "anna")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Underlag för beslut: Beslutspunkt 2: Prioriterade behov och målgrupper\n")
    assert "- **Process:** Meningsfull fritid i Skogås" in result.stdout
    assert "## Prioriterade rotorsaker" in result.stdout and "Inget saknas" in result.stdout
    assert "- **Forum:** Områdesstyrgruppen Skogås" in result.stdout


def test_markdown_file_with_pictures(run, seeded, tmp_path):
    out = tmp_path / "steg5.md"
    result = run(seeded[1], "--step", "5", "--format", "md", "-o", str(out), "--user", "anna")
    assert result.exit_code == 0, result.output
    picture = tmp_path / "steg5_s5_effektlogik.png"
    assert picture.read_bytes().startswith(b"\x89PNG")
    assert "![Effektlogik](steg5_s5_effektlogik.png)" in out.read_text(encoding="utf-8")


def test_docx_file(run, seeded, tmp_path):
    out = tmp_path / "steg2.docx"
    result = run(seeded[1], "--step", "2", "--format", "docx", "-o", str(out), "--user", "anna")
    assert result.exit_code == 0, result.output
    doc = Document(io.BytesIO(out.read_bytes()))
    assert doc.paragraphs[0].style.name == "Title"
    assert len(doc.inline_shapes) == 1


def test_docx_needs_a_file(run, seeded):
    result = run(seeded[1], "--step", "2", "--format", "docx", "--user", "anna")
    assert result.exit_code == 2 and "-o" in result.output


def test_members_who_are_not_coordinators_are_refused(run, seeded):
    result = run(seeded[1], "--step", "2", "--user", "bo")
    assert result.exit_code == 1 and "koordinator" in result.output and "# Underlag" not in result.output


def test_outsiders_are_refused(run, seeded):
    result = run(seeded[1], "--step", "2", "--user", "eva")
    assert result.exit_code == 1 and "inte med i processen" in result.output


def test_unknown_process_and_step(run, seeded):
    assert run("Finns inte", "--step", "2", "--user", "anna").exit_code == 1
    result = run(seeded[1], "--step", "9", "--user", "anna")
    assert result.exit_code == 1 and "steg 1–7" in result.output
