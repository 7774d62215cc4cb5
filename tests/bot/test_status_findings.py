"""Status carries the consistency findings across steps, and the terminal shows each with where to fix it."""

from __future__ import annotations

import pytest

from bot.render_text import format_status
from bot.service import CoachService
from flows.loader import get_flow
from flows.state import Answer
from storage.db import make_engine, migrate
from tests.bot.conftest import ANNA

OUTCOME = {"horizon": "kort_sikt", "prevention_level": "universell", "addresses_priority_need": True,
           "likely_contributes": True, "within_our_power": True, "measurable": True}


@pytest.fixture
def service(db_url: str) -> CoachService:
    engine = make_engine(db_url)
    migrate(engine)
    flow = get_flow()
    return CoachService(db=engine, flows={flow.id: flow})


def test_status_lists_findings_with_step_and_question(service):
    ref = service.start_process(name="Skogås", actor=ANNA, flow_id=get_flow().id)
    assert service.status(process=ref, actor=ANNA).findings == ()
    outcomes = {"outcomes": [OUTCOME | {"text": "Fler barn 10-12 år deltar i fritidsaktivitet"},
                             OUTCOME | {"text": "Ökad samverkan"}]}
    indicators = {"indicators": [{"name": "Andel som deltar", "who_what": "Elever åk 4–6", "baseline": "38 %",
                                  "change": "+12", "by_when": "vt 2027", "data_source": "Elevenkäten",
                                  "target": "50 %", "outcome": "Fler barn 10–12 år deltar i fritidsaktivitet"}]}
    for qid, raw in (("s3.utfall", outcomes), ("s3.indikatorer", indicators)):
        assert not service.act(process=ref, actor=ANNA, event=Answer(raw, question_id=qid)).problems
    status = service.status(process=ref, actor=ANNA)
    assert [(f.code, f.item, f.step) for f in status.findings] == [
        ("outcome_without_indicator", "Ökad samverkan", 3), ("indicator_incomplete", "Andel som deltar", 3)]
    text = format_status(status)
    assert "Samstämmighet mellan stegen – 2 att åtgärda:" in text
    assert "Utfallet «Ökad samverkan» har ingen indikator." in text
    assert "(steg 3, «ändra s3.indikatorer»)" in text
    assert "saknar ansvarig" in text
    english = format_status(status, "en")
    assert "Consistency across the steps – 2 to fix:" in english and "has no owner" in english
