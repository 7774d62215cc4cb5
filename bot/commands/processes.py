"""`coach process list | rename | archive | restore`: look after a municipality's processes.

Renaming and archiving are coordinator work: the service checks that `--user` is a koordinator of the
process and audits a refusal. Archiving deletes nothing: the process leaves lists and its Slack
channel, `coach chat` refuses it, and `coach export` and `coach underlag` still read it.
"""

from __future__ import annotations

import getpass
import json

import typer

from bot.errors import CoachError
from bot.service import Actor, ProcessRef
from bot.settings import Settings
from bot.wiring import build_service, data_service
from storage.errors import StorageError

process_app = typer.Typer(help="Processerna: lista, byt namn, arkivera och återställ.", no_args_is_help=True)

USER_HELP = "vem du är, en koordinator i processen (standard: ditt inloggningsnamn)"


@process_app.command("list")
def list_command(
    archived: bool = typer.Option(False, "--archived", help="visa även arkiverade processer"),
    as_json: bool = typer.Option(False, "--json", help="en JSON-lista i stället för en tabell"),
) -> None:
    """Lista processerna med steg, kanal och om de är arkiverade."""
    try:
        rows = [row.as_dict() for row in data_service(Settings()).list_processes(archived=archived)]
    except StorageError as error:
        typer.echo(error.message, err=True)
        raise typer.Exit(1) from error
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False))
        return
    if not rows:
        typer.echo("Inga processer ännu. Starta en med «coach chat --process NAMN».")
        return
    for row in rows:
        where = f", kanal {row['channel_id']}" if row["channel_id"] else ""
        mark = " (arkiverad)" if row["archived"] else ""
        typer.echo(f"{row['name']}{mark} – steg {row['current_step']}{where}")


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


@process_app.command("rename")
def rename_command(
    process: str = typer.Argument(..., help="processens nuvarande namn"),
    new_name: str = typer.Argument(..., help="det nya namnet"),
    user: str = typer.Option(None, "--user", "-u", help=USER_HELP),
) -> None:
    """Byt namn på en process (namnet man anger för att nå den)."""
    _, after = _run(process, user, lambda s, ref, actor: s.rename_process(process=ref, actor=actor, name=new_name))
    typer.echo(f"Processen heter nu «{after.name}».")


@process_app.command("archive")
def archive_command(
    process: str = typer.Argument(..., help="processens namn"),
    user: str = typer.Option(None, "--user", "-u", help=USER_HELP),
) -> None:
    """Arkivera en avslutad process. Inget raderas; «coach process restore» tar tillbaka den."""
    _, after = _run(process, user, lambda s, ref, actor: s.archive_process(process=ref, actor=actor))
    typer.echo(f"Processen «{after.name}» är arkiverad. Inget är raderat.")


@process_app.command("restore")
def restore_command(
    process: str = typer.Argument(..., help="processens namn"),
    user: str = typer.Option(None, "--user", "-u", help=USER_HELP),
) -> None:
    """Återställ en arkiverad process."""
    before, after = _run(process, user,
                         lambda s, ref, actor: s.archive_process(process=ref, actor=actor, archived=False))
    typer.echo(f"Processen «{after.name}» är återställd.")
    if before.channel_id and not after.channel_id:
        typer.echo(f"Kanalen {before.channel_id} har fått en ny process under tiden, så «{after.name}» är inte "
                   "längre kopplad till någon kanal och dess ABCDE-påminnelser är pausade.")


@process_app.command("role")
def role_command(
    process: str = typer.Argument(..., help="processens namn"),
    person: str = typer.Argument(..., help="personens användar-id (Slack U…, eller terminalnamnet)"),
    role: str = typer.Argument(..., help="koordinator, projektledare, medlem – eller ingen (tar bort personen)"),
    user: str = typer.Option(None, "--user", "-u", help=USER_HELP),
    operator: str = typer.Option(None, "--operator",
                                 help="dataskyddsombud/IT: för en process utan koordinator (ditt namn loggas)"),
) -> None:
    """Ge någon en roll i processen, eller ta bort hen med rollen «ingen» (den sista koordinatorn blir kvar)."""
    from bot.access import REMOVE_WORDS

    role = role.lower()
    if operator:  # no coordinator left to ask (e.g. after an erasure): the operator acts, audited as such
        _run(process, f"operator:{operator}", lambda s, ref, actor: s.assign_as_operator(
            process=ref, actor=actor, user_id=person, role=role))
    else:
        _run(process, user, lambda s, ref, actor: s.set_role(process=ref, actor=actor, user_id=person, role=role))
    if role in REMOVE_WORDS:
        typer.echo(f"{person} är inte längre med i processen «{process}». Det hen har svarat finns kvar.")
    else:
        typer.echo(f"{person} är nu {role} i processen «{process}».")


@process_app.command("audit")
def audit_command(
    process: str = typer.Argument(..., help="processens namn"),
    user: str = typer.Option(None, "--user", "-u", help=USER_HELP),
    limit: int = typer.Option(50, "--limit", "-n", min=1, help="de senaste N händelserna"),
    as_json: bool = typer.Option(False, "--json", help="en JSON-lista i stället för rader"),
) -> None:
    """Processens händelselogg: vem gjorde vad och när (bara koordinatorer; en vägran loggas)."""
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
