"""Build what the commands need from Settings: one database engine, the flows, a lazily opened retriever, and
the services on them (CoachService with its guidance and membership parts, DataService, PrivacyService)."""

from __future__ import annotations

from sqlalchemy import Engine

from bot.data_service import DataService
from bot.privacy_service import PrivacyService
from bot.service import CoachService
from bot.settings import Settings
from flows.loader import load_all
from guidance_corpus.base import Retriever
from storage.db import alembic_config, make_engine, migrate


def open_database(settings: Settings) -> Engine:
    """The one engine of this process, with every migration applied."""
    engine = make_engine(settings.resolved_database_url)
    migrate(engine)
    return engine


def connect_database(settings: Settings, *, migrate_first: bool = True) -> Engine:
    """The one engine of this process; without `migrate_first` as it is (a replica started after
    `coach migrate` ran once)."""
    return open_database(settings) if migrate_first else make_engine(settings.resolved_database_url)


def migrate_database(settings: Settings) -> str:
    """Apply every migration (`coach migrate`) and let go of the database; the head revision(s) it is at."""
    from alembic.script import ScriptDirectory

    engine = make_engine(settings.resolved_database_url)
    try:
        migrate(engine)
    finally:
        engine.dispose()
    return ", ".join(sorted(ScriptDirectory.from_config(alembic_config()).get_heads()))


def build_service(settings: Settings, *, engine: Engine | None = None, with_guidance: bool = True) -> CoachService:
    """CoachService on the one database, with its parts: `service.guidance` (GuidanceService, its retriever
    opened on first use; none with `with_guidance=False`) and `service.membership` (MembershipService)."""
    engine = engine if engine is not None else open_database(settings)

    def open_guidance() -> Retriever:
        from guidance_corpus.retrieval import open_retriever

        return open_retriever(settings)

    return CoachService(db=engine, flows=load_all(), retriever=open_guidance if with_guidance else None)


def data_service(settings: Settings) -> DataService:
    return DataService(open_database(settings))


def privacy_service(settings: Settings) -> PrivacyService:
    return PrivacyService(open_database(settings))
