"""Import checks every value against its answer type and the flow, and names every problem and its place."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.examples.answers_file import to_export
from bot.import_check import MAX_FILE_BYTES, ImportRefused, check_document, parse_document
from flows.loader import get_flow
from tests.fixtures import skogas

NOW = datetime(2027, 1, 1, tzinfo=UTC)  # after every date in the example


@pytest.fixture(scope="module")
def flows() -> dict[str, Any]:
    flow = get_flow()
    return {flow.id: flow}


@pytest.fixture(scope="module")
def good(flows) -> dict[str, Any]:
    return to_export(skogas(), flows, author="anna", now=datetime(2025, 6, 1, tzinfo=UTC))


def answer(document: dict[str, Any], qid: str) -> dict[str, Any]:
    return next(a for a in document["answers"] if a["question_id"] == qid)


def test_a_sound_export_has_no_problems(good, flows) -> None:
    assert check_document(good, flows, now=NOW) == []


def test_every_problem_is_listed_with_where_it_is(good, flows) -> None:
    bad = copy.deepcopy(good)
    answer(bad, "s3.indikatorer")["value"]["indicators"][0]["name"] = "   "
    answer(bad, "s3.indikatorer")["value"]["indicators"][0]["baseline"] = {"nested": True}
    answer(bad, "s1.sakerstall_arbetsgrupp_styrgrupp")["value"] = {"choice": "kanske"}
    answer(bad, "s1.langsiktigt_mal")["value"] = {"text": "x" * 50_000}
    bad["answers"].append({**answer(bad, "s1.langsiktigt_mal"), "question_id": "s9.finns_inte", "version": 1,
                           "value": {"text": "?"}})
    bad["answers"].append({**answer(bad, "s1.politiska_mal"), "version": 3})  # version 2 is missing
    bad["answers"].append({**answer(bad, "s1.behov_problem"), "version": 2, "skipped": True})
    bad["decisions"][0]["step_number"] = 9
    bad["decisions"][1]["value"]["date"] = "igår"
    bad["members"][0]["added_at"] = "2099-01-01T00:00:00.000000+00:00"
    bad["process"]["cursor"] = "s2.borttagen"
    bad["process"]["created_by"] = " "
    bad["process"]["language"] = "fr"

    problems = check_document(bad, flows, now=NOW)

    expected = [
        "answers › s3.indikatorer › version 1 › indicators[1].name: får inte vara tomt",
        "answers › s3.indikatorer › version 1 › indicators[1].baseline: ska vara text",
        "answers › s1.sakerstall_arbetsgrupp_styrgrupp › version 1 › choice: «kanske» är inget av frågans "
        "alternativ (ja, delvis, nej)",
        "answers › s1.langsiktigt_mal › version 1 › text: texten är för lång (50\u00a0000 tecken, högst 40\u00a0000)",
        "answers › s9.finns_inte › version 1 › question_id: «s9.finns_inte» är ingen fråga i flödet",
        "answers › s1.politiska_mal: versionerna ska vara 1, 2, 3 … utan luckor (filen har 1, 3)",
        "answers › s1.behov_problem › version 2: ett överhoppat svar ska inte ha något värde",
        "decisions › steg 9 › version 1 › step_number: steg 9 finns inte (flödet har steg 1–7)",
        "decisions › steg 2 › version 1 › date: ska vara ett datum (ÅÅÅÅ-MM-DD)",
        "process › cursor: «s2.borttagen» är ingen fråga i flödet",
        "process › created_by: ska vara en användares id (inte tomt)",
        "process › language: språket «fr» stöds inte (sv eller en)",
    ]
    for line in expected:
        assert line in problems, (line, problems)
    assert any(p.startswith("members › ") and "ligger i framtiden" in p for p in problems)
    assert len(problems) == len(expected) + 1, problems


def test_problems_in_english(good, flows) -> None:
    bad = copy.deepcopy(good)
    answer(bad, "s1.sakerstall_arbetsgrupp_styrgrupp")["value"] = {"choice": "kanske", "extra": 1}
    problems = check_document(bad, flows, "en", now=NOW)
    assert "answers › s1.sakerstall_arbetsgrupp_styrgrupp › version 1 › extra: is not a known field" in problems
    assert all("ska" not in p and "finns" not in p for p in problems), problems


def test_wrong_shapes_are_problems_not_crashes(good, flows) -> None:
    for mangle in (lambda d: d.update(answers="inga"), lambda d: d["answers"].append([1, 2]),
                   lambda d: d["answers"][0].update(value=[1]), lambda d: d.update(process=None),
                   lambda d: d["process"].update(flow_id="okänt"), lambda d: d.update(format_version=True)):
        bad = copy.deepcopy(good)
        mangle(bad)
        problems = check_document(bad, flows, now=NOW)
        assert problems and all(isinstance(p, str) for p in problems)


def test_a_100k_deep_file_is_refused_politely() -> None:
    with pytest.raises(ImportRefused) as refused:
        parse_document(b"[" * 100_000 + b"]" * 100_000, "djup.json")
    assert "nästlad djupare än 64 nivåer" in refused.value.message


def test_a_file_over_the_limit_is_refused_before_parsing() -> None:
    with pytest.raises(ImportRefused) as refused:
        parse_document(b" " * (MAX_FILE_BYTES + 1), "stor.json")
    assert "för stor" in refused.value.message and "högst 20 MB" in refused.value.message


def test_text_in_the_file_is_normalised() -> None:
    raw = b'{"a": "e\\u0301\\ud800 \xff\x01", "b\\u0000": ["x\\r\\ny"]}'
    assert parse_document(raw) == {"a": "é\ufffd \ufffd", "b": ["x\ny"]}
    assert json.dumps(parse_document(raw), ensure_ascii=False).encode("utf-8")  # no surrogates left


def test_links_by_name_that_lead_nowhere_are_named_not_refused(good, flows) -> None:
    from bot.import_links import dangling_links

    flow = next(iter(flows.values()))
    linked = copy.deepcopy(good)
    answer(linked, "s3.indikatorer")["value"]["indicators"][0]["outcome"] = "Ett utfall som inte finns"
    answer(linked, "s5.effektlogik")["value"]["connections"] = [
        {"source": "Påhittad resurs", "target": answer(linked, "s5.effektlogik")["value"]["goal"]}]
    assert check_document(linked, flows, now=NOW) == []  # the app itself can store such names
    assert dangling_links(good, flow) == []
    assert dangling_links(linked, flow) == [
        "answers › s3.indikatorer › version 1 › indicators[1].outcome: utfallet «Ett utfall som inte finns» "
        "finns inte bland utfallen",
        "answers › s5.effektlogik › version 1 › connections[1].source: «Påhittad resurs» finns inte i effektlogiken",
    ]
    assert dangling_links(linked, flow, "en")[0].endswith("the utfall «Ett utfall som inte finns» is not among "
                                                          "the outcomes")
