"""Who belongs to a process and with which role: giving and taking roles (coordinators, or the operator on
the server), the member list and the names to show, and the checks a front end makes before work that
is not a service call of its own (a thread reply, an underlag, a guidance click).

CoachService holds one as `service.membership`. The checks themselves are the one access guard's
(bot/access.py); the last koordinator of a process always keeps the role.
"""

from __future__ import annotations

from sqlalchemy import Engine

from bot.access import COORDINATE, READ, REMOVE_WORDS, WRITE, Role, require
from bot.errors import CoachError
from bot.i18n import t
from bot.refs import Actor, ProcessRef
from storage import repository as repo
from storage.db import session_scope

ROLES = ("koordinator", "projektledare", "medlem")


class MembershipService:
    def __init__(self, *, db: Engine) -> None:
        self._db = db

    # ---- roles ----------------------------------------------------------------------------------

    def set_role(self, *, process: ProcessRef, actor: Actor, user_id: str, role: str,
                 display_name: str | None = None) -> None:
        """Coordinators give a role; `ingen`/`none` removes the member (see remove_member). The last
        koordinator keeps the role: a process always has someone who can manage it."""
        if role in REMOVE_WORDS:
            self.remove_member(process=process, actor=actor, user_id=user_id)
            return
        if role not in ROLES:
            raise CoachError(t(process.language, "bad_role", roles=", ".join(ROLES)))
        with session_scope(self._db) as session:
            require(session, process, actor, COORDINATE, action="set_role")
            member = repo.get_member(session, process_id=process.id, user_id=user_id)
            if member is None:
                repo.add_member(session, process_id=process.id, user_id=user_id,
                                display_name=display_name or user_id, role=role, added_by=actor.user_id)
            else:
                if role != Role.KOORDINATOR:
                    _keep_a_coordinator(session, process, member)
                repo.set_role(session, process_id=process.id, user_id=user_id, role=role, actor=actor.user_id)

    def remove_member(self, *, process: ProcessRef, actor: Actor, user_id: str) -> str:
        """Coordinators remove a member (their answers stay, authored by them). Audited; the name they had
        is returned. The last koordinator cannot be removed."""
        with session_scope(self._db) as session:
            require(session, process, actor, COORDINATE, action="remove_member")
            member = repo.get_member(session, process_id=process.id, user_id=user_id)
            if member is None:
                raise CoachError(t(process.language, "not_a_member", user=user_id, name=process.name))
            _keep_a_coordinator(session, process, member)
            name = member.display_name
            repo.remove_member(session, process_id=process.id, user_id=user_id, actor=actor.user_id,
                               via=actor.via)
            return name

    def assign_as_operator(self, *, process: ProcessRef, actor: Actor, user_id: str, role: str) -> None:
        """The CLI's `--operator` (dataskyddsombud/IT on the server) gives a role or removes a member without
        being a koordinator — for a process nobody can manage any more. Audited under the operator's name."""
        if role not in ROLES and role not in REMOVE_WORDS:
            raise CoachError(t(process.language, "bad_role", roles=", ".join(ROLES)))
        with session_scope(self._db) as session:
            member = repo.get_member(session, process_id=process.id, user_id=user_id)
            if member is not None and role != Role.KOORDINATOR:
                _keep_a_coordinator(session, process, member)
            if member is None and role in REMOVE_WORDS:
                raise CoachError(t(process.language, "not_a_member", user=user_id, name=process.name))
            if role in REMOVE_WORDS:
                repo.remove_member(session, process_id=process.id, user_id=user_id, actor=actor.user_id,
                                   via=actor.via)
            elif member is None:
                repo.add_member(session, process_id=process.id, user_id=user_id, display_name=user_id, role=role,
                                added_by=actor.user_id)
            else:
                repo.set_role(session, process_id=process.id, user_id=user_id, role=role, actor=actor.user_id)

    # ---- who is in it ---------------------------------------------------------------------------

    def members(self, *, process: ProcessRef, actor: Actor) -> list[tuple[str, str, str]]:
        with session_scope(self._db) as session:
            require(session, process, actor, READ, action="members")
            return [(m.user_id, m.display_name, m.role) for m in repo.list_members(session, process_id=process.id)]

    def names(self, *, process: ProcessRef, actor: Actor, user_ids: set[str] | frozenset[str] = frozenset()
              ) -> dict[str, str]:
        """user id → the name to show people, for the process's members and `user_ids` (people mentioned in
        answers): the people directory Slack filled first, else the name a member was added with."""
        from storage.repository.people import member_names, people_names

        with session_scope(self._db) as session:
            require(session, process, actor, READ, action="members")
            members = repo.list_members(session, process_id=process.id)
            wanted = {m.user_id for m in members} | set(user_ids)
            added = {m.user_id: m.display_name for m in members if m.display_name}
            return {**added, **member_names(session, user_ids=wanted), **people_names(session, user_ids=wanted)}

    def role_of(self, *, process: ProcessRef, user_id: str) -> str | None:
        with session_scope(self._db) as session:
            member = repo.get_member(session, process_id=process.id, user_id=user_id)
            return member.role if member else None

    # ---- checks before work outside the services' calls -----------------------------------------

    def require_member(self, *, process: ProcessRef, actor: Actor, action: str = "read") -> str:
        """The actor's role; a polite, audited refusal for someone who is not a member."""
        with session_scope(self._db) as session:
            return require(session, process, actor, READ, action=action)

    def require_writer(self, *, process: ProcessRef, actor: Actor, action: str = "reply") -> str:
        """The actor's role when they may answer in the process (a member, the process not archived);
        otherwise a polite, audited refusal."""
        with session_scope(self._db) as session:
            return require(session, process, actor, WRITE, action=action)

    def require_coordinator(self, *, process: ProcessRef, actor: Actor, action: str) -> None:
        """For coordinator-only work outside `act` (underlag, exports): refused politely and audited."""
        with session_scope(self._db) as session:
            require(session, process, actor, COORDINATE, action=action)


def _keep_a_coordinator(session, process: ProcessRef, member) -> None:
    """Refuse (politely) to take the role from the process's only koordinator."""
    if member.role != Role.KOORDINATOR:
        return
    repo.lock_process(session, process.id)  # two coordinators removing each other at once: one stays
    coordinators = [m for m in repo.list_members(session, process_id=process.id) if m.role == Role.KOORDINATOR]
    if len(coordinators) <= 1:
        raise CoachError(t(process.language, "last_coordinator", user=member.display_name, name=process.name))
