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

reminders = typer.Typer(help="Påminnelser om ABCDE-rapporter.", no_args_is_help=True)


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
    name: str = typer.Argument(..., help="processens namn"),
    user: str = typer.Option(None, "--user", "-u", help="vem du är (standard: ditt inloggningsnamn)"),
    schedule: str = typer.Option(None, "--schedule", help="sätt schemat, t.ex. 'varannan vecka måndag 09:00'"),
    history: bool = typer.Option(False, "--history", help="lista rapporterna"),
    summary: bool = typer.Option(False, "--summary", help="sammanfattning för steg 7"),
    since: str = typer.Option(None, "--from", help="från datum (ÅÅÅÅ-MM-DD)"),
    until: str = typer.Option(None, "--to", help="till datum (ÅÅÅÅ-MM-DD)"),
    chart: Path = typer.Option(None, "--chart", help="spara indikatordiagrammet (PNG) här"),
    post: bool = typer.Option(True, "--post/--no-post", help="publicera rapporten i Slack när en token finns"),
) -> None:
    """Lämna en ABCDE-rapport fält för fält (läser standard in när den inte är en terminal),
    eller visa schema, historik och sammanfattning."""
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


@reminders.command("run-due")
def run_due_command(now: str = typer.Option(None, "--now", help="tidpunkt i ISO-format (standard: nu)")) -> None:
    """Skicka påminnelser och knuffar som är på tur (för cron; säkert att köra ofta och från flera servrar)."""
    settings = Settings()
    try:
        moment = datetime.fromisoformat(now) if now else None
    except ValueError as error:
        typer.echo(f"«{now}» är ingen tidpunkt. Skriv till exempel 2026-03-30T09:00.", err=True)
        raise typer.Exit(2) from error
    if moment is not None and moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(settings.coach_timezone))
    if not settings.slack_bot_token and not settings.oauth_enabled:
        typer.echo("SLACK_BOT_TOKEN saknas – påminnelser skickas som Slack-meddelanden.", err=True)
        raise typer.Exit(1)
    try:
        abcde = _services(settings)
        sent = run_due(abcde, _client(settings, abcde.db), moment)
    except (CoachError, StorageError) as error:
        typer.echo(error.message, err=True)
        raise typer.Exit(1) from error
    kinds = {"reminder": "påminnelse", "nudge": "knuff"}
    for item in sent:
        state = "skickad" if item.ok else f"misslyckades ({item.error})"
        typer.echo(f"{kinds[item.kind]}\t{item.process}\t{item.user_id}\t{item.period_key}\t{state}")
    typer.echo(f"{sum(s.ok for s in sent)} skickade, {sum(not s.ok for s in sent)} misslyckade.")
    raise typer.Exit(0 if all(s.ok for s in sent) else 1)


def register(app: typer.Typer) -> None:
    app.command("abcde")(abcde)
    app.add_typer(reminders, name="reminders")
