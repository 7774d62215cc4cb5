"""The diagrams reach WeasyPrint from memory: the PDF holds the picture pixel for pixel, WeasyPrint is
never asked to fetch anything else, and a picture's PDF stream encoded once is the same as one encoded
anew."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageChops
from pypdf import PdfReader

from bot.underlag import build_document, diagrams, pdf_images, to_pdf
from bot.underlag.pdf_images import SCHEME, Diagrams
from tests.underlag.conftest import TODAY


@pytest.fixture(scope="module")
def gate5(flow, state):
    d = build_document(flow, state, 5, process_name="Meningsfull fritid i Skogås", today=TODAY, author="Anna")
    return d, diagrams(d)


def image_streams(pdf: bytes) -> dict[str, bytes]:
    reader = PdfReader(io.BytesIO(pdf))
    xobjects = reader.pages[0]["/Resources"]["/XObject"]
    return {name: xobjects[name].get_object()._data for name in xobjects}


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
    assert b"data:image" not in to_pdf(d, diagrams=pictures)


def test_a_stream_encoded_once_equals_one_encoded_anew(gate5):
    d, pictures = gate5
    pdf_images._ENCODED.clear()
    fresh = image_streams(to_pdf(d, diagrams=pictures))
    assert pdf_images._ENCODED  # kept for the next render
    again = image_streams(to_pdf(d, diagrams=pictures))
    assert fresh and fresh == again


@pytest.mark.parametrize("url", ["file:///etc/passwd", "https://example.com/x.png", f"{SCHEME}:unknown",
                                 "data:image/png;base64,AAAA"])
def test_nothing_else_is_fetched(url):
    with pytest.raises(ValueError, match="not served"):
        Diagrams({"abc": b"png"}).fetch(url)


def test_a_known_picture_is_served():
    response = Diagrams({"abc": b"png"}).fetch(f"{SCHEME}:abc")
    assert response.read() == b"png" and response.content_type == "image/png"
