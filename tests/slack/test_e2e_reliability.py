"""Retries and replays store one answer; forged and stale requests are rejected; outsiders are refused."""

from __future__ import annotations

import json
import time

from bot.service import Actor
from bot.slack import constants as c
from storage.db import session_scope
from storage.repository import list_audit
from tests.slack.conftest import Running
from tests.slack.settle import settle
from tests.slack.signed import sign
from tests.slack.test_e2e_flow import CHANNEL, USER, click_offer, offer_for, reply, saved, settled, start

ME = Actor(user_id=USER, display_name=USER, via="slack_thread")


def answer_count(running: Running, question_id: str) -> int:
    process = running.service.find_process(channel_id=CHANNEL)
    return len(running.service.history(process=process, actor=ME, question_id=question_id))


def test_event_delivered_four_times_stores_one_answer(running: Running) -> None:
    thread_ts, _ = start(running)
    event = {"type": "message", "channel": CHANNEL, "user": USER, "text": "Ett tryggt Skogås",
             "ts": running.slack.next_ts(), "thread_ts": thread_ts}
    for retry in (None, "1", "2", "3"):
        headers = {"X-Slack-Retry-Num": retry, "X-Slack-Retry-Reason": "http_timeout"} if retry else {}
        status, _ = running.sender.event(event, event_id="EvRETRY", headers=headers)
        assert status == 200
    offer = offer_for(running, "Ett tryggt Skogås")
    click_offer(running, offer)
    click_offer(running, offer)  # a second click on the same offer: told it was handled, nothing stored
    running.slack.wait_for("chat.postEphemeral", where=lambda a: "redan hanterat" in a.get("text", ""))
    saved(running)
    settled(running)
    assert answer_count(running, "s1.langsiktigt_mal") == 1
    assert len([a for a in running.slack.of("chat.postEphemeral") if "Spara som svar" in a.get("text", "")]) == 1
    assert len([a for a in running.slack.of("chat.update") if "sparade svaret" in a.get("text", "")]) == 1


def test_replayed_button_click_acts_once(running: Running) -> None:
    thread_ts, _ = start(running)
    settled(running)  # the question's message is recorded before its button is clicked
    process = running.service.find_process(channel_id=CHANNEL)
    payload = {"type": "block_actions", "user": {"id": USER}, "trigger_id": "trig.replay",
               "channel": {"id": CHANNEL}, "message": {"ts": "1.1", "thread_ts": thread_ts},
               "actions": [{"action_id": c.SKIP, "value": json.dumps({"p": process.id, "q": "s1.langsiktigt_mal"}),
                            "action_ts": "1700000000.5", "type": "button"}]}
    for _ in range(3):
        assert running.sender.interaction(payload)[0] == 200
    running.slack.wait_for("chat.update", where=lambda a: "hoppade över" in a.get("text", ""))
    settle(running.app)  # all three deliveries handled
    assert answer_count(running, "s1.langsiktigt_mal") == 1


def test_forged_and_stale_requests_get_401_and_store_nothing(running: Running) -> None:
    sender = running.sender
    assert sender.command("ny Smygprocess", signature="v0=" + "0" * 64)[0] == 401
    stale = int(time.time()) - 60 * 10
    assert sender.command("ny Smygprocess", timestamp=stale)[0] == 401
    body = "token=x&command=%2Fcoach&text=ny+Annan&user_id=U1&channel_id=C9&trigger_id=t"
    stamp = str(int(time.time()))
    forged = sign("not-the-secret", stamp, body)
    assert sender.post(body, "application/x-www-form-urlencoded", timestamp=int(stamp), signature=forged)[0] == 401
    settle(running.app)  # (nothing should have been handed on)
    assert running.service.processes_for(user_id=USER) == []
    assert running.slack.of("chat.postMessage") == []


def test_non_member_is_refused_politely_and_audited(running: Running) -> None:
    thread_ts, _ = start(running)
    assert reply(running, thread_ts, "Jag vill också svara", user="U_OUTSIDER")[0] == 200
    refusal = running.slack.wait_for("chat.postEphemeral", where=lambda a: a.get("user") == "U_OUTSIDER")[0]
    assert "inte med i processen" in refusal["text"] and refusal["thread_ts"] == thread_ts
    assert answer_count(running, "s1.langsiktigt_mal") == 0
    process = running.service.find_process(channel_id=CHANNEL)
    with session_scope(running.engine) as session:
        refused = [e for e in list_audit(session, process_id=process.id) if e.action == "refused"]
    assert refused and refused[0].actor == "U_OUTSIDER"

    # Also through the slash command and a button.
    running.sender.command("status", user="U_OUTSIDER", channel=CHANNEL)
    running.sender.click(c.ANSWER, json.dumps({"p": process.id, "q": "s1.langsiktigt_mal"}), user="U_OUTSIDER")
    running.slack.wait_for("chat.postEphemeral", 3, where=lambda a: a.get("user") == "U_OUTSIDER")
    assert running.slack.of("views.open") == []


def test_retry_reaching_another_replica_is_deduplicated_in_the_database(running: Running) -> None:
    from bot.settings import Settings
    from bot.slack.app import build_app
    from tests.slack.app_server import AppServer
    from tests.slack.conftest import SECRET
    from tests.slack.signed import SlackSender

    thread_ts, _ = start(running)
    settings = Settings(_env_file=None, slack_bot_token="xoxb-test", slack_signing_secret=SECRET,
                        slack_api_url=running.slack.url)
    replica = AppServer(build_app(settings, running.service, running.engine), host="127.0.0.1", port=0)
    replica.start_in_thread()
    try:
        event = {"type": "message", "channel": CHANNEL, "user": USER, "text": "Ett tryggt Skogås",
                 "ts": running.slack.next_ts(), "thread_ts": thread_ts}
        other = SlackSender(f"http://127.0.0.1:{replica.port}/slack/events", SECRET)
        assert running.sender.event(event, event_id="EvREPLICA")[0] == 200
        assert other.event(event, event_id="EvREPLICA", headers={"X-Slack-Retry-Num": "1"})[0] == 200
        click_offer(running, offer_for(running, "Ett tryggt Skogås"))
        running.slack.wait_for("chat.update", where=lambda a: "sparade svaret" in a.get("text", ""))
        settle(running.app, replica.app)  # both replicas have handled everything they were sent
        assert answer_count(running, "s1.langsiktigt_mal") == 1
        assert len([a for a in running.slack.of("chat.postEphemeral") if "Spara som svar" in a.get("text", "")]) == 1
    finally:
        replica.shutdown()
        replica.server_close()


def test_error_outside_a_guarded_listener_is_answered_politely(fake_slack, slack_engine) -> None:
    """bolt's global error handler (errors no guarded listener caught) answers in the person's language."""
    from bot.errors import CoachError
    from bot.service import CoachService
    from bot.settings import Settings
    from bot.slack.app import build_app
    from flows.loader import get_flow
    from tests.slack.app_server import AppServer
    from tests.slack.conftest import SECRET
    from tests.slack.signed import SlackSender

    flow = get_flow()
    service = CoachService(db=slack_engine, flows={flow.id: flow})
    settings = Settings(_env_file=None, slack_bot_token="xoxb-test", slack_signing_secret=SECRET,
                        slack_api_url=fake_slack.url.rstrip("/"), slack_app_token=None)
    app = build_app(settings, service, slack_engine, flow_id=flow.id, with_abcde=False)

    def unguarded(ack) -> None:
        ack()
        raise CoachError("Det gick inte den här gången.")

    app.action("unguarded")(unguarded)
    server = AppServer(app, host="127.0.0.1", port=0)
    server.start_in_thread()
    try:
        sender = SlackSender(f"http://127.0.0.1:{server.port}/slack/events", SECRET)
        assert sender.click("unguarded", "{}", user=USER, channel=CHANNEL)[0] == 200
        fake_slack.wait_for("chat.postEphemeral", where=lambda a: "den här gången" in a.get("text", ""))
    finally:
        server.shutdown()
        server.server_close()
