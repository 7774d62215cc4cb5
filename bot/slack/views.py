"""Modal submissions: parse the state into the typed answer's raw dict, validate onto blocks, store."""

from __future__ import annotations

import json

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.slack import constants as c
from bot.slack.conversation import Where
from bot.slack.deps import Deps, slack_actor
from bot.slack.modal_state import errors_for, flatten, raw_answer
from bot.slack.modals import answer_modal
from bot.slack.models import ViewMeta, ViewSubmissionIn
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
        blocks = _block_ids(body["view"])
        errors = errors_for(question.type, raw, blocks, index_map)
        if errors:
            ack(response_action="errors", errors=errors)
            return
        actor = slack_actor(sub.user_id, via="slack_modal")
        result = service.act(process=process, actor=actor, event=Answer(raw, question_id=question.id))
        if result.problems:
            ack(response_action="errors", errors={blocks[0]: "; ".join(str(p) for p in result.problems)[:2000]})
            return
        ack()
        where = Where(sub.meta.c or process.channel_id)
        conversation.show_result(client, process, actor, result, where)

    def submit_decision(ack: Ack, body: dict, client: WebClient) -> None:
        sub = ViewSubmissionIn.parse(body)
        process = deps.process_by_id(sub.meta.p)
        raw, index_map = raw_answer(None, "gate_decision", sub.values)
        blocks = _block_ids(body["view"])
        errors = errors_for("gate_decision", raw, blocks, index_map)
        if errors:
            ack(response_action="errors", errors=errors)
            return
        actor = slack_actor(sub.user_id, via="slack_modal")
        result = service.act(process=process, actor=actor, event=Decide(sub.meta.s, raw, despite_unmet=True))
        ack()
        conversation.show_result(client, process, actor, result, Where(sub.meta.c or process.channel_id))

    def add_row(ack: Ack, body: dict, client: WebClient) -> None:
        """Rebuild the same view with one more row of a row field, keeping what was typed (views.update)."""
        ack()
        view = body["view"]
        meta = ViewMeta.model_validate_json(view["private_metadata"])
        process = deps.process_by_id(meta.p)
        question = service.flow_of(process).question(meta.q)
        raw, _ = raw_answer(question, question.type, view["state"]["values"])
        field = body["actions"][0]["value"]
        shown = len({b.split(".")[1] for b in flatten(view["state"]["values"]) if b.startswith(field + ".")})
        rows = {**meta.rows, field: max(shown, len(raw.get(field) or [])) + 1}
        keep = json.loads(json.dumps(raw))  # typed rows stay; empty ones are re-added as blank rows
        new_meta = meta.model_copy(update={"rows": rows})
        client.views_update(view_id=view["id"], hash=view.get("hash"),
                            view=answer_modal(question, new_meta, keep, process.language))

    app.view(c.ANSWER_VIEW)(deps.guard(submit_answer))
    app.view(c.DECIDE_VIEW)(deps.guard(submit_decision))
    app.action(c.ADD_ROW)(deps.guard(add_row))
