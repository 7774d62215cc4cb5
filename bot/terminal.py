"""The guided conversation in a terminal. Reads stdin line by line when it is not a TTY, so a whole
session can be replayed from a file. Same service, same engine as Slack."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from typing import TextIO
from zoneinfo import ZoneInfo

from bot.access import REMOVE_WORDS
from bot.forms import FormDriver, FormInterrupted, outcomes_in
from bot.i18n import role_name, t
from bot.render_text import format_answer, format_passages, format_prompt, format_status
from bot.service import Actor, CoachService, ProcessRef
from bot.text_commands import TextCommand, is_command, parse
from flows.answers import ANSWER_TYPES, ChoiceAnswer, GateDecision, ListAnswer, TextAnswer
from flows.errors import UserFacingError
from flows.state import Answer, Back, Continue, Decide, Edit, GoTo, Input, Prompt, Result, Skip
from flows.text import normalise_input

USER_ERRORS = (UserFacingError,)  # the root of every error with a polite message


def _local(moment: datetime, tz: ZoneInfo) -> datetime:
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(tz)


def _structured(prompt: Prompt | None) -> bool:
    return (prompt is not None and prompt.kind == "question"
            and ANSWER_TYPES[prompt.question.type] not in (TextAnswer, ListAnswer, ChoiceAnswer))


class Terminal:
    def __init__(self, service: CoachService, process: ProcessRef, actor: Actor,
                 stdin: TextIO | None = None, stdout: TextIO | None = None,
                 timezone: str = "Europe/Stockholm") -> None:
        self._tz = ZoneInfo(timezone)
        self.service, self.process, self.actor = service, process, actor
        self.lang = process.language
        self.flow = service.flow_of(process)
        # the streams of the moment of the call, not of the import (a test runner swaps them)
        self._in, self._out = stdin or sys.stdin, stdout or sys.stdout
        self._echo = not self._in.isatty()
        self._shown: str | None = None  # id of the question whose prompt was last printed
        self._eof = False
        self._guided = False  # the first guidance request may build the index: say so
        self._pending: str | None = None  # a command typed inside a list, run after the list is saved

    # ---- I/O ------------------------------------------------------------------------------------

    def say(self, text: str = "") -> None:
        print(text, file=self._out, flush=True)

    def ask(self, prompt: str) -> str | None:
        if self._pending is not None:
            line, self._pending = self._pending, None
            return line
        self._out.write(prompt)
        self._out.flush()
        line = self._in.readline()
        if not line:
            self._eof = True
            self.say()
            return None
        line = normalise_input(line.rstrip("\n"))  # invalid UTF-8 (surrogateescape) becomes U+FFFD
        if self._echo:
            self.say(line)
        return line

    # ---- loop -----------------------------------------------------------------------------------

    def run(self) -> int:
        role = self.service.membership.role_of(process=self.process, user_id=self.actor.user_id) or "–"
        self.say(t(self.lang, "welcome", name=self.process.name, role=role_name(role, self.lang)))
        prompt = self._act(Continue())
        while True:
            if _structured(prompt):
                if self._shown != prompt.question.id:
                    self._show_prompt(prompt)
                line = self._form(prompt)
                if line is None and self._eof:
                    self.say(t(self.lang, "bye"))
                    return 0
            else:
                line = self.ask("\n> ")
                if line is None:
                    self.say(t(self.lang, "bye"))
                    return 0
            if line is not None and line.strip():
                command = parse(line)
                if command is not None and command.name == "quit":
                    self.say(t(self.lang, "bye"))
                    return 0
                if command is not None:
                    self._command(command, prompt)
                else:
                    self._answer_line(line, prompt)
            prompt = self._current()

    def _current(self) -> Prompt | None:
        try:
            return self.service.current_prompt(process=self.process, actor=self.actor)
        except USER_ERRORS as error:
            self.say(error.in_language(self.lang))
            return None

    def _show(self, result: Result, show_prompt: bool = True) -> None:
        for problem in result.problems:
            self.say(f"  ! {problem}")
        for item in result.store:
            version = result.state.answers[item.question_id].version
            self.say(t(self.lang, "skipped", id=item.question_id) if item.skipped
                     else t(self.lang, "saved", version=version))
        for notice in result.notices:
            self.say(f"  · {notice}")
        if show_prompt and (not result.problems or result.prompt.kind == "question"):
            self._show_prompt(result.prompt)

    def _show_prompt(self, prompt: Prompt) -> None:
        self.say()
        self.say(format_prompt(self.flow, prompt, self.lang))
        self._input_hint(prompt)
        self._shown = prompt.question.id if prompt.question else None

    def _input_hint(self, prompt: Prompt) -> None:
        if prompt.kind != "question":
            return
        model = ANSWER_TYPES[prompt.question.type]
        if model is ListAnswer:
            self.say(t(self.lang, "list_hint"))
        elif model is ChoiceAnswer:
            for index, option in enumerate(prompt.question.options, start=1):
                self.say(f"  {index}. {option.label.get(self.lang)}")
        elif model is not TextAnswer:
            self.say(t(self.lang, "form_hint"))

    # ---- answers --------------------------------------------------------------------------------

    def _act(self, event: Input) -> Prompt | None:
        result = self._call(event)
        return result.prompt if result else None

    def _answer_line(self, line: str, prompt: Prompt | None) -> None:
        if prompt is None or prompt.kind != "question":
            self.say(t(self.lang, "unknown_command"))
            return
        model = ANSWER_TYPES[prompt.question.type]
        if model in (TextAnswer, ChoiceAnswer):
            self._act(Answer(line, question_id=prompt.question.id))
        elif model is ListAnswer:
            lines = [line]
            while (more := self.ask("  • ")) is not None and more.strip():
                if more.strip().lower() == "avbryt":
                    self.say(t(self.lang, "form_aborted"))
                    return
                if is_command(more):  # «avsluta», «status» …: not an item; the items so far are kept
                    self._pending = more
                    break
                lines.append(more)
            self._act(Answer("\n".join(lines), question_id=prompt.question.id))
        else:
            self.say(t(self.lang, "unknown_command"))

    def _form(self, prompt: Prompt) -> str | None:
        """Fill a structured answer field by field; return the line that interrupted it, if any."""
        outcomes = outcomes_in(self.service.state(process=self.process, actor=self.actor).answers)
        driver = FormDriver(self.ask, self.say, is_command, self.lang, outcomes)
        try:
            current = prompt.current.value if prompt.current and prompt.current.answered else None
            data = driver.fill(ANSWER_TYPES[prompt.question.type], prompt.question,
                               current=current.model_dump(mode="json") if current is not None else None)
        except FormInterrupted as stop:
            if stop.line is not None and stop.line.strip().lower() == "avbryt":
                self.say(t(self.lang, "form_aborted"))
                self._shown = None
            return stop.line
        self._act(Answer(data, question_id=prompt.question.id))
        return None

    # ---- commands -------------------------------------------------------------------------------

    def _command(self, command: TextCommand, prompt: Prompt | None) -> None:
        name = command.name
        if name == "help":
            self.say(t(self.lang, "help"))
        elif name == "status":
            try:
                self.say(format_status(self.service.status(process=self.process, actor=self.actor), self.lang))
            except USER_ERRORS as error:
                self.say(error.in_language(self.lang))
        elif name == "continue":
            self._act(Continue())
        elif name == "step":
            self._act(GoTo(int(command.args[0])))
        elif name == "back":
            self._act(Back())
        elif name == "skip":
            self._act(Skip())
        elif name == "edit":
            self._act(Edit(command.args[0]))
        elif name == "guidance":
            self._guidance(prompt)
        elif name == "decide":
            self._decide(prompt)
        elif name == "role":
            self._role(*command.args)
        elif name == "history":
            self._history(command.args[0])

    def _guidance(self, prompt: Prompt | None) -> None:
        if prompt is None or prompt.question is None:
            self.say(t(self.lang, "no_guidance"))
            return
        if not self._guided and self.service.guidance.index_missing():
            self.say(t(self.lang, "guidance_wait"))
        self._guided = True
        try:
            passages = self.service.guidance.for_question(prompt.question, process=self.process, actor=self.actor)
        except USER_ERRORS as error:
            self.say(error.in_language(self.lang))
            return
        self.say(format_passages(passages, self.lang))

    def _decide(self, prompt: Prompt | None) -> None:
        step = prompt.step.number if prompt and prompt.step else self.service.state(
            process=self.process, actor=self.actor).current_step
        self.say(t(self.lang, "gate_decision", text=self.flow.step(step).gate.decision.get(self.lang)))
        driver = FormDriver(self.ask, self.say, is_command, self.lang)
        try:
            data = driver.fill(GateDecision)
        except FormInterrupted:
            self.say(t(self.lang, "form_aborted"))
            return
        result = self._call(Decide(step, data), show_prompt=False)
        if result is None:
            return
        if result.unready is not None:  # what is missing, then the question right under it
            answer = self.ask(t(self.lang, "decide_despite") + " ")
            if answer is not None and answer.strip().lower() in ("ja", "j", "yes", "y"):
                self._call(Decide(step, data, despite_unmet=True))
                return
        self._show_prompt(result.prompt)

    def _call(self, event: Input, show_prompt: bool = True) -> Result | None:
        """Send one input to the service and show what came of it; None when it was refused."""
        try:
            result = self.service.act(process=self.process, actor=self.actor, event=event)
        except USER_ERRORS as error:
            self.say(f"{t(self.lang, 'error_prefix')} {error.in_language(self.lang)}")
            return None
        self._show(result, show_prompt)
        return result

    def _role(self, user: str, role: str) -> None:
        try:
            if role in REMOVE_WORDS:  # `roll <namn> ingen`: take them out of the process
                self.service.membership.remove_member(process=self.process, actor=self.actor, user_id=user)
                self.say(t(self.lang, "member_removed", user=user))
                return
            self.service.membership.set_role(process=self.process, actor=self.actor, user_id=user, role=role)
        except USER_ERRORS as error:
            self.say(error.in_language(self.lang))
            return
        self.say(t(self.lang, "role_set", user=user, role=role_name(role, self.lang)))

    def _history(self, question_id: str) -> None:
        try:
            versions = self.service.history(process=self.process, actor=self.actor, question_id=question_id)
            question = self.flow.question(question_id)
        except (*USER_ERRORS, KeyError) as error:
            self.say(getattr(error, "message", t(self.lang, "unknown_command")))
            return
        self.say(t(self.lang, "history_header", id=question_id))
        for version in versions:
            shown = (t(self.lang, "history_skipped") if version.skipped
                     else format_answer(version.value, self.lang, question))
            when = _local(version.created_at, self._tz)
            self.say(f"  v{version.version} {when:%Y-%m-%d %H:%M} {version.author} via {version.via}:")
            self.say("    " + shown.replace("\n", "\n    "))
