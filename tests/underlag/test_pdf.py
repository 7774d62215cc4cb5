"""Each gate's PDF for the diarium, opened back with pypdf: A4, Swedish (/Lang sv-SE), tagged (a structure
tree, marked content) and identified as PDF/A-2 level A in its XMP metadata; the decision comes first and
the pages are numbered."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from bot.underlag import build_document, to_pdf
from tests.underlag.conftest import TODAY

A4 = (595.28, 841.89)


@pytest.fixture(scope="module")
def pdfs(flow, state):
    out = {}
    for step in range(1, 8):
        d = build_document(flow, state, step, process_name="Meningsfull fritid i Skogås", today=TODAY,
                           author="Anna Koordinator")
        out[step] = (d, PdfReader(io.BytesIO(to_pdf(d))))
    return out


def xmp_value(xmp: str, name: str) -> str | None:
    """A simple XMP property, written as an attribute (name="v") or as an element (<name>v</name>)."""
    found = re.search(rf'{name}="([^"]*)"', xmp) or re.search(rf"<{name}>([^<]*)</{name}>", xmp)
    return found.group(1) if found else None


def text_of(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() or "" for page in reader.pages)


@pytest.mark.parametrize("step", range(1, 8))
def test_a4_tagged_swedish_pdf_a(pdfs, step):
    _d, reader = pdfs[step]
    for page in reader.pages:
        assert abs(float(page.mediabox.width) - A4[0]) < 1 and abs(float(page.mediabox.height) - A4[1]) < 1
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "sv-SE"
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert (xmp_value(xmp, "pdfaid:part"), xmp_value(xmp, "pdfaid:conformance")) == ("2", "A")
    assert xmp_value(xmp, "pdfuaid:part") == "1"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    assert root.get("/OutputIntents")  # sRGB, as PDF/A asks
    info = reader.metadata
    assert info.title.startswith("Beslutsunderlag: ") and info.author == "Anna Koordinator"


@pytest.mark.parametrize("step", range(1, 8))
def test_decision_first_and_pages_numbered(pdfs, step):
    d, reader = pdfs[step]
    first = reader.pages[0].extract_text()
    assert d.title.title.split()[0] in first
    assert first.index("Förslag till beslut") < (first.find("Sammanfattning") % (len(first) + 1) or len(first))
    text = text_of(reader)
    assert text.index("Förslag till beslut") < text.index("Sammanfattning") < text.index("Bedömning")
    assert f"Sida 1 av {len(reader.pages)}" in first
    assert f"Meningsfull fritid i Skogås – Beslutspunkt {step}" in first
    assert "Huddinge kommun (i samarbete med RISE), 2024" in text


def test_diagrams_are_in_the_pdf(pdfs):
    _d, reader = pdfs[2]
    assert any(page.images for page in reader.pages)


def test_an_english_process_gets_an_english_pdf(flow, state):
    d = build_document(flow, state, 2, "en", process_name="Meaningful leisure in Skogås", today=TODAY,
                       author="Anna Koordinator")
    reader = PdfReader(io.BytesIO(to_pdf(d)))
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    first = reader.pages[0].extract_text()
    assert f"Page 1 of {len(reader.pages)}" in first and "Proposed decision" in first
    assert "Sida " not in text_of(reader)
