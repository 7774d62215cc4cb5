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
    seconds = rounded(deps.service.guidance_warmup.eta_seconds())
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

    if not deps.service.guidance_warmup.when_ready(lambda: (deps.lane or deps.work).submit(run)):
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
        """A polite, audited refusal for a non-member (bot.service); members are remembered."""
        now = time.monotonic()
        with self._lock:
            if now - self._members.get((process.id, actor.user_id), -self.TTL) < self.TTL:
                return
        deps.service.require_member(process=process, actor=actor, action="guidance")
        with self._lock:
            self._members[(process.id, actor.user_id)] = now


_KNOWN: weakref.WeakKeyDictionary[object, Known] = weakref.WeakKeyDictionary()
_KNOWN_LOCK = threading.Lock()


def known(deps: Deps) -> Known:
    """The memo of this app's service (one per app: process ids are per database)."""
    with _KNOWN_LOCK:
        return _KNOWN.setdefault(deps.service, Known())


def on_click(deps: Deps, body: dict, client: WebClient) -> None:
    """The Vägledning button, after its ack."""
    service = deps.service
    press = ButtonIn.parse(body)
    memo = known(deps)
    process = memo.process(deps, press.process_id)
    request = deps.context(press.user_id, process=process)  # the passages are for the presser alone: their language
    question = service.flow_of(process).question(press.question_id)
    actor, lang = request.actor, request.language
    head = st("guidance_head", lang, question=escape(question.text.get(lang)[:300]))

    def ephemeral(passages) -> None:
        client.chat_postEphemeral(channel=press.channel_id, user=press.user_id, thread_ts=press.thread_ts,
                                  text=head, blocks=passages_blocks(head, passages, lang))

    warmup = service.guidance_warmup
    if warmup.settled:  # shown first, then recorded (a write) so the step's underlag can cite it
        memo.require_member(deps, process, actor)
        passages = service.guidance(question)
        ephemeral(passages)
        service.record_guidance(process=process, actor=actor, question_id=question.id, passages=passages)
        return
    warmup.start()
    opened = client.views_open(trigger_id=press.trigger_id,
                               view=guidance_modal([section(head), context(preparing(deps, lang))], lang))
    view_id = opened["view"]["id"]
    try:  # after the modal opened: the check may wait for the database; only guide text was shown
        memo.require_member(deps, process, actor)
    except Exception as error:  # noqa: BLE001 - the refusal replaces the notice
        log_error(error)
        client.views_update(view_id=view_id, view=error_view(user_message(error, lang), lang))
        return
    lock, done = threading.Lock(), threading.Event()

    def refresh() -> None:
        """A fresh estimate in the modal every REFRESH_SECONDS until the passages replace it."""
        with lock:
            if done.is_set() or warmup.settled:
                return
            try:
                client.views_update(view_id=view_id,
                                    view=guidance_modal([section(head), context(preparing(deps, lang))], lang))
            except SlackApiError:
                return  # closed: the passages will come in the thread
        _timer(refresh)

    def deliver() -> None:
        try:
            passages = service.guidance(question)
        except Exception as error:  # noqa: BLE001 - said in the modal the person is looking at
            log_error(error)
            with lock:
                done.set()
                client.views_update(view_id=view_id, view=error_view(user_message(error, lang), lang))
            return
        with lock:
            done.set()
            try:
                client.views_update(view_id=view_id,
                                    view=guidance_modal(passages_blocks(head, passages, lang), lang))
            except SlackApiError:  # the modal was closed meanwhile: the passages come in the thread instead
                ephemeral(passages)
        service.record_guidance(process=process, actor=actor, question_id=question.id, passages=passages)

    _timer(refresh)
    later(deps, body, client, lang, deliver)


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
        tell(head, passages_blocks(head, deps.service.guidance(question, process=process, actor=actor), lang))

    _notice_then(deps, body, client, lang, tell, show)


def search(deps: Deps, body: dict, client: WebClient, query: str, lang: str, tell: Tell) -> None:
    """`/coach sök <fråga>`: cited passages for free text."""
    head = st("search_head", lang, query=escape(query[:200]))

    def show() -> None:
        tell(head, passages_blocks(head, deps.service.search(query, k=3), lang))

    _notice_then(deps, body, client, lang, tell, show, searching=True)


def _notice_then(deps: Deps, body: dict, client: WebClient, lang: str, tell: Tell, show: Callable[[], None],
                 *, searching: bool = False) -> None:
    warmup = deps.service.guidance_warmup
    if warmup.settled:
        show()
        return
    warmup.start()
    notice = preparing(deps, lang, searching=searching)
    tell(notice, [context(notice)])
    later(deps, body, client, lang, show)
