"""Block Kit for ABCDE: the reminder DM, the report modal, the posted report, history and summary."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from bot.abcde import texts
from bot.abcde.analysis import Summary
from bot.abcde.views import StoredReport
from bot.slack.blocks import Block, actions, bullet_lines, button, context, escape, header, plain, section

OPEN = "abcde_open"  # button in the reminder DM → report modal
REPORT_VIEW = "abcde_report_view"
SCHEDULE_VIEW = "abcde_schedule_view"
MAX_INDICATORS = 30  # 2 blocks each keeps the modal under 100 blocks
HINTS = {
    "activities": "Det ni faktiskt har gjort – en aktivitet per rad.",
    "benefits": "Resultat som har levererats, stora som små.",
    "concerns": "Det som oroar eller hindrar och behöver särskild uppmärksamhet.",
    "do_next": "Nästa steg, en punkt per rad – nästa rapport följer upp dem.",
    "education": "Lärdomar om målgruppen, insatserna eller samarbetet.",
}


def reminder_blocks(text: str, process_id: int, period_key: str) -> list[Block]:
    value = {"p": process_id, "k": period_key}
    return [section(text), actions(button(texts.s("btn_report"), OPEN, value, style="primary")),
            context(escape("Frågorna kommer från " + texts.SOURCE + "."))]


def _plans(plans: list[StoredReport]) -> list[Block]:
    if not plans:
        return [context(texts.s("no_last_do_next"))]
    head = texts.s("last_do_next", period=escape(plans[0].period_label))
    lines = "\n".join(f"<@{p.author}>: {escape(p.report.do_next or '')}" for p in plans)
    return [section(f"{head}\n{lines}"[:2900])]


def _text_input(field: str, initial: str | None) -> Block:
    element: dict[str, Any] = {"type": "plain_text_input", "action_id": "v", "multiline": True, "max_length": 3000}
    if initial:
        element["initial_value"] = initial
    return {"type": "input", "block_id": field, "optional": True, "element": element,
            "label": plain(texts.question_line(field), 2000), "hint": plain(HINTS[field], 2000)}


def report_modal(meta: dict[str, Any], period_label: str, plans: list[StoredReport], indicators: list[str],
                 current: StoredReport | None, today: date) -> dict[str, Any]:
    blocks: list[Block] = [section(f"*{escape(period_label)}*"), *_plans(plans)]
    if current is not None:
        blocks.append(context(texts.s("editing", period=escape(period_label), version=current.version)))
    given = current.report.model_dump() if current else {}
    blocks += [_text_input(field, given.get(field)) for field in texts.FIELDS]
    old = {v["indicator"]: v for v in given.get("indicator_values") or []}
    if indicators:
        blocks.append(section(texts.s("indicators_head")))
    for index, name in enumerate(indicators[:MAX_INDICATORS]):
        value = {"type": "plain_text_input", "action_id": "v", "max_length": 200}
        if name in old:
            value["initial_value"] = str(old[name]["value"])
        day = old[name]["date"] if name in old else today
        blocks.append({"type": "input", "block_id": f"iv.{index}", "optional": True, "element": value,
                       "label": plain(texts.s("value", name=name), 2000)})
        blocks.append({"type": "input", "block_id": f"id.{index}", "optional": True,
                       "element": {"type": "datepicker", "action_id": "v", "initial_date": str(day)},
                       "label": plain(texts.s("value_date", name=name), 2000)})
    blocks.append(context(escape(texts.SOURCE)))
    return {"type": "modal", "callback_id": REPORT_VIEW, "title": plain(texts.s("modal_title"), 24),
            "submit": plain(texts.s("modal_save"), 24), "close": plain(texts.s("modal_cancel"), 24),
            "private_metadata": json.dumps(meta, separators=(",", ":")), "blocks": blocks}


def report_message(process_name: str, stored: StoredReport) -> tuple[str, list[Block]]:
    head = texts.s("posted_head", process=escape(process_name), period=escape(stored.period_label),
                   user=stored.author)
    if stored.version > 1:
        head += " " + texts.s("edited", version=stored.version)
    blocks: list[Block] = [section(head)]
    given = stored.report.model_dump()
    for field in texts.FIELDS:
        if given.get(field):
            blocks.append(section(f"*{texts.QUESTIONS[field][0]}*\n{escape(given[field])}"))
    if stored.report.indicator_values:
        blocks.append(context("Indikatorvärden: " + escape("; ".join(
            f"{v.indicator}: {v.value} ({v.date})" for v in stored.report.indicator_values))))
    return head, blocks


def history_blocks(title: str, reports: list[StoredReport]) -> list[Block]:
    if not reports:
        return [section(title), context(texts.s("history_empty"))]
    blocks = [section(title)]
    for r in reports[-40:]:
        letters = "".join(texts.LETTER[f] for f in texts.FIELDS if getattr(r.report, f))
        first = next((getattr(r.report, f) for f in texts.FIELDS if getattr(r.report, f)), "")
        blocks.append(section(f"*{escape(r.period_label)}* · <@{r.author}> · {letters} · v{r.version}\n"
                              f"{escape(first[:200])}"))
    return blocks


def summary_blocks(process_name: str, summary: Summary) -> list[Block]:
    blocks: list[Block] = [header(f"Uppföljning och lärande – {process_name}"),
                           context(f"{summary.reports} rapporter från {len(summary.periods)} perioder")]
    concerns = [f"«{c.word}» i {len(c.periods)} perioder: " + " | ".join(i.text for i in c.items[:3])
                for c in summary.concerns]
    parts = [("Återkommande bekymmer (C)", concerns),
             ("Nästa steg (D) som ingen senare aktivitet (A) följt upp", [f"{i.period_label}: {i.text}"
                                                                         for i in summary.open_plans]),
             ("Lärdomar (E)", [f"{i.period_label}: {i.text}" for i in summary.lessons]),
             ("Indikatorvärden", [f"{name}: " + ", ".join(f"{v} ({d})" for d, v in points)
                                  for name, points in summary.indicators.items()])]
    for title, lines in parts:
        blocks.append(section(f"*{title}*\n" + (bullet_lines(lines, 2800, "… och {k} till") if lines else "–")))
    return blocks


def _options(pairs: list[tuple[str, str]]) -> list[dict[str, Any]]:
    return [{"text": plain(text), "value": value} for value, text in pairs]


def _select(block_id: str, label: str, pairs: list[tuple[str, str]], initial: str) -> Block:
    options = _options(pairs)
    chosen = next(o for o in options if o["value"] == initial)
    return {"type": "input", "block_id": block_id, "label": plain(label, 2000),
            "element": {"type": "static_select", "action_id": "v", "options": options, "initial_option": chosen}}


def schedule_modal(meta: dict[str, Any], current: Any | None) -> dict[str, Any]:
    """Cadence, weekday, time, time zone, where to post, who reports, nudge – prefilled from `current`."""
    rhythm = current.rhythm if current else None
    cadences = [("weekly", "Varje vecka"), ("biweekly", "Varannan vecka"),
                ("monthly", "Varje månad (första veckodagen)")]
    days = [(str(i), d.capitalize()) for i, d in enumerate(texts.WEEKDAYS_SV)]
    targets = [("channel", "I kanalen"), ("thread", "I processens ABCDE-tråd")]
    tz = {"type": "plain_text_input", "action_id": "v", "initial_value": rhythm.tz if rhythm else "Europe/Stockholm"}
    nudge = {"type": "plain_text_input", "action_id": "v", "initial_value": str(current.nudge_hours if current else 24)}
    people: dict[str, Any] = {"type": "multi_users_select", "action_id": "v"}
    if current and current.reporters:
        people["initial_users"] = list(current.reporters)
    channel: dict[str, Any] = {"type": "channels_select", "action_id": "v"}
    if current and current.channel_id:
        channel["initial_channel"] = current.channel_id
    blocks = [
        _select("cadence", "Hur ofta?", cadences, rhythm.cadence if rhythm else "biweekly"),
        _select("weekday", "Veckodag", days, str(rhythm.weekday if rhythm else 0)),
        {"type": "input", "block_id": "time", "label": plain("Klockslag", 2000),
         "element": {"type": "timepicker", "action_id": "v",
                     "initial_time": rhythm.at.strftime("%H:%M") if rhythm else "09:00"}},
        {"type": "input", "block_id": "tz", "label": plain("Tidszon", 2000), "element": tz},
        _select("target", "Var publiceras rapporterna?", targets, current.target if current else "channel"),
        {"type": "input", "block_id": "channel", "optional": True, "element": channel,
         "label": plain("Annan kanal (tomt = processens kanal)", 2000)},
        {"type": "input", "block_id": "reporters", "optional": True, "element": people,
         "label": plain("Vem rapporterar? (tomt = processens projektledare)", 2000)},
        {"type": "input", "block_id": "nudge", "element": nudge,
         "label": plain("Knuff efter så många timmar utan rapport", 2000)},
    ]
    return {"type": "modal", "callback_id": SCHEDULE_VIEW, "title": plain(texts.s("schedule_title"), 24),
            "submit": plain(texts.s("modal_save"), 24), "close": plain(texts.s("modal_cancel"), 24),
            "private_metadata": json.dumps(meta, separators=(",", ":")), "blocks": blocks}
