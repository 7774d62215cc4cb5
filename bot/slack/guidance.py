"""Vägledning in Slack, never silent: the passages at once when the index is ready; while it is still
being built (a fresh install, `coach serve` just started) a private "Vägledningen förbereds, klar om
ungefär N s" at once, replaced by the passages when the index is ready.

- the Vägledning button: a modal opens at once with the notice (its estimate renewed every 20 s) and is
  updated in place (views.update) with the passages; a person who closed it meanwhile gets them as an
  ephemeral in the thread instead;
- `vägledning` typed in a step thread and `/coach sök`: an ephemeral notice ("Söker …"), then the
  passages as an ephemeral (an ephemeral message cannot be edited afterwards).

The waiting costs no thread: the work is queued on the index's warm-up (guidance_corpus.readiness) and
runs once the index is ready, on the quick lane (Deps.lane): a click someone waits on is not queued
behind the writes of everyone's answers.
"""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.service import Actor, ProcessRef
from bot.slack.blocks import context, escape, plain, section
from bot.slack.context import RequestContext
from bot.slack.deps import Deps
from bot.slack.errors import error_view, handle_error, log_error, user_message
from bot.slack.messages import passages_blocks
from bot.slack.models import ButtonIn
from bot.slack.texts import st
from flows.schema import Question
from guidance_corpus.readiness import rounded

REFRESH_SECONDS = 20.0  # how often a waiting modal gets a new estimate (views.update is rate-limited)
Tell = Callable[[str, list], None]  # (fallback text, blocks) → an ephemeral to the person


def preparing(deps: Deps, lang: str, *, searching: bool = False) -> str:
    seconds = rounded(deps.service.guidance.warmup.eta_seconds())
    return st("guidance_searching" if searching else "guidance_preparing", lang, n=seconds)


def guidance_modal(blocks: list, lang: str) -> dict[str, Any]:
    return {"type": "modal", "callback_id": "coach_guidance_view", "title": plain(st("btn_guidance", lang), 24),
            "close": plain(st("modal_close", lang)), "blocks": blocks[:100]}


def later(deps: Deps, body: dict, client: WebClient, lang: str, job: Callable[[], None]) -> None:
    """Run `job` on the work pool once the index is ready (now, if it is); errors are answered politely."""
    def run() -> None:
        try:
            job()
        except Exception as error:  # noqa: BLE001 - the same single reply path as every listener
            handle_error(error, body, client, None, lang)

    if not deps.service.guidance.warmup.when_ready(lambda: (deps.lane or deps.work).submit(run)):
        run()


class Known:
    """What the last clicks read from the database, for a short while: on SQLite every transaction takes
    the write lock (BEGIN IMMEDIATE), so under a burst of answers a click's reads would queue behind
    everyone's writes. A confirmed member and a process (its language) are re-read after TTL seconds, so a
    member removed with `/coach roll @x ingen` loses access within TTL."""

    TTL = 10.0

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._processes: dict[int, tuple[float, ProcessRef]] = {}
        self._members: dict[tuple[int, str], float] = {}

    def process(self, deps: Deps, process_id: int) -> ProcessRef:
        now = time.monotonic()
        with self._lock:
            hit = self._processes.get(process_id)
        if hit and now - hit[0] < self.TTL:
            return hit[1]
        process = deps.process_by_id(process_id)
        with self._lock:
            self._processes[process_id] = (now, process)
        return process

    def require_member(self, deps: Deps, process: ProcessRef, actor: Actor) -> None:
        """A polite, audited refusal for a non-member (bot.membership_service); members are remembered."""
        now = time.monotonic()
        with self._lock:
            if now - self._members.get((process.id, actor.user_id), -self.TTL) < self.TTL:
                return
        deps.service.membership.require_member(process=process, actor=actor, action="guidance")
        with self._lock:
            self._members[(process.id, actor.user_id)] = now


_KNOWN: weakref.WeakKeyDictionary[object, Known] = weakref.WeakKeyDictionary()
_KNOWN_LOCK = threading.Lock()


def known(deps: Deps) -> Known:
    """The memo of this app's service (one per app: process ids are per database)."""
    with _KNOWN_LOCK:
        return _KNOWN.setdefault(deps.service, Known())


def on_click(deps: Deps, body: dict, client: WebClient) -> None:
    """The Vägledning button, after its ack: the passages at once when the index is ready, else a modal
    with the notice that the passages replace."""
    click = _Click.of(deps, body, client)
    warmup = deps.service.guidance.warmup
    if warmup.settled:  # shown first, then recorded (a write) so the step's underlag can cite it
        click.memo.require_member(deps, click.process, click.actor)
        passages = deps.service.guidance.for_question(click.question)
        click.ephemeral(passages)
        click.record(passages)
        return
    warmup.start()
    opened = client.views_open(trigger_id=click.press.trigger_id, view=click.notice())
    modal = _WaitingModal(click, opened["view"]["id"], warmup)
    if modal.member():
        _timer(modal.refresh)
        later(deps, body, client, click.lang, modal.deliver)


@dataclass(frozen=True)
class _Click:
    """One press of the Vägledning button: who, in which process, for which question."""

    deps: Deps
    client: WebClient
    memo: Known
    press: ButtonIn
    process: ProcessRef
    question: Question
    actor: Actor
    lang: str
    head: str

    @classmethod
    def of(cls, deps: Deps, body: dict, client: WebClient) -> _Click:
        press = ButtonIn.parse(body)
        memo = known(deps)
        process = memo.process(deps, press.process_id)
        request = deps.context(press.user_id, process=process)  # the passages are for the presser alone: their language
        question = deps.service.flow_of(process).question(press.question_id)
        lang = request.language
        head = st("guidance_head", lang, question=escape(question.text.get(lang)[:300]))
        return cls(deps, client, memo, press, process, question, request.actor, lang, head)

    def notice(self) -> dict[str, Any]:
        """The modal saying the guide is being prepared, with a fresh estimate."""
        return guidance_modal([section(self.head), context(preparing(self.deps, self.lang))], self.lang)

    def ephemeral(self, passages) -> None:
        self.client.chat_postEphemeral(channel=self.press.channel_id, user=self.press.user_id,
                                       thread_ts=self.press.thread_ts, text=self.head,
                                       blocks=passages_blocks(self.head, passages, self.lang))

    def record(self, passages) -> None:
        self.deps.service.guidance.record_shown(process=self.process, actor=self.actor,
                                                question_id=self.question.id, passages=passages)


class _WaitingModal:
    """The modal a click opened while the index was not ready: its estimate renewed until the passages
    (or an error) replace it; closed meanwhile, the passages come in the thread."""

    def __init__(self, click: _Click, view_id: str, warmup) -> None:
        self.click, self.view_id, self.warmup = click, view_id, warmup
        self.lock, self.done = threading.Lock(), threading.Event()

    def member(self) -> bool:
        """Checked after the modal opened (the check may wait for the database; only guide text was
        shown): a refusal replaces the notice."""
        click = self.click
        try:
            click.memo.require_member(click.deps, click.process, click.actor)
        except Exception as error:  # noqa: BLE001 - the refusal replaces the notice
            self.show_error(error)
            return False
        return True

    def show_error(self, error: Exception) -> None:
        log_error(error)
        self.click.client.views_update(view_id=self.view_id,
                                       view=error_view(user_message(error, self.click.lang), self.click.lang))

    def refresh(self) -> None:
        """A fresh estimate in the modal every REFRESH_SECONDS until the passages replace it."""
        with self.lock:
            if self.done.is_set() or self.warmup.settled:
                return
            try:
                self.click.client.views_update(view_id=self.view_id, view=self.click.notice())
            except SlackApiError:
                return  # closed: the passages will come in the thread
        _timer(self.refresh)

    def deliver(self) -> None:
        click = self.click
        try:
            passages = click.deps.service.guidance.for_question(click.question)
        except Exception as error:  # noqa: BLE001 - said in the modal the person is looking at
            with self.lock:
                self.done.set()
                self.show_error(error)
            return
        with self.lock:
            self.done.set()
            try:
                click.client.views_update(view_id=self.view_id,
                                          view=guidance_modal(passages_blocks(click.head, passages, click.lang),
                                                              click.lang))
            except SlackApiError:  # the modal was closed meanwhile: the passages come in the thread instead
                click.ephemeral(passages)
        click.record(passages)


def _timer(action: Callable[[], None]) -> None:
    timer = threading.Timer(REFRESH_SECONDS, action)
    timer.daemon = True
    timer.start()


def in_thread(deps: Deps, body: dict, client: WebClient, request: RequestContext, question: Question | None,
              tell: Tell) -> None:
    """`vägledning` typed in a step thread: the current question's passages, to the one who asked, in their
    language (`request`: the request's context)."""
    process, actor, lang = request.process, request.actor, request.language
    head = st("guidance_head", lang, question=escape(question.text.get(lang)[:300]) if question else "")
    if question is None:
        tell(head, passages_blocks(head, [], lang))
        return

    def show() -> None:
        passages = deps.service.guidance.for_question(question, process=process, actor=actor)
        tell(head, passages_blocks(head, passages, lang))

    _notice_then(deps, body, client, lang, tell, show)


def search(deps: Deps, body: dict, client: WebClient, query: str, lang: str, tell: Tell) -> None:
    """`/coach sök <fråga>`: cited passages for free text."""
    head = st("search_head", lang, query=escape(query[:200]))

    def show() -> None:
        tell(head, passages_blocks(head, deps.service.guidance.search(query, k=3), lang))

    _notice_then(deps, body, client, lang, tell, show, searching=True)


def _notice_then(deps: Deps, body: dict, client: WebClient, lang: str, tell: Tell, show: Callable[[], None],
                 *, searching: bool = False) -> None:
    warmup = deps.service.guidance.warmup
    if warmup.settled:
        show()
        return
    warmup.start()
    notice = preparing(deps, lang, searching=searching)
    tell(notice, [context(notice)])
    later(deps, body, client, lang, show)
