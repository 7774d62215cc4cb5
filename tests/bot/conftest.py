from __future__ import annotations

import pytest

from bot.service import Actor, CoachService
from flows.loader import load_flow_text
from guidance_corpus.base import InMemoryRetriever, Passage
from tests.flows.conftest import TWO_STEPS
from tests.migrated import migrated_engine

ANNA = Actor("anna", "Anna Koordinator", "terminal")
BO = Actor("bo", "Bo Medlem", "terminal")
EVA = Actor("eva", "Eva Utanför", "terminal")

PASSAGES = [
    Passage(text="Vilket är det långsiktiga målet? Vilka är de politiskt beslutade målen som ska uppnås?",
            doc_id="001", title="Vägledning Datadriven områdesutveckling", locator="Bild 8", score=0.0),
    Passage(text="Formulera indikatorer för uppföljning. Vem, vilka eller vad ska förflyttas?",
            doc_id="001", title="Vägledning Datadriven områdesutveckling", locator="Bild 25", score=0.0),
]


def make_service(url: str) -> CoachService:
    engine = migrated_engine(url)
    flow = load_flow_text(TWO_STEPS, "inline")
    return CoachService(db=engine, flows={flow.id: flow}, retriever=lambda: InMemoryRetriever(PASSAGES))


@pytest.fixture
def service(db_url: str) -> CoachService:
    return make_service(db_url)
