"""Usage errors of the `coach` command line in the user's language, instead of click's English.

`run(app)` calls the typer app in non-standalone mode and turns click's exceptions (missing argument,
unknown option, bad value, unknown command, aborted prompt) into a short message, a usage line and a
pointer to `--help`. Exit codes stay click's: 2 for usage errors, 1 for an aborted prompt.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from typing import Any

import typer
from typer._click import core as click_core
from typer._click import exceptions as click
from typer._click.utils import echo
from typer.exceptions import Abort

import coachtext
from flows.errors import UserFacingError


def _param_name(param: click_core.Parameter | None) -> str:
    if param is None:
        return "?"
    if getattr(param, "param_type_name", "") == "argument":
        return (param.name or "?").upper()
    return max(param.opts, key=len) if param.opts else (param.name or "?")


def _reason(error: click.BadParameter, texts: dict[str, str]) -> str:
    message = error.message or ""
    choices = re.findall(r"'([^']*)'", message) if message.startswith("Input should be") else []
    if len(choices) > 1:
        return texts["choice"].format(choices=", ".join(choices))
    if "integer" in message:
        return texts["integer"]
    if "number" in message or "float" in message:
        return texts["number"]
    if "does not exist" in message:
        return texts["no_path"]
    return texts["invalid"]


CLICK_MESSAGES = ((r"No such command '(.+)'", "no_such_command"),  # click's English, recognised
                  (r"unexpected extra argument(?:s|\(s\))? \((.+)\)", "extra_argument"),
                  (r"Option '(.+)' requires an argument", "needs_value"))


def describe(error: click.ClickException, lang: str) -> str:
    """The message of a click usage error, in `lang` (our own BadParameter messages kept as they are)."""
    texts = coachtext.table("cli.", lang)
    if isinstance(error, click.MissingParameter):
        key = "missing_argument" if getattr(error.param, "param_type_name", "") == "argument" else "missing_option"
        return texts[key].format(name=_param_name(error.param))
    if isinstance(error, click.NoSuchOption):
        text = texts["no_such_option"].format(name=error.option_name)
        if error.possibilities:
            text += texts["did_you_mean"].format(names=", ".join(sorted(error.possibilities)))
        return text
    if isinstance(error, click.BadParameter):
        if error.param is None:  # raised by a command with its own (already translated) message
            return error.message
        return texts["bad_value"].format(name=_param_name(error.param), reason=_reason(error, texts))
    message = error.format_message()
    for pattern, key in CLICK_MESSAGES:
        match = re.search(pattern, message)
        if match:
            return texts[key].format(name=match.group(1), names=match.group(1))
    if message.startswith("Missing command"):
        return texts["missing_command"]
    return texts["usage_other"] if lang == "sv" else message


def _usage(error: click.UsageError, lang: str) -> tuple[str, str]:
    ctx = error.ctx
    command = ctx.command_path if ctx is not None else "coach"
    usage = re.sub(r"\{(\w+)\}", lambda m: m.group(1).upper(), ctx.get_usage() if ctx is not None else "")
    if lang == "sv":
        usage = _swedish_args(usage.replace("Usage:", coachtext.text("cli.usage", "sv")))
    return usage, command


_HELP_OPTIONS = {"--help": "help", "--install-completion": "install_completion",
                 "--show-completion": "show_completion"}  # their help: the catalogue's cli.help_option.<name>
_RICH = ("ARGUMENTS_PANEL_TITLE", "OPTIONS_PANEL_TITLE", "COMMANDS_PANEL_TITLE", "ERRORS_PANEL_TITLE", "ABORTED_TEXT",
         "DEFAULT_STRING", "REQUIRED_LONG_STRING", "ENVVAR_STRING", "DEPRECATED_STRING")  # typer's: cli.rich.<name>


def _swedish_args(usage: str) -> str:
    return (usage.replace("[OPTIONS]", coachtext.text("cli.options_word", "sv"))
            .replace("COMMAND [ARGS]...", coachtext.text("cli.command_args", "sv")))


_help_language = [coachtext.DEFAULT]  # the language localise_help last set: the patched usage line follows it


def localise_help(command: Any, lang: str) -> None:
    """`--help` in `lang`: panel titles, the help and completion options, the usage prefix (typer's own
    English for "en", so a process that showed Swedish help before shows English again). The commands' own
    help comes from the catalogue already (bot.commands.texts). Best effort — a typer version without these
    names keeps its English help rather than failing."""
    try:
        from typer import rich_utils
        from typer._click import formatting

        for name in _RICH:
            if hasattr(rich_utils, name):
                setattr(rich_utils, name, coachtext.text(f"cli.rich.{name}", lang))
        _help_language[0] = lang
        original = formatting.HelpFormatter.write_usage
        if lang == "sv" and not getattr(original, "_localised", False):
            def write_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
                if _help_language[0] != "sv":
                    original(self, prog, args, prefix)
                    return
                args = re.sub(r"\{(\w+)\}", lambda m: m.group(1).upper(), args)
                args = _swedish_args(args)
                original(self, prog, args, coachtext.text("cli.usage_prefix", "sv") if prefix is None else prefix)

            write_usage._localised = True  # type: ignore[attr-defined]
            formatting.HelpFormatter.write_usage = write_usage  # type: ignore[method-assign]
        _localise_options(command, lang)
    except Exception:  # noqa: BLE001  (English help beats no help)
        return


def _localise_options(command: Any, lang: str) -> None:
    from typer._click.core import Context

    help_option = command.get_help_option(Context(command))
    for param in [*command.params, *([help_option] if help_option is not None else [])]:
        for opt in getattr(param, "opts", ()):
            if opt in _HELP_OPTIONS:
                param.help = coachtext.text(f"cli.help_option.{_HELP_OPTIONS[opt]}", lang)
    for sub in getattr(command, "commands", {}).values():
        _localise_options(sub, lang)


def run(app: typer.Typer, args: Sequence[str] | None = None, *, lang: str = "sv") -> int:
    """Run the app like `coach` does; returns the exit code."""
    texts = coachtext.table("cli.", lang)
    command = typer.main.get_command(app)
    localise_help(command, lang)
    try:
        result = command.main(args=list(args) if args is not None else None, prog_name="coach",
                              standalone_mode=False)
    except click.NoArgsIsHelpError:  # the help was shown
        return 2
    except click.UsageError as error:
        usage, command = _usage(error, lang)
        if usage:
            echo(usage, err=True)
        echo(texts["error"].format(message=describe(error, lang)), err=True)
        echo(texts["help"].format(command=command), err=True)
        return error.exit_code
    except click.ClickException as error:  # BadParameter outside parsing, FileError, …
        echo(texts["error"].format(message=describe(error, lang)), err=True)
        return error.exit_code
    except Abort:
        echo(texts["aborted"], err=True)
        return 1
    except KeyboardInterrupt:
        echo(texts["interrupted"], err=True)
        return 130
    except UserFacingError as error:  # the one handler of the command line: any polite error not caught nearer
        echo(error.in_language(lang), err=True)
        return 1
    return result if isinstance(result, int) and not isinstance(result, bool) else 0


def main(app: typer.Typer, lang: str) -> None:
    sys.exit(run(app, lang=lang))
