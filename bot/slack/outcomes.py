"""A linked outcome (a SMART indicator's, a gap checklist's) is chosen among the process's utfall:
which they are, and the chosen option back to the outcome's text."""

from __future__ import annotations

from bot.forms import outcomes_in
from bot.slack.fields import kind, row_model
from bot.slack.inputs import LINKED_OUTCOME, OUTCOME_KEY, outcome_key
from bot.slack.texts import st
from flows.answers import ANSWER_TYPES


def links_outcome(type_: str) -> bool:
    """Whether answers of this type have a linked outcome (in a field or in a row's field)."""
    model = ANSWER_TYPES[type_]
    fields = dict(model.model_fields)
    for field in model.model_fields.values():
        if kind(field) == "rows":
            fields.update(row_model(field).model_fields)
    return bool(LINKED_OUTCOME & set(fields))


def outcomes_of(service, process, actor, type_: str | None = None) -> list[str]:
    """The process's utfall (outcomes answers first, then the effect logic's), for a linked outcome;
    none read when answers of `type_` link no outcome."""
    if type_ is not None and not links_outcome(type_):
        return []
    return outcomes_in(service.state(process=process, actor=actor).answers)


def resolve_outcomes(raw: dict, outcomes: list[str], lang: str) -> dict[str, str]:
    """Chosen outcome keys back to the outcomes' full text, in place; errors for a key no outcome has."""
    by_key = {outcome_key(o): o for o in outcomes}
    errors: dict[str, str] = {}

    def walk(data: dict, path: str) -> None:
        for name, value in data.items():
            if name in LINKED_OUTCOME and isinstance(value, str) and outcomes:
                if value in by_key:
                    data[name] = by_key[value]
                elif len(value) == OUTCOME_KEY and value[OUTCOME_KEY - 9] == "#":
                    errors[path + name] = st("outcome_gone", lang)
            elif isinstance(value, list):
                for index, row in enumerate(value):
                    if isinstance(row, dict):
                        walk(row, f"{path}{name}.{index}.")

    walk(raw, "")
    return errors
