"""Cleaning and bounds for text people type: control characters, Unicode form, length."""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator

import coachtext

MAX_TEXT_CHARS = 40_000
"""One answer text: Slack's message limit, so a thread reply is kept whole (Slack's modals show it in
parts of 3,000); 100 kB is refused."""

MAX_FIELD_CHARS = 10_000
"""One optional field of a structured answer (a motivation, a data source …)."""

MAX_LINE_CHARS = 1_000
"""One list item or short field."""

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u2028\u2029\ufeff]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def normalise_input(value: str | bytes) -> str:
    """The one cleaning of text from outside (terminal, CLI arguments, Slack payloads, import files):
    invalid UTF-8 and lone surrogates become U+FFFD, NFC, line breaks unified, control characters and
    invisible separators dropped (newline and tab kept). Never raises; nothing else is changed."""
    if isinstance(value, bytes | bytearray):
        value = bytes(value).decode("utf-8", errors="replace")
    value = _SURROGATE.sub(REPLACEMENT, value)  # surrogateescape'd bytes and "\ud800" from JSON
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", _CONTROL.sub("", value))


def clean_text(value: str) -> str:
    """`normalise_input`, then trailing spaces of each line and the whole text trimmed."""
    value = normalise_input(value)
    lines = [line.rstrip() for line in value.split("\n")]
    return "\n".join(lines).strip()


def shorten(text: str, width: int) -> str:
    """`text` as is when it fits in `width` characters, else cut at the last word break before it + " …"."""
    return text if len(text) <= width else text[:width].rsplit(" ", 1)[0] + " …"


def _clean_any(value: object) -> object:
    return clean_text(value) if isinstance(value, str) else value


def _grouped(number: int) -> str:
    return f"{number:,}".replace(",", "\u00a0")


def _too_long(limit: int):
    def check(value: str) -> str:
        if len(value) > limit:
            raise ValueError(coachtext.t("validation.value.text_too_long", "sv", length=_grouped(len(value)),
                                         limit=_grouped(limit)))
        return value

    return check


def _not_empty(value: str) -> str:
    if not value:
        raise ValueError(coachtext.t("validation.value.empty", "sv"))
    return value


LongText = Annotated[str, BeforeValidator(_clean_any), AfterValidator(_too_long(MAX_TEXT_CHARS)),
                     AfterValidator(_not_empty)]
ShortText = Annotated[str, BeforeValidator(_clean_any), AfterValidator(_too_long(MAX_LINE_CHARS)),
                      AfterValidator(_not_empty)]
OptionalText = Annotated[str | None, BeforeValidator(lambda v: (clean_text(v) or None) if isinstance(v, str)
                                                     else v),
                         AfterValidator(lambda v: _too_long(MAX_FIELD_CHARS)(v) if v else v)]

_YES = {"ja", "j", "yes", "y", "true", "1", "x", "sant"}
_NO = {"nej", "n", "no", "false", "0", "", "falskt"}


def parse_yes_no(value: object) -> object:
    """Accept ja/nej (and yes/no) for booleans; leave anything else for pydantic to refuse."""
    if isinstance(value, str):
        word = value.strip().lower()
        if word in _YES:
            return True
        if word in _NO:
            return False
    return value


YesNo = Annotated[bool, BeforeValidator(parse_yes_no)]


MAX_DEPTH = 64
"""Nesting of outside JSON (import files, Slack payload values): deeper is refused, never recursed into."""


class TooDeep(ValueError):
    """Outside data nested deeper than MAX_DEPTH."""


def normalise_data(value: object, *, max_depth: int = MAX_DEPTH) -> object:
    """`normalise_input` applied to every string (keys too) of JSON-like data, without recursion, so a
    100,000-deep document raises TooDeep rather than RecursionError."""
    root: list[object] = [None]
    stack: list[tuple[object, list | dict, object, int]] = [(value, root, 0, 0)]  # item, parent, key, depth
    while stack:
        item, parent, key, depth = stack.pop()
        if isinstance(item, str):
            item = normalise_input(item)
        elif isinstance(item, dict | list):
            if depth >= max_depth:
                raise TooDeep(f"nested deeper than {max_depth}")
            if isinstance(item, dict):
                copy: dict | list = {}
                for k, v in item.items():
                    k = normalise_input(k) if isinstance(k, str) else k
                    copy[k] = None
                    stack.append((v, copy, k, depth + 1))
            else:
                copy = [None] * len(item)
                stack.extend((v, copy, i, depth + 1) for i, v in enumerate(item))
            item = copy
        parent[key] = item  # type: ignore[index]
    return root[0]
