"""Errors that carry a polite message for the person who caused them (Swedish or English)."""

from __future__ import annotations

from flows.errors import UserFacingError


class CoachError(UserFacingError):
    """A request that cannot be done; `message` is safe to show the user as is (already in the process's or
    person's language where the raiser knew it)."""


class AccessDenied(CoachError):
    """The person is not a member of the process, or lacks the role for this action."""


class AlreadyHandled(Exception):
    """What an input claims was handled already (a second click, another replica): nothing was stored."""
