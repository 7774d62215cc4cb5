"""What one person sees in a modal is in their language (their Slack locale, else the process's): the answer
and decision modals, the ABCDE report and schedule modals, the validation problems shown in them and the
views rebuilt when a row is added — each modal records the language it was built in (private_metadata `l`)
and its submission answers in it. A role change told to *another* person by direct message is in the
recipient's language. The step thread, seen by the team, stays in the process's language (Swedish here).
Through the real bolt App over HTTP against the fake Slack."""

from __future__ import annotations

import json

import coachtext
from bot.service import Actor
from bot.slack import constants as c
from flows.loader import get_flow
from tests.slack.conftest import Running
from tests.slack.test_e2e_flow import CHANNEL, USER, settled, start
from tests.slack.test_e2e_problem_tree import state_of

ME = Actor(user_id=USER, display_name=USER, via="slack_thread")
BO = "U2"  # Slack in English (en-US)
FLOW = get_flow()


def words(view: dict) -> str:
    return json.dumps(view, ensure_ascii=False)


def open_answer(running: Running, question_id: str, user: str) -> dict:
    process = running.service.find_process(channel_id=CHANNEL)
    before = len(running.slack.of("views.open"))
    running.sender.click(c.ANSWER, json.dumps({"p": process.id, "q": question_id}), user=user, channel=CHANNEL)
    return running.slack.wait_for("views.open", before + 1)[-1]["_response"]["view"]


def errors_of(running: Running, view: dict, values: dict, user: str) -> dict[str, str]:
    status, body = running.sender.submit(view, values, user=user)
    assert status == 200 and body.strip().startswith("{"), body
    answer = json.loads(body)
    assert answer["response_action"] == "errors", answer
    return answer["errors"]


def with_bo(running: Running, role: str = "projektledare") -> str:
    """A Swedish process (COACH_LANGUAGE) started by U1 (no locale), with Bo (en-US) in it; the thread ts."""
    running.slack.locales[BO] = "en-US"
    thread_ts, _first = start(running)
    process = running.service.find_process(channel_id=CHANNEL)
    assert process.language == "sv"
    running.service.membership.set_role(process=process, actor=ME, user_id=BO, role=role, display_name="Bo")
    settled(running)
    return thread_ts


def test_an_english_person_answers_in_an_english_modal_with_english_errors_and_the_thread_stays_swedish(
        running: Running) -> None:
    with_bo(running)
    question = FLOW.question("s1.behov_problem")

    view = open_answer(running, question.id, BO)
    assert view["title"]["text"] == "Answer" and view["submit"]["text"] == "Save"
    assert view["close"]["text"] == "Cancel"
    assert question.text.get("en") in words(view["blocks"]) and question.text.get("sv") not in words(view["blocks"])
    assert json.loads(view["private_metadata"])["l"] == "en"

    # An empty answer: the problem is said in English, in the modal that stays open.
    errors = errors_of(running, view, {"text": {"v": {"type": "plain_text_input", "value": ""}}}, BO)
    said = " ".join(errors.values())
    assert said and coachtext.t("validation.pydantic.missing", "en").split()[0] in said.lower(), said
    assert not any(word in said for word in ("måste", "får inte", "fyllas")), said

    # Saved: the confirmation in the thread, which the team sees, is in Swedish.
    assert running.sender.submit(view, {"text": {"v": {"type": "plain_text_input", "value": "Unga saknar fritid"}}},
                                 user=BO) == (200, "")
    running.slack.wait_for("chat.postMessage", where=lambda a: "sparade svaret på «Vilka behov" in a.get("text", ""))
    assert not [a for a in running.slack.of("chat.postMessage") if "saved the answer" in a.get("text", "")]
    history = running.service.history(process=running.service.find_process(channel_id=CHANNEL), actor=ME,
                                      question_id=question.id)
    assert [v.value.text for v in history] == ["Unga saknar fritid"] and history[0].author == BO

    # The same question opened by U1 (no Slack locale): the process's language.
    swedish = open_answer(running, question.id, USER)
    assert swedish["title"]["text"] == "Svara" and question.text.get("sv") in words(swedish["blocks"])
    assert json.loads(swedish["private_metadata"])["l"] == "sv"


def test_a_row_added_in_an_english_modal_keeps_the_modal_english(running: Running) -> None:
    with_bo(running)
    view = open_answer(running, "s2.problemtrad", BO)
    assert "Add row" in words(view["blocks"])
    before = len(running.slack.of("views.update"))
    running.sender.interaction({"type": "block_actions", "user": {"id": BO}, "trigger_id": "t.row",
                                "view": {**view, "state": {"values": state_of(view, {})}},
                                "actions": [{"type": "button", "action_id": f"{c.ADD_ROW}:causes",
                                             "value": "causes", "block_id": "b", "action_ts": "1.1"}]})
    update = running.slack.wait_for("views.update", before + 1)[-1]
    rebuilt = update["_response"]["view"]
    assert "causes.1.text" in {b.get("block_id") for b in rebuilt["blocks"]}
    assert rebuilt["title"]["text"] == "Answer" and "Lägg till rad" not in words(rebuilt["blocks"])
    assert json.loads(rebuilt["private_metadata"])["l"] == "en"


def test_the_decision_modal_and_its_problems_are_in_the_coordinators_language(running: Running) -> None:
    running.slack.locales[USER] = "en-GB"  # the coordinator reads Slack in English; the process is Swedish
    start(running)
    assert running.service.find_process(channel_id=CHANNEL).language == "sv"
    running.sender.command("beslut 1", user=USER, channel=CHANNEL)
    view = running.slack.wait_for("views.open")[-1]["_response"]["view"]
    gate = FLOW.step(1).gate
    assert view["callback_id"] == c.DECIDE_VIEW and view["title"]["text"] == "Beslut (decision)"
    assert gate.decision.get("en") in words(view["blocks"]) and "Inför beslut saknas" not in words(view["blocks"])
    assert json.loads(view["private_metadata"])["l"] == "en"

    errors = errors_of(running, view, state_of(view, {}), USER)  # nothing filled in
    said = " ".join(errors.values())
    assert "must be filled in" in said.lower() and "måste" not in said, said


def test_a_role_change_is_told_to_the_other_person_in_their_own_language(running: Running) -> None:
    running.slack.locales[BO] = "en-US"
    start(running)  # U1 (no locale) is koordinator of a Swedish process
    running.sender.command(f"roll <@{BO}|bo> projektledare", user=USER, channel=CHANNEL)
    told = running.slack.wait_for("chat.postMessage", where=lambda a: a.get("channel") == f"D{BO}")[0]
    assert "gave you the role" in told["text"] and f"<#{CHANNEL}>" in told["text"], told["text"]
    assert "gav dig" not in told["text"]
    asker = running.slack.wait_for("chat.postEphemeral", where=lambda a: a.get("user") == USER
                                   and "projektledare" in a.get("text", ""))[0]
    assert "är nu" in asker["text"], asker["text"]  # the asker's own reply: their language, Swedish

    running.sender.command(f"roll <@{BO}|bo> ingen", user=USER, channel=CHANNEL)
    removed = running.slack.wait_for("chat.postMessage", 2, where=lambda a: a.get("channel") == f"D{BO}")[-1]
    assert "removed you from the process" in removed["text"], removed["text"]


def test_the_abcde_modals_are_in_the_persons_language_and_answer_in_it(running: Running) -> None:
    running.slack.locales[USER] = "en-GB"
    start(running)
    running.sender.command("abcde schema", user=USER, channel=CHANNEL)
    schedule = running.slack.wait_for("views.open")[-1]["_response"]["view"]
    assert schedule["title"]["text"] == "ABCDE schedule" and "Veckodag" not in words(schedule["blocks"])
    assert json.loads(schedule["private_metadata"])["l"] == "en"
    assert running.sender.submit(schedule, state_of(schedule, {}), user=USER) == (200, "")
    told = running.slack.wait_for("chat.postEphemeral", where=lambda a: a.get("user") == USER
                                  and a.get("text", "").startswith("ABCDE report every other week Monday"))[-1]
    assert "varannan" not in told["text"] and "Påminn" not in told["text"], told["text"]

    before = len(running.slack.of("views.open"))
    running.sender.command("abcde", user=USER, channel=CHANNEL)
    report = running.slack.wait_for("views.open", before + 1)[-1]["_response"]["view"]
    assert report["title"]["text"] == "ABCDE report" and "Aktiviteter" not in words(report["blocks"])
    assert json.loads(report["private_metadata"])["l"] == "en"
    errors = errors_of(running, report, {}, USER)  # nothing reported
    said = " ".join(errors.values())
    assert said == "the report is empty – fill in at least one of A–E", said  # the model's own check, in English



def test_guidance_asked_by_an_english_person_is_headed_in_english(running: Running) -> None:
    thread_ts = with_bo(running)
    process = running.service.find_process(channel_id=CHANNEL)
    question = FLOW.question("s1.langsiktigt_mal")
    running.sender.click(c.GUIDANCE, json.dumps({"p": process.id, "q": question.id}), user=BO, channel=CHANNEL,
                         thread_ts=thread_ts)
    shown = running.slack.wait_for("chat.postEphemeral", where=lambda a: a.get("user") == BO
                                   and a.get("text", "").startswith("*Guidance*"))[0]
    assert question.text.get("en")[:40] in shown["text"]
    running.sender.event({"type": "message", "channel": CHANNEL, "user": BO, "text": "vägledning",
                          "ts": running.slack.next_ts(), "thread_ts": thread_ts, "channel_type": "channel"})
    running.slack.wait_for("chat.postEphemeral", 2, where=lambda a: a.get("user") == BO
                           and a.get("text", "").startswith("*Guidance*"))
