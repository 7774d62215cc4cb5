"""Structured logs (request id, workspace, kind, latency; no user text, no tokens) and the metrics, through
the app's WSGI stack in-process."""

from __future__ import annotations

import json
import logging

import pytest
from prometheus_client import REGISTRY
from sqlalchemy import Engine, text

from bot.server.logs import JsonFormatter, describe
from bot.server.metrics import Metrics, outbox_depth
from tests.slack.conftest import Running

SECRET_TEXT = "hemligt-svar-om-Skogås"


def value(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def test_a_request_is_logged_with_id_team_kind_and_latency_but_not_its_text(
        running: Running, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    status, _ = running.sender.command(f"ny {SECRET_TEXT}", headers={"X-Request-Id": "lb-4711"})
    assert status == 200
    running.slack.wait_for("chat.postMessage")
    lines = [json.loads(JsonFormatter().format(r)) for r in caplog.records]
    request = [line for line in lines if line["msg"] == "slack request"]
    assert len(request) == 1, lines
    entry = request[0]
    assert entry["request_id"] == "lb-4711" and entry["team"] == "T0001"
    assert entry["kind"] == "command" and entry["target"] == "/coach" and entry["status"] == 200
    assert isinstance(entry["latency_ms"], float)
    assert not [line for line in lines if SECRET_TEXT in json.dumps(line, ensure_ascii=False)]


def test_tokens_are_scrubbed_from_every_line() -> None:
    record = logging.LogRecord("x", logging.WARNING, __file__, 1, "token %s and xapp-1-A0-123-abc", ("xoxb-12-34-Ab",),
                               None)
    line = JsonFormatter().format(record)
    assert "xoxb-12" not in line and "xapp-1" not in line and line.count("[token]") == 2


def test_describe_names_identifiers_only() -> None:
    assert describe({"type": "block_actions", "team": {"id": "T9"}, "actions": [{"action_id": "coach_answer",
                                                                                 "value": "privat"}]}) == \
        {"team": "T9", "kind": "action", "target": "coach_answer"}
    assert describe({"type": "event_callback", "team_id": "T9", "event": {"type": "message", "text": "privat"}}) == \
        {"team": "T9", "kind": "event", "target": "message"}
    assert describe({"type": "view_submission", "view": {"callback_id": "coach_answer_view"}})["kind"] == "view"


def test_requests_and_latency_are_counted(running: Running) -> None:
    from tests.slack.app_server import AppServer

    metrics = Metrics(running.engine)
    server = AppServer(running.app, metrics=metrics)
    server.start_in_thread()
    try:
        from tests.slack.conftest import SECRET
        from tests.slack.signed import SlackSender

        sender = SlackSender(f"http://127.0.0.1:{server.port}/slack/events", SECRET)
        before = value("coach_slack_requests_total", kind="command", status="200")
        hist = value("coach_slack_ack_seconds_count", kind="command")
        refused = value("coach_slack_requests_total", kind="refused", status="401")
        for _ in range(3):
            assert sender.command("hjälp")[0] == 200
        assert sender.command("hjälp", signature="v0=" + "0" * 64)[0] == 401
        assert value("coach_slack_requests_total", kind="command", status="200") == before + 3
        assert value("coach_slack_ack_seconds_count", kind="command") == hist + 3
        assert value("coach_slack_requests_total", kind="refused", status="401") == refused + 1
        body, content_type = metrics.exposition()
        assert content_type.startswith("text/plain") and b"coach_outbox_depth 0.0" in body
    finally:
        server.shutdown()
        server.server_close()


def test_reminders_sent_are_counted() -> None:
    metrics = Metrics()
    before = value("coach_abcde_reminders_total", kind="reminder", outcome="sent")
    metrics.reminder("reminder", True)
    assert value("coach_abcde_reminders_total", kind="reminder", outcome="sent") == before + 1


def test_outbox_depth_reads_the_table_once_it_exists(engine: Engine) -> None:
    assert outbox_depth(engine) == 0  # no outbox table yet
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE outbox (id INTEGER PRIMARY KEY, sent_at TIMESTAMP NULL)"))
        connection.execute(text("INSERT INTO outbox (id, sent_at) VALUES (1, NULL), (2, NULL), "
                                "(3, CURRENT_TIMESTAMP)"))
    assert outbox_depth(engine) == 2
