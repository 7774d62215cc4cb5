"""End to end: structured modals with errors on blocks, roles, rate-limit retry, refusals inside modals."""

from __future__ import annotations

import json
import time

from bot.service import Actor
from bot.slack import constants as c
from storage.db import session_scope
from storage.repository import slack as threads
from tests.slack.conftest import Running
from tests.slack.settle import settle
from tests.slack.test_e2e_flow import CHANNEL, USER, answer_by_reply, reply, start

ME = Actor(user_id=USER, display_name=USER, via="slack_modal")


def opened_view(running: Running, question_id: str, user: str = USER, thread_ts: str | None = None) -> dict:
    process = running.service.find_process(channel_id=CHANNEL)
    before = len(running.slack.of("views.open"))
    running.sender.click(c.ANSWER, json.dumps({"p": process.id, "q": question_id}), user=user, channel=CHANNEL,
                         **({"thread_ts": thread_ts} if thread_ts else {}))
    return running.slack.wait_for("views.open", before + 1)[-1]["_response"]["view"]


def text(value: str | None) -> dict:
    return {"v": {"type": "plain_text_input", "value": value}}


def test_indicator_modal_errors_on_the_right_block_then_saves(running: Running) -> None:
    thread_ts, _ = start(running)
    view = opened_view(running, "s3.indikatorer", thread_ts=thread_ts)
    status, body = running.sender.submit(view, {"indicators.0.name": text(None),
                                                "indicators.0.baseline": text("32 procent")})
    assert status == 200
    assert json.loads(body) == {"response_action": "errors", "errors": {"indicators.0.name": "Måste fyllas i"}}

    # "Lägg till rad" updates the same view (no stacked views) with a second row.
    process = running.service.find_process(channel_id=CHANNEL)
    running.sender.interaction({"type": "block_actions", "user": {"id": USER}, "trigger_id": "t.add",
                                "view": {**view, "state": {"values": {"indicators.0.name": text("Andel")}}},
                                "actions": [{"action_id": c.ADD_ROW, "value": "indicators", "action_ts": "5.5"}]})
    updated = running.slack.wait_for("views.update")[0]
    ids = [b.get("block_id") for b in updated["view"]["blocks"]]
    assert "indicators.1.name" in ids and updated["view_id"] == view["id"]
    assert updated["view"]["blocks"][ids.index("indicators.0.name")]["element"]["initial_value"] == "Andel"

    # Clearly wrong values are refused on their own fields, politely; a negative change is a decrease: kept.
    wrong = {"indicators.0.name": text("Andel barn 10–12 i ledd fritid"), "indicators.0.baseline": text("1e9"),
             "indicators.0.target": text("-5"), "indicators.0.change": text("-5 procentenheter"),
             "indicators.0.by_when": text("igår")}
    status, body = running.sender.submit(view, wrong)
    errors = json.loads(body)["errors"]
    assert set(errors) == {"indicators.0.baseline", "indicators.0.target", "indicators.0.by_when"}, errors
    assert errors["indicators.0.baseline"].startswith("Skriv talet som det läses")
    assert "nivå kan inte vara negativ" in errors["indicators.0.target"]
    assert "Hur stor ska förflyttningen vara?" in errors["indicators.0.target"]
    assert errors["indicators.0.by_when"].startswith("Förflyttningen ska ske framåt i tiden")
    assert running.service.history(process=process, actor=ME, question_id="s3.indikatorer") == []

    status, body = running.sender.submit(view, {"indicators.0.name": text("Andel barn 10–12 i ledd fritid"),
                                                "indicators.0.baseline": text("32 procent"),
                                                "indicators.0.change": text("-5 procentenheter"),
                                                "indicators.0.by_when": text("2030"),
                                                "indicators.0.data_source": text("Fritidsvaneenkäten")})
    assert (status, body) == (200, "")
    running.slack.wait_for("chat.postMessage", where=lambda a: "sparade svaret" in a.get("text", ""))
    stored = running.service.history(process=process, actor=ME, question_id="s3.indikatorer")[-1]
    assert stored.value.indicators[0].data_source == "Fritidsvaneenkäten" and stored.via == "slack_modal"
    # Answered ahead (step 3 while the team is in step 1): confirmed in the thread the form was opened from,
    # and step 3's thread is not started before the team gets there.
    confirmed = running.slack.wait_for("chat.postMessage", where=lambda a: "sparade svaret" in a.get("text", ""))
    assert [a.get("thread_ts") for a in confirmed] == [thread_ts]
    assert "Steg 3 · fråga" in json.dumps(confirmed[0]["blocks"], ensure_ascii=False)
    settle(running.app)
    assert not [a for a in running.slack.of("chat.postMessage")
                if "Steg 3 av 7" in json.dumps(a.get("blocks", []), ensure_ascii=False)]
    with session_scope(running.engine) as session:
        assert threads.get_step_thread(session, process_id=process.id, step_number=3) is None
    assert running.service.next_prompt(process=process, actor=ME).step.number == 1  # the team stays in step 1


def test_roles_are_set_by_the_coordinator_and_enforced(running: Running) -> None:
    thread_ts, _ = start(running)
    running.sender.command("roll <@U2|eva> medlem", user=USER, channel=CHANNEL)
    running.slack.wait_for("chat.postEphemeral", where=lambda a: "är nu medlem" in a.get("text", ""))
    answer_by_reply(running, thread_ts, "Eva svarar", user="U2")
    running.slack.wait_for("chat.update", where=lambda a: "Bo Ekström sparade svaret" in a.get("text", ""))

    running.sender.command("roll <@U3> koordinator", user="U2", channel=CHANNEL)
    refusal = running.slack.wait_for("chat.postEphemeral", where=lambda a: a.get("user") == "U2"
                                      and "Spara som svar" not in a["text"])[0]
    assert "koordinator" in refusal["text"]
    process = running.service.find_process(channel_id=CHANNEL)
    assert running.service.membership.role_of(process=process, user_id="U3") is None

    running.sender.command("roller", user="U2", channel=CHANNEL)
    roles = running.slack.wait_for("chat.postEphemeral", where=lambda a: "Roller i" in json.dumps(
        a.get("blocks", []), ensure_ascii=False))[0]
    assert "Bo Ekström – medlem" in json.dumps(roles["blocks"], ensure_ascii=False)


def test_outsider_submitting_a_modal_sees_the_refusal_in_the_modal(running: Running) -> None:
    start(running)
    view = opened_view(running, "s1.langsiktigt_mal")
    status, body = running.sender.submit(view, {"text": text("Smuggelsvar")}, user="U_OUTSIDER")
    answer = json.loads(body)
    assert status == 200 and answer["response_action"] == "update"
    assert "inte med i processen" in json.dumps(answer["view"], ensure_ascii=False)


def test_rate_limited_post_is_retried(running: Running) -> None:
    running.slack.rate_limit_next["chat.postMessage"] = 1
    started = time.time()
    start(running)
    assert running.slack.of("chat.postMessage:429")
    assert time.time() - started >= 0.9  # waited Retry-After: 1


def test_unknown_subcommand_gets_short_ephemeral_help(running: Running) -> None:
    running.sender.command("gör något", user=USER, channel=CHANNEL)
    shown = running.slack.wait_for("chat.postEphemeral")[0]
    assert "/coach ny" in shown["text"] and shown["user"] == USER
    assert shown["blocks"][0]["text"]["text"] == "Jag känner inte igen `gör`. Så här kan du skriva:"
    running.sender.command("hjälp", user=USER, channel=CHANNEL)  # asked for: no "I don't know"
    asked = running.slack.wait_for("chat.postEphemeral", 2)[1]
    assert "känner inte igen" not in json.dumps(asked["blocks"], ensure_ascii=False)
    running.slack.clear()
    running.sender.command("status", user=USER, channel="C_EMPTY")
    hint = running.slack.wait_for("chat.postEphemeral")[0]
    assert "ingen process i den här kanalen" in hint["text"]


def test_global_shortcut_shows_the_overview_in_a_modal(running: Running) -> None:
    start(running)
    running.sender.interaction({"type": "shortcut", "callback_id": c.SHORTCUT_STATUS, "user": {"id": USER},
                                "trigger_id": "t.short", "action_ts": "1.2"})
    view = running.slack.wait_for("views.open")[0]["view"]
    assert "Meningsfull fritid i Skogås" in json.dumps(view, ensure_ascii=False) and len(view["blocks"]) <= 100


def test_export_is_sent_privately_as_a_file(running: Running) -> None:
    thread_ts, _ = start(running)
    answer_by_reply(running, thread_ts, "Ett tryggt Skogås")
    running.sender.command("export", user=USER, channel=CHANNEL)
    done = running.slack.wait_for("files.completeUploadExternal")[0]
    assert done["channel_id"] == f"D{USER}"
    exported = json.loads(next(iter(running.slack.uploads.values())))
    assert exported["process"]["name"] == "Meningsfull fritid i Skogås"
    assert "Ett tryggt Skogås" in json.dumps(exported, ensure_ascii=False)
    running.slack.wait_for("chat.postEphemeral", where=lambda a: "direktmeddelande" in a.get("text", ""))


def test_typed_words_in_the_thread(running: Running) -> None:
    thread_ts, _ = start(running)
    reply(running, thread_ts, "vägledning")
    guidance = running.slack.wait_for("chat.postEphemeral", where=lambda a: "Vägledning" in a.get("text", ""))[0]
    assert "Bild 10" in json.dumps(guidance["blocks"], ensure_ascii=False)
    reply(running, thread_ts, "hoppa över")
    running.slack.wait_for("chat.update", where=lambda a: "hoppade över" in a.get("text", ""))
    process = running.service.find_process(channel_id=CHANNEL)
    assert running.service.history(process=process, actor=ME, question_id="s1.langsiktigt_mal")[0].skipped
