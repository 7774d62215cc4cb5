"""Slack adapter for ABCDE: the reminder DM's button opens the report modal; submitting it stores a new
version, posts it where the schedule says and confirms by DM; the schedule modal sets the rhythm.

Wiring: bot/slack/app.py calls `register(app, deps)`; bot/slack/commands.py sends the `abcde`
subcommand to `handle_abcde(client, cmd, deps)` (re-exported here from slack_command.py).
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
from bot.slack.deps import Deps, slack_actor
from flows.answers import AbcdeReport

__all__ = ["handle_abcde", "register"]


def register(app: App, deps: Deps, abcde: AbcdeService | None = None) -> None:
    abcde = abcde_of(deps, abcde)

    def open_from_dm(ack: Ack, body: dict, client: WebClient) -> None:
        ack()
        value = json.loads(body["actions"][0].get("value") or "{}")
        process = deps.process_by_id(int(value["p"]))
        period_key = value.get("k")
        if period_key and not abcde.period(process.id, period_key)[0].contains(abcde.clock()):
            period_key = None  # an old reminder: report for the period running now
        open_report(client, abcde, process, body["user"]["id"], body.get("trigger_id"), period_key)

    def submit_report(ack: Ack, body: dict, client: WebClient) -> None:
        view, user_id = body["view"], body["user"]["id"]
        meta = json.loads(view["private_metadata"])
        process = deps.process_by_id(int(meta["p"]))
        actor = slack_actor(user_id, via="slack_modal")
        raw, errors = raw_report(view["state"]["values"], abcde.indicator_names(process, actor), process.language)
        try:
            report = AbcdeReport.model_validate(raw)
        except ValidationError as error:
            errors.setdefault("activities", "; ".join(str(e["msg"]).removeprefix("Value error, ")
                                                      for e in error.errors())[:1900])
        if errors:
            ack(response_action="errors", errors=errors)
            return
        stored = abcde.file_report(process, actor, report, meta.get("k"))
        ack()
        publish_report(abcde, client, process, stored)
        client.chat_postMessage(channel=user_id, text=texts.s("saved", process.language, process=process.name,
                                                              period=stored.period_label, version=stored.version))

    def submit_schedule(ack: Ack, body: dict, client: WebClient) -> None:
        meta = json.loads(body["view"]["private_metadata"])
        process = deps.process_by_id(int(meta["p"]))
        spec = schedule_spec(body["view"]["state"]["values"])
        view = abcde.set_schedule(process, slack_actor(body["user"]["id"], via="slack_modal"), spec)
        ack()
        text = view.describe(process.language)
        client.chat_postEphemeral(channel=meta.get("c") or process.channel_id, user=body["user"]["id"], text=text)

    app.action(OPEN)(deps.guard(open_from_dm))
    app.view(REPORT_VIEW)(deps.guard(submit_report))
    app.view(SCHEDULE_VIEW)(deps.guard(submit_schedule))

