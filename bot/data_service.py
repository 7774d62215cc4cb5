"""Whole processes in and out, for the command line: the operator's export, import, listing.

The CLI adapters (bot.commands) call this service and never open a database session themselves; the
koordinator's own export goes through CoachService.export (its guard checks the role)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from flows.answers import AbcdeReport
from flows.text import normalise_data
from storage import repository as repo
from storage.db import session_scope
from storage.export import dumps_export, export_process, import_process


@dataclass(frozen=True)
class Imported:
    name: str
    channel_id: str | None


@dataclass(frozen=True)
class ProcessRow:
    name: str
    current_step: int
    channel_id: str | None
    language: str
    archived: bool
    created_at: str

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


class DataService:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def export_as_operator(self, *, process_id: int, operator: str) -> str:
        """The export JSON text of a process for whoever runs the server (audited as operator:NAME)."""
        with session_scope(self.engine) as session:
            document = export_process(session, process_id=process_id)
            repo.audit(session, process_id=process_id, actor=f"operator:{operator}", action="exported",
                       detail={"via": "cli"})
        return as_text(document)

    def import_export(self, data: dict[str, Any], *, name: str | None, koordinator: str | None) -> Imported:
        """Store a checked export document; `koordinator` joins as koordinator when not already a member."""
        with session_scope(self.engine) as session:
            process = import_process(session, data=data, name=name, report_validator=AbcdeReport.model_validate)
            if koordinator and repo.get_member(session, process_id=process.id, user_id=koordinator) is None:
                repo.add_member(session, process_id=process.id, user_id=koordinator, display_name=koordinator,
                                role="koordinator", added_by="import")
            return Imported(name=process.name, channel_id=process.channel_id)

    def name_taken(self, name: str) -> bool:
        with session_scope(self.engine) as session:
            return repo.get_process(session, name=name) is not None

    def list_processes(self, *, archived: bool) -> list[ProcessRow]:
        with session_scope(self.engine) as session:
            return [ProcessRow(name=p.name, current_step=p.current_step, channel_id=p.channel_id,
                               language=p.language, archived=p.archived,
                               created_at=p.created_at.isoformat(timespec="seconds"))
                    for p in repo.list_processes(session, include_archived=archived)]


def as_text(document: dict[str, Any]) -> str:
    """Export JSON, normalised: text stored before input was cleaned (lone surrogates) must not crash it."""
    return dumps_export(normalise_data(document))  # type: ignore[arg-type]
