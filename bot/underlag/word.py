"""The underlag as a Word document (python-docx): the same sections as the Markdown, with real heading
styles (Title, Heading 1 for sections, Heading 2 for questions), tables and the diagrams embedded.
User text goes in as plain runs: Word never interprets it.
"""

from __future__ import annotations

import io
from collections.abc import Mapping

from docx import Document
from docx.document import Document as DocumentType
from docx.shared import Inches, Pt

from bot.underlag import views as v
from bot.underlag.labels import label
from bot.underlag.model import Item, Underlag
from flows.answers import GateDecision

IMAGE_WIDTH = Inches(6.3)


def to_docx(u: Underlag, diagrams: Mapping[str, bytes] | None = None) -> bytes:
    """DOCX bytes of `u`; `diagrams` maps a question id to PNG bytes (default: drawn now)."""
    if diagrams is None:
        from bot.underlag.pictures import diagrams as draw

        diagrams = draw(u)
    doc = Document()
    doc.core_properties.title = f"{label(u.lang, 'underlag')}: {u.gate_title}"
    doc.core_properties.subject = u.process_name
    doc.add_heading(f"{label(u.lang, 'underlag')}: {u.gate_title}", level=0)
    status = label(u.lang, "status_ready") if u.ready else label(u.lang, "status_unmet").format(n=len(u.unmet))
    _table(doc, [], [[label(u.lang, "process"), u.process_name],
                     [f"{label(u.lang, 'step')} {u.step_number}", u.step_title],
                     [label(u.lang, "date"), u.generated.isoformat()],
                     ["Status", f"{status} ({label(u.lang, 'answered_of').format(a=u.answered, t=u.total)})"]])
    if u.contents:
        _field(doc, label(u.lang, "contents"), u.contents)
    for section in u.sections:
        doc.add_heading(section.heading, level=1)
        if section.intro:
            doc.add_paragraph(section.intro)
        for item in section.items:
            _question(doc, item, u.lang, diagrams)
    doc.add_heading(label(u.lang, "missing"), level=1)
    if not u.unmet:
        doc.add_paragraph(label(u.lang, "nothing_missing"))
    for unmet in u.unmet:
        doc.add_paragraph(unmet.text, style="List Bullet")
        for detail in unmet.details:
            doc.add_paragraph(detail, style="List Bullet 2")
    doc.add_heading(label(u.lang, "decision_to_take"), level=1)
    doc.add_paragraph(u.decision_to_take)
    doc.add_heading(label(u.lang, "recorded_decision"), level=1)
    if u.decision is None:
        doc.add_paragraph(label(u.lang, "no_decision"))
    else:
        _decision(doc, u.decision, u.lang)
    doc.add_heading(label(u.lang, "sources"), level=1)
    for c in u.sources:
        _citation(doc, c)
    if u.passages:
        doc.add_heading(label(u.lang, "passages"), level=2)
        for c in u.passages:
            _citation(doc, c)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _citation(doc: DocumentType, c) -> None:
    p = doc.add_paragraph(style="List Bullet")
    p.add_run(c.title).italic = True
    p.add_run(f", {c.locator}" + (f" – «{c.quote}»" if c.quote else ""))


def _field(doc: DocumentType, name: str, value: str | None, style: str | None = None) -> None:
    if value:
        p = doc.add_paragraph(style=style)
        p.add_run(f"{name}: ").bold = True
        p.add_run(value)


def _decision(doc: DocumentType, d: GateDecision, lang: str) -> None:
    for name, value in ((label(lang, "forum"), d.forum), (label(lang, "date"), d.date.isoformat()),
                        (label(lang, "decision"), d.text), (label(lang, "decided_by"), d.decided_by)):
        _field(doc, name, value, style="List Bullet")


def _bold(doc: DocumentType, text: str) -> None:
    doc.add_paragraph().add_run(text).bold = True


def _table(doc: DocumentType, headers: list[str], rows: list[list]) -> None:
    if not rows:
        return
    width = len(headers) or len(rows[0])
    table = doc.add_table(rows=0, cols=width)
    table.style = "Table Grid"
    size = Pt(8) if width > 6 else Pt(9)
    for index, row in enumerate(([headers] if headers else []) + rows):
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=False):
            run = cell.paragraphs[0].add_run("–" if value is None else str(value))
            run.font.size = size
            run.bold = bool(headers) and index == 0
    doc.add_paragraph()


def _question(doc: DocumentType, item: Item, lang: str, diagrams: Mapping[str, bytes]) -> None:
    q = item.question
    doc.add_heading(item.heading, level=2)
    if q.author:
        doc.add_paragraph().add_run(f"{label(lang, 'by').capitalize()} {q.author}, {label(lang, 'version')} "
                                    f"{q.version}").italic = True
    if q.skipped or not q.answered:
        doc.add_paragraph().add_run(label(lang, "skipped" if q.skipped else "not_answered")).bold = True
        return
    a = q.value
    picture = diagrams.get(q.id)
    if q.type == "text":
        for paragraph in a.text.split("\n\n"):
            doc.add_paragraph(paragraph)
    elif q.type == "list":
        for entry in a.items:
            doc.add_paragraph(entry, style="List Bullet")
    elif q.type == "choice":
        p = doc.add_paragraph()
        p.add_run(q.options.get(a.choice, a.choice)).bold = True
        if a.comment:
            p.add_run(f" – {a.comment}")
    elif q.type == "problem_tree":
        if item.part in ("all", "tree"):
            for name, value in v.problem_fields(a, lang):
                _field(doc, name, value, style="List Bullet")
            if picture:
                doc.add_picture(io.BytesIO(picture), width=IMAGE_WIDTH)
            for title, nodes in ((label(lang, "consequences"), a.consequences), (label(lang, "causes"), a.causes)):
                if nodes:
                    _bold(doc, title)
                    for depth, text in v.tree(nodes):
                        doc.add_paragraph(text, style="List Bullet" if depth == 0 else "List Bullet 2")
        if item.part != "tree":
            _table(doc, *v.root_cause_table(a, item.part == "prioritised", lang))
    elif q.type == "outcomes":
        _table(doc, *v.outcome_table(a, lang))
    elif q.type == "smart_indicators":
        _table(doc, *v.indicator_table(a, lang))
        _table(doc, *v.indicator_detail_table(a, lang))
    elif q.type == "effect_logic":
        _field(doc, label(lang, "current_state"), a.need, style="List Bullet")
        _field(doc, label(lang, "goal"), a.goal, style="List Bullet")
        if picture:
            doc.add_picture(io.BytesIO(picture), width=IMAGE_WIDTH)
        _table(doc, *v.effect_table(a, lang))
        _bold(doc, label(lang, "link_assumptions"))
        _table(doc, *v.link_table(a, lang))
        if a.measures:
            _bold(doc, label(lang, "measures"))
            _table(doc, *v.measure_table(a, lang))
    elif q.type == "intervention_mapping":
        _bold(doc, label(lang, "matrix"))
        _table(doc, *v.matrix_table(a, lang))
        _table(doc, *v.intervention_table(a, lang))
    elif q.type == "gap_checklist":
        _field(doc, label(lang, "outcome"), a.outcome, style="List Bullet")
        _field(doc, label(lang, "area"), a.area, style="List Bullet")
        _table(doc, *v.checklist_table(a, q.items, lang))
        for name, gaps in v.gap_groups(a, lang):
            _bold(doc, name)
            for gap in gaps:
                doc.add_paragraph(gap, style="List Bullet")
    elif q.type == "risk_matrix":
        _table(doc, *v.risk_table(a, lang))
    elif q.type == "consequence_analysis":
        _field(doc, label(lang, "problem"), a.problem)
        _table(doc, *v.consequence_table(a, lang))
    elif q.type == "abcde_report":
        for name, value in v.abcde_fields(a, lang):
            _field(doc, name, value, style="List Bullet")
        _table(doc, *v.value_table(a, lang))
    elif q.type == "gate_decision":
        _decision(doc, a, lang)
