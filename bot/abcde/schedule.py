"""Pure time logic of a reporting rhythm: due times, the period of a moment, the next due time.

A rhythm is a local wall-clock time on a weekday in a time zone: every week, every second week (weeks
counted from an anchor week), or on the first such weekday of every month. Period k starts at due time
k and lasts until due time k+1; its key is the local date of its due time ("2026-03-30").
Local times that do not exist (spring forward) move forward by the gap; times that occur twice (fall
back) mean the first occurrence. No function here reads the system clock: callers pass `now`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

import coachtext

Cadence = Literal["weekly", "biweekly", "monthly"]
CADENCES: tuple[str, ...] = ("weekly", "biweekly", "monthly")
DEFAULT_TZ = "Europe/Stockholm"
_SEARCH_DAYS = 75  # longer than any period (five weeks for monthly)

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Rhythm:
    cadence: Cadence
    weekday: int  # 0 = Monday
    at: time
    tz: str = DEFAULT_TZ
    anchor: date = date(2024, 1, 1)  # biweekly: due in the week of this date and every second week after

    def __post_init__(self) -> None:
        if self.cadence not in CADENCES or not 0 <= self.weekday <= 6:
            raise ValueError(f"bad rhythm {self.cadence!r} weekday {self.weekday}")
        ZoneInfo(self.tz)  # raises ZoneInfoNotFoundError for an unknown zone


@dataclass(frozen=True)
class Period:
    key: str  # local date of the due time
    start: datetime  # UTC, the due time
    end: datetime  # UTC, the next due time (exclusive)

    def contains(self, moment: datetime) -> bool:
        return self.start <= moment < self.end


def is_due_date(rhythm: Rhythm, day: date) -> bool:
    if day.weekday() != rhythm.weekday:
        return False
    if rhythm.cadence == "weekly":
        return True
    if rhythm.cadence == "biweekly":
        anchor_monday = rhythm.anchor - timedelta(days=rhythm.anchor.weekday())
        return ((day - anchor_monday).days // 7) % 2 == 0
    return day.day <= 7  # monthly: the first such weekday of the month


def due_at(rhythm: Rhythm, day: date) -> datetime:
    """The UTC instant of the rhythm's wall-clock time on local `day` (DST gaps and folds resolved)."""
    zone = ZoneInfo(rhythm.tz)
    local = datetime.combine(day, rhythm.at, tzinfo=zone)  # fold=0: first occurrence / pre-gap offset
    return local.astimezone(UTC)


def _local_day(moment: datetime, tz: str) -> date:
    return _utc(moment).astimezone(ZoneInfo(tz)).date()


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("naive datetime: pass an aware moment")
    return moment.astimezone(UTC)


def due_times(rhythm: Rhythm, start: datetime, end: datetime) -> Iterator[datetime]:
    """Due instants in [start, end), in order."""
    start, end = _utc(start), _utc(end)
    day = _local_day(start, rhythm.tz) - timedelta(days=1)
    last = _local_day(end, rhythm.tz) + timedelta(days=1)
    while day <= last:
        if is_due_date(rhythm, day):
            moment = due_at(rhythm, day)
            if start <= moment < end:
                yield moment
        day += timedelta(days=1)


def previous_due(rhythm: Rhythm, moment: datetime) -> datetime:
    """The latest due instant at or before `moment`."""
    moment = _utc(moment)
    day = _local_day(moment, rhythm.tz) + timedelta(days=1)
    for _ in range(_SEARCH_DAYS):
        if is_due_date(rhythm, day) and due_at(rhythm, day) <= moment:
            return due_at(rhythm, day)
        day -= timedelta(days=1)
    raise AssertionError("no due date found")  # unreachable for a valid rhythm


def next_due(rhythm: Rhythm, after: datetime, skipped: frozenset[str] = frozenset()) -> datetime:
    """The first due instant strictly after `after` whose period is not skipped."""
    after = _utc(after)
    day = _local_day(after, rhythm.tz) - timedelta(days=1)
    for _ in range(_SEARCH_DAYS * 12):
        if is_due_date(rhythm, day) and day.isoformat() not in skipped and due_at(rhythm, day) > after:
            return due_at(rhythm, day)
        day += timedelta(days=1)
    raise ValueError("every period in the coming year is skipped")


def period_of(rhythm: Rhythm, moment: datetime) -> Period:
    start = previous_due(rhythm, moment)
    return Period(key=_local_day(start, rhythm.tz).isoformat(), start=start, end=next_due(rhythm, start))


def period_for_key(rhythm: Rhythm, key: str) -> Period:
    return period_of(rhythm, due_at(rhythm, date.fromisoformat(key)))


def day_period(moment: datetime, tz: str) -> Period:
    """Without a schedule, an ad hoc report belongs to its local calendar day."""
    day = _local_day(moment, tz)
    zone = ZoneInfo(tz)
    start = datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone).astimezone(UTC)
    return Period(key=day.isoformat(), start=start, end=end)


def first_due_day(rhythm: Rhythm, now: datetime) -> date:
    """The first local date after `now` on the rhythm's weekday and time: a biweekly anchor that makes the
    first reminder come at the next such weekday, not two weeks later."""
    day = _local_day(now, rhythm.tz)
    while day.weekday() != rhythm.weekday or due_at(rhythm, day) <= _utc(now):
        day += timedelta(days=1)
    return day


def period_label(key: str, cadence: str | None, lang: str = "sv") -> str:
    """'vecka 14 (2026-03-30)', 'vecka 14–15 …', 'april 2026' – how a period is named in Swedish
    (in English: 'week 14 (2026-03-30)', 'weeks 14–15 …', 'April 2026 …')."""
    day = date.fromisoformat(key)
    week = day.isocalendar().week
    if cadence == "weekly":
        return coachtext.t("abcde.period.week", lang, week=week, key=key)
    if cadence == "biweekly":
        return coachtext.t("abcde.period.weeks", lang, week=week, next=(day + timedelta(days=7)).isocalendar().week,
                           key=key)
    if cadence == "monthly":
        month = coachtext.t(f"abcde.month.{day.month}", lang)
        return coachtext.t("abcde.period.month", lang, month=month, year=day.year, key=key)
    return key
