"""Values an indicator field cannot mean, refused politely on the field (a SMART indicator is free text, so
only what is clearly wrong is refused; checks that need no clock, so a stored answer never turns invalid).

- Utgångsläge and Mål are levels (a share, a count, a rate): a bare negative number («-5») is no level. A
  decrease is written as the lower level, and its size in «Hur stor ska förflyttningen vara?», where «-5
  procentenheter» is fine (a negative change is legitimate).
- Utgångsläge, Mål and förflyttning: a number in e-notation («1e9») is a typing slip, not a measure.
- «Under vilken tid …» is a time ahead: words for the past («igår», «förra året», «för två år sedan») and a
  bare number that is no year («5») are refused; «till vt 2027», «inom 2 år», «2030» are fine.
"""

from __future__ import annotations

import re

import coachtext
from flows.answers import AnswerModel, IndicatorsAnswer

_E_NOTATION = re.compile(r"^[-+−]?\d+(?:[.,]\d+)?\s*e\s*[-+−]?\d+$", re.IGNORECASE)
_NEGATIVE = re.compile(r"^[-−–]\s*\d+(?:[.,]\d+)?\s*%?$")
_BARE_NUMBER = re.compile(r"^[-+−–]?\s*\d+(?:[.,]\d+)?$")
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_PAST = re.compile(r"\b(?:igår|i\s+går|förrgår|förra|yesterday|last\s+(?:year|week|month|term)|ago)\b"
                   r"|\bför\b.{1,20}\bsedan\b", re.IGNORECASE)

def _message(key: str, lang: str, **kw: str) -> str:
    return coachtext.t(f"validation.{key}", lang, **kw)


def _field_problem(name: str, value: str | None, lang: str) -> str | None:
    text = " ".join((value or "").split())
    if not text:
        return None
    if name in ("baseline", "target", "change") and _E_NOTATION.match(text):
        return _message("indicator_e_notation", lang, value=text)
    if name in ("baseline", "target") and _NEGATIVE.match(text):
        return _message("indicator_negative_level", lang)
    if name == "by_when":
        if _PAST.search(text):
            return _message("indicator_past", lang)
        if _BARE_NUMBER.match(text) and not _YEAR.match(text):
            return _message("indicator_bare_number", lang, value=text)
    return None


def field_problems(value: AnswerModel, lang: str = "sv") -> list[tuple[tuple[str | int, ...], str]]:
    """(location in the answer, message in `lang`) for each indicator field holding a clearly wrong value."""
    if not isinstance(value, IndicatorsAnswer):
        return []
    found = []
    for index, indicator in enumerate(value.indicators):
        for name in ("baseline", "target", "change", "by_when"):
            if (message := _field_problem(name, getattr(indicator, name), lang)) is not None:
                found.append((("indicators", index, name), message))
    return found
