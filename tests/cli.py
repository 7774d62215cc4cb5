"""`coach` run in-process, through the console script's own entry point.

`bot.cli.main` is what the installed `coach` runs: argv and stdin normalised, usage errors in the user's
language, the exit code. Here it runs under typer's CliRunner isolation (stdin, stdout and stderr swapped,
the environment set for the call, the working directory changed), and the answer looks like a finished
subprocess (`returncode`, `stdout`, `stderr`), so a test reads the same either way. A subprocess would add
only an interpreter start and the imports (1–3 s a call on two cores); the few tests where the process
boundary itself matters (a served process, signals, the installed script) start one and are marked slow.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

from sqlalchemy import Connection, Engine, event
from typer.testing import CliRunner

CLEARED = ("SLACK_", "COACH_", "DATABASE_URL", "CHROMA_")
"""Settings of the machine the tests run on are not the command's (COACH_TEST_* stays: it is the tests')."""


def coach(*args: str, stdin: str | bytes = "", env: Mapping[str, str] | None = None,
          cwd: Path | str | None = None) -> subprocess.CompletedProcess[str]:
    """Run `coach ARGS` in this process with `stdin`; only `env` (plus the machine's unrelated variables)
    is its environment, and `cwd` (default: the current directory) its working directory."""
    from bot.cli import main

    cleared: dict[str, str | None] = {k: None for k in os.environ
                                      if k.startswith(CLEARED) and not k.startswith("COACH_TEST_")}
    argv = sys.argv
    with contextlib.chdir(cwd or os.getcwd()), _engines_closed_after(), \
            CliRunner().isolation(input=stdin, env={**cleared, **(env or {})}) as (out, err, _mixed):
        sys.argv = ["coach", *args]
        try:
            main()
            code = 0
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
        finally:
            sys.argv = argv
            sys.stdout.flush()
            sys.stderr.flush()
        stdout, stderr = out.getvalue().decode("utf-8", "replace"), err.getvalue().decode("utf-8", "replace")
    return subprocess.CompletedProcess(["coach", *args], code, stdout, stderr)


@contextlib.contextmanager
def _engines_closed_after() -> Iterator[None]:
    """The database connections the command opened are closed when it returns, as at a process's exit."""
    engines: set[Engine] = set()

    def seen(connection: Connection) -> None:
        engines.add(connection.engine)

    event.listen(Engine, "engine_connect", seen)
    try:
        yield
    finally:
        event.remove(Engine, "engine_connect", seen)
        for engine in engines:
            engine.dispose()
