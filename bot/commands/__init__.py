"""Command groups of the `coach` CLI. Each module has `register(app: typer.Typer)`."""

from __future__ import annotations

import importlib
from collections.abc import Callable

import typer

_MODULES = ("flows", "chat", "data", "guidance", "serve", "underlag", "abcde")


def _load() -> list[Callable[[typer.Typer], None]]:
    registrars = []
    for name in _MODULES:
        try:
            module = importlib.import_module(f"bot.commands.{name}")
        except ModuleNotFoundError as error:
            if error.name == f"bot.commands.{name}":
                continue  # feature not built yet
            raise
        registrars.append(module.register)
    return registrars


REGISTRARS = _load()
