"""Pure Block Kit builders: escaping, Slack's limits, and the process messages."""

from __future__ import annotations

import json

from bot.service import ProcessRef, Status, StepLine
from bot.slack import constants as c
from bot.slack.blocks import chunks, clip, escape, fit_message, section
from bot.slack.home import home_view
from bot.slack.messages import (
    decision_blocks,
    gap_lines,
    passages_blocks,
    question_message,
    status_blocks,
    step_parent,
    summary_blocks,
    underlag_blocks,
)
from bot.slack.thread_blocks import decide_offer
from flows.answers import TextAnswer
from flows.engine import gate_readiness, prompt_for, start
from flows.loader import get_flow
from flows.state import ProcessState, StoredAnswer
from guidance_corpus.base import Passage

FLOW = get_flow()


def test_escape_makes_channel_pings_inert() -> None:
    assert escape("<!channel> & <@U1>") == "&lt;!channel&gt; &amp; &lt;@U1&gt;"


def test_clip_keeps_limit_and_never_splits_an_escape() -> None:
    text = escape("a" * 2994 + " <b>")
    shown, cut = clip(text, 3000)
    assert cut and len(shown) <= 3000 and shown.endswith(" …") and "&l …" not in shown and "&lt …" not in shown


def test_section_and_fit_message_respect_limits() -> None:
    assert len(section("x" * 10_000)["text"]["text"]) == c.MAX_SECTION_TEXT
    blocks = fit_message([section(str(i)) for i in range(70)])
    assert len(blocks) == c.MAX_MESSAGE_BLOCKS and "21" in blocks[-1]["elements"][0]["text"]


def test_chunks_cover_all_text_within_section_size() -> None:
    text = escape("rad & mer\n" * 2000)
    pieces = chunks(text)
    assert all(len(p) <= c.MAX_SECTION_TEXT for p in pieces)
    assert "".join(pieces).replace("\n", "") == text.replace("\n", "")


def _state(**answers) -> ProcessState:
    return start(FLOW, ProcessState(answers={k: StoredAnswer(v, 1) for k, v in answers.items()}))


def test_question_message_has_the_four_buttons_and_shows_long_answers_shortened() -> None:
    long = TextAnswer(text="<!channel> " + "mycket text " * 600)
    state = _state(**{"s1.langsiktigt_mal": long})
    prompt = prompt_for(FLOW, state)
    from dataclasses import replace
    prompt = replace(prompt, question=FLOW.question("s1.langsiktigt_mal"), current=StoredAnswer(long, 1))
    text, blocks = question_message(FLOW, prompt, 7)
    dumped = json.dumps(blocks, ensure_ascii=False)
    assert "<!channel>" not in dumped and "&lt;!channel&gt;" in dumped
    ids = [e["action_id"] for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert ids == [c.ANSWER, c.GUIDANCE, c.SKIP, c.BACK]
    assert c.SHOW_ALL in dumped  # "Visa allt" for the shortened answer
    assert all(len(b["text"]["text"]) <= 3000 for b in blocks if b["type"] == "section")
    assert json.loads(blocks[-2]["elements"][0]["value"]) == {"p": 7, "q": "s1.langsiktigt_mal"}


def test_gate_message_is_for_everyone_and_the_decide_button_only_for_coordinators() -> None:
    state = ProcessState(current_step=1, cursor=None)
    text, blocks = question_message(FLOW, prompt_for(FLOW, state), 3)
    shown = json.dumps(blocks, ensure_ascii=False)
    assert "*Beslutspunkt 1: Uppstart av utvecklingsprocessen*" in shown and "steg 1: Beslutspunkt" not in shown
    assert "/coach beslut 1" in shown
    assert c.DECIDE not in shown  # the shared message: members see no coordinator-only button
    _, offer = decide_offer(1, 3)
    assert [e["action_id"] for e in offer[-1]["elements"]] == [c.DECIDE]


def _status() -> Status:
    lines = tuple(StepLine(number=s.number, title=s.title.sv, status="pagar" if s.number == 1 else "ej_paborjad",
                           answered=1, total=len(s.questions()), skipped=0, unmet=("Frågor obesvarade <x>",) * 8)
                  for s in FLOW.steps)
    process = ProcessRef(id=1, name="Skogås <!here>", flow_id=FLOW.id, channel_id="C1", language="sv")
    return Status(process=process, steps=lines, prompt=prompt_for(FLOW, _state()), role="koordinator")


def test_status_parent_and_home_escape_and_fit() -> None:
    status = _status()
    for blocks in (status_blocks(status), step_parent(FLOW, status.steps[0])[1], home_view([status] * 30)["blocks"]):
        dumped = json.dumps(blocks, ensure_ascii=False)
        assert "<!here>" not in dumped and "<x>" not in dumped
        assert len(blocks) <= 100
    parent = json.dumps(step_parent(FLOW, status.steps[0])[1], ensure_ascii=False)
    assert "Steg 1 av 7" in parent and "✓ 0 · ✗ 8 av 8 kriterier" in parent


def test_passages_carry_citations() -> None:
    passages = [Passage(text="x " * 1000, doc_id="001", title="Vägledning", locator="Bild 3", score=1.0)]
    blocks = passages_blocks("*Vägledning*", passages)
    assert "Vägledning, Bild 3" in json.dumps(blocks, ensure_ascii=False)
    assert len(blocks[1]["text"]["text"]) < 700


def test_step_parent_has_a_continue_button_until_decided() -> None:
    line = _status().steps[0]
    blocks = step_parent(FLOW, line, process_id=5)[1]
    assert blocks[-1]["elements"][0]["action_id"] == c.CONTINUE
    from dataclasses import replace
    decided = step_parent(FLOW, replace(line, status="beslutad"), process_id=5)[1]
    assert all(b["type"] != "actions" for b in decided)


def test_underlag_blocks_say_readiness_what_is_missing_and_how_to_decide() -> None:
    head, blocks = underlag_blocks("U1", 2, "Beslutspunkt 2 – Skogås\nInte redo: 2 kriterier saknas.",
                                   ["Problemträd <!channel>", "Rotorsaker"])
    shown = json.dumps(blocks, ensure_ascii=False)
    assert "<@U1>" in head and "steg 2" in head
    assert "Problemträd &lt;!channel&gt;" in shown and "<!channel>" not in shown
    assert "/coach beslut 2" in shown
    _, decided = underlag_blocks("U1", 2, "Redo för beslut.", [], decided=True)
    assert "/coach beslut" not in json.dumps(decided) and len(decided) == 2


def test_summary_blocks_split_long_summaries_within_limits() -> None:
    summary = "*Sammanfattning steg 1: Starta upp*\n" + "\n".join(f"• Fråga {i} – " + "ord " * 60 for i in range(80))
    head, blocks = summary_blocks(summary, since="2025-03-01 10:00")
    assert head == "Sammanfattning steg 1: Starta upp"
    assert 1 < len(blocks) <= c.MAX_MESSAGE_BLOCKS
    assert all(len(b["text"]["text"]) <= c.MAX_SECTION_TEXT for b in blocks if b["type"] == "section")
    assert "Förra sammanfattningen: 2025-03-01 10:00" in json.dumps(blocks, ensure_ascii=False)


def test_decision_blocks_escape_the_decision_text() -> None:
    head, blocks = decision_blocks("U1", 1, "Styrgruppen <x>", "2025-01-22", "Vi startar <!channel>\nrad två",
                                   unmet=("Arbetsgrupp saknas",))
    shown = json.dumps(blocks, ensure_ascii=False)
    assert "Styrgruppen &lt;x&gt;" in head and "2025-01-22" in head
    assert "&lt;!channel&gt;" in shown and "<!channel>" not in shown and "\\n>rad två" in shown
    assert "1 ouppfyllda" in shown and "Arbetsgrupp saknas" in shown


def test_decided_step_parent_says_so() -> None:
    line = StepLine(number=1, title="Starta upp", status="beslutad", answered=20, total=20, skipped=0, unmet=())
    _, blocks = step_parent(FLOW, line, process_id=5)
    assert "Beslutad vid beslutspunkten" in json.dumps(blocks, ensure_ascii=False)


def test_status_names_unmet_criteria_under_a_heading_with_a_count_in_both_languages() -> None:
    for lang, head, count in (("sv", "Inför beslut saknas:", "obesvarade, t.ex."),
                              ("en", "Missing before the beslut (decision):", "unanswered, e.g.")):
        gaps = gate_readiness(FLOW, _state(), 1, lang).unmet
        line = StepLine(number=1, title="x", status="pagar", answered=0, total=20, skipped=0,
                        unmet=tuple(str(g) for g in gaps), gaps=gaps)
        shown = gap_lines(line.gaps, lang)
        assert shown.startswith("✗ ") and count in shown and "obesvarad:" not in shown
        process = ProcessRef(id=1, name="P", flow_id=FLOW.id, channel_id="C1", language=lang)
        status = Status(process=process, steps=(line,), prompt=prompt_for(FLOW, _state()), role="koordinator")
        assert f"{head}\n{shown}" in json.dumps(status_blocks(status, lang), ensure_ascii=False).replace("\\n", "\n")
