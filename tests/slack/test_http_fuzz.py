"""Signed but arbitrary payloads through the real App over HTTP (gunicorn, `coach serve --http`): answered,
never a 500 or a reset."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.slack.serve_process import Served as Running

# Slow tier: a served process (`coach serve --http` under gunicorn, started as a subprocess) — tests/README.md
pytestmark = pytest.mark.slow


@pytest.fixture
def running(served_http: Running) -> Running:
    return served_http

keys = st.sampled_from(["type", "user", "actions", "view", "channel", "message", "container", "team", "event",
                        "command", "text", "user_id", "channel_id", "trigger_id", "private_metadata", "state",
                        "values", "action_id", "value", "id", "thread_ts", "ts", "callback_id"]) | st.text(max_size=8)
leaves = st.none() | st.booleans() | st.integers() | st.text(max_size=20) | st.sampled_from(
    ["block_actions", "view_submission", "event_callback", "message", "app_home_opened", "U1", "C1", "/coach",
     '{"p": 1}', "1700000000.000100"])
shapes = st.recursive(leaves, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(keys, inner, max_size=6),
                      max_leaves=25)


@settings(max_examples=80, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(kind=st.sampled_from(["interaction", "event", "command"]), body=st.dictionaries(keys, shapes, max_size=8))
def test_signed_junk_is_answered_without_a_server_error(running: Running, kind: str, body: dict) -> None:
    if kind == "interaction":
        status, text = running.sender.post(urlencode({"payload": json.dumps(body)}),
                                           "application/x-www-form-urlencoded")
    elif kind == "event":
        status, text = running.sender.post(json.dumps({"type": "event_callback", **body}), "application/json")
    else:
        form = {k: v if isinstance(v, str) else json.dumps(v) for k, v in body.items()}
        status, text = running.sender.post(urlencode({"command": "/coach", **form}),
                                           "application/x-www-form-urlencoded")
    assert status in (200, 400, 404), (status, text)
    assert "Traceback" not in text
