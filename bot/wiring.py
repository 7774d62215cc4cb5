"""Build the service from Settings: one database engine, the flows, a lazily opened retriever."""

from __future__ import annotations

from bot.service import CoachService
from bot.settings import Settings
from flows.loader import load_all
from guidance_corpus.base import Retriever
from storage.db import make_engine, migrate


def build_service(settings: Settings, *, with_guidance: bool = True) -> CoachService:
    engine = make_engine(settings.resolved_database_url)
    migrate(engine)

    def open_guidance() -> Retriever:
        from guidance_corpus.retrieval import open_retriever

        return open_retriever(settings)

    return CoachService(db=engine, flows=load_all(), retriever=open_guidance if with_guidance else None)
