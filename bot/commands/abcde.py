"""`coach abcde NAME` (file an ABCDE report field by field; schedule, history, summary) and
`coach reminders run-due` (send due reminders and nudges: the cron equivalent of the bot's scheduler)."""

from __future__ import annotations

import getpass
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import typer
from pydantic import ValidationError

from bot.abcde import texts
from bot.abcde.service import AbcdeService
from bot.abcde.syntax import Pause, SkipPeriod, parse, parse_date
from bot.abcde.terminal import print_history, print_schedule, print_summary
from bot.commands.texts import help_text, say
from bot.errors import CoachError
from bot.forms import FormDriver, FormInterrupted
from bot.i18n import t
from bot.service import Actor
from bot.settings import Settings
from bot.slack.abcde.publish import SendErrors, publish_report, run_due, workspace_client
from bot.wiring import build_service
from flows.answers import AbcdeReport
from flows.validation import swedish_problems
from storage.errors import StorageError

reminders = typer.Typer(help=help_text("abcde.reminders.help"), no_args_is_help=True)


def _services(settings: Settings) -> AbcdeService:
    coach = build_service(settings, with_guidance=False)
    return AbcdeService(coach, coach.engine, default_tz=settings.coach_timezone)


def _client(settings: Settings, engine):
    from bot.slack.app import outside_client  # slack_sdk only when Slack is used

    return outside_client(settings, engine)


def _ask(prompt: str) -> str | None:
    if sys.stdin.isatty():
        try:
            return input(prompt)
        except EOFError:
            return None
    typer.echo(prompt, nl=False)
    line = sys.stdin.readline()
    if not line:
        return None
    typer.echo(line.rstrip("\n"))
    return line.rstrip("\n")


def abcde(
    name: str = typer.Argument(..., help=help_text("opt.process_name")),
    user: str = typer.Option(None, "--user", "-u", help=help_text("opt.user_login")),
    schedule: str = typer.Option(None, "--schedule", help=help_text("abcde.opt.schedule")),
    history: bool = typer.Option(False, "--history", help=help_text("abcde.opt.history")),
    summary: bool = typer.Option(False, "--summary", help=help_text("abcde.opt.summary")),
    since: str = typer.Option(None, "--from", help=help_text("abcde.opt.from")),
    until: str = typer.Option(None, "--to", help=help_text("abcde.opt.to")),
    chart: Path = typer.Option(None, "--chart", help=help_text("abcde.opt.chart")),
    post: bool = typer.Option(True, "--post/--no-post", help=help_text("abcde.opt.post")),
) -> None:
    """File an ABCDE report field by field, or show the schedule, history and summary (help: cli.abcde.help)."""
    settings = Settings()
    lang = settings.coach_language
    actor = Actor(user_id=user or getpass.getuser(), display_name=user or getpass.getuser(), via="terminal")
    try:
        service = _services(settings)
        # reading the history of an archived process is fine; writing is refused by the service
        process = service.coach.find_process(name=name, include_archived=True)
        first, last = (parse_date(since) if since else None), (parse_date(until) if until else None)
        if schedule:
            parsed = parse(schedule)
            if isinstance(parsed, Pause):
                print_schedule(service, service.set_paused(process, actor, parsed.paused), lang)
            elif isinstance(parsed, SkipPeriod):
                view, period = service.skip(process, actor, parsed.day)
                typer.echo(texts.s("skipped", lang, period=view.label(period.key)))
            else:
                print_schedule(service, service.set_schedule(process, actor, parsed), lang)
        elif history:
            print_history(service.history(process, actor, first, last), lang)
        elif summary or chart:
            from bot.abcde.chart import indicator_chart  # matplotlib loads only when a chart is asked for

            result = service.summary(process, actor, first, last)
            print_summary(result, lang)
            png = indicator_chart(result.indicators, texts.s("chart_title", lang)) if chart else None
            if chart and png:
                chart.write_bytes(png)
                typer.echo(texts.s("terminal.chart_saved", lang, path=chart))
        else:
            _file(service, settings, process, actor, post)
    except (CoachError, StorageError) as error:
        typer.echo(error.in_language(lang), err=True)
        raise typer.Exit(1) from error


def _file(service: AbcdeService, settings: Settings, process, actor: Actor, post: bool) -> None:
    service.require_reporter(process, actor)  # before anything of the process is shown (refusals audited)
    lang = settings.coach_language
    period, label = service.period(process.id)
    typer.echo(texts.s("terminal.file_head", lang, process=process.name, period=label))
    typer.echo(texts.s("terminal.source", lang, source=texts.source(lang)))
    for plan in service.previous_plans(process, period.start):
        typer.echo(texts.s("terminal.previous_plan", lang, author=plan.author, plan=plan.report.do_next))
    names = service.indicator_names(process, actor)
    if names:
        typer.echo(texts.s("terminal.indicators", lang, names="; ".join(names)))
    typer.echo(texts.s("terminal.how", lang))
    form = FormDriver(_ask, typer.echo, lambda line: line.strip().lower() in ("avbryt", "/avbryt"), lang)
    try:
        raw = form.fill(AbcdeReport)
    except FormInterrupted as stop:
        typer.echo(t(lang, "form_aborted"))
        raise typer.Exit(1) from stop
    try:
        report = AbcdeReport.model_validate(raw)
    except ValidationError as error:
        for problem in swedish_problems(error, AbcdeReport, lang):
            typer.echo(problem.message, err=True)
        raise typer.Exit(1) from error
    stored = service.file_report(process, actor, report)
    typer.echo(texts.s("saved", lang, process=process.name, period=stored.period_label, version=stored.version)
               .replace("*", ""))
    if post and (settings.slack_bot_token or settings.oauth_enabled):
        try:
            client = workspace_client(_client(settings, service.db), process)
            if client is not None:
                publish_report(service, client, process, stored)
        except SendErrors as error:
            typer.echo(texts.s("terminal.not_posted", lang, error=error), err=True)


@reminders.command("run-due", help=help_text("abcde.run_due.help"))
def run_due_command(now: str = typer.Option(None, "--now", help=help_text("abcde.opt.now"))) -> None:
    """Send the reminders and nudges that are due (cron)."""
    settings = Settings()
    lang = settings.coach_language
    try:
        moment = datetime.fromisoformat(now) if now else None
    except ValueError as error:
        typer.echo(say("abcde.not_a_moment", lang, value=now), err=True)
        raise typer.Exit(2) from error
    if moment is not None and moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(settings.coach_timezone))
    if not settings.slack_bot_token and not settings.oauth_enabled:
        typer.echo(say("abcde.no_token", lang), err=True)
        raise typer.Exit(1)
    try:
        abcde = _services(settings)
        sent = run_due(abcde, _client(settings, abcde.db), moment)
    except (CoachError, StorageError) as error:
        typer.echo(error.message, err=True)
        raise typer.Exit(1) from error
    for item in sent:
        state = say("abcde.sent", lang) if item.ok else say("abcde.failed", lang, error=item.error)
        kind = say("abcde.kind." + item.kind, lang)
        typer.echo(f"{kind}\t{item.process}\t{item.user_id}\t{item.period_key}\t{state}")
    typer.echo(say("abcde.sent_total", lang, sent=sum(s.ok for s in sent), failed=sum(not s.ok for s in sent)))
    raise typer.Exit(0 if all(s.ok for s in sent) else 1)


def register(app: typer.Typer) -> None:
    app.command("abcde", help=help_text("abcde.help"))(abcde)
    app.add_typer(reminders, name="reminders")
