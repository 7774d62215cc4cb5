"""One answer as blocks of the content model: paragraphs, lists, fields and the guide's tables.

`answer_blocks(item, lang, see)` shows the answer under its readable name; `see(question_id)` gives the
reference to the appendix holding its picture (problem tree, effect logic), or None.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.underlag import views as v
from bot.underlag.document import Block, Bullets, Fields, Note, Paragraph, Subheading
from bot.underlag.labels import label
from bot.underlag.model import Item, QuestionView
from bot.underlag.tables import table

See = Callable[[str], str | None]


def _fields(pairs) -> list[Block]:
    kept = tuple((name, str(value)) for name, value in pairs if value)
    return [Fields(kept)] if kept else []


def _paragraphs(text: str) -> list[Block]:
    return [Paragraph(p.strip()) for p in text.split("\n\n") if p.strip()]


def _tree(title: str, nodes) -> list[Block]:
    if not nodes:
        return []
    shape = v.tree(nodes)
    return [Subheading(title), Bullets(tuple(t for _d, t in shape), tuple(d for d, _t in shape))]


def choice_text(q: QuestionView) -> str:
    a = q.value
    chosen = q.options.get(a.choice, a.choice)
    return f"{chosen} – {a.comment}" if a.comment else chosen


def answer_blocks(item: Item, lang: str, see: See) -> list[Block]:
    """The blocks showing one placed question: its answer, or a note that it was skipped or is unanswered."""
    q, part = item.question, item.part
    if q.skipped or not q.answered:
        return [Note(label(lang, "skipped" if q.skipped else "not_answered"))]
    a = q.value
    out: list[Block] = []
    if q.type == "text":
        out += _paragraphs(a.text)
    elif q.type == "list":
        out.append(Bullets(tuple(a.items)))
    elif q.type == "choice":
        out.append(Paragraph(choice_text(q)))
    elif q.type == "problem_tree":
        if part in ("all", "tree"):
            out += _fields(v.problem_fields(a, lang))
            if ref := see(q.id):
                out.append(Note(ref))
            out += _tree(label(lang, "consequences"), a.consequences) + _tree(label(lang, "causes"), a.causes)
        if part != "tree":
            out.append(table(*v.root_cause_table(a, part == "prioritised", lang), key="root_causes"))
    elif q.type == "outcomes":
        out.append(table(*v.outcome_table(a, lang), key="outcomes"))
    elif q.type == "smart_indicators":
        out.append(table(*v.indicator_table(a, lang), key="indicators"))
        out.append(table(*v.indicator_detail_table(a, lang), key="indicator_details"))
    elif q.type == "effect_logic":
        out += _fields([(label(lang, "current_state"), a.need), (label(lang, "goal"), a.goal)])
        if ref := see(q.id):
            out.append(Note(ref))
        out.append(table(*v.effect_table(a, lang), key="effect_logic"))
        out += [Subheading(label(lang, "link_assumptions")), table(*v.link_table(a, lang), key="links")]
        if a.measures:
            out += [Subheading(label(lang, "measures")), table(*v.measure_table(a, lang), key="measures")]
    elif q.type == "intervention_mapping":
        out += [Subheading(label(lang, "matrix")), table(*v.matrix_table(a, lang), key="matrix"),
                table(*v.intervention_table(a, lang), key="interventions")]
    elif q.type == "gap_checklist":
        out += _fields([(label(lang, "outcome"), a.outcome), (label(lang, "area"), a.area)])
        out.append(table(*v.checklist_table(a, q.items, lang), key="checklist"))
        for name, gaps in v.gap_groups(a, lang):
            out += [Subheading(name), Bullets(tuple(gaps))]
    elif q.type == "risk_matrix":
        out.append(table(*v.risk_table(a, lang), key="risks"))
    elif q.type == "consequence_analysis":
        out += _fields([(label(lang, "problem"), a.problem)])
        out.append(table(*v.consequence_table(a, lang), key="consequences"))
    elif q.type == "abcde_report":
        out += _fields(v.abcde_fields(a, lang))
        out.append(table(*v.value_table(a, lang), key="indicator_values"))
    elif q.type in ("implementation_plan", "follow_up_plan"):
        # the rows are shown once, as the gate's plan table (plans.py: what, who, when, indicator, source)
        out += _paragraphs(a.text) if a.text else []
    elif q.type == "gate_decision":
        out += _fields([(label(lang, "forum"), a.forum), (label(lang, "date"), a.date.isoformat()),
                        (label(lang, "decision"), a.text), (label(lang, "decided_by"), a.decided_by)])
    return out
