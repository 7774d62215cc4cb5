"""One function renders every template in prompts/: `render(name, **context)`.

The environment is sandboxed: a template cannot reach Python internals, and a value passed in the
context is data — Jinja never evaluates it, so `{{ 7*7 }}` typed into an answer is printed as typed.
HTML templates (`*.html.j2`) are autoescaped. Markdown templates escape user text with the `md`
(running text) and `cell` (table cell) filters, which backslash-escape only what Markdown would
otherwise read as markup, so the rendered document shows exactly what was typed. `mrkdwn` does the
same for Slack text: `&`, `<`, `>` become entities (no `<!channel>` pings) and formatting marks are
broken with a zero-width joiner so `*bold*` stays literal.

Templates hold structure, not words: the words are the catalogue's (coachtext/). A template rendered for a
language calls `_("key", name=value)` for a text of that language (Jinja's i18n convention), and a gate's
constants name catalogue keys; no template branches on the language (tests/catalogue checks both).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, nodes
from jinja2.sandbox import SandboxedEnvironment

import coachtext

PROMPTS_DIR = Path(__file__).parent

_MD_ALWAYS = re.compile(r"([\\`*_\[\]|~])")
_MD_ENTITY = re.compile(r"&(?=#?\w+;)")
_MD_TAG = re.compile(r"<(?=[A-Za-z/!?])")
_MD_LINE_START = re.compile(r"^(\s*)([#>+-]|\d+[.)])", re.MULTILINE)


def md(value: Any, *, block: bool = True) -> str:
    """Escape user text for Markdown running text; keeps its line breaks (as hard breaks).
    `block=False` (inside a table cell) leaves line starts alone: no list or heading can begin there."""
    text = _MD_ALWAYS.sub(r"\\\1", str(value))
    text = _MD_ENTITY.sub(r"\\&", text)
    text = _MD_TAG.sub(r"\\<", text)
    if block:
        text = _MD_LINE_START.sub(lambda m: m.group(1) + _escape_marker(m.group(2)), text)
    paragraphs = [p.strip("\n") for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "\n\n".join(p.replace("\n", "\\\n") for p in paragraphs)


def _escape_marker(marker: str) -> str:
    return marker[:-1] + "\\" + marker[-1] if marker[0].isdigit() else "\\" + marker


def cell(value: Any) -> str:
    """Escape user text for one Markdown table cell (one line; `|` escaped)."""
    if value is None:
        return "–"
    return md(value, block=False).replace("\\\n", "<br>").replace("\n\n", "<br><br>")


def mrkdwn(value: Any) -> str:
    """Escape user text for Slack mrkdwn: entities for & < >, formatting marks made inert."""
    text = str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"([*_~`])", "\\1\u2060", text)


def _autoescape(name: str | None) -> bool:
    return bool(name) and ".html" in name


@lru_cache(maxsize=1)
def environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        loader=FileSystemLoader(PROMPTS_DIR), autoescape=_autoescape, undefined=StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters.update(md=md, cell=cell, mrkdwn=mrkdwn)
    return env


def render(template_name: str, *, lang: str | None = None, **context: Any) -> str:
    """Render `prompts/<template_name>` with `context` (values are data, never template code). With `lang`
    the template has `_(key, **values)`: the catalogue's text of `key` in that language, its placeholders
    filled (values escaped by the caller, as any user text)."""
    if lang is not None:
        context["_"] = lambda key, **values: coachtext.t(key, lang, **values)
    return environment().get_template(template_name).render(**context)


@lru_cache(maxsize=32)
def constant(template_name: str, name: str) -> Any:
    """A literal top-level `{% set name = … %}` of a template (e.g. a gate's `layout`), without rendering it."""
    env = environment()
    source, _filename, _uptodate = env.loader.get_source(env, template_name)
    for node in env.parse(source).body:
        if isinstance(node, nodes.Assign) and isinstance(node.target, nodes.Name) and node.target.name == name:
            return node.node.as_const()
    raise KeyError(f"{template_name} sets no {name!r}")
