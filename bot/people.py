"""People by name: Slack writes a mention as `<@U123>` (or `<@U123|bob>`) in the text people type; what
the coach shows people — messages, summaries, underlag, documents — names them instead ("Bo Ekström"),
and never as a live mention. The stored text keeps the mention as typed (nothing is lost); names are
put in when it is shown. Terminal users are stored by their typed name, which has no mention in it.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping
from typing import Any

MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|([^>]*))?>")
ESCAPED_MENTION = re.compile(r"&lt;@([UW][A-Z0-9]+)(?:\|((?:(?!&gt;)[^<>])*))?&gt;")


def mentioned(text: str) -> set[str]:
    """The user ids mentioned in `text` (raw or mrkdwn-escaped)."""
    return {m.group(1) for pattern in (MENTION, ESCAPED_MENTION) for m in pattern.finditer(text or "")}


def name_of(user_id: str, names: Mapping[str, str], handle: str | None = None) -> str:
    """How a person is shown: their name from the directory, else the handle a mention carried, else the id."""
    return names.get(user_id) or (handle or "").strip() or user_id


def render_people(text: str, names: Mapping[str, str], *, escape: bool = False) -> str:
    """`text` with every mention (`<@U123>`, `<@U123|bob>`, and their mrkdwn-escaped forms) shown as the
    person's name. With `escape`, the name is mrkdwn-escaped (for text Slack renders as mrkdwn)."""
    if not text or "@" not in text:
        return text

    def name(match: re.Match[str]) -> str:
        shown = name_of(match.group(1), names, match.group(2))
        return shown.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") if escape else shown

    return ESCAPED_MENTION.sub(name, MENTION.sub(name, text))


def authors_named(authors: Mapping[str, str], names: Mapping[str, str]) -> dict[str, str]:
    """question id → author id, as question id → the author's name."""
    return {qid: name_of(author, names) for qid, author in authors.items()}


# ---- answers and decisions, for documents people read ------------------------------------------------

def _strings(value: Any, names: Mapping[str, str]) -> Any:
    if isinstance(value, str):
        return render_people(value, names)
    if isinstance(value, list):
        return [_strings(v, names) for v in value]
    if isinstance(value, dict):
        return {k: _strings(v, names) for k, v in value.items()}
    return value


def named_value(value: Any, names: Mapping[str, str]) -> Any:
    """A typed answer (pydantic model) with its texts' mentions shown as names; the value itself when it
    has none, or when the named text no longer validates (a name longer than a field allows)."""
    if value is None or not hasattr(value, "model_dump"):
        return value
    dumped = value.model_dump(mode="json")
    named = _strings(dumped, names)
    if named == dumped:
        return value
    try:
        return type(value).model_validate(named)
    except ValueError:
        return value


def people_in_state(state: Any) -> set[str]:
    """Every user id mentioned in a ProcessState's answers and decisions."""
    found: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, str):
            found.update(mentioned(value))
        elif isinstance(value, list):
            for v in value:
                walk(v)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)

    for stored in state.answers.values():
        if stored.value is not None:
            walk(stored.value.model_dump(mode="json"))
    for decision in state.decisions.values():
        walk(decision.model_dump(mode="json"))
    return found


def named_state(state: Any, names: Mapping[str, str]) -> Any:
    """A ProcessState to show people (underlag, summaries): every mention in answers and decisions shown as
    the name. The stored state is not changed."""
    if not names and not people_in_state(state):
        return state
    answers = {qid: dataclasses.replace(stored, value=named_value(stored.value, names))
               for qid, stored in state.answers.items()}
    decisions = {n: named_value(d, names) for n, d in state.decisions.items()}
    return dataclasses.replace(state, answers=answers, decisions=decisions)


def ids_to_name(*groups: Iterable[str]) -> set[str]:
    return {u for group in groups for u in group if u}
