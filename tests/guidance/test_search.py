"""Hybrid search with the fake embeddings and a real in-process Chroma: citations, languages,
the no-result threshold, and guidance for a flow question."""

from __future__ import annotations

import pytest

from bot.settings import Settings
from flows.schema import Question
from guidance_corpus.embeddings import HashingEmbeddings
from guidance_corpus.index import build_index
from guidance_corpus.retrieval import HybridRetriever, guidance_for_question, open_retriever
from guidance_corpus.text import analyze, detect_language, stem
from tests.guidance.conftest import CountingEmbeddings


@pytest.fixture(scope="module")
def retriever(tmp_path_factory: pytest.TempPathFactory) -> HybridRetriever:
    """One index of the shipped guide for the module's searches (they only read it): building it took
    5 s a test."""
    settings = Settings(_env_file=None, coach_data_dir=tmp_path_factory.mktemp("search") / "data",
                        coach_embeddings="fake")
    embeddings = CountingEmbeddings(HashingEmbeddings())
    build_index(settings, embeddings)
    return HybridRetriever(settings, embeddings, auto_build=False)


def test_hybrid_search_cites_title_and_locator(retriever):
    hits = retriever.search("exempel på riskmatris med sannolikhet och påverkan", k=3)
    assert callable(retriever.search)  # satisfies the Retriever protocol (checked by mypy-style typing)
    assert hits[0].doc_id == "003"
    assert "riskmatris" in hits[0].text.lower()
    assert hits[0].title == "Sociala investeringar – en guide"
    assert ", s. " in hits[0].locator and hits[0].citation.startswith("Sociala investeringar")
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert all(len(h.text) <= 1200 for h in hits)


def test_slides_are_found_by_their_content(retriever):
    hits = retriever.search("ABCDE-rapportering aktiviteter framsteg bekymmer", k=5)
    assert any(h.locator.startswith("Bild 66") or h.locator.startswith("Bild 41") for h in hits)


def test_english_question_uses_the_glossary(retriever):
    assert detect_language("how do we choose indicators for follow-up?") == "en"
    assert detect_language("hur väljer vi indikatorer för uppföljning?") == "sv"
    assert {"följ", "utfall"} <= set(analyze("follow-up of outcomes", english=True))
    hits = retriever.search("risk matrix probability impact", k=5)
    assert any("riskmatris" in h.text.lower() for h in hits)


def test_nothing_relevant_gives_empty_list(retriever):
    assert retriever.search("recept på kanelbullar") == []
    assert retriever.search("fotbollsresultat allsvenskan") == []
    assert retriever.search("   ") == []


def test_guidance_for_question_uses_hint_and_text(retriever):
    q = Question(id="s3.indikator", text={"sv": "Hur stor ska förflyttningen vara och under vilken tid?"},
                 type="text", retrieval_hint="formulera indikatorer för uppföljning",
                 source={"doc": "001", "locator": "Bild 25"})
    hits = guidance_for_question(retriever, q, k=3)
    assert 0 < len(hits) <= 3
    assert any(h.locator.startswith("Bild 25") for h in hits)


def test_open_retriever_is_shared_and_lazy(settings):
    r1 = open_retriever(settings)
    r2 = open_retriever(settings)
    assert r1 is r2
    assert not r1._loaded  # nothing loaded until the first search


def test_english_glossary_meets_inflections_and_phrases():
    terms = set(analyze("measuring indicators for the target groups and root causes", english=True))
    assert {stem(w) for w in ("mäta", "indikator", "målgrupp", "rotorsak")} <= terms
    assert stem("före") in set(analyze("before and after", english=True))  # a function word with a domain sense


def test_compound_parts_are_not_stop_words():
    from guidance_corpus.text import CompoundSplitter

    splitter = CompoundSplitter({"genom", "föra", "genomföra", "insatser"})
    assert "för" not in analyze("genomföra", splitter=splitter)


def test_bigrams_join_adjacent_content_words():
    from guidance_corpus.text import bigrams

    assert bigrams("Det första steget i behovsanalysen") == [f"{stem('första')}_{stem('steget')}",
                                                             f"{stem('steget')}_{stem('behovsanalysen')}"]
    assert bigrams("och i det") == []  # stop words only


def test_a_phrase_ranks_above_the_same_words_apart(settings, fake_embeddings, tmp_path):
    team = tmp_path / "team"
    team.mkdir()
    # the same words in both documents (so the same single-word BM25); only one holds "första steget"
    (team / "apart.md").write_text("# Planering\n\nFörsta gruppen samlar data. Steget efter är dialog.\n",
                                   encoding="utf-8")
    (team / "together.md").write_text("# Planering\n\nFörsta steget efter är dialog. Gruppen samlar data.\n",
                                      encoding="utf-8")
    build_index(settings, fake_embeddings, [team], include_shipped=False)
    r = HybridRetriever(settings, fake_embeddings, auto_build=False)
    ranked, _ = r.rank("vilket är första steget?", n=2)
    assert [x.chunk.doc_id for x in ranked][0] == "together"
    assert ranked[0].bm25 > ranked[1].bm25


def test_english_questions_also_read_the_whole_passage(retriever, monkeypatch):
    import guidance_corpus.retrieval as retrieval

    question = "how do we choose indicators for follow-up?"
    monkeypatch.setitem(retrieval.WINDOW_SHARE, "en", 1.0)
    windows_only = [(x.chunk.id, round(x.fused, 6)) for x in retriever.rank(question, n=10)[0]]
    monkeypatch.setitem(retrieval.WINDOW_SHARE, "en", 0.7)
    mixed = [(x.chunk.id, round(x.fused, 6)) for x in retriever.rank(question, n=10)[0]]
    assert mixed != windows_only  # the passage similarity takes part for English questions
    swedish = "hur väljer vi indikatorer för uppföljning?"
    before = [x.chunk.id for x in retriever.rank(swedish, n=10)[0]]
    monkeypatch.setitem(retrieval.WINDOW_SHARE, "en", 1.0)
    assert [x.chunk.id for x in retriever.rank(swedish, n=10)[0]] == before  # Swedish: windows only
