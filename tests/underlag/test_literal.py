"""User text is data everywhere: template syntax, HTML, Markdown and Slack mrkdwn in answers stay literal."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from docx import Document
from markdown_it import MarkdownIt

from bot.underlag import build_document, step_summary, to_docx, to_markdown, to_pdf
from flows.answers import ANSWER_TYPES
from flows.state import StoredAnswer
from tests.fixtures import skogas

NASTY = ["{{ 7*7 }}", "{% for x in y %}", "<script>alert(1)</script>", "*bold*", "<!channel>",
         "_x_ `kod` [länk](http://x) | rör", "# rubrik", "&amp; &#60;"]
TEXT = " ".join(NASTY)


def nasty_state(flow, state):
    """The Skogås state with user text replaced by the nasty strings in every kind of answer."""
    raw = skogas()["answers"]
    raw["s1.langsiktigt_mal"] = {"text": TEXT + "\n- rad två\n1. tre"}
    raw["s1.politiska_mal"] = {"items": NASTY}
    raw["s1.sakerstall_arbetsgrupp_styrgrupp"] = {"choice": "ja", "comment": TEXT}
    raw["s2.problemtrad"]["problem"] = TEXT
    raw["s2.problemtrad"]["causes"].append({"text": TEXT, "under": "INDIVID"})
    raw["s2.problemtrad"]["root_causes"][0]["cause"] = TEXT
    raw["s3.indikatorer"]["indicators"][0]["baseline"] = TEXT
    raw["s4.gapanalys"]["answers"][0]["answer"] = TEXT
    raw["s4.gapanalys"]["gaps"][0]["description"] = TEXT
    raw["s5.riskmatris"]["risks"][0]["owner"] = TEXT
    raw["s5.effektlogik"]["activities"][0] = TEXT
    answers = dict(state.answers)
    for qid in ("s1.langsiktigt_mal", "s1.politiska_mal", "s1.sakerstall_arbetsgrupp_styrgrupp", "s2.problemtrad",
                "s3.indikatorer", "s4.gapanalys", "s5.riskmatris", "s5.effektlogik"):
        answers[qid] = StoredAnswer(ANSWER_TYPES[flow.question(qid).type].model_validate(raw[qid]), 2)
    return replace(state, answers=answers)


def rendered_text(markdown: str) -> tuple[str, str]:
    """(HTML, visible text) of Markdown as a CommonMark + tables renderer shows it."""
    html = MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown)
    tokens = MarkdownIt("commonmark", {"html": True}).enable("table").parse(markdown)
    text = " ".join(child.content for t in tokens if t.children for child in t.children
                    if child.type in ("text", "code_inline"))
    return html, text


@pytest.mark.parametrize("step", [1, 2, 3, 4, 5])
def test_markdown_shows_user_text_as_typed(flow, state, step):
    markdown = to_markdown(build_document(flow, nasty_state(flow, state), step, process_name=TEXT))
    assert "49" not in markdown
    html, visible = rendered_text(markdown)
    assert "<script>" not in html and "<em>bold" not in html and "<strong>bold" not in html
    assert "<h1>rubrik" not in html and '<a href="http://x"' not in html
    for piece in NASTY:
        assert visible.count(piece) >= 2, piece  # the process name and at least one answer


def test_docx_shows_user_text_as_typed(flow, state):
    bad = nasty_state(flow, state)
    for step in (1, 2, 3, 4, 5):
        doc = Document(io.BytesIO(to_docx(build_document(flow, bad, step, process_name=TEXT), diagrams={})))
        text = "\n".join([p.text for p in doc.paragraphs]
                         + [c.text for t in doc.tables for row in t.rows for c in row.cells])
        assert TEXT in text, step


def test_summaries_escape_for_their_format(flow, state):
    bad = nasty_state(flow, state)
    slack = step_summary(flow, bad, 1, fmt="mrkdwn", process_name=TEXT, history={
        "s1.langsiktigt_mal": [{"version": 2, "author": "<!channel>"}]}, versions_since={})
    assert "<!channel>" not in slack and "&lt;!channel&gt;" in slack
    assert "<script>" not in slack and "*bold*" not in slack  # a word joiner keeps Slack from formatting it
    assert "{{ 7*7 }}" in slack.replace("\u2060", "") and "*bold*" in slack.replace("\u2060", "")
    markdown = step_summary(flow, bad, 1, process_name=TEXT)
    html, visible = rendered_text(markdown)
    assert "<script>" not in html and "{{ 7*7 }}" in visible and "*bold*" in visible


def test_typst_never_sees_user_text_as_source(flow, state):
    """The PDF is laid out by Typst from JSON: text typed into an answer is a string in the JSON, never
    Typst markup, and the template holds no text of the document."""
    import json

    from bot.underlag.pdf import TEMPLATE
    from bot.underlag.pdf_data import document_json

    data = document_json(build_document(flow, nasty_state(flow, state), 1, process_name=TEXT), {})
    assert json.loads(data)["meta"]["description"].startswith(TEXT)
    assert "Skogås" not in TEMPLATE.read_text(encoding="utf-8")


TYPST = ['#panic("x")', "*fet*", "$x^2$", "= rubrik", "@ref", "<etikett>", "] [", "\\", "//", "#{1+1}"]


def test_pdf_text_shows_typst_syntax_as_typed(flow, state):
    from pypdf import PdfReader

    state = nasty_state(flow, state)
    raw = skogas()["answers"]["s1.langsiktigt_mal"]
    raw["text"] = " ".join(TYPST)
    answers = dict(state.answers)
    answers["s1.langsiktigt_mal"] = StoredAnswer(
        ANSWER_TYPES[flow.question("s1.langsiktigt_mal").type].model_validate(raw), 3)
    d = build_document(flow, replace(state, answers=answers), 1, process_name=" ".join(TYPST))
    pdf = to_pdf(d, diagrams={})
    text = " ".join(" ".join((page.extract_text() or "") for page in PdfReader(io.BytesIO(pdf)).pages).split())
    assert " ".join(TYPST) in text


def test_pdf_text_shows_user_text_as_typed(flow, state):
    from pypdf import PdfReader

    pdf = to_pdf(build_document(flow, nasty_state(flow, state), 1, process_name=TEXT), diagrams={})
    text = " ".join((page.extract_text() or "") for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "{{ 7*7 }}" in text and "<script>alert(1)</script>" in " ".join(text.split())


def test_pdf_draws_what_its_fonts_have_and_marks_the_rest(flow, state):
    """A team's answer with emoji stopped the whole underlag: PDF/A and PDF/UA refuse a character the embedded
    fonts have no glyph for. Emoji (and their joiners, modifiers) and scripts outside Carlito/DejaVu become «□»;
    the text around them, Swedish letters and the ✓ ✗ marks stay; the DOCX keeps the answer as typed."""
    from pypdf import PdfReader

    from bot.underlag.fonts import covered

    typed = "🏃‍♀️ Idrott ⚽ och kultur 🎨 för alla – även 中文 ✓ åäö"
    raw = skogas()["answers"]["s1.langsiktigt_mal"] | {"text": typed}
    answers = dict(state.answers)
    answers["s1.langsiktigt_mal"] = StoredAnswer(
        ANSWER_TYPES[flow.question("s1.langsiktigt_mal").type].model_validate(raw), 3)
    d = build_document(flow, replace(state, answers=answers), 1, process_name="Fritid ⚽ i Skogås")
    pdf = to_pdf(d, diagrams={})
    text = " ".join(" ".join((page.extract_text() or "") for page in PdfReader(io.BytesIO(pdf)).pages).split())
    if covered() is not None:  # the fonts are installed (CI installs them): the marks are known
        assert "□♀ Idrott □ och kultur □ för alla – även □□ ✓ åäö" in text
        assert "Fritid □ i Skogås" in text
    docx = Document(io.BytesIO(to_docx(d)))
    assert any(typed in p.text for p in docx.paragraphs) or any(
        typed in cell.text for table in docx.tables for row in table.rows for cell in row.cells)
