"""What the ABCDE service hands to adapters: a schedule and stored reports, both plain and frozen."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from bot.abcde import texts
from bot.abcde.schedule import Rhythm, period_label
from flows.answers import AbcdeReport
from storage.abcde_models import AbcdeReportVersion, AbcdeSchedule


@dataclass(frozen=True)
class ScheduleView:
    id: int
    process_id: int
    rhythm: Rhythm
    target: str
    channel_id: str | None
    thread_ts: str | None
    reporters: tuple[str, ...]
    nudge_hours: int
    paused: bool
    active_from: datetime
    skipped: frozenset[str]

    @classmethod
    def of(cls, row: AbcdeSchedule, skipped: frozenset[str]) -> ScheduleView:
        hours, minutes = (int(p) for p in row.at_time.split(":"))
        rhythm = Rhythm(cadence=row.cadence, weekday=row.weekday, at=time(hours, minutes), tz=row.timezone,  # type: ignore[arg-type]
                        anchor=row.anchor)
        return cls(id=row.id, process_id=row.process_id, rhythm=rhythm, target=row.target,
                   channel_id=row.channel_id, thread_ts=row.thread_ts, reporters=tuple(row.reporters or ()),
                   nudge_hours=row.nudge_hours, paused=row.paused, active_from=row.active_from, skipped=skipped)

    def label(self, key: str, lang: str = "sv") -> str:
        return period_label(key, self.rhythm.cadence, lang)

    def describe(self, lang: str = "sv") -> str:
        weekday = texts.weekdays(lang)[self.rhythm.weekday]
        cadence = texts.cadences(lang)[self.rhythm.cadence].format(day=weekday)
        who = ", ".join(f"<@{u}>" for u in self.reporters) or texts.s("who_all", lang)
        target = (texts.s("in_channel", lang, channel=self.channel_id) if self.target == "channel" and self.channel_id
                  else texts.targets(lang)[self.target])
        return texts.s("schedule_line", lang, cadence=cadence,
                       weekday="" if self.rhythm.cadence == "monthly" else weekday,
                       time=self.rhythm.at.strftime("%H:%M"), tz=self.rhythm.tz, who=who, target=target,
                       nudge=self.nudge_hours, paused=texts.s("paused", lang) if self.paused else "").replace("  ", " ")


@dataclass(frozen=True)
class StoredReport:
    process_id: int
    period_key: str
    period_label: str
    period_start: datetime
    period_end: datetime
    author: str
    version: int
    report: AbcdeReport
    via: str
    created_at: datetime

    @classmethod
    def of(cls, row: AbcdeReportVersion, label: str) -> StoredReport:
        return cls(process_id=row.process_id, period_key=row.period_key, period_label=label,
                   period_start=row.period_start, period_end=row.period_end, author=row.author,
                   version=row.version, report=AbcdeReport.model_validate(row.value), via=row.via,
                   created_at=row.created_at)
