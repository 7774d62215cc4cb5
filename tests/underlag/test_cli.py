"""`coach underlag`: Markdown to stdout or a file with its pictures, DOCX and PDF to a file, coordinators only."""

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
    assert result.stdout.startswith("# Beslutsunderlag: Prioriterade behov och målgrupper\n")
    assert "- **Process:** Meningsfull fritid i Skogås" in result.stdout
    assert "- **Handläggare:** Anna Koordinator" in result.stdout  # the koordinator's name, not the login
    assert "## Prioriterade rotorsaker" in result.stdout and "Inget saknas" in result.stdout
    assert "- **Beslutat:** " in result.stdout and "Förslaget beslutades av Områdesstyrgruppen Skogås " in result.stdout


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
    assert [p.style.name for p in doc.paragraphs[:2]] == ["Subtitle", "Title"]
    assert len(doc.inline_shapes) == 1


def test_pdf_file(run, seeded, tmp_path):
    from pypdf import PdfReader

    out = tmp_path / "steg6.pdf"
    result = run(seeded[1], "--step", "6", "--format", "pdf", "-o", str(out), "--user", "anna")
    assert result.exit_code == 0, result.output
    reader = PdfReader(out)
    assert reader.trailer["/Root"]["/Lang"] == "sv-SE"
    assert "Genomförandeplan i tabellform" in "\n".join(p.extract_text() for p in reader.pages)


def test_docx_and_pdf_need_a_file(run, seeded):
    for fmt in ("docx", "pdf"):
        result = run(seeded[1], "--step", "2", "--format", fmt, "--user", "anna")
        assert result.exit_code == 2 and "-o" in result.output and f"underlag.{fmt}" in result.output


def test_members_who_are_not_coordinators_are_refused(run, seeded):
    result = run(seeded[1], "--step", "2", "--user", "bo")
    assert result.exit_code == 1 and "koordinator" in result.output and "# Beslutsunderlag" not in result.output


def test_outsiders_are_refused(run, seeded):
    result = run(seeded[1], "--step", "2", "--user", "eva")
    assert result.exit_code == 1 and "inte med i processen" in result.output


def test_unknown_process_and_step(run, seeded):
    assert run("Finns inte", "--step", "2", "--user", "anna").exit_code == 1
    result = run(seeded[1], "--step", "9", "--user", "anna")
    assert result.exit_code == 1 and "steg 1–7" in result.output
