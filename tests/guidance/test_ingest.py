"""A team's own PDF, DOCX, Markdown and text files become cited passages."""

from __future__ import annotations

from pathlib import Path

import docx

from guidance_corpus.chunking import chunk_document
from guidance_corpus.documents import discover, load_document
from tests.guidance.pdfmaker import write_pdf


def test_pdf_pages_become_locators(tmp_path: Path):
    path = tmp_path / "Trygghetsrapport 2025.pdf"
    write_pdf(path, [["Trygghetsrapport Skogås", "Otryggheten i centrum har ökat sedan 2023."],
                     ["Åtgärder", "Belysningen vid gångtunneln förbättras under våren."]],
              title="Trygghetsrapport Skogås 2025")
    doc = load_document(path)
    assert doc.title == "Trygghetsrapport Skogås 2025"
    assert doc.doc_id == "trygghetsrapport-2025"
    chunks = chunk_document(doc)
    by_page = {c.locator: c.text for c in chunks}
    assert any("gångtunneln" in t for loc, t in by_page.items() if loc == "s. 2")
    assert any("Otryggheten i centrum" in t for loc, t in by_page.items() if loc == "s. 1")


def test_docx_headings_lists_and_tables(tmp_path: Path):
    d = docx.Document()
    d.core_properties.title = "Uppföljningsplan fritid"
    d.add_heading("Indikatorer", level=1)
    d.add_paragraph("Andel barn 10–12 år som deltar i ledarledda aktiviteter.")
    d.add_heading("Datakällor", level=2)
    d.add_paragraph("Föreningarnas närvarolistor", style="List Bullet")
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Indikator", "Ansvarig"
    table.cell(1, 0).text, table.cell(1, 1).text = "Deltagande", "Fritidsförvaltningen"
    path = tmp_path / "plan.docx"
    d.save(str(path))
    doc = load_document(path)
    assert doc.title == "Uppföljningsplan fritid"
    chunks = chunk_document(doc)
    locators = [c.locator for c in chunks]
    assert "Indikatorer" in locators and "Indikatorer › Datakällor" in locators
    datak = next(c for c in chunks if c.locator == "Indikatorer › Datakällor")
    assert "- Föreningarnas närvarolistor" in datak.text
    assert "| Deltagande | Fritidsförvaltningen |" in datak.text


def test_markdown_without_front_matter_and_discovery(team_dir: Path):
    (team_dir / ".hidden.md").write_text("# hemligt\n", encoding="utf-8")
    (team_dir / "bild.png").write_bytes(b"\x89PNG")
    files = [p.name for p in discover(team_dir)]
    assert files == ["anteckningar.txt", "lokal-plan.md"]
    doc = load_document(team_dir / "lokal-plan.md")
    assert doc.title == "Lokal handlingsplan för Skogås" and doc.doc_id == "lokal-plan"
    # two short sibling sections share one passage; each keeps its heading line
    (chunk,) = chunk_document(doc)
    assert chunk.locator == "Mål"
    assert chunk.text.startswith("Mål\n\nFler barn") and "\n\nNattvandring\n\nFöreningen Lyktan" in chunk.text
