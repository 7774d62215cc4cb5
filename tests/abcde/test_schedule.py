"""Pure time logic with injected moments, including Europe/Stockholm's DST changes (no sleeping)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from bot.abcde.schedule import (
    Rhythm,
    day_period,
    due_times,
    first_due_day,
    next_due,
    period_label,
    period_of,
    previous_due,
)

SE = "Europe/Stockholm"


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_weekly_monday_morning_in_winter_and_summer() -> None:
    rhythm = Rhythm("weekly", 0, time(9, 0), SE)
    assert next_due(rhythm, utc(2026, 1, 1)) == utc(2026, 1, 5, 8, 0)  # CET = UTC+1
    assert next_due(rhythm, utc(2026, 6, 1, 6, 59)) == utc(2026, 6, 1, 7, 0)  # CEST = UTC+2
    assert next_due(rhythm, utc(2026, 6, 1, 7, 0)) == utc(2026, 6, 8, 7, 0)  # strictly after


def test_spring_forward_last_sunday_of_march_keeps_wall_clock_time() -> None:
    rhythm = Rhythm("weekly", 6, time(9, 0), SE)  # Sundays 09:00
    dues = list(due_times(rhythm, utc(2026, 3, 20), utc(2026, 4, 6)))
    assert dues == [utc(2026, 3, 22, 8, 0), utc(2026, 3, 29, 7, 0), utc(2026, 4, 5, 7, 0)]
    period = period_of(rhythm, utc(2026, 3, 25))
    assert (period.start, period.end) == (utc(2026, 3, 22, 8), utc(2026, 3, 29, 7))
    assert (period.end - period.start).total_seconds() == 7 * 24 * 3600 - 3600  # a 167-hour week


def test_nonexistent_local_time_moves_forward_by_the_gap() -> None:
    rhythm = Rhythm("weekly", 6, time(2, 30), SE)  # 02:30 does not exist on 2026-03-29
    assert next_due(rhythm, utc(2026, 3, 28)) == utc(2026, 3, 29, 1, 30)  # = 03:30 CEST
    assert next_due(rhythm, utc(2026, 3, 29, 1, 30)) == utc(2026, 4, 5, 0, 30)


def test_fall_back_last_sunday_of_october_fires_once_at_first_occurrence() -> None:
    rhythm = Rhythm("weekly", 6, time(2, 30), SE)  # 02:30 happens twice on 2026-10-25
    dues = list(due_times(rhythm, utc(2026, 10, 24), utc(2026, 10, 26)))
    assert dues == [utc(2026, 10, 25, 0, 30)]  # 02:30 CEST, not again at 02:30 CET
    period = period_of(rhythm, utc(2026, 10, 26))
    assert period.start == utc(2026, 10, 25, 0, 30) and period.end == utc(2026, 11, 1, 1, 30)
    assert (period.end - period.start).total_seconds() == 7 * 24 * 3600 + 3600


def test_biweekly_counts_weeks_from_the_anchor() -> None:
    rhythm = Rhythm("biweekly", 0, time(9, 0), SE, anchor=date(2026, 3, 23))
    dues = [d.date() for d in due_times(rhythm, utc(2026, 3, 20), utc(2026, 5, 1))]
    assert dues == [date(2026, 3, 23), date(2026, 4, 6), date(2026, 4, 20)]
    assert period_of(rhythm, utc(2026, 4, 1)).key == "2026-03-23"


def test_monthly_is_the_first_weekday_of_each_month() -> None:
    rhythm = Rhythm("monthly", 0, time(9, 0), SE)
    dues = [d.date() for d in due_times(rhythm, utc(2026, 1, 1), utc(2026, 5, 1))]
    assert dues == [date(2026, 1, 5), date(2026, 2, 2), date(2026, 3, 2), date(2026, 4, 6)]
    assert period_label("2026-04-06", "monthly") == "april 2026 (2026-04-06)"


def test_skipped_periods_are_jumped_over() -> None:
    rhythm = Rhythm("weekly", 0, time(9, 0), SE)
    assert next_due(rhythm, utc(2026, 12, 20), frozenset({"2026-12-21", "2026-12-28"})) == utc(2027, 1, 4, 8)


def test_period_boundaries_and_previous_due() -> None:
    rhythm = Rhythm("weekly", 0, time(9, 0), SE)
    assert previous_due(rhythm, utc(2026, 1, 5, 8, 0)) == utc(2026, 1, 5, 8, 0)  # inclusive
    assert period_of(rhythm, utc(2026, 1, 5, 7, 59)).key == "2025-12-29"
    assert period_label("2026-01-05", "weekly") == "vecka 2 (2026-01-05)"
    assert period_label("2026-01-05", "biweekly") == "vecka 2–3 (2026-01-05)"


def test_first_due_day_and_day_period() -> None:
    rhythm = Rhythm("biweekly", 0, time(9, 0), SE)
    assert first_due_day(rhythm, utc(2026, 3, 24, 12)) == date(2026, 3, 30)
    assert first_due_day(rhythm, utc(2026, 3, 30, 6, 59)) == date(2026, 3, 30)
    day = day_period(utc(2026, 3, 29, 12), SE)
    assert day.key == "2026-03-29" and (day.end - day.start).total_seconds() == 23 * 3600


def test_naive_moments_and_bad_rhythms_are_refused() -> None:
    with pytest.raises(ValueError):
        next_due(Rhythm("weekly", 0, time(9)), datetime(2026, 1, 1))
    with pytest.raises(ValueError):
        Rhythm("daily", 0, time(9))  # type: ignore[arg-type]
