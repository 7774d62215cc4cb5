"""Block Kit for ABCDE: the reminder DM, the report modal, the posted report, history and summary."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from bot.abcde import texts
from bot.abcde.analysis import Summary
from bot.abcde.views import StoredReport
from bot.slack.blocks import Block, actions, bullet_lines, button, context, escape, header, plain, section
from bot.slack.inputs import text_blocks

OPEN = "abcde_open"  # button in the reminder DM → report modal
REPORT_VIEW = "abcde_report_view"
SCHEDULE_VIEW = "abcde_schedule_view"
MAX_INDICATORS = 30  # 2 blocks each keeps the modal under 100 blocks


def reminder_blocks(text: str, process_id: int, period_key: str, lang: str = "sv") -> list[Block]:
    value = {"p": process_id, "k": period_key}
    return [section(text), actions(button(texts.s("btn_report", lang), OPEN, value, style="primary")),
            context(escape(texts.s("source_note", lang, source=texts.source(lang))))]


def _plans(plans: list[StoredReport], lang: str) -> list[Block]:
    if not plans:
        return [context(texts.s("no_last_do_next", lang))]
    head = texts.s("last_do_next", lang, period=escape(plans[0].period_label))
    lines = "\n".join(f"<@{p.author}>: {escape(p.report.do_next or '')}" for p in plans)
    return [section(f"{head}\n{lines}"[:2900])]


def _text_input(field: str, initial: str | None, lang: str) -> list[Block]:
    """One input per field; a report longer than an input holds is shown whole, in parts."""
    return text_blocks(field, texts.question_line(field, lang), initial, multiline=True, optional=True, lang=lang,
                       hint=texts.s(f"hint_{field}", lang))


def report_modal(meta: dict[str, Any], period_label: str, plans: list[StoredReport], indicators: list[str],
                 current: StoredReport | None, today: date, lang: str = "sv") -> dict[str, Any]:
    blocks: list[Block] = [section(f"*{escape(period_label)}*"), *_plans(plans, lang)]
    if current is not None:
        blocks.append(context(texts.s("editing", lang, period=escape(period_label), version=current.version)))
    given = current.report.model_dump() if current else {}
    blocks += [block for field in texts.FIELDS for block in _text_input(field, given.get(field), lang)]
    old = {v["indicator"]: v for v in given.get("indicator_values") or []}
    if indicators:
        blocks.append(section(texts.s("indicators_head", lang)))
    for index, name in enumerate(indicators[:MAX_INDICATORS]):
        value = {"type": "plain_text_input", "action_id": "v", "max_length": 200}
        if name in old:
            value["initial_value"] = str(old[name]["value"])
        day = old[name]["date"] if name in old else today
        blocks.append({"type": "input", "block_id": f"iv.{index}", "optional": True, "element": value,
                       "label": plain(texts.s("value", lang, name=name), 2000)})
        blocks.append({"type": "input", "block_id": f"id.{index}", "optional": True,
                       "element": {"type": "datepicker", "action_id": "v", "initial_date": str(day)},
                       "label": plain(texts.s("value_date", lang, name=name), 2000)})
    blocks.append(context(escape(texts.source(lang))))
    return {"type": "modal", "callback_id": REPORT_VIEW, "title": plain(texts.s("modal_title", lang), 24),
            "submit": plain(texts.s("modal_save", lang), 24), "close": plain(texts.s("modal_cancel", lang), 24),
            "private_metadata": _meta(meta, lang), "blocks": blocks}


def report_message(process_name: str, stored: StoredReport, lang: str = "sv") -> tuple[str, list[Block]]:
    head = texts.s("posted_head", lang, process=escape(process_name), period=escape(stored.period_label),
                   user=stored.author)
    if stored.version > 1:
        head += " " + texts.s("edited", lang, version=stored.version)
    blocks: list[Block] = [section(head)]
    given = stored.report.model_dump()
    for field in texts.FIELDS:
        if given.get(field):
            blocks.append(section(f"*{texts.questions(lang)[field][0]}*\n{escape(given[field])}"))
    if stored.report.indicator_values:
        blocks.append(context(texts.s("indicator_values", lang, values=escape("; ".join(
            f"{v.indicator}: {v.value} ({v.date})" for v in stored.report.indicator_values)))))
    return head, blocks


def history_blocks(title: str, reports: list[StoredReport], lang: str = "sv") -> list[Block]:
    if not reports:
        return [section(title), context(texts.s("history_empty", lang))]
    blocks = [section(title)]
    for r in reports[-40:]:
        letters = "".join(texts.LETTER[f] for f in texts.FIELDS if getattr(r.report, f))
        first = next((getattr(r.report, f) for f in texts.FIELDS if getattr(r.report, f)), "")
        blocks.append(section(f"*{escape(r.period_label)}* · <@{r.author}> · {letters} · v{r.version}\n"
                              f"{escape(first[:200])}"))
    return blocks


def summary_blocks(process_name: str, summary: Summary, lang: str = "sv") -> list[Block]:
    blocks: list[Block] = [header(texts.s("summary_title", lang, process=process_name)),
                           context(texts.s("summary_counts", lang, reports=summary.reports,
                                           periods=len(summary.periods)))]
    concerns = [texts.s("summary_concern", lang, word=c.word, n=len(c.periods),
                        items=" | ".join(i.text for i in c.items[:3])) for c in summary.concerns]
    parts = [(texts.s("summary_concerns", lang), concerns),
             (texts.s("summary_open_plans", lang), [f"{i.period_label}: {i.text}" for i in summary.open_plans]),
             (texts.s("summary_lessons", lang), [f"{i.period_label}: {i.text}" for i in summary.lessons]),
             (texts.s("summary_indicators", lang), [f"{name}: " + ", ".join(f"{v} ({d})" for d, v in points)
                                                   for name, points in summary.indicators.items()])]
    more = texts.s("more", lang)  # no values given: "{k}" stays for bullet_lines to fill
    for title, lines in parts:
        blocks.append(section(f"*{title}*\n" + (bullet_lines(lines, 2800, more) if lines else "–")))
    return blocks


def _meta(meta: dict[str, Any], lang: str) -> str:
    """The modal's private_metadata, with the language it is shown in (`l`): its submission answers in it."""
    return json.dumps({**meta, "l": lang}, separators=(",", ":"))


def _options(pairs: list[tuple[str, str]]) -> list[dict[str, Any]]:
    return [{"text": plain(text), "value": value} for value, text in pairs]


def _select(block_id: str, label: str, pairs: list[tuple[str, str]], initial: str) -> Block:
    options = _options(pairs)
    chosen = next(o for o in options if o["value"] == initial)
    return {"type": "input", "block_id": block_id, "label": plain(label, 2000),
            "element": {"type": "static_select", "action_id": "v", "options": options, "initial_option": chosen}}


def schedule_modal(meta: dict[str, Any], current: Any | None, lang: str = "sv",
                   default_tz: str = "Europe/Stockholm") -> dict[str, Any]:
    """Cadence, weekday, time, time zone, where to post, who reports, nudge – prefilled from `current`
    (a new rhythm: `default_tz`, the configured COACH_TIMEZONE)."""
    rhythm = current.rhythm if current else None
    cadences = [(key, texts.s(f"cadence_{key}", lang)) for key in ("weekly", "biweekly", "monthly")]
    days = [(str(i), d.capitalize()) for i, d in enumerate(texts.weekdays(lang))]
    targets = [(key, texts.s(f"target_{key}", lang)) for key in ("channel", "thread")]
    tz = {"type": "plain_text_input", "action_id": "v", "initial_value": rhythm.tz if rhythm else default_tz}
    nudge = {"type": "plain_text_input", "action_id": "v", "initial_value": str(current.nudge_hours if current else 24)}
    people: dict[str, Any] = {"type": "multi_users_select", "action_id": "v"}
    if current and current.reporters:
        people["initial_users"] = list(current.reporters)
    channel: dict[str, Any] = {"type": "channels_select", "action_id": "v"}
    if current and current.channel_id:
        channel["initial_channel"] = current.channel_id
    blocks = [
        _select("cadence", texts.s("cadence_label", lang), cadences, rhythm.cadence if rhythm else "biweekly"),
        _select("weekday", texts.s("weekday_label", lang), days, str(rhythm.weekday if rhythm else 0)),
        {"type": "input", "block_id": "time", "label": plain(texts.s("time_label", lang), 2000),
         "element": {"type": "timepicker", "action_id": "v",
                     "initial_time": rhythm.at.strftime("%H:%M") if rhythm else "09:00"}},
        {"type": "input", "block_id": "tz", "label": plain(texts.s("tz_label", lang), 2000), "element": tz},
        _select("target", texts.s("target_label", lang), targets, current.target if current else "channel"),
        {"type": "input", "block_id": "channel", "optional": True, "element": channel,
         "label": plain(texts.s("channel_label", lang), 2000)},
        {"type": "input", "block_id": "reporters", "optional": True, "element": people,
         "label": plain(texts.s("reporters_label", lang), 2000)},
        {"type": "input", "block_id": "nudge", "element": nudge,
         "label": plain(texts.s("nudge_label", lang), 2000)},
    ]
    return {"type": "modal", "callback_id": SCHEDULE_VIEW, "title": plain(texts.s("schedule_title", lang), 24),
            "submit": plain(texts.s("modal_save", lang), 24), "close": plain(texts.s("modal_cancel", lang), 24),
            "private_metadata": _meta(meta, lang), "blocks": blocks}
