"""Schedule (coordinators only), reports per period with kept versions, history and the summary."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time

import pytest

from bot.abcde.syntax import parse
from bot.errors import AccessDenied, CoachError
from flows.answers import AbcdeReport
from storage.db import session_scope
from storage.repository import list_audit
from storage.repository.abcde import report_versions
from tests.abcde.conftest import INDICATORS, KARIN, LISA, MOA, PER, World


def report(**fields) -> AbcdeReport:
    return AbcdeReport.model_validate(fields)


def test_only_a_coordinator_sets_the_schedule(world: World) -> None:
    with pytest.raises(AccessDenied) as refused:
        world.abcde.set_schedule(world.process, PER, parse("varannan vecka måndag 09:00"))
    assert "koordinator" in refused.value.message
    view = world.abcde.set_schedule(world.process, KARIN, parse("varannan vecka måndag 09:00"))
    assert (view.rhythm.cadence, view.rhythm.at, view.rhythm.tz) == ("biweekly", time(9), "Europe/Stockholm")
    assert view.target == "channel" and view.nudge_hours == 24 and not view.paused
    assert view.rhythm.anchor == date(2026, 3, 2)  # Monday 08:00 CET is before 09:00: the first due is today
    assert "varannan vecka måndag kl. 09:00" in view.describe()
    with session_scope(world.engine) as session:
        actions = [e.action for e in list_audit(session, process_id=world.process.id)]
    assert "refused" in actions and "abcde_schedule" in actions


def test_pause_and_skip(world: World) -> None:
    world.abcde.set_schedule(world.process, KARIN, parse("varje vecka måndag 09:00"))
    view, period = world.abcde.skip(world.process, KARIN)
    assert period.key == "2026-03-02" and "2026-03-02" in view.skipped
    _, later = world.abcde.skip(world.process, KARIN, date(2026, 3, 25))
    assert later.key == "2026-03-30"  # the first period due on or after the date
    assert world.abcde.set_paused(world.process, KARIN, True).paused
    assert not world.abcde.set_paused(world.process, KARIN, False).paused
    with pytest.raises(AccessDenied):
        world.abcde.skip(world.process, LISA)


def test_reports_are_versioned_per_person_and_period(world: World) -> None:
    world.abcde.set_schedule(world.process, KARIN, parse("varje vecka måndag 09:00"))
    world.clock.advance(hours=3)  # Monday 11:00: period 2026-03-02
    first = world.abcde.file_report(world.process, PER, report(activities="Prova-på-dag i sporthallen"))
    second = world.abcde.file_report(world.process, PER, report(activities="Prova-på-dag i sporthallen",
                                                               do_next="Bjud in föräldrar till möte"))
    lisa = world.abcde.file_report(world.process, LISA, report(concerns="Få tjejer kommer"))
    assert (first.version, second.version, lisa.version) == (1, 2, 1)
    assert first.period_key == second.period_key == "2026-03-02" and first.period_label == "vecka 10 (2026-03-02)"
    with session_scope(world.engine) as session:
        kept = report_versions(session, process_id=world.process.id, period_key="2026-03-02", author=PER.user_id)
    assert [v.value.get("do_next") for v in kept] == [None, "Bjud in föräldrar till möte"]  # nothing overwritten
    with pytest.raises(AccessDenied):
        world.abcde.file_report(world.process, MOA, report(activities="x"))

    world.clock.advance(days=7)  # the next period: last week's plan is shown, last week is closed
    plans = world.abcde.previous_plans(world.process, world.abcde.period(world.process.id)[0].start)
    assert [(p.author, p.report.do_next) for p in plans] == [(PER.user_id, "Bjud in föräldrar till möte")]
    with pytest.raises(CoachError) as closed:
        world.abcde.file_report(world.process, PER, report(activities="sent"), period_key="2026-03-02")
    assert "avslutad" in closed.value.message


def test_ad_hoc_report_without_schedule_belongs_to_the_day(world: World) -> None:
    stored = world.abcde.file_report(world.process, PER, report(education="Fråga unga själva"))
    assert stored.period_key == "2026-03-02"


def test_history_filters_by_dates(world: World) -> None:
    world.abcde.set_schedule(world.process, KARIN, parse("varje vecka måndag 09:00"))
    for week in range(4):
        world.clock.now = datetime(2026, 3, 3 + 7 * week, 12, tzinfo=UTC)
        world.abcde.file_report(world.process, PER, report(activities=f"Vecka {week}"))
    everything = world.abcde.history(world.process, MOA)
    assert [r.report.activities for r in everything] == ["Vecka 0", "Vecka 1", "Vecka 2", "Vecka 3"]
    some = world.abcde.history(world.process, MOA, date(2026, 3, 10), date(2026, 3, 16))  # periods overlapping
    assert [r.period_key for r in some] == ["2026-03-09", "2026-03-16"]


def test_indicator_names_come_from_the_smart_indicators(world: World) -> None:
    assert world.abcde.indicator_names(world.process, PER) == INDICATORS


def test_summary_over_periods(world: World) -> None:
    world.abcde.set_schedule(world.process, KARIN, parse("varje vecka måndag 09:00"))
    weeks = [
        dict(activities="Prova-på-dag i sporthallen", concerns="Lokalerna är fullbokade på kvällarna",
             do_next="Bjuda in föräldrarna till informationsmöte\nKontakta biblioteket om läxhjälp",
             education="Unga kommer när kompisar kommer",
             indicator_values=[{"indicator": INDICATORS[0], "value": "12", "date": "2026-03-03"}]),
        dict(activities="Informationsmöte med föräldrar i skolan", concerns="Fullbokade lokaler igen",
             do_next="Ta fram ny affisch",
             indicator_values=[{"indicator": INDICATORS[0], "value": "15,5", "date": "2026-03-10"}]),
        dict(activities="Affischen är tryckt", benefits="Fler anmälningar", education="Föräldrar är nyckeln"),
    ]
    for week, fields in enumerate(weeks):
        world.clock.now = datetime(2026, 3, 3 + 7 * week, 12, tzinfo=UTC)
        world.abcde.file_report(world.process, PER, report(**fields))
    summary = world.abcde.summary(world.process, LISA)
    assert summary.periods == ("2026-03-02", "2026-03-09", "2026-03-16")
    assert summary.concerns[0].word in ("fullbokade", "lokalerna", "lokaler")
    assert {c.word for c in summary.concerns} >= {"fullbokade"}
    assert [i.text for i in summary.open_plans] == ["Kontakta biblioteket om läxhjälp"]
    assert [i.text for i in summary.lessons] == ["Unga kommer när kompisar kommer", "Föräldrar är nyckeln"]
    assert summary.indicators[INDICATORS[0]] == [(date(2026, 3, 3), "12"), (date(2026, 3, 10), "15,5")]


def test_changing_the_rhythm_keeps_people_and_place_unless_given(world: World) -> None:
    world.abcde.set_schedule(world.process, KARIN, parse("varje vecka måndag 09:00 <#C9> <@ULISA> knuff 8h"))
    view = world.abcde.set_schedule(world.process, KARIN, parse("månadsvis tisdag 10:00"))
    assert (view.channel_id, view.reporters, view.nudge_hours) == ("C9", (LISA.user_id,), 8)
    cleared = world.abcde.set_schedule(world.process, KARIN, replace(parse("månadsvis tisdag 10:00"),
                                                                     channel_id="", reporters=()))
    assert (cleared.channel_id, cleared.reporters) == (None, ())
    assert world.abcde.reporters(cleared) == [PER.user_id, LISA.user_id]
