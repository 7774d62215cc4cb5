"""`coach process list | rename | archive | restore`: look after a municipality's processes.

Renaming and archiving are coordinator work: the service checks that `--user` is a koordinator of the
process and audits a refusal. Archiving deletes nothing: the process leaves lists and its Slack
channel, `coach chat` refuses it, and `coach export` and `coach underlag` still read it.
"""

from __future__ import annotations

import getpass
import json

import typer

from bot.commands.texts import help_text, say
from bot.errors import CoachError
from bot.i18n import role_name
from bot.service import Actor, ProcessRef
from bot.settings import Settings
from bot.wiring import build_service, data_service
from storage.errors import StorageError

process_app = typer.Typer(help=help_text("process.help"), no_args_is_help=True)


def _user_option():
    return typer.Option(None, "--user", "-u", help=help_text("process.opt.user"))


def _process_argument():
    return typer.Argument(..., help=help_text("opt.process_name"))


def _language() -> str:
    return Settings().coach_language


@process_app.command("list", help=help_text("process.list.help"))
def list_command(
    archived: bool = typer.Option(False, "--archived", help=help_text("process.list.opt.archived")),
    as_json: bool = typer.Option(False, "--json", help=help_text("process.list.opt.json")),
) -> None:
    """The processes with step, channel and whether they are archived."""
    settings = Settings()
    lang = settings.coach_language
    try:
        rows = [row.as_dict() for row in data_service(settings).list_processes(archived=archived)]
    except StorageError as error:
        typer.echo(error.message, err=True)
        raise typer.Exit(1) from error
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False))
        return
    if not rows:
        typer.echo(say("process.list.none", lang))
        return
    for row in rows:
        where = say("process.list.channel", lang, channel=row["channel_id"]) if row["channel_id"] else ""
        mark = say("process.list.archived", lang) if row["archived"] else ""
        typer.echo(say("process.list.row", lang, name=row["name"], archived=mark, step=row["current_step"],
                       channel=where))


def _run(process: str, user: str | None, change) -> tuple[ProcessRef, ProcessRef]:
    """The process before and after `change(service, ref, actor)`."""
    settings = Settings()
    actor = Actor(user_id=user or getpass.getuser(), display_name=user or getpass.getuser(), via="cli")
    try:
        service = build_service(settings, with_guidance=False)
        ref = service.find_process(name=process, include_archived=True)
        return ref, change(service, ref, actor)
    except (CoachError, StorageError) as error:
        typer.echo(error.message, err=True)
        raise typer.Exit(1) from error


@process_app.command("rename", help=help_text("process.rename.help"))
def rename_command(
    process: str = typer.Argument(..., help=help_text("process.rename.opt.process")),
    new_name: str = typer.Argument(..., help=help_text("process.rename.opt.new_name")),
    user: str = _user_option(),
) -> None:
    """Rename a process (the name given to reach it)."""
    _, after = _run(process, user, lambda s, ref, actor: s.rename_process(process=ref, actor=actor, name=new_name))
    typer.echo(say("process.renamed", _language(), name=after.name))


@process_app.command("archive", help=help_text("process.archive.help"))
def archive_command(process: str = _process_argument(), user: str = _user_option()) -> None:
    """Archive a finished process; nothing is deleted."""
    _, after = _run(process, user, lambda s, ref, actor: s.archive_process(process=ref, actor=actor))
    typer.echo(say("process.archived", _language(), name=after.name))


@process_app.command("restore", help=help_text("process.restore.help"))
def restore_command(process: str = _process_argument(), user: str = _user_option()) -> None:
    """Restore an archived process (its channel only when no other process took it meanwhile)."""
    before, after = _run(process, user,
                         lambda s, ref, actor: s.archive_process(process=ref, actor=actor, archived=False))
    lang = _language()
    typer.echo(say("process.restored", lang, name=after.name))
    if before.channel_id and not after.channel_id:
        typer.echo(say("process.channel_taken", lang, channel=before.channel_id, name=after.name))


@process_app.command("role", help=help_text("process.role.help"))
def role_command(
    process: str = _process_argument(),
    person: str = typer.Argument(..., help=help_text("opt.person_id")),
    role: str = typer.Argument(..., help=help_text("process.role.opt.role")),
    user: str = _user_option(),
    operator: str = typer.Option(None, "--operator", help=help_text("process.role.opt.operator")),
) -> None:
    """Give someone a role in the process, or remove them (the last coordinator stays)."""
    from bot.access import REMOVE_WORDS

    role = role.lower()
    if operator:  # no coordinator left to ask (e.g. after an erasure): the operator acts, audited as such
        _run(process, f"operator:{operator}", lambda s, ref, actor: s.membership.assign_as_operator(
            process=ref, actor=actor, user_id=person, role=role))
    else:
        _run(process, user, lambda s, ref, actor: s.membership.set_role(process=ref, actor=actor, user_id=person,
                                                                        role=role))
    lang = _language()
    if role in REMOVE_WORDS:
        typer.echo(say("process.role.removed", lang, person=person, process=process))
    else:
        typer.echo(say("process.role.set", lang, person=person, role=role_name(role, lang), process=process))


@process_app.command("audit", help=help_text("process.audit.help"))
def audit_command(
    process: str = _process_argument(),
    user: str = _user_option(),
    limit: int = typer.Option(50, "--limit", "-n", min=1, help=help_text("process.audit.opt.limit")),
    as_json: bool = typer.Option(False, "--json", help=help_text("process.audit.opt.json")),
) -> None:
    """The process's event log: who did what and when (coordinators only; a refusal is audited)."""
    events: list[dict] = []
    _run(process, user, lambda s, ref, actor: events.extend(s.audit_log(process=ref, actor=actor, limit=limit)))
    if as_json:
        typer.echo(json.dumps([e | {"at": e["at"].isoformat()} for e in events], ensure_ascii=False))
        return
    for e in events:
        typer.echo(f"{e['at']:%Y-%m-%d %H:%M}  {e['actor']}  {e['action']}  "
                   f"{json.dumps(e['detail'], ensure_ascii=False)}")


def register(app: typer.Typer) -> None:
    app.add_typer(process_app, name="process")
