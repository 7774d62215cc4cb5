"""The Swedish schedule syntax of `/coach abcde schema …`."""

from __future__ import annotations

from datetime import date, time

import pytest

from bot.abcde.syntax import Pause, ScheduleSpec, SkipPeriod, parse
from bot.errors import CoachError


def test_the_issue_example() -> None:
    assert parse("varannan vecka måndag 09:00") == ScheduleSpec("biweekly", 0, time(9, 0))


@pytest.mark.parametrize(("text", "cadence", "weekday", "at"), [
    ("varje vecka fredag kl 15.30", "weekly", 4, time(15, 30)),
    ("Veckovis på torsdagar 8:05", "weekly", 3, time(8, 5)),
    ("månadsvis tisdag 10:00", "monthly", 1, time(10, 0)),
    ("varje månad sön kl. 20:00", "monthly", 6, time(20, 0)),
])
def test_cadences_weekdays_and_times(text: str, cadence: str, weekday: int, at: time) -> None:
    spec = parse(text)
    assert (spec.cadence, spec.weekday, spec.at) == (cadence, weekday, at)


def test_target_nudge_zone_and_reporters() -> None:
    spec = parse("varje vecka måndag 09:00 i tråd knuff 48h tidszon Europe/Helsinki <@U7|anna> <@U8>")
    assert spec == ScheduleSpec("weekly", 0, time(9), tz="Europe/Helsinki", target="thread", nudge_hours=48,
                                reporters=("U7", "U8"))
    other = parse("varje vecka måndag 09:00 <#C42|uppfoljning>")
    assert (other.target, other.channel_id) == ("channel", "C42")


def test_pause_resume_and_skip() -> None:
    assert parse("paus") == Pause(True)
    assert parse("fortsätt") == Pause(False)
    assert parse("hoppa över") == SkipPeriod(None)
    assert parse("hoppa över 2026-12-28") == SkipPeriod(date(2026, 12, 28))


@pytest.mark.parametrize(("text", "says"), [
    ("dagligen 09:00", "takten"),
    ("varje vecka 09:00", "veckodag"),
    ("varje vecka måndag 25:00", "25:00"),
    ("varje vecka måndag 09:00 tidszon Mars/Olympus", "tidszon"),
    ("varje vecka måndag 09:00 knuff snart", "timmar"),
    ("hoppa över jul", "datum"),
])
def test_mistakes_get_a_swedish_explanation(text: str, says: str) -> None:
    with pytest.raises(CoachError) as error:
        parse(text)
    assert says in error.value.message
