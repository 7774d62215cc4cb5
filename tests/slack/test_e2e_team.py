"""A team of three in one channel: talk stays talk, answers are deliberate, everyone sees one next question,
and the step thread stays quiet. Through the real bolt App and the fake Slack."""

from __future__ import annotations

import json
import time

from sqlmodel import select

from bot.service import Actor
from bot.slack import constants as c
from storage.db import session_scope
from storage.slack_models import ReplyDraft
from tests.fixtures import skogas
from tests.slack.conftest import Running
from tests.slack.fake_slack import shown
from tests.slack.test_e2e_flow import (
    CHANNEL,
    answer_by_reply,
    click_offer,
    offer_for,
    reply,
    saved,
    settled,
    start,
    texts,
)

ANNA, BO, CIA = "U1", "U2", "U3"  # Anna starts the process (coordinator); Bo and Cia are members
ME = Actor(user_id=ANNA, display_name=ANNA, via="slack_thread")


def thread_posts(running: Running, thread_ts: str) -> list[dict]:
    return [a for a in running.slack.of("chat.postMessage") if a.get("thread_ts") == thread_ts]


def values(running: Running) -> dict[str, object]:
    process = running.service.find_process(channel_id=CHANNEL)
    state = running.service.state(process=process, actor=ME)
    return {qid: (a.value.model_dump(mode="json") if a.value is not None else "skipped")
            for qid, a in state.answers.items()}


def open_modal(running: Running, question_id: str, user: str) -> dict:
    process = running.service.find_process(channel_id=CHANNEL)
    before = len(running.slack.of("views.open"))
    running.sender.click(c.ANSWER, json.dumps({"p": process.id, "q": question_id}), user=user, channel=CHANNEL)
    return running.slack.wait_for("views.open", before + 1)[-1]["_response"]["view"]


def submit_text(running: Running, question_id: str, text: str, user: str) -> None:
    view = open_modal(running, question_id, user)
    settled(running)
    before = len(confirmations(running))
    block = next(b["block_id"] for b in view["blocks"] if b["type"] == "input")  # "text", or "items" for a list
    assert running.sender.submit(view, {block: {"v": {"type": "plain_text_input", "value": text}}},
                                 user=user) == (200, "")
    deadline = time.time() + 5
    while len(confirmations(running)) <= before and time.time() < deadline:
        with running.slack.lock:
            running.slack.lock.wait(0.02)
    assert len(confirmations(running)) > before
    settled(running)


def confirmations(running: Running) -> list[dict]:
    """Messages saying an answer was saved: question messages updated in place, or (for a question never
    shown in Slack) a new confirmation."""
    with running.slack.lock:
        return [a for name, a in running.slack.calls if name in ("chat.update", "chat.postMessage")
                and "sparade svaret" in a.get("text", "")]


def add_team(running: Running) -> None:
    for user, name in ((BO, "bo"), (CIA, "cia")):
        running.sender.command(f"roll <@{user}|{name}> medlem", user=ANNA, channel=CHANNEL)
    for user in (BO, CIA):  # each is told privately, in a direct message
        told = running.slack.wait_for("chat.postMessage", where=lambda a, u=user: a["channel"] == f"D{u}")[0]
        assert "Anna Lind gav dig rollen *medlem*" in told["text"] and f"<#{CHANNEL}>" in told["text"]


def test_team_talk_stays_talk_and_everyone_sees_one_next_question(running: Running) -> None:
    slack, service = running.slack, running.service
    thread_ts, first = start(running)
    add_team(running)
    process = service.find_process(channel_id=CHANNEL)

    # Chatter: no offer at all (nobody clicks, nothing is stored).
    for user, text in ((BO, "???"), (CIA, "vem tar den här?"), (CIA, f"<@{BO}> kan du kolla med fritidsgården")):
        reply(running, thread_ts, text, user=user)
    # Bo's real answer: offered to Bo only, stored after his click.
    reply(running, thread_ts, "Alla unga i Skogås har en meningsfull fritid", user=BO)
    offer = offer_for(running, "Alla unga i Skogås", BO)
    assert offer["user"] == BO and offer["thread_ts"] == thread_ts
    click_offer(running, offer, user=BO)
    saved(running, user=BO)
    # Cia's aside gets the offer too, and she says it was discussion.
    reply(running, thread_ts, "Jag tycker vi borde prata med skolan först", user=CIA)
    click_offer(running, offer_for(running, "Jag tycker vi borde", CIA), c.DISCARD_DRAFT, user=CIA)

    # Out of order: Cia answers question 3 in its modal; question 2 stays the next one and is not re-posted.
    submit_text(running, "s1.behov_problem", "Unga saknar mötesplatser efter skolan", CIA)
    # Anna skips question 2 with its button: its message says so in place; question 4 comes next.
    settled(running)
    slack.clear()
    running.sender.click(c.SKIP, json.dumps({"p": process.id, "q": "s1.politiska_mal"}), user=ANNA,
                         channel=CHANNEL, thread_ts=thread_ts)
    skipped = slack.wait_for("chat.update", where=lambda a: "hoppade över" in a.get("text", ""))[0]
    assert "Vilka är de politiskt" in skipped["text"]
    nxt = slack.wait_for("chat.postMessage", where=lambda a: a.get("thread_ts") == thread_ts)[0]
    assert nxt["text"].startswith("Vilka insatser görs idag")  # s1.befintliga_insatser

    # Bo replies to question 4; before he clicks, Anna answers it in the modal and moves on. Bo's click
    # still stores his text on question 4 (the question his offer named), as a new version.
    reply(running, thread_ts, "Fritidsgården och fältassistenterna", user=BO)
    bo_offer = offer_for(running, "Fritidsgården och", BO)
    assert "«Vilka insatser görs idag" in bo_offer["text"]
    submit_text(running, "s1.befintliga_insatser", "Klubbverksamhet för 10–12-åringar", ANNA)
    click_offer(running, bo_offer, user=BO)
    slack.wait_for("chat.update", where=lambda a: f"{shown(BO)} sparade svaret" in a.get("text", "")
                   and "(version 2)" in a.get("text", ""))

    # Back shows the previous question again (asked for); «fortsätt» returns to the first open one.
    settled(running)
    posted = len(thread_posts(running, thread_ts))
    running.sender.click(c.BACK, json.dumps({"p": process.id, "q": "s1.utvecklingsbehov"}), user=ANNA,
                         channel=CHANNEL, thread_ts=thread_ts)
    in_thread = {"where": lambda a: a.get("thread_ts") == thread_ts}
    back = slack.wait_for("chat.postMessage", posted + 1, **in_thread)[posted]
    assert back["text"].startswith("Vilka insatser görs idag")
    reply(running, thread_ts, "fortsätt", user=CIA)
    again = slack.wait_for("chat.postMessage", posted + 2, **in_thread)[posted + 1]
    next_text = service.flow_of(process).question("s1.utvecklingsbehov").text.sv
    assert again["text"] == next_text

    # Status, App Home and the step's parent name the same next question.
    running.sender.command("status", user=BO, channel=CHANNEL)
    status = slack.wait_for("chat.postEphemeral", where=lambda a: a["user"] == BO and "Nästa fråga" in texts(
        a.get("blocks") or []))[0]
    assert next_text in texts(status["blocks"])
    running.sender.event({"type": "app_home_opened", "user": CIA, "channel": "D3", "tab": "home"})
    assert next_text in texts(slack.wait_for("views.publish")[0]["view"]["blocks"])
    parent = [a for a in slack.of("chat.update") if a["ts"] == thread_ts][-1]
    assert f"Nästa fråga: {next_text}" in texts(parent["blocks"])

    # Editing question 1 updates its message in place (version 2) and posts nothing new.
    settled(running)
    posts_before = len(thread_posts(running, thread_ts))
    submit_text(running, "s1.langsiktigt_mal", "Alla unga i Skogås har en meningsfull och trygg fritid", ANNA)
    edited = [a for a in slack.of("chat.update") if a["ts"] == first["_response"]["ts"]][-1]
    assert "(version 2)" in edited["text"] and "trygg fritid" in texts(edited["blocks"])
    assert len(thread_posts(running, thread_ts)) == posts_before

    # What is stored: only the deliberate answers.
    assert values(running) == {
        "s1.langsiktigt_mal": {"text": "Alla unga i Skogås har en meningsfull och trygg fritid"},
        "s1.behov_problem": {"text": "Unga saknar mötesplatser efter skolan"},
        "s1.politiska_mal": "skipped",
        "s1.befintliga_insatser": {"items": ["Fritidsgården och fältassistenterna"]},
    }
    with session_scope(running.engine) as session:
        drafts = {d.text: d.status for d in session.exec(select(ReplyDraft)).all()}
    assert drafts == {"Alla unga i Skogås har en meningsfull fritid": "saved",
                      "Jag tycker vi borde prata med skolan först": "discussion",
                      "Fritidsgården och fältassistenterna": "saved"}
    everything = json.dumps(slack.calls, ensure_ascii=False)
    assert "???" not in everything.replace('"???"', "")  # never echoed or offered
    assert "vem tar den här" not in everything and "ingen fråga att svara på" not in everything


def test_twenty_answers_in_step_one_keep_the_thread_quiet(running: Running) -> None:
    thread_ts, _ = start(running)
    add_team(running)
    process = running.service.find_process(channel_id=CHANNEL)
    example = skogas()["answers"]
    for question in running.service.flow_of(process).step(1).questions():
        value = example[question.id]
        text = value.get("text") or "\n".join(value.get("items") or []) or value.get("choice")
        answer_by_reply(running, thread_ts, text, user=(ANNA, BO, CIA)[len(values(running)) % 3])
    gate = running.slack.wait_for("chat.postMessage", where=lambda a: a.get("thread_ts") == thread_ts
                                  and "*Beslutspunkt 1:" in texts(a.get("blocks") or []))
    assert len(values(running)) == 20
    # Two edits after the step is complete: answers update in place, the gate prompt is not posted again.
    submit_text(running, "s1.tidplan", "Uppstart januari 2025, beslut om insatser i oktober", BO)
    submit_text(running, "s1.styrforum", "Områdesstyrgruppen Skogås (förvaltningscheferna)", CIA)
    settled(running)
    bot_messages = thread_posts(running, thread_ts)
    assert len(bot_messages) <= 25, len(bot_messages)
    assert len([a for a in bot_messages if "*Beslutspunkt 1:" in texts(a.get("blocks") or [])]) == 1 == len(gate)
    parent = [a for a in running.slack.of("chat.update") if a["ts"] == thread_ts][-1]
    visible = visible_text(parent["blocks"])
    assert len(visible) < 600 and "20 av 20 frågor besvarade" in visible and "✓ 2 · ✗ 0 av 2" in visible
    # Members never see Registrera beslut; a coordinator gets it privately.
    assert c.DECIDE not in json.dumps(bot_messages)
    offers = [a for a in running.slack.of("chat.postEphemeral") if c.DECIDE in json.dumps(a.get("blocks"))]
    assert offers and {a["user"] for a in offers} <= {ANNA}
    # A member asking for the gate again sees it, without the button; nothing says "no question".
    reply(running, thread_ts, "fortsätt", user=BO)
    running.slack.wait_for("chat.postMessage", where=lambda a: a.get("thread_ts") == thread_ts
                           and "*Beslutspunkt 1:" in texts(a.get("blocks") or []), count=2)
    assert [a for a in running.slack.of("chat.postEphemeral") if c.DECIDE in json.dumps(a.get("blocks"))] == offers
    assert "ingen fråga att svara på" not in json.dumps(running.slack.calls, ensure_ascii=False)


def visible_text(blocks: list[dict]) -> str:
    parts = []
    for block in blocks:
        if block.get("text"):
            parts.append(block["text"]["text"])
        for element in block.get("elements") or []:
            parts.append(element["text"] if isinstance(element.get("text"), str) else element["text"]["text"])
    return "\n".join(parts)


def test_a_long_reply_is_saved_whole_and_a_refused_one_stays_offered(running: Running) -> None:
    thread_ts, _ = start(running)
    long = "Alla barn och unga i Skogås ska ha en meningsfull fritid. " * 85  # ~5,000 characters
    reply(running, thread_ts, long.strip())
    offer = offer_for(running, long)
    assert f"({len(long.strip())} tecken)" in texts(offer["blocks"])
    click_offer(running, offer)
    saved(running)
    assert values(running)["s1.langsiktigt_mal"] == {"text": long.strip()}  # every character

    settled(running)
    too_long = "x" * 12_000  # over the answer limit: refused politely, the offer stays open
    reply(running, thread_ts, too_long)
    offer = offer_for(running, too_long)
    click_offer(running, offer)
    problem = running.slack.wait_for("chat.postEphemeral", where=lambda a: a.get("text") == "Det gick inte att spara:")
    assert "för lång" in texts(problem[0]["blocks"])
    with session_scope(running.engine) as session:
        draft = session.exec(select(ReplyDraft).where(ReplyDraft.text == too_long)).one()
        assert draft.status == "pending"  # kept whole; nothing lost
    assert "s1.politiska_mal" not in values(running)


def test_an_edited_reply_saves_the_edited_text_and_a_broadcast_reply_is_a_reply(running: Running) -> None:
    thread_ts, _ = start(running)
    ts = running.slack.next_ts()
    running.sender.event({"type": "message", "channel": CHANNEL, "user": ANNA, "text": "Alla unga har en fritd",
                          "ts": ts, "thread_ts": thread_ts, "subtype": "thread_broadcast"})
    offer = offer_for(running, "Alla unga har en fritd")
    running.sender.event({"type": "message", "subtype": "message_changed", "channel": CHANNEL, "hidden": True,
                          "message": {"type": "message", "user": ANNA, "text": "Alla unga har en meningsfull fritid",
                                      "ts": ts, "thread_ts": thread_ts, "edited": {"user": ANNA, "ts": "9.9"}},
                          "ts": running.slack.next_ts()})
    deadline = time.time() + 5
    while time.time() < deadline:
        with session_scope(running.engine) as session:
            if session.exec(select(ReplyDraft).where(ReplyDraft.ts == ts)).one().text.endswith("meningsfull fritid"):
                break
        with running.slack.lock:
            running.slack.lock.wait(0.02)
    click_offer(running, offer)
    saved(running)
    assert values(running)["s1.langsiktigt_mal"] == {"text": "Alla unga har en meningsfull fritid"}


def test_an_answer_out_of_order_leaves_later_replies_on_the_question_asked(running: Running) -> None:
    """Anna answers the step's last question in its form before anyone reached it; its confirmation is a new
    message in the thread. Bo's next reply is still offered for the question the thread asks (what status,
    the parent message and App Home call next), not for the one Anna just answered."""
    thread_ts, first = start(running)
    add_team(running)
    process = running.service.find_process(channel_id=CHANNEL)
    questions = running.service.flow_of(process).step(1).questions()
    asked, last = questions[0], next(q for q in questions if q.id == "s1.tidplan")
    assert questions.index(last) > 5
    submit_text(running, last.id, "Uppstart januari 2025, beslut om insatser i oktober 2025", ANNA)
    assert list(values(running)) == [last.id]
    talk = "Alla barn och unga i Skogås har en meningsfull fritid"
    reply(running, thread_ts, talk, user=BO)
    offer = offer_for(running, talk, BO)
    assert f"«{asked.text.sv[:30]}" in offer["text"], offer["text"]
    assert last.text.sv[:30] not in offer["text"]
    click_offer(running, offer, user=BO, thread_ts=thread_ts)
    running.slack.wait_for("chat.update", where=lambda a: a.get("ts") == first["_response"]["ts"])
    settled(running)
    assert set(values(running)) == {asked.id, last.id}
    assert values(running)[last.id] == {"text": "Uppstart januari 2025, beslut om insatser i oktober 2025"}
