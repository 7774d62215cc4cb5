"""Slack conversation rows on SQLite and PostgreSQL: messages per question/gate, replies awaiting a click."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine

from storage import create_process, session_scope
from storage.repository import slack as repo
from storage.slack_models import PromptClaim


def _process(engine: Engine) -> int:
    with session_scope(engine) as session:
        return create_process(session, name="Skogås", flow_id="f", flow_version=1, created_by="U1").id


def test_posted_messages_are_moved_and_a_gate_is_claimed_once(engine: Engine) -> None:
    pid = _process(engine)
    with session_scope(engine) as session:
        repo.set_posted(session, process_id=pid, kind="question", key="s1.mal", channel_id="C1", ts="1.1")
        repo.set_posted(session, process_id=pid, kind="question", key="s1.mal", channel_id="C1", ts="1.5")
        assert repo.claim_posted(session, process_id=pid, kind="gate", key="1", channel_id="C1", ts="1.9")
        assert not repo.claim_posted(session, process_id=pid, kind="gate", key="1", channel_id="C1", ts="2.0")
    with session_scope(engine) as session:
        assert repo.get_posted(session, process_id=pid, kind="question", key="s1.mal").ts == "1.5"
        assert repo.get_posted(session, process_id=pid, kind="gate", key="1").ts == "1.9"


def test_a_draft_is_kept_whole_once_per_reply_and_resolved_by_one_click(engine: Engine) -> None:
    pid = _process(engine)
    text = "Ett långt svar. " * 2500  # 40,000 characters: Slack's message limit
    with session_scope(engine) as session:
        first = repo.add_draft(session, process_id=pid, question_id="s1.mal", user_id="U2", channel_id="C1",
                               ts="5.5", thread_ts="1.0", text=text).id
    with session_scope(engine) as session:  # the same reply delivered again: the same draft
        assert repo.add_draft(session, process_id=pid, question_id="s1.mal", user_id="U2", channel_id="C1",
                              ts="5.5", thread_ts="1.0", text=text).id == first

    def click(_: int) -> bool:
        with session_scope(engine) as session:
            return repo.resolve_draft(session, draft_id=first, status="saved") is not None

    with ThreadPoolExecutor(4) as pool:
        assert sorted(pool.map(click, range(4))) == [False, False, False, True]
    with session_scope(engine) as session:
        repo.reopen_draft(session, draft_id=first)
    with session_scope(engine) as session:
        draft = repo.get_draft(session, draft_id=first)
        assert draft.status == "pending" and draft.text == text


def test_showing_the_next_prompt_is_claimed_by_one_sender_at_a_time(engine: Engine) -> None:
    pid = _process(engine)
    now = datetime.now(UTC)
    later = now + timedelta(seconds=60)

    def claim(owner: str, at: datetime = now, until: datetime = later) -> bool:
        with session_scope(engine) as session:
            return repo.claim_prompt(session, process_id=pid, owner=owner, now=at, until=until)

    with ThreadPoolExecutor(8) as pool:  # eight senders at once: one wins
        assert sorted(pool.map(claim, [f"41.{n}" for n in range(8)])) == [False] * 7 + [True]
    with session_scope(engine) as session:
        holder = session.get(PromptClaim, pid).owner
    assert claim(holder)  # its own call, tried again, takes it again
    with session_scope(engine) as session:
        repo.release_prompt(session, process_id=pid, owner="someone else")  # not theirs: nothing happens
    assert not claim("42.1")
    with session_scope(engine) as session:
        repo.release_prompt(session, process_id=pid, owner=holder)
    assert claim("42.1")
    assert claim("43.1", at=later + timedelta(seconds=1), until=later + timedelta(seconds=61))  # 42.1 died
    assert not claim("42.1", at=later + timedelta(seconds=2))
