"""Both languages whole: every surface rendered in English shows no Swedish UI words, and in Swedish no
English ones (ABCDE included). User text is replaced by words of no language; the guide's titles and slide
references, command names in `code`, and the guide's own terms glossed in English («utfall (outcomes)»)
are not UI text and are left out."""

from __future__ import annotations

import re
from typing import Any

import pytest

import coachtext
from bot.abcde import texts as abcde_texts
from flows.answers import DEFAULT_PERSPECTIVES
from tests.slack.surfaces import FLOW, surfaces

# UI words of one language that must not appear in the other (the guide's terms are not among them).
SWEDISH = ["Svara", "Spara", "Avbryt", "Stäng", "Hoppa över", "Tillbaka", "Fortsätt", "Lägg till", "Ta bort",
           "frivillig", "Källa", "Steg", "fråga", "frågor", "besvarade", "Nästa", "Kanal", "Dina", "Stämmer",
           "Val", "Kommentar", "Kryssa", "rad", "del", "och", "att", "inte", "eller", "för", "som", "med", "på",
           "av", "är",
           "Datum", "Värde", "Veckodag", "Klockslag", "Tidszon", "Aktiviteter", "Framsteg", "Bekymmer",
           "Lärdomar", "Vilka", "Vad", "Hur", "Vem", "saknas", "Redo", "kriterier", "Registrera", "Skriv",
           "tråden", "Huvudproblem", "Konsekvenser", "Orsaker", "Motivering", "Ansvarig", "Datakälla",
           "Sannolikhet", "Prioritet", "Risker", "Ekonomi", "Personal", "Hälsa", "Jämställdhet", "obesvarad",
           "ingen", "inga", "finns", "Målgrupp", "sikt", "Varför", "leder"]
ENGLISH = ["Save", "Cancel", "Close", "Answer", "Skip", "Back", "Continue", "Guidance", "Add row", "Remove row",
           "optional", "Source", "Step", "question", "questions", "row", "Activities", "Benefits", "Concerns",
           "Do Next", "Education", "Learning", "Next", "Choice", "True", "Value", "Date", "Weekday", "Time zone",
           "Report", "report", "Tick", "you", "your", "the", "and", "of", "with", "are", "not", "yes", "no", "missing",
           "Ready", "criteria", "Record", "Write", "thread", "Main problem", "Consequences", "Causes",
           "Responsible", "Data source", "Probability", "Priority", "Risks", "unanswered", "Why", "lead"]
GLOSSED = re.compile(r"\b[\wåäöÅÄÖ/–-]+(?: [\wåäöÅÄÖ/–-]+)? \([a-z][a-z ,/-]*\)")  # «utfall (outcomes)»
CODE = re.compile(r"`[^`]*`")
SOURCE_LINE = re.compile(r"(Källa|Source): [^\n]*")  # the guide's document and section titles
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
PERSPECTIVES = re.compile("|".join(map(re.escape, DEFAULT_PERSPECTIVES)))  # the guide's six, as stored
ALIASES = re.compile(r"(Swedish names work too|Engelska namn går också):[^\n]*")
SKIP_KEYS = {"value", "action_id", "block_id", "private_metadata", "callback_id", "initial_value", "url",
             "initial_date", "initial_time", "initial_users", "initial_channel"}


def ui_text(payload: Any) -> list[str]:
    """Every string a person reads in a surface (not ids, values or what they typed)."""
    out: list[str] = []
    if isinstance(payload, dict):
        for key, value in payload.items():
            if key in SKIP_KEYS:
                continue
            out += [value] if key == "text" and isinstance(value, str) else ui_text(value)
    elif isinstance(payload, (list, tuple)):
        for item in payload:
            out += [item] if isinstance(item, str) else ui_text(item)
    return out


def guide_names() -> list[str]:
    names = [doc.title for doc in FLOW.documents] if hasattr(FLOW, "documents") else []
    names += [abcde_texts.source(), "Vägledning Datadriven områdesutveckling", "Huddinge", "Skogås"]
    return sorted({n for n in names if n}, key=len, reverse=True)


def strip_non_ui(text: str) -> str:
    text = ALIASES.sub(" ", CODE.sub(" ", text))
    text = PLACEHOLDER.sub(" ", SOURCE_LINE.sub(" ", text))
    for name in guide_names():
        text = text.replace(name, " ")
    text = re.sub(r"\b(Bild|Avsnitt|sid\.?|s\.) ?\d+(–\d+)?", " ", text)  # the guide's slide references
    return GLOSSED.sub(" ", PERSPECTIVES.sub(" ", text))


def offending(texts: list[str], words: list[str]) -> list[str]:
    found = []
    for text in texts:
        cleaned = strip_non_ui(text)
        for word in words:
            if re.search(rf"(?<![\wåäöÅÄÖ]){re.escape(word)}(?![\wåäöÅÄÖ])", cleaned):
                found.append(f"{word!r} in {text[:160]!r}")
    return found


@pytest.mark.parametrize(("lang", "foreign"), [("en", SWEDISH), ("sv", ENGLISH)])
def test_no_ui_word_of_the_other_language_on_any_surface(lang: str, foreign: list[str]) -> None:
    problems: dict[str, list[str]] = {}
    for name, _kind, payload in surfaces(lang, "neutral"):
        found = offending(ui_text(payload), foreign)
        if found:
            problems[name] = found
    assert not problems, "\n".join(f"{name}: {found[:2]}" for name, found in list(problems.items())[:40])


@pytest.mark.parametrize(("lang", "foreign"), [("en", SWEDISH), ("sv", ENGLISH)])
def test_every_ui_string_table_is_in_its_language(lang: str, foreign: list[str]) -> None:
    strings = list(coachtext.table("slack.", lang).values()) + list(coachtext.table("abcde.", lang).values())
    strings += [" ".join(pair) for pair in abcde_texts.questions(lang).values()]
    assert not offending(strings, foreign)


def test_the_word_lists_catch_what_they_should() -> None:
    assert offending(["Spara svaret"], SWEDISH) and offending(["Save the answer"], ENGLISH)
    assert not offending(["`/coach steg 2` and utfall (outcomes)"], SWEDISH)
