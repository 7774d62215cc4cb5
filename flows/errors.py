"""The root of every error a person may be shown (UserFacingError), and the errors raised while loading
a flow definition (each names the file, flow and step)."""

from __future__ import annotations

import coachtext


class UserFacingError(Exception):
    """A request that cannot be done, with a polite message safe to show as is. `message` is in the language
    the error was raised in (Swedish unless the raiser knew better); `translations` holds the others, so each
    front end's one handler can answer in its user's language: `error.in_language("en")`.
    Subclasses: bot.errors.CoachError (refusals, access), storage.errors.StorageError (the database),
    bot.import_check.ImportRefused (a file that cannot be imported)."""

    def __init__(self, message: str, *, en: str | None = None, detail: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail  # for the log, never shown
        self.translations = {"en": en} if en else {}

    @classmethod
    def text(cls, key: str, **values: object) -> UserFacingError:
        """The error whose message is the catalogue's `key`, in Swedish with its English twin."""
        return cls(coachtext.t(key, "sv", **values), en=coachtext.t(key, "en", **values))

    def in_language(self, lang: str) -> str:
        return self.translations.get(lang) or self.message

    def __str__(self) -> str:
        return self.message


class FlowError(Exception):
    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}")
        self.where = where
        self.message = message


class FlowErrors(Exception):
    """Several semantic problems found at once, so an author can fix them in one pass."""

    def __init__(self, errors: list[FlowError]) -> None:
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors
