"""The diagrams reach Typst as files in the compiler's own root directory: the PDF holds the picture pixel for
pixel, with its title as alternative text, and the directory keeps only the pictures of recent renders."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageChops
from pypdf import PdfReader

from bot.underlag import build_document, diagrams, to_pdf
from bot.underlag import pdf as pdf_module
from tests.underlag.conftest import TODAY


@pytest.fixture(scope="module")
def gate5(flow, state):
    d = build_document(flow, state, 5, process_name="Meningsfull fritid i Skogås", today=TODAY, author="Anna")
    return d, diagrams(d)


def test_diagrams_are_opaque_rgb(gate5):
    _d, pictures = gate5
    assert pictures and all(Image.open(io.BytesIO(png)).mode == "RGB" for png in pictures.values())


def test_the_pdf_holds_the_picture_pixel_for_pixel(gate5):
    d, pictures = gate5
    reader = PdfReader(io.BytesIO(to_pdf(d, diagrams=pictures)))
    shown = [image.image for page in reader.pages for image in page.images]
    png = Image.open(io.BytesIO(next(iter(pictures.values()))))
    assert shown and shown[0].size == png.size
    assert ImageChops.difference(shown[0].convert("RGB"), png.convert("RGB")).getbbox() is None


def test_the_picture_has_its_title_as_alternative_text(gate5):
    d, pictures = gate5
    data = to_pdf(d, diagrams=pictures)
    titles = {f.title for f in d.figures()}
    assert titles and all(f"/Alt({title})".encode() in data for title in titles)


def test_the_root_keeps_only_recent_pictures(gate5, monkeypatch):
    d, pictures = gate5
    monkeypatch.setattr(pdf_module, "_KEEP", 1)
    png = next(iter(pictures.values()))
    others = {}
    for shade in range(3):
        picture = Image.new("RGB", (40, 20), (shade * 60, 90, 120))
        out = io.BytesIO()
        picture.save(out, format="PNG")
        others[shade] = out.getvalue()
    for other in others.values():
        to_pdf(d, diagrams={qid: other for qid in pictures})
    root = pdf_module._typst().root
    assert sorted(p.name for p in root.iterdir()) == sorted(["document.typ", *(p.name for p in root.glob("*.png"))])
    assert len(list(root.glob("*.png"))) == 1
    assert to_pdf(d, diagrams={qid: png for qid in pictures}).startswith(b"%PDF-")
