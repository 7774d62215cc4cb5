"""A team answering while Slack misbehaves, and what it adds up to: the harness of tests/slack/test_e2e_faults.py
and benchmarks/faults.py. The real bolt App over HTTP against the fake Slack; retries short, the outbox
drained by its loop; answers given in modals (views.open is left calm: the faults hit what is shown after
a store — confirmations, the step's parent, the next question)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from bot.service import Actor, CoachService
from bot.settings import Settings
from bot.slack import constants as c
from bot.slack.app import build_app
from bot.slack.outbox import Outbox, OutboxLoop
from bot.slack.retry import RetryPolicy
from flows.loader import get_flow
from storage.db import session_scope
from storage.repository.outbox import pending_calls
from tests.slack.app_server import AppServer
from tests.slack.conftest import SECRET, Running
from tests.slack.fake_slack import FakeSlack, shown
from tests.slack.settle import wait_until
from tests.slack.signed import SlackSender
from tests.slack.test_e2e_flow import CHANNEL, start

TEAM = ("U1", "U2", "U3")
FAST = RetryPolicy(attempts=1, base=0.05, longest=1.0, total=1.5)  # then the outbox takes over
SHOWN_AFTER_STORE = ("chat.postMessage", "chat.update", "chat.postEphemeral")
FALSE = ("gick fel", "inget sparades", "Slack svarar inte", "Det gick inte att spara", "went wrong",
         "nothing was saved")


@dataclass
class Tally:
    answers: int = 0
    lost: int = 0  # submitted, acknowledged, not stored
    misfiled: int = 0  # stored under another question, or another text
    unconfirmed: int = 0  # stored, never shown as saved
    duplicates: int = 0  # a confirmation shown as two messages
    repeats: int = 0  # the same message updated again with the same content (invisible)
    false_messages: int = 0  # an error, or "saved" for something not stored
    questions_twice: int = 0  # a next question posted as a second message
    faults: int = 0
    later: int = 0  # calls the outbox sent after the first try and the client's retries had failed
    seconds: list[float] = field(default_factory=list)  # submit → confirmation handled by Slack

    def p(self, q: float) -> float:
        ordered = sorted(self.seconds)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


@contextmanager
def stormy(slack: FakeSlack, engine, policy: RetryPolicy = FAST, lease: float = 10.0) -> Iterator[Running]:
    flow = get_flow()
    service = CoachService(db=engine, flows={flow.id: flow})
    settings = Settings(_env_file=None, slack_bot_token="xoxb-test", slack_signing_secret=SECRET,
                        slack_api_url=slack.url.rstrip("/"), slack_app_token=None)
    outbox = Outbox(engine, lease=lease, base=0.1, longest=0.5)
    app = build_app(settings, service, engine, flow_id=flow.id, with_abcde=False, retry=policy, outbox=outbox)
    server = AppServer(app, host="127.0.0.1", port=0)
    server.start_in_thread()
    loop = OutboxLoop(outbox, app.client, interval=0.1)
    thread = loop.start()
    try:
        yield Running(slack, SlackSender(f"http://127.0.0.1:{server.port}/slack/events", SECRET), engine,
                      service, app)
    finally:
        loop.close(thread)
        server.shutdown()
        server.server_close()


def set_up_team(running: Running) -> None:
    start(running)
    for user in TEAM[1:]:
        running.sender.command(f"roll <@{user}|{user}> medlem", user=TEAM[0], channel=CHANNEL)
    for user in TEAM[1:]:
        running.slack.wait_for("chat.postMessage", where=lambda a, u=user: a["channel"] == f"D{u}")




def outbox_empty(running: Running) -> bool:
    with session_scope(running.engine) as session:
        return not pending_calls(session)


def to_answer(running: Running, count: int) -> list:
    """The step-1 questions `answer_all` answers, in order."""
    process = running.service.find_process(channel_id=CHANNEL)
    questions = [q for q in running.service.flow_of(process).step(1).questions() if q.type in ("text", "list")]
    return questions[:count]


def outlast_retries(running: Running, kind: str, policy: RetryPolicy = FAST) -> None:
    """The first answer's confirmation faults (`kind`) on its first try and on every retry `policy` allows
    (`attempts`; bounded by `total` too, which only ends them sooner): whatever the storm's draws and the
    timing, at least that confirmation is left to the outbox and sent later."""
    process = running.service.find_process(channel_id=CHANNEL)
    title = to_answer(running, 1)[0].text.get(process.language)[:40]
    running.slack.script("chat.update", kind, times=policy.attempts + 1,
                         where=lambda args: f"sparade svaret på «{title}" in str(args.get("text", "")))


def answer_all(running: Running, count: int) -> dict[str, tuple[str, str, float]]:
    """`count` answers to the step-1 questions in order, by the team in turn: question → (user, text, when)."""
    process = running.service.find_process(channel_id=CHANNEL)
    questions = to_answer(running, count)
    given: dict[str, tuple[str, str, float]] = {}
    for index, question in enumerate(questions):
        user = TEAM[index % len(TEAM)]
        before = len(running.slack.of("views.open"))
        running.sender.click(c.ANSWER, json.dumps({"p": process.id, "q": question.id}), user=user, channel=CHANNEL)
        view = running.slack.wait_for("views.open", before + 1)[-1]["_response"]["view"]
        block = next(b["block_id"] for b in view["blocks"] if b["type"] == "input")
        text = f"Svar {index + 1} på {question.id} från {user}"
        given[question.id] = (user, text, time.monotonic())
        status, _ = running.sender.submit(view, {block: {"v": {"type": "plain_text_input", "value": text}}},
                                          user=user)
        assert status == 200
    return given


def all_tried(running: Running, given: dict[str, tuple[str, str, float]]) -> bool:
    """Every answer's confirmation was tried at least once (handled or faulted): the storm hit them."""
    process = running.service.find_process(channel_id=CHANNEL)
    flow = running.service.flow_of(process)
    with running.slack.lock:
        texts = [a.get("text", "") for name, a in running.slack.calls
                 if name.partition(":")[0] in ("chat.update", "chat.postMessage")]
    return all(any(f"sparade svaret på «{flow.question(q).text.get(process.language)[:40]}" in t for t in texts)
               for q in given)


def ride_out(running: Running, given: dict[str, tuple[str, str, float]], faults: int, timeout: float = 60) -> bool:
    """Keep the storm until every confirmation was tried in it and it gave `faults` faults (or nothing is
    left for it to hit: every call went out)."""
    return wait_until(lambda: all_tried(running, given) and (len(running.slack.faulted()) >= faults
                                                             or outbox_empty(running)), timeout)


def tally(running: Running, given: dict[str, tuple[str, str, float]]) -> Tally:
    """What the team would see, counted against what the database holds."""
    process = running.service.find_process(channel_id=CHANNEL)
    me = Actor(user_id=TEAM[0], display_name=TEAM[0], via="slack_thread")
    flow = running.service.flow_of(process)
    state = running.service.state(process=process, actor=me)
    result = Tally(answers=len(given), faults=len(running.slack.faulted()))
    result.later = running.app.coach_outbox.sent_later
    with running.slack.lock:
        handled = [(name, a) for name, a in running.slack.calls if name in SHOWN_AFTER_STORE]
    for question_id, (user, text, when) in given.items():
        stored = state.answers.get(question_id)
        if stored is None:
            result.lost += 1
            continue
        typed = (stored.value.model_dump(mode="json") if stored.value is not None else {})
        if text not in json.dumps(typed, ensure_ascii=False) or stored.version != 1:
            result.misfiled += 1
        title = flow.question(question_id).text.get(process.language)[:40]
        said = f"{shown(user)} sparade svaret på «{title}"
        confirming = [(name, a) for name, a in handled if said in a.get("text", "")]
        if not confirming:
            result.unconfirmed += 1
            continue
        result.seconds.append(min(a["_at"] for _, a in confirming) - when)
        messages = {a["ts"] if name == "chat.update" else a["_response"]["ts"] for name, a in confirming}
        result.duplicates += len(messages) - 1
        result.repeats += len(confirming) - len(messages)
    posted = [b.get("block_id") for name, a in handled if name == "chat.postMessage" and a.get("thread_ts")
              and "sparade svaret" not in a.get("text", "")
              for b in a.get("blocks") or [] if str(b.get("block_id", "")).startswith("q:")]
    result.questions_twice = len(posted) - len(set(posted))
    for _name, args in handled:
        text = args.get("text", "")
        if any(word in text for word in FALSE):
            result.false_messages += 1
        elif "sparade svaret på «" in text and not any(
                f"«{flow.question(q).text.get(process.language)[:40]}" in text for q in given):
            result.false_messages += 1  # "saved" about something nobody saved here
    return result
