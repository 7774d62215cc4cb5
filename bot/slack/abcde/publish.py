"""Sending: report posts (channel or the process's ABCDE thread, edited in place on a new version) and
reminder/nudge DMs, each claimed in the database before it is sent so two instances never both send."""

from __future__ import annotations

import logging
import os
import socket
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.abcde import delivery as store
from bot.abcde import texts
from bot.abcde.schedule import period_of
from bot.abcde.service import AbcdeService
from bot.abcde.views import ScheduleView, StoredReport
from bot.people_service import PeopleService
from bot.service import ProcessRef
from bot.slack.abcde.blocks import reminder_blocks, report_message
from bot.slack.context import language_of

log = logging.getLogger(__name__)
SendErrors = (SlackApiError, OSError)  # API errors, and connection errors (URLError is an OSError)


@dataclass(frozen=True)
class Sent:
    kind: str  # reminder | nudge
    process: str
    user_id: str
    period_key: str
    ok: bool
    error: str | None = None


def instance_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


def publish_report(abcde: AbcdeService, client: WebClient, process: ProcessRef, stored: StoredReport) -> str | None:
    """Post the report where the schedule says (a new version updates the earlier post); the ts or None."""
    schedule = abcde.schedule(process.id)
    channel = (schedule.channel_id if schedule else None) or process.channel_id
    if channel is None:
        return None
    post, first = store.claim_post(abcde, process_id=process.id, period_key=stored.period_key,
                                   author=stored.author)
    text, blocks = report_message(process.name, stored, process.language)
    if not first and post.message_ts:
        client.chat_update(channel=post.channel_id, ts=post.message_ts, text=text, blocks=blocks)
        return post.message_ts
    thread_ts = _thread(abcde, client, process, schedule, channel) if schedule and schedule.target == "thread" else None
    response = client.chat_postMessage(channel=channel, thread_ts=thread_ts, text=text, blocks=blocks)
    store.set_post(abcde, post_id=post.id, channel_id=response["channel"], message_ts=response["ts"])
    return response["ts"]


def _thread(abcde: AbcdeService, client: WebClient, process: ProcessRef, schedule: ScheduleView,
            channel: str) -> str:
    if schedule.thread_ts:
        return schedule.thread_ts
    parent = client.chat_postMessage(channel=channel, text=texts.s("thread_parent", process.language,
                                                                    process=process.name))
    won = store.claim_thread(abcde, schedule_id=schedule.id, thread_ts=parent["ts"])
    if won:
        return parent["ts"]
    client.chat_delete(channel=channel, ts=parent["ts"])  # another instance started the thread first
    return abcde.schedule(process.id).thread_ts  # type: ignore[union-attr, return-value]


def run_due(abcde: AbcdeService, client: WebClient, now: datetime | None = None,
            instance: str | None = None) -> list[Sent]:
    """Send every reminder and nudge due at `now` that no instance has sent; what was sent (or failed)."""
    now = now or abcde.clock()
    instance = instance or instance_id()
    sent: list[Sent] = []
    for schedule in abcde.active_schedules():
        with store.schedule_turn(abcde, schedule_id=schedule.id) as ours:
            if ours:  # else another instance is doing this schedule's round right now
                sent += _round(abcde, client, schedule, now, instance)
    return sent


def _round(abcde: AbcdeService, client: WebClient, schedule: ScheduleView, now: datetime,
           instance: str) -> list[Sent]:
    period = period_of(schedule.rhythm, now)
    if period.key in schedule.skipped or period.start < schedule.active_from:
        return []
    sent: list[Sent] = []
    process = abcde.process_ref(schedule.process_id)
    nudge_time = now >= period.start + timedelta(hours=schedule.nudge_hours)
    reporters = abcde.reporters(schedule)
    languages = _languages(abcde, reporters)
    for user in reporters:
        if abcde.has_reported(process.id, user, period.key):
            continue
        lang = languages.get(user) or process.language  # a direct message: in the person's language
        label = schedule.label(period.key, lang)
        reminded = abcde.dispatch_status(schedule.id, user, period.key, "reminder")
        if reminded in (None, "failed"):
            text = texts.s("reminder", lang, process=process.name, period=label)
            sent += _send(abcde, client, schedule, process, user, period.key, "reminder", text, instance, lang)
        elif reminded == "sent" and nudge_time:
            text = texts.s("nudge", lang, process=process.name, period=label)
            sent += _send(abcde, client, schedule, process, user, period.key, "nudge", text, instance, lang)
    return sent


def _languages(abcde: AbcdeService, users: list[str]) -> dict[str, str]:
    """user id → the language of their Slack locale, as users.info last told (bot.slack.people); none for
    someone whose locale is unknown or one the coach does not speak."""
    people = PeopleService(abcde.db).people(users)
    return {user: lang for user, person in people.items() if (lang := language_of(person.locale))}


def _send(abcde: AbcdeService, client: WebClient, schedule: ScheduleView, process: ProcessRef, user: str,
          period_key: str, kind: str, text: str, instance: str, lang: str) -> list[Sent]:
    claim = store.claim_dispatch(abcde, schedule_id=schedule.id, user_id=user, period_key=period_key, kind=kind,
                                 instance=instance)  # committed before sending: the once-only guarantee
    if claim is None:
        return []  # another instance sent it (or is sending it)
    try:
        target = workspace_client(client, process)
        if target is None:
            raise LookupError(f"no Slack installation for the workspace of {process.name!r}")
        response = target.chat_postMessage(channel=user, text=text,
                                           blocks=reminder_blocks(text, process.id, period_key, lang))
    except (*SendErrors, LookupError) as error:
        log.warning("ABCDE %s to %s failed: %s", kind, user, error)
        store.finish_dispatch(abcde, dispatch_id=claim.id, ok=False, error=str(error))
        return [Sent(kind, process.name, user, period_key, False, str(error)[:200])]
    store.finish_dispatch(abcde, dispatch_id=claim.id, ok=True, channel_id=response.get("channel"),
                          message_ts=response.get("ts"))
    return [Sent(kind, process.name, user, period_key, True)]


def workspace_client(client: WebClient, process: ProcessRef) -> WebClient | None:
    """The client with the token of the process's workspace: `client` itself with one token; with many
    (bot.slack.install.WorkspaceClients) that workspace's. None, logged, when it has no installation."""
    for_workspace = getattr(client, "for_workspace", None)
    if for_workspace is None:
        return client
    try:
        return for_workspace(process.workspace_id)
    except (LookupError, *SendErrors) as error:
        log.warning("Slack for %s: %s", process.name, error)
        return None
