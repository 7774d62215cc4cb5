"""Concurrent thread replies land on the question each author replied under (issue 13, must-show 2 and 7).

15 pairs, one process each: A's reply was written while question 1 was the newest message in the thread
(its Slack ts is older than question 2's), B's after question 2 was posted. Both arrive at the same
moment, both authors click «Spara som svar» at the same moment. On SQLite and PostgreSQL alike: A's
text is stored under question 1 and B's under question 2, each recording the question message it came
from; nothing lost, nothing stored twice, no offer naming a question its author never saw.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial

from sqlalchemy import Engine

from bot.slack import constants as c
from flows.loader import get_flow
from tests.slack.fake_slack import FakeSlack
from tests.slack.faults import (
    A,
    B,
    answers_with,
    fault_engine_fixture,  # noqa: F401  (the fault_engine fixture)
    offer_of,
    reply_event,
    save_value,
    served,
    shown_in,
    skip,
    start_process,
    stored,
)

PAIRS = 15
Q1, Q2 = "s1.langsiktigt_mal", "s1.politiska_mal"


def at_once(*calls: Callable[[], object]) -> list[object]:
    """Run the calls in threads released together; their results in order."""
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def run(index: int, call: Callable[[], object]) -> None:
        barrier.wait()
        results[index] = call()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def test_concurrent_replies_land_on_the_question_each_author_replied_under(fault_engine: Engine) -> None:
    slack = FakeSlack()
    flow = get_flow()
    q1_text, q2_text = (flow.question(q).text.get("sv") for q in (Q1, Q2))
    misfiled, lost, doubled, false_offers = [], [], [], []
    with served(slack, fault_engine) as running:
        for pair in range(PAIRS):
            channel = f"CPAIR{pair:02d}"
            process_id, thread_ts = start_process(running, channel, f"Par {pair}")
            a_ts = slack.next_ts()  # A writes while question 1 is the newest message in the thread
            skip(running, channel, process_id, Q1, thread_ts)  # question 2 is posted
            b_ts = slack.next_ts()  # B writes under question 2
            a_text, b_text = f"Svar från A i par {pair}", f"Svar från B i par {pair}"
            send = running.sender.event
            statuses = at_once(partial(send, reply_event(channel, A, a_text, a_ts, thread_ts)),
                               partial(send, reply_event(channel, B, b_text, b_ts, thread_ts)))
            assert [status for status, _ in statuses] == [200, 200]
            a_offer, b_offer = offer_of(slack, channel, A, a_text), offer_of(slack, channel, B, b_text)
            if q1_text not in a_offer["text"] or q2_text not in b_offer["text"]:
                false_offers.append(pair)
            click = partial(running.sender.click, c.SAVE_DRAFT, channel=channel, thread_ts=thread_ts)
            at_once(partial(click, save_value(a_offer), user=A), partial(click, save_value(b_offer), user=B))
            slack.wait_for("chat.update", timeout=20, where=lambda a, t=b_text: t in str(a.get("blocks")))
            slack.wait_for("chat.update", timeout=20, where=lambda a, t=a_text: t in str(a.get("blocks")))
            shown = {row.key: row.ts for row in shown_in(running.engine, channel)}
            for text, author, question in ((a_text, A, Q1), (b_text, B, Q2)):
                found = answers_with(running.engine, process_id, text)
                if not found:
                    lost.append((pair, author))
                elif len(found) > 1:
                    doubled.append((pair, author))
                elif (found[0].question_id, found[0].author) != (question, author) or \
                        found[0].origin != f"message:{channel}:{shown[question]}":
                    misfiled.append((pair, author, found[0].question_id, found[0].origin))
            assert [v.question_id for v in stored(running.engine, process_id)] == [Q1, Q1, Q2] or \
                [v.question_id for v in stored(running.engine, process_id)] == [Q1, Q2, Q1]
    slack.stop()
    assert (misfiled, lost, doubled, false_offers) == ([], [], [], [])
