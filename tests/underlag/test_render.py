"""prompts/render.py: one sandboxed environment; escaping filters; template constants read without rendering."""

from __future__ import annotations

import pytest
from jinja2.exceptions import SecurityError
from markdown_it import MarkdownIt

import coachtext
from prompts.render import _autoescape, cell, constant, environment, md, mrkdwn, render


def visible(markdown: str) -> str:
    tokens = MarkdownIt("commonmark", {"html": True}).enable("table").parse(markdown)
    return "\n".join(child.content for t in tokens if t.children for child in t.children
                     if child.type in ("text", "code_inline", "softbreak", "hardbreak"))


@pytest.mark.parametrize("text", ["{{ 7*7 }}", "{% for x in y %}", "<script>x</script>", "*bold* _it_", "<!channel>",
                                  "[a](http://b)", "`c`", "&amp;", "~~s~~", "a | b", "# h", "> q", "- l", "1. n",
                                  "+ p", "back\\slash"])
def test_md_renders_literally(text):
    assert visible(md(text)).replace("\n", "") == text


def test_md_keeps_lines_and_paragraphs():
    assert md("ett\ntvå\n\ntre") == "ett\\\ntvå\n\ntre"
    assert cell("ett\ntvå|tre") == "ett<br>två\\|tre" and cell(None) == "–" and cell("") == ""


def test_mrkdwn_neutralises_mentions_and_formatting():
    out = mrkdwn("<!channel> & <@U123> *fet* _kursiv_ ~struken~ `kod`")
    assert "<" not in out and ">" not in out and "&amp;" in out
    for mark in ("*fet*", "_kursiv_", "~struken~", "`kod`"):
        assert mark not in out and mark in out.replace("\u2060", "")


def test_values_are_never_evaluated():
    template = environment().from_string("{{ value }} {{ value|md }}")
    assert template.render(value="{{ 7*7 }}{% raw %}") == "{{ 7*7 }}{% raw %} {{ 7\\*7 }}{% raw %}"


def test_templates_are_sandboxed():
    with pytest.raises(SecurityError):
        environment().from_string("{{ x.__class__.__mro__ }}").render(x="")
    with pytest.raises(SecurityError):
        environment().from_string("{{ f.__globals__ }}").render(f=render)


def test_html_templates_autoescape_and_markdown_ones_do_not():
    assert _autoescape("underlag/x.html.j2") and not _autoescape("underlag/gate_1.md.j2")
    assert not _autoescape(None)


def test_constant_reads_a_gate_layout():
    layout = constant("underlag/gate_2.md.j2", "layout")
    assert coachtext.t(layout[0]["heading"], "sv") == "Behov och målgrupper"  # its words: catalogue keys
    with pytest.raises(KeyError):
        constant("underlag/gate_2.md.j2", "nothing")


def test_a_template_rendered_for_a_language_has_the_catalogues_words():
    """`_` is bound to the language given to render; a value filled into a text stays data."""
    assert render("summary/underlag_brief.j2", lang="en", esc=str, u=_Brief()).splitlines()[1] == (
        "Not ready: 2 criteria unmet. Decision to take: {{ 7*7 }}")
    assert render("summary/underlag_brief.j2", lang="fi", esc=str, u=_Brief()).splitlines()[1] == (
        "Inte redo: 2 kriterier saknas. Beslut att fatta: {{ 7*7 }}")  # an unknown language: Swedish


class _Brief:
    gate_title, process_name, ready, unmet, decision_to_take = "G", "P", False, ("a", "b"), "{{ 7*7 }}"
