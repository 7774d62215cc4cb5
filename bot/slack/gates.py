"""Decision gates in Slack: the underlag as a DOCX in the step's thread, step summaries, the decision modal.

Each function is called from a listener after its ack (on the work pool); reads and writes go through the
service, which checks membership and audits refusals. What a summary last showed is a domain event
(CoachService.record_summary / last_summary), not read from the audit log.
"""

from __future__ import annotations

import datetime as dt
import logging
from zoneinfo import ZoneInfo

from slack_sdk import WebClient

from bot.people import named_state, people_in_state
from bot.service import Actor, ProcessRef, VersionView
from bot.slack.context import RequestContext
from bot.slack.deps import Deps
from bot.slack.messages import summary_blocks, underlag_blocks
from bot.slack.modals import decide_modal
from bot.slack.models import ViewMeta
from bot.slack.texts import st
from flows.engine import gate_readiness

COORDINATOR = "koordinator"

log = logging.getLogger(__name__)


def today(deps: Deps) -> dt.date:
    """Today in the configured time zone (COACH_TIMEZONE), for what the team sees (the underlag). What one
    person alone sees takes their own zone from the request's context (RequestContext.tz)."""
    return dt.datetime.now(ZoneInfo(deps.timezone)).date()


def require_coordinator(deps: Deps, process: ProcessRef, actor: Actor, action: str) -> None:
    """Coordinators only; the service refuses anyone else politely and audits the refusal."""
    deps.service.membership.require_coordinator(process=process, actor=actor, action=action)


def step_history(deps: Deps, process: ProcessRef, actor: Actor, step: int) -> dict[str, list[VersionView]]:
    """Every version of every answer of `step`, per question id (members only)."""
    flow = deps.service.flow_of(process)
    return {q.id: versions for q in flow.step(step).questions()
            if (versions := deps.service.history(process=process, actor=actor, question_id=q.id))}


def names_of(deps: Deps, process: ProcessRef, actor: Actor, state=None) -> dict[str, str]:
    """user id → name for the members and the people mentioned in `state`: Slack's real names (people
    directory), else the name a member was added with."""
    members = deps.service.membership.members(process=process, actor=actor)
    names = {user_id: name for user_id, name, _role in members}
    names.update(deps.names({user_id for user_id, _n, _r in members} | (people_in_state(state) if state else set())))
    return names


def unmet_of(deps: Deps, process: ProcessRef, actor: Actor, step: int, lang: str | None = None) -> tuple[str, ...]:
    """The gate's unmet criteria, in `lang` (the reader's; default the process's)."""
    flow = deps.service.flow_of(process)
    state = deps.service.state(process=process, actor=actor)
    return tuple(str(u) for u in gate_readiness(flow, state, step, lang or process.language).unmet)


# ---- /coach underlag N ----------------------------------------------------------------------------

def post_underlag(deps: Deps, client: WebClient, process: ProcessRef, actor: Actor, step: int) -> None:
    """Build the underlag for gate `step`, upload it as DOCX into the step's thread (diagrams inside the
    document) and post its brief there: readiness, what is missing, the decision to take."""
    require_coordinator(deps, process, actor, "underlag")
    service = deps.service
    flow = service.flow_of(process)
    state = service.state(process=process, actor=actor)
    passages = service.guidance.shown_passages(process=process, actor=actor, step=step)
    names = names_of(deps, process, actor, state)
    state = named_state(state, names)  # mentions in answers shown as names in the document
    authors = {qid: names.get(vs[-1].author, vs[-1].author)
               for qid, vs in step_history(deps, process, actor, step).items()}
    from bot.underlag import brief, build_underlag  # heavy (jinja, docx, matplotlib): only when asked

    u = build_underlag(flow, state, step, process.language, process_name=process.name, authors=authors,
                       passages=passages, today=today(deps))
    thread = deps.conversation.ensure_thread(client, process, actor, step)
    upload_underlag_files(deps, client, process, actor, step, thread, names=names)
    text, blocks = underlag_blocks(actor.user_id, step, brief(u), [x.text for x in u.unmet], process.language,
                                   decided=u.decision is not None)
    client.chat_postMessage(channel=thread.channel_id, thread_ts=thread.thread_ts, text=text, blocks=blocks)
    deps.service.record_underlag(process=process, actor=actor, step=step, ready=u.ready, unmet=len(u.unmet))


def upload_underlag_files(deps: Deps, client: WebClient, process: ProcessRef, actor: Actor, step: int, thread,
                          *, names: dict[str, str]) -> None:
    """The beslutsunderlag of gate `step` as DOCX (to edit) and PDF (for the diarium) in the step's thread."""
    from bot.documents import document_for
    from bot.underlag import diagrams, to_docx, to_pdf

    d = document_for(deps.service, process, actor, step, names=names, today=today(deps))
    pictures = diagrams(d)
    title = f"{d.title.document_type}: {d.title.title} – {process.name}"[:250]
    for make, ext in ((to_docx, "docx"), (to_pdf, "pdf")):
        try:
            content = make(d, pictures)
        except Exception:  # noqa: BLE001 — one format failing must not take the other with it
            if ext == "docx":
                raise
            log.exception("gate %s of process %s: the PDF could not be made; the DOCX is posted", step, process.id)
            client.chat_postEphemeral(channel=thread.channel_id, user=actor.user_id, thread_ts=thread.thread_ts,
                                      text=st("underlag_pdf_failed", process.language))
            continue
        client.files_upload_v2(channel=thread.channel_id, thread_ts=thread.thread_ts, content=content,
                               filename=f"underlag-steg-{step}-{slug(process.name)}.{ext}", title=title)


def slug(name: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in name.lower()).strip("-") or "process"


# ---- /coach sammanfatta [N] -----------------------------------------------------------------------

def post_summary(deps: Deps, client: WebClient, process: ProcessRef, actor: Actor, step: int) -> None:
    """A summary of `step` in its thread: answered and by whom, what is missing, what changed since the
    last summary of the same step."""
    from bot.underlag import step_summary  # heavy (jinja): only when asked

    service = deps.service
    flow = service.flow_of(process)
    state = service.state(process=process, actor=actor)  # members only (refusals audited)
    history = step_history(deps, process, actor, step)
    previous = service.last_summary(process=process, actor=actor, step=step)  # versions shown, when
    names = names_of(deps, process, actor, state)
    text = step_summary(flow, named_state(state, names), step, history=history,
                        versions_since=previous[0] if previous else None, lang=process.language, fmt="mrkdwn",
                        names=names,
                        process_name=process.name)
    since = previous[1].astimezone(ZoneInfo(deps.timezone)).strftime("%Y-%m-%d %H:%M") if previous else None
    fallback, blocks = summary_blocks(text, since, process.language)
    thread = deps.conversation.ensure_thread(client, process, actor, step)
    client.chat_postMessage(channel=thread.channel_id, thread_ts=thread.thread_ts, text=fallback, blocks=blocks)
    own = {q.id for q in flow.step(step).questions()}
    versions = {qid: answer.version for qid, answer in state.answers.items() if qid in own}
    deps.service.record_summary(process=process, actor=actor, step=step, versions=versions)


# ---- /coach beslut N and the Registrera beslut button ----------------------------------------------

def open_decision(deps: Deps, client: WebClient, trigger_id: str, context: RequestContext, step: int,
                  channel_id: str | None) -> None:
    """The gate decision modal (coordinators), in the coordinator's language: the decision sentence, unmet
    criteria and, when any are unmet, the required box «Registrera beslutet ändå»."""
    process, actor, lang = context.process, context.actor, context.language
    require_coordinator(deps, process, actor, "open_decision")
    gate = deps.service.flow_of(process).step(step).gate
    today_there = dt.datetime.now(ZoneInfo(context.tz)).date()  # the date where they are
    view = decide_modal(gate.title.get(lang), gate.decision.get(lang), ViewMeta(p=process.id, s=step, c=channel_id),
                        lang, unmet=unmet_of(deps, process, actor, step, lang),
                        initial={"date": today_there.isoformat()})
    client.views_open(trigger_id=trigger_id, view=view)
