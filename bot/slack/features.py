"""Slack features that other parts of the project add (e.g. ABCDE reporting), wired in when present."""

from __future__ import annotations

import importlib
from types import ModuleType

ABCDE_LISTENERS = "bot.abcde.slack"  # register(app, deps)
ABCDE_COMMAND = "bot.abcde.slack_command"  # handle_abcde(client, cmd, deps) for `/coach abcde …`


def optional(name: str) -> ModuleType | None:
    """The module, or None while it is not built yet (any other import error is raised)."""
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as error:
        if error.name and (name == error.name or name.startswith(error.name + ".")):
            return None
        raise
