"""Step summaries: what was answered and by whom, what is missing, what changed since the last summary."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from bot.underlag import brief, build_underlag, step_summary
from bot.underlag.summary import changes
from flows.state import StoredAnswer

T0 = dt.datetime(2025, 4, 1, 9, 0)
LAST = dt.datetime(2025, 4, 5, 12, 0)


def history():
    return {
        "s3.utfall": [{"version": 1, "author": "anna", "created_at": T0, "skipped": False},
                      {"version": 2, "author": "bo", "created_at": dt.datetime(2025, 4, 10), "skipped": False}],
        "s3.indikatorer": [{"version": 1, "author": "anna", "created_at": T0, "skipped": False}],
        "s3.beslutade_utfall": [{"version": 1, "author": "eva", "created_at": dt.datetime(2025, 4, 11)}],
    }


def with_versions(state):
    answers = {**state.answers, "s3.utfall": StoredAnswer(state.value("s3.utfall"), 2)}
    return replace(state, answers=answers, decisions={})


def test_answered_by_whom_and_nothing_missing(flow, state):
    text = step_summary(flow, with_versions(state), 3, history=history(), names={"bo": "Bo Medlem"},
                        process_name="Meningsfull fritid i Skogås")
    assert text.startswith("**Sammanfattning steg 3: Definiera utfall**\nMeningsfull fritid i Skogås · redo för beslut")
    assert "- Vilket/vilka utfall behöver ske för att vi på lång sikt ska nå målet? – 7 utfall (Bo Medlem, v2)" in text
    assert "- Hur vet vi att vi har nått utfallen? – 7 indikatorer (anna, v1)" in text
    assert "Inget – steget är redo för beslut." in text
    assert "Ändrat sedan" not in text  # no earlier summary


def test_changes_since_a_time(flow, state):
    found = changes(flow, with_versions(state), 3, history(), LAST)
    assert [(c.question[:20], c.before, c.after, c.authors) for c in found] == [
        ("Vilket/vilka utfall ", 1, 2, ("bo",)), ("Vilka utfall och ind", 0, 1, ("eva",))]
    text = step_summary(flow, with_versions(state), 3, history=history(), versions_since=LAST)
    assert "**Ändrat sedan förra sammanfattningen**" in text
    assert "– v1 → v2, bo" in text and "– nytt (v1), eva" in text


def test_changes_since_versions_seen(flow, state):
    seen = {q.id: 1 for q in flow.step(3).questions()}
    assert [c.after for c in changes(flow, with_versions(state), 3, history(), seen)] == [2]
    text = step_summary(flow, state, 3, versions_since=seen)
    assert "Inget har ändrats." in text


def test_missing_and_decision(flow, state):
    answers = {k: v for k, v in state.answers.items() if k != "s3.indikatorer"}
    answers["s3.omprova"] = StoredAnswer(None, 1, skipped=True)
    text = step_summary(flow, replace(state, answers=answers), 3, fmt="mrkdwn")
    assert "*Saknas inför beslut*" in text and "• " in text
    assert "obesvarad: Hur vet vi att vi har nått utfallen?" in text
    assert "Behöver utfallen omprövas? – överhoppad" in text
    assert "*Beslut* 2025-04-23, Områdesstyrgruppen Skogås" in text


def test_english_summary(flow, state):
    text = step_summary(flow, state, 1, lang="en")
    assert text.startswith(f"**Summary of step 1: {flow.step(1).title.en}**\ndecided · 20 of 20 questions answered")
    assert "**Answered**" in text and "Nothing – the step is ready for decision." in text


def test_brief(flow, state):
    u = build_underlag(flow, state, 5, process_name="Skogås <!channel>")
    text = brief(u)
    assert text.startswith("Beslutspunkt 5: Insatser att testa – Skogås &lt;!channel&gt;\nRedo för beslut.")
    assert flow.step(5).gate.decision.sv in text
