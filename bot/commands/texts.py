"""The command line's own texts: the catalogue's `cli.` keys, in the operator's language (COACH_LANGUAGE).

typer needs a command's help when the command is defined, at import, so `help_text` reads the language once
per process (`help_language`). A message printed while a command runs uses the language the command reads
from its settings (`say`), like every other text of the command line.
"""

from __future__ import annotations

from functools import cache

import coachtext


def configured_language() -> str:
    """COACH_LANGUAGE through the settings; Swedish when the settings cannot be read (a broken .env is
    reported by the command itself)."""
    try:
        from bot.settings import Settings

        return Settings().coach_language
    except Exception:  # noqa: BLE001
        return coachtext.DEFAULT


@cache
def help_language() -> str:
    """The language of the help texts: read once, when the commands are defined."""
    return configured_language()


def help_text(key: str) -> str:
    """`cli.<key>` in the help language, as written (a help text has no placeholders)."""
    return coachtext.text("cli." + key, help_language())


def say(key: str, lang: str, /, **values: object) -> str:
    """`cli.<key>` in `lang`, placeholders filled from `values`."""
    return coachtext.t("cli." + key, lang, **values)
