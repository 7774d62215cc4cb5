"""End to end over signed HTTP: /coach underlag, /coach sammanfatta, /coach beslut and modals that keep the
rows they cannot show — against the fake Slack, on the guide's Skogås example answered through the service."""

from __future__ import annotations

import io
import json

from docx import Document

from bot.service import Actor
from bot.slack import constants as c
from bot.slack.models import ViewMeta
from flows.state import Answer
from storage.db import session_scope
from storage.repository import list_audit
from tests.fixtures import skogas
from tests.slack.conftest import Running
from tests.slack.test_e2e_flow import CHANNEL, USER, start, texts
from tests.slack.test_e2e_more import opened_view, text
from tests.slack.test_modals import slack_state

ME = Actor(user_id=USER, display_name=USER, via="cli")
MEMBER = "U2"


def answer_step(running: Running, step: int, actor: Actor = ME) -> None:
    """Every question of `step` answered with the Skogås example, through the service."""
    process = running.service.find_process(channel_id=CHANNEL)
    flow = running.service.flow_of(process)
    example = skogas()["answers"]
    for q in flow.step(step).questions():
        result = running.service.act(process=process, actor=actor, event=Answer(example[q.id], question_id=q.id))
        assert not result.problems, result.problems


def add_member(running: Running, user: str = MEMBER) -> None:
    process = running.service.find_process(channel_id=CHANNEL)
    running.service.membership.set_role(process=process, actor=ME, user_id=user, role="medlem", display_name="Eva")


def audit_actions(running: Running) -> list[tuple[str, str, dict]]:
    process = running.service.find_process(channel_id=CHANNEL)
    with session_scope(running.engine) as session:
        return [(e.action, e.actor, e.detail) for e in list_audit(session, process_id=process.id)]


def parent_ts(running: Running, step: int) -> str:
    posted = running.slack.wait_for("chat.postMessage", where=lambda a: f"Steg {step} av 7" in texts(
        a.get("blocks", [])) and not a.get("thread_ts"))
    return posted[0]["_response"]["ts"]


# ---- /coach underlag N ----------------------------------------------------------------------------

def test_underlag_is_uploaded_as_docx_and_pdf_into_the_step_thread_with_a_brief(running: Running) -> None:
    thread_ts, _ = start(running)
    answer_step(running, 1)
    running.sender.command("underlag 1", user=USER, channel=CHANNEL)
    done = running.slack.wait_for("files.completeUploadExternal", count=2, timeout=30)
    assert all(d["channel_id"] == CHANNEL and d["thread_ts"] == thread_ts for d in done)
    uploads = running.slack.wait_for("files.getUploadURLExternal", count=2)
    assert [u["filename"] for u in uploads] == ["underlag-steg-1-meningsfull-fritid-i-skogås.docx",
                                                "underlag-steg-1-meningsfull-fritid-i-skogås.pdf"]
    document = Document(io.BytesIO(running.slack.uploads[done[0]["files"][0]["id"]]))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings[:2] == ["Uppstart av utvecklingsprocessen", "Förslag till beslut"]
    assert any("Källor" in h for h in headings)
    assert running.slack.uploads[done[1]["files"][0]["id"]].startswith(b"%PDF-")
    assert "Alla barn och unga" in "\n".join(p.text for p in document.paragraphs) or document.tables

    brief = running.slack.wait_for("chat.postMessage", where=lambda a: "tog fram underlaget" in a.get("text", ""))[0]
    assert brief["thread_ts"] == thread_ts
    assert "Redo för beslut" in texts(brief["blocks"]) and "/coach beslut 1" in texts(brief["blocks"])
    assert ("underlag_posted", USER, {"step": 1, "ready": True, "unmet": 0}) in audit_actions(running)
    started = running.slack.wait_for("chat.postEphemeral", where=lambda a: "tas fram" in a.get("text", ""))
    assert started[0]["user"] == USER


def test_underlag_for_an_unready_gate_says_what_is_missing(running: Running) -> None:
    start(running)
    running.sender.command("underlag 2", user=USER, channel=CHANNEL)
    done = running.slack.wait_for("files.completeUploadExternal")[0]
    brief = running.slack.wait_for("chat.postMessage", where=lambda a: "tog fram underlaget" in a.get("text", ""))[0]
    assert done["thread_ts"] == brief["thread_ts"] == parent_ts(running, 2)  # step 2's thread, opened for it
    shown = texts(brief["blocks"])
    assert "Inte redo" in shown and "Inför beslut saknas" in shown


def test_underlag_is_for_coordinators_only_and_the_refusal_is_audited(running: Running) -> None:
    start(running)
    add_member(running)
    running.sender.command("underlag 1", user=MEMBER, channel=CHANNEL)
    refusal = running.slack.wait_for("chat.postEphemeral", where=lambda a: a.get("user") == MEMBER)[0]
    assert "koordinator" in refusal["text"]
    assert not running.slack.of("files.getUploadURLExternal")
    assert ("refused", MEMBER, {"action": "underlag", "need": "coordinate", "role": "medlem"}) in audit_actions(
        running)
    running.sender.command("underlag 9", user=USER, channel=CHANNEL)
    hint = running.slack.wait_for("chat.postEphemeral", where=lambda a: a.get("user") == USER)[0]
    assert "1–7" in hint["text"] and "/coach underlag 2" in hint["text"]


# ---- /coach sammanfatta [N] -----------------------------------------------------------------------

def test_summary_in_the_step_thread_then_what_changed_since(running: Running) -> None:
    thread_ts, _ = start(running)
    add_member(running)
    process = running.service.find_process(channel_id=CHANNEL)
    running.service.act(process=process, actor=ME, event=Answer("Ett tryggt Skogås <!channel>",
                                                                 question_id="s1.langsiktigt_mal"))
    running.sender.command("sammanfatta", user=MEMBER, channel=CHANNEL)  # any member; the current step
    first = running.slack.wait_for("chat.postMessage", where=lambda a: "Sammanfattning steg 1" in a.get("text", ""))[0]
    shown = texts(first["blocks"])
    assert first["thread_ts"] == thread_ts
    assert "Ett tryggt Skogås &lt;!channel&gt;" in shown and "<!channel>" not in shown
    assert "Saknas inför beslut" in shown and "Ändrat sedan" not in shown  # nothing to compare with yet
    running.slack.wait_for("chat.postEphemeral", where=lambda a: "ligger i stegets tråd" in a.get("text", ""))

    eva = Actor(user_id=MEMBER, display_name="Eva", via="slack_modal")
    running.service.act(process=process, actor=eva, event=Answer("Alla barn i Skogås har en meningsfull fritid",
                                                                  question_id="s1.langsiktigt_mal"))
    running.service.act(process=process, actor=eva, event=Answer("Folkhälsomålet", question_id="s1.politiska_mal"))
    running.sender.command("summary 1", user=USER, channel=CHANNEL)
    second = running.slack.wait_for("chat.postMessage", 2,
                                    where=lambda a: "Sammanfattning steg 1" in a.get("text", ""))[1]
    shown = texts(second["blocks"])
    assert "Ändrat sedan förra sammanfattningen" in shown
    assert "v1 → v2, Bo Ekström" in shown and "nytt (v1), Bo Ekström" in shown  # Slack's real name (users.info)
    assert "Förra sammanfattningen:" in shown
    running.slack.wait_for("chat.postEphemeral", 2, where=lambda a: "ligger i stegets tråd" in a.get("text", ""))
    events = [d for a, _u, d in audit_actions(running) if a == "summary_posted"]
    assert events == [{"step": 1, "versions": {"s1.langsiktigt_mal": 1}},
                      {"step": 1, "versions": {"s1.langsiktigt_mal": 2, "s1.politiska_mal": 1}}]


def test_summary_refuses_outsiders(running: Running) -> None:
    start(running)
    running.sender.command("sammanfatta 1", user="U_OUTSIDER", channel=CHANNEL)
    refusal = running.slack.wait_for("chat.postEphemeral", where=lambda a: a.get("user") == "U_OUTSIDER")[0]
    assert "inte med i processen" in refusal["text"]
    assert not running.slack.of("chat.postMessage")[3:]  # only the start's three messages


# ---- /coach beslut N ------------------------------------------------------------------------------

def decision_values(view: dict, *, confirm: bool | None = None) -> dict:
    values = {"forum": text("Områdesstyrgruppen Skogås"),
              "date": {"v": {"type": "datepicker", "selected_date": "2025-01-22"}},
              "text": text("Starta utvecklingsprocessen <!channel>"), "decided_by": text("Förvaltningscheferna")}
    if confirm is not None:
        chosen = [{"value": c.DESPITE_UNMET}] if confirm else []
        values[c.CONFIRM_BLOCK] = {"v": {"type": "checkboxes", "selected_options": chosen}}
    return values


def test_decision_with_unmet_criteria_needs_the_confirmation_then_the_step_shows_beslutad(running: Running) -> None:
    thread_ts, _ = start(running)
    running.sender.command("beslut 1", user=USER, channel=CHANNEL)
    view = running.slack.wait_for("views.open")[0]["_response"]["view"]
    assert view["callback_id"] == c.DECIDE_VIEW
    shown = texts(view["blocks"])
    assert "Beslut som ska fattas" in shown and "Inför beslut saknas" in shown
    confirm = next(b for b in view["blocks"] if b.get("block_id") == c.CONFIRM_BLOCK)
    assert confirm["optional"] is False and "Registrera beslutet ändå" in texts([confirm])
    date = next(b for b in view["blocks"] if b.get("block_id") == "date")
    assert date["element"]["initial_date"]  # today

    status, body = running.sender.submit(view, decision_values(view, confirm=False))
    answer = json.loads(body)
    assert status == 200 and answer["response_action"] == "errors" and c.CONFIRM_BLOCK in answer["errors"]
    process = running.service.find_process(channel_id=CHANNEL)
    assert running.service.state(process=process, actor=ME).decisions == {}

    status, body = running.sender.submit(view, decision_values(view, confirm=True))
    assert (status, body) == (200, "")
    posted = running.slack.wait_for("chat.postMessage", where=lambda a: "registrerade beslutet" in a.get("text", ""))
    assert posted[0]["thread_ts"] == thread_ts and "&lt;!channel&gt;" in texts(posted[0]["blocks"])
    assert "ouppfyllda kriterier" in texts(posted[0]["blocks"])
    decision = running.service.state(process=process, actor=ME).decisions[1]
    assert decision.forum == "Områdesstyrgruppen Skogås" and decision.decided_by == "Förvaltningscheferna"
    updated = running.slack.wait_for("chat.update", where=lambda a: a["ts"] == thread_ts and "beslutad" in a["text"])
    assert "Beslutad vid beslutspunkten" in texts(updated[-1]["blocks"])
    assert "decision" in [a for a, _u, _d in audit_actions(running)]


def test_decision_on_a_ready_gate_has_no_confirmation(running: Running) -> None:
    start(running)
    answer_step(running, 1)
    running.sender.command("decision 1", user=USER, channel=CHANNEL)
    view = running.slack.wait_for("views.open")[0]["_response"]["view"]
    assert c.CONFIRM_BLOCK not in [b.get("block_id") for b in view["blocks"]]
    assert "Inför beslut saknas" not in texts(view["blocks"])
    assert running.sender.submit(view, decision_values(view)) == (200, "")
    running.slack.wait_for("chat.postMessage", where=lambda a: "registrerade beslutet" in a.get("text", ""))
    process = running.service.find_process(channel_id=CHANNEL)
    assert 1 in running.service.state(process=process, actor=ME).decisions


def test_criteria_unmet_after_opening_bring_the_confirmation_instead_of_deciding(running: Running) -> None:
    start(running)
    answer_step(running, 1)
    running.sender.command("beslut 1", user=USER, channel=CHANNEL)
    view = running.slack.wait_for("views.open")[0]["_response"]["view"]
    process = running.service.find_process(channel_id=CHANNEL)
    running.service.act(process=process, actor=ME, event=Answer({"choice": "delvis"},
                                                                 question_id="s1.sakerstall_arbetsgrupp_styrgrupp"))
    status, body = running.sender.submit(view, decision_values(view))
    answer = json.loads(body)
    assert answer["response_action"] == "update"
    assert c.CONFIRM_BLOCK in [b.get("block_id") for b in answer["view"]["blocks"]]
    forum = next(b for b in answer["view"]["blocks"] if b.get("block_id") == "forum")
    assert forum["element"]["initial_value"] == "Områdesstyrgruppen Skogås"  # what was typed stays
    assert 1 not in running.service.state(process=process, actor=ME).decisions


def test_decision_is_for_coordinators_only(running: Running) -> None:
    start(running)
    add_member(running)
    running.sender.command("beslut 1", user=MEMBER, channel=CHANNEL)
    refusal = running.slack.wait_for("chat.postEphemeral", where=lambda a: a.get("user") == MEMBER)[0]
    assert "koordinator" in refusal["text"] and not running.slack.of("views.open")
    assert ("refused", MEMBER, {"action": "open_decision", "need": "coordinate", "role": "medlem"}) in audit_actions(
        running)


# ---- rows a modal cannot show are kept ------------------------------------------------------------

def many_indicators(n: int) -> dict:
    example = skogas()["answers"]["s3.indikatorer"]
    base = example["indicators"][0]
    return {**example, "indicators": [{**base, "name": f"Indikator {i + 1}"} for i in range(n)]}


def test_editing_an_answer_with_more_rows_than_fit_keeps_the_hidden_rows(running: Running) -> None:
    start(running)
    process = running.service.find_process(channel_id=CHANNEL)
    running.service.act(process=process, actor=ME, event=Answer(many_indicators(12), question_id="s3.indikatorer"))
    view = opened_view(running, "s3.indikatorer")
    assert len(view["blocks"]) <= c.MAX_MODAL_BLOCKS
    meta = ViewMeta.model_validate_json(view["private_metadata"])
    shown = meta.h["indicators"]
    assert meta.v == 1 and 0 < shown < 12
    assert "formuläret visar de första" in texts(view["blocks"])
    assert not any(b.get("block_id") == "add_rows" for b in view["blocks"])

    values = slack_state(view)
    values["indicators.0.name"] = text("Indikator 1, omformulerad")
    assert running.sender.submit(view, values) == (200, "")
    running.slack.wait_for("chat.postMessage", where=lambda a: "version 2" in a.get("text", ""))
    stored = running.service.history(process=process, actor=ME, question_id="s3.indikatorer")[-1]
    names = [i.name for i in stored.value.indicators]
    assert names == ["Indikator 1, omformulerad"] + [f"Indikator {i}" for i in range(2, 13)]


def test_hidden_rows_whose_version_is_gone_are_refused_politely(running: Running) -> None:
    start(running)
    process = running.service.find_process(channel_id=CHANNEL)
    running.service.act(process=process, actor=ME, event=Answer(many_indicators(12), question_id="s3.indikatorer"))
    view = opened_view(running, "s3.indikatorer")
    meta = ViewMeta.model_validate_json(view["private_metadata"])
    view = {**view, "private_metadata": meta.model_copy(update={"v": 7}).dump()}
    status, body = running.sender.submit(view, slack_state(view))
    answer = json.loads(body)
    assert answer["response_action"] == "update" and "coach chat" in texts(answer["view"]["blocks"])
    assert len(running.service.history(process=process, actor=ME, question_id="s3.indikatorer")) == 1


def test_an_underlag_whose_pdf_fails_still_posts_the_docx_and_says_so(running: Running, monkeypatch) -> None:
    """The PDF could not be made (a Typst refusal, fault-injected here): the DOCX still reaches the thread, the
    asker is told the PDF is missing and what to do, and the brief follows as usual — before, the error took
    the DOCX with it and the coordinator got nothing."""
    import bot.underlag

    def refuse(*_a, **_kw):
        raise RuntimeError("typst refused the document")

    monkeypatch.setattr(bot.underlag, "to_pdf", refuse)
    thread_ts, _ = start(running)
    running.sender.command("underlag 1", user=USER, channel=CHANNEL)
    told = running.slack.wait_for("chat.postEphemeral", where=lambda a: "PDF-versionen" in a.get("text", ""))[0]
    assert told["user"] == USER and told["thread_ts"] == thread_ts and "DOCX-filen finns i tråden" in told["text"]
    running.slack.wait_for("chat.postMessage", where=lambda a: "tog fram underlaget" in a.get("text", ""))
    uploads = running.slack.wait_for("files.getUploadURLExternal")
    assert [u["filename"] for u in uploads] == ["underlag-steg-1-meningsfull-fritid-i-skogås.docx"]
