"""/coach with Swedish subcommands and English aliases. Ack first; slow work (search) in a lazy listener.

This module parses the command, answers the ones without a process (ny, fråga, abcde, hjälp) and hands
the rest, with the channel's process found once, to bot.slack.process_commands."""

from __future__ import annotations

from dataclasses import replace

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.slack import guidance
from bot.slack.abcde.command import handle_abcde
from bot.slack.blocks import escape, help_blocks, section
from bot.slack.context import RequestContext
from bot.slack.deps import Deps
from bot.slack.models import CommandIn
from bot.slack.process_commands import ON_PROCESS, ephemeral
from bot.slack.texts import st

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
    def coach(ack: Ack, body: dict, client: WebClient) -> None:
        ack()
        cmd = CommandIn.parse(body)
        name = deps.names([cmd.user_id]).get(cmd.user_id, cmd.user_name)  # real name
        context = deps.context(cmd.user_id, cmd.channel_id, name=name)  # once: who, which process, language
        match subcommand(cmd.text):
            case "new":
                start(deps, client, cmd, context)
            case "ask":
                if not cmd.rest:  # the lazy listener answers a real query
                    ephemeral(client, cmd, st("need_query", context.language))
            case "abcde":
                handle_abcde(client, cmd, deps, context)
            case "help" | "unknown":
                help_(client, cmd, context.language)
            case other:
                process = context.process or deps.process_here(cmd.channel_id)  # none, or archived: said politely
                ON_PROCESS[other](deps, client, cmd, replace(context, process=process))

    def search_later(body: dict, client: WebClient) -> None:
        """Runs beside every /coach command; it claims the delivery only when it has a search to make: a
        claim for nothing could meet a database lock after `roll` or `ny` succeeded, and say "busy, try again"."""
        cmd = CommandIn.parse(body)
        if subcommand(cmd.text) != "ask" or not cmd.rest or not deps.deliveries.claim(body, "search_later"):
            return
        lang = deps.lang_for(cmd.user_id, cmd.channel_id)
        guidance.search(deps, body, client, cmd.rest, lang, lambda text, blocks: ephemeral(client, cmd, text, blocks))

    app.command("/coach")(ack=deps.guard(coach), lazy=[deps.guard(search_later, claim=False)])


def start(deps: Deps, client: WebClient, cmd: CommandIn, context: RequestContext) -> None:
    """`/coach ny <namn>`: a new process bound to this channel; its first question is posted."""
    actor = context.actor
    if not cmd.rest:
        ephemeral(client, cmd, st("need_name", context.language))
        return
    existing = context.process or deps.process_or_none(cmd.channel_id)  # an archived one refuses politely
    if existing is not None:
        ephemeral(client, cmd, st("already_bound", existing.language, name=escape(existing.name)))
        return
    process = deps.service.start_process(name=cmd.rest, actor=actor, flow_id=deps.flow_id,
                                         channel_id=cmd.channel_id, language=deps.default_lang,
                                         workspace_id=deps.workspace_id)
    text = st("created", process.language, name=escape(process.name), user=cmd.user_id)
    client.chat_postMessage(channel=cmd.channel_id, text=text, blocks=[section(text)])
    deps.conversation.show_prompt(client, process, actor)


def help_(client: WebClient, cmd: CommandIn, lang: str) -> None:
    blocks = help_blocks(lang)
    if cmd.text.strip() and subcommand(cmd.text) == "unknown":  # say why the list comes
        blocks = [section(st("unknown_subcommand", lang, word=escape(cmd.word))), *blocks]
    ephemeral(client, cmd, st("help", lang), blocks)
