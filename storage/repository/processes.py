"""Workspaces and processes: create, find, list, move the cursor."""

from __future__ import annotations

from sqlmodel import Session, col, select

from storage.errors import AlreadyExists, InvalidValue
from storage.models import NAME, Member, Process, Workspace
from storage.repository._common import insert_unique, require_process
from storage.repository.abcde import get_schedule
from storage.repository.audit import audit


def ensure_workspace(session: Session, *, slack_team_id: str, name: str) -> Workspace:
    """The workspace for a Slack team, created on first sight (race-safe)."""
    statement = select(Workspace).where(Workspace.slack_team_id == slack_team_id)
    existing = session.exec(statement).first()
    if existing is not None:
        return existing
    workspace = Workspace(slack_team_id=slack_team_id, name=name)
    if insert_unique(session, workspace):
        return workspace
    return session.exec(statement).one()


def clean_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise InvalidValue("Processen behöver ett namn.", detail="empty process name")
    if len(cleaned) > NAME:
        raise InvalidValue(f"Namnet är för långt – högst {NAME} tecken.", detail=f"{len(cleaned)} chars")
    return cleaned


def name_taken_message(name: str, archived: bool = False) -> str:
    if archived:
        return (f"Det finns en arkiverad process som heter «{name}». Välj ett annat namn, eller be en "
                f"koordinator återställa den med «coach process restore \"{name}\"».")
    return f"Det finns redan en process som heter «{name}». Välj ett annat namn."


def create_process(session: Session, *, name: str, flow_id: str, flow_version: int, created_by: str,
                   workspace_id: int | None = None, channel_id: str | None = None,
                   creator_name: str | None = None, language: str = "sv") -> Process:
    """A new process; its creator becomes koordinator. AlreadyExists when the name is taken."""
    name = clean_name(name)
    if (existing := get_process(session, name=name, workspace_id=workspace_id)) is not None:
        raise AlreadyExists(name_taken_message(name, archived=existing.archived), detail=f"process {name!r} exists")
    process = Process(name=name, flow_id=flow_id, flow_version=flow_version, created_by=created_by,
                      workspace_id=workspace_id, channel_id=channel_id, language=language)
    if not insert_unique(session, process):
        raise AlreadyExists(name_taken_message(name), detail=f"process {name!r} created concurrently")
    assert process.id is not None
    session.add(Member(process_id=process.id, user_id=created_by, display_name=creator_name or created_by,
                       role="koordinator", added_by=created_by))
    audit(session, process_id=process.id, actor=created_by, action="process_created",
          detail={"name": name, "flow_id": flow_id, "flow_version": flow_version, "channel_id": channel_id})
    session.flush()
    return process


def in_workspace(workspace_id: int | None):
    """The processes of one workspace; None: those without one (one token, one workspace; the terminal)."""
    return col(Process.workspace_id).is_(None) if workspace_id is None else Process.workspace_id == workspace_id


def get_process(session: Session, *, name: str, workspace_id: int | None = None) -> Process | None:
    statement = select(Process).where(Process.name == " ".join(name.split()), in_workspace(workspace_id))
    return session.exec(statement).first()


def processes_named(session: Session, *, name: str) -> list[tuple[Process, Workspace | None]]:
    """Every process called `name`, in any workspace, with its workspace (the operator's commands)."""
    statement = (select(Process, Workspace).join(Workspace, Process.workspace_id == Workspace.id, isouter=True)
                 .where(Process.name == " ".join(name.split())).order_by(col(Process.id)))
    return [(process, workspace) for process, workspace in session.exec(statement).all()]


def get_process_by_id(session: Session, *, process_id: int) -> Process | None:
    return session.get(Process, process_id)


def get_process_by_channel(session: Session, *, channel_id: str, workspace_id: int | None = None) -> Process | None:
    """The active (not archived) process bound to a channel of a workspace; the newest if there were several.
    Channel ids are looked up within the workspace: another workspace's channel never finds this process."""
    statement = (select(Process)
                 .where(Process.channel_id == channel_id, col(Process.archived).is_(False),
                        in_workspace(workspace_id))
                 .order_by(col(Process.created_at).desc(), col(Process.id).desc()))
    return session.exec(statement).first()


ALL_WORKSPACES = -1  # list_processes: every workspace's processes (the operator's `coach process list`)


def list_processes(session: Session, *, user_id: str | None = None, include_archived: bool = False,
                   workspace_id: int | None = ALL_WORKSPACES) -> list[Process]:
    """All processes, or those `user_id` is a member of; by name. With `workspace_id` (None: those
    without a workspace), only that workspace's: a Slack user id says nothing across workspaces."""
    statement = select(Process)
    if workspace_id != ALL_WORKSPACES:
        statement = statement.where(in_workspace(workspace_id))
    if user_id is not None:
        statement = statement.join(Member, col(Member.process_id) == Process.id).where(
            Member.user_id == user_id)
    if not include_archived:
        statement = statement.where(col(Process.archived).is_(False))
    return list(session.exec(statement.order_by(Process.name, col(Process.id))).all())


def rename_process(session: Session, *, process_id: int, name: str, actor: str) -> Process:
    """Give a process a new name (unique in its workspace). Audited with the old and new name."""
    process = require_process(session, process_id)
    name = clean_name(name)
    if name == process.name:
        return process
    if get_process(session, name=name, workspace_id=process.workspace_id) is not None:
        raise AlreadyExists(name_taken_message(name), detail=f"process {name!r} exists")
    before = process.name
    process.name = name
    session.add(process)
    if not insert_unique(session, process):  # a concurrent rename or create took the name
        raise AlreadyExists(name_taken_message(name), detail=f"process {name!r} taken concurrently")
    audit(session, process_id=process_id, actor=actor, action="process_renamed", detail={"from": before, "to": name})
    return process


def set_archived(session: Session, *, process_id: int, archived: bool, actor: str) -> Process:
    """Archive a finished process (hidden from lists and its channel) or bring it back. Audited.

    A restored process whose channel another active process has taken meanwhile gives the channel up
    (channel_id None) and its ABCDE reminders are paused, so one channel never has two processes."""
    process = require_process(session, process_id)
    if process.archived == archived:
        return process
    detail: dict[str, object] = {"name": process.name}
    if not archived and process.channel_id:
        holder = get_process_by_channel(session, channel_id=process.channel_id, workspace_id=process.workspace_id)
        if holder is not None and holder.id != process.id:
            detail["channel_released"] = process.channel_id
            process.channel_id = None
            schedule = get_schedule(session, process_id=process_id)
            if schedule is not None:
                schedule.paused, schedule.channel_id, schedule.thread_ts = True, None, None
                session.add(schedule)
    process.archived = archived
    session.add(process)
    session.flush()
    audit(session, process_id=process_id, actor=actor,
          action="process_archived" if archived else "process_restored", detail=detail)
    return process


LANGUAGES = ("sv", "en")


def set_language(session: Session, *, process_id: int, language: str) -> Process:
    """The language of a process's UI texts ("sv" or "en")."""
    if language not in LANGUAGES:
        raise InvalidValue("Välj språk sv eller en.", detail=f"language={language!r}")
    process = require_process(session, process_id)
    process.language = language
    session.add(process)
    session.flush()
    return process


def set_cursor(session: Session, *, process_id: int, current_step: int, cursor: str | None) -> Process:
    """Remember where the conversation is: the step and the question being asked (None: none)."""
    if current_step < 1:
        raise InvalidValue("Stegnumret måste vara 1 eller större.", detail=f"current_step={current_step}")
    process = require_process(session, process_id)
    process.current_step = current_step
    process.cursor = cursor
    session.add(process)
    session.flush()
    return process
