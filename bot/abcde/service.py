"""The ABCDE service: schedule (coordinators), reports per period (project leaders), history, summary.

Every call is one transaction; refusals are audited like CoachService's. Time comes from `clock`.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from bot.abcde import texts
from bot.abcde.analysis import Summary, summarize
from bot.abcde.schedule import (
    DEFAULT_TZ,
    Clock,
    Period,
    Rhythm,
    day_period,
    first_due_day,
    next_due,
    period_for_key,
    period_of,
    system_clock,
)
from bot.abcde.syntax import ScheduleSpec
from bot.abcde.views import ScheduleView, StoredReport
from bot.access import COORDINATORS, MEMBERS, REPORTERS, refuse_if_archived, require_role
from bot.errors import CoachError
from bot.service import Actor, CoachService, ProcessRef
from flows.answers import AbcdeReport, IndicatorsAnswer
from storage import repository as repo
from storage.db import session_scope
from storage.repository import abcde as store

READ, REPORT, COORDINATE = MEMBERS, REPORTERS, COORDINATORS


class AbcdeService:
    def __init__(self, coach: CoachService, db: Engine, *, clock: Clock = system_clock,
                 default_tz: str = DEFAULT_TZ) -> None:
        self.coach, self.db, self.clock, self.default_tz = coach, db, clock, default_tz

    # ---- schedule -------------------------------------------------------------------------------

    def schedule(self, process_id: int) -> ScheduleView | None:
        with session_scope(self.db) as session:
            return _view(session, process_id)

    def schedule_for(self, process: ProcessRef, actor: Actor) -> ScheduleView | None:
        """The schedule as a member sees it (members only; refusals audited)."""
        with session_scope(self.db) as session:
            self._require(session, process, actor, READ, "not_member")
            return _view(session, process.id)

    def set_schedule(self, process: ProcessRef, actor: Actor, spec: ScheduleSpec) -> ScheduleView:
        now = self.clock()
        with session_scope(self.db) as session:
            self._require(session, process, actor, COORDINATE, "refused_schedule")
            old = store.get_schedule(session, process_id=process.id)
            tz = spec.tz or (old.timezone if old else self.default_tz)
            anchor = first_due_day(Rhythm(spec.cadence, spec.weekday, spec.at, tz), now)  # type: ignore[arg-type]
            fields = dict(cadence=spec.cadence, weekday=spec.weekday, at_time=spec.at.strftime("%H:%M"),
                          timezone=tz, anchor=anchor, active_from=now,
                          target=spec.target or (old.target if old else "channel"),
                          channel_id=(spec.channel_id if spec.channel_id is not None
                                      else old.channel_id if old else None) or None,
                          reporters=list(spec.reporters if spec.reporters is not None
                                         else old.reporters if old else []),
                          nudge_hours=spec.nudge_hours or (old.nudge_hours if old else 24), paused=False)
            row = store.save_schedule(session, process_id=process.id, set_by=actor.user_id, **fields)
            repo.audit(session, process_id=process.id, actor=actor.user_id, action="abcde_schedule",
                       detail={k: str(v) for k, v in fields.items()})
            return _view(session, process.id, row)

    def set_paused(self, process: ProcessRef, actor: Actor, paused: bool) -> ScheduleView:
        with session_scope(self.db) as session:
            self._require(session, process, actor, COORDINATE, "refused_schedule")
            row = _need_schedule(session, process)
            row.paused = paused
            if not paused:
                row.active_from = self.clock()  # no burst of reminders for the paused periods
            session.add(row)
            repo.audit(session, process_id=process.id, actor=actor.user_id, action="abcde_pause",
                       detail={"paused": paused})
            return _view(session, process.id, row)

    def skip(self, process: ProcessRef, actor: Actor, day: date | None = None) -> tuple[ScheduleView, Period]:
        """Skip the next period (or the first period due on or after `day`): no reminder, no nudge."""
        with session_scope(self.db) as session:
            self._require(session, process, actor, COORDINATE, "refused_schedule")
            view = _view(session, process.id, _need_schedule(session, process))
            rhythm = view.rhythm
            after = self.clock() if day is None else datetime.combine(day, datetime.min.time()).replace(
                tzinfo=ZoneInfo(rhythm.tz)) - timedelta(microseconds=1)
            period = period_of(rhythm, next_due(rhythm, after, view.skipped if day is None else frozenset()))
            store.add_skip(session, schedule_id=view.id, period_key=period.key, created_by=actor.user_id)
            repo.audit(session, process_id=process.id, actor=actor.user_id, action="abcde_skip",
                       detail={"period": period.key})
            return _view(session, process.id), period

    # ---- periods and reports --------------------------------------------------------------------

    def period(self, process_id: int, key: str | None = None, lang: str = "sv") -> tuple[Period, str]:
        """The period `key` (default: the one running now) and its label in `lang`."""
        view = self.schedule(process_id)
        if view is None:
            period = day_period(self.clock(), self.default_tz) if key is None else day_period(
                datetime.combine(date.fromisoformat(key), datetime.min.time()).replace(
                    tzinfo=ZoneInfo(self.default_tz)), self.default_tz)
            return period, period.key
        period = period_of(view.rhythm, self.clock()) if key is None else period_for_key(view.rhythm, key)
        return period, view.label(period.key, lang)

    def file_report(self, process: ProcessRef, actor: Actor, report: AbcdeReport,
                    period_key: str | None = None) -> StoredReport:
        period, label = self.period(process.id, period_key, process.language)
        if not period.contains(self.clock()):
            raise CoachError(texts.s("closed_period", process.language, period=label))
        with session_scope(self.db) as session:
            self._require(session, process, actor, REPORT, "refused_report")
            row = store.append_report(session, process_id=process.id, period_key=period.key,
                                      period_start=period.start, period_end=period.end, author=actor.user_id,
                                      value=report.model_dump(mode="json"), via=actor.via)
            repo.audit(session, process_id=process.id, actor=actor.user_id, action="abcde_report",
                       detail={"period": period.key, "version": row.version, "via": actor.via})
            return StoredReport.of(row, label)

    def require_reporter(self, process: ProcessRef, actor: Actor) -> None:
        """Project leaders and coordinators only (before opening the report modal); refusals are audited."""
        with session_scope(self.db) as session:
            self._require(session, process, actor, REPORT, "refused_report")

    def my_report(self, process: ProcessRef, user_id: str, period_key: str) -> StoredReport | None:
        with session_scope(self.db) as session:
            rows = store.report_versions(session, process_id=process.id, period_key=period_key, author=user_id)
        return StoredReport.of(rows[-1], self.period(process.id, period_key, process.language)[1]) if rows else None

    def previous_plans(self, process: ProcessRef, before: datetime, actor: Actor | None = None) -> list[StoredReport]:
        """The reports with a D (nästa steg) of the latest earlier period that has any (with `actor`:
        members only, refusals audited)."""
        with session_scope(self.db) as session:
            if actor is not None:
                self._require(session, process, actor, READ, "not_member")
            rows = store.latest_reports(session, process_id=process.id, until=before)
        with_plans = [r for r in rows if r.value.get("do_next")]
        if not with_plans:
            return []
        last, view = with_plans[-1].period_key, self.schedule(process.id)
        return [StoredReport.of(r, _label(view, r.period_key, process.language))
                for r in with_plans if r.period_key == last]

    def history(self, process: ProcessRef, actor: Actor, since: date | None = None,
                until: date | None = None) -> list[StoredReport]:
        view = self.schedule(process.id)
        tz = view.rhythm.tz if view else self.default_tz
        start = _local_midnight(since, tz) if since else None
        end = _local_midnight(until + timedelta(days=1), tz) if until else None
        with session_scope(self.db) as session:
            self._require(session, process, actor, READ, "not_member")
            rows = store.latest_reports(session, process_id=process.id, since=start, until=end)
        return [StoredReport.of(r, _label(view, r.period_key, process.language)) for r in rows]

    def summary(self, process: ProcessRef, actor: Actor, since: date | None = None,
                until: date | None = None) -> Summary:
        return summarize(self.history(process, actor, since, until))

    def indicator_names(self, process: ProcessRef, actor: Actor) -> list[str]:
        """Names of the process's SMART indicators (latest answers of every smart_indicators question)."""
        flow, state = self.coach.flow_of(process), self.coach.state(process=process, actor=actor)
        names: list[str] = []
        for question in flow.questions():
            value = state.value(question.id) if question.type == "smart_indicators" else None
            if isinstance(value, IndicatorsAnswer):
                names.extend(i.name for i in value.indicators if i.name not in names)
        return names

    def reporters(self, schedule: ScheduleView) -> list[str]:
        if schedule.reporters:
            return list(schedule.reporters)
        with session_scope(self.db) as session:
            members = repo.list_members(session, process_id=schedule.process_id)
        return [m.user_id for m in members if m.role == "projektledare"]

    # ---- for the reminder runner --------------------------------------------------------------

    def active_schedules(self) -> list[ScheduleView]:
        with session_scope(self.db) as session:
            return [_view(session, row.process_id, row) for row in store.active_schedules(session)]

    def process_ref(self, process_id: int) -> ProcessRef:
        with session_scope(self.db) as session:
            row = repo.get_process_by_id(session, process_id=process_id)
        if row is None:
            raise CoachError.text("ui.process_gone")
        return ProcessRef(id=row.id, name=row.name, flow_id=row.flow_id, channel_id=row.channel_id,
                          language=row.language, workspace_id=row.workspace_id)

    def has_reported(self, process_id: int, user_id: str, period_key: str) -> bool:
        with session_scope(self.db) as session:
            return bool(store.report_versions(session, process_id=process_id, period_key=period_key,
                                              author=user_id))

    def dispatch_status(self, schedule_id: int, user_id: str, period_key: str, kind: str) -> str | None:
        with session_scope(self.db) as session:
            row = store.get_dispatch(session, schedule_id=schedule_id, user_id=user_id, period_key=period_key,
                                     kind=kind)
            return row.status if row else None

    # ---- internals ------------------------------------------------------------------------------

    def _require(self, session, process: ProcessRef, actor: Actor, roles: frozenset, refusal: str) -> str:
        if roles is not READ:  # reports and schedules of an archived process are read, not written
            refuse_if_archived(session, process)
        lang, name = process.language, process.name
        return str(require_role(session, process, actor, roles, action=refusal,
                                not_member=texts.s("not_member", lang, name=name),
                                wrong_role=texts.s(refusal, lang, name=name) if refusal != "not_member" else None))


def _label(view: ScheduleView | None, key: str, lang: str = "sv") -> str:
    return view.label(key, lang) if view else key


def _local_midnight(day: date, tz: str) -> datetime:
    return datetime.combine(day, datetime.min.time()).replace(tzinfo=ZoneInfo(tz))


def _need_schedule(session, process: ProcessRef):
    row = store.get_schedule(session, process_id=process.id)
    if row is None:
        raise CoachError(texts.s("no_schedule", process.language, process=process.name))
    return row


def _view(session, process_id: int, row=None) -> ScheduleView | None:
    row = row or store.get_schedule(session, process_id=process_id)
    if row is None:
        return None
    return ScheduleView.of(row, store.skipped_keys(session, schedule_id=row.id))
