"""People by name in Slack: the real App over HTTP against the fake Slack, whose users.info answers like
Slack. Authors and mentions are shown as real names in messages, summaries, App Home and the underlag
document; nothing the app sends carries a live mention; each person is looked up once."""

from __future__ import annotations

import io
import json
from collections import Counter

from docx import Document

from bot.service import Actor
from bot.slack.people import SHOWN
from flows.state import Answer
from storage.db import session_scope
from storage.repository.people import get_people
from tests.slack.conftest import Running

USER, MEMBER, CHANNEL = "U1", "U2", "C1"  # the fake's U1 is Anna Lind, U2 Bo Ekström, U3 Cecilia Öberg
ANNA = Actor(user_id=USER, display_name="anna", via="slack_thread")
BO = Actor(user_id=MEMBER, display_name="bob", via="slack_thread")


def sent_texts(running: Running) -> list[str]:
    """Every text field of every message and view the app sent."""
    out: list[str] = []

    def walk(value, key=None) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, k)
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif isinstance(value, str) and key in ("text", "initial_comment"):
            out.append(value)

    for method, args in list(running.slack.calls):
        if method in SHOWN:
            walk({k: v for k, v in args.items() if k != "_response"})
    return out


def docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_authors_and_mentions_are_shown_by_real_name_and_never_ping(running: Running) -> None:
    slack, sender, service = running.slack, running.sender, running.service
    slack.zones["U2"], slack.locales["U2"] = "Europe/Stockholm", "sv-SE"  # Bo's Slack: kept with his name
    sender.command("ny Meningsfull fritid i Skogås", user=USER, channel=CHANNEL)
    slack.wait_for("chat.postMessage", where=lambda a: "Steg 1 av" in json.dumps(a.get("blocks", [])))
    sender.command("roll <@U2|bob> medlem", user=USER, channel=CHANNEL)
    slack.wait_for("chat.postEphemeral", where=lambda a: "Bo Ekström är nu medlem" in a.get("text", ""))
    process = service.find_process(channel_id=CHANNEL)
    assert dict((u, n) for u, n, _ in service.membership.members(process=process, actor=ANNA))[MEMBER] == "Bo Ekström"

    # Bo answers (as Slack sends a typed mention: <@U3>); the answer is stored as typed.
    service.act(process=process, actor=BO, event=Answer("<@U3> och <@U1> håller i kontakten med skolan",
                                                        question_id="s1.langsiktigt_mal"))
    sender.command("sammanfatta 1", user=USER, channel=CHANNEL)
    summary = slack.wait_for("chat.postMessage", where=lambda a: "Sammanfattning steg 1" in a.get("text", ""))[0]
    shown = json.dumps(summary["blocks"], ensure_ascii=False)
    assert "Cecilia Öberg och Anna Lind håller i kontakten" in shown and "Bo Ekström" in shown

    sender.command("underlag 1", user=USER, channel=CHANNEL)
    done = slack.wait_for("files.completeUploadExternal")[0]
    document = docx_text(slack.uploads[done["files"][0]["id"]])
    assert "Cecilia Öberg och Anna Lind håller i kontakten med skolan" in document
    assert "Bo Ekström" in document and "<@" not in document and "U3" not in document

    sender.command("roller", user=MEMBER, channel=CHANNEL)
    slack.wait_for("chat.postEphemeral", where=lambda a: "Bo Ekström – medlem" in json.dumps(
        a.get("blocks", []), ensure_ascii=False))
    sender.event({"type": "app_home_opened", "user": MEMBER, "channel": "D2", "tab": "home"})
    slack.wait_for("views.publish")

    texts = sent_texts(running)
    assert texts and not [t for t in texts if "<@" in t or "&lt;@" in t]  # no ping, no raw id, anywhere
    assert any("Anna Lind är koordinator" in t for t in texts)
    looked_up = Counter(args["user"] for args in slack.of("users.info"))
    assert set(looked_up) == {"U1", "U2", "U3"} and max(looked_up.values()) == 1  # once each, then cached
    assert service.history(process=process, actor=ANNA, question_id="s1.langsiktigt_mal")[0].value.text \
        == "<@U3> och <@U1> håller i kontakten med skolan"
    with session_scope(running.engine) as session:
        bo = get_people(session, user_ids=[MEMBER])[MEMBER]
    assert (bo.real_name, bo.display_name, bo.tz, bo.locale) == ("Bo Ekström", "bob", "Europe/Stockholm", "sv-SE")


def test_someone_slack_does_not_know_is_shown_by_handle_and_asked_for_once(running: Running) -> None:
    slack, sender = running.slack, running.sender
    slack.gone.add("U8")
    sender.command("ny Trygg i centrum", user=USER, channel=CHANNEL)
    slack.wait_for("chat.postMessage", where=lambda a: "Steg 1 av" in json.dumps(a.get("blocks", [])))
    sender.command("roll <@U8|nils> medlem", user=USER, channel=CHANNEL)
    slack.wait_for("chat.postEphemeral", where=lambda a: "nils är nu medlem" in a.get("text", ""))
    sender.command("roller", user=USER, channel=CHANNEL)
    roles = slack.wait_for("chat.postEphemeral", where=lambda a: "Roller i" in json.dumps(
        a.get("blocks", []), ensure_ascii=False))[0]
    assert "nils – medlem" in json.dumps(roles["blocks"], ensure_ascii=False)  # the name it was added with
    assert [a["user"] for a in slack.of("users.info")].count("U8") == 1  # a failed lookup is not repeated at once


def test_what_a_person_edits_keeps_the_mention_as_typed(fake_slack, slack_engine) -> None:
    """Only shown texts are named: a modal's initial value (the answer being edited) and button values keep
    `<@U…>`, so an unchanged submit stores exactly what was there; plain_text is not mrkdwn-escaped."""
    from slack_sdk import WebClient

    from bot.slack.people import PeopleDirectory, people_client, users_info

    fake_slack.people["U7"] = ("Ada & Co", "ada")
    raw = WebClient(token="xoxb-test", base_url=fake_slack.url)
    client = people_client(raw, PeopleDirectory(slack_engine, users_info(raw)))
    view = {"type": "modal", "title": {"type": "plain_text", "text": "Svar"},
            "submit": {"type": "plain_text", "text": "Spara"}, "blocks": [
        {"type": "section", "text": {"type": "mrkdwn", "text": "Förra svaret: &lt;@U7&gt; ringer"}},
        {"type": "context", "elements": [{"type": "plain_text", "text": "Av <@U7>"}]},
        {"type": "input", "block_id": "a", "label": {"type": "plain_text", "text": "Svar"},
         "element": {"type": "plain_text_input", "action_id": "v", "initial_value": "<@U7> ringer"}},
        {"type": "actions", "elements": [{"type": "button", "action_id": "b", "value": "<@U7>",
                                          "text": {"type": "plain_text", "text": "Ok"}}]}]}
    client.views_open(trigger_id="t1", view=view)
    sent = fake_slack.of("views.open")[0]["view"]
    assert sent["blocks"][0]["text"]["text"] == "Förra svaret: Ada &amp; Co ringer"
    assert sent["blocks"][1]["elements"][0]["text"] == "Av Ada & Co"
    assert sent["blocks"][2]["element"]["initial_value"] == "<@U7> ringer"
    assert sent["blocks"][3]["elements"][0]["value"] == "<@U7>"
