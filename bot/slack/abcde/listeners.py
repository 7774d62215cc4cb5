"""Slack adapter for ABCDE: the reminder DM's button opens the report modal; submitting it stores a new
version, posts it where the schedule says and confirms by DM; the schedule modal sets the rhythm.

Wiring: bot/slack/app.py calls `register(app, deps)`; bot/slack/commands.py sends the `abcde`
subcommand to `handle_abcde(client, cmd, deps)` (re-exported here from slack_command.py).

Each listener is a named method of `AbcdeListeners`; each resolves the request's context once at its top.
The modals are in the person's language and record it (private_metadata `l`): a submission's errors, the
confirmation by DM and the rhythm told back are in it; the report posted for the team, in the process's.
"""

from __future__ import annotations

import json

from pydantic import ValidationError
from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.abcde import texts
from bot.abcde.service import AbcdeService
from bot.slack.abcde.blocks import OPEN, REPORT_VIEW, SCHEDULE_VIEW
from bot.slack.abcde.command import handle_abcde
from bot.slack.abcde.publish import publish_report
from bot.slack.abcde.report import abcde_of, open_report, raw_report, schedule_spec
from bot.slack.context import RequestContext
from bot.slack.deps import Deps
from flows.answers import AbcdeReport
from flows.validation import swedish_problems

__all__ = ["handle_abcde", "register"]


class AbcdeListeners:
    def __init__(self, deps: Deps, abcde: AbcdeService) -> None:
        self.deps, self.abcde = deps, abcde

    def _submitted(self, body: dict) -> tuple[dict, RequestContext]:
        """The modal's metadata and the submitter's context: the process it names, the modal's language."""
        meta = json.loads(body["view"]["private_metadata"])
        process = self.deps.process_by_id(int(meta["p"]))
        return meta, self.deps.context(body["user"]["id"], process=process, via="slack_modal",
                                       shown_in=meta.get("l"))

    def open_from_dm(self, ack: Ack, body: dict, client: WebClient) -> None:
        ack()
        value = json.loads(body["actions"][0].get("value") or "{}")
        context = self.deps.context(body["user"]["id"], process=self.deps.process_by_id(int(value["p"])))
        period_key = value.get("k")
        if period_key and not self.abcde.period(context.process.id, period_key)[0].contains(self.abcde.clock()):
            period_key = None  # an old reminder: report for the period running now
        open_report(client, self.abcde, context, body.get("trigger_id"), period_key)

    def submit_report(self, ack: Ack, body: dict, client: WebClient) -> None:
        view = body["view"]
        meta, context = self._submitted(body)
        process, actor, lang = context.process, context.actor, context.language
        raw, errors = raw_report(view["state"]["values"], self.abcde.indicator_names(process, actor), lang)
        try:
            report = AbcdeReport.model_validate(raw)
        except ValidationError as error:
            errors.setdefault("activities", "; ".join(str(p) for p in swedish_problems(error, AbcdeReport, lang))
                              [:1900])
        if errors:
            ack(response_action="errors", errors=errors)
            return
        stored = self.abcde.file_report(process, actor, report, meta.get("k"))
        ack()
        publish_report(self.abcde, client, process, stored)  # for the team: in the process's language
        client.chat_postMessage(channel=actor.user_id, text=texts.s("saved", lang, process=process.name,
                                                                    period=stored.period_label,
                                                                    version=stored.version))

    def submit_schedule(self, ack: Ack, body: dict, client: WebClient) -> None:
        meta, context = self._submitted(body)
        process = context.process
        spec = schedule_spec(body["view"]["state"]["values"])
        view = self.abcde.set_schedule(process, context.actor, spec)
        ack()
        client.chat_postEphemeral(channel=meta.get("c") or process.channel_id, user=context.actor.user_id,
                                  text=view.describe(context.language))


def register(app: App, deps: Deps, abcde: AbcdeService | None = None) -> None:
    listeners = AbcdeListeners(deps, abcde_of(deps, abcde))
    app.action(OPEN)(deps.guard(listeners.open_from_dm))
    app.view(REPORT_VIEW)(deps.guard(listeners.submit_report))
    app.view(SCHEDULE_VIEW)(deps.guard(listeners.submit_schedule))
