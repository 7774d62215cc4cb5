"""Each gate's DOCX, opened back with python-docx: A4 in sv-SE with page numbers and real properties, the
decision first, tables fitted to their content that repeat their header row and do not split rows."""

from __future__ import annotations

import io

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm, Mm

from bot.underlag import build_document, diagrams, to_docx
from tests.underlag.conftest import TODAY

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def documents(flow, state):
    out = {}
    for step in range(1, 8):
        d = build_document(flow, state, step, process_name="Meningsfull fritid i Skogås", today=TODAY,
                           author="Anna Koordinator")
        out[step] = (d, Document(io.BytesIO(to_docx(d))))
    return out


def headings(doc, style):
    return [p.text for p in doc.paragraphs if p.style.name == style]


def table_with(doc, first_header):
    found = [t for t in doc.tables if t.rows[0].cells[0].text == first_header]
    assert found, f"no table starting with {first_header!r}"
    return [[c.text for c in row.cells] for row in found[0].rows]


def images(doc) -> list[bytes]:
    return [part.blob for part in doc.part.related_parts.values() if part.content_type == "image/png"]


@pytest.mark.parametrize("step", range(1, 8))
def test_a4_swedish_page_numbers_and_properties(documents, step):
    d, doc = documents[step]
    section = doc.sections[0]
    close = lambda a, b: abs(a - b) < Mm(0.2)  # noqa: E731  (Word stores twips)
    assert close(section.page_width, Mm(210)) and close(section.page_height, Mm(297))
    assert close(section.left_margin, Cm(2.5)) and close(section.right_margin, Cm(2.5))
    lang = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang"))
    assert lang.get(qn("w:val")) == "sv-SE"
    assert doc.styles["Normal"].element.rPr.find(qn("w:lang")).get(qn("w:val")) == "sv-SE"
    assert section.header.paragraphs[0].text == f"Meningsfull fritid i Skogås – Beslutspunkt {step}"
    footer = section.footer.paragraphs[0]._p.xml
    assert "PAGE" in footer and "NUMPAGES" in footer and "Sida" in section.footer.paragraphs[0].text
    props = doc.core_properties
    assert props.title == f"Beslutsunderlag: {d.title.title}" and props.author == "Anna Koordinator"
    assert props.created.date() == TODAY and props.language == "sv-SE" and "python-docx" not in (props.author or "")
    assert doc.settings.element.find(qn("w:autoHyphenation")).get(qn("w:val")) == "false"


@pytest.mark.parametrize("step", range(1, 8))
def test_the_decision_comes_first(documents, step):
    d, doc = documents[step]
    assert headings(doc, "Title") == [d.title.title]
    first = headings(doc, "Heading 1")
    assert first[:3] == ["Förslag till beslut", "Sammanfattning", "Ärendet"]
    assert first[-1] == "Källor" and {"Bedömning", "Vad som saknas", "Bilagor"} <= set(first)
    clauses = [p.text for p in doc.paragraphs if p.style.name == "List Number"]
    assert clauses and all(c.startswith("att ") for c in clauses)
    assert table_with(doc, "Process")[1] == ["Beslutspunkt", f"{step} av 7 – {d.title.gate.split(' – ')[1]}"]


@pytest.mark.parametrize("step", range(1, 8))
def test_tables_fit_repeat_their_header_and_keep_rows_whole(documents, step):
    _d, doc = documents[step]
    for table in doc.tables:
        widths = [c.width for c in table.columns]
        assert abs(sum(widths) - Cm(16)) < Cm(0.05)
        assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        rows = table._tbl.findall(qn("w:tr"))
        assert all(r.trPr is not None and r.trPr.find(qn("w:cantSplit")) is not None for r in rows)
        if table.rows[0].cells[0].text != "Process":  # the title block has no header row
            assert rows[0].trPr.find(qn("w:tblHeader")) is not None
        cell_p = table.rows[-1].cells[0].paragraphs[0]._p
        assert cell_p.pPr.find(qn("w:suppressAutoHyphens")) is not None


def test_columns_are_fitted_to_their_content(documents):
    _d, doc = documents[2]
    matrix = [t for t in doc.tables if t.rows[0].cells[0].text == "Preventionsnivå"][0]
    widths = [c.width for c in matrix.columns]
    assert widths[3] > 2 * widths[1]  # the 6–12 column holds most interventions; 0–2 nearly nothing


def test_assessment_table_has_status_and_motivation(documents):
    rows = table_with(documents[2][1], "Kriterium")
    assert rows[0] == ["Kriterium", "Status", "Motivering"]
    assert all(r[1] == "✓ Uppfyllt" for r in rows[1:])
    assert "Ja – Elevenkät och besöksstatistik bekräftar behovet." in [r[2] for r in rows]


def test_step_2_mapping_matrix_root_causes_and_tree_picture(documents):
    _d, doc = documents[2]
    matrix = table_with(doc, "Preventionsnivå")
    # en dash between the ages, a no-break space before «år» (a narrow column wrapped «18-24 år»)
    assert matrix[0] == ["Preventionsnivå", *(f"{band}\u00a0år" for band in ("0–2", "2–6", "6–12", "12–18", "18–24"))]
    assert [row[0] for row in matrix[1:]] == ["Universell", "Selektiv", "Indikerad"]  # the guide's order
    causes = table_with(doc, "Rotorsak")
    assert sum(row[4] == "ja" for row in causes[1:]) == 3
    assert len(doc.inline_shapes) == 1 and all(blob.startswith(PNG) for blob in images(doc))
    assert "Bilaga 1. Problemträd" in headings(doc, "Heading 1")


def test_step_6_plans_as_tables(documents):
    doc = documents[6][1]
    plan = table_with(doc, "Vad")
    assert plan[0] == ["Vad", "Vem", "När", "Indikator", "Källa"]
    # the plan's own rows (what, who, when), the indicator named and that indicator's data source
    assert ["Aktiviteter i skolan efter skoldagen", "Verksamhetschef fritidsgårdar, KUF",
            "Från september 2025, tre dagar i veckan",
            "Andel barn 10–12 år i Skogås som deltar i ledarledd fritidsaktivitet varje vecka",
            "Elevenkäten åk 5 (BUF)"] in plan
    follow = [t for t in doc.tables if t.rows[0].cells[0].text == "Vad"][1]
    rows = [[c.text for c in r.cells] for r in follow.rows]
    assert rows[2] == ["Andel barn 10–12 år i Skogås som deltar i ledarledd fritidsaktivitet varje vecka",
                       "Analytiker, Huddinge-analysen", "Årligen, vårterminen",
                       "Andel barn 10–12 år i Skogås som deltar i ledarledd fritidsaktivitet varje vecka",
                       "Elevenkäten åk 5 (BUF)"]
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Bild 40 har ingen" not in text and "Underlaget innehåller" not in text


def test_step_7_lessons_then_results_against_targets(documents):
    doc = documents[7][1]
    first = headings(doc, "Heading 1")
    assert first.index("Resultat, slutsatser och lärdomar") < first.index("Resultat mot mål")
    summary = [p.text for p in doc.paragraphs][:40]
    assert any(t.startswith("Resultat, slutsatser och lärdomar. Skolan som arena") for t in summary)
    assert table_with(doc, "Indikator")[0] == ["Indikator", "Utgångsläge", "Mål", "Senaste värde", "Datum", "Trend"]


def test_given_diagrams_are_embedded_as_given(flow, state):
    d = build_document(flow, state, 2, today=TODAY)
    pictures = diagrams(d)
    doc = Document(io.BytesIO(to_docx(d, diagrams=pictures)))
    assert images(doc) == list(pictures.values())
    assert len(Document(io.BytesIO(to_docx(d, diagrams={}))).inline_shapes) == 0


def test_only_drawn_trees_get_pictures(flow, state):
    """Gate 3 lists the prioritised root causes only: no tree picture there."""
    assert diagrams(build_document(flow, state, 3)) == {}
    assert list(diagrams(build_document(flow, state, 2))) == ["s2.problemtrad"]
    assert list(diagrams(build_document(flow, state, 6))) == ["s5.effektlogik"]
