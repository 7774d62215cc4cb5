"""The retrieval interface the rest of the system sees. Implementations live beside it."""

from __future__ import annotations

from typing import Protocol

from pydantic import BaseModel


class GuidanceUnavailable(RuntimeError):
    """The guidance index cannot be reached (a Chroma server that does not answer). `message` is for
    the user, in Swedish; the cause is chained."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Passage(BaseModel):
    """One cited passage of a guidance document."""

    text: str
    doc_id: str
    title: str
    locator: str
    score: float
    passage_id: str | None = None

    @property
    def citation(self) -> str:
        return f"{self.title}, {self.locator}"


class Retriever(Protocol):
    def search(self, query: str, k: int = 5) -> list[Passage]:
        """Best first. Empty when nothing is relevant enough (below the calibrated threshold)."""
        ...


class InMemoryRetriever:
    """A retriever over fixed passages, matching by shared words. For engine and service tests."""

    def __init__(self, passages: list[Passage]) -> None:
        self._passages = passages

    def search(self, query: str, k: int = 5) -> list[Passage]:
        words = {w for w in query.lower().split() if len(w) > 2}
        scored = []
        for p in self._passages:
            hits = sum(1 for w in words if w in p.text.lower())
            if hits:
                scored.append(p.model_copy(update={"score": float(hits)}))
        scored.sort(key=lambda p: -p.score)
        return scored[:k]
