"""The one text catalogue: every UI string of the coach, Swedish first, English complete.

The texts live in gettext PO files managed with Babel, one per language:
`coachtext/locale/<lang>/LC_MESSAGES/coach.po`, each compiled to the `coach.mo` beside it, which the app
reads (scripts/port_texts.py writes both; `--compile` after editing a PO file by hand).

A message id is a stable, namespaced key (`ui.welcome`, `slack.draft_offer`, `abcde.reminder`,
`underlag.label.goal`); the msgstr is the text. Placeholders are `str.format` style (`{name}`), the same
names in both languages; a text shown without values is returned as written (its braces untouched). The
guide's own wording (questions, help, criteria) is not here: it stays in the flow YAML (flows/definitions/).

This package imports nothing of the project, so the pure engine (`flows`) may use it too. (Named coachtext,
not catalogue: PyPI has a `catalogue` package, spaCy's function registries, which would share its folder.)
How to add a string: docs/ARCHITECTURE.md («Where text lives»).
"""

from __future__ import annotations

import gettext
from functools import cache
from pathlib import Path

LANGUAGES = ("sv", "en")
DEFAULT = "sv"
DOMAIN = "coach"
LOCALE_DIR = Path(__file__).parent / "locale"


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"


@cache
def messages(lang: str) -> dict[str, str]:
    """Every message of `lang` (id → text), read once per process from the MO file compiled from the PO file
    (the standard library's gettext reads it in milliseconds; Babel, which writes it, is not imported)."""
    with mo_path(lang).open("rb") as f:
        compiled = gettext.GNUTranslations(f)
    # _catalog is the id → text table GNUTranslations builds (the header has the id "")
    return {key: text for key, text in compiled._catalog.items() if isinstance(key, str) and key and text}


def text(key: str, lang: str = DEFAULT) -> str:
    """The text of `key` in `lang` as written, placeholders unfilled (Swedish for an unknown language)."""
    table = messages(lang if lang in LANGUAGES else DEFAULT)
    found = table.get(key)
    return found if found is not None else messages(DEFAULT)[key]


def t(key: str, lang: str = DEFAULT, /, **values: object) -> str:
    """The text of `key` in `lang` with its `{placeholders}` filled from `values`."""
    found = text(key, lang)
    return found.format(**values) if values else found


def has(key: str) -> bool:
    """Whether `key` is in the catalogue (every key is in every language: tests/catalogue)."""
    return key in messages(DEFAULT)


def keys(prefix: str, lang: str = DEFAULT) -> list[str]:
    """The keys below `prefix` (e.g. "underlag.label."), in catalogue order."""
    return [key for key in messages(lang) if key.startswith(prefix)]


def table(prefix: str, lang: str = DEFAULT) -> dict[str, str]:
    """The texts below `prefix`, keyed by the rest of their key: `table("abcde.cadence.", "en")`."""
    return {key[len(prefix):]: text(key, lang) for key in keys(prefix, DEFAULT)}
