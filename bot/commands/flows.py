"""`coach flows check` and `coach flows list --json` (contract: see design.md)."""

from __future__ import annotations

import json

import typer

from bot.commands.texts import configured_language, help_text, say
from flows.errors import FlowError, FlowErrors
from flows.loader import DEFINITIONS_DIR, load_all
from flows.prompts import nested_prompts

flows_app = typer.Typer(help=help_text("flows.help"), no_args_is_help=True)


@flows_app.command("check", help=help_text("flows.check.help"))
def check() -> None:
    """Load every flow definition: schema, types and the semantic checks."""
    lang = configured_language()
    try:
        flows = load_all(DEFINITIONS_DIR)
    except (FlowError, FlowErrors) as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(1) from error
    for flow in flows.values():
        gates = sum(len(s.gate.criteria) for s in flow.steps)
        typer.echo(say("flows.check.ok", lang, flow=flow.id, version=flow.version, steps=len(flow.steps),
                       questions=len(flow.questions()), criteria=gates))


@flows_app.command("list", help=help_text("flows.list.help"))
def list_questions(as_json: bool = typer.Option(False, "--json", help=help_text("flows.list.opt.json"))) -> None:
    """Every question of every flow: flow, step, id, text."""
    rows = [{"flow": flow.id, "step": step.number, "id": q.id, "text": q.text.sv, "type": q.type,
             "required": q.required, "source": {"doc": q.source.doc, "locator": q.source.locator},
             "text_en": q.text.en, **nested_prompts(q)}  # fields, items, options where the question has them
            for flow in load_all(DEFINITIONS_DIR).values() for step in flow.steps for q in step.questions()]
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        typer.echo(f"{row['flow']}  {row['step']}  {row['id']:<36} {row['text']}")


def register(app: typer.Typer) -> None:
    app.add_typer(flows_app, name="flows")
