"""The one access guard: who may do what in a process, checked in the service layer for every front end.

    with session_scope(db) as session:
        role = require_role(session, process, actor, COORDINATORS, action="export")
        role = require(session, process, actor, COORDINATE, action="rename")  # the services' needs

A person who is not a member, or whose role is not among those allowed, is refused with a polite message
in the process's language, and the refusal is audited (committed even though nothing else is stored).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Protocol

from bot.errors import AccessDenied, CoachError
from bot.i18n import t
from storage import repository as repo


class Role(StrEnum):
    """The roles of a process member, as stored (the guide's Swedish words)."""

    KOORDINATOR = "koordinator"
    PROJEKTLEDARE = "projektledare"
    MEDLEM = "medlem"


MEMBERS: frozenset[Role] = frozenset(Role)  # reading a process: answers, status, schedules, reports, underlag
REPORTERS: frozenset[Role] = frozenset({Role.KOORDINATOR, Role.PROJEKTLEDARE})  # ABCDE reports
COORDINATORS: frozenset[Role] = frozenset({Role.KOORDINATOR})  # roles, export, audit log, gates, settings
REMOVE_WORDS = ("ingen", "none", "bort", "remove")  # `roll <namn> ingen` removes a member
NEED = {MEMBERS: "read", REPORTERS: "report", COORDINATORS: "coordinate"}  # how refusals name the need
READ, WRITE, COORDINATE = "read", "write", "coordinate"  # what a call of the services needs (`require`)
ALLOWED = {READ: MEMBERS, WRITE: MEMBERS, COORDINATE: COORDINATORS}


class _Process(Protocol):
    id: int
    name: str
    language: str


class _Actor(Protocol):
    user_id: str


def require_role(session, process: _Process, actor: _Actor, allowed: frozenset[Role], *, action: str,
                 not_member: str | None = None, wrong_role: str | None = None) -> Role:
    """The actor's role when it is in `allowed`; otherwise the refusal is audited and AccessDenied raised.

    `not_member` / `wrong_role` replace the standard refusal texts (e.g. the ABCDE texts)."""
    member = repo.get_member(session, process_id=process.id, user_id=actor.user_id)
    if member is not None and member.role in allowed:
        return Role(member.role)
    need = NEED.get(allowed, ",".join(sorted(allowed)))
    repo.audit(session, process_id=process.id, actor=actor.user_id, action="refused",
               detail={"action": action, "need": need, "role": member.role if member else None})
    session.commit()  # the refusal is audited even though the request stores nothing else
    if member is None:
        raise AccessDenied(not_member or t(process.language, "refused_not_member", name=process.name))
    if wrong_role:
        raise AccessDenied(wrong_role)
    key = "refused_role" if allowed == COORDINATORS else "refused_reporter"
    raise AccessDenied(t(process.language, key, name=process.name))


def require(session, process: _Process, actor: _Actor, need: str, *, action: str) -> str:
    """The actor's role for a call that needs READ (a member), WRITE (a member; the process not archived)
    or COORDINATE (a koordinator; not archived, unless the call is the archiving or restoring itself).
    Refusals are audited (`require_role`)."""
    if need != READ and action != "archive":
        refuse_if_archived(session, process)
    return str(require_role(session, process, actor, ALLOWED[need], action=action))


def refuse_if_archived(session, process: _Process) -> None:
    """An archived process is read, not written (restoring it is the one change allowed)."""
    row = repo.get_process_by_id(session, process_id=process.id)
    if row is not None and row.archived:
        raise CoachError(t(process.language, "process_archived", name=process.name))
