"""Command groups of the `coach` CLI. Each module has `register(app: typer.Typer)`; heavy imports
(models, Slack, matplotlib) happen inside the commands, so `coach chat` starts fast."""

from __future__ import annotations

from collections.abc import Callable

import typer

from bot.commands import abcde, chat, data, doctor, example, flows, guidance, person, processes, serve, underlag

REGISTRARS: tuple[Callable[[typer.Typer], None], ...] = (
    flows.register, chat.register, data.register, guidance.register, serve.register, underlag.register,
    abcde.register, processes.register, example.register, person.register, doctor.register,
)
