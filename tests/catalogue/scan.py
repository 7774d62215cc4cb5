"""AST scans of the source for tests/catalogue: the keys the code looks up, and string literals that read
like user-facing prose (the UI text that should be in the catalogue)."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SCANNED = ("bot", "flows")  # the front ends, the services and the engine; storage and guidance show no UI

# (module, function) → (key prefix, index of the key argument): every way the code looks a text up
LOOKUPS: dict[tuple[str, str], tuple[str, int]] = {
    ("coachtext", "t"): ("", 0),
    ("coachtext", "text"): ("", 0),
    ("coachtext", "has"): ("", 0),
    ("coachtext", "keys"): ("", 0),
    ("coachtext", "table"): ("", 0),
    ("bot.i18n", "t"): ("ui.", 1),
    ("bot.slack.texts", "st"): ("slack.", 0),
    ("bot.abcde.texts", "s"): ("abcde.", 0),
    ("bot.doctor.texts", "dt"): ("doctor.", 0),
    ("bot.underlag.labels", "label"): ("underlag.label.", 1),
    ("flows.engine", "_t"): ("engine.", 1),
    ("flows.checks", "_say"): ("checks.", 1),
    ("flows.answers", "_f"): ("answers.field.", 0),
    ("bot.commands.texts", "help_text"): ("cli.", 0),
    ("bot.commands.texts", "say"): ("cli.", 0),
}
PREFIX_ONLY = {("coachtext", "keys"), ("coachtext", "table")}  # their argument is a prefix, not a key

LOGGING = {"debug", "info", "warning", "warn", "error", "exception", "critical", "log"}
DEVELOPER_ERRORS = {"FlowError",  # a flow definition's author reads these (flows/loader.py), in English
                    "TooDeep",  # the detail behind a refusal, for the log (flows/text.py)
                    "Later",  # why an outbox call waits, for the log (bot/slack/retry.py)
                    "ValueError", "TypeError", "RuntimeError", "KeyError", "AssertionError", "NotImplementedError",
                    "LookupError", "AttributeError", "OSError", "SystemExit"}
PROSE = re.compile(r"[A-Za-zÅÄÖåäöé]{2,}[,:;.!?)»]?\s+[«(]?[A-Za-zÅÄÖåäöé]{2,}")  # two words
CODE = re.compile(r"^\s*(SELECT|INSERT|CREATE|ALTER|DELETE|UPDATE|PRAGMA|WITH|BEGIN)\b"  # SQL
                  r"|^\s*<(!doctype|[a-z]+[\s>])"  # HTML markup (its text comes from the catalogue)
                  r"|^[a-z]+/[a-z0-9.+-]+(;\s*charset=[\w-]+)?$")  # a content type
# Module-level names whose values are data, not UI: words people type, stored values
DATA_NAMES = {"VERBS",  # the decision verbs the underlag's proposal recognises (bot/underlag/proposal.py)
              "DEFAULT_PERSPECTIVES",  # stored in answers; shown through slack.perspective.* (flows/answers.py)
              "CLICK_MESSAGES",  # click's English messages that bot/cli_errors.py recognises
              "ACKNOWLEDGEMENTS",  # words typed in a thread that are talk, not answers (bot/slack/replies.py)
              "ALIASES",  # the /coach subcommand words people type, both languages (bot/slack/commands.py)
              "_SIMPLE",  # the terminal's and thread's command words people type (bot/text_commands.py)
              "WEEKDAYS", "CADENCE_PHRASES", "SKIP_WORDS",  # ABCDE schedule words people type (bot/abcde/syntax.py)
              "STOPWORDS"}  # Swedish stop words left out of the ABCDE summary's word counts (bot/abcde/analysis.py)
MATCHING = {"startswith", "endswith", "removeprefix", "removesuffix"}  # str methods: their argument is data
DOC_KEYWORDS = {"description"}  # pydantic Field/Settings descriptions: documentation, never shown in the UI
DETAIL = "detail"  # an error's detail and an audit event's detail (keyword, attribute or dict key): for the log
CLOSER_NAMES = {"close", "drain_pool"}  # bot.slack.shutdown.Stopper: the first argument names a closer in the log
VOCABULARY = re.compile(r"^[A-Z][A-Z0-9_]*$")  # a constant of single words: the words people type, matched
PATTERNS = {"compile", "search", "sub", "match", "fullmatch", "findall", "finditer", "split"}  # re.*: a pattern
SWEDISH = re.compile(r"[åäöÅÄÖ]")


@dataclass(frozen=True)
class Lookup:
    where: str
    key: str
    is_prefix: bool


def modules() -> Iterator[tuple[str, Path, ast.Module]]:
    for top in SCANNED:
        for path in sorted((ROOT / top).rglob("*.py")):
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
            yield name, path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _imports(name: str, tree: ast.Module) -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    """alias → module (import x / from a import module), and bare name → (module, function)."""
    mods: dict[str, str] = {}
    funcs: dict[str, tuple[str, str]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                mods[a.asname or a.name] = a.name
        elif isinstance(node, ast.ImportFrom) and node.module:
            for a in node.names:
                mods[a.asname or a.name] = f"{node.module}.{a.name}"
                funcs[a.asname or a.name] = (node.module, a.name)
        elif isinstance(node, ast.FunctionDef) and node.col_offset == 0:
            funcs[node.name] = (name, node.name)
    return mods, funcs


def lookups() -> Iterator[Lookup]:
    """Every call of a lookup function whose key is a literal (or an f-string: its literal start, a prefix)."""
    for name, path, tree in modules():
        mods, funcs = _imports(name, tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            target = None
            if isinstance(node.func, ast.Name):
                target = funcs.get(node.func.id)
            elif isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name):
                target = (mods.get(node.func.value.id, ""), node.func.attr)
            if target not in LOOKUPS:
                continue
            prefix, index = LOOKUPS[target]
            if len(node.args) <= index:
                continue
            arg = node.args[index]
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                yield Lookup(where, prefix + arg.value, target in PREFIX_ONLY)
            elif isinstance(arg, ast.JoinedStr) and arg.values and isinstance(arg.values[0], ast.Constant):
                yield Lookup(where, prefix + str(arg.values[0].value), True)
            elif (isinstance(arg, ast.BinOp) and isinstance(arg.op, ast.Add) and isinstance(arg.left, ast.Constant)
                  and isinstance(arg.left.value, str)):
                yield Lookup(where, prefix + arg.left.value, True)


def _skipped(tree: ast.Module) -> set[int]:
    """ids of the constants that are no UI text: docstrings, logging, developer exceptions, typing names."""
    skip: set[int] = set()

    def all_in(node: ast.AST) -> None:
        skip.update(id(n) for n in ast.walk(node))

    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            if node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant):
                skip.add(id(node.body[0].value))
        elif isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr in LOGGING:
                all_in(node)
            elif isinstance(func, ast.Name) and func.id in DEVELOPER_ERRORS:
                all_in(node)
            elif isinstance(func, ast.Attribute) and func.attr in MATCHING:
                for arg in node.args:
                    all_in(arg)
            elif isinstance(func, ast.Attribute) and func.attr in CLOSER_NAMES and node.args:
                all_in(node.args[0])
            elif _refusal_to_slack(node):
                all_in(node)
            elif (isinstance(func, ast.Attribute) and func.attr in PATTERNS and isinstance(func.value, ast.Name)
                  and func.value.id == "re" and node.args):
                all_in(node.args[0])
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):  # a docstring after a name
            skip.add(id(node.value))
        elif isinstance(node, ast.Compare):  # compared with a stored value or a typed word: data
            all_in(node)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)) and any(
                isinstance(x, ast.Name) and x.id in DATA_NAMES
                for x in (node.targets if isinstance(node, ast.Assign) else [node.target])):
            all_in(node.value)
        elif isinstance(node, ast.keyword) and (node.arg in DOC_KEYWORDS or node.arg == DETAIL):
            all_in(node.value)
        elif isinstance(node, ast.Assign) and any(isinstance(x, ast.Attribute) and x.attr == DETAIL
                                                  for x in node.targets):
            all_in(node.value)
        elif isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if isinstance(key, ast.Constant) and key.value == DETAIL:
                    all_in(value)
        elif isinstance(node, ast.Assign) and node.col_offset == 0 and _words(node):
            all_in(node.value)
        elif isinstance(node, (ast.AnnAssign, ast.arg)) and getattr(node, "annotation", None) is not None:
            all_in(node.annotation)
        elif isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id == "Literal":
            all_in(node)
    return skip


def _refusal_to_slack(call: ast.Call) -> bool:
    """A BoltResponse with a literal 4xx/5xx status: its body is read by Slack's servers, never by a person."""
    return (isinstance(call.func, ast.Name) and call.func.id == "BoltResponse"
            and any(k.arg == "status" and isinstance(k.value, ast.Constant) and isinstance(k.value.value, int)
                    and k.value.value >= 400 for k in call.keywords))


def _words(node: ast.Assign) -> bool:
    """A module-level constant (UPPER_CASE names) of tuples of single words: the words people type."""
    names = [n for t in node.targets for n in (t.elts if isinstance(t, ast.Tuple) else [t])]
    if not names or not all(isinstance(n, ast.Name) and VOCABULARY.match(n.id) for n in names):
        return False
    literals = [n for n in ast.walk(node.value) if isinstance(n, ast.Constant)]
    return (all(isinstance(n, ast.Tuple | ast.Constant | ast.Load) for n in ast.walk(node.value)) and bool(literals)
            and all(isinstance(n.value, str) and n.value and not any(c.isspace() for c in n.value)
                    for n in literals))


# Modules whose prose-like literals are no UI text. Keep this short; say why. (What coach serve tells the
# operator, bot/server/gunicorn_app.py, is UI text: it is scanned.)
NOT_UI_MODULES = {
    "bot/slack/validate.py": "the Block Kit checker: its messages are for developers (tests, logs)",
    "flows/loader.py": "what a flow definition's author (a developer) is told, in English",
    "bot/server/border.py": "refusals to Slack's servers (HTTP reasons)",
    "bot/server/wsgi.py": "HTTP status reasons and refusals",
    "bot/server/logs.py": "an HTTP status line",
    "bot/server/health.py": "the health JSON read by load balancers and monitoring",
    "bot/server/metrics.py": "Prometheus help texts",
    "bot/server/worker.py": "the name of the reminder loop's lock, for the log",
    "bot/underlag/word.py": "Word style names (List Bullet, Table Grid)",
    "bot/underlag/drawing.py": "font names",
    "bot/underlag/fonts.py": "font names and fontconfig patterns",
}


def _not_ui(path: str) -> bool:
    return any(path.startswith(m) for m in NOT_UI_MODULES)


def prose_literals() -> Iterator[tuple[str, str]]:
    """(file:line, text) of every string literal outside the catalogue that reads like user-facing prose:
    any å, ä or ö, or two words or more."""
    for _name, path, tree in modules():
        skip = _skipped(tree)
        rel = str(path.relative_to(ROOT))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
                text = node.value
                if (SWEDISH.search(text) or PROSE.search(text)) and not CODE.match(text) and not _not_ui(rel):
                    yield f"{rel}:{node.lineno}", text


# The templates in prompts/ (Jinja, and the Typst layout of the PDF): structure only. A text is a catalogue key:
# the argument of `_()` (prompts/render.render(lang=…) binds it to a language), or the value of one of a
# gate constant's text fields, which bot/underlag looks up; every other literal is markup or data.
PROMPTS = ROOT / "prompts"
TRANSLATE = {"_", "gettext"}
TEXT_FIELDS = {"heading", "intro", "title", "att"}  # gate constants (prompts/underlag/gate_N.md.j2)
TEMPLATE_DATA_FIELDS = {  # gate constant fields whose values are data, not UI text; say why
    "perspective": "matched against the consequence analysis's stored perspective names (bot/underlag/compose.py)",
}
KEY = re.compile(r"[a-z][a-z0-9_]*(\.[A-Za-z0-9_]+)+")
LANGUAGE_NAMES = {"lang", "sv", "en", "language", "locale"}
TYPST_NOT_UI = {"DejaVu Sans": "a font name"}


def templates() -> Iterator[tuple[str, Any]]:
    """(path under prompts/, parsed Jinja template) of every template."""
    from prompts.render import environment

    env = environment()
    for path in sorted(PROMPTS.rglob("*.j2")):
        yield path.relative_to(PROMPTS).as_posix(), env.parse(path.read_text(encoding="utf-8"))


def _is_prose(text: str) -> bool:
    return bool(SWEDISH.search(text) or PROSE.search(text))


def _template_parts(tree: Any) -> tuple[list[tuple[int, str]], list[tuple[int, str]], list[tuple[int, str]]]:
    """(keys, texts, misplaced) of one template: the catalogue keys it names; every other literal and all
    template text (markup, data, or prose that belongs in the catalogue); a text field holding no key."""
    from jinja2 import nodes

    keys: list[tuple[int, str]] = []
    misplaced: list[tuple[int, str]] = []
    claimed: set[int] = set()
    for call in tree.find_all(nodes.Call):
        if isinstance(call.node, nodes.Name) and call.node.name in TRANSLATE and call.args:
            arg = call.args[0]
            if isinstance(arg, nodes.Const) and isinstance(arg.value, str):
                keys.append((arg.lineno, arg.value))
                claimed.add(id(arg))
    for pair in tree.find_all(nodes.Pair):
        if not isinstance(pair.key, nodes.Const):
            continue
        if pair.key.value in TEMPLATE_DATA_FIELDS:
            claimed.update(id(n) for n in pair.value.find_all(nodes.Const))
            claimed.add(id(pair.value))
        elif pair.key.value in TEXT_FIELDS:
            value = pair.value.value if isinstance(pair.value, nodes.Const) else None
            if isinstance(value, str) and KEY.fullmatch(value):
                keys.append((pair.value.lineno, value))
                claimed.add(id(pair.value))
            else:
                misplaced.append((pair.value.lineno, str(value)))
    texts = [(c.lineno, c.value) for c in tree.find_all(nodes.Const)
             if isinstance(c.value, str) and id(c) not in claimed]
    texts += [(d.lineno, d.data) for d in tree.find_all(nodes.TemplateData)]
    return keys, texts, misplaced


def template_keys() -> Iterator[tuple[str, str]]:
    """(template:line, key) of every catalogue key a template names."""
    for name, tree in templates():
        for line, key in _template_parts(tree)[0]:
            yield f"prompts/{name}:{line}", key


def template_prose() -> Iterator[tuple[str, str]]:
    """(template:line, text) of UI text in a template: a literal or template text that reads like prose
    outside a `_()` call, or a gate constant's text field that names no key."""
    for name, tree in templates():
        _keys, texts, misplaced = _template_parts(tree)
        for line, text in [*[(n, t) for n, t in texts if _is_prose(t)], *misplaced]:
            yield f"prompts/{name}:{line}", text


def template_language_branches() -> Iterator[tuple[str, str]]:
    """(template:line, what) of every place a template could choose words by language: a name or attribute
    `lang` (or sv, en …), the literal "sv" or "en", a field or literal ending in _sv/_en."""
    from jinja2 import nodes

    for name, tree in templates():
        where = f"prompts/{name}"
        for node in tree.find_all((nodes.Name, nodes.Getattr, nodes.Const)):
            if isinstance(node, nodes.Name) and node.name.lower() in LANGUAGE_NAMES:
                yield f"{where}:{node.lineno}", node.name
            elif isinstance(node, nodes.Getattr) and node.attr.lower() in LANGUAGE_NAMES:
                yield f"{where}:{node.lineno}", f".{node.attr}"
            elif isinstance(node, nodes.Const) and isinstance(node.value, str) and (
                    node.value.lower() in LANGUAGE_NAMES or re.search(r"_(sv|en)$", node.value)):
                yield f"{where}:{node.lineno}", repr(node.value)


def typst_prose() -> Iterator[tuple[str, str]]:
    """(file:line, text) of words a Typst template prints itself: a string literal that reads like prose, or
    a word in a content block ([…]) outside a #-expression. Its words are data (the labels
    bot/underlag/pdf_data.py puts into the JSON it reads)."""
    for path in sorted(PROMPTS.rglob("*.typ")):
        rel = f"prompts/{path.relative_to(PROMPTS).as_posix()}"
        lines = [re.sub(r"(^|\s)//.*$", "", line) for line in path.read_text(encoding="utf-8").splitlines()]
        code = "\n".join(lines)  # without comments
        for m in re.finditer(r'"((?:[^"\\]|\\.)*)"', code):
            if _is_prose(m.group(1)) and m.group(1) not in TYPST_NOT_UI:
                yield f"{rel}:{code.count(chr(10), 0, m.start()) + 1}", m.group(1)
        code = re.sub(r'"(?:[^"\\]|\\.)*"', lambda m: '""' + "\n" * m.group(0).count("\n"), code)
        inner = re.compile(r"\[([^\[\]]*)\]")  # a content block holding none: innermost first
        while m := inner.search(code):
            words = re.sub(r"#[^\s\]]*", "", m.group(1))  # the #-expressions print data
            if re.search(r"[A-Za-zÅÄÖåäöé]{2,}", words):
                yield f"{rel}:{code.count(chr(10), 0, m.start()) + 1}", m.group(0)
            code = code[:m.start()] + "\n" * m.group(0).count("\n") + code[m.end():]
