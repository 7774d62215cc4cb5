"""The conversation's own messages: a short step parent, an answered question in place, the private offers."""

from __future__ import annotations

import json

import pytest

from bot.service import StepLine
from bot.slack import constants as c
from bot.slack.events import looks_like_talk
from bot.slack.messages import step_parent
from bot.slack.thread_blocks import answered_message, decide_offer, draft_offer, form_offer
from flows.answers import TextAnswer
from flows.loader import get_flow
from flows.state import StoredAnswer
from tests.slack.test_e2e_team import visible_text

FLOW = get_flow()


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_step_parent_stays_under_600_visible_characters(lang: str) -> None:
    for step in FLOW.steps:
        longest = max(step.questions(), key=lambda q: len(q.text.get(lang)))
        unmet = tuple(str(criterion.text.get(lang)) for criterion in step.gate.criteria)
        line = StepLine(number=step.number, title=step.title.get(lang), status="pagar", answered=3,
                        total=len(step.questions()), skipped=1, unmet=unmet)
        _, blocks = step_parent(FLOW, line, lang, process_id=9, next_q=longest)
        shown = visible_text(blocks)
        assert len(shown) < 600, (step.number, len(shown))
        assert f"✗ {len(unmet)} " in shown  # readiness as counts, never a list that reads as met
        assert json.loads(blocks[-1]["elements"][0]["value"]) == {"p": 9, "s": step.number}


def test_an_answered_question_shows_answer_version_author_and_edit() -> None:
    question = FLOW.question("s1.langsiktigt_mal")
    stored = StoredAnswer(TextAnswer(text="<!channel> Alla unga " + "mycket " * 400), 3)
    text, blocks = answered_message(FLOW, question, stored, "U2", 7, "sv", ("Steg 1 är redo för beslut.",))
    shown = json.dumps(blocks, ensure_ascii=False)
    assert "(version 3)" in text and "<@U2>" in text
    assert "<!channel>" not in shown and c.SHOW_ALL in shown  # escaped, and long answers offer Visa allt
    ids = [e["action_id"] for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert ids == [c.ANSWER, c.GUIDANCE]  # Ändra opens the modal; no Hoppa över / Tillbaka on an answer
    skipped = answered_message(FLOW, question, StoredAnswer(None, 1, skipped=True), "U2", 7, "en")[1]
    assert "skipped the question" in json.dumps(skipped) and "Answer" in json.dumps(skipped)


def test_offers_carry_ids_not_text_and_name_their_question() -> None:
    question = FLOW.question("s1.styrning")
    long = "Styrgrupp " * 2000  # 20,000 characters: the offer carries the draft's id, the text stays stored
    head, blocks = draft_offer(question, 41, 7, long, "sv")
    assert head == f"Spara som svar på «{question.text.sv}»?"
    values = [json.loads(e["value"]) for e in blocks[-1]["elements"]]
    assert values == [{"p": 7, "d": 41}, {"p": 7, "d": 41}] and "20000 tecken" in json.dumps(blocks)
    assert len(json.dumps(blocks, ensure_ascii=False)) < 1500
    tree = next(q for q in FLOW.questions() if q.type == "problem_tree")
    _, form = form_offer(tree, 7, "en")
    assert form[-1]["elements"][0]["action_id"] == c.ANSWER
    assert decide_offer(3, 7)[1][-1]["elements"][0]["action_id"] == c.DECIDE


@pytest.mark.parametrize("text,talk", [
    ("???", True), ("👍", True), ("vem tar den här?", True), ("<@U2> kan du kolla det här", True),
    ("ok 👍", True), ("ok :+1:", True), (":+1:", True), ("Okej!", True), ("tack", True), ("Tack så mycket!", True),
    ("bra", True), ("japp", True), ("Precis.", True), ("thanks", True), ("Sure", True), ("låter bra 🙂", True),
    ("ja", False), ("nej", False), ("1", False), ("12", False), ("Styrgrupp med förvaltningscheferna", False),
    ("ok med oss att socialtjänsten leder", False), ("kl 10:30:00 varje tisdag", False),
    ("Vad är det som gör att så få barn deltar? Vi tror att lokalerna saknas kvällstid och att avgifterna "
     "stänger ute många familjer.", False),
])
def test_only_chatter_that_cannot_be_an_answer_gets_no_offer(text: str, talk: bool) -> None:
    assert looks_like_talk(text) is talk
