"""The Slack texts (the catalogue's `slack.` keys): every Swedish key has an English twin with the same placeholders."""

from __future__ import annotations

import string

import pytest

import coachtext
from bot.slack.texts import role_name, st

STRINGS = {lang: coachtext.table("slack.", lang) for lang in coachtext.LANGUAGES}


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_swedish_key_has_an_english_twin_with_the_same_placeholders() -> None:
    sv, en = STRINGS["sv"], STRINGS["en"]
    assert set(sv) == set(en)
    for key in sv:
        assert placeholders(sv[key]) == placeholders(en[key]), key
        assert en[key].strip(), key


@pytest.mark.parametrize("key", sorted(STRINGS["sv"]))
def test_english_texts_format_and_keep_the_guides_concept_words(key: str) -> None:
    values = {name: "x" for name in placeholders(STRINGS["sv"][key])}
    assert st(key, "en", **values)
    assert st(key, "xx", **values) == st(key, "sv", **values)  # an unknown language falls back to Swedish


def test_english_glosses_keep_the_guides_words() -> None:
    assert "underlag (decision document)" in st("underlag_posted", "en", user="U1", n=2)
    assert "beslut (decision)" in st("decide_anyway", "en")
    assert "gapanalys" in st("need_query", "en")
    assert role_name("koordinator", "en") == "koordinator (coordinator)"
    assert role_name("koordinator", "sv") == "koordinator"
