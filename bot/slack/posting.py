"""A new message that must not show twice. chat.postMessage has no idempotency key: when the connection
drops after Slack posted the message, trying again posts it again. So a message the outbox sends
(bot.slack.outbox) carries a mark in its metadata; after a dropped connection — and before any later try —
the thread (or channel) is read for a message with that mark, and one found is taken as posted.
Needs the history scopes the app already has (channels:history, groups:history)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient

from bot.slack.retry import CONNECTION_ERRORS

MARK_EVENT = "coach_mark"  # bot.slack.retry does not repeat a marked call after a dropped connection


@dataclass(frozen=True)
class Mark:
    id: str  # the outbox call (id.revision) and what it posts, e.g. "41.3:q:s1.malgrupp"
    again: bool = False  # an earlier try may have posted it: look before posting

    def of(self, what: str) -> Mark:
        return Mark(f"{self.id}:{what}", self.again)


def post_once(client: WebClient, mark: Mark | None, *, channel: str, text: str, blocks: list,
              thread_ts: str | None = None) -> Any:
    """chat.postMessage; with a mark, at most one message per mark (see the module's docstring)."""
    if mark is None:
        return client.chat_postMessage(channel=channel, thread_ts=thread_ts, text=text, blocks=blocks)
    if mark.again:
        found = find_marked(client, mark.id, channel, thread_ts)
        if found is not None:
            return found
    try:
        return client.chat_postMessage(channel=channel, thread_ts=thread_ts, text=text, blocks=blocks,
                                       metadata={"event_type": MARK_EVENT, "event_payload": {"mark": mark.id}})
    except CONNECTION_ERRORS:
        found = find_marked(client, mark.id, channel, thread_ts)  # Slack may have posted it, the answer lost
        if found is None:
            raise
        return found


def find_marked(client: WebClient, mark: str, channel: str, thread_ts: str | None) -> dict[str, str] | None:
    if thread_ts:
        page = client.conversations_replies(channel=channel, ts=thread_ts, include_all_metadata=True, limit=200)
    else:
        page = client.conversations_history(channel=channel, include_all_metadata=True, limit=50)
    for message in page.get("messages") or []:
        if ((message.get("metadata") or {}).get("event_payload") or {}).get("mark") == mark:
            return {"channel": channel, "ts": message["ts"]}
    return None
