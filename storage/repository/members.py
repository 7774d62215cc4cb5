"""Members of a process and their roles."""

from __future__ import annotations

from sqlmodel import Session, col, select

from storage.errors import AlreadyExists, NotFound
from storage.models import ROLES, Member
from storage.repository._common import check_choice, insert_unique, require_process
from storage.repository.audit import audit


def add_member(session: Session, *, process_id: int, user_id: str, display_name: str,
               role: str = "medlem", added_by: str) -> Member:
    check_choice(role, ROLES, "roll")
    require_process(session, process_id)
    member = Member(process_id=process_id, user_id=user_id, display_name=display_name, role=role,
                    added_by=added_by)
    if not insert_unique(session, member):
        raise AlreadyExists(f"{display_name} är redan med i processen.",
                            detail=f"member {user_id!r} exists in process {process_id}")
    audit(session, process_id=process_id, actor=added_by, action="member_added",
          detail={"user_id": user_id, "role": role})
    return member


def get_member(session: Session, *, process_id: int, user_id: str) -> Member | None:
    statement = select(Member).where(Member.process_id == process_id, Member.user_id == user_id)
    return session.exec(statement).first()


def set_role(session: Session, *, process_id: int, user_id: str, role: str, actor: str) -> Member:
    check_choice(role, ROLES, "roll")
    member = get_member(session, process_id=process_id, user_id=user_id)
    if member is None:
        raise NotFound("Personen är inte med i processen. Lägg till hen som medlem först.",
                       detail=f"member {user_id!r} not in process {process_id}")
    previous = member.role
    member.role = role  # type: ignore[assignment]  # checked above
    session.add(member)
    audit(session, process_id=process_id, actor=actor, action="role_changed",
          detail={"user_id": user_id, "from": previous, "to": role})
    session.flush()
    return member


def list_members(session: Session, *, process_id: int) -> list[Member]:
    statement = (select(Member).where(Member.process_id == process_id)
                 .order_by(col(Member.added_at), col(Member.id)))
    return list(session.exec(statement).all())


def remove_member(session: Session, *, process_id: int, user_id: str, actor: str, via: str | None = None) -> None:
    """Take a person out of a process. What they wrote stays (answer versions are append-only). Audited."""
    member = get_member(session, process_id=process_id, user_id=user_id)
    if member is None:
        raise NotFound("Personen är inte med i processen.", detail=f"member {user_id!r} not in process {process_id}")
    role = member.role
    session.delete(member)
    audit(session, process_id=process_id, actor=actor, action="member_removed",
          detail={"user_id": user_id, "role": role, **({"via": via} if via else {})})
    session.flush()
