"""Property-based tests (Hypothesis) of everything that reads outside input: the text normaliser, the
answer types, import files and Slack payloads. Whatever comes in, the only exceptions are the project's
own user-facing ones."""

from __future__ import annotations

import copy
import json
import unicodedata
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.import_check import ImportRefused, check_document, parse_document
from bot.slack.models import ButtonIn, CommandIn, PayloadError, ThreadMessageIn, ViewSubmissionIn
from flows.answers import ANSWER_TYPES
from flows.loader import get_flow
from flows.text import MAX_DEPTH, TooDeep, normalise_data, normalise_input
from flows.validation import validate_answer

# derandomized and without an example database: the same cases on every run, nothing written to disk
FAST = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow])
pytestmark = pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisWarning")  # large reprs
FLOW = get_flow()
QUESTIONS = {q.type: q for q in reversed(list(FLOW.questions()))}  # one question of each answer type

text = st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=200)
any_text = st.one_of(text, st.text(alphabet=st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)) | text)
scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | any_text
json_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=5)
                           | st.dictionaries(any_text, inner, max_size=5), max_leaves=30)


# ---- the normaliser ---------------------------------------------------------------------------------

@FAST
@given(st.one_of(any_text, st.binary(max_size=300)))
def test_normalised_text_is_clean_and_stable(value: str | bytes) -> None:
    out = normalise_input(value)
    assert not any(0xD800 <= ord(c) <= 0xDFFF for c in out)  # encodable: no surrogates
    assert all(c in "\n\t" or unicodedata.category(c) != "Cc" for c in out)
    assert "\r" not in out and unicodedata.is_normalized("NFC", out)
    assert normalise_input(out) == out
    out.encode("utf-8")


@FAST
@given(json_values)
def test_normalised_data_keeps_the_shape(value: Any) -> None:
    out = normalise_data(value)
    json.dumps(out, ensure_ascii=False).encode("utf-8")  # never a surrogate left to crash an export
    assert type(out) is type(value)


def test_deep_data_is_refused_not_recursed() -> None:
    deep: Any = "x"
    for _ in range(100_000):
        deep = [deep]
    with pytest.raises(TooDeep):
        normalise_data(deep)
    shallow: Any = "x"
    for _ in range(MAX_DEPTH):
        shallow = [shallow]
    assert normalise_data(shallow) == shallow


# ---- answer types -----------------------------------------------------------------------------------

@FAST
@given(st.sampled_from(sorted(QUESTIONS)), json_values)
def test_any_raw_answer_is_a_value_or_polite_problems(kind: str, raw: Any) -> None:
    value, problems = validate_answer(QUESTIONS[kind], raw)
    assert value is not None or problems  # a value (perhaps with semantic problems), or problems
    assert all(isinstance(p.message, str) and p.message for p in problems)
    if value is not None:
        again = ANSWER_TYPES[kind].model_validate(value.model_dump(mode="json"))
        assert again == value  # what is stored reads back the same


@FAST
@given(st.sampled_from(sorted(QUESTIONS)), st.dictionaries(any_text, json_values, max_size=6))
def test_any_dict_for_an_answer_type_is_a_value_or_polite_problems(kind: str, raw: dict) -> None:
    value, problems = validate_answer(QUESTIONS[kind], raw)
    assert value is not None or problems


# ---- import files -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def export() -> dict[str, Any]:
    from bot.examples.answers_file import to_export
    from tests.fixtures import skogas

    return to_export(skogas(), {FLOW.id: FLOW}, author="anna", now=datetime(2025, 6, 1, tzinfo=UTC))


def _replace_somewhere(document: Any, data: st.DataObject, junk: Any) -> Any:
    """`document` with one node, found by a random walk from the top, replaced by `junk`."""
    if not isinstance(document, dict | list) or not document or data.draw(st.integers(0, 4)) == 0:
        return junk
    keys = list(document) if isinstance(document, dict) else list(range(len(document)))
    key = data.draw(st.sampled_from(keys))
    document[key] = _replace_somewhere(document[key], data, junk)
    return document


@settings(max_examples=120, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.data(), json_values)
def test_a_damaged_export_gets_problems_never_an_exception(export, data, junk) -> None:
    damaged = _replace_somewhere(copy.deepcopy(export), data, normalise_data(junk))
    problems = check_document(damaged, {FLOW.id: FLOW}, data.draw(st.sampled_from(["sv", "en"])),
                              now=datetime(2027, 1, 1, tzinfo=UTC))
    assert all(isinstance(p, str) and p for p in problems)
    if damaged == export:
        assert problems == []


@FAST
@given(st.one_of(st.binary(max_size=400), json_values.map(lambda v: json.dumps(v).encode())))
def test_any_file_content_parses_or_is_refused_politely(raw: bytes) -> None:
    try:
        data = parse_document(raw, "fil.json")
    except ImportRefused as refused:
        assert refused.message.startswith("Filen fil.json")
        return
    json.dumps(data, ensure_ascii=False).encode("utf-8")
    check_document(data, {FLOW.id: FLOW})


# ---- Slack payloads ---------------------------------------------------------------------------------

def _shaped(real: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    """A real payload with any of its fields missing or replaced by junk."""
    return st.fixed_dictionaries({}, optional={k: st.just(v) | json_values for k, v in real.items()})


COMMAND = {"user_id": "U1", "user_name": "anna", "channel_id": "C1", "team_id": "T1", "text": "status",
           "trigger_id": "t"}
BUTTON = {"user": {"id": "U1"}, "actions": [{"action_id": "a", "value": '{"p": 1, "q": "s1.x"}'}],
          "channel": {"id": "C1"}, "message": {"ts": "1.2", "thread_ts": "1.1"}, "trigger_id": "t"}
THREAD = {"user": "U1", "channel": "C1", "ts": "1.3", "thread_ts": "1.1", "text": "svar"}
VIEW = {"user": {"id": "U1"}, "view": {"private_metadata": '{"p": 1, "q": "s1.x"}',
                                       "state": {"values": {"b": {"a": {"value": "x"}}}}}}


@FAST
@given(st.sampled_from([CommandIn, ButtonIn, ThreadMessageIn, ViewSubmissionIn]), st.data())
def test_any_payload_parses_or_raises_payload_error(model, data) -> None:
    real = {CommandIn: COMMAND, ButtonIn: BUTTON, ThreadMessageIn: THREAD, ViewSubmissionIn: VIEW}[model]
    body = data.draw(_shaped(real) | st.dictionaries(any_text, json_values, max_size=5))
    try:
        parsed = model.parse(body)
    except PayloadError:
        return
    if parsed is not None and hasattr(parsed, "text"):
        parsed.text.encode("utf-8")  # normalised: no surrogates reach the service


@pytest.mark.parametrize("model, body", [(CommandIn, COMMAND), (ButtonIn, BUTTON), (ThreadMessageIn, THREAD),
                                         (ViewSubmissionIn, VIEW)])
def test_real_payloads_still_parse(model, body) -> None:
    assert model.parse(body) is not None


# ---- HTTP mode's checks before bolt -----------------------------------------------------------------

@FAST
@given(st.none() | any_text, st.none() | any_text, st.binary(max_size=200))
def test_signature_check_never_raises(timestamp, signature, body) -> None:
    from bot.server.border import signature_ok

    assert signature_ok("secret", timestamp, signature, body) in (True, False)


@FAST
@given(st.sampled_from(["application/json", "application/x-www-form-urlencoded"]),
       st.one_of(any_text, json_values.map(json.dumps),
                 json_values.map(lambda v: "payload=" + json.dumps(v))))
def test_body_shape_check_never_raises(content_type: str, body: str) -> None:
    from bot.server.border import well_formed

    assert well_formed(content_type, body) in (True, False)
