"""Modal submissions: parse the state into the typed answer's raw dict, validate onto blocks, store.

Each listener is a named method of `Modals` (which holds the app's Deps). Each resolves the request's
context once at its top: the submitter, the process the modal names, and the language the modal was
built in (its private_metadata's `l`, bot.slack.modals), so validation errors and a rebuilt view are in
the language the person reads it in; the step thread is told in the process's."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.errors import CoachError
from bot.slack import constants as c
from bot.slack.blocks import section
from bot.slack.context import RequestContext
from bot.slack.conversation import Where
from bot.slack.deps import Deps
from bot.slack.gates import unmet_of
from bot.slack.modal_state import errors_for, flatten, keep_hidden_rows, raw_answer
from bot.slack.modals import answer_modal, decide_modal
from bot.slack.models import ViewMeta, ViewSubmissionIn
from bot.slack.outcomes import outcomes_of, resolve_outcomes
from bot.slack.texts import st
from flows.state import Answer, Decide

Change = Callable[[dict, dict, dict, dict], None]  # (kept answer, rows per field, flat state, index map)


def _block_ids(view: dict) -> list[str]:
    return [b["block_id"] for b in view["blocks"] if b.get("type") == "input"]


def shown_rows(flat: dict, field: str) -> int:
    return len({b.split(".")[1] for b in flat if b.startswith(field + ".")})


class Modals:
    """The modal listeners (submissions, and the add/remove-row buttons inside the answer modal)."""

    def __init__(self, deps: Deps) -> None:
        self.deps = deps
        self.service, self.conversation = deps.service, deps.conversation

    def _context(self, user_id: str, meta: ViewMeta, via: str = "slack_modal") -> RequestContext:
        """The submitter, the process the modal names, and the language the modal was shown in."""
        return self.deps.context(user_id, process=self.deps.process_by_id(meta.p), via=via, shown_in=meta.l)

    def submit_answer(self, ack: Ack, body: dict, client: WebClient) -> None:
        sub = ViewSubmissionIn.parse(body)
        context = self._context(sub.user_id, sub.meta)
        process, actor, lang = context.process, context.actor, context.language
        question = self.service.flow_of(process).question(sub.meta.q)
        raw, index_map = raw_answer(question, question.type, sub.values)
        blocks = _block_ids(body["view"])
        gone = resolve_outcomes(raw, outcomes_of(self.service, process, actor, question.type), lang)
        if gone:  # an outcome chosen in the form was removed from the process meanwhile: choose again
            ack(response_action="errors", errors={b: m for b, m in gone.items() if b in blocks}
                or {blocks[0]: next(iter(gone.values()))})
            return
        if sub.meta.h:  # rows the modal could not show are kept, never dropped
            raw = keep_hidden_rows(raw, self.opened_on(context, question.id, sub.meta.v), sub.meta.h)
        errors = errors_for(question.type, raw, blocks, index_map, lang)
        if errors:
            ack(response_action="errors", errors=errors)
            return
        origin = f"view:{body['view'].get('id')}"  # the modal, whose metadata named the question shown
        where = Where(sub.meta.c or process.channel_id, sub.meta.t if sub.meta.c else None)
        confirming = self.conversation.confirming(process, actor, where=where)  # outbox rows go with the answer
        result = self.service.act(process=process, actor=actor, origin=origin, then=confirming, reader_language=lang,
                                  event=Answer(raw, question_id=question.id, keep_place=True))
        if result.problems:
            ack(response_action="errors", errors={blocks[0]: "; ".join(str(p) for p in result.problems)[:2000]})
            return
        ack()
        self.conversation.show_result(client, process, actor, result, where, confirming=confirming, reader=lang)

    def opened_on(self, context: RequestContext, question_id: str, version: int | None) -> dict:
        """The stored answer a modal was opened on; refused politely when it cannot be found."""
        versions = self.service.history(process=context.process, actor=context.actor, question_id=question_id)
        found = next((v for v in versions if v.version == version and v.value is not None), None)
        if found is None:
            raise CoachError(st("rows_lost", context.language))
        return found.value.model_dump(mode="json")

    def submit_decision(self, ack: Ack, body: dict, client: WebClient) -> None:
        sub = ViewSubmissionIn.parse(body)
        context = self._context(sub.user_id, sub.meta)
        process, actor, lang = context.process, context.actor, context.language
        raw, index_map = raw_answer(None, "gate_decision", sub.values)
        blocks = _block_ids(body["view"])
        errors = errors_for("gate_decision", raw, blocks, index_map, lang)
        if errors:
            ack(response_action="errors", errors=errors)
            return
        confirmed = c.DESPITE_UNMET in (flatten(sub.values).get(c.CONFIRM_BLOCK) or [])
        confirming = self.conversation.confirming(process, actor)
        result = self.service.act(process=process, actor=actor, then=confirming, reader_language=lang,
                                  event=Decide(sub.meta.s, raw, despite_unmet=confirmed))
        unmet = (unmet_of(self.deps, process, actor, sub.meta.s, lang)
                 if result.problems and c.CONFIRM_BLOCK not in blocks else ())
        if unmet:  # criteria became unmet after the modal opened: show them and ask for the confirmation
            gate = self.service.flow_of(process).step(sub.meta.s).gate
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
        self.conversation.show_result(client, process, actor, result, Where(sub.meta.c or process.channel_id),
                                      confirming=confirming, reader=lang)

    def rebuild(self, body: dict, client: WebClient, change: Change) -> None:
        """The same answer view again, in the language it was shown in, with `change(raw, rows, flat,
        index_map)` applied to what was typed (views.update)."""
        view = body["view"]
        meta = ViewMeta.model_validate_json(view["private_metadata"])
        context = self._context(body["user"]["id"], meta, via="slack_thread")
        process, lang = context.process, context.language
        question = self.service.flow_of(process).question(meta.q)
        raw, index_map = raw_answer(question, question.type, view["state"]["values"])
        outcomes = outcomes_of(self.service, process, context.actor, question.type)
        resolve_outcomes(raw, outcomes, lang)
        flat = flatten(view["state"]["values"])
        rows = dict(meta.rows)
        keep = json.loads(json.dumps(raw))  # typed rows stay; empty ones are re-added as blank rows
        change(keep, rows, flat, index_map)
        new_meta = meta.model_copy(update={"rows": rows})
        client.views_update(view_id=view["id"], hash=view.get("hash"),
                            view=answer_modal(question, new_meta, keep, lang, outcomes))

    def add_row(self, ack: Ack, body: dict, client: WebClient) -> None:
        """One more row of the field the button names, keeping what was typed."""
        ack()
        field = body["actions"][0]["value"]

        def more(keep: dict, rows: dict, flat: dict, index_map: dict) -> None:
            rows[field] = max(shown_rows(flat, field), len(keep.get(field) or [])) + 1

        self.rebuild(body, client, more)

    def remove_row(self, ack: Ack, body: dict, client: WebClient) -> None:
        """Drop the row the button sits on (typed or blank), keeping every other row as typed."""
        ack()
        field, _, index = body["actions"][0]["value"].rpartition(".")

        def fewer(keep: dict, rows: dict, flat: dict, index_map: dict) -> None:
            kept = index_map.get(field, [])
            if int(index) in kept:
                del keep[field][kept.index(int(index))]
            rows[field] = max(shown_rows(flat, field) - 1, len(keep.get(field) or []), 1)

        self.rebuild(body, client, fewer)


def register(app: App, deps: Deps) -> None:
    modals = Modals(deps)
    app.view(c.ANSWER_VIEW)(deps.guard(modals.submit_answer))
    app.view(c.DECIDE_VIEW)(deps.guard(modals.submit_decision))
    app.action(re.compile(rf"^{c.ADD_ROW}(:.*)?$"))(deps.guard(modals.add_row))
    app.action(c.REMOVE_ROW)(deps.guard(modals.remove_row))
