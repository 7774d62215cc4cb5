"""Fixtures for the guidance tests: settings on a temporary data directory with the deterministic
fake embeddings, small team documents, and a counting wrapper around an embedding backend."""

from __future__ import annotations

from pathlib import Path

import pytest
from langchain_core.embeddings import Embeddings

from bot.settings import Settings
from guidance_corpus.embeddings import HashingEmbeddings

SEEDS_DIR = Path(__file__).resolve().parents[3] / "shared" / "seeds"


class CountingEmbeddings(Embeddings):
    """Delegates to another backend and records which texts were embedded."""

    def __init__(self, inner: Embeddings) -> None:
        self.inner = inner
        self.key = getattr(inner, "key", "counting")
        self.documents: list[str] = []
        self.queries: list[str] = []

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.documents.extend(texts)
        return self.inner.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        self.queries.append(text)
        return self.inner.embed_query(text)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(_env_file=None, coach_data_dir=tmp_path / "data", coach_embeddings="fake")


@pytest.fixture
def fake_embeddings() -> CountingEmbeddings:
    return CountingEmbeddings(HashingEmbeddings())


@pytest.fixture
def team_dir(tmp_path: Path) -> Path:
    d = tmp_path / "team"
    d.mkdir()
    (d / "lokal-plan.md").write_text(
        "# Lokal handlingsplan för Skogås\n\n## Mål\n\nFler barn 10–12 år ska delta i ledarledda "
        "fritidsaktiviteter. Målet följs upp varje termin av fritidsförvaltningen.\n\n"
        "## Nattvandring\n\nFöreningen Lyktan nattvandrar fredagar och lördagar i centrum.\n",
        encoding="utf-8")
    (d / "anteckningar.txt").write_text(
        "Möte med styrgruppen 12 mars\n\nStyrgruppen beslutade att pilotera läxhjälp på biblioteket.\n\n"
        "Nästa möte: uppföljning av läxhjälpen och närvaron.\n", encoding="utf-8")
    return d
