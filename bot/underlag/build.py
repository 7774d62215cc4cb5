"""Assemble the underlag for one gate from a process state: `build_underlag(flow, state, step, lang)`.

The gate's template in prompts/underlag/ declares the guide's structure as a literal `layout`
(headings and the questions under each, its words as keys of the catalogue, coachtext/); this module
resolves it against the answers, so the Markdown template and the DOCX writer show the same sections.
Questions of the step that the layout does not place are kept under "Övriga svar": nothing answered is
left out.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

from jinja2 import TemplateNotFound

import coachtext
from bot.underlag.labels import label
from bot.underlag.model import Citation, Item, QuestionView, Section, Underlag, Unmet
from bot.underlag.names import question_name
from flows.engine import gate_readiness
from flows.schema import Flow, Question, Source, Step
from flows.state import ProcessState
from flows.text import shorten
from prompts.render import constant

GENERIC = "underlag/_generic.md.j2"


def template_name(step: Step) -> str:
    """The gate's template in prompts/underlag/, or the generic one when it names none that exists."""
    name = f"underlag/{step.gate.template or f'gate_{step.number}.md.j2'}"
    try:
        constant(name, "layout")
    except (TemplateNotFound, KeyError):
        return GENERIC
    return name


def layout_of(step: Step, lang: str) -> list[dict[str, Any]]:
    """The gate template's layout; a step without a template gets its own sections in order."""
    name = template_name(step)
    if name == GENERIC:
        return [{"heading": s.title.get(lang), "questions": [q.id for q in s.questions]} for s in step.sections]
    return [{**entry, "heading": coachtext.t(entry["heading"], lang)} for entry in constant(name, "layout")]


def _text(key: str | None, lang: str) -> str | None:
    """A template's catalogue key (a section's intro, a part's title) as text; None when it gives none."""
    return coachtext.t(key, lang) if key else None


def build_underlag(flow: Flow, state: ProcessState, step: int, lang: str = "sv", *, process_name: str = "",
                   authors: Mapping[str, str] | None = None, passages: Iterable[Any] = (),
                   today: dt.date | None = None) -> Underlag:
    """Everything the written underlag for gate `step` shows; `passages` are guide passages shown
    during the step (objects or dicts with doc_id, title, locator), `authors` who wrote each answer."""
    the_step = flow.step(step)
    known = {q.id for q in flow.questions()}
    placed: set[str] = set()
    sections: list[Section] = []
    for entry in layout_of(the_step, lang):
        items = []
        for ref in entry.get("questions", []):
            ref = {"q": ref} if isinstance(ref, str) else ref
            qid, part, title = ref["q"], ref.get("part", "all"), _text(ref.get("title"), lang)
            if qid not in known:
                continue
            placed.add(qid)
            view = question_view(flow, state, flow.question(qid), lang, authors)
            if view.answered or view.skipped or (view.required and view.step == step):
                items.append(Item(view, part, title))
        if items or entry.get("table"):
            sections.append(Section(entry["heading"], tuple(items), _text(entry.get("intro"), lang),
                                    entry.get("table")))
    rest = [question_view(flow, state, q, lang, authors) for q in the_step.questions() if q.id not in placed]
    rest = [v for v in rest if v.answered or v.skipped or v.required]
    if rest:
        sections.append(Section(label(lang, "other_answers"), tuple(Item(v) for v in rest)))
    readiness = gate_readiness(flow, state, step, lang)
    own = the_step.questions()
    return Underlag(
        lang=lang, process_name=process_name, flow_title=flow.title.get(lang), step_number=step,
        step_title=the_step.title.get(lang), gate_title=the_step.gate.title.get(lang),
        decision_to_take=the_step.gate.decision.get(lang),
        contents=the_step.gate.underlag.get(lang) if the_step.gate.underlag else None,
        template=template_name(the_step), sections=tuple(sections), ready=readiness.ready,
        unmet=tuple(Unmet(u.text, u.details) for u in readiness.unmet), decision=state.decisions.get(step),
        sources=_sources(flow, the_step, sections), passages=_passages(passages),
        generated=today or dt.date.today(), answered=sum(1 for q in own if state.value(q.id) is not None),
        total=len(own))


def question_view(flow: Flow, state: ProcessState, q: Question, lang: str,
                  authors: Mapping[str, str] | None) -> QuestionView:
    """How one question shows in an underlag: its readable name, the answer, who wrote it, its version."""
    stored = state.answers.get(q.id)
    return QuestionView(
        id=q.id, text=q.text.get(lang), type=q.type, name=question_name(q.id, lang), required=q.required,
        value=stored.value if stored and stored.answered else None, version=stored.version if stored else 0,
        skipped=bool(stored and stored.skipped), author=(authors or {}).get(q.id), step=flow.step_of(q.id).number,
        options={o.value: o.label.get(lang) for o in q.options},
        items={i.id: (i.group or "", i.text.get(lang)) for i in q.items})


def _natural(text: str) -> list[Any]:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text)]


def _cite(flow: Flow, source: Source) -> Citation:
    doc = flow.document(source.doc)
    return Citation(doc_id=source.doc, title=doc.title if doc else source.doc, locator=source.locator,
                    quote=source.quote)


def _sources(flow: Flow, step: Step, sections: list[Section]) -> tuple[Citation, ...]:
    """The guide passages behind the step, its gate and every question shown, by document and locator."""
    found = [step.source, step.gate.source] + [c.source for c in step.gate.criteria if c.source]
    found += [s.source for s in step.sections if s.source]
    found += [flow.question(item.question.id).source for section in sections for item in section.items]
    unique: dict[tuple[str, str], Citation] = {}
    for source in found:
        unique.setdefault((source.doc, source.locator), _cite(flow, source))
    return tuple(sorted(unique.values(), key=lambda c: (c.doc_id, _natural(c.locator))))


def _passages(passages: Iterable[Any]) -> tuple[Citation, ...]:
    out: dict[tuple[str, str], Citation] = {}
    for p in passages:
        get = p.get if isinstance(p, Mapping) else lambda k, p=p: getattr(p, k, None)
        quote = shorten(" ".join(str(get("text") or "").split()), 280) or None
        out.setdefault((str(get("doc_id")), str(get("locator"))),
                       Citation(str(get("doc_id")), str(get("title")), str(get("locator")), quote))
    return tuple(out.values())
