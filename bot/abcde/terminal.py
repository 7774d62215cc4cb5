"""Plain-text output of ABCDE schedules, history and summaries for the terminal."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import typer

from bot.abcde import texts
from bot.abcde.analysis import Summary
from bot.abcde.schedule import next_due
from bot.abcde.service import AbcdeService
from bot.abcde.views import ScheduleView, StoredReport


def _plain(text: str) -> str:
    return text.replace("*", "").replace("<@", "@").replace("<#", "#").replace(">", "")


def print_schedule(service: AbcdeService, view: ScheduleView, lang: str = "sv") -> None:
    typer.echo(_plain(view.describe()))
    if not view.paused:
        when = next_due(view.rhythm, max(service.clock(), view.active_from), view.skipped)
        typer.echo(texts.s("next_due", lang, when=when.astimezone(ZoneInfo(view.rhythm.tz)).strftime("%Y-%m-%d %H:%M")))


def print_history(reports: list[StoredReport], lang: str = "sv") -> None:
    if not reports:
        typer.echo(texts.s("history_empty", lang))
    for report in reports:
        typer.echo(f"{report.period_label} · {report.author} · version {report.version}")
        for field in texts.FIELDS:
            value = getattr(report.report, field)
            if value:
                typer.echo(f"  {texts.questions(lang)[field][0]}: {value}")
        for value in report.report.indicator_values:
            typer.echo(texts.s("terminal.indicator", lang, name=value.indicator, value=value.value, date=value.date))


def print_summary(summary: Summary, lang: str = "sv") -> None:
    typer.echo(texts.s("terminal.summary_head", lang, reports=summary.reports, periods=len(summary.periods)))
    typer.echo(texts.s("summary_concerns", lang) + ":")
    for concern in summary.concerns:
        typer.echo(texts.s("terminal.concern", lang, word=concern.word, n=len(concern.periods))
                   + " | ".join(i.text for i in concern.items[:3]))
    typer.echo(texts.s("summary_open_plans", lang) + ":")
    for item in summary.open_plans:
        typer.echo(f"  {item.period_label}: {item.text}")
    typer.echo(texts.s("summary_lessons", lang) + ":")
    for item in summary.lessons:
        typer.echo(f"  {item.period_label}: {item.text}")
    typer.echo(texts.s("terminal.indicator_values", lang))
    for name, points in summary.indicators.items():
        typer.echo(f"  {name}: " + ", ".join(f"{value} ({day})" for day, value in points))
