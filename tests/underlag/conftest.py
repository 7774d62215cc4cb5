"""Shared fixtures: the flow, the Skogås example as a state, and a database seeded with it via the service."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.service import Actor
from bot.settings import Settings
from bot.wiring import build_service
from flows.loader import get_flow
from flows.state import Answer, Decide
from tests.fixtures import skogas, skogas_state

TODAY = dt.date(2026, 11, 23)
ANNA = Actor("anna", "Anna Koordinator", "cli")


@pytest.fixture(scope="session")
def flow():
    return get_flow()


@pytest.fixture(scope="session")
def state(flow):
    return skogas_state(flow)


def seed(data_dir: Path) -> str:
    """Store the Skogås example through the service (every answer, then every decision); returns its name."""
    example = skogas()
    service = build_service(Settings(coach_data_dir=data_dir), with_guidance=False)
    ref = service.start_process(name=example["name"], actor=ANNA, flow_id=example["flow"])
    for question_id, raw in example["answers"].items():
        result = service.act(process=ref, actor=ANNA, event=Answer(raw, question_id=question_id))
        assert not result.problems, (question_id, result.problems)
    for step, raw in sorted(example["decisions"].items(), key=lambda kv: int(kv[0])):
        assert not service.act(process=ref, actor=ANNA, event=Decide(int(step), raw)).problems
    service.membership.set_role(process=ref, actor=ANNA, user_id="bo", role="medlem", display_name="Bo Medlem")
    return ref.name


@pytest.fixture(scope="session")
def seeded(tmp_path_factory) -> tuple[Path, str]:
    data_dir = tmp_path_factory.mktemp("coach-data")
    return data_dir, seed(data_dir)
