"""One Slack request's who, where and how: the actor, the process the request is about, the workspace,
and the language and time zone to answer *this person* in — resolved once (bot.slack.deps.Deps.context)
and handed down, so a listener does not look them up again at every turn.

What only the person sees (ephemeral replies, modals, App Home, errors) is in their language: their Slack
locale (users.info) where it is one the coach speaks, else the process's language, else COACH_LANGUAGE; a
modal's submission keeps the language the modal was built in (its private_metadata).
What the whole team sees (the step threads, the channel) stays in the process's language. Dates shown to
the person are in their Slack time zone, else COACH_TIMEZONE.
"""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.service import LANGUAGES, Actor, ProcessRef


@dataclass(frozen=True)
class RequestContext:
    actor: Actor
    process: ProcessRef | None  # the process the request is about (its channel, or the id it carries)
    language: str  # for what only this person sees
    tz: str  # for dates shown to this person: their Slack time zone, else COACH_TIMEZONE
    workspace_id: int | None = None
    own_tz: str | None = None  # their Slack time zone alone (None: Slack gives none)
    own_language: str | None = None  # their Slack locale's language alone (None: none the coach speaks)


def language_of(locale: str | None) -> str | None:
    """The coach's language for a Slack locale ("sv-SE" → sv, "en-US"/"en-GB" → en); None for any other."""
    code = (locale or "").replace("_", "-").split("-", 1)[0].lower()
    return code if code in LANGUAGES else None


def zone_of(tz: str | None) -> str | None:
    """A Slack time zone name the system knows (IANA), else None."""
    if not tz:
        return None
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return tz
