"""The beslutsunderlag as a Word document (python-docx), from the content model.

A4 with 2.5 cm margins, Swedish (sv-SE) as the language of every style, process and gate in the header,
"Sida X av Y" in the footer, real core properties; tables with column widths fitted to their content,
the header row repeated on each page, rows that do not split and no automatic hyphenation. User text
goes in as plain runs: Word never interprets it.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

from bot.underlag.document import Beslutsunderlag, Block, Part, Table
from bot.underlag.pictures import appendix_breaks

TEXT_WIDTH = Cm(16)  # A4 (21 cm) less two 2.5 cm margins
LANGUAGE = {"sv": "sv-SE", "en": "en-GB"}
HEADER_FILL = "D9E2F3"


def to_docx(d: Beslutsunderlag, diagrams: Mapping[str, bytes] | None = None) -> bytes:
    """DOCX bytes of `d`; `diagrams` maps a question id to PNG bytes (default: drawn now)."""
    if diagrams is None:
        from bot.underlag.pictures import diagrams as draw

        diagrams = draw(d)
    doc = Document()
    _page(doc, d)
    _styles(doc, LANGUAGE.get(d.lang, "sv-SE"))
    _properties(doc, d)
    L = d.labels
    _para(doc, d.title.document_type.upper(), "Subtitle")
    _heading(doc, d.title.title, 0)
    _table(doc, Table((), tuple(d.title.rows(L)), (0.28, 0.72), key="title_block"), header=False, first_bold=True)
    _heading(doc, L["proposal"], 1)
    doc.add_paragraph(d.proposal.intro)
    for clause in d.proposal.clauses:
        _para(doc, clause.text, "List Number")
        for item in clause.items:
            _para(doc, item, "List Bullet 2")
    _heading(doc, L["summary"], 1)
    for b in d.summary:
        _block(doc, b, diagrams)
    for part in (d.background, *d.content):
        _part(doc, part, diagrams)
    _heading(doc, L["assessment"], 1)
    rows = tuple((c.text, L[c.status], c.motivation) for c in d.assessment)
    _table(doc, Table((L["criterion"], L["status"], L["motivation"]), rows, (0.38, 0.16, 0.46), key="criteria"))
    _heading(doc, L["whats_missing"], 1)
    if not d.missing:
        doc.add_paragraph(L["nothing_missing"])
    for m in d.missing:
        p = _para(doc, m.text, "List Bullet")
        if m.action:
            p.add_run(f" {L['action']}: ").bold = True
            p.add_run(m.action)
        for detail in m.details:
            _para(doc, detail, "List Bullet 2")
    if d.consequences:
        _part(doc, d.consequences, diagrams)
    _heading(doc, L["appendices"], 1)
    for part in d.appendices:  # the list stays with the first appendix: never alone at the top of a page
        _para(doc, part.heading, "List Bullet").paragraph_format.keep_with_next = True
    for part, new_page in zip(d.appendices, appendix_breaks(d, dict(diagrams)), strict=True):
        _part(doc, part, diagrams, page_break=new_page)
    _heading(doc, L["sources"], 1)
    for s in d.sources:
        p = _para(doc, style="List Bullet")
        p.add_run(s.title).italic = True
        p.add_run(f". {s.publisher}, {s.year}." + (f" {', '.join(s.locators)}." if s.locators else "")
                  + (f" ({L['shown_passages']}: {', '.join(s.shown)})" if s.shown else ""))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _para(doc: DocumentType, text: str = "", style: str | None = None):
    """A paragraph with `style` set by its id: python-docx looks a style name up by scanning every style,
    which is most of the time a document takes."""
    p = doc.add_paragraph(text)
    if style:
        ids = getattr(doc, "_coach_style_ids", None)
        if ids is None:
            ids = {s.name: s.style_id for s in doc.styles}
            doc._coach_style_ids = ids
        p._p.get_or_add_pPr().get_or_add_pStyle().val = ids[style]
    return p


def _heading(doc: DocumentType, text: str, level: int):
    return _para(doc, text, "Title" if level == 0 else f"Heading {level}")


def _page(doc: DocumentType, d: Beslutsunderlag) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.2)
    section.header_distance = section.footer_distance = Cm(1.2)
    head = section.header.paragraphs[0]
    head.text = d.title.header
    head.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _small(head, 8)
    foot = section.footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    words = d.labels["page_of"].split("{page}")
    foot.add_run(words[0])
    _field(foot, "PAGE")
    middle, _, end = words[1].partition("{pages}")
    foot.add_run(middle)
    _field(foot, "NUMPAGES")
    foot.add_run(end)
    _small(foot, 8)


def _small(p, size: int) -> None:
    for run in p.runs:
        run.font.size = Pt(size)
        run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)


def _field(p, code: str) -> None:
    """A Word field (PAGE, NUMPAGES) with a placeholder result Word updates when it lays out the pages."""
    for kind, text in (("begin", None), ("instr", f" {code} "), ("separate", None), ("text", "1"), ("end", None)):
        run = p.add_run()
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        elif kind == "text":
            run.text = text
            continue
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        run._r.append(el)


def _styles(doc: DocumentType, lang: str) -> None:
    """sv-SE on the document defaults and every style; Calibri 11; no automatic hyphenation anywhere."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for style_rpr in [rpr] + [s.element.get_or_add_rPr() for s in doc.styles if s.type == 1]:
        lang_el = style_rpr.find(qn("w:lang"))
        if lang_el is None:
            lang_el = OxmlElement("w:lang")
            style_rpr.append(lang_el)
        for attr in ("w:val", "w:eastAsia", "w:bidi"):
            lang_el.set(qn(attr), lang)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = "Calibri", Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    settings = doc.settings.element
    hyphen = settings.find(qn("w:autoHyphenation"))
    if hyphen is None:
        hyphen = OxmlElement("w:autoHyphenation")
        anchor = settings.find(qn("w:defaultTabStop"))
        if anchor is not None:
            anchor.addnext(hyphen)  # its place in the schema's order
        else:
            settings.insert(0, hyphen)
    hyphen.set(qn("w:val"), "false")
    for name in ("Heading 1", "Heading 2", "Heading 3"):
        doc.styles[name].paragraph_format.keep_with_next = True


def _properties(doc: DocumentType, d: Beslutsunderlag) -> None:
    p = doc.core_properties
    p.title = f"{d.title.document_type}: {d.title.title}"
    p.subject = d.title.process
    p.author = p.last_modified_by = d.title.author
    p.keywords = f"{d.labels['gate']} {d.step}; {d.title.recipient}"
    p.language = LANGUAGE.get(d.lang, "sv-SE")
    p.created = p.modified = dt.datetime.combine(d.title.date, dt.time(8, 0))
    p.revision = int(d.title.version) if d.title.version.isdigit() else 1
    p.comments = ""


def _part(doc: DocumentType, part: Part, diagrams: Mapping[str, bytes], page_break: bool = False) -> None:
    heading = _heading(doc, part.heading, 1)
    heading.paragraph_format.page_break_before = page_break
    for b in part.blocks:
        _block(doc, b, diagrams)


def _block(doc: DocumentType, b: Block, diagrams: Mapping[str, bytes]) -> None:
    if b.kind == "paragraph":
        p = doc.add_paragraph()
        if b.lead:
            p.add_run(f"{b.lead}. ").bold = True
        p.add_run(b.text)
    elif b.kind == "subheading":
        _heading(doc, b.text, 2)
    elif b.kind == "note":
        p = doc.add_paragraph()
        p.add_run(b.text).italic = True
        p.paragraph_format.keep_with_next = True  # a note introduces what follows (a list, a picture)
    elif b.kind == "bullets":
        for i, item in enumerate(b.items):
            depth = b.depths[i] if b.depths else 0
            _para(doc, item, "List Bullet" if depth == 0 else "List Bullet 2")
    elif b.kind == "fields":
        for name, value in b.pairs:
            p = _para(doc, style="List Bullet")
            p.add_run(f"{name}: ").bold = True
            p.add_run(value)
    elif b.kind == "table":
        _table(doc, b)
    elif b.kind == "figure" and b.question_id in diagrams:
        doc.add_picture(io.BytesIO(diagrams[b.question_id]), width=TEXT_WIDTH)
        caption = _para(doc, b.title, "Caption")
        caption.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _cell_margins(table, side: int = 85, top: int = 28) -> None:
    """Padding inside every cell (twips: 85 ≈ 1.5 mm at the sides, 28 ≈ 0.5 mm above and below), so text
    does not touch the grid lines; Word's own default (1.9 mm) is not written by python-docx's template."""
    margins = OxmlElement("w:tblCellMar")
    for edge, width in (("top", top), ("left", side), ("bottom", top), ("right", side)):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:w"), str(width))
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    tblpr = table._tbl.tblPr
    layout = tblpr.find(qn("w:tblLayout"))
    (layout.addnext if layout is not None else tblpr.append)(margins)


def _table(doc: DocumentType, t: Table, header: bool = True, first_bold: bool = False) -> None:
    rows = ([t.headers] if header and t.headers else []) + list(t.rows)
    if not rows:
        return
    ncols = len(rows[0])
    table = doc.add_table(rows=0, cols=ncols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False  # a fixed layout: the fitted widths hold
    _cell_margins(table)
    widths = [int(TEXT_WIDTH * w) for w in (t.widths or [1 / ncols] * ncols)]
    for column, width in zip(table.columns, widths, strict=False):
        column.width = width
    size = Pt(8) if ncols > 5 else Pt(9)
    for index, values in enumerate(rows):
        row = table.add_row()
        trpr = row._tr.get_or_add_trPr()
        trpr.append(OxmlElement("w:cantSplit"))
        is_header = header and bool(t.headers) and index == 0
        if is_header:
            trpr.append(OxmlElement("w:tblHeader"))
        for col, (cell, value) in enumerate(zip(row.cells, values, strict=False)):
            cell.width = widths[col]
            p = cell.paragraphs[0]
            p._p.get_or_add_pPr().append(OxmlElement("w:suppressAutoHyphens"))  # before spacing, as the schema orders
            p.paragraph_format.space_after = Pt(0)
            run = p.add_run(str(value))
            run.font.size = size
            run.bold = is_header or (first_bold and col == 0)
            if is_header:
                shade = OxmlElement("w:shd")
                for k, v in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", HEADER_FILL)):
                    shade.set(qn(k), v)
                cell._tc.get_or_add_tcPr().append(shade)
    doc.add_paragraph().paragraph_format.space_after = Pt(2)
