"""End to end over HTTP, the real app: `/coach roll @x ingen` removes a member (never the last koordinator),
export is for coordinators, a non-member cannot read the ABCDE schedule; refusals are polite, private and
audited. After `coach person erase`, what the team sees names «Person 1 (raderad)»."""

from __future__ import annotations

import json

from storage.db import session_scope
from storage.repository import list_audit
from storage.repository.privacy import erase_person
from tests.slack.conftest import Running
from tests.slack.test_e2e_flow import CHANNEL, ME, USER, click_offer, offer_for, reply, start

BODIL, EVA = "U2", "U3"


def ephemeral_to(running: Running, user: str, text: str) -> dict:
    return running.slack.wait_for("chat.postEphemeral", where=lambda a: a.get("user") == user and text in a["text"])[0]


def test_roles_export_and_schedule_follow_the_roles(running: Running) -> None:
    slack, sender, service = running.slack, running.sender, running.service
    slack.people[BODIL] = ("Bodil Ekström", "bodil.e")
    start(running)
    process = service.find_process(channel_id=CHANNEL)
    sender.command(f"roll <@{BODIL}|bodil.e> medlem", user=USER, channel=CHANNEL)
    ephemeral_to(running, USER, "är nu medlem")
    slack.clear()

    sender.command("export", user=BODIL, channel=CHANNEL)
    refusal = ephemeral_to(running, BODIL, "bara processens koordinator")
    assert "Traceback" not in json.dumps(refusal) and slack.of("files.getUploadURLExternal") == []
    sender.command("abcde schema", user=EVA, channel=CHANNEL)
    ephemeral_to(running, EVA, "inte med i processen")

    slack.clear()
    sender.command(f"roll <@{USER}> ingen", user=BODIL, channel=CHANNEL)
    ephemeral_to(running, BODIL, "bara processens koordinator")
    sender.command(f"roll <@{USER}> ingen", user=USER, channel=CHANNEL)
    last = ephemeral_to(running, USER, "enda koordinatorn")
    assert "Gör först någon annan till koordinator" in last["text"]
    sender.command(f"roll <@{BODIL}|bodil.e> ingen", user=USER, channel=CHANNEL)
    removed = ephemeral_to(running, USER, "är inte längre med i processen")
    assert removed["text"].startswith("Bodil Ekström är inte") and "svarat finns kvar" in removed["text"]
    assert [m[0] for m in service.membership.members(process=process, actor=ME)] == [USER]
    sender.command("status", user=BODIL, channel=CHANNEL)  # removed: reads nothing any more
    ephemeral_to(running, BODIL, "inte med i processen")
    # nothing of this was said in the channel; the removed person alone is told, in a direct message
    told = slack.of("chat.postMessage")
    assert [m["channel"] for m in told] == [f"D{BODIL}"] and "tagit bort dig" in told[0]["text"]

    with session_scope(running.engine) as session:
        events = list_audit(session, process_id=process.id)
    assert [(e.actor, e.detail["action"]) for e in events if e.action == "refused"] == [
        (BODIL, "export"), (EVA, "not_member"), (BODIL, "remove_member"), (BODIL, "status")]
    assert [(e.actor, e.detail["user_id"]) for e in events if e.action == "member_removed"] == [(USER, BODIL)]

    sender.command("export", user=USER, channel=CHANNEL)  # the coordinator gets it privately
    slack.wait_for("files.completeUploadExternal")
    exported = json.loads(next(iter(slack.uploads.values())))
    assert "member_removed" in [e["action"] for e in exported["audit"]]


def test_after_erase_the_team_sees_the_pseudonym(running: Running) -> None:
    slack, sender, service = running.slack, running.sender, running.service
    slack.people[BODIL] = ("Bodil Ekström", "bodil.e")
    thread_ts, _ = start(running)
    process = service.find_process(channel_id=CHANNEL)
    sender.command(f"roll <@{BODIL}|bodil.e> medlem", user=USER, channel=CHANNEL)
    ephemeral_to(running, USER, "är nu medlem")
    reply(running, thread_ts, f"Ett tryggt Skogås för alla, sa <@{BODIL}|bodil.e>", user=BODIL)
    # the offer shows the mention as the name, so it is found by the words before it
    click_offer(running, offer_for(running, "Ett tryggt Skogås för alla", BODIL), user=BODIL, thread_ts=thread_ts)
    saved = slack.wait_for("chat.update", where=lambda a: "sparade svaret" in a.get("text", ""))[0]
    assert "Bodil Ekström" in saved["text"]  # shown by name before the erasure
    with session_scope(running.engine) as session:
        assert erase_person(session, user_id=BODIL, requested_by=USER).pseudonym == "Person 1 (raderad)"
    slack.clear()
    sender.command("sammanfatta 1", user=USER, channel=CHANNEL)
    summary = slack.wait_for("chat.postMessage", where=lambda a: "Ett tryggt" in json.dumps(a))[0]
    shown = json.dumps(summary, ensure_ascii=False)
    assert "sa Person 1 (raderad)" in shown
    assert not any(trace in shown.lower() for trace in (BODIL.lower(), "bodil", "ekström"))
    history = service.history(process=process, actor=ME, question_id="s1.langsiktigt_mal")
    assert [(v.version, v.author) for v in history] == [(1, "Person 1 (raderad)")]
