"""An ABCDE world: the real 7-step flow, a process with a coordinator, two project leaders and a member,
a movable clock, all on the db_url fixture (SQLite, and PostgreSQL when configured)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine

from bot.abcde.service import AbcdeService
from bot.service import Actor, CoachService, ProcessRef
from flows.answers import IndicatorsAnswer
from flows.loader import get_flow
from storage.db import session_scope
from storage.repository import append_answer
from tests.migrated import migrated_engine

KARIN = Actor("UKARIN", "Karin Koordinator", "slack_modal")
PER = Actor("UPER", "Per Projektledare", "slack_modal")
LISA = Actor("ULISA", "Lisa Projektledare", "slack_modal")
MOA = Actor("UMOA", "Moa Medlem", "slack_modal")
INDICATORS = ["Andel unga i föreningsaktivitet", "Upplevd trygghet (%)"]


@dataclass
class Clock:
    now: datetime = field(default_factory=lambda: datetime(2026, 3, 2, 7, 0, tzinfo=UTC))  # Mon 08:00 CET

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@dataclass
class World:
    engine: Engine
    coach: CoachService
    abcde: AbcdeService
    process: ProcessRef
    clock: Clock


def build_world(engine: Engine, clock: Clock | None = None, channel: str = "CPROC") -> World:
    flow = get_flow()
    coach = CoachService(db=engine, flows={flow.id: flow})
    clock = clock or Clock()
    process = coach.start_process(name="Meningsfull fritid i Skogås", actor=KARIN, flow_id=flow.id,
                                  channel_id=channel)
    for actor, role in ((PER, "projektledare"), (LISA, "projektledare"), (MOA, "medlem")):
        coach.membership.set_role(process=process, actor=KARIN, user_id=actor.user_id, role=role,
                       display_name=actor.display_name)
    value = IndicatorsAnswer.model_validate({"indicators": [{"name": n} for n in INDICATORS]})
    with session_scope(engine) as session:
        append_answer(session, process_id=process.id, question_id="s3.indikatorer",
                      value=value.model_dump(mode="json"), author=KARIN.user_id, via="cli")
    return World(engine, coach, AbcdeService(coach, engine, clock=clock), process, clock)


@pytest.fixture
def world(db_url: str) -> World:
    engine = migrated_engine(db_url)
    yield build_world(engine)
    engine.dispose()
