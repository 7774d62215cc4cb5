"""Modal submissions: parse the state into the typed answer's raw dict, validate onto blocks, store."""

from __future__ import annotations

import json
import re

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.errors import CoachError
from bot.slack import constants as c
from bot.slack.blocks import section
from bot.slack.conversation import Where
from bot.slack.deps import Deps, slack_actor
from bot.slack.gates import unmet_of
from bot.slack.modal_state import errors_for, flatten, keep_hidden_rows, raw_answer
from bot.slack.modals import answer_modal, decide_modal
from bot.slack.models import ViewMeta, ViewSubmissionIn
from bot.slack.outcomes import outcomes_of, resolve_outcomes
from bot.slack.texts import st
from flows.state import Answer, Decide


def _block_ids(view: dict) -> list[str]:
    return [b["block_id"] for b in view["blocks"] if b.get("type") == "input"]


def register(app: App, deps: Deps) -> None:
    service, conversation = deps.service, deps.conversation

    def submit_answer(ack: Ack, body: dict, client: WebClient) -> None:
        sub = ViewSubmissionIn.parse(body)
        process = deps.process_by_id(sub.meta.p)
        question = service.flow_of(process).question(sub.meta.q)
        raw, index_map = raw_answer(question, question.type, sub.values)
        actor = slack_actor(sub.user_id, via="slack_modal")
        blocks = _block_ids(body["view"])
        gone = resolve_outcomes(raw, outcomes_of(service, process, actor, question.type), process.language)
        if gone:  # an outcome chosen in the form was removed from the process meanwhile: choose again
            ack(response_action="errors", errors={b: m for b, m in gone.items() if b in blocks}
                or {blocks[0]: next(iter(gone.values()))})
            return
        if sub.meta.h:  # rows the modal could not show are kept, never dropped
            raw = keep_hidden_rows(raw, opened_on(process, actor, question.id, sub.meta.v), sub.meta.h)
        errors = errors_for(question.type, raw, blocks, index_map, process.language)
        if errors:
            ack(response_action="errors", errors=errors)
            return
        origin = f"view:{body['view'].get('id')}"  # the modal, whose metadata named the question shown
        where = Where(sub.meta.c or process.channel_id, sub.meta.t if sub.meta.c else None)
        confirming = conversation.confirming(process, actor, where=where)  # its outbox rows go with the answer
        result = service.act(process=process, actor=actor, origin=origin, then=confirming,
                             event=Answer(raw, question_id=question.id, keep_place=True))
        if result.problems:
            ack(response_action="errors", errors={blocks[0]: "; ".join(str(p) for p in result.problems)[:2000]})
            return
        ack()
        conversation.show_result(client, process, actor, result, where, confirming=confirming)

    def opened_on(process, actor, question_id: str, version: int | None) -> dict:
        """The stored answer a modal was opened on; refused politely when it cannot be found."""
        found = next((v for v in service.history(process=process, actor=actor, question_id=question_id)
                      if v.version == version and v.value is not None), None)
        if found is None:
            raise CoachError(st("rows_lost", process.language))
        return found.value.model_dump(mode="json")

    def submit_decision(ack: Ack, body: dict, client: WebClient) -> None:
        sub = ViewSubmissionIn.parse(body)
        process = deps.process_by_id(sub.meta.p)
        raw, index_map = raw_answer(None, "gate_decision", sub.values)
        blocks = _block_ids(body["view"])
        errors = errors_for("gate_decision", raw, blocks, index_map, process.language)
        if errors:
            ack(response_action="errors", errors=errors)
            return
        actor = slack_actor(sub.user_id, via="slack_modal")
        confirmed = c.DESPITE_UNMET in (flatten(sub.values).get(c.CONFIRM_BLOCK) or [])
        confirming = conversation.confirming(process, actor)
        result = service.act(process=process, actor=actor, event=Decide(sub.meta.s, raw, despite_unmet=confirmed),
                             then=confirming)
        unmet = unmet_of(deps, process, actor, sub.meta.s) if result.problems and c.CONFIRM_BLOCK not in blocks else ()
        if unmet:  # criteria became unmet after the modal opened: show them and ask for the confirmation
            lang = process.language
            gate = service.flow_of(process).step(sub.meta.s).gate
            view = decide_modal(gate.title.get(lang), gate.decision.get(lang), sub.meta, lang, unmet=unmet,
                                initial=raw)
            view["blocks"].insert(1, section(st("decide_now_unmet", lang)))
            ack(response_action="update", view=view)
            return
        if result.problems:
            target = c.CONFIRM_BLOCK if c.CONFIRM_BLOCK in blocks else blocks[0]
            ack(response_action="errors", errors={target: " ".join(str(p) for p in result.problems)[:2000]})
            return
        ack()
        conversation.show_result(client, process, actor, result, Where(sub.meta.c or process.channel_id),
                                 confirming=confirming)

    def rebuild(body: dict, client: WebClient, change) -> None:
        """The same answer view again, with `change(raw, rows)` applied to what was typed (views.update)."""
        view = body["view"]
        meta = ViewMeta.model_validate_json(view["private_metadata"])
        process = deps.process_by_id(meta.p)
        question = service.flow_of(process).question(meta.q)
        raw, index_map = raw_answer(question, question.type, view["state"]["values"])
        outcomes = outcomes_of(service, process, slack_actor(body["user"]["id"]), question.type)
        resolve_outcomes(raw, outcomes, process.language)
        flat = flatten(view["state"]["values"])
        rows = dict(meta.rows)
        keep = json.loads(json.dumps(raw))  # typed rows stay; empty ones are re-added as blank rows
        change(keep, rows, flat, index_map)
        new_meta = meta.model_copy(update={"rows": rows})
        client.views_update(view_id=view["id"], hash=view.get("hash"),
                            view=answer_modal(question, new_meta, keep, process.language, outcomes))

    def shown_rows(flat: dict, field: str) -> int:
        return len({b.split(".")[1] for b in flat if b.startswith(field + ".")})

    def add_row(ack: Ack, body: dict, client: WebClient) -> None:
        """One more row of the field the button names, keeping what was typed."""
        ack()
        field = body["actions"][0]["value"]

        def more(keep: dict, rows: dict, flat: dict, index_map: dict) -> None:
            rows[field] = max(shown_rows(flat, field), len(keep.get(field) or [])) + 1

        rebuild(body, client, more)

    def remove_row(ack: Ack, body: dict, client: WebClient) -> None:
        """Drop the row the button sits on (typed or blank), keeping every other row as typed."""
        ack()
        field, _, index = body["actions"][0]["value"].rpartition(".")

        def fewer(keep: dict, rows: dict, flat: dict, index_map: dict) -> None:
            kept = index_map.get(field, [])
            if int(index) in kept:
                del keep[field][kept.index(int(index))]
            rows[field] = max(shown_rows(flat, field) - 1, len(keep.get(field) or []), 1)

        rebuild(body, client, fewer)

    app.view(c.ANSWER_VIEW)(deps.guard(submit_answer))
    app.view(c.DECIDE_VIEW)(deps.guard(submit_decision))
    app.action(re.compile(rf"^{c.ADD_ROW}(:.*)?$"))(deps.guard(add_row))
    app.action(c.REMOVE_ROW)(deps.guard(remove_row))
