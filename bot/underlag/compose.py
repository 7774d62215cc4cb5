"""Assemble the beslutsunderlag for one gate: `build_document(flow, state, step, lang, …)`.

The gate template's data (prompts/underlag/gate_N.md.j2: layout, proposal, summary, consequences)
is resolved against the answers into the content model of bot/underlag/document.py, which the
Markdown, DOCX and PDF renderers all show the same way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import coachtext
from bot.underlag import plans
from bot.underlag.assess import assessment
from bot.underlag.blocks import answer_blocks
from bot.underlag.build import build_underlag, question_view
from bot.underlag.document import (
    Beslutsunderlag,
    Block,
    Bullets,
    Figure,
    Note,
    Paragraph,
    Part,
    Subheading,
    TitleBlock,
)
from bot.underlag.labels import label, labels
from bot.underlag.model import Item, QuestionView, Underlag
from bot.underlag.names import gate_constant
from bot.underlag.proposal import proposal, summary
from bot.underlag.sources import sources
from flows.answers import ConsequenceAnalysis, TextAnswer
from flows.schema import Flow
from flows.state import ProcessState

CRITERIA_CHOICE = "choice_in"


def _recipient(state: ProcessState, step: int, lang: str) -> str:
    if (d := state.decisions.get(step)) is not None:
        return d.forum
    forum = state.value("s1.styrforum")
    if isinstance(forum, TextAnswer):
        head = forum.text.split(":")[0].split(",")[0].strip()
        if 0 < len(head) <= 60:
            return head
    return coachtext.t("underlag.steering_group", lang)


def _title(flow: Flow, state: ProcessState, u: Underlag, lang: str, *, author: str, diarienummer: str | None,
           recipient: str, met: int, total: int) -> TitleBlock:
    step = flow.step(u.step_number)
    decided = state.decisions.get(u.step_number)
    version = sum(a.version for qid, a in state.answers.items() if qid in {q.id for q in step.questions()})
    gate = label(lang, "gate_of", n=u.step_number, total=len(flow.steps), step=u.step_title)
    title = u.gate_title.split(":", 1)[-1].strip()
    status = label(lang, "status_ready_short") if met == total else label(lang, "status_unmet_short",
                                                                            n=total - met, t=total)
    return TitleBlock(
        document_type=label(lang, "document_type"), title=title, process=u.process_name or "–", gate=gate,
        recipient=recipient, date=u.generated, version=str(max(version, 1)), author=author or "–",
        diarienummer=diarienummer or label(lang, "diarienummer_blank"), status=status,
        decided=label(lang, "decided_on", date=decided.date.isoformat(), forum=decided.forum) if decided else None,
        header=f"{u.process_name} – {label(lang, 'gate')} {u.step_number}" if u.process_name
        else f"{label(lang, 'gate')} {u.step_number}")


def _background(flow: Flow, state: ProcessState, u: Underlag, lang: str) -> Part:
    blocks: list[Block] = [Paragraph(label(lang, "background_intro", process=u.process_name or "–",
                                           n=u.step_number, gate=u.gate_title.split(":", 1)[-1].strip()))]
    step = flow.step(u.step_number)
    if step.intro:
        blocks.append(Paragraph(step.intro.get(lang)))
    earlier = [(n, d) for n, d in sorted(state.decisions.items()) if n < u.step_number]
    if earlier:
        blocks.append(Subheading(label(lang, "earlier_decisions")))
        blocks.append(Bullets(tuple(f"{label(lang, 'earlier_decision', n=n, date=d.date.isoformat(), forum=d.forum)}: "
                                    f"{d.text}" for n, d in earlier)))
    return Part(label(lang, "background"), tuple(blocks), "background")


def _perspective(a: ConsequenceAnalysis, word: str, lang: str) -> list[str]:
    names = [p for p in a.perspectives if word in p.lower()]
    words = {"+": "positive", "-": "negative", "0": "neutral"}  # a rating's catalogue key
    return [f"{row.action}: {coachtext.t('underlag.rating.' + words[row.ratings[p]], lang)} ({p})"
            for p in names for row in a.rows if row.ratings.get(p) in words]


def _consequences(specs: list[dict], views: Mapping[str, QuestionView], state: ProcessState, lang: str,
                  see) -> Part | None:
    blocks: list[Block] = []
    analysis = state.value("s5.konsekvensanalys")
    for spec in specs:
        body: list[Block] = []
        if spec.get("perspective") and isinstance(analysis, ConsequenceAnalysis):
            lines = _perspective(analysis, spec["perspective"], lang)
            body += [Bullets(tuple(lines))] if lines else []
        for qid in spec.get("questions", []):
            q = views.get(qid)
            if q is not None and q.answered:
                body += answer_blocks(Item(q), lang, see)
        if body:
            blocks += [Subheading(coachtext.t(spec["heading"], lang)), *body]
    return Part(label(lang, "consequence_section"), tuple(blocks), "consequences") if blocks else None


def build_document(flow: Flow, state: ProcessState, step: int, lang: str = "sv", *, process_name: str = "",
                   authors: Mapping[str, str] | None = None, names: Mapping[str, str] | None = None,
                   passages: Iterable[Any] = (), today: dt.date | None = None, author: str = "",
                   diarienummer: str | None = None, draft: str | None = None,
                   indicator_values: plans.Series | None = None) -> Beslutsunderlag:
    """The beslutsunderlag for gate `step`. `authors` maps a question id to who answered it (a user id
    or name), `names` a user id to a real name; `indicator_values` the ABCDE reports' values per indicator
    name, oldest first ([(date, value)]), for gate 7's follow-up table."""
    names = names or {}
    shown_authors = {qid: names.get(who, who) for qid, who in (authors or {}).items()}
    u = build_underlag(flow, state, step, lang, process_name=process_name, authors=shown_authors,
                       passages=passages, today=today)
    template = u.template
    criteria_questions = {c.params.get("question") for c in flow.step(step).gate.criteria if c.check == CRITERIA_CHOICE}
    consequence_specs = gate_constant(template, "consequences")
    in_consequences = {qid for spec in consequence_specs for qid in spec.get("questions", [])}
    views = _question_views(flow, state, u, consequence_specs, lang, shown_authors)
    figures = _figures(u, views)
    see = _appendix_pointer(figures, lang)
    content = _content(u, state.answered_values(), indicator_values, criteria_questions | in_consequences, lang, see)
    criteria, missing = assessment(flow, state, step, lang)
    met = sum(1 for c in criteria if c.status == "met")
    status = label(lang, "assessment_ready") if met == len(criteria) else label(
        lang, "assessment_unmet", n=len(criteria) - met, t=len(criteria))
    recipient = _recipient(state, step, lang)
    moved = {**{q: label(lang, "assessment") for q in criteria_questions if q},
             **{q: label(lang, "consequence_section") for q in in_consequences}}
    return Beslutsunderlag(
        lang=lang, step=step, labels=_labels(lang, decided=step in state.decisions),
        title=_title(flow, state, u, lang, author=author, diarienummer=diarienummer, recipient=recipient,
                     met=met, total=len(criteria)),
        proposal=proposal(lang, state.decisions.get(step), draft, gate_constant(template, "proposal"), views,
                          forum=recipient, process=process_name, guide_sentence=u.decision_to_take),
        summary=summary(lang, gate_constant(template, "summary"), views, status),
        background=_background(flow, state, u, lang), content=tuple(content), assessment=criteria,
        missing=missing, consequences=_consequences(consequence_specs, views, state, lang, see),
        appendices=_appendices(u, figures, moved, lang), sources=sources(flow, u))


def _question_views(flow: Flow, state: ProcessState, u: Underlag, consequence_specs: list, lang: str,
                    shown_authors: Mapping[str, str]) -> dict[str, QuestionView]:
    """Question id → its view: the underlag's sections' questions, and those the proposal, the
    consequences and the summary name although no section shows them."""
    views = {item.question.id: item.question for s in u.sections for item in s.items}
    for spec in [*gate_constant(u.template, "proposal"), *consequence_specs]:
        for qid in [spec.get("q"), *spec.get("questions", [])]:
            if qid and qid not in views:
                views[qid] = question_view(flow, state, flow.question(qid), lang, shown_authors)
    for qid in gate_constant(u.template, "summary"):
        if qid not in views:
            views[qid] = question_view(flow, state, flow.question(qid), lang, shown_authors)
    return views


def _figures(u: Underlag, views: dict[str, QuestionView]) -> dict[str, Figure]:
    """The underlag's diagrams as numbered figures (appendices), by question id."""
    figures: dict[str, Figure] = {}
    for d in u.diagrams():
        figures[d.question_id] = Figure(d.question_id, d.kind, d.title, len(figures) + 1, views[d.question_id].value)
    return figures


def _appendix_pointer(figures: dict[str, Figure], lang: str) -> Callable[[str], str | None]:
    """For a question id, the words pointing to its figure's appendix (None: it has no figure)."""
    def see(qid: str) -> str | None:
        f = figures.get(qid)
        return label(lang, "see_appendix", n=f.number, title=f.title) if f else None

    return see


def _content(u: Underlag, values: dict, indicator_values: plans.Series | None, hidden: set, lang: str,
             see: Callable[[str], str | None]) -> list[Part]:
    """The sections with their tables and answers; questions shown elsewhere (`hidden`: the assessment's,
    the consequences') are left out, and a section with nothing but its intro is dropped."""
    content: list[Part] = []
    for section in u.sections:
        blocks: list[Block] = [Paragraph(section.intro)] if section.intro else []
        blocks += _section_tables(section, values, indicator_values, lang)
        for item in section.items:
            if item.question.id in hidden:
                continue
            head = [] if item.heading == section.heading else [Subheading(item.heading)]
            blocks += [*head, *answer_blocks(item, lang, see)]
        if any(not isinstance(b, Paragraph) for b in blocks):
            content.append(Part(section.heading, tuple(blocks), "content"))
    return content


def _section_tables(section, values: dict, indicator_values: plans.Series | None, lang: str) -> list[Block]:
    """A section's table: gate 7's follow-up (with a note when nothing was reported), or a plan table."""
    blocks: list[Block] = []
    if section.table == "follow_up":
        t = plans.follow_up(values, indicator_values or {}, lang)
        blocks += [t] if t else []
        if t and not indicator_values:
            blocks.append(Note(label(lang, "no_reported_values")))
    elif section.table in plans.TABLES and (t := plans.TABLES[section.table](values, lang)):
        blocks += [Subheading(label(lang, section.table)), t]
    return blocks


def _appendices(u: Underlag, figures: dict[str, Figure], moved: dict[str, str], lang: str) -> tuple[Part, ...]:
    """One appendix per figure, then the questions appendix (naming where `moved` questions went)."""
    appendices = [Part(f"{label(lang, 'appendix', n=f.number)}. {f.title}", (f,), "figure") for f in figures.values()]
    appendices.append(_questions_appendix(u, len(appendices) + 1, lang, moved))
    return tuple(appendices)


def _labels(lang: str, *, decided: bool) -> dict[str, str]:
    """The document's fixed words. For a gate already decided the title block's date is when this copy was
    printed, not a date of the proposal (the decision has its own row, «Beslutat»)."""
    words = labels(lang)
    if decided:
        words["date"] = label(lang, "printed")
    return words


def _questions_appendix(u: Underlag, number: int, lang: str, moved: Mapping[str, str]) -> Part:
    """Every guide question the underlag answers, in the guide's words, under the section that shows its
    answer. Who answered and in which version is said once per group of questions sharing it («Besvarade av
    Anna, version 1:» then the questions), not after every question: the list stays short enough to read."""
    by_section: dict[str, dict[str, list[str]]] = {}
    for section in u.sections:
        for item in section.items:
            q = item.question
            if q.skipped or not q.answered:
                state = label(lang, "skipped_all" if q.skipped else "not_answered_all")
            elif q.author:
                state = label(lang, "answered_all_who", who=q.author, v=q.version)
            else:
                state = label(lang, "answered_all", v=q.version)
            groups = by_section.setdefault(moved.get(q.id, section.heading), {})
            lines = groups.setdefault(state, [])
            if q.text not in lines:
                lines.append(q.text)
    blocks: list[Block] = []
    for heading, groups in by_section.items():
        blocks.append(Subheading(heading))
        for state, lines in groups.items():
            blocks += [Note(state), Bullets(tuple(lines))]
    heading = f"{label(lang, 'appendix', n=number)}. {label(lang, 'questions_appendix')}"
    return Part(heading, tuple(blocks) or (Note(label(lang, "not_answered")),), "questions")
