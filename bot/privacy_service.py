"""A person's data (GDPR) and retention, for the command line: who asks is checked and audited here.

- a koordinator (`--user`) must be koordinator of every process that holds anything about the person
  (bot.access.require_role; a refusal is audited in that process like any other);
- an operator (`--operator`: dataskyddsombud or IT) acts across processes, audited as operator:NAME.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from bot.access import COORDINATORS, require_role
from bot.errors import CoachError
from bot.service import Actor
from storage import repository as repo
from storage.db import session_scope
from storage.repository.privacy import Erasure, erase_person, person_export, person_processes, retention_cleanup


@dataclass(frozen=True)
class Requester:
    """Who asks: a koordinator's user id, or an operator's name."""

    user: str | None = None
    operator: str | None = None

    @property
    def audited_as(self) -> str:
        return f"operator:{self.operator}" if self.operator else str(self.user)


@dataclass(frozen=True)
class ErasureReport:
    erasure: Erasure
    requested_by: str
    orphaned: list[str]  # processes left without a koordinator (names)


class PrivacyService:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def _check(self, session, target: str, requester: Requester, names: Iterable[str], action: str) -> None:
        if requester.operator:
            return
        actor = Actor(user_id=requester.user or "", display_name=requester.user or "", via="cli")
        processes = person_processes(session, user_id=target, names=names)
        if not processes:
            raise CoachError.text("ui.privacy_not_found", target=target)
        for pid in sorted(processes):
            require_role(session, repo.get_process_by_id(session, process_id=pid), actor, COORDINATORS,
                         action=action)

    def export_person(self, *, target: str, requester: Requester, names: list[str]) -> dict[str, Any]:
        """Everything stored about `target` (nothing logged when nothing is stored, so an erased id is not
        stored anew)."""
        with session_scope(self.engine) as session:
            self._check(session, target, requester, names, "person_export")
            document = person_export(session, user_id=target, names=names)
            if document["data"]:
                repo.audit(session, process_id=None, actor=requester.audited_as, action="person_exported",
                           detail={"user_id": target, "operator": bool(requester.operator)})
            return document

    def erase_person(self, *, target: str, requester: Requester, names: list[str], dry_run: bool) -> ErasureReport:
        with session_scope(self.engine) as session:
            self._check(session, target, requester, names, "person_erase")
            result = erase_person(session, user_id=target, names=names, requested_by=requester.audited_as,
                                  operator=bool(requester.operator), dry_run=dry_run)
            orphaned = [] if dry_run else [
                p.name for pid in result.processes
                if (p := repo.get_process_by_id(session, process_id=pid)) is not None
                and not any(m.role == "koordinator" for m in repo.list_members(session, process_id=pid))]
            return ErasureReport(result, requester.audited_as, orphaned)

    def cleanup(self, *, audit_days: int, delivery_days: int, dry_run: bool) -> dict[str, int]:
        """Delete audit rows and processed Slack deliveries older than the retention settings (audited)."""
        with session_scope(self.engine) as session:
            counts = retention_cleanup(session, audit_days=audit_days, delivery_days=delivery_days, dry_run=dry_run)
            if not dry_run:
                repo.audit(session, process_id=None, actor="operator:cleanup", action="retention_cleanup",
                           detail={"deleted": counts, "audit_days": audit_days, "delivery_days": delivery_days})
            return counts
