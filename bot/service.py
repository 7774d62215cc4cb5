"""The application service: engine + storage + retrieval, shared by the terminal and Slack adapters.
Guidance and membership are parts of their own (bot/guidance_service.py, bot/membership_service.py);
the access checks are bot/access.py's.

Every call runs in one transaction: an answer is stored (with its audit event) before anyone is told
it was; a refused or invalid input stores nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine

from bot.access import COORDINATE, READ, WRITE, require
from bot.errors import AlreadyHandled, CoachError
from bot.guidance_service import GuidanceService
from bot.i18n import t
from bot.membership_service import MembershipService
from bot.refs import Actor, ProcessRef, process_ref
from flows.answers import ANSWER_TYPES, AnswerModel, GateDecision
from flows.consistency import Finding
from flows.consistency import check as consistency_check
from flows.engine import advance, gate_readiness, next_prompt, prompt_for, start, step_status
from flows.schema import Flow
from flows.state import Decide, Input, ProcessState, Prompt, Result, StoredAnswer, UnmetCriterion
from guidance_corpus.base import Retriever
from storage import repository as repo
from storage.db import session_scope
from storage.errors import NotFound
from storage.event_models import SUMMARY_POSTED

__all__ = ["LANGUAGES", "Actor", "CoachService", "ProcessRef", "Status", "StepLine", "VersionView"]

LANGUAGES = ("sv", "en")


@dataclass(frozen=True)
class VersionView:
    version: int
    value: AnswerModel | None
    skipped: bool
    author: str
    via: str
    created_at: datetime


@dataclass(frozen=True)
class StepLine:
    number: int
    title: str
    status: str
    answered: int
    total: int
    skipped: int
    unmet: tuple[str, ...]
    gaps: tuple[UnmetCriterion, ...] = ()  # the same, structured: criterion and its details


@dataclass(frozen=True)
class Status:
    process: ProcessRef
    steps: tuple[StepLine, ...]
    prompt: Prompt
    role: str
    findings: tuple[Finding, ...] = ()  # inconsistencies across steps (flows.consistency), in step order


class CoachService:
    """The process and its conversation, and what is kept about it. Its parts: `guidance`
    (GuidanceService: passages, what was shown, the index's readiness) and `membership` (MembershipService:
    roles, members, names, the checks before work done outside a service call)."""

    def __init__(self, *, db: Engine, flows: dict[str, Flow],
                 retriever: Callable[[], Retriever] | None = None) -> None:
        self._db = db
        self._flows = flows
        self.guidance = GuidanceService(db=db, flows=flows, retriever=retriever)
        self.membership = MembershipService(db=db)

    @property
    def engine(self) -> Engine:
        return self._db

    # ---- processes ------------------------------------------------------------------------------

    def flow_of(self, process: ProcessRef) -> Flow:
        return self._flows[process.flow_id]

    def start_process(self, *, name: str, actor: Actor, flow_id: str, channel_id: str | None = None,
                      workspace_id: int | None = None, language: str = "sv") -> ProcessRef:
        name = _process_name(name, language)
        flow = self._flows[flow_id]
        with session_scope(self._db) as session:
            process = repo.create_process(session, name=name, flow_id=flow.id, flow_version=flow.version,
                                          created_by=actor.user_id, workspace_id=workspace_id,
                                          channel_id=channel_id, creator_name=actor.display_name,
                                          language=language)
            state = start(flow, ProcessState())
            repo.set_cursor(session, process_id=process.id, current_step=state.current_step, cursor=state.cursor)
            return process_ref(process)

    def find_process(self, *, name: str | None = None, channel_id: str | None = None,
                     workspace_id: int | None = None, include_archived: bool = False) -> ProcessRef:
        """The process by channel or name. An archived one is refused unless `include_archived`
        (reading it, e.g. for underlag); it is never created anew under the same name."""
        with session_scope(self._db) as session:
            if channel_id is not None:
                process = repo.get_process_by_channel(session, channel_id=channel_id, workspace_id=workspace_id)
            else:
                process = repo.get_process(session, name=" ".join((name or "").split()),
                                           workspace_id=workspace_id)
                if process is None and workspace_id is None:  # the operator's commands: any workspace's
                    process = _only_one(repo.processes_named(session, name=name or ""), name or "")
            if process is None:
                raise NotFound(t("sv", "no_process", name=name or channel_id))
            if process.archived and not include_archived:
                raise CoachError(t(process.language, "process_archived", name=process.name))
            return process_ref(process)

    def process_by_id(self, process_id: int) -> ProcessRef:
        """The process a button, a modal or a queued Slack call names, archived or not (access is checked by
        the call that follows); NotFound when it is gone."""
        with session_scope(self._db) as session:
            process = repo.get_process_by_id(session, process_id=process_id)
            if process is None:
                raise NotFound.text("ui.process_gone")
            return process_ref(process)

    def rename_process(self, *, process: ProcessRef, actor: Actor, name: str) -> ProcessRef:
        """Coordinators rename a process (the name others type to reach it). Audited."""
        name = _process_name(name, process.language)
        with session_scope(self._db) as session:
            require(session, process, actor, COORDINATE, action="rename")
            return process_ref(repo.rename_process(session, process_id=process.id, name=name, actor=actor.user_id))

    def archive_process(self, *, process: ProcessRef, actor: Actor, archived: bool = True) -> ProcessRef:
        """Coordinators archive a finished process, or restore it. Nothing is deleted. Audited."""
        with session_scope(self._db) as session:
            require(session, process, actor, COORDINATE, action="archive")
            return process_ref(repo.set_archived(session, process_id=process.id, archived=archived,
                                          actor=actor.user_id))

    def set_language(self, *, process: ProcessRef, actor: Actor, language: str) -> ProcessRef:
        """Coordinators choose the language of a process's texts: "sv" (the default) or "en". Audited."""
        language = (language or "").strip().lower()
        if language not in LANGUAGES:
            raise CoachError(t(process.language, "bad_language", languages=", ".join(LANGUAGES)))
        with session_scope(self._db) as session:
            require(session, process, actor, COORDINATE, action="set_language")
            before = repo.get_process_by_id(session, process_id=process.id).language
            row = repo.set_language(session, process_id=process.id, language=language)
            repo.audit(session, process_id=process.id, actor=actor.user_id, action="language_set",
                       detail={"from": before, "to": language, "via": actor.via})
            return process_ref(row)

    def processes_for(self, *, user_id: str, workspace_id: int | None = None) -> list[ProcessRef]:
        """The processes `user_id` is a member of, in one workspace (None: those without a workspace)."""
        with session_scope(self._db) as session:
            return [process_ref(p) for p in repo.list_processes(session, user_id=user_id, workspace_id=workspace_id)]

    # ---- the conversation -----------------------------------------------------------------------

    def act(self, *, process: ProcessRef, actor: Actor, event: Input, origin: str | None = None,
            claim: Callable[[Any], bool] | None = None,
            then: Callable[[Any, Result], None] | None = None, reader_language: str | None = None) -> Result:
        """Advance the process with one input from `actor`, persisting what the engine says to store.
        `origin` (what the author was shown: a question message or a modal) is kept on the answer.
        `claim(session)` runs in the same transaction before anything is stored (e.g. a thread reply's
        draft marked saved): False raises AlreadyHandled and stores nothing — both or neither.
        `then(session, result)` runs in it after everything is stored: what must follow the store is
        committed with it or not at all (the Slack adapter's outbox rows that confirm it).
        `reader_language`: the language of the person who will read the problems (a modal's errors, an
        ephemeral); the prompt and what the team sees stay in the process's language."""
        need = COORDINATE if isinstance(event, Decide) else WRITE
        flow = self.flow_of(process)
        with session_scope(self._db) as session:
            require(session, process, actor, need, action=type(event).__name__)
            repo.lock_process(session, process.id)  # one read-modify-write of a process at a time
            state = self._load_state(session, process.id, flow)
            result = advance(flow, state, event, lang=process.language)
            if reader_language not in (None, process.language) and (result.problems or not result.store):
                said = advance(flow, state, event, lang=reader_language)  # pure: the same verdict, in their words
                result = replace(result, problems=said.problems,
                                 notices=result.notices if result.store else said.notices)
            if claim is not None and result.store and not claim(session):
                raise AlreadyHandled()
            _store(session, process, actor, event, result, origin)
            if (result.state.current_step, result.state.cursor) != (state.current_step, state.cursor):
                repo.set_cursor(session, process_id=process.id, current_step=result.state.current_step,
                                cursor=result.state.cursor)
            if then is not None:
                then(session, result)
            return result

    def current_prompt(self, *, process: ProcessRef, actor: Actor) -> Prompt:
        flow = self.flow_of(process)
        with session_scope(self._db) as session:
            require(session, process, actor, READ, action="read")
            return prompt_for(flow, start(flow, self._load_state(session, process.id, flow)), process.language)

    def next_prompt(self, *, process: ProcessRef, actor: Actor) -> Prompt:
        """The team's next question (first open one of the step worked in) or gate: what `fortsätt`,
        status, the step's parent message and App Home all name, wherever the cursor was moved."""
        flow = self.flow_of(process)
        with session_scope(self._db) as session:
            require(session, process, actor, READ, action="read")
            return next_prompt(flow, self._load_state(session, process.id, flow), process.language)

    def status(self, *, process: ProcessRef, actor: Actor, language: str | None = None) -> Status:
        """Where the process stands; its texts in `language` (a person's own, for what they alone see), else
        the process's."""
        flow = self.flow_of(process)
        lang = language or process.language
        with session_scope(self._db) as session:
            role = require(session, process, actor, READ, action="status")
            state = start(flow, self._load_state(session, process.id, flow))
        lines = []
        for step in flow.steps:
            questions = step.questions()
            readiness = gate_readiness(flow, state, step.number, lang)
            lines.append(StepLine(
                number=step.number, title=step.title.get(lang), status=step_status(flow, state, step.number, readiness),
                answered=sum(1 for q in questions if state.value(q.id) is not None), total=len(questions),
                skipped=sum(1 for q in questions if (a := state.answers.get(q.id)) and a.skipped),
                unmet=tuple(str(u) for u in readiness.unmet), gaps=readiness.unmet))
        return Status(process=process, steps=tuple(lines), prompt=next_prompt(flow, state, lang), role=role,
                      findings=tuple(consistency_check(flow, state)))

    def state(self, *, process: ProcessRef, actor: Actor) -> ProcessState:
        flow = self.flow_of(process)
        with session_scope(self._db) as session:
            require(session, process, actor, READ, action="read")
            return start(flow, self._load_state(session, process.id, flow))

    def history(self, *, process: ProcessRef, actor: Actor, question_id: str) -> list[VersionView]:
        flow = self.flow_of(process)
        model = ANSWER_TYPES[flow.question(question_id).type]
        with session_scope(self._db) as session:
            require(session, process, actor, READ, action="history")
            rows = repo.answer_history(session, process_id=process.id, question_id=question_id)
            return [VersionView(version=r.version, value=model.model_validate(r.value) if r.value is not None
                                else None, skipped=r.skipped, author=r.author, via=r.via,
                                created_at=r.created_at) for r in rows]

    # ---- what is kept about it: exports, the audit log, summaries and underlag posted -----------

    def export(self, *, process: ProcessRef, actor: Actor) -> dict:
        """The whole process as `coach export` JSON: coordinators only. The export itself is audited after
        the document is built, so exporting an imported copy gives the same bytes."""
        from storage.export import export_process

        with session_scope(self._db) as session:
            require(session, process, actor, COORDINATE, action="export")
            document = export_process(session, process_id=process.id)
            repo.audit(session, process_id=process.id, actor=actor.user_id, action="exported",
                       detail={"via": actor.via})
            return document

    def audit_log(self, *, process: ProcessRef, actor: Actor, limit: int | None = None) -> list[dict]:
        """The process's audit events, oldest first (`limit`: the newest N): coordinators only."""
        with session_scope(self._db) as session:
            require(session, process, actor, COORDINATE, action="audit_log")
            return [{"at": e.created_at, "actor": e.actor, "action": e.action, "detail": e.detail}
                    for e in repo.list_audit(session, process_id=process.id, limit=limit)]

    def record_summary(self, *, process: ProcessRef, actor: Actor, step: int, versions: dict[str, int]) -> None:
        """A step summary was posted showing these answer versions (the next summary says what changed)."""
        detail = {"step": step, "versions": versions}
        with session_scope(self._db) as session:
            repo.record_event(session, process_id=process.id, kind=SUMMARY_POSTED, actor=actor.user_id, detail=detail)
            repo.audit(session, process_id=process.id, actor=actor.user_id, action=SUMMARY_POSTED, detail=detail)

    def last_summary(self, *, process: ProcessRef, actor: Actor, step: int) -> tuple[dict[str, int], datetime] | None:
        """The answer versions the last summary of `step` showed, and when (UTC); None: never (members only)."""
        with session_scope(self._db) as session:
            require(session, process, actor, READ, action="read")
            events = [e for e in repo.list_events(session, process_id=process.id, kind=SUMMARY_POSTED)
                      if e.detail.get("step") == step]
            if not events:
                return None
            last = events[-1]
            when = last.created_at if last.created_at.tzinfo else last.created_at.replace(tzinfo=UTC)
            return {str(k): int(v) for k, v in (last.detail.get("versions") or {}).items()}, when

    def record_underlag(self, *, process: ProcessRef, actor: Actor, step: int, ready: bool, unmet: int) -> None:
        with session_scope(self._db) as session:
            repo.audit(session, process_id=process.id, actor=actor.user_id, action="underlag_posted",
                       detail={"step": step, "ready": ready, "unmet": unmet})

    # ---- internals ------------------------------------------------------------------------------

    def _load_state(self, session, process_id: int, flow: Flow) -> ProcessState:
        process = repo.get_process_by_id(session, process_id=process_id)
        answers = {}
        for qid, row in repo.latest_answers(session, process_id=process_id).items():
            try:
                model = ANSWER_TYPES[flow.question(qid).type]
            except KeyError:
                continue  # a question removed from a newer flow version: kept in storage, not asked
            value = model.model_validate(row.value) if row.value is not None else None
            answers[qid] = StoredAnswer(value=value, version=row.version, skipped=row.skipped)
        decisions = {n: GateDecision.model_validate(d.value)
                     for n, d in repo.latest_decisions(session, process_id=process_id).items()}
        return ProcessState(answers=answers, decisions=decisions, current_step=process.current_step,
                            cursor=process.cursor)


def _store(session, process: ProcessRef, actor: Actor, event: Input, result: Result, origin: str | None) -> None:
    """What the engine said to store: the answers (`origin` on the one `event` answered) and a gate decision,
    each with its audit event."""
    for item in result.store:
        version = repo.append_answer(
            session, process_id=process.id, question_id=item.question_id,
            value=item.value.model_dump(mode="json") if item.value is not None else None,
            skipped=item.skipped, warnings=list(item.warnings), author=actor.user_id, via=actor.via,
            origin=origin if item.question_id == getattr(event, "question_id", None) else None)
        repo.audit(session, process_id=process.id, actor=actor.user_id,
                   action="skip" if item.skipped else "answer",
                   detail={"question_id": item.question_id, "version": version.version, "via": actor.via})
    if result.decision is not None:
        repo.record_decision(
            session, process_id=process.id, step_number=result.decision.step,
            value=result.decision.value.model_dump(mode="json"), unmet=list(result.decision.unmet),
            author=actor.user_id, via=actor.via)
        repo.audit(session, process_id=process.id, actor=actor.user_id, action="decision",
                   detail={"step": result.decision.step, "unmet": list(result.decision.unmet)})


def _process_name(name: str | None, lang: str) -> str:
    """A process name with its whitespace collapsed, 1-120 characters (a polite refusal otherwise)."""
    name = " ".join((name or "").split())
    if not name or len(name) > 120:
        raise CoachError(t(lang, "bad_process_name"))
    return name


def _only_one(found: list, name: str):
    """The one process of that name among the workspaces (OAuth installs); a polite error when several."""
    if len(found) > 1:
        names = ", ".join(f"«{w.name}»" if w is not None else "–" for _p, w in found)
        raise CoachError(t("sv", "ambiguous_process", name=" ".join(name.split()), workspaces=names))
    return found[0][0] if found else None
