"""Passages follow the documents' structure, stay within 1,200 characters and carry locators."""

from __future__ import annotations

from pathlib import Path

from guidance_corpus.chunking import MAX_CHARS, chunk_document
from guidance_corpus.documents import discover, load_document, shipped_corpus_dir


def _shipped_chunks():
    out = {}
    for path in discover(shipped_corpus_dir()):
        doc = load_document(path)
        out[doc.doc_id] = chunk_document(doc)
    return out


def test_all_passages_capped_and_cited():
    chunks = _shipped_chunks()
    assert set(chunks) == {"000", "001", "002", "003", "004"}
    for doc_chunks in chunks.values():
        ids = [c.id for c in doc_chunks]
        assert len(ids) == len(set(ids))
        for c in doc_chunks:
            assert 0 < len(c.text) <= MAX_CHARS
            assert c.locator and c.title
            assert "<!--" not in c.text


def test_slide_locators_and_one_slide_per_passage():
    chunks = _shipped_chunks()["001"]
    bild29 = [c for c in chunks if c.locator.startswith("Bild 29:")]
    assert bild29 and "effektutvärdering eller systematisk forskningsöversikt" in bild29[0].text
    assert bild29[0].text.startswith("Bild 29: Stöd för att värdera insatsers kvalitet och evidens")
    for c in chunks:
        assert c.locator.startswith("Bild ")
        assert c.text.count("\nBild ") == 0  # never two slides in one passage


def test_report_locators_have_section_and_page():
    chunks = _shipped_chunks()["003"]
    matching = next(c for c in chunks if "Matchning är vanligtvis något mindre resurskrävande" in c.text)
    assert matching.locator.startswith("Bilaga A – Jämförelsealternativ › Matchning, s. ")
    assert all(", s. " in c.locator for c in chunks)


def test_long_sections_split_evenly_at_sentences(tmp_path: Path):
    sentence = "Det här är en mening om uppföljning av insatser i området. "
    (tmp_path / "lang.md").write_text("# Lång\n\n## Avsnitt\n\n" + sentence * 60 + "\n", encoding="utf-8")
    chunks = chunk_document(load_document(tmp_path / "lang.md"))
    assert len(chunks) == 3
    assert all(len(c.text) <= MAX_CHARS for c in chunks)
    assert all(c.text.startswith("Avsnitt\n\n") for c in chunks)
    assert all(c.text.rstrip().endswith(".") for c in chunks)
    assert min(len(c.text) for c in chunks) > 600  # no short tail


def test_text_file_locators_are_line_numbers(team_dir: Path):
    chunks = chunk_document(load_document(team_dir / "anteckningar.txt"))
    assert chunks[0].locator == "rad 1"
    assert chunks[0].title == "Möte med styrgruppen 12 mars"


def test_windows_cover_the_passage_with_its_heading():
    from guidance_corpus.chunking import WINDOW_CHARS

    for doc_chunks in _shipped_chunks().values():
        for c in doc_chunks:
            wins = c.windows()
            assert wins and all(w.strip() for w in wins)
            heading = c.text.split("\n", 1)[0]
            body_words = set(c.text.split("\n", 1)[-1].split()) if "\n" in c.text else set(c.text.split())
            assert body_words <= {t for w in wins for t in w.split()}  # nothing of the passage is lost
            if "\n" in c.text:
                assert all(heading in w for w in wins)
            prefix = len(wins[0]) - len(wins[0].split("\n", 2)[-1])
            long_units = sum(len(w) - prefix > WINDOW_CHARS for w in wins)
            assert long_units <= max(1, len(wins) // 2)  # only single long sentences exceed the size


def test_a_long_table_is_split_between_rows_with_its_header(tmp_path: Path):
    rows = "\n".join(f"| Indikator {i} | värde {i} | Fritidsvaneenkäten |" for i in range(1, 81))
    (tmp_path / "tabell.md").write_text("# Mått\n\n## Indikatorer\n\n| Namn | Värde | Källa |\n|---|---|---|\n"
                                        + rows + "\n", encoding="utf-8")
    chunks = chunk_document(load_document(tmp_path / "tabell.md"))
    assert len(chunks) >= 3 and all(len(c.text) <= MAX_CHARS for c in chunks)
    for c in chunks:
        body = c.text.split("\n\n", 1)[1].split("\n")
        assert body[:2] == ["| Namn | Värde | Källa |", "|---|---|---|"]  # every part reads as a table
        assert all(line.startswith("| Indikator ") and line.endswith("|") for line in body[2:])
    cells = [line for c in chunks for line in c.text.split("\n") if line.startswith("| Indikator ")]
    assert len(cells) == 80  # no row lost or cut
