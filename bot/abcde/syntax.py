"""Swedish schedule syntax: `varannan vecka måndag 09:00 [i tråd|i kanal|<#C…>] [knuff 24h] [tidszon Z]
[@person …]`, and `paus`, `fortsätt`, `hoppa över [datum]`. Pure; errors carry a Swedish message and its
English twin (the catalogue's `abcde.syntax.` keys)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import coachtext
from bot.errors import CoachError

WEEKDAYS = {"måndag": 0, "mån": 0, "tisdag": 1, "tis": 1, "onsdag": 2, "ons": 2, "torsdag": 3, "tors": 3,
            "fredag": 4, "fre": 4, "lördag": 5, "lör": 5, "söndag": 6, "sön": 6,
            "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
CADENCE_PHRASES = (  # longest first
    ("varannan vecka", "biweekly"), ("var fjortonde dag", "biweekly"), ("varannan", "biweekly"),
    ("varje vecka", "weekly"), ("veckovis", "weekly"), ("en gång i veckan", "weekly"),
    ("varje månad", "monthly"), ("månadsvis", "monthly"), ("en gång i månaden", "monthly"),
    ("every two weeks", "biweekly"), ("every other week", "biweekly"), ("biweekly", "biweekly"),
    ("every week", "weekly"), ("weekly", "weekly"), ("every month", "monthly"), ("monthly", "monthly"),
)
SKIP_WORDS = ("hoppa över", "hoppa", "skip")  # a reminder skipped: «hoppa över 2026-03-30»
_TIME = re.compile(r"^(?:kl\.?)?(\d{1,2})[:.](\d{2})$")
_CHANNEL = re.compile(r"^<#([A-Z0-9]+)(?:\|[^>]*)?>$")
_USER = re.compile(r"^<@([A-Z0-9]+)(?:\|[^>]*)?>$")
_HOURS = re.compile(r"^(\d{1,3})\s*(?:h|tim|timmar)?$")

def _error(key: str, **values: object) -> CoachError:
    """A refusal in Swedish and English (the catalogue's `abcde.<key>`), the usage added in the same language."""
    def said(lang: str) -> str:
        return coachtext.t(f"abcde.{key}", lang, usage=coachtext.t("abcde.syntax.usage", lang), **values)

    return CoachError(said("sv"), en=said("en"))


@dataclass(frozen=True)
class ScheduleSpec:
    cadence: str
    weekday: int
    at: time
    tz: str | None = None
    target: str | None = None  # channel | thread
    channel_id: str | None = None  # None: unchanged; "": the process channel
    nudge_hours: int | None = None
    reporters: tuple[str, ...] | None = None  # None: unchanged; (): the process's projektledare


@dataclass(frozen=True)
class Pause:
    paused: bool


@dataclass(frozen=True)
class SkipPeriod:
    day: date | None  # None: the next period


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError as error:
        raise CoachError.text("abcde.bad_date", text=text) from error


def parse(text: str) -> ScheduleSpec | Pause | SkipPeriod:
    words = " ".join(text.split())
    lower = words.lower()
    if lower in ("paus", "pausa", "pause"):
        return Pause(True)
    if lower in ("fortsätt", "fortsatt", "återuppta", "resume"):
        return Pause(False)
    for prefix in SKIP_WORDS:
        if lower == prefix or lower.startswith(prefix + " "):
            rest = words[len(prefix):].strip()
            return SkipPeriod(parse_date(rest) if rest else None)
    return _parse_spec(words)


def _parse_spec(words: str) -> ScheduleSpec:
    lower = words.lower()
    cadence = None
    for phrase, value in CADENCE_PHRASES:
        if lower.startswith(phrase):
            cadence, lower, words = value, lower[len(phrase):].strip(), words[len(phrase):].strip()
            break
    if cadence is None:
        raise _error("syntax.bad_cadence")
    tokens, raw = lower.split(), words.split()
    weekday = at = tz = target = channel = nudge = None
    reporters: list[str] = []
    i = 0
    while i < len(tokens):
        token, original = tokens[i], raw[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if token in WEEKDAYS or token.rstrip("ar") in WEEKDAYS:  # "måndagar"
            weekday = WEEKDAYS.get(token, WEEKDAYS.get(token.rstrip("ar")))
        elif (match := _TIME.match(token)) and int(match[1]) < 24 and int(match[2]) < 60:
            at = time(int(match[1]), int(match[2]))
        elif token in ("i", "in") and nxt in ("tråd", "tråden", "thread", "kanal", "kanalen", "channel"):
            target = "thread" if nxt.startswith(("tråd", "thread")) else "channel"
            i += 1
        elif match := _CHANNEL.match(original):
            target, channel = "channel", match[1]
        elif match := _USER.match(original):
            reporters.append(match[1])
        elif token in ("knuff", "knuffa", "nudge", "påminn") and nxt is not None:
            hours = _HOURS.match(nxt.removeprefix("efter"))
            if not hours:
                raise CoachError.text("abcde.syntax.bad_nudge")
            nudge, i = int(hours[1]), i + 1
        elif token in ("tidszon", "tz", "timezone") and nxt is not None:
            tz, i = raw[i + 1], i + 1
            try:
                ZoneInfo(tz)
            except (ZoneInfoNotFoundError, ValueError) as error:
                raise CoachError.text("abcde.syntax.bad_timezone", tz=tz) from error
        elif token not in ("på", "kl", "kl.", "klockan", "on", "at"):
            raise _error("syntax.not_understood", word=original)
        i += 1
    if weekday is None or at is None:
        raise _error("syntax.day_and_time")
    return ScheduleSpec(cadence=cadence, weekday=weekday, at=at, tz=tz, target=target, channel_id=channel,
                        nudge_hours=nudge, reporters=tuple(reporters) or None)
