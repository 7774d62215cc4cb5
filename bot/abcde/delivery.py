"""What the ABCDE posting (bot.slack.abcde.publish) records, each in its own transaction committed before
or after Slack is called: where a report was posted (a new version updates it), the schedule's thread,
and each reminder claimed before it is sent (once-only across instances) and its outcome."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from bot.abcde.service import AbcdeService
from storage.abcde_models import AbcdeDispatch, AbcdePost
from storage.db import session_scope
from storage.repository import abcde as store


def claim_post(abcde: AbcdeService, *, process_id: int, period_key: str, author: str) -> tuple[AbcdePost, bool]:
    """The post of `author`'s report for the period; True when it is new (not yet in Slack)."""
    with session_scope(abcde.db) as session:
        return store.claim_post(session, process_id=process_id, period_key=period_key, author=author)


def set_post(abcde: AbcdeService, *, post_id: int, channel_id: str, message_ts: str) -> None:
    with session_scope(abcde.db) as session:
        store.set_post(session, post_id=post_id, channel_id=channel_id, message_ts=message_ts)


def claim_thread(abcde: AbcdeService, *, schedule_id: int, thread_ts: str) -> bool:
    """Remember the schedule's ABCDE thread unless another instance started one first."""
    with session_scope(abcde.db) as session:
        return store.claim_thread(session, schedule_id=schedule_id, thread_ts=thread_ts)


@contextmanager
def schedule_turn(abcde: AbcdeService, *, schedule_id: int) -> Iterator[bool]:
    """This instance's turn at one schedule's round of reminders (storage.repository.abcde.schedule_turn)."""
    with store.schedule_turn(abcde.db, schedule_id=schedule_id) as ours:
        yield ours


def claim_dispatch(abcde: AbcdeService, *, schedule_id: int, user_id: str, period_key: str, kind: str,
                   instance: str) -> AbcdeDispatch | None:
    """Claim one reminder before sending it (committed first: the once-only guarantee); None when another
    instance has it."""
    with session_scope(abcde.db) as session:
        return store.claim_dispatch(session, schedule_id=schedule_id, user_id=user_id, period_key=period_key,
                                    kind=kind, instance=instance)


def finish_dispatch(abcde: AbcdeService, *, dispatch_id: int, ok: bool, channel_id: str | None = None,
                    message_ts: str | None = None, error: str | None = None) -> None:
    with session_scope(abcde.db) as session:
        store.finish_dispatch(session, dispatch_id=dispatch_id, ok=ok, channel_id=channel_id,
                              message_ts=message_ts, error=error)
