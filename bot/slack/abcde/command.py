"""`/coach abcde …` in Slack: report now, schema (show/modal/set/pause/skip), historik, sammanfattning.

Called by bot/slack/commands.py for the `abcde` subcommand: `handle_abcde(client, cmd, deps)`, where
`cmd.rest` is the text after `abcde`. Answers are ephemeral except the step-7 summary, which is posted
in the channel with its indicator chart, since it is the team's material for learning.
"""

from __future__ import annotations

from dataclasses import replace
from zoneinfo import ZoneInfo

from slack_sdk import WebClient

from bot.abcde import texts
from bot.abcde.chart import indicator_chart
from bot.abcde.schedule import next_due
from bot.abcde.service import AbcdeService
from bot.abcde.syntax import Pause, SkipPeriod, parse, parse_date
from bot.abcde.views import ScheduleView
from bot.errors import CoachError
from bot.service import Actor, ProcessRef
from bot.slack.abcde.blocks import history_blocks, schedule_modal, summary_blocks
from bot.slack.abcde.report import abcde_of, open_report
from bot.slack.blocks import escape, section
from bot.slack.context import RequestContext
from bot.slack.deps import Deps
from bot.slack.models import CommandIn

HISTORY, SUMMARY, SCHEMA = ("historik", "history"), ("sammanfattning", "summary", "lärande"), ("schema", "schedule")


def handle_abcde(client: WebClient, cmd: CommandIn, deps: Deps, context: RequestContext | None = None) -> None:
    """`context`: the request's (bot.slack.context), resolved by /coach; its answers are in the person's
    language and time zone, the summary posted in the channel in the process's."""
    abcde = abcde_of(deps)
    context = context or deps.context(cmd.user_id, cmd.channel_id, name=cmd.user_name)
    context = replace(context, process=context.process or deps.process_here(cmd.channel_id))
    process, actor, lang = context.process, context.actor, context.language
    word, _, arg = cmd.rest.partition(" ")
    word = word.lower()

    def say(text: str, blocks: list | None = None) -> None:
        client.chat_postEphemeral(channel=cmd.channel_id, user=cmd.user_id, text=text, blocks=blocks or [section(text)])

    if not word or word in ("rapport", "ny"):
        open_report(client, abcde, context, cmd.trigger_id, None, cmd.channel_id)
    elif word in SCHEMA:
        schedule_command(client, abcde, process, actor, cmd, arg.strip(), say, lang, context.own_tz)
    elif word in HISTORY:
        since, until = dates(arg)
        reports = abcde.history(process, actor, since, until)
        title = texts.s("history_head", lang, process=escape(process.name), since=since or texts.s("since_start", lang),
                        until=until or texts.s("until_today", lang))
        say(title, history_blocks(title, reports, lang))
    elif word in SUMMARY:
        since, until = dates(arg)
        summary = abcde.summary(process, actor, since, until)
        lang = process.language  # the team's material, posted in the channel
        blocks = summary_blocks(process.name, summary, lang)
        posted = client.chat_postMessage(channel=cmd.channel_id, text=texts.s("summary_title", lang,
                                                                              process=process.name), blocks=blocks)
        png = indicator_chart(summary.indicators, texts.s("chart_title", lang))
        if png:
            client.files_upload_v2(channel=cmd.channel_id, thread_ts=posted["ts"], content=png,
                                   filename=texts.s("chart_file", lang), title=texts.s("chart_title", lang))
    else:
        say(texts.s("usage", lang))


def dates(arg: str):
    parts = arg.split()
    since = parse_date(parts[0]) if parts else None
    until = parse_date(parts[1]) if len(parts) > 1 else None
    return since, until


def schedule_command(client: WebClient, abcde: AbcdeService, process: ProcessRef, actor: Actor, cmd: CommandIn,
                     arg: str, say, lang: str, tz: str | None = None) -> None:
    """`lang` and `tz`: the asker's; the modal is in `lang` too, as the answer modals."""
    current = abcde.schedule_for(process, actor)  # members only; a refusal is audited
    if not arg:
        if abcde.coach.membership.role_of(process=process, user_id=actor.user_id) != "koordinator":
            if current is None:
                raise CoachError(texts.s("no_schedule", lang, process=process.name))
            say(describe(abcde, current, lang, tz))  # everyone may see the rhythm; only coordinators change it
            return
        client.views_open(trigger_id=cmd.trigger_id,
                          view=schedule_modal({"p": process.id, "c": cmd.channel_id}, current, lang,
                                              abcde.default_tz))
        return
    parsed = parse(arg)
    if isinstance(parsed, Pause):
        view = abcde.set_paused(process, actor, parsed.paused)
        say(texts.s("paused_set" if parsed.paused else "resumed", lang) + " " + describe(abcde, view, lang, tz))
    elif isinstance(parsed, SkipPeriod):
        view, period = abcde.skip(process, actor, parsed.day)
        say(texts.s("skipped", lang, period=view.label(period.key, lang)) + " " + describe(abcde, view, lang, tz))
    else:
        say(describe(abcde, abcde.set_schedule(process, actor, parsed), lang, tz))


def describe(abcde: AbcdeService, view: ScheduleView, lang: str = "sv", tz: str | None = None) -> str:
    """The rhythm and the next due time: in the rhythm's zone, or in `tz` (the asker's own) named."""
    text = view.describe(lang)
    if not view.paused:
        when = next_due(view.rhythm, max(abcde.clock(), view.active_from), view.skipped)
        zone = tz or view.rhythm.tz
        shown = when.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M")
        text += " " + texts.s("next_due", lang, when=shown if zone == view.rhythm.tz else f"{shown} ({zone})")
    return text

