"""Mentions shown as names: the pure part (bot/people.py)."""

from __future__ import annotations

import dataclasses

from bot.people import mentioned, named_state, named_value, people_in_state, render_people
from flows.answers import GateDecision, ListAnswer, TextAnswer
from flows.state import ProcessState, StoredAnswer

NAMES = {"U2": "Bo Ekström", "U3": "Cecilia Öberg", "U7": "Ada & Co <AB>"}


def test_mentions_become_names_whatever_form_slack_gave() -> None:
    assert render_people("<@U2> tar den, <@U3|cissi> hjälper", NAMES) == "Bo Ekström tar den, Cecilia Öberg hjälper"
    assert render_people("fråga &lt;@U2&gt;", NAMES) == "fråga Bo Ekström"  # mrkdwn-escaped user text
    assert render_people("okänd <@U9|nils> och <@U8>", NAMES) == "okänd nils och U8"  # the handle, else the id
    assert render_people("<@U7>", NAMES, escape=True) == "Ada &amp; Co &lt;AB&gt;"
    assert render_people("anna@skogas.se <!channel> <#C1>", NAMES) == "anna@skogas.se <!channel> <#C1>"
    assert mentioned("<@U2> &lt;@U3|c&gt; <@u4> <#C1>") == {"U2", "U3"}


def test_a_state_to_show_names_people_and_keeps_the_stored_one() -> None:
    state = ProcessState(answers={
        "q1": StoredAnswer(TextAnswer(text="<@U2> samordnar med <@U3>"), 2),
        "q2": StoredAnswer(ListAnswer(items=["Fritidsgården", "<@U3|cissi> kontaktar skolan"]), 1),
        "q3": StoredAnswer(None, 1, skipped=True),
    }, decisions={1: GateDecision(forum="Styrgruppen", date="2026-05-01", text="Vi går vidare",
                                  decided_by="<@U2>")})
    assert people_in_state(state) == {"U2", "U3"}
    shown = named_state(state, NAMES)
    assert shown.answers["q1"].value.text == "Bo Ekström samordnar med Cecilia Öberg"
    assert shown.answers["q2"].value.items[1] == "Cecilia Öberg kontaktar skolan"
    assert shown.answers["q1"].version == 2 and shown.answers["q3"].skipped
    assert shown.decisions[1].decided_by == "Bo Ekström"
    assert state.answers["q1"].value.text == "<@U2> samordnar med <@U3>"  # stored as typed
    plain = dataclasses.replace(state, answers={"q": StoredAnswer(TextAnswer(text="inga omnämnanden"), 1)},
                                decisions={})
    assert named_state(plain, {}) is plain


def test_a_name_that_no_longer_fits_keeps_the_value() -> None:
    value = ListAnswer(items=["<@U2>"])
    assert named_value(value, {"U2": "B" * 5000}) is value  # longer than an item may be: shown as typed
    assert named_value(None, NAMES) is None
