"""Plain-text rendering of prompts, answers and status, for the terminal (Slack has bot/slack/blocks.py)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from bot.forms import label
from bot.i18n import t
from bot.service import Status
from flows.answers import AnswerModel, ChoiceAnswer, ListAnswer, TextAnswer
from flows.consistency import Finding
from flows.schema import Flow, Question
from flows.state import Prompt, UnmetCriterion, status_label
from flows.text import shorten
from guidance_corpus.base import Passage


def format_answer(value: AnswerModel | None, lang: str = "sv", question: Question | None = None) -> str:
    if value is None:
        return "–"
    if isinstance(value, TextAnswer):
        return value.text
    if isinstance(value, ListAnswer):
        return "\n".join(f"• {item}" for item in value.items)
    if isinstance(value, ChoiceAnswer):
        shown = value.choice
        if question is not None:
            shown = next((o.label.get(lang) for o in question.options if o.value == value.choice), shown)
        return shown + (f" – {value.comment}" if value.comment else "")
    return "\n".join(_model_lines(value, lang, indent=""))


def _model_lines(model: BaseModel, lang: str, indent: str) -> list[str]:
    lines: list[str] = []
    for name, field in type(model).model_fields.items():
        value = getattr(model, name)
        if value in (None, [], {}, ""):
            continue
        title = label(field, lang)
        if isinstance(value, list) and value and isinstance(value[0], BaseModel):
            lines.append(f"{indent}{title}:")
            for index, row in enumerate(value, start=1):
                lines.append(f"{indent}  {index}. {_row(row, lang)}")
        elif isinstance(value, list):
            lines.append(f"{indent}{title}: {', '.join(str(v) for v in value)}")
        else:
            lines.append(f"{indent}{title}: {_scalar(value, lang)}")
    return lines


def _row(row: BaseModel, lang: str) -> str:
    parts = []
    for name, field in type(row).model_fields.items():
        value = getattr(row, name)
        if value in (None, [], {}, "", False):
            continue
        if isinstance(value, dict):
            value = ", ".join(f"{k} {v}" for k, v in value.items())
        elif isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        parts.append(f"{label(field, lang)}: {_scalar(value, lang)}")
    return "; ".join(parts)


def _scalar(value: Any, lang: str) -> str:
    if value is True:
        return t(lang, "yes")
    return str(value)


def format_prompt(flow: Flow, prompt: Prompt, lang: str = "sv") -> str:
    total = len(flow.steps)
    step = prompt.step
    if prompt.kind == "done":
        return t(lang, "done")
    header = t(lang, "step_header", n=step.number, total=total, title=step.title.get(lang))
    if prompt.kind == "gate":
        gate = step.gate
        lines = [header, t(lang, "gate_header", n=step.number, title=gate.title.get(lang)),
                 t(lang, "gate_decision", text=gate.decision.get(lang))]
        if prompt.gate and prompt.gate.ready:
            lines.append(t(lang, "gate_ready"))
        elif prompt.gate:
            lines.append(t(lang, "gate_unmet"))
            lines.extend(gap_lines(prompt.gate.unmet, lang, indent="  "))
        lines.append(t(lang, "gate_hint", next=min(step.number + 1, total)))
        return "\n".join(lines)
    question = prompt.question
    doc = flow.document(question.source.doc)
    lines = [header, t(lang, "question_header", pos=prompt.position, total=prompt.total, id=question.id),
             question.text.get(lang) + ("" if question.required else " " + t(lang, "optional"))]
    if question.help:
        lines.append(f"  {question.help.get(lang)}")
    lines.append("  " + t(lang, "source", title=doc.title if doc else question.source.doc,
                          locator=question.source.locator))
    if prompt.current is not None:
        if prompt.current.skipped:
            lines.append(t(lang, "skipped_before"))
        else:
            lines.append(t(lang, "current_answer", version=prompt.current.version))
            lines.extend("  " + line for line in format_answer(prompt.current.value, lang, question).splitlines())
    return "\n".join(lines)


MAX_DETAILS = 4


def format_status(status: Status, lang: str = "sv") -> str:
    lines = [f"{status.process.name}"]
    for step in status.steps:
        label_ = status_label(step.status, lang)
        counts = t(lang, "status_counts", answered=step.answered, total=step.total)
        if step.skipped:
            counts += t(lang, "status_skipped", n=step.skipped)
        lines.append(f"  {step.number}. {step.title:<32} {label_:<16} {counts}")
        if step.status in ("pagar", "redo_for_beslut"):
            lines.extend(gap_lines(step.gaps, lang, indent="       "))
    prompt = status.prompt  # the same next question as `fortsätt`, Slack's parent message and App Home
    if prompt.kind == "question":
        lines.append(t(lang, "status_next", n=prompt.step.number, text=prompt.question.text.get(lang)))
    elif prompt.kind == "gate":
        lines.append(t(lang, "status_next_gate", n=prompt.step.number))
    lines.extend(finding_lines(status.findings, lang))
    return "\n".join(lines)


def finding_lines(findings: tuple[Finding, ...], lang: str, shown: int = 8) -> list[str]:
    """Inconsistencies across steps: the problem, then what to do and where (steg N, ändra <id>)."""
    if not findings:
        return []
    lines = ["", t(lang, "findings_title", n=len(findings))]
    edit = t(lang, "edit_word")
    for f in findings[:shown]:
        where = t(lang, "finding_where", step=f.step) + (f", «{edit} {f.question_id}»" if f.question_id else "")
        lines.append(f"  – {f.message(lang)}")
        lines.append(f"      {f.action(lang)} ({where})")
    if len(findings) > shown:
        lines.append("  " + t(lang, "and_more", n=len(findings) - shown))
    return lines


def gap_lines(gaps: tuple[UnmetCriterion, ...], lang: str, indent: str) -> list[str]:
    """Each unmet criterion on its line, its details (the missing questions…) below it, a few at most."""
    lines = []
    for gap in gaps:
        lines.append(f"{indent}– {gap.text}")
        lines.extend(f"{indent}    · {d}" for d in gap.details[:MAX_DETAILS])
        if len(gap.details) > MAX_DETAILS:
            lines.append(f"{indent}    · " + t(lang, "and_more", n=len(gap.details) - MAX_DETAILS))
    return lines


def format_passages(passages: list[Passage], lang: str = "sv", width: int = 600) -> str:
    if not passages:
        return t(lang, "no_guidance")
    lines = [t(lang, "guidance_header")]
    for index, passage in enumerate(passages, start=1):
        body = _passage_lines(passage, width)
        lines.append(f"{index}. «" + "\n   ".join(body) + f"»\n   — {passage.citation}")
    return "\n".join(lines)


def _passage_lines(passage: Passage, width: int) -> list[str]:
    """The passage's own lines (a slide's list stays a list), without its heading when the citation
    already names it, cut to about `width` characters."""
    raw = [" ".join(line.split()) for line in passage.text.split("\n")]
    if len(raw) > 2 and not raw[1] and len(raw[0]) >= 4 and raw[0].rstrip(" …") in passage.citation:
        raw = raw[2:]
    out: list[str] = []
    used = 0
    for line in (line for line in raw if line):
        if used + len(line) > width:
            out.append(shorten(line, max(width - used, 40)))
            break
        out.append(line)
        used += len(line) + 1
    return out
