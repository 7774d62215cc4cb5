"""The Slack adapter's own bookkeeping, behind one service: which thread holds which step, the messages
showing a question or gate (and the order they were shown in), thread replies waiting for their author's
«Spara som svar», the deliveries already handled, and the workspace row of each Slack team. Each call is
one transaction; the adapter never opens a session itself."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import Engine

from storage.db import session_scope
from storage.models import Workspace
from storage.repository import ensure_workspace, remember_delivery
from storage.repository import slack as threads
from storage.slack_models import PostedMessage, ReplyDraft, ShownMessage, StepThread

__all__ = ["DRAFT_OPEN", "Engine", "SlackStateService"]

DRAFT_OPEN = threads.OPEN  # a draft not yet decided by its author


class SlackStateService:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # ---- step threads and the messages in them ------------------------------------------------------

    def thread_at(self, channel_id: str, thread_ts: str, workspace_id: int | None = None) -> StepThread | None:
        with session_scope(self.engine) as session:
            return threads.find_step_thread(session, channel_id=channel_id, thread_ts=thread_ts,
                                            workspace_id=workspace_id)

    def thread_of(self, process_id: int, step: int) -> StepThread | None:
        with session_scope(self.engine) as session:
            return threads.get_step_thread(session, process_id=process_id, step_number=step)

    @staticmethod
    def step_threads_in(session, process_id: int) -> list[StepThread]:
        """The process's step threads, read in a transaction already open (the answer's own)."""
        return list(threads.list_step_threads(session, process_id=process_id))

    def claim_thread(self, process_id: int, step: int, channel_id: str, thread_ts: str) -> StepThread:
        """Record the step's thread; the one another request recorded first when it was quicker."""
        with session_scope(self.engine) as session:
            row, _created = threads.claim_step_thread(session, process_id=process_id, step_number=step,
                                                      channel_id=channel_id, thread_ts=thread_ts)
            return row

    def posted(self, process_id: int, kind: str, key: str) -> PostedMessage | None:
        with session_scope(self.engine) as session:
            return threads.get_posted(session, process_id=process_id, kind=kind, key=key)

    def remember(self, process_id: int, kind: str, key: str, channel_id: str, ts: str,
                 thread: StepThread | None = None, newest: bool = True) -> None:
        """Record the message showing `kind`/`key` (updated in place later). A question asked or a gate shown
        in a step thread (`newest`) is also logged in order — a reply there answers the newest one older than
        itself — and a question is remembered as the thread's newest; an answered question's confirmation
        posted anew (`newest=False`) is neither."""
        with session_scope(self.engine) as session:
            threads.set_posted(session, process_id=process_id, kind=kind, key=key, channel_id=channel_id, ts=ts)
            if thread is not None and newest:
                # only a question asked (or a gate shown) is what later replies answer: a confirmation
                # posted for a question answered out of order (its form, never asked in the thread) must
                # not pull the team's next replies onto that answered question
                threads.record_shown(session, process_id=process_id, channel_id=channel_id,
                                     thread_ts=thread.thread_ts, ts=ts, kind=kind, key=key)
                if kind == "question":
                    threads.set_thread_message(session, process_id=process_id, step_number=thread.step_number,
                                               message_ts=ts)

    def shown_before(self, channel_id: str, thread_ts: str, ts: str) -> ShownMessage | None:
        """The question or gate message a reply at `ts` came under (None when the thread logged none before)."""
        with session_scope(self.engine) as session:
            return threads.shown_before(session, channel_id=channel_id, thread_ts=thread_ts, ts=ts)

    # ---- deliveries and workspaces ------------------------------------------------------------------

    def claim_delivery(self, key: str) -> bool:
        """True the first time `key` is claimed by any process sharing the database."""
        with session_scope(self.engine) as session:
            return remember_delivery(session, key=key)

    def workspace_id(self, slack_team_id: str, name: str, *, rename: bool = False) -> int:
        """The workspace row of a Slack team (created on first sight); `rename`: its name follows Slack's."""
        with session_scope(self.engine) as session:
            workspace = ensure_workspace(session, slack_team_id=slack_team_id, name=name)
            if rename and workspace.name != name:
                workspace.name = name  # renamed in Slack since
                session.add(workspace)
            assert workspace.id is not None
            return workspace.id

    def team_of(self, workspace_id: int) -> str | None:
        """The Slack team key of a workspace row (None when there is none)."""
        with session_scope(self.engine) as session:
            workspace = session.get(Workspace, workspace_id)
            return workspace.slack_team_id if workspace is not None else None

    # ---- thread replies offered as answers ------------------------------------------------------------

    def keep_draft(self, draft: ReplyDraft) -> ReplyDraft:
        """Keep a reply "received" (once per reply: a replay finds the one kept before)."""
        with session_scope(self.engine) as session:
            return threads.add_draft(session, process_id=draft.process_id, question_id=draft.question_id,
                                     user_id=draft.user_id, channel_id=draft.channel_id, ts=draft.ts,
                                     thread_ts=draft.thread_ts, text=draft.text, status="received",
                                     question_ts=draft.question_ts)

    def mark_offered(self, draft_id: int) -> None:
        with session_scope(self.engine) as session:
            threads.mark_offered(session, draft_id=draft_id)

    def edit_draft(self, channel_id: str, ts: str, text: str) -> bool:
        with session_scope(self.engine) as session:
            return threads.edit_draft(session, channel_id=channel_id, ts=ts, text=text)

    def draft(self, draft_id: int | None) -> ReplyDraft | None:
        with session_scope(self.engine) as session:
            return threads.get_draft(session, draft_id=draft_id)

    def discard_draft(self, draft_id: int | None, user_id: str) -> None:
        """The author's «det var diskussion»: their open draft stays talk (another's is left alone)."""
        with session_scope(self.engine) as session:
            draft = threads.get_draft(session, draft_id=draft_id)
            if draft is not None and draft.user_id == user_id:
                threads.resolve_draft(session, draft_id=draft.id, status="discussion")

    # ---- the next prompt: one sender at a time, across processes ------------------------------------

    def claim_prompt(self, process_id: int, owner: str, now, until) -> bool:
        with session_scope(self.engine) as session:
            return threads.claim_prompt(session, process_id=process_id, owner=owner, now=now, until=until)

    def release_prompt(self, process_id: int, owner: str) -> None:
        with session_scope(self.engine) as session:
            threads.release_prompt(session, process_id=process_id, owner=owner)

    @contextmanager
    def transaction(self) -> Iterator[object]:
        """A unit of work for what reads and writes together (the outbox calls of a result, when not
        written in the answer's own transaction); the adapter passes it on, never opens it itself."""
        with session_scope(self.engine) as session:
            yield session

    @staticmethod
    def posted_in(session, process_id: int, kind: str, key: str) -> PostedMessage | None:
        """`posted`, read in a transaction already open (the answer's own, or `transaction()`)."""
        return threads.get_posted(session, process_id=process_id, kind=kind, key=key)

    @staticmethod
    def saving(draft_id: int) -> Callable[[object], bool]:
        """The claim to run in the answer's own transaction (CoachService.act): saved and marked, or neither."""
        def claim(session) -> bool:
            return threads.resolve_draft(session, draft_id=draft_id, status="saved") is not None
        return claim
