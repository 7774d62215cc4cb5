"""Answer versions and gate decisions: append-only, one new version per save, never updated."""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, func
from sqlmodel import Session, col, select

from storage.models import VIAS, AnswerVersion, GateDecisionRecord
from storage.repository._common import append_versioned, check_choice, lock_process


def append_answer(session: Session, *, process_id: int, question_id: str, value: dict[str, Any] | None,
                  skipped: bool = False, warnings: list[str] | None = None, author: str,
                  via: str, origin: str | None = None) -> AnswerVersion:
    """Store a new version of an answer (previous max + 1), safe when two people save at once.

    `value` is the typed answer as `model.model_dump(mode="json")`, or None when skipped; `origin` names
    what its author was shown (the question message or modal it came from).
    """
    check_choice(via, VIAS, "kanal")
    lock_process(session, process_id)

    def current_max() -> int | None:
        return session.exec(select(func.max(AnswerVersion.version)).where(
            AnswerVersion.process_id == process_id, AnswerVersion.question_id == question_id)).one()

    def build(version: int) -> AnswerVersion:
        return AnswerVersion(process_id=process_id, question_id=question_id, version=version, value=value,
                             skipped=skipped, warnings=list(warnings or []), author=author, via=via,
                             origin=origin)

    return append_versioned(session, current_max=current_max, build=build)


def latest_answers(session: Session, *, process_id: int) -> dict[str, AnswerVersion]:
    """The newest version of every answered question, in one query."""
    newest = (select(AnswerVersion.question_id, func.max(AnswerVersion.version).label("version"))
              .where(AnswerVersion.process_id == process_id)
              .group_by(AnswerVersion.question_id)
              .subquery())
    statement = (select(AnswerVersion)
                 .join(newest, and_(col(AnswerVersion.question_id) == newest.c.question_id,
                                    col(AnswerVersion.version) == newest.c.version))
                 .where(AnswerVersion.process_id == process_id)
                 .order_by(col(AnswerVersion.question_id)))
    return {row.question_id: row for row in session.exec(statement).all()}


def answer_history(session: Session, *, process_id: int, question_id: str) -> list[AnswerVersion]:
    """Every version of one answer, oldest first."""
    statement = (select(AnswerVersion)
                 .where(AnswerVersion.process_id == process_id, AnswerVersion.question_id == question_id)
                 .order_by(col(AnswerVersion.version)))
    return list(session.exec(statement).all())


def record_decision(session: Session, *, process_id: int, step_number: int, value: dict[str, Any],
                    unmet: list[str] | None = None, author: str, via: str) -> GateDecisionRecord:
    """Store a gate decision (GateDecision fields as a JSON dict) as a new version for the step."""
    check_choice(via, VIAS, "kanal")
    lock_process(session, process_id)

    def current_max() -> int | None:
        return session.exec(select(func.max(GateDecisionRecord.version)).where(
            GateDecisionRecord.process_id == process_id,
            GateDecisionRecord.step_number == step_number)).one()

    def build(version: int) -> GateDecisionRecord:
        return GateDecisionRecord(process_id=process_id, step_number=step_number, version=version,
                                  value=value, unmet=list(unmet or []), author=author, via=via)

    return append_versioned(session, current_max=current_max, build=build)


def latest_decisions(session: Session, *, process_id: int) -> dict[int, GateDecisionRecord]:
    """The newest decision per step number, in one query."""
    newest = (select(GateDecisionRecord.step_number, func.max(GateDecisionRecord.version).label("version"))
              .where(GateDecisionRecord.process_id == process_id)
              .group_by(GateDecisionRecord.step_number)
              .subquery())
    statement = (select(GateDecisionRecord)
                 .join(newest, and_(col(GateDecisionRecord.step_number) == newest.c.step_number,
                                    col(GateDecisionRecord.version) == newest.c.version))
                 .where(GateDecisionRecord.process_id == process_id)
                 .order_by(col(GateDecisionRecord.step_number)))
    return {row.step_number: row for row in session.exec(statement).all()}
