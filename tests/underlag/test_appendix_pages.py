"""Which appendices start a page (the same rule for DOCX and PDF): the list of appendices is never left
alone on a page, and a picture too tall to share one starts its own."""

from __future__ import annotations

import datetime as dt
import io

from PIL import Image

from bot.underlag import build_document
from bot.underlag.pictures import appendix_breaks


def png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(out, format="PNG")
    return out.getvalue()


def test_a_picture_that_fits_follows_the_list_and_a_tall_one_starts_a_page(flow, state):
    d = build_document(flow, state, 2, "sv", today=dt.date(2026, 11, 23))
    assert [p.key for p in d.appendices] == ["figure", "questions"]
    question = next(b for b in d.appendices[0].blocks if b.kind == "figure").question_id
    assert appendix_breaks(d, {question: png(1600, 1000)}) == [False, False]  # 10 cm high at 16 cm wide
    assert appendix_breaks(d, {question: png(1600, 2400)}) == [True, False]  # 24 cm: a page of its own
    assert appendix_breaks(d, {}) == [False, False]  # no picture drawn: nothing to give a page


def test_the_questions_appendix_never_starts_a_page(flow, state):
    d = build_document(flow, state, 7, "sv", today=dt.date(2026, 11, 23))
    assert [p.key for p in d.appendices] == ["questions"] and appendix_breaks(d, {}) == [False]
