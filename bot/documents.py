"""The beslutsunderlag of a gate read through the service, for the CLI and scripts: the process's
answers, the guide passages shown during the step, who answered what and the ABCDE reports' indicator
values (gate 7's follow-up table). Heavy imports happen only when a document is made.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from bot.service import Actor, CoachService, ProcessRef


def indicator_values(service: CoachService, process: ProcessRef, actor: Actor) -> dict:
    """Indicator name → [(date, value)] from the process's ABCDE reports, oldest first ({} when none)."""
    from bot.abcde.analysis import indicator_series
    from bot.abcde.service import AbcdeService

    return indicator_series(AbcdeService(service, service.engine).history(process, actor))


def authors_of(service: CoachService, process: ProcessRef, actor: Actor, step: int) -> dict[str, str]:
    """Question id → who wrote its latest version, for the questions of `step`."""
    flow, out = service.flow_of(process), {}
    for q in flow.step(step).questions():
        versions = service.history(process=process, actor=actor, question_id=q.id)
        if versions:
            out[q.id] = versions[-1].author
    return out


def document_for(service: CoachService, process: ProcessRef, actor: Actor, step: int, *,
                 names: Mapping[str, str] | None = None,
                 today: dt.date | None = None):
    """The Beslutsunderlag of gate `step` as `actor` (who must be allowed to read the process)."""
    from bot.people import named_state, people_in_state
    from bot.underlag import build_document

    state = service.state(process=process, actor=actor)
    if names is None:
        names = service.membership.names(process=process, actor=actor, user_ids=people_in_state(state))
    return build_document(
        service.flow_of(process), named_state(state, names), step, process.language,
        process_name=process.name, authors=authors_of(service, process, actor, step), names=names,
        passages=service.guidance.shown_passages(process=process, actor=actor, step=step), today=today,
        author=names.get(actor.user_id, actor.display_name), indicator_values=indicator_values(service, process, actor))
