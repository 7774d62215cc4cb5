"""The guide's passages beside the conversation: for a flow question or free text (retrieval with
citations, guidance_corpus), what was shown to a process's team (so the step's underlag can cite it), and
the readiness of the index for a long-running process.

CoachService holds one as `service.guidance`; the retriever is opened on first use.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from sqlalchemy import Engine

from bot.access import READ, require
from bot.errors import CoachError
from bot.refs import Actor, ProcessRef
from flows.schema import Flow, Question
from guidance_corpus.base import GuidanceUnavailable, Passage, Retriever
from guidance_corpus.readiness import CHECK_SECONDS, FULL_BUILD_SECONDS, Warmup
from storage import repository as repo
from storage.db import session_scope
from storage.event_models import GUIDANCE_SHOWN


class GuidanceService:
    def __init__(self, *, db: Engine, flows: dict[str, Flow],
                 retriever: Callable[[], Retriever] | None = None) -> None:
        self._db = db
        self._flows = flows
        self._retriever_factory = retriever
        self._retriever: Retriever | None = None
        self._warmup: Warmup | None = None
        self._warmup_lock = threading.Lock()

    def retriever(self) -> Retriever | None:
        if self._retriever is None and self._retriever_factory is not None:
            self._retriever = self._retriever_factory()
        return self._retriever

    def for_question(self, question: Question, k: int = 3, *, process: ProcessRef | None = None,
                     actor: Actor | None = None) -> list[Passage]:
        """The guide's passages for a flow question, found by its retrieval hint and its Swedish text.

        With a process and actor (members only), what was shown is recorded, so the step's underlag can cite it.
        """
        from guidance_corpus.retrieval import guidance_for_question  # numpy/chroma load only when asked

        recording = process is not None and actor is not None
        if recording:
            with session_scope(self._db) as session:
                require(session, process, actor, READ, action="guidance")
        retriever = self.retriever()
        try:
            passages = guidance_for_question(retriever, question, k=k) if retriever else []
        except GuidanceUnavailable as error:
            raise CoachError(error.message) from error
        if recording:
            self.record_shown(process=process, actor=actor, question_id=question.id, passages=passages)
        return passages

    def record_shown(self, *, process: ProcessRef, actor: Actor, question_id: str,
                     passages: list[Passage]) -> None:
        """Remember which passages were shown for a question, so the step's underlag can cite them (a domain
        event the app reads back); the audit log records only that it happened."""
        if not passages:
            return
        with session_scope(self._db) as session:
            repo.record_event(session, process_id=process.id, kind=GUIDANCE_SHOWN, actor=actor.user_id,
                              detail={"question_id": question_id,
                                      "passages": [{"doc_id": p.doc_id, "title": p.title, "locator": p.locator,
                                                    "text": p.text} for p in passages]})
            repo.audit(session, process_id=process.id, actor=actor.user_id, action=GUIDANCE_SHOWN,
                       detail={"question_id": question_id,
                               "passages": [{"doc_id": p.doc_id, "locator": p.locator} for p in passages]})

    def shown_passages(self, *, process: ProcessRef, actor: Actor, step: int) -> list[Passage]:
        """Guide passages shown to the team for the questions of `step`, oldest first, each once."""
        own = {q.id for q in self._flows[process.flow_id].step(step).questions()}
        seen: dict[tuple[str, str], Passage] = {}
        with session_scope(self._db) as session:
            require(session, process, actor, READ, action="read")
            for event in repo.list_events(session, process_id=process.id, kind=GUIDANCE_SHOWN):
                if event.detail.get("question_id") not in own:
                    continue
                for p in event.detail.get("passages", []):
                    seen.setdefault((p["doc_id"], p["locator"]), Passage(score=0.0, **p))
        return list(seen.values())

    def search(self, query: str, k: int = 5) -> list[Passage]:
        """Cited passages for free text (`/coach sök`)."""
        retriever = self.retriever()
        try:
            return retriever.search(query, k=k) if retriever else []
        except GuidanceUnavailable as error:
            raise CoachError(error.message) from error

    def index_missing(self) -> bool:
        """True when the first guidance search will have to build the index (about a minute)."""
        retriever = self.retriever()
        missing = getattr(retriever, "index_missing", None)
        return bool(missing and missing())

    @property
    def warmup(self) -> Warmup:
        """Readiness of the guidance index for a long-running process: `coach serve` starts it at
        start-up; a retriever with nothing to prepare (or none) is ready at once."""
        with self._warmup_lock:
            if self._warmup is None:
                self._warmup = self._make_warmup()
            return self._warmup

    def _make_warmup(self) -> Warmup:
        prepare = getattr(self.retriever(), "prepare", None)
        warmup = Warmup(prepare or (lambda progress: None),
                        expected=lambda: FULL_BUILD_SECONDS if self.index_missing() else CHECK_SECONDS)
        if prepare is None:
            warmup.mark_ready()
        return warmup
