"""Slack helpers shared by the ABCDE listeners and the `/coach abcde` command: the app's service,
opening the report modal, and reading the report and schedule modals' state."""

from __future__ import annotations

from dataclasses import replace
from datetime import time
from typing import Any
from zoneinfo import ZoneInfo

from slack_sdk import WebClient

from bot.abcde import texts
from bot.abcde.service import AbcdeService
from bot.abcde.syntax import ScheduleSpec
from bot.service import ProcessRef
from bot.slack.abcde.blocks import MAX_INDICATORS, OPEN, report_modal
from bot.slack.blocks import button, escape, section
from bot.slack.context import RequestContext
from bot.slack.deps import Deps
from bot.slack.inputs import join_parts


def abcde_of(deps: Deps, service: AbcdeService | None = None) -> AbcdeService:
    """The app's AbcdeService (Deps.abcde, built by bot.slack.app); `service` overrides it (tests: a clock)."""
    if service is not None:
        return service
    return deps.abcde or AbcdeService(deps.service, deps.conversation.engine, default_tz=deps.timezone)


def open_report(client: WebClient, abcde: AbcdeService, context: RequestContext, trigger_id: str | None,
                period_key: str | None, channel_id: str | None = None) -> None:
    """Open the ABCDE modal for the period (default: now), prefilled with the person's latest version, in
    the person's language (the modal records it: its submission answers in it)."""
    process, lang = context.process, context.language
    actor = replace(context.actor, via="slack_modal")
    abcde.require_reporter(process, actor)
    period, label = abcde.period(process.id, period_key, lang)
    meta = {"p": process.id, "k": period.key, "c": channel_id or process.channel_id}
    view = report_modal(meta, label, abcde.previous_plans(process, period.start),
                        abcde.indicator_names(process, actor), abcde.my_report(process, actor.user_id, period.key),
                        abcde.clock().astimezone(_zone(abcde, process)).date(), lang)
    client.views_open(trigger_id=trigger_id, view=view)


def _zone(abcde: AbcdeService, process: ProcessRef) -> ZoneInfo:
    schedule = abcde.schedule(process.id)
    return ZoneInfo(schedule.rhythm.tz if schedule else abcde.default_tz)


def raw_report(values: dict[str, dict[str, Any]], indicators: list[str],
               lang: str = "sv") -> tuple[dict[str, Any], dict[str, str]]:
    """The AbcdeReport dict from the modal state, and per-block errors for half-filled indicator rows."""
    joined = join_parts({block: _value((state or {}).get("v") or {}) for block, state in values.items()})

    def value(block: str) -> Any:
        return joined.get(block)

    raw: dict[str, Any] = {f: value(f) for f in texts.FIELDS if value(f)}
    errors: dict[str, str] = {}
    rows = []
    for index, name in enumerate(indicators[:MAX_INDICATORS]):
        number, day = value(f"iv.{index}"), value(f"id.{index}")
        if number and day:
            rows.append({"indicator": name, "value": number.strip(), "date": day})
        elif number:
            errors[f"id.{index}"] = texts.s("need_value_date", lang)
    raw["indicator_values"] = rows
    return raw, errors


def _value(element: dict[str, Any]) -> Any:
    return element.get("value") if "value" in element else element.get("selected_date")


def schedule_spec(values: dict[str, dict[str, Any]]) -> ScheduleSpec:
    def pick(block: str) -> Any:
        return (values.get(block) or {}).get("v") or {}

    hours, minutes = (int(p) for p in (pick("time").get("selected_time") or "09:00").split(":"))
    nudge = (pick("nudge").get("value") or "24").strip()
    return ScheduleSpec(cadence=pick("cadence")["selected_option"]["value"],
                        weekday=int(pick("weekday")["selected_option"]["value"]), at=time(hours, minutes),
                        tz=(pick("tz").get("value") or "").strip() or None,
                        target=(pick("target").get("selected_option") or {}).get("value"),
                        channel_id=pick("channel").get("selected_channel") or "",  # the modal says it all
                        nudge_hours=int(nudge) if nudge.isdigit() and int(nudge) > 0 else None,
                        reporters=tuple(pick("reporters").get("selected_users") or ()))


def home_blocks(abcde: AbcdeService, process: ProcessRef, user_id: str,
                lang: str | None = None) -> list[dict[str, Any]]:
    """For App Home: this period's ABCDE report of a reporter – sent or not – with a button to write it;
    in `lang` (the person's, where Slack tells one), else the process's language."""
    schedule = abcde.schedule(process.id)
    if schedule is None or schedule.paused or user_id not in abcde.reporters(schedule):
        return []
    lang = lang or process.language
    period, label = abcde.period(process.id, lang=lang)
    mine = abcde.my_report(process, user_id, period.key)
    text = (texts.s("home_sent", lang, period=escape(label), version=mine.version) if mine
            else texts.s("home_not_sent", lang, period=escape(label)))
    return [section(text, accessory=button(texts.s("btn_report", lang), OPEN, {"p": process.id, "k": period.key}))]
