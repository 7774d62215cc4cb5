"""/coach with Swedish subcommands and English aliases. Ack first; slow work (search) in a lazy listener."""

from __future__ import annotations

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.abcde.slack_command import handle_abcde
from bot.access import REMOVE_WORDS
from bot.slack import guidance
from bot.slack.blocks import escape, help_blocks, section
from bot.slack.deps import Deps, slack_actor
from bot.slack.gates import open_decision, post_summary, post_underlag, require_coordinator
from bot.slack.messages import members_blocks, status_blocks
from bot.slack.models import CommandIn, mentioned_user
from bot.slack.texts import role_name, st
from flows.state import Continue, GoTo
from storage.export import dumps_export

ALIASES = {
    "ny": "new", "new": "new", "start": "new",
    "status": "status",
    "steg": "step", "step": "step",
    "fortsätt": "continue", "fortsatt": "continue", "continue": "continue", "next": "continue",
    "fråga": "ask", "fraga": "ask", "ask": "ask", "sök": "ask", "search": "ask",
    "roller": "roles", "roles": "roles",
    "roll": "role", "role": "role",
    "export": "export",
    "underlag": "underlag",
    "sammanfatta": "summary", "sammanfattning": "summary", "summary": "summary", "summarise": "summary",
    "summarize": "summary",
    "beslut": "decision", "besluta": "decision", "decision": "decision", "decide": "decision",
    "abcde": "abcde", "rapport": "abcde", "report": "abcde",
    "språk": "language", "sprak": "language", "language": "language", "lang": "language",
    "namn": "rename", "döp": "rename", "rename": "rename",
    "arkivera": "archive", "archive": "archive",
    "hjälp": "help", "hjalp": "help", "help": "help",
}


def subcommand(text: str) -> str:
    word = text.split(" ", 1)[0].lower() if text else ""
    return ALIASES.get(word, "unknown")


def register(app: App, deps: Deps) -> None:
    service, conversation = deps.service, deps.conversation

    def ephemeral(client: WebClient, cmd: CommandIn, text: str, blocks=None) -> None:
        client.chat_postEphemeral(channel=cmd.channel_id, user=cmd.user_id, text=text,
                                  blocks=blocks or [section(text)])

    def coach(ack: Ack, body: dict, client: WebClient) -> None:
        ack()
        cmd = CommandIn.parse(body)
        actor = slack_actor(cmd.user_id, deps.names([cmd.user_id]).get(cmd.user_id, cmd.user_name))  # real name
        match subcommand(cmd.text):
            case "new":
                start(client, cmd, actor)
            case "ask":
                if not cmd.rest:  # the lazy listener answers a real query
                    ephemeral(client, cmd, st("need_query", deps.lang_for(cmd.user_id, cmd.channel_id)))
            case "abcde":
                handle_abcde(client, cmd, deps)
            case "help" | "unknown":
                lang = deps.lang_for(cmd.user_id, cmd.channel_id)
                blocks = help_blocks(lang)
                if cmd.text.strip() and subcommand(cmd.text) == "unknown":  # say why the list comes
                    blocks = [section(st("unknown_subcommand", lang, word=escape(cmd.word))), *blocks]
                ephemeral(client, cmd, st("help", lang), blocks)
            case other:
                process = deps.process_here(cmd.channel_id)
                if other == "status":
                    status = service.status(process=process, actor=actor)
                    ephemeral(client, cmd, process.name, status_blocks(status, process.language))
                elif other == "step":
                    step(client, cmd, actor, process)
                elif other == "continue":
                    result = service.act(process=process, actor=actor, event=Continue())
                    conversation.show_prompt(client, process, actor, result.prompt, asked=True)
                elif other == "roles":
                    members = service.members(process=process, actor=actor)
                    ephemeral(client, cmd, process.name, members_blocks(process.name, members, process.language))
                elif other == "role":
                    role(client, cmd, actor, process)
                elif other == "export":
                    export(client, cmd, actor, process)
                elif other == "language":
                    language(client, cmd, actor, process)
                elif other == "rename":
                    rename(client, cmd, actor, process)
                elif other == "archive":
                    archived = service.archive_process(process=process, actor=actor)
                    text = st("archived", archived.language, name=escape(archived.name), user=cmd.user_id)
                    client.chat_postMessage(channel=cmd.channel_id, text=text, blocks=[section(text)])
                elif other == "underlag" and (n := step_arg(client, cmd, process)) is not None:
                    require_coordinator(deps, process, actor, "underlag")  # refuse before the slow work
                    ephemeral(client, cmd, st("underlag_started", process.language, n=n))
                    post_underlag(deps, client, process, actor, n)
                elif other == "summary" and (n := step_arg(client, cmd, process, actor=actor)) is not None:
                    post_summary(deps, client, process, actor, n)
                    ephemeral(client, cmd, st("summary_posted", process.language, n=n))
                elif other == "decision" and (n := step_arg(client, cmd, process)) is not None:
                    open_decision(deps, client, cmd.trigger_id, process, actor, n, cmd.channel_id)

    def start(client: WebClient, cmd: CommandIn, actor) -> None:
        if not cmd.rest:
            ephemeral(client, cmd, st("need_name", deps.lang_for(cmd.user_id, cmd.channel_id)))
            return
        existing = deps.process_or_none(cmd.channel_id)
        if existing is not None:
            ephemeral(client, cmd, st("already_bound", existing.language, name=escape(existing.name)))
            return
        process = service.start_process(name=cmd.rest, actor=actor, flow_id=deps.flow_id, channel_id=cmd.channel_id,
                                        language=deps.default_lang, workspace_id=deps.workspace_id)
        text = st("created", process.language, name=escape(process.name), user=cmd.user_id)
        client.chat_postMessage(channel=cmd.channel_id, text=text, blocks=[section(text)])
        conversation.show_prompt(client, process, actor)

    def step(client: WebClient, cmd: CommandIn, actor, process) -> None:
        total = len(service.flow_of(process).steps)
        arg = cmd.rest.strip()
        if arg and not (arg.isdigit() and 1 <= int(arg) <= total):
            ephemeral(client, cmd, st("bad_step", process.language, n=total))
            return
        event = GoTo(int(arg)) if arg else Continue()
        result = service.act(process=process, actor=actor, event=event)
        conversation.show_prompt(client, process, actor, result.prompt, asked=True)

    def step_arg(client: WebClient, cmd: CommandIn, process, actor=None) -> int | None:
        """The step number after the subcommand; with `actor`, none given means the current step.
        None (after telling the person how) when it is missing or out of range."""
        total = len(service.flow_of(process).steps)
        arg = cmd.rest.strip()
        if not arg and actor is not None:
            return service.state(process=process, actor=actor).current_step or 1
        if arg.isdigit() and 1 <= int(arg) <= total:
            return int(arg)
        ephemeral(client, cmd, st("bad_step_arg", process.language, n=total, word=cmd.word))
        return None

    def role(client: WebClient, cmd: CommandIn, actor, process) -> None:
        parts = cmd.rest.split()
        who = mentioned_user(parts[0]) if len(parts) == 2 else None
        if who is None:
            ephemeral(client, cmd, st("role_usage", process.language))
            return
        if parts[1].lower() in REMOVE_WORDS:  # `/coach roll @x ingen` takes them out of the process
            service.remove_member(process=process, actor=actor, user_id=who[0])
            ephemeral(client, cmd, st("member_removed", process.language, user=who[0]))
            if who[0] != cmd.user_id:
                tell_removed(client, cmd, process, who[0])
            return
        new_role = parts[1].lower()
        name = deps.names([who[0]]).get(who[0], who[1])  # Slack's real name, else the mention's handle
        service.set_role(process=process, actor=actor, user_id=who[0], role=new_role, display_name=name)
        ephemeral(client, cmd, st("role_set", process.language, user=who[0],
                                  role=escape(role_name(new_role, process.language))))
        if who[0] != cmd.user_id:
            tell_role(client, cmd, process, who[0], new_role)

    def tell_role(client: WebClient, cmd: CommandIn, process, user_id: str, new_role: str) -> None:
        """The person whose role changed is told privately, in a direct message from the app."""
        lang = process.language
        text = st("role_told", lang, by=cmd.user_id, role=escape(role_name(new_role, lang)),
                  name=escape(process.name), channel=process.channel_id or cmd.channel_id,
                  what=st(f"role_what_{new_role}", lang))
        dm = client.conversations_open(users=user_id)["channel"]["id"]
        client.chat_postMessage(channel=dm, text=text, blocks=[section(text)])

    def tell_removed(client: WebClient, cmd: CommandIn, process, user_id: str) -> None:
        """The person taken out of a process is told privately too."""
        text = st("removed_told", process.language, by=cmd.user_id, name=escape(process.name),
                  channel=process.channel_id or cmd.channel_id)
        dm = client.conversations_open(users=user_id)["channel"]["id"]
        client.chat_postMessage(channel=dm, text=text, blocks=[section(text)])

    def language(client: WebClient, cmd: CommandIn, actor, process) -> None:
        """`/coach språk en|sv`: coordinators switch the process's language; the channel is told, and the
        current question is asked again in the new language."""
        if not cmd.rest.strip():
            ephemeral(client, cmd, st("language_usage", process.language,
                                      current=st("language_name", process.language)))
            return
        changed = service.set_language(process=process, actor=actor, language=cmd.rest.strip().split()[0])
        text = st("language_set", changed.language, user=cmd.user_id)
        client.chat_postMessage(channel=cmd.channel_id, text=text, blocks=[section(text)])
        current = service.status(process=changed, actor=actor)
        for line in current.steps:
            conversation.refresh_parent(client, changed, actor, line.number)
        conversation.show_prompt(client, changed, actor, current.prompt, asked=True)

    def rename(client: WebClient, cmd: CommandIn, actor, process) -> None:
        """`/coach namn <nytt namn>`: coordinators rename the process; the channel is told."""
        if not cmd.rest.strip():
            ephemeral(client, cmd, st("rename_usage", process.language, name=escape(process.name)))
            return
        renamed = service.rename_process(process=process, actor=actor, name=cmd.rest)
        text = st("renamed", renamed.language, name=escape(renamed.name), user=cmd.user_id)
        client.chat_postMessage(channel=cmd.channel_id, text=text, blocks=[section(text)])

    def export(client: WebClient, cmd: CommandIn, actor, process) -> None:
        """The whole process as JSON (coach import can read it), sent privately as a file in a DM."""
        document = dumps_export(service.export(process=process, actor=actor))  # coordinators only (audited)
        dm = client.conversations_open(users=cmd.user_id)["channel"]["id"]
        name = "".join(ch if ch.isalnum() else "-" for ch in process.name.lower()).strip("-") or "process"
        client.files_upload_v2(channel=dm, content=document, filename=f"{name}.json", title=process.name,
                               initial_comment=st("export_sent", process.language, name=escape(process.name)))
        ephemeral(client, cmd, st("export_done", process.language))

    def search_later(body: dict, client: WebClient) -> None:
        cmd = CommandIn.parse(body)
        if subcommand(cmd.text) != "ask" or not cmd.rest:
            return
        lang = deps.lang_for(cmd.user_id, cmd.channel_id)
        guidance.search(deps, body, client, cmd.rest, lang, lambda text, blocks: ephemeral(client, cmd, text, blocks))

    app.command("/coach")(ack=deps.guard(coach), lazy=[deps.guard(search_later)])
