"""Document expansion with the shipped flow's questions: each question is attached to the passage its
source locator points to and appended to that passage's retrieval windows (not to what is shown)."""

from __future__ import annotations

from guidance_corpus import flow_questions
from guidance_corpus.chunking import Chunk, chunk_document
from guidance_corpus.documents import discover, load_document, shipped_corpus_dir


def _shipped():
    out = {}
    for path in discover(shipped_corpus_dir()):
        doc = load_document(path)
        out[doc.doc_id] = chunk_document(doc)
    return out


def test_flow_questions_reach_their_source_slides_and_sections():
    chunks = _shipped()
    counts = {}
    for doc_id, doc_chunks in chunks.items():
        exp = flow_questions.expand(doc_id, doc_chunks)
        for k, v in exp.counts.items():
            counts[k] = counts.get(k, 0) + v
    mapped = sum(v for k, v in counts.items() if k.startswith("mapped"))
    skipped = sum(v for k, v in counts.items() if k.startswith("skipped"))
    assert mapped + skipped == len(flow_questions.flow_questions())
    assert mapped >= 150 and skipped <= 10  # Bild 46 has no text; whole-document locators are skipped
    bild8 = next(c for c in chunks["001"] if c.locator.startswith("Bild 8:"))
    assert "Vilket är det långsiktiga målet?" in bild8.questions
    assert all("Vilket är det långsiktiga målet?" in w for w in bild8.windows())
    assert bild8.questions not in bild8.text and bild8.questions not in bild8.index_text()  # windows only
    # an SKL section locator ("Avsnitt 3, Säkerställ följande") lands in section 3 only
    sec = [c for c in chunks["003"] if c.questions and c.locator.startswith("3. ")]
    assert sec and all("Säkerställ följande" in c.text for c in sec)


def test_unmappable_locators_are_skipped():
    chunks = _shipped()["001"]
    assert flow_questions.targets(chunks, "Bild 999")[0] == []
    assert flow_questions.targets(chunks, chunks[0].title)[1] == "whole document"


def test_team_documents_and_old_passages_are_not_expanded():
    old = Chunk(id="x:0000", doc_id="x", title="T", locator="s. 1", text="Rubrik\n\nEn mening.", context="")
    assert old.questions == "" and old.windows() == ["Rubrik\nEn mening."]
    assert flow_questions.expand("min-rapport", [old]).by_chunk == {}
    assert flow_questions.fingerprint("min-rapport") == "" and flow_questions.fingerprint("001")
