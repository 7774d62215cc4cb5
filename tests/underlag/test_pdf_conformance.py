"""Every gate's PDF passes a PDF/A-2a and a PDF/UA-1 validator (`page`, which implements veraPDF's rules;
veraPDF itself is on no package registry), in Swedish and English. Before this check the WeasyPrint PDFs
named both standards but had two faults: the diagram asked viewers to interpolate it, which PDF/A forbids,
and the XMP used pdfuaid:part without declaring its schema. With Typst, gate 7 failed once on a stream whose
data ends in CR (bot/underlag/pdf_streams.py)."""

from __future__ import annotations

import pytest

from bot.underlag import build_document, to_pdf
from tests.underlag.conftest import TODAY

page = pytest.importorskip("page")


@pytest.mark.parametrize(("step", "lang"), [(1, "sv"), (2, "sv"), (5, "sv"), (6, "sv"), (7, "sv"), (2, "en")])
def test_pdf_a_2a_and_pdf_ua_1(flow, state, step, lang):
    d = build_document(flow, state, step, lang, process_name="Meningsfull fritid i Skogås", today=TODAY,
                       author="Anna Koordinator")
    pdf = to_pdf(d)
    for profile in ("2a", "ua1"):
        report = page.validate_pdf_bytes(pdf, profile=profile)
        assert report.is_compliant, (profile, [(f.rule_id, f.message) for f in report.failures])
