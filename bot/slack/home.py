"""App Home: each person's dashboard across the processes they belong to."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.service import Status
from bot.slack import constants as c
from bot.slack.abcde.report import abcde_of
from bot.slack.abcde.report import home_blocks as abcde_home_blocks
from bot.slack.blocks import Block, button, context, divider, escape, header, plain, section
from bot.slack.context import RequestContext
from bot.slack.deps import Deps, named
from bot.slack.messages import gap_lines
from bot.slack.texts import role_name, st

ICONS = {"ej_paborjad": "○", "pagar": "◐", "redo_for_beslut": "◉", "beslutad": "✓"}
MAX_PROCESSES = 15  # 6 blocks each keeps the view under 100 blocks


def process_blocks(status: Status, lang: str = "sv", extra: list[Block] = ()) -> list[Block]:
    process = status.process
    steps = "  ".join(f"{ICONS[s.status]} {s.number}" for s in status.steps)
    blocks: list[Block] = [
        section(f"*{escape(process.name)}*"),
        context(st("home_channel", lang, channel=process.channel_id, role=role_name(status.role, lang))
                if process.channel_id else role_name(status.role, lang)),
        section(steps),
    ]
    prompt = status.prompt
    line = next((s for s in status.steps if prompt.step and s.number == prompt.step.number), None)
    if line is not None:
        state = st("gate_ready", lang) if not line.gaps else (st("gate_missing", lang) + "\n"
                                                              + gap_lines(line.gaps, lang))
        blocks.append(section(st("home_gate", lang, n=line.number, state=state)))
    if prompt.kind == "question":
        text = escape(prompt.question.text.get(lang))
        blocks.append(section(st("home_next", lang, text=text[:500]),
                              accessory=button(st("btn_continue", lang), c.CONTINUE, {"p": process.id})))
    blocks.extend(extra)
    blocks.append(divider())
    return blocks


def home_view(statuses: list[Status], lang: str = "sv", extras: dict[int, list[Block]] | None = None,
              own: str | None = None) -> dict[str, Any]:
    """The header, help and empty note in the person's language `lang`; each process in its own language,
    or all in `own`, the language of the person's Slack locale, when they have one."""
    blocks: list[Block] = [header(st("home_head", lang))]
    if not statuses:
        blocks.append(section(st("home_empty", lang)))
    for status in statuses[:MAX_PROCESSES]:
        blocks.extend(process_blocks(status, own or status.process.language,
                                     (extras or {}).get(status.process.id, [])))
    blocks.append(context(st("home_help", lang)))
    return {"type": "home", "blocks": blocks[: c.MAX_MODAL_BLOCKS]}


def publish_home(client: WebClient, deps: Deps, context: RequestContext) -> None:
    """Each process the person (the context's actor) belongs to, with this period's ABCDE report where they
    report: the frame in their language, each process in theirs where Slack tells one, else its own."""
    service, actor, own = deps.service, context.actor, context.own_language
    statuses = [service.status(process=p, actor=actor, language=own) for p in deps.processes_for(actor.user_id)]
    abcde = abcde_of(deps)
    extras = {s.process.id: abcde_home_blocks(abcde, s.process, actor.user_id, own) for s in statuses}
    client.views_publish(user_id=actor.user_id, view=home_view(statuses, context.language, extras=extras, own=own))


def status_modal(statuses: list[Status], lang: str = "sv", own: str | None = None) -> dict[str, Any]:
    """The global shortcut "Processens status": the same overview as App Home, in a modal."""
    view = home_view(statuses, lang, own=own)
    return {"type": "modal", "callback_id": c.SHORTCUT_STATUS, "title": plain("Processcoach", c.MAX_MODAL_TITLE),
            "close": plain(st("modal_close", lang)), "blocks": view["blocks"][1:] or [section(st("home_empty", lang))]}


def status_shortcut(deps: Deps, ack: Ack, body: dict, client: WebClient) -> None:
    """The global shortcut «Processens status»: the person's processes in a modal, in their language."""
    ack()
    context = deps.context(body["user"]["id"])
    actor, own = context.actor, context.own_language
    statuses = [deps.service.status(process=p, actor=actor, language=own) for p in deps.processes_for(actor.user_id)]
    client.views_open(trigger_id=body["trigger_id"], view=status_modal(statuses, context.language, own))


def register(app: App, deps: Deps) -> None:
    app.shortcut(c.SHORTCUT_STATUS)(deps.guard(named(status_shortcut, deps)))
