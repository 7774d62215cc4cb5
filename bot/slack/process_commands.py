"""The /coach subcommands that act on the channel's process: status, steg, fortsätt, roller, roll, export,
språk, namn, arkivera, underlag, sammanfatta, beslut. Each is `(deps, client, cmd, context)`; the slash
command itself (bot.slack.commands) parses, resolves the request's context once (actor, process, the
asker's language: bot.slack.context) and dispatches here. What only the asker sees is in their language;
what the channel is told, in the process's; a direct message to another person, in that person's."""

from __future__ import annotations

from collections.abc import Callable

from slack_sdk import WebClient

from bot.access import REMOVE_WORDS
from bot.data_service import as_text
from bot.service import Actor, ProcessRef
from bot.slack.blocks import escape, section
from bot.slack.context import RequestContext
from bot.slack.deps import Deps
from bot.slack.gates import open_decision, post_summary, post_underlag, require_coordinator
from bot.slack.messages import members_blocks, status_blocks
from bot.slack.models import CommandIn, mentioned_user
from bot.slack.texts import role_name, st
from flows.state import Continue, GoTo


def ephemeral(client: WebClient, cmd: CommandIn, text: str, blocks=None) -> None:
    client.chat_postEphemeral(channel=cmd.channel_id, user=cmd.user_id, text=text, blocks=blocks or [section(text)])


def status(deps: Deps, client: WebClient, cmd: CommandIn, context: RequestContext) -> None:
    actor, process, lang = context.actor, context.process, context.language
    current = deps.service.status(process=process, actor=actor, language=lang)
    ephemeral(client, cmd, process.name, status_blocks(current, lang))


def step(deps: Deps, client: WebClient, cmd: CommandIn, context: RequestContext) -> None:
    actor, process, lang = context.actor, context.process, context.language
    total = len(deps.service.flow_of(process).steps)
    arg = cmd.rest.strip()
    if arg and not (arg.isdigit() and 1 <= int(arg) <= total):
        ephemeral(client, cmd, st("bad_step", lang, n=total))
        return
    result = deps.service.act(process=process, actor=actor, event=GoTo(int(arg)) if arg else Continue())
    deps.conversation.show_prompt(client, process, actor, result.prompt, asked=True)


def go_on(deps: Deps, client: WebClient, cmd: CommandIn, context: RequestContext) -> None:
    actor, process = context.actor, context.process
    result = deps.service.act(process=process, actor=actor, event=Continue())
    deps.conversation.show_prompt(client, process, actor, result.prompt, asked=True)


def roles(deps: Deps, client: WebClient, cmd: CommandIn, context: RequestContext) -> None:
    actor, process, lang = context.actor, context.process, context.language
    members = deps.service.membership.members(process=process, actor=actor)
    ephemeral(client, cmd, process.name, members_blocks(process.name, members, lang))


def step_arg(deps: Deps, client: WebClient, cmd: CommandIn, process: ProcessRef, actor: Actor | None = None,
             lang: str | None = None) -> int | None:
    """The step number after the subcommand; with `actor`, none given means the current step.
    None (after telling the person how, in `lang`) when it is missing or out of range."""
    total = len(deps.service.flow_of(process).steps)
    arg = cmd.rest.strip()
    if not arg and actor is not None:
        return deps.service.state(process=process, actor=actor).current_step or 1
    if arg.isdigit() and 1 <= int(arg) <= total:
        return int(arg)
    ephemeral(client, cmd, st("bad_step_arg", lang or process.language, n=total, word=cmd.word))
    return None


def role(deps: Deps, client: WebClient, cmd: CommandIn, context: RequestContext) -> None:
    actor, process, lang = context.actor, context.process, context.language
    parts = cmd.rest.split()
    who = mentioned_user(parts[0]) if len(parts) == 2 else None
    if who is None:
        ephemeral(client, cmd, st("role_usage", lang))
        return
    if parts[1].lower() in REMOVE_WORDS:  # `/coach roll @x ingen` takes them out of the process
        deps.service.membership.remove_member(process=process, actor=actor, user_id=who[0])
        ephemeral(client, cmd, st("member_removed", lang, user=who[0]))
        if who[0] != cmd.user_id:
            _tell_removed(client, cmd, process, who[0], deps.reader_language(who[0], process))
        return
    new_role = parts[1].lower()
    name = deps.names([who[0]]).get(who[0], who[1])  # Slack's real name, else the mention's handle
    deps.service.membership.set_role(process=process, actor=actor, user_id=who[0], role=new_role, display_name=name)
    ephemeral(client, cmd, st("role_set", lang, user=who[0], role=escape(role_name(new_role, lang))))
    if who[0] != cmd.user_id:
        _tell_role(client, cmd, process, who[0], new_role, deps.reader_language(who[0], process))


def _direct(client: WebClient, user_id: str, text: str) -> None:
    dm = client.conversations_open(users=user_id)["channel"]["id"]
    client.chat_postMessage(channel=dm, text=text, blocks=[section(text)])


def _tell_role(client: WebClient, cmd: CommandIn, process: ProcessRef, user_id: str, new_role: str,
               lang: str) -> None:
    """The person whose role changed is told privately, in a direct message from the app, in `lang`: theirs
    (Deps.reader_language), not the actor's."""
    _direct(client, user_id, st("role_told", lang, by=cmd.user_id, role=escape(role_name(new_role, lang)),
                                name=escape(process.name), channel=process.channel_id or cmd.channel_id,
                                what=st(f"role_what_{new_role}", lang)))


def _tell_removed(client: WebClient, cmd: CommandIn, process: ProcessRef, user_id: str, lang: str) -> None:
    """The person taken out of a process is told privately too, in their language `lang`."""
    _direct(client, user_id, st("removed_told", lang, by=cmd.user_id, name=escape(process.name),
                                channel=process.channel_id or cmd.channel_id))


def _tell_channel(client: WebClient, cmd: CommandIn, text: str) -> None:
    client.chat_postMessage(channel=cmd.channel_id, text=text, blocks=[section(text)])


def language(deps: Deps, client: WebClient, cmd: CommandIn, context: RequestContext) -> None:
    """`/coach språk en|sv`: coordinators switch the process's language; the channel is told, and the
    current question is asked again in the new language."""
    actor, process, lang = context.actor, context.process, context.language
    if not cmd.rest.strip():
        ephemeral(client, cmd, st("language_usage", lang, current=st("language_name", process.language)))
        return
    changed = deps.service.set_language(process=process, actor=actor, language=cmd.rest.strip().split()[0])
    _tell_channel(client, cmd, st("language_set", changed.language, user=cmd.user_id))
    current = deps.service.status(process=changed, actor=actor)
    for line in current.steps:
        deps.conversation.refresh_parent(client, changed, actor, line.number)
    deps.conversation.show_prompt(client, changed, actor, current.prompt, asked=True)


def rename(deps: Deps, client: WebClient, cmd: CommandIn, context: RequestContext) -> None:
    """`/coach namn <nytt namn>`: coordinators rename the process; the channel is told."""
    actor, process, lang = context.actor, context.process, context.language
    if not cmd.rest.strip():
        ephemeral(client, cmd, st("rename_usage", lang, name=escape(process.name)))
        return
    renamed = deps.service.rename_process(process=process, actor=actor, name=cmd.rest)
    _tell_channel(client, cmd, st("renamed", renamed.language, name=escape(renamed.name), user=cmd.user_id))


def archive(deps: Deps, client: WebClient, cmd: CommandIn, context: RequestContext) -> None:
    actor, process = context.actor, context.process
    archived = deps.service.archive_process(process=process, actor=actor)
    _tell_channel(client, cmd, st("archived", archived.language, name=escape(archived.name), user=cmd.user_id))


def export(deps: Deps, client: WebClient, cmd: CommandIn, context: RequestContext) -> None:
    """The whole process as JSON (coach import can read it), sent privately as a file in a DM."""
    actor, process, lang = context.actor, context.process, context.language
    document = as_text(deps.service.export(process=process, actor=actor))  # coordinators only (audited)
    dm = client.conversations_open(users=cmd.user_id)["channel"]["id"]
    name = "".join(ch if ch.isalnum() else "-" for ch in process.name.lower()).strip("-") or "process"
    client.files_upload_v2(channel=dm, content=document, filename=f"{name}.json", title=process.name,
                           initial_comment=st("export_sent", lang, name=escape(process.name)))
    ephemeral(client, cmd, st("export_done", lang))


def underlag(deps: Deps, client: WebClient, cmd: CommandIn, context: RequestContext) -> None:
    actor, process, lang = context.actor, context.process, context.language
    if (n := step_arg(deps, client, cmd, process, lang=lang)) is not None:
        require_coordinator(deps, process, actor, "underlag")  # refuse before the slow work
        ephemeral(client, cmd, st("underlag_started", lang, n=n))
        post_underlag(deps, client, process, actor, n)


def summary(deps: Deps, client: WebClient, cmd: CommandIn, context: RequestContext) -> None:
    actor, process, lang = context.actor, context.process, context.language
    if (n := step_arg(deps, client, cmd, process, actor=actor, lang=lang)) is not None:
        post_summary(deps, client, process, actor, n)
        ephemeral(client, cmd, st("summary_posted", lang, n=n))


def decision(deps: Deps, client: WebClient, cmd: CommandIn, context: RequestContext) -> None:
    process, lang = context.process, context.language
    if (n := step_arg(deps, client, cmd, process, lang=lang)) is not None:
        open_decision(deps, client, cmd.trigger_id, context, n, cmd.channel_id)


ON_PROCESS: dict[str, Callable[[Deps, WebClient, CommandIn, RequestContext], None]] = {
    "status": status, "step": step, "continue": go_on, "roles": roles, "role": role, "export": export,
    "language": language, "rename": rename, "archive": archive, "underlag": underlag, "summary": summary,
    "decision": decision,
}
