"""Per-person language and time zone from Slack's users.info (its `locale`, asked for with include_locale,
and `tz`): what one person alone sees — ephemeral replies, help, the decision modal's date — is in their
language and time zone; what the team sees in the step threads stays in the process's language."""

from __future__ import annotations

import json

from bot.service import Actor
from bot.slack.context import language_of, zone_of
from tests.slack.conftest import Running
from tests.slack.test_e2e_flow import CHANNEL, USER, click_offer, offer_for, reply, settled, start
from tests.slack.test_timezone_setting import STOCKHOLM, elsewhere, today_in

ME = Actor(user_id=USER, display_name=USER, via="slack_thread")
BO = "U2"  # Slack in English (en-US)


def test_slack_locales_and_zones_map_to_what_the_coach_speaks_and_knows() -> None:
    assert [language_of(x) for x in ("sv-SE", "en-US", "en-GB", "en_AU", "de-DE", "", None)] == \
        ["sv", "en", "en", "en", None, None, None]
    assert [zone_of(x) for x in ("America/New_York", "Mars/Olympus", "", None)] == \
        ["America/New_York", None, None, None]


def buttons(message: dict) -> list[str]:
    return [e["text"]["text"] for b in message["blocks"] if b["type"] == "actions" for e in b["elements"]]


def test_an_english_person_in_a_swedish_process_gets_english_replies_and_the_thread_stays_swedish(
        running: Running) -> None:
    slack, service = running.slack, running.service
    slack.locales[BO] = "en-US"
    thread_ts, first = start(running)  # U1 has no locale in Slack: COACH_LANGUAGE, Swedish
    assert "långsiktiga mål" in first["text"]
    process = service.find_process(channel_id=CHANNEL)
    assert process.language == "sv"
    service.membership.set_role(process=process, actor=ME, user_id=BO, role="projektledare", display_name="Bo")
    settled(running)

    # Bo's thread reply: the offer only he sees is in English.
    reply(running, thread_ts, "Alla unga i Skogås har en meningsfull fritid", user=BO)
    offer = offer_for(running, "Alla unga i Skogås", user=BO)
    assert offer["text"] == "Save as the answer to «What is the long-term goal?»?"
    assert buttons(offer) == ["Save as answer", "No, it was discussion"]
    asked = [call for call in slack.of("users.info") if call.get("user") == BO]
    assert asked and all(str(call.get("include_locale")).lower() in ("1", "true") for call in asked)

    # Saved: the question's message in the thread, seen by the whole team, stays Swedish, as does the next one.
    click_offer(running, offer, user=BO, thread_ts=thread_ts)
    confirmed = slack.wait_for("chat.update", where=lambda a: "sparade svaret" in a.get("text", ""))[0]
    assert "saved the answer" not in confirmed["text"]
    following = slack.wait_for("chat.postMessage", where=lambda a: a.get("thread_ts") == thread_ts
                               and a.get("text", "").startswith("Vilka är de politiskt"))[0]
    assert buttons(following) == ["Svara", "Vägledning", "Hoppa över", "Tillbaka"]

    # A second click on the same offer, and the help asked for in the thread and by /coach: English.
    click_offer(running, offer, user=BO, thread_ts=thread_ts)
    slack.wait_for("chat.postEphemeral", where=lambda a: a.get("user") == BO
                   and a.get("text") == "This post has already been handled.")
    reply(running, thread_ts, "hjälp", user=BO)
    slack.wait_for("chat.postEphemeral", where=lambda a: a.get("user") == BO and a.get("thread_ts") == thread_ts
                   and "commands" in a.get("text", ""))
    running.sender.command("hjälp", user=BO, channel=CHANNEL)
    help_ = slack.wait_for("chat.postEphemeral", where=lambda a: a.get("user") == BO and not a.get("thread_ts")
                           and "`/coach language en|sv`" in a.get("text", ""))[0]
    assert "kommandon" not in help_["text"]
    running.sender.command("status", user=BO, channel=CHANNEL)  # a process subcommand: its answer is his alone
    status = slack.wait_for("chat.postEphemeral", where=lambda a: a.get("user") == BO
                            and "you are projektledare" in json.dumps(a.get("blocks") or [], ensure_ascii=False))[0]
    assert "besvarade" not in json.dumps(status["blocks"], ensure_ascii=False)

    running.sender.event({"type": "app_home_opened", "user": BO, "channel": "D2", "tab": "home"})
    home = json.dumps(slack.wait_for("views.publish", where=lambda a: a.get("user_id") == BO)[0]["view"]["blocks"],
                      ensure_ascii=False)
    assert "Your processes" in home and "Next question" in home and "besvarade" not in home
    # A direct message to the bot: the pointer, and the team's next question in it, in his language.
    running.sender.event({"type": "message", "channel": "D2", "channel_type": "im", "user": BO,
                          "text": "Where do I answer?", "ts": slack.next_ts()})
    dm = slack.wait_for("chat.postMessage", where=lambda a: a.get("channel") == "D2")[0]["text"]
    assert dm.startswith("Hi!") and "Next question: " in dm and "decided goals are to be achieved?" in dm
    assert "Nästa fråga" not in dm and "politiskt" not in dm

    # U1, without a locale, is answered in the process's language.
    settled(running)
    reply(running, thread_ts, "Kommunfullmäktiges fritidsnämnd", user=USER)
    mine = offer_for(running, "Kommunfullmäktiges fritidsnämnd", user=USER)
    assert mine["text"].startswith("Spara som svar på «Vilka är de politiskt")


def test_the_decision_modal_dates_today_in_the_coordinators_own_time_zone(running: Running) -> None:
    slack = running.slack
    zone = elsewhere()  # never Stockholm's date, the process's (COACH_TIMEZONE's default) zone
    slack.zones[USER] = zone
    start(running)
    before = today_in(zone)
    running.sender.command("beslut 1", user=USER, channel=CHANNEL)
    view = slack.wait_for("views.open")[0]["_response"]["view"]
    date = next(b for b in view["blocks"] if b.get("block_id") == "date")["element"]["initial_date"]
    assert date in {before, today_in(zone)}  # either side of midnight there
    assert date != today_in(STOCKHOLM) or today_in(zone) == today_in(STOCKHOLM)  # (midnight passed meanwhile)


def test_the_abcde_rhythm_is_told_in_the_askers_language_with_the_next_reminder_in_their_time_zone(
        running: Running) -> None:
    slack = running.slack
    slack.locales[USER], slack.zones[USER] = "en-GB", "America/New_York"
    start(running)  # a Swedish process (COACH_LANGUAGE), whose coordinator reads Slack in English
    running.sender.command("abcde schema varannan vecka måndag 09:00", user=USER, channel=CHANNEL)
    told = slack.wait_for("chat.postEphemeral", where=lambda a: "Next reminder:" in a.get("text", ""))[0]
    assert "Nästa påminnelse" not in told["text"]
    assert told["text"].rstrip(".").endswith("(America/New_York)")  # 09:00 Stockholm, shown where they are
    when = told["text"].split("Next reminder:")[1].split("(")[0].strip()
    assert when.endswith(("03:00", "02:00", "04:00"))  # 09:00 in Stockholm is 03:00 in New York (02:00/04:00 by DST)
