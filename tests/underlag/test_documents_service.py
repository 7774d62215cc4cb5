"""The beslutsunderlag read through the service (bot/documents.py, what the CLI, the render script and
Slack use): real names from the process's members, and gate 7's follow-up table from ABCDE reports filed
through the ABCDE service into the same database."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.abcde.service import AbcdeService
from bot.documents import document_for
from bot.errors import CoachError
from bot.service import Actor
from bot.settings import Settings
from bot.wiring import build_service
from flows.answers import AbcdeReport, IndicatorValue
from tests.underlag.conftest import ANNA

INDICATOR = "Andel barn 10–12 år i Skogås som deltar i ledarledd fritidsaktivitet varje vecka"


@pytest.fixture(scope="module")
def process(seeded):
    data_dir, name = seeded
    service = build_service(Settings(coach_data_dir=data_dir, database_url=None), with_guidance=False)
    return service, service.find_process(name=name)


def test_gate_7_shows_the_latest_reported_value_and_its_trend(process):
    service, ref = process
    abcde = AbcdeService(service, service.engine)
    today = dt.date.today()
    report = AbcdeReport(activities="Skolaktiviteter varje tisdag och torsdag.", indicator_values=[
        IndicatorValue(indicator=INDICATOR, value="41 %", date=today - dt.timedelta(days=30)),
        IndicatorValue(indicator=INDICATOR, value="46 %", date=today)])
    abcde.file_report(ref, ANNA, report)

    d = document_for(service, ref, ANNA, 7)
    table = [b for p in d.content for b in p.blocks if getattr(b, "key", "") == "follow_up"][0]
    row = [r for r in table.rows if r[0] == INDICATOR][0]
    assert row[3:] == ("46 %", today.isoformat(), "↑ ökar")
    assert d.title.author == "Anna Koordinator"  # the member's name, not the user id
    blocks = d.appendices[-1].blocks
    lists = [i for i, b in enumerate(blocks) if b.kind == "bullets"]
    # each list of questions follows the one line saying who answered them
    assert lists and all(blocks[i - 1].text == "Besvarade av Anna Koordinator, version 1:" for i in lists)
    assert not any("besvarad av" in line for i in lists for line in blocks[i].items)


def test_someone_outside_the_process_is_refused(process):
    service, ref = process
    with pytest.raises(CoachError):
        document_for(service, ref, Actor("eva", "Eva Utomstående", "cli"), 2)
