"""Where a command's text goes: the screen, or a file with a line on stderr saying so. A file that
cannot be written is a polite message in the operator's language and exit 1, never a traceback."""

from __future__ import annotations

from pathlib import Path

import typer

from bot.commands.texts import configured_language, say


def cannot_write(output: Path, error: OSError) -> typer.Exit:
    typer.echo(say("output.cannot_write", configured_language(), path=output, reason=error.strerror or error),
               err=True)
    return typer.Exit(1)


def write_text(text: str, output: Path | None, done: str) -> None:
    """`text` to stdout, or to `output` followed by `done` on stderr."""
    if output is None:
        typer.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        raise cannot_write(output, error) from error
    typer.echo(done, err=True)
