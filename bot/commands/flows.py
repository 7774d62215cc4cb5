"""`coach flows check` and `coach flows list --json` (contract: see design.md)."""

from __future__ import annotations

import json

import typer

from flows.errors import FlowError, FlowErrors
from flows.loader import DEFINITIONS_DIR, load_all
from flows.prompts import nested_prompts

flows_app = typer.Typer(help="Flödesdefinitioner: kontrollera och lista frågorna.", no_args_is_help=True)


@flows_app.command("check")
def check() -> None:
    """Kontrollera alla flödesdefinitioner (schema, typer, semantiska kontroller)."""
    try:
        flows = load_all(DEFINITIONS_DIR)
    except (FlowError, FlowErrors) as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(1) from error
    for flow in flows.values():
        gates = sum(len(s.gate.criteria) for s in flow.steps)
        typer.echo(f"ok  {flow.id} v{flow.version}: {len(flow.steps)} steps, "
                   f"{len(flow.questions())} questions, {gates} gate criteria")


@flows_app.command("list")
def list_questions(as_json: bool = typer.Option(False, "--json",
                                                help="a JSON array of every question, with its nested prompts"),
                   ) -> None:
    """Lista alla frågor: flöde, steg, id, text."""
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
