"""The fast `percentage` gives WeasyPrint's own answers, and the PDF laid out with it is the same."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from weasyprint.css.properties import Dimension
from weasyprint.layout import percent

from bot.underlag import build_document, pdf_speed, to_pdf
from tests.underlag.conftest import TODAY


@pytest.mark.parametrize("value", [Dimension(12.5, "px"), Dimension(40, "%"), Dimension(0, "px"), "auto", None])
def test_same_answers_as_weasyprint(value):
    assert pdf_speed._percentage(value, {}, 453.5) == pdf_speed._original(value, {}, 453.5)


def test_the_pdf_is_laid_out_the_same(flow, state, monkeypatch):
    d = build_document(flow, state, 6, process_name="Meningsfull fritid i Skogås", today=TODAY, author="Anna")
    assert pdf_speed.apply() and percent.percentage is pdf_speed._percentage
    fast = PdfReader(io.BytesIO(to_pdf(d)))
    monkeypatch.setattr(percent, "percentage", pdf_speed._original)
    plain = PdfReader(io.BytesIO(to_pdf(d)))
    assert len(fast.pages) == len(plain.pages)
    assert [p.extract_text() for p in fast.pages] == [p.extract_text() for p in plain.pages]
    assert [p.get_contents().get_data() for p in fast.pages] == [p.get_contents().get_data() for p in plain.pages]
