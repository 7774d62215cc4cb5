"""End to end over HTTP: `/coach namn` renames the channel's process and `/coach arkivera` archives it
(coordinators only; both told in the channel); afterwards the channel is free for a new process."""

from __future__ import annotations

from bot.service import Actor
from storage.db import session_scope
from storage.repository import list_audit
from tests.slack.conftest import Running
from tests.slack.test_e2e_flow import CHANNEL, USER, reply, start

ME = Actor(user_id=USER, display_name=USER, via="slack_thread")
BO = "U2"
NEW = "Meningsfull fritid i Skogås och Trångsund"


def test_rename_and_archive_from_slack(running: Running) -> None:
    slack, sender, service = running.slack, running.sender, running.service
    thread_ts, _ = start(running)
    process = service.find_process(channel_id=CHANNEL)
    service.membership.set_role(process=process, actor=ME, user_id=BO, role="medlem", display_name="Bo")
    slack.clear()

    assert sender.command("namn", user=USER, channel=CHANNEL)[0] == 200
    usage = slack.wait_for("chat.postEphemeral", where=lambda a: "/coach namn" in a.get("text", ""))[0]
    assert "Meningsfull fritid i Skogås" in usage["text"]

    assert sender.command(f"namn {NEW}", user=BO, channel=CHANNEL)[0] == 200
    refused = slack.wait_for("chat.postEphemeral", where=lambda a: a.get("user") == BO)[0]
    assert "koordinator" in refused["text"]
    assert sender.command(f"namn {NEW}", user=USER, channel=CHANNEL)[0] == 200
    told = slack.wait_for("chat.postMessage", where=lambda a: "bytte namn" in a.get("text", ""))[0]
    assert NEW in told["text"] and told["channel"] == CHANNEL
    assert service.find_process(channel_id=CHANNEL).name == NEW

    assert sender.command("arkivera", user=USER, channel=CHANNEL)[0] == 200
    slack.wait_for("chat.postMessage", where=lambda a: "arkiverade processen" in a.get("text", ""))
    with session_scope(running.engine) as session:
        actions = [e.action for e in list_audit(session, process_id=process.id)]
    assert actions[-2:] == ["process_renamed", "process_archived"] and "refused" in actions

    slack.clear()  # the old step thread is read-only now: a reply there is refused politely, nothing stored
    reply(running, thread_ts, "Ett tryggt Skogås")
    slack.wait_for("chat.postEphemeral", where=lambda a: "är arkiverad" in a.get("text", ""))
    assert service.state(process=process, actor=ME).answers == {}
    assert sender.command("status", user=USER, channel=CHANNEL)[0] == 200
    slack.wait_for("chat.postEphemeral", where=lambda a: "ingen process i den här kanalen" in a.get("text", ""))
    assert sender.command("ny Fritid 2027", user=USER, channel=CHANNEL)[0] == 200
    slack.wait_for("chat.postMessage", where=lambda a: "Fritid 2027" in a.get("text", ""))
