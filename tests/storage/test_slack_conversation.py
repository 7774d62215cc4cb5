"""Slack conversation rows on SQLite and PostgreSQL: messages per question/gate, replies awaiting a click."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import Engine

from storage import create_process, session_scope
from storage.repository import slack as repo


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
