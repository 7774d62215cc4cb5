"""A long table in the PDF breaks between rows, never inside one, and repeats its header on every page:
a nämnd reading a printed page must not find half an intervention at its foot and the rest overleaf.

Thirty interventions, each with a name long enough to fill several lines, make the mapping of
interventions (gate 2) run over several pages; pypdf reads each page's text back."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

from bot.underlag import build_document, to_pdf
from tests.fixtures import skogas, state_from
from tests.underlag.conftest import TODAY

ROWS = 30
HEADER = "Insats Förvaltning/aktör Preventionsnivå"


def _long_mapping(flow) -> PdfReader:
    data = skogas()
    data["answers"]["s2.insatskartlaggning"]["interventions"] = [
        {"name": f"RAD{i:02d}A " + "en lång beskrivning av insatsen " * 6 + f"RAD{i:02d}Z", "organisation": "KUF",
         "prevention_level": "universell", "age_bands": ["6-12"], "reach": f"nås{i:02d}"}
        for i in range(ROWS)]
    document = build_document(flow, state_from(flow, data), 2, process_name="Skogås", today=TODAY, author="Anna")
    return PdfReader(io.BytesIO(to_pdf(document)))


def test_rows_of_a_long_table_are_never_split_across_pages(flow) -> None:
    reader = _long_mapping(flow)
    table_pages = [page.extract_text() for page in reader.pages if HEADER in " ".join(page.extract_text().split())]
    assert len(table_pages) >= 3, "the table should run over several pages, or this test proves nothing"
    seen: list[str] = []
    for text in table_pages:
        starts = re.findall(r"RAD(\d\d)A", text)
        assert starts, "a page that repeats the header also shows rows"
        assert re.findall(r"RAD(\d\d)Z", text) == starts  # each row's first cell ends on the same page
        assert re.findall(r"nås(\d\d)", text) == starts  # and so does its last cell
        seen += starts
    assert seen == [f"{i:02d}" for i in range(ROWS)]  # every row once, in order
