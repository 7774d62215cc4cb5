"""Step threads (which Slack thread holds which step), the bot messages showing a question or gate, and
thread replies waiting for their author's «Spara som svar»."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation

from sqlalchemy import delete, or_, update
from sqlmodel import Session, select

import storage.slack_models  # noqa: F401  (registers the table on SQLModel.metadata for Alembic)
from storage.models import Process
from storage.repository._common import insert_unique
from storage.repository.processes import in_workspace
from storage.slack_models import PostedMessage, PromptClaim, ReplyDraft, ShownMessage, StepThread


def get_step_thread(session: Session, *, process_id: int, step_number: int) -> StepThread | None:
    statement = select(StepThread).where(StepThread.process_id == process_id,
                                         StepThread.step_number == step_number)
    return session.exec(statement).first()


def find_step_thread(session: Session, *, channel_id: str, thread_ts: str,
                     workspace_id: int | None = None) -> StepThread | None:
    """The step thread at (channel, thread) of a process of the workspace (None: processes without one)."""
    statement = (select(StepThread).join(Process, StepThread.process_id == Process.id)
                 .where(StepThread.channel_id == channel_id, StepThread.thread_ts == thread_ts,
                        in_workspace(workspace_id)))
    return session.exec(statement).first()


def list_step_threads(session: Session, *, process_id: int) -> list[StepThread]:
    statement = select(StepThread).where(StepThread.process_id == process_id).order_by(StepThread.step_number)
    return list(session.exec(statement).all())


def claim_step_thread(session: Session, *, process_id: int, step_number: int, channel_id: str,
                      thread_ts: str) -> tuple[StepThread, bool]:
    """Record a new step thread. (existing row, False) when another request recorded one first."""
    row = StepThread(process_id=process_id, step_number=step_number, channel_id=channel_id, thread_ts=thread_ts)
    if insert_unique(session, row):
        return row, True
    existing = get_step_thread(session, process_id=process_id, step_number=step_number)
    assert existing is not None
    return existing, False


def set_thread_message(session: Session, *, process_id: int, step_number: int, message_ts: str | None) -> None:
    """Remember the newest question message in a step thread."""
    row = get_step_thread(session, process_id=process_id, step_number=step_number)
    if row is not None:
        row.message_ts = message_ts
        session.add(row)
        session.flush()


# ---- messages showing a question or a gate --------------------------------------------------------

def get_posted(session: Session, *, process_id: int, kind: str, key: str) -> PostedMessage | None:
    statement = select(PostedMessage).where(PostedMessage.process_id == process_id, PostedMessage.kind == kind,
                                            PostedMessage.key == key)
    return session.exec(statement).first()


def set_posted(session: Session, *, process_id: int, kind: str, key: str, channel_id: str, ts: str) -> None:
    """Remember (or move) the message that shows `kind`/`key` of a process."""
    row = get_posted(session, process_id=process_id, kind=kind, key=key)
    if row is None:
        row = PostedMessage(process_id=process_id, kind=kind, key=key, channel_id=channel_id, ts=ts)
        if insert_unique(session, row):
            return
        row = get_posted(session, process_id=process_id, kind=kind, key=key)
    row.channel_id, row.ts = channel_id, ts
    session.add(row)
    session.flush()


def claim_posted(session: Session, *, process_id: int, kind: str, key: str, channel_id: str, ts: str) -> bool:
    """Record a message for `kind`/`key` only if none is recorded; False when one already was."""
    return insert_unique(session, PostedMessage(process_id=process_id, kind=kind, key=key,
                                                channel_id=channel_id, ts=ts))


# ---- who shows a process's next prompt ------------------------------------------------------------

def claim_prompt(session: Session, *, process_id: int, owner: str, now: datetime, until: datetime) -> bool:
    """Claim showing the next prompt of a process until `until`. True when `owner` holds it now: it was free,
    already `owner`'s, or its holder's time ran out. One INSERT, or one conditional UPDATE: of two claimers at
    once only one wins, on PostgreSQL (the second waits on the row and re-checks it) and SQLite alike."""
    if insert_unique(session, PromptClaim(process_id=process_id, owner=owner, until=until)):
        return True
    taken = session.execute(update(PromptClaim).where(PromptClaim.process_id == process_id,
                                                      or_(PromptClaim.owner == owner, PromptClaim.until < now))
                            .values(owner=owner, until=until).execution_options(synchronize_session=False))
    return taken.rowcount == 1


def release_prompt(session: Session, *, process_id: int, owner: str) -> None:
    """`owner` is done showing the prompt (a claim someone took over since is left alone)."""
    session.execute(delete(PromptClaim).where(PromptClaim.process_id == process_id, PromptClaim.owner == owner)
                    .execution_options(synchronize_session=False))


# ---- what a thread showed, in order ----------------------------------------------------------------

def record_shown(session: Session, *, process_id: int, channel_id: str, thread_ts: str, ts: str, kind: str,
                 key: str) -> None:
    """Log a bot message that showed a question or gate in a step thread (once per message)."""
    insert_unique(session, ShownMessage(process_id=process_id, channel_id=channel_id, thread_ts=thread_ts, ts=ts,
                                        kind=kind, key=key))


def _ts(value: str) -> Decimal:
    try:
        return Decimal(value)
    except InvalidOperation:
        return Decimal(0)


def shown_before(session: Session, *, channel_id: str, thread_ts: str, ts: str) -> ShownMessage | None:
    """The newest question or gate message in the thread older than `ts`: what a reply at `ts` answered."""
    rows = session.exec(select(ShownMessage).where(ShownMessage.channel_id == channel_id,
                                                   ShownMessage.thread_ts == thread_ts)).all()
    older = [row for row in rows if _ts(row.ts) < _ts(ts)]
    return max(older, key=lambda row: _ts(row.ts)) if older else None


# ---- thread replies offered as answers ------------------------------------------------------------

def add_draft(session: Session, *, process_id: int, question_id: str, user_id: str, channel_id: str, ts: str,
              thread_ts: str, text: str, question_ts: str | None = None, status: str = "pending") -> ReplyDraft:
    """Keep a thread reply whole until its author says what it is (once per reply: a retry finds it)."""
    row = ReplyDraft(process_id=process_id, question_id=question_id, user_id=user_id, channel_id=channel_id,
                     ts=ts, thread_ts=thread_ts, text=text, question_ts=question_ts, status=status)
    if insert_unique(session, row):
        return row
    existing = get_draft(session, draft_id=None, channel_id=channel_id, ts=ts)
    assert existing is not None
    return existing


def get_draft(session: Session, *, draft_id: int | None, channel_id: str | None = None,
              ts: str | None = None) -> ReplyDraft | None:
    if draft_id is not None:
        return session.get(ReplyDraft, draft_id)
    statement = select(ReplyDraft).where(ReplyDraft.channel_id == channel_id, ReplyDraft.ts == ts)
    return session.exec(statement).first()


OPEN = ("received", "pending")  # not yet decided by its author


def resolve_draft(session: Session, *, draft_id: int, status: str) -> ReplyDraft | None:
    """Mark an open draft saved, discussion or refused; None when it was resolved already (a double click,
    or two replicas): one conditional UPDATE, so only one caller wins."""
    done = session.execute(update(ReplyDraft).where(ReplyDraft.id == draft_id, ReplyDraft.status.in_(OPEN))
                           .values(status=status).execution_options(synchronize_session=False))
    if done.rowcount != 1:
        return None
    row = session.get(ReplyDraft, draft_id)
    session.refresh(row)
    return row


def reopen_draft(session: Session, *, draft_id: int) -> None:
    """A draft whose saving was refused or invalid is pending again (its author may try once more)."""
    session.execute(update(ReplyDraft).where(ReplyDraft.id == draft_id).values(status="pending")
                    .execution_options(synchronize_session=False))


def edit_draft(session: Session, *, channel_id: str, ts: str, text: str) -> bool:
    """The author edited a reply still waiting for its click: the offer saves the edited text."""
    done = session.execute(update(ReplyDraft).where(ReplyDraft.channel_id == channel_id, ReplyDraft.ts == ts,
                                                    ReplyDraft.status.in_(OPEN))
                           .values(text=text).execution_options(synchronize_session=False))
    return done.rowcount == 1


def mark_offered(session: Session, *, draft_id: int) -> None:
    """The offer of a received draft was sent: it is pending its author's click."""
    session.execute(update(ReplyDraft).where(ReplyDraft.id == draft_id, ReplyDraft.status == "received")
                    .values(status="pending").execution_options(synchronize_session=False))

