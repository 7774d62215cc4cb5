"""ABCDE schedules, skips, report versions (append-only), once-only reminder claims and posted messages."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, func, update
from sqlmodel import Session, col, select

import storage.abcde_models  # noqa: F401  (registers the tables on SQLModel.metadata for Alembic)
from storage.abcde_models import AbcdeDispatch, AbcdePost, AbcdeReportVersion, AbcdeSchedule, AbcdeSkip
from storage.models import VIAS, Process, utcnow
from storage.repository._common import append_versioned, check_choice, insert_unique, lock_process


def get_schedule(session: Session, *, process_id: int) -> AbcdeSchedule | None:
    return session.exec(select(AbcdeSchedule).where(AbcdeSchedule.process_id == process_id)).first()


def save_schedule(session: Session, *, process_id: int, set_by: str, **fields: Any) -> AbcdeSchedule:
    """Create the process's schedule or change it (one schedule per process)."""
    lock_process(session, process_id)
    schedule = get_schedule(session, process_id=process_id)
    if schedule is None:
        schedule = AbcdeSchedule(process_id=process_id, set_by=set_by, **fields)
        if insert_unique(session, schedule):
            return schedule
        schedule = get_schedule(session, process_id=process_id)
        assert schedule is not None
    for name, value in fields.items():
        setattr(schedule, name, value)
    schedule.set_by, schedule.updated_at = set_by, utcnow()
    session.add(schedule)
    session.flush()
    return schedule


def active_schedules(session: Session) -> list[AbcdeSchedule]:
    """Schedules that remind: not paused, and their process not archived."""
    statement = (select(AbcdeSchedule).join(Process, col(Process.id) == AbcdeSchedule.process_id)
                 .where(col(AbcdeSchedule.paused).is_(False), col(Process.archived).is_(False))
                 .order_by(col(AbcdeSchedule.id)))
    return list(session.exec(statement).all())


def add_skip(session: Session, *, schedule_id: int, period_key: str, created_by: str) -> bool:
    return insert_unique(session, AbcdeSkip(schedule_id=schedule_id, period_key=period_key, created_by=created_by))


def skipped_keys(session: Session, *, schedule_id: int) -> frozenset[str]:
    rows = session.exec(select(AbcdeSkip.period_key).where(AbcdeSkip.schedule_id == schedule_id)).all()
    return frozenset(rows)


def claim_thread(session: Session, *, schedule_id: int, thread_ts: str) -> bool:
    """Remember the ABCDE thread unless another instance started one first."""
    result = session.execute(update(AbcdeSchedule).where(col(AbcdeSchedule.id) == schedule_id,
                                                         col(AbcdeSchedule.thread_ts).is_(None))
                             .values(thread_ts=thread_ts))
    return result.rowcount == 1


# ---------------------------------------------------------------- reports (append-only)

def append_report(session: Session, *, process_id: int, period_key: str, period_start: datetime,
                  period_end: datetime, author: str, value: dict[str, Any], via: str) -> AbcdeReportVersion:
    """A new version of `author`'s report for the period (previous max + 1), safe under concurrency."""
    check_choice(via, VIAS, "kanal")
    lock_process(session, process_id)

    def current_max() -> int | None:
        return session.exec(select(func.max(AbcdeReportVersion.version)).where(
            AbcdeReportVersion.process_id == process_id, AbcdeReportVersion.period_key == period_key,
            AbcdeReportVersion.author == author)).one()

    def build(version: int) -> AbcdeReportVersion:
        return AbcdeReportVersion(process_id=process_id, period_key=period_key, period_start=period_start,
                                  period_end=period_end, author=author, version=version, value=value, via=via)

    return append_versioned(session, current_max=current_max, build=build)


def report_versions(session: Session, *, process_id: int, period_key: str, author: str) -> list[AbcdeReportVersion]:
    statement = (select(AbcdeReportVersion)
                 .where(AbcdeReportVersion.process_id == process_id, AbcdeReportVersion.period_key == period_key,
                        AbcdeReportVersion.author == author)
                 .order_by(col(AbcdeReportVersion.version)))
    return list(session.exec(statement).all())


def latest_reports(session: Session, *, process_id: int, since: datetime | None = None,
                   until: datetime | None = None) -> list[AbcdeReportVersion]:
    """The newest version per (period, author) of periods overlapping [since, until), oldest period first."""
    statement = select(AbcdeReportVersion).where(AbcdeReportVersion.process_id == process_id)
    if since is not None:
        statement = statement.where(col(AbcdeReportVersion.period_end) > since)
    if until is not None:
        statement = statement.where(col(AbcdeReportVersion.period_start) < until)
    newest: dict[tuple[str, str], AbcdeReportVersion] = {}
    for row in session.exec(statement.order_by(col(AbcdeReportVersion.version))).all():
        newest[(row.period_key, row.author)] = row
    return sorted(newest.values(), key=lambda r: (r.period_start, r.period_key, r.author))


# ---------------------------------------------------------------- once-only reminders and posts

def claim_dispatch(session: Session, *, schedule_id: int, user_id: str, period_key: str, kind: str,
                   instance: str) -> AbcdeDispatch | None:
    """Insert the (schedule, user, period, kind) row before sending. None when another instance has it;
    a row left `failed` by an earlier attempt is taken over by exactly one claimer: on PostgreSQL the
    failed row is locked with SELECT … FOR UPDATE SKIP LOCKED, so a second claimer passes it by at once
    instead of waiting (SQLite: the write lock serialises the claimers)."""
    row = AbcdeDispatch(schedule_id=schedule_id, user_id=user_id, period_key=period_key, kind=kind,
                        instance=instance)
    if insert_unique(session, row):
        return row
    failed = session.exec(select(AbcdeDispatch).where(
        AbcdeDispatch.schedule_id == schedule_id, AbcdeDispatch.user_id == user_id,
        AbcdeDispatch.period_key == period_key, AbcdeDispatch.kind == kind, AbcdeDispatch.status == "failed")
        .with_for_update(skip_locked=True).execution_options(populate_existing=True)).first()
    if failed is None:
        return None
    session.execute(update(AbcdeDispatch).where(col(AbcdeDispatch.id) == failed.id).values(
        status="claimed", instance=instance, error=None))
    return get_dispatch(session, schedule_id=schedule_id, user_id=user_id, period_key=period_key, kind=kind)


@contextmanager
def schedule_turn(engine: Engine, *, schedule_id: int) -> Iterator[bool]:
    """This instance's turn at one schedule for a round of reminders. PostgreSQL: the schedule's row stays
    locked (SELECT … FOR NO KEY UPDATE SKIP LOCKED: the dispatch rows' foreign key checks in the round
    still pass) until the round is done, and False means another instance is doing the round right now
    (it sends them). SQLite: always True (a held transaction would take the one
    write lock). Either way the dispatch claims decide what is sent: each reminder once."""
    if engine.dialect.name != "postgresql":
        yield True
        return
    from storage.db import session_scope

    with session_scope(engine) as session:
        row = session.exec(select(AbcdeSchedule.id).where(AbcdeSchedule.id == schedule_id)
                           .with_for_update(skip_locked=True, key_share=True)).first()
        yield row is not None


def get_dispatch(session: Session, *, schedule_id: int, user_id: str, period_key: str,
                 kind: str) -> AbcdeDispatch | None:
    statement = select(AbcdeDispatch).where(
        AbcdeDispatch.schedule_id == schedule_id, AbcdeDispatch.user_id == user_id,
        AbcdeDispatch.period_key == period_key, AbcdeDispatch.kind == kind)
    row = session.exec(statement.execution_options(populate_existing=True)).first()
    return row


def finish_dispatch(session: Session, *, dispatch_id: int, ok: bool, channel_id: str | None = None,
                    message_ts: str | None = None, error: str | None = None) -> None:
    session.execute(update(AbcdeDispatch).where(col(AbcdeDispatch.id) == dispatch_id).values(
        status="sent" if ok else "failed", channel_id=channel_id, message_ts=message_ts,
        error=(error or "")[:200] or None))


def claim_post(session: Session, *, process_id: int, period_key: str, author: str) -> tuple[AbcdePost, bool]:
    row = AbcdePost(process_id=process_id, period_key=period_key, author=author)
    if insert_unique(session, row):
        return row, True
    existing = session.exec(select(AbcdePost).where(AbcdePost.process_id == process_id,
                                                    AbcdePost.period_key == period_key,
                                                    AbcdePost.author == author)).first()
    assert existing is not None
    return existing, False


def set_post(session: Session, *, post_id: int, channel_id: str, message_ts: str) -> None:
    session.execute(update(AbcdePost).where(col(AbcdePost.id) == post_id).values(
        channel_id=channel_id, message_ts=message_ts))
