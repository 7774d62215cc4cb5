"""The PDF reads only Carlito and DejaVu Sans, never another system font, and still has text (in the fonts
built into Typst) on a machine where neither is installed."""

from __future__ import annotations

import io

from pypdf import PdfReader

from bot.underlag import build_document, fonts
from bot.underlag import pdf as pdf_module
from tests.underlag.conftest import TODAY


def font_names(data: bytes) -> set[str]:
    reader = PdfReader(io.BytesIO(data))
    names = set()
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            names.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return names


def compile_with(typst, d) -> bytes:
    from bot.underlag.pdf_data import document_json

    return typst.compiler.compile(format="pdf", sys_inputs={"doc": document_json(d, {})},
                                  pdf_standards=pdf_module.STANDARDS)


def test_only_carlito_and_dejavu(flow, state):
    d = build_document(flow, state, 7, process_name="Skogås", today=TODAY, author="Anna")
    names = font_names(pdf_module.to_pdf(d, diagrams={}))
    assert names and all(n.startswith(("Carlito", "DejaVuSans")) for n in names), names
    assert any(n.startswith("Carlito") for n in names)


def test_without_the_fonts_the_pdf_still_has_text(flow, state, monkeypatch):
    monkeypatch.setattr(fonts, "font_dirs", lambda: [])
    d = build_document(flow, state, 1, process_name="Skogås", today=TODAY, author="Anna")
    data = compile_with(pdf_module._Typst(), d)
    assert not any(n.startswith("Carlito") for n in font_names(data))
    assert "Förslag till beslut" in PdfReader(io.BytesIO(data)).pages[0].extract_text()
