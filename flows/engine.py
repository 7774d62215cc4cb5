"""The pure flow engine: `advance(flow, state, input) -> Result`.

No Slack, no database, no retrieval: given a flow, the stored answers and one input, it says what to
store, what to ask next, what was wrong with the input, and how ready each gate is.
"""

from __future__ import annotations

from dataclasses import replace

from pydantic import ValidationError

import coachtext
from flows.answers import GateDecision
from flows.checks import CHECKS
from flows.schema import Flow, Question, Step
from flows.state import (
    Answer,
    Back,
    Continue,
    Decide,
    Edit,
    GateReadiness,
    GoTo,
    Input,
    ProcessState,
    Prompt,
    Result,
    Skip,
    StepStatus,
    StoreAnswer,
    StoredAnswer,
    StoreDecision,
    UnmetCriterion,
)
from flows.validation import Problem, swedish_problems, validate_answer

# ---- readiness and status -----------------------------------------------------------------------



def gate_readiness(flow: Flow, state: ProcessState, step_number: int, lang: str = "sv") -> GateReadiness:
    step = flow.step(step_number)
    values = state.answered_values()
    unmet: list[UnmetCriterion] = []
    for criterion in step.gate.criteria:
        if criterion.kind == "answered":
            missing = [flow.question(qid).text.get(lang) for qid in criterion.questions if qid not in values]
            details = tuple(coachtext.t("engine.unanswered", lang, question=m) for m in missing)
        else:
            fn = CHECKS[criterion.check or ""][0]
            details = tuple(fn(values, criterion.params, lang))
        if details:
            unmet.append(UnmetCriterion(criterion.id, criterion.text.get(lang), details))
    return GateReadiness(step=step_number, ready=not unmet, unmet=tuple(unmet))


def step_status(flow: Flow, state: ProcessState, step_number: int,
                readiness: GateReadiness | None = None) -> StepStatus:
    """`readiness`: the step's gate readiness when the caller has it already (else computed here)."""
    if step_number in state.decisions:
        return "beslutad"
    step = flow.step(step_number)
    if not any(q.id in state.answers for q in step.questions()):
        return "ej_paborjad"
    ready = (readiness or gate_readiness(flow, state, step_number)).ready
    return "redo_for_beslut" if ready else "pagar"


def skipped_questions(flow: Flow, state: ProcessState, step_number: int) -> list[Question]:
    return [q for q in flow.step(step_number).questions()
            if (a := state.answers.get(q.id)) is not None and a.skipped]


# ---- navigation ---------------------------------------------------------------------------------


def _open(state: ProcessState, question: Question) -> bool:
    """Neither answered nor skipped: still to be asked."""
    return question.id not in state.answers


def _first_open(step: Step, state: ProcessState) -> Question | None:
    return next((question for question in step.questions() if _open(state, question)), None)


def next_question(flow: Flow, state: ProcessState, step_number: int | None = None) -> Question | None:
    """The one "next question" of a step (default: the step being worked in): its first question that is
    neither answered nor skipped; None when there is none (the step's gate comes next).

    Every surface names this question: the prompt after an answer, skip or `fortsätt`, status, the step's
    parent message and App Home."""
    return _first_open(flow.step(step_number or state.current_step), state)


def resume(flow: Flow, state: ProcessState) -> ProcessState:
    """The state with its cursor on the next question of the step being worked in; on the step's gate
    when it has none; on the following step when the step is decided and has nothing open."""
    step = state.current_step
    if next_question(flow, state, step) is None and step in state.decisions and step < len(flow.steps):
        step += 1
    return _enter(flow, state, step)


def next_prompt(flow: Flow, state: ProcessState, lang: str = "sv") -> Prompt:
    """What comes next for the team (see `next_question`), whatever question the cursor was moved to."""
    return prompt_for(flow, resume(flow, state), lang)


def prompt_for(flow: Flow, state: ProcessState, lang: str = "sv") -> Prompt:
    """The prompt the state's cursor points at."""
    step = flow.step(state.current_step)
    if state.cursor is None:
        if len(state.decisions) == len(flow.steps):
            return Prompt(kind="done", step=step, gate=gate_readiness(flow, state, step.number, lang))
        return Prompt(kind="gate", step=step, gate=gate_readiness(flow, state, step.number, lang))
    questions = step.questions()
    question = flow.question(state.cursor)
    return Prompt(kind="question", step=step, question=question,
                  position=questions.index(question) + 1, total=len(questions),
                  current=state.answers.get(question.id))


def _move_after(flow: Flow, state: ProcessState, question_id: str) -> ProcessState:
    """After an answer or skip of `question_id`: the first open question of its step (or its gate)."""
    return _enter(flow, state, flow.step_of(question_id).number)


def _enter(flow: Flow, state: ProcessState, step_number: int) -> ProcessState:
    question = next_question(flow, state, step_number)
    return replace(state, current_step=step_number, cursor=question.id if question else None)


# ---- advance ------------------------------------------------------------------------------------


def start(flow: Flow, state: ProcessState) -> ProcessState:
    """Place the cursor for a state that has none yet (a new or imported process)."""
    if state.cursor is None and state.current_step not in state.decisions:
        return _enter(flow, state, state.current_step)
    return state


def advance(flow: Flow, state: ProcessState, event: Input, lang: str = "sv") -> Result:
    if isinstance(event, Continue):
        return _continue(flow, state, lang)
    if isinstance(event, Answer):
        return _answer(flow, state, event, lang)
    if isinstance(event, Skip):
        return _skip(flow, state, lang)
    if isinstance(event, Back):
        return _back(flow, state, lang)
    if isinstance(event, GoTo):
        return _goto(flow, state, event.step, lang)
    if isinstance(event, Edit):
        return _edit(flow, state, event.question_id, lang)
    if isinstance(event, Decide):
        return _decide(flow, state, event, lang)
    raise TypeError(f"unknown input {event!r}")


def _result(flow: Flow, state: ProcessState, lang: str, **kw) -> Result:
    return Result(state=state, prompt=prompt_for(flow, state, lang), **kw)


def _continue(flow: Flow, state: ProcessState, lang: str) -> Result:
    return _result(flow, resume(flow, state), lang)


def _answer(flow: Flow, state: ProcessState, event: Answer, lang: str) -> Result:
    question_id = event.question_id or state.cursor
    if question_id is None:
        return _result(flow, state, lang, problems=(Problem("", _t(lang, "no_question")),))
    try:
        question = flow.question(question_id)
    except KeyError:
        return _result(flow, state, lang, problems=(Problem("", _t(lang, "unknown_q", q=question_id)),))
    value, problems = validate_answer(question, event.raw, lang)
    elsewhere = event.keep_place and flow.step_of(question_id).number != state.current_step
    if value is None or problems:
        if event.question_id and event.question_id != state.cursor and not elsewhere:
            state = replace(state, current_step=flow.step_of(question_id).number, cursor=question_id)
        return _result(flow, state, lang, problems=tuple(problems))
    previous = state.answers.get(question_id)
    notices: list[str] = []
    store: tuple[StoreAnswer, ...] = ()
    if previous and previous.answered and previous.value == value:
        notices.append(_t(lang, "unchanged"))
        answers = dict(state.answers)
    else:
        warnings = tuple(value.warnings(lang))
        store = (StoreAnswer(question_id, value, warnings=warnings),)
        answers = {**state.answers, question_id: StoredAnswer(value, (previous.version if previous else 0) + 1)}
        notices.extend(warnings)
    step_number = flow.step_of(question_id).number
    before = gate_readiness(flow, state, step_number).ready
    state = replace(state, answers=answers) if elsewhere else _move_after(flow, replace(state, answers=answers),
                                                                           question_id)
    if not before and gate_readiness(flow, state, step_number).ready:
        notices.append(_t(lang, "ready", n=step_number))
    return _result(flow, state, lang, store=store, notices=tuple(notices))


def _skip(flow: Flow, state: ProcessState, lang: str) -> Result:
    if state.cursor is None:
        return _result(flow, state, lang, problems=(Problem("", _t(lang, "no_question")),))
    question_id = state.cursor
    current = state.answers.get(question_id)
    store: tuple[StoreAnswer, ...] = ()
    answers = dict(state.answers)
    if current is None:  # only an unanswered question is marked skipped; an answer is never hidden
        store = (StoreAnswer(question_id, None, skipped=True),)
        answers[question_id] = StoredAnswer(None, 1, skipped=True)
    notices = (_t(lang, "skipped_required"),) if flow.question(question_id).required and current is None else ()
    state = _move_after(flow, replace(state, answers=answers), question_id)
    return _result(flow, state, lang, store=store, notices=notices)


def _back(flow: Flow, state: ProcessState, lang: str) -> Result:
    all_questions = flow.questions()
    if state.cursor is None:
        target = flow.step(state.current_step).questions()[-1]
    else:
        index = [q.id for q in all_questions].index(state.cursor)
        if index == 0:
            return _result(flow, state, lang, notices=(_t(lang, "at_start"),))
        target = all_questions[index - 1]
    state = replace(state, current_step=flow.step_of(target.id).number, cursor=target.id)
    return _result(flow, state, lang)


def _goto(flow: Flow, state: ProcessState, step_number: int, lang: str) -> Result:
    if not 1 <= step_number <= len(flow.steps):
        return _result(flow, state, lang, problems=(Problem("", _t(lang, "no_step", n=len(flow.steps))),))
    return _result(flow, _enter(flow, state, step_number), lang)


def _edit(flow: Flow, state: ProcessState, question_id: str, lang: str) -> Result:
    try:
        step = flow.step_of(question_id)
    except KeyError:
        return _result(flow, state, lang, problems=(Problem("", _t(lang, "unknown_q", q=question_id)),))
    return _result(flow, replace(state, current_step=step.number, cursor=question_id), lang)


def _decide(flow: Flow, state: ProcessState, event: Decide, lang: str) -> Result:
    if not 1 <= event.step <= len(flow.steps):
        return _result(flow, state, lang, problems=(Problem("", _t(lang, "no_step", n=len(flow.steps))),))
    value = event.raw if isinstance(event.raw, GateDecision) else None
    if value is None:
        try:
            value = GateDecision.model_validate(event.raw)
        except ValidationError as error:
            return _result(flow, state, lang, problems=tuple(swedish_problems(error, GateDecision, lang)))
    readiness = gate_readiness(flow, state, event.step, lang)
    if not readiness.ready and not event.despite_unmet:
        problems = tuple(Problem("", str(u)) for u in readiness.unmet)
        return _result(flow, state, lang, problems=(Problem("", _t(lang, "not_ready", n=event.step)),) + problems,
                       unready=readiness)
    unmet = tuple(str(u) for u in readiness.unmet)
    decisions = {**state.decisions, event.step: value}
    state = replace(state, decisions=decisions)
    notices = [_t(lang, "decided", n=event.step)]
    if unmet:
        notices.append(_t(lang, "decided_unmet", k=len(unmet)))
    if event.step < len(flow.steps) and state.current_step == event.step:
        state = _enter(flow, state, event.step + 1)
    elif event.step == len(flow.steps) and state.current_step == event.step:
        state = replace(state, cursor=None)
    return _result(flow, state, lang, decision=StoreDecision(event.step, value, unmet), notices=tuple(notices))


def _t(lang: str, key: str, **kw) -> str:
    return coachtext.t("engine." + key, lang, **kw)
