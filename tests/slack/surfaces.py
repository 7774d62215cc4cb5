"""Every surface the Slack app can show, built by the real builders from realistic data: each message
builder, the modal of every question (empty, filled with the Skogås example, and filled large), the
decision and full-text modals, App Home and the status modal, and every ABCDE message and modal.

`surfaces(lang, values)` yields (name, kind, payload): kind "message" → (text, blocks), "view" → view.
`values="skogas"` uses the guide's Skogås example; "large" inflates it (5,000-character texts, 30-row
lists and row fields, a big problem tree); "neutral" replaces user text by words of no language, so the
language test sees only UI text.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
from collections.abc import Iterator
from typing import Any

from pydantic import ValidationError

from bot.abcde.analysis import summarize
from bot.abcde.schedule import Rhythm
from bot.abcde.views import ScheduleView, StoredReport
from bot.service import ProcessRef, Status, StepLine
from bot.slack.abcde import blocks as abcde
from bot.slack.blocks import help_blocks
from bot.slack.errors import error_view
from bot.slack.home import home_view, status_modal
from bot.slack.messages import (
    decision_blocks,
    gate_message,
    members_blocks,
    passages_blocks,
    problems_blocks,
    question_message,
    status_blocks,
    step_parent,
    summary_blocks,
    underlag_blocks,
)
from bot.slack.modals import answer_modal, decide_modal, full_text_modal, initial_of
from bot.slack.models import ViewMeta
from bot.slack.texts import st
from bot.slack.thread_blocks import answered_message, decide_offer, draft_offer, form_offer
from flows.answers import ANSWER_TYPES, AbcdeReport
from flows.consistency import check as consistency_check
from flows.engine import gate_readiness, prompt_for, start, step_status
from flows.loader import get_flow
from flows.state import ProcessState, Prompt, StoredAnswer
from flows.validation import validate_answer
from guidance_corpus.base import Passage
from tests.fixtures import skogas

FLOW = get_flow()
KEEP = {"choice", "item", "link", "level", "category", "horizon", "prevention_level", "probability", "priority",
        "term", "age_bands", "date", "ratings", "perspectives"}
NEUTRAL = "Zorblax quimple"  # no language's UI word


def _grow(text: str, size: int) -> str:
    out = text
    while len(out) < size:
        out += (" " if out else "") + text
    return out[:size].rstrip()


def _map(value: Any, fn, key: str = "") -> Any:
    if key in KEEP:
        return value
    if isinstance(value, dict):
        return {k: _map(v, fn, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_map(v, fn, key) for v in value]
    return fn(value) if isinstance(value, str) else value


def _valid(model, raw: dict) -> dict:
    """`raw` shortened where the model refuses a text as too long (short fields hold 1,000)."""
    for _ in range(200):
        try:
            model.model_validate(raw)
            return raw
        except ValidationError as error:
            changed = False
            for item in error.errors(include_url=False):
                node = raw
                for part in item["loc"][:-1]:
                    node = node[part]
                last = item["loc"][-1]
                if item["type"] == "too_long":  # a list with more rows than the model takes
                    node[last] = node[last][: item["ctx"]["max_length"]]
                elif "för lång" in str(item.get("msg")):
                    node[last] = node[last][:900].rstrip()
                else:
                    continue
                changed = True
            if not changed:
                raise
    raise AssertionError("could not fit the example")


def _rows_to(raw: dict, count: int) -> dict:
    for name, value in raw.items():
        if isinstance(value, list) and value and name not in ("answers", "links", *KEEP):
            while len(value) < count:
                value.extend(copy.deepcopy(value[: count - len(value)]))
    return raw


def answers(values: str) -> dict[str, dict]:
    data = skogas()["answers"]
    out = {}
    for qid, raw in data.items():
        model = ANSWER_TYPES[FLOW.question(qid).type]
        if values == "large":
            raw = _rows_to(_map(raw, lambda s: _grow(s, 5000)), 30)
        elif values == "neutral":
            raw = _map(raw, lambda s: NEUTRAL)
        out[qid] = _valid(model, raw)
    return out


def state_of(values: str) -> ProcessState:
    stored = {qid: StoredAnswer(ANSWER_TYPES[FLOW.question(qid).type].model_validate(raw), 3)
              for qid, raw in answers(values).items()}
    return start(FLOW, ProcessState(answers=stored))


def status_of(state: ProcessState, process: ProcessRef, role: str = "koordinator") -> Status:
    lang = process.language
    lines = []
    for step in FLOW.steps:
        readiness = gate_readiness(FLOW, state, step.number, lang)
        questions = step.questions()
        lines.append(StepLine(number=step.number, title=step.title.get(lang),
                              status=step_status(FLOW, state, step.number, readiness),
                              answered=sum(1 for q in questions if state.value(q.id) is not None),
                              total=len(questions), skipped=0, unmet=tuple(str(u) for u in readiness.unmet),
                              gaps=readiness.unmet))
    # the consistency findings of the state with its SMART indicators left out: every utfall lacks one
    broken = dataclasses.replace(state, answers={k: v for k, v in state.answers.items() if k != "s3.indikatorer"})
    return Status(process=process, steps=tuple(lines), prompt=prompt_for(FLOW, state, lang), role=role,
                  findings=tuple(consistency_check(FLOW, broken)))


def _reports(values: str, lang: str) -> list[StoredReport]:
    text = {"neutral": NEUTRAL, "skogas": "Föräldramöte i skolan; 12 föräldrar kom",
            "large": _grow("Föräldramöte i skolan med 12 föräldrar och tre föreningar.", 4000)}[values]
    report = AbcdeReport(activities=text, benefits=text, concerns=text, do_next=text, education=text,
                         indicator_values=[{"indicator": f"{NEUTRAL} {i}", "value": "14", "date": "2025-03-01"}
                                           for i in range(3)])
    start_ = dt.datetime(2025, 3, 1, tzinfo=dt.UTC)
    return [StoredReport(process_id=1, period_key=f"2025-03-{d:02d}", period_label=f"2025-03-{d:02d}",
                         period_start=start_, period_end=start_, author="U1", version=2, report=report,
                         via="slack_modal", created_at=start_) for d in range(1, 6)]


def surfaces(lang: str, values: str = "skogas") -> Iterator[tuple[str, str, Any]]:
    name = NEUTRAL if values == "neutral" else "Meningsfull fritid i Skogås <!channel>"
    process = ProcessRef(id=7, name=name, flow_id=FLOW.id, channel_id="C1", language=lang)
    state = state_of(values)
    empty = start(FLOW, ProcessState())
    filled = answers(values)
    outcomes = [o["text"] for raw in filled.values() for o in raw.get("outcomes", []) if isinstance(o, dict)]
    status = status_of(state, process)
    fresh = status_of(empty, process, "medlem")
    user_text = NEUTRAL if values == "neutral" else _grow("Styrgruppen <b> & föreningarna", 12_000)

    # ---- messages ---------------------------------------------------------------------------------
    for line in status.steps + fresh.steps:
        yield f"step_parent {line.number} {line.status}", "message", step_parent(FLOW, line, lang, process.id)
    for question in FLOW.questions():
        step = FLOW.step_of(question.id)
        position = step.questions().index(question) + 1
        for label, current in (("empty", None), ("filled", state.answers.get(question.id)),
                               ("skipped", StoredAnswer(None, 2, skipped=True))):
            prompt = Prompt(kind="question", step=step, question=question, position=position,
                            total=len(step.questions()), current=current)
            yield f"question {question.id} {label}", "message", question_message(FLOW, prompt, process.id, lang)
    for step in FLOW.steps:
        for source in (state, empty):
            prompt = Prompt(kind="gate", step=step, gate=gate_readiness(FLOW, source, step.number, lang))
            yield f"gate {step.number}", "message", gate_message(FLOW, prompt, process.id, lang)
    yield "done", "message", gate_message(FLOW, Prompt(kind="done"), process.id, lang)
    notices = tuple(w for raw_state in (state,) for a in raw_state.answers.values() if a.value
                    for w in a.value.warnings())[:40]
    for question in FLOW.questions():
        given = state.answers.get(question.id)
        if given is not None and given.value is not None:
            yield (f"answered {question.id}", "message",
                   answered_message(FLOW, question, given, "U1", process.id, lang, notices))
    first = FLOW.questions()[0]
    yield "skipped", "message", answered_message(FLOW, first, StoredAnswer(None, 2, skipped=True), "U1",
                                                 process.id, lang)
    yield "draft offer", "message", draft_offer(first, 12, process.id, user_text, lang)
    yield "form offer", "message", form_offer(FLOW.question("s3.indikatorer"), process.id, lang)
    yield "decide offer", "message", decide_offer(2, process.id, lang)
    indicators_q = FLOW.question("s3.indikatorer")
    problems = validate_answer(indicators_q, {"indicators": [{"name": "", "baseline": "x" * 20_000}] * 3,
                                              "extra": 1}, lang)[1] * 5
    problems += validate_answer(FLOW.question("s1.sakerstall_arbetsgrupp_styrgrupp"), NEUTRAL, lang)[1]
    assert problems
    yield "problems", "message", (st("problems", lang), problems_blocks(problems, lang))
    passages = [Passage(text=_grow("Det långsiktiga målet beskriver förändringen.", 3000), doc_id="001",
                        title="Vägledning Datadriven områdesutveckling", locator=f"Bild {i}", score=1.0)
                for i in range(30)]
    head = st("guidance_head", lang, question=FLOW.questions()[0].text.get(lang))
    yield "passages", "message", (head, passages_blocks(head, passages, lang))
    yield "passages none", "message", (head, passages_blocks(head, [], lang))
    yield "status", "message", ("status", status_blocks(status, lang))
    yield "status fresh", "message", ("status", status_blocks(fresh, lang))
    members = [(f"U{i}", f"person{i}", role) for i in range(80) for role in ("medlem",)]
    yield "members", "message", ("roles", members_blocks(process.name, members, lang))
    yield "help", "message", ("help", help_blocks(lang))
    unmet = [str(u) for u in gate_readiness(FLOW, empty, 2, lang).unmet]
    from bot.underlag import brief, build_underlag, step_summary
    for number in (1, 2):
        u = build_underlag(FLOW, state, number, lang, process_name=process.name)
        yield f"underlag {number}", "message", underlag_blocks("U1", number, brief(u), unmet, lang)
        summary = step_summary(FLOW, state, number, lang=lang, fmt="mrkdwn", process_name=process.name)
        yield f"summary {number}", "message", summary_blocks(summary, "2025-03-01 10:00", lang)
    yield "decision", "message", decision_blocks("U1", 2, name, "2025-03-01", user_text, tuple(unmet), lang)

    # ---- views ------------------------------------------------------------------------------------
    for question in FLOW.questions():
        meta = ViewMeta(p=process.id, q=question.id, c="C1", v=3)
        yield f"modal {question.id} empty", "view", answer_modal(question, meta, None, lang)
        given = state.answers.get(question.id)
        yield (f"modal {question.id} filled", "view",
               answer_modal(question, meta, initial_of(given.value if given else None), lang, outcomes))
    gate = FLOW.step(2).gate
    yield "decide", "view", decide_modal(gate.title.get(lang), gate.decision.get(lang), ViewMeta(p=7, s=2, c="C1"),
                                         lang)
    decision = {"forum": name[:900], "date": "2025-03-01", "text": user_text, "decided_by": name}
    yield "decide unmet", "view", decide_modal(gate.title.get(lang), gate.decision.get(lang),
                                               ViewMeta(p=7, s=2, c="C1"), lang, unmet=unmet * 5, initial=decision)
    yield "full text", "view", full_text_modal(FLOW.questions()[0].text.get(lang), user_text, lang)
    abcde_home = [abcde.section(abcde.texts.s("home_not_sent", lang, period="v. 10"),
                                accessory=abcde.button(abcde.texts.s("btn_report", lang), abcde.OPEN, {"p": 7}))]
    yield "home", "view", home_view([status, fresh] * 8, lang, extras={7: abcde_home})
    yield "home empty", "view", home_view([], lang)
    yield "error modal", "view", error_view(st("error", lang), lang)
    yield "error modal long", "view", error_view(st("rows_lost", lang) + " " + user_text, lang)
    yield "status modal", "view", status_modal([status] * 20, lang)

    # ---- ABCDE ------------------------------------------------------------------------------------
    reports = _reports(values, lang)
    reminder = abcde.texts.s("reminder", lang, process=name, period="v. 10")
    yield "abcde reminder", "message", (reminder, abcde.reminder_blocks(reminder, 7, "2025-03-03", lang))
    for report in reports[:1]:
        yield "abcde report", "message", abcde.report_message(name, report, lang)
    title = abcde.texts.s("history_head", lang, process=name, since="2025-01-01", until="2025-06-01")
    yield "abcde history", "message", (title, abcde.history_blocks(title, reports * 10, lang))
    yield "abcde history empty", "message", (title, abcde.history_blocks(title, [], lang))
    yield "abcde summary", "message", ("summary", abcde.summary_blocks(name, summarize(reports), lang))
    indicators = [f"{NEUTRAL} {i}" if values == "neutral" else f"Andel barn 10–12 år som deltar {i}"
                  for i in range(40)]
    meta = {"p": 7, "k": "2025-03-03", "c": "C1"}
    day = dt.date(2025, 3, 3)
    yield "abcde modal empty", "view", abcde.report_modal(meta, "v. 10", [], [], None, day, lang)
    yield "abcde modal filled", "view", abcde.report_modal(meta, "v. 10", reports, indicators, reports[0], day, lang)
    rhythm = Rhythm(cadence="biweekly", weekday=0, at=dt.time(9, 0), tz="Europe/Stockholm",
                    anchor=dt.date(2025, 1, 6))
    schedule = ScheduleView(id=1, process_id=7, rhythm=rhythm, target="thread", channel_id="C2", thread_ts=None,
                            reporters=("U1", "U2"), nudge_hours=24, paused=False,
                            active_from=dt.datetime(2025, 1, 1, tzinfo=dt.UTC), skipped=frozenset())
    yield "abcde schedule new", "view", abcde.schedule_modal(meta, None, lang)
    yield "abcde schedule", "view", abcde.schedule_modal(meta, schedule, lang)
