"""Hybrid retrieval: BM25 over Swedish stems (bm25s + PyStemmer, with compound parts) and dense
multilingual embeddings in ChromaDB (langchain-chroma), fused by z-scores. The dense side is
small-to-big: every passage is also embedded as overlapping ~400-character windows (heading in front)
and scored by its best window, while the whole passage (<= 1,200 characters) is what is returned and
cited. An English question leans on the dense model, which reads it across languages; BM25 sees its
words translated by a domain glossary.

``open_retriever(settings)`` gives the process-wide retriever (models loaded once, lazily);
``guidance_for_question(retriever, question)`` the passages for a flow question."""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass

import numpy as np

from guidance_corpus.base import Passage, Retriever
from guidance_corpus.chunking import Chunk
from guidance_corpus.gate import RARE_DF, Background, answerable, is_calibrated
from guidance_corpus.text import (
    BIGRAM_JOIN,
    SV_STOP,
    CompoundSplitter,
    analyze,
    bigrams,
    detect_language,
    stem,
    words,
)

# Fusion: z-scored dense similarity (after a hubness correction) and z-scored BM25, weighted per
# query language (weight of BM25). English questions meet a Swedish corpus: BM25 sees only the
# glossary's translations, so the dense model carries them.
BM25_WEIGHT = {"sv": 0.3, "en": 0.3}
# Dense score of a passage: its best window, mixed for English questions with the whole passage's
# similarity. Across languages e5 matches a whole passage more reliably than a 400-character window
# (English R@5 on own/fresh 0.67/0.88 -> 0.78/1.00, Swedish unchanged; docs/BENCHMARKS.md).
log = logging.getLogger("guidance_corpus.retrieval")
WINDOW_SHARE = {"sv": 1.0, "en": 0.7}
HUBNESS = 0.3          # subtract this × a passage's mean similarity to its 10 nearest passages
HUB_NEIGHBOURS = 10
DENSE_CANDIDATES = 400



def _normalise(mat: np.ndarray) -> np.ndarray:
    return mat / (np.linalg.norm(mat, axis=1, keepdims=True) + 1e-9)


def _hubness(mat: np.ndarray) -> np.ndarray:
    """Mean similarity of each (normalised) vector to its nearest neighbours. Short generic passages
    (a slide of headings) sit close to everything and would otherwise top many unrelated queries."""
    n = len(mat)
    if n < 3 or n > 30000 or not HUBNESS:
        return np.zeros(n)
    k = min(HUB_NEIGHBOURS, n - 1)
    hub = np.empty(n, dtype=np.float32)
    for i in range(0, n, 512):
        sims = mat[i:i + 512] @ mat.T
        for r in range(sims.shape[0]):
            sims[r, i + r] = -1.0
        hub[i:i + 512] = np.sort(sims, axis=1)[:, -k:].mean(axis=1)
    return hub


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

    @property
    def calibrated(self) -> bool:
        """The no-result gate is calibrated for the bundled e5 model (guidance_corpus.gate)."""
        return is_calibrated(self.embeddings)

    def index_missing(self) -> bool:
        """No index on disk yet: the first search will build it (about a minute for the shipped guide)."""
        from guidance_corpus.index import index_files

        return not self._loaded and not index_files(self.settings, self.embeddings).exists()

    def prepare(self, progress=None) -> None:
        """For a long-running process: build the index, or check it for changed documents (only those
        are embedded again), with `progress` (guidance_corpus.index.Progress); then load it and warm the
        query model, so the first search answers at once. A search meanwhile waits for the build."""
        from guidance_corpus.index import build_index, reachable

        with self._lock:
            if not self._loaded:
                with reachable(self.settings):
                    report = build_index(self.settings, self.embeddings, progress=progress)
                log.info("Vägledningens index klart: %d passager inbäddade nu, %d dokument oförändrade.",
                         report.embedded, len(report.unchanged))
        self.load()
        self.search("förankring i styrgruppen", k=1)  # loads the model's query path and the gate

    def load(self) -> HybridRetriever:
        with self._lock:
            if self._loaded:
                return self
            from guidance_corpus.index import index_files, reachable

            files = index_files(self.settings, self.embeddings)
            self.background = Background(self.embeddings, files.root)
            with reachable(self.settings):
                self._load(files)
            self._loaded = True
            return self

    def _load(self, files) -> None:
        import bm25s

        from guidance_corpus.index import build_index, vector_store
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
        self._term_sets = [set(toks) for toks in corpus_tokens]
        self._df: dict[str, int] = {}
        for toks in corpus_tokens:
            for t in set(toks):
                self._df[t] = self._df.get(t, 0) + 1
        self.store = vector_store(self.settings, self.embeddings)
        self._load_vectors()

    def _load_vectors(self) -> None:
        """Passage and window vectors from the Chroma collections, held in memory for scoring: each
        passage is scored by its best window (small-to-big). A passage whose windows are missing (an
        index from before windows) stands in as its own single window."""
        from guidance_corpus.index import window_collection_name

        n = len(self.chunks)
        self.hub = np.zeros(n)
        self._wmat = np.zeros((0, 0), dtype=np.float32)
        self._wchunk = np.zeros(0, dtype=np.int64)
        self._whub = np.zeros(0)
        if not n:
            return
        got = self.store._collection.get(include=["embeddings"])
        pvecs = {i: e for i, e in zip(got["ids"], got["embeddings"], strict=True)}
        wcol = self.store._client.get_or_create_collection(window_collection_name(self.embeddings),
                                                           metadata={"hnsw:space": "cosine"})
        got = wcol.get(include=["embeddings", "metadatas"])
        rows: list[tuple[int, object]] = []
        for e, meta in zip(got["embeddings"], got["metadatas"], strict=True):
            i = self._by_id.get((meta or {}).get("chunk_id"))
            if i is not None:
                rows.append((i, e))
        have = {i for i, _ in rows}
        rows += [(i, pvecs[c.id]) for i, c in enumerate(self.chunks) if i not in have and c.id in pvecs]
        rows.sort(key=lambda r: r[0])
        if rows:
            self._wchunk = np.asarray([i for i, _ in rows], dtype=np.int64)
            self._wmat = _normalise(np.asarray([e for _, e in rows], dtype=np.float32))
            self._whub = _hubness(self._wmat)
        if all(c.id in pvecs for c in self.chunks):
            self.hub = _hubness(_normalise(np.asarray([pvecs[c.id] for c in self.chunks], dtype=np.float32)))

    def _doc_terms(self, c: Chunk) -> list[str]:
        # headings count twice: a passage under "Matchning" is about matching
        # adjacent words also as one term (bigrams), so a phrase of the question counts as a phrase
        head = f"{c.title} {c.context} {c.text.split(chr(10), 1)[0]}"
        return (analyze(c.text, splitter=self.splitter) + bigrams(c.text)
                + analyze(head, splitter=self.splitter) + bigrams(head))

    # ------------------------------------------------------------------ ranking
    def _dense(self, query: str, n: int) -> tuple[dict[str, float], np.ndarray, list[float]]:
        """Cosine similarity of the query to the nearest ``n`` passages in the Chroma collection of the
        langchain-chroma store. Only ids and distances are fetched: the passages themselves are in
        memory, and materialising hundreds of LangChain Documents per query cost 5 ms of a 15 ms budget
        (``store.similarity_search_by_vector_with_relevance_scores`` gives the same ranking)."""
        from guidance_corpus.index import reachable

        vec = self.embeddings.embed_query(query)
        with reachable(self.settings):
            res = self.store._collection.query(query_embeddings=[vec], n_results=n, include=["distances"])
        passages = {cid: 1.0 - float(dist) for cid, dist in zip(res["ids"][0], res["distances"][0], strict=True)}
        # small-to-big: each passage's best window (hubness-corrected), from the in-memory window vectors
        best = np.full(len(self.chunks), -2.0)
        if len(self._wchunk):
            wsim = self._wmat @ np.asarray(vec, dtype=np.float32) - HUBNESS * self._whub
            np.maximum.at(best, self._wchunk, wsim)
        return passages, best, vec

    def rank(self, query: str, n: int = 10, lang: str | None = None,
             extra_queries: tuple[str, ...] = ()) -> tuple[list[Ranked], dict]:
        """Fused ranking (best first) and the evidence used by the no-result gate."""
        self.load()
        if not self.chunks or not query.strip():
            return [], {"dense_top": 0.0, "terms_top": 0, "lang": lang or "sv", "query_words": 0}
        lang = lang or detect_language(query)
        w_bm25 = BM25_WEIGHT.get(lang, BM25_WEIGHT["sv"])
        queries = (query, *extra_queries)
        m = min(len(self.chunks), DENSE_CANDIDATES)
        dense: dict[str, float] = {}
        windows = np.full(len(self.chunks), -2.0)
        main_vec = None
        for q in queries:
            passages, best, vec = self._dense(q, m)
            main_vec = vec if main_vec is None else main_vec
            for cid, sim in passages.items():
                dense[cid] = max(dense.get(cid, -1.0), sim)
            windows = np.maximum(windows, best)
        q_terms: list[str] = []
        for q in queries:
            english = detect_language(q) == "en"
            q_terms += analyze(q, splitter=self.splitter, english=english)
            if not english:  # glossary translations of an English question have no word order
                q_terms += bigrams(q)
        q_terms = [t for t in dict.fromkeys(q_terms) if t in self._vocab_terms]
        single = {t for t in q_terms if BIGRAM_JOIN not in t}  # evidence counts words, a bigram is two
        bm = self.bm25.get_scores(q_terms) if q_terms else np.zeros(len(self.chunks))
        floor = min(dense.values()) - 0.01 if dense else 0.0
        dv = np.array([dense.get(c.id, floor) for c in self.chunks], dtype=np.float64)
        adj = dv - HUBNESS * self.hub
        if len(self._wchunk):  # every passage has at least one window (or stands in as its own)
            share = WINDOW_SHARE.get(lang, WINDOW_SHARE["sv"])
            adj = share * windows + (1 - share) * adj
        dz = (adj - adj.mean()) / (adj.std() + 1e-9)
        bz = (bm - bm.mean()) / (bm.std() + 1e-9) if bm.any() else np.zeros_like(bm)
        fused = (1 - w_bm25) * dz + w_bm25 * bz
        order = np.argsort(-fused, kind="stable")
        d_rank = {i: r for r, i in enumerate(np.argsort(-dv, kind="stable"), 1)}
        b_rank = {i: r for r, i in enumerate(np.argsort(-bm, kind="stable"), 1) if bm[i] > 0}
        ranked = [Ranked(self.chunks[i], float(fused[i]), float(dv[i]) if self.chunks[i].id in dense else None,
                         float(bm[i]), d_rank.get(i), b_rank.get(i)) for i in order[:max(n, 20)]]
        # evidence: best dense similarity, and the most query terms one top passage contains
        terms_top = 0
        if single:
            for i in order[:20]:
                terms_top = max(terms_top, len(single & self._term_sets[i]))
        coverage = self._coverage(query, order[:10]) if lang == "sv" else 0.0
        acronyms = {w.lower() for w in re.findall(r"\b[A-ZÅÄÖ]{3,}\b", " ".join(queries))}
        rare = sum(1 for a in acronyms if 0 < self._df.get(stem(a), 0) <= RARE_DF)
        evidence = {"dense_top": max(dense.values()) if dense else 0.0, "terms_top": terms_top,
                    "rare_terms": rare, "lang": lang,
                    "query_terms": len(single), "coverage": coverage,
                    "query_words": len(words(query)),
                    "background": self.background.similarity(main_vec) if self.calibrated else 0.0}
        return ranked[:n], evidence

    def _coverage(self, query: str, top) -> float:
        """The largest share of the (Swedish) query's content words that one of the `top` passages holds;
        a compound counts when the passage holds it or one of its parts."""
        forms: dict[str, set[str]] = {}
        for w in words(query):
            if w not in SV_STOP and len(w) >= 2:
                forms.setdefault(stem(w), {stem(w)}).update(stem(p) for p in self.splitter.split(w))
        if not forms:
            return 0.0
        return max((sum(1 for f in forms.values() if f & self._term_sets[i]) / len(forms) for i in top), default=0.0)

    def relevant(self, evidence: dict) -> bool:
        return answerable(evidence, self.calibrated)

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
